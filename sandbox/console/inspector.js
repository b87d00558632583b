// The token inspector: the sandbox builds the report (the same one `agora-convoai inspect`
// prints, checked against the sandbox's own certificate); this module shows it.
import { $, duration, h, iso, nowSeconds } from './dom.js'
import { act } from './live.js'

const SIGNATURE = {
  valid: ['ok', "Signature valid for this sandbox's App Certificate"],
  invalid: ['bad', "Signature INVALID for this sandbox's App Certificate"],
  'not checked': ['warn', 'Signature not checked: a 006 token needs a channel and uid'],
}

function when(unix) {
  if (unix === null) return 'no expiry'
  const delta = unix - nowSeconds()
  const relative = delta === 0 ? 'now' : delta > 0 ? `in ${duration(delta)}` : `${duration(-delta)} ago`
  return `${iso(unix)} (${relative})`
}

/** A service's own fields (channel, uid, user…): uid "" is how a token packs uid 0. */
function serviceFields(s) {
  return Object.entries(s)
    .filter(([k]) => k !== 'service' && k !== 'privileges' && k !== 'type')
    .map(([k, v]) => `${k} ${k === 'uid' && v === '' ? '"" (any uid)' : JSON.stringify(v)}`)
    .join(', ')
}

const privilegeItems = (list) => list.map((p) => h('li', {}, h('code', {}, p.name), `: ${when(p.expiresAt)}`))

function servicesList(r) {
  if (r.version === '006') return h('ul', {}, privilegeItems(r.privileges))
  return h(
    'ul',
    {},
    r.services.map((s) => h('li', {}, h('strong', {}, s.service.toUpperCase()), ` ${serviceFields(s)}`, h('ul', {}, privilegeItems(s.privileges)))),
  )
}

function joinVerdict(join) {
  const who = `channel "${join.channel}", agent uid "${join.agentUid}"${join.enableRtm ? ', with RTM' : ''}`
  if (join.problem === null)
    return h('p', { class: 'verdict ok', 'data-verdict': 'join-ok' }, `The sandbox accepts it as an agent's properties.token for ${who}.`)
  return h('p', { class: 'verdict bad', 'data-verdict': 'join-refused' }, `The sandbox refuses it for ${who}: ${join.problem}.`)
}

function reportView({ report: r, join }) {
  const [tone, signature] = SIGNATURE[r.signature]
  return [
    h('p', { class: `verdict ${tone}`, 'data-verdict': `signature-${r.signature.replace(' ', '-')}` }, signature),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Version'),
      h('dd', {}, r.version === '007' ? 'AccessToken2 (007)' : 'AccessToken (006, legacy)'),
      h('dt', {}, 'App ID'),
      h('dd', {}, h('code', {}, r.appId), r.appIdMismatch ? ' (not this sandbox’s App ID)' : ''),
      r.version === '007' && [h('dt', {}, 'Issued'), h('dd', {}, when(r.issueTs))],
      h('dt', {}, 'Expires'),
      h('dd', { class: r.expired ? 'bad' : '' }, when(r.expiresAt), r.expired ? ' — EXPIRED' : ''),
    ),
    h('h3', {}, r.version === '007' ? 'Services' : 'Privileges'),
    servicesList(r),
    join && [h('h3', {}, 'Join check'), joinVerdict(join)],
    r.hints.length > 0 && [
      h('h3', {}, 'Hints'),
      h(
        'ul',
        { class: 'hints' },
        r.hints.map((hint) => h('li', {}, hint)),
      ),
    ],
  ]
}

async function inspect(event) {
  event.preventDefault()
  const out = $('inspect-result')
  const body = {
    token: $('inspect-token').value,
    channel: $('inspect-channel').value,
    uid: $('inspect-uid').value,
    enableRtm: $('inspect-rtm').checked,
  }
  try {
    const result = await act('POST', 'inspect', body)
    const view = result.error
      ? [
          h('p', { class: 'verdict bad', 'data-verdict': 'not-a-token' }, `Not a valid Agora token (${result.error.code}): ${result.error.message}.`),
          result.error.hint && h('p', {}, result.error.hint),
        ]
      : reportView(result)
    out.replaceChildren(...view.flat(2).filter(Boolean))
  } catch (error) {
    out.replaceChildren(h('p', { class: 'verdict bad', role: 'alert' }, error.message))
  }
}

export function setUpInspector() {
  $('inspect-form').addEventListener('submit', inspect)
}
