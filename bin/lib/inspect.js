'use strict'
// `agora-convoai inspect <token>`: what a token contains, when it dies, and whether it
// verifies, with hints for the usual causes of "invalid token".
const zlib = require('node:zlib')
const { parseToken, verifyToken } = require('../../index.js')
const { EXIT, UsageError, parse, uidFrom, out, printJson } = require('./cli')
const { sharedOptions, sharedHelp, sharedValue } = require('./flags')
const { hintsFor } = require('./hints')
const { relative, iso, nowUnix } = require('./time')

const CREDENTIALS = ['app-certificate', 'app-id']

const HELP = `Usage: agora-convoai inspect TOKEN [--app-certificate CERT] [--channel NAME (--uid N | --account NAME)] [--json]

Parses a 007 (AccessToken2) or 006 token without the certificate: App ID, issue time,
services and privileges with absolute expiry times. TOKEN "-" reads it from stdin.

${sharedHelp(CREDENTIALS, { 'app-certificate': 'check the signature', 'app-id': 'warn when the token is for another App ID' })}
  -c, --channel NAME         check that the token is for this channel ...
  -u, --uid N                ... and this numeric uid (0 = any user)
  --account NAME             ... or this string user account
  --json                     machine-readable report

A 006 token's signature covers channel and uid: verifying it needs --channel and --uid.
Exit codes: 0 ok; 1 not a token, signature mismatch, channel/uid mismatch, or (when
verifying with a certificate) expired; 2 usage.`

const OPTIONS = {
  ...sharedOptions(CREDENTIALS),
  channel: { type: 'string', short: 'c' },
  uid: { type: 'string', short: 'u' },
  account: { type: 'string' },
  json: { type: 'boolean' },
}

/** A uid as the token packs it: number 0 -> "", other numbers as decimal, accounts as is. */
const packed = (uid) => (uid === 0 ? '' : String(uid))

function privilegeList(names, expiresAt) {
  return Object.keys(names).map((name) => {
    const at = expiresAt[name]
    return { name, value: names[name], expiresAt: at === 0 || at === undefined ? null : at }
  })
}

/** The 007 services with their privileges as a list (006 has none: its privileges are top-level). */
function servicesOf(parsed) {
  return parsed.services.map(({ privileges, expiresAt, ...fields }) => ({ ...fields, privileges: privilegeList(privileges, expiresAt) }))
}

/** Channel/uid problems for --channel/--uid (007 from the RTC services, 006 from the CRCs). */
function contextProblems(parsed, context) {
  const uid = packed(context.uid)
  if (parsed.version === '006') {
    if (typeof zlib.crc32 !== 'function') return []
    const problems = []
    if (zlib.crc32(context.channelName) !== parsed.crcChannelName) problems.push(`The token is not for channel "${context.channelName}".`)
    if (zlib.crc32(uid) !== parsed.crcUid) problems.push(`The token is not for uid ${JSON.stringify(uid)} (as packed; uid 0 packs as "").`)
    return problems
  }
  const rtc = parsed.services.filter((s) => s.service === 'rtc')
  if (rtc.length === 0) return ['The token has no RTC service, so it is for no channel.']
  if (rtc.some((s) => s.channelName === context.channelName && (s.uid === '' || s.uid === uid))) return []
  const problems = []
  if (!rtc.some((s) => s.channelName === context.channelName)) {
    problems.push(`The token is for channel ${rtc.map((s) => JSON.stringify(s.channelName)).join(', ')}, not "${context.channelName}".`)
  } else {
    problems.push(`The token is for uid ${rtc.map((s) => JSON.stringify(s.uid)).join(', ')}, not ${JSON.stringify(uid)} (uid 0 packs as "", accounts as given).`)
  }
  return problems
}

function signatureOf(token, parsed, cert, context) {
  if (cert === undefined) return 'not checked'
  if (parsed.version === '006' && !context) return 'not checked'
  // The 006 signature covers channel and uid; for 007 the context is checked separately.
  const ok = parsed.version === '006' ? verifyToken(token, cert, context) : verifyToken(token, cert)
  return ok ? 'valid' : 'invalid'
}

function buildReport(token, { cert, appId, context }) {
  const now = nowUnix()
  const parsed = parseToken(token)
  const report = {
    version: parsed.version,
    appId: parsed.appId,
    issueTs: parsed.issueTs,
    expire: parsed.expire,
    expiresAt: parsed.expiresAt,
    expired: parsed.expiresAt <= now,
    secondsLeft: parsed.expiresAt - now,
    salt: parsed.salt,
    services: servicesOf(parsed),
    incomplete: parsed.incomplete === true,
    signature: signatureOf(token, parsed, cert, context),
  }
  if (parsed.version === '006') {
    // 006 privilege values are absolute times already.
    Object.assign(report, { privileges: privilegeList(parsed.privileges, parsed.privileges), crcChannelName: parsed.crcChannelName, crcUid: parsed.crcUid })
  }
  if (appId !== undefined && appId !== parsed.appId) report.appIdMismatch = appId
  if (context) {
    const problems = contextProblems(parsed, context)
    report.context = { channelName: context.channelName, uid: context.uid, matches: problems.length === 0, problems }
  }
  report.hints = hintsFor(report, now)
  report.ok = report.signature !== 'invalid' && report.context?.matches !== false && !(cert !== undefined && report.expired)
  return report
}

const when = (unix, now) => (unix === null ? 'no expiry' : `${iso(unix)} (${relative(unix, now)})`)

function describeService(s) {
  switch (s.service) {
    case 'rtc':
      return `RTC       channel "${s.channelName}", ${s.uid === '' ? 'any uid (0)' : /^\d+$/.test(s.uid) ? `uid ${s.uid}` : `account "${s.uid}"`}`
    case 'rtm':
      return `RTM       user "${s.userId}"`
    case 'rtm2':
      return `RTM2      user "${s.userId}", permissions ${JSON.stringify(s.permissions ?? {})}`
    case 'chat':
      return s.userId === '' ? 'Chat      app' : `Chat      user "${s.userId}"`
    case 'apaas':
      return `APaaS     room "${s.roomUuid}", user "${s.userUuid}", role ${s.role}`
    case 'streaming':
    case 'fcdn':
      return `${s.service === 'fcdn' ? 'FCDN     ' : 'Streaming'} channel "${s.channelName}", account "${s.account}"`
    default:
      return s.service === 'convoai' ? 'ConvoAI' : s.service.toUpperCase()
  }
}

function render(r) {
  const now = nowUnix()
  const lines = [
    `Version    ${r.version === '007' ? 'AccessToken2 (007)' : 'AccessToken (006, legacy)'}`,
    `App ID     ${r.appId}`,
  ]
  if (r.version === '007') lines.push(`Issued     ${when(r.issueTs, now)}`, `Lifetime   ${r.expire} s`)
  lines.push(`Expires    ${when(r.expiresAt, now)}${r.expired ? '  EXPIRED' : ''}`, `Salt       ${r.salt}`, r.version === '007' ? 'Services' : 'Privileges (absolute times)')
  const privilegeLines = (list, indent) => list.map((p) => `${indent}${p.name.padEnd(20)} ${when(p.expiresAt, now)}`)
  for (const s of r.services) lines.push(`  ${describeService(s)}`, ...privilegeLines(s.privileges, '    '))
  if (r.privileges) lines.push(...privilegeLines(r.privileges, '  '))
  const verdict = { valid: 'valid for the given certificate', invalid: 'INVALID for the given certificate', 'not checked': 'not checked' }[r.signature]
  const why = r.signature === 'not checked' ? (r.version === '006' ? ' (006 needs --app-certificate, --channel and --uid)' : ' (pass --app-certificate or set AGORA_APP_CERTIFICATE)') : ''
  lines.push(`Signature  ${verdict}${why}`)
  if (r.context) lines.push(`Context    ${r.context.matches ? 'matches' : 'DOES NOT MATCH'} channel "${r.context.channelName}", uid ${JSON.stringify(r.context.uid)}`)
  if (r.hints.length) lines.push('Hints', ...r.hints.map((h) => `  - ${h}`))
  lines.push(`Verdict    ${r.ok ? 'OK' : 'FAILED'}`)
  return lines.join('\n')
}

function readToken(arg) {
  const raw = arg === '-' ? require('node:fs').readFileSync(0, 'utf8') : arg
  return raw.trim()
}

function contextFrom(values) {
  const hasUid = values.uid !== undefined || values.account !== undefined
  if (values.channel === undefined && !hasUid) return undefined
  if (values.channel === undefined || !hasUid) throw new UsageError('--channel and --uid (or --account) go together')
  return { channelName: values.channel, uid: uidFrom(values) }
}

function run(argv) {
  const { values, positionals } = parse(argv, OPTIONS, { positionals: true })
  if (values.help) return out(HELP), EXIT.OK
  if (positionals.length !== 1) throw new UsageError('inspect takes exactly one TOKEN (or "-" for stdin)')
  const token = readToken(positionals[0])
  const options = {
    cert: sharedValue(values, 'app-certificate'),
    appId: sharedValue(values, 'app-id'),
    context: contextFrom(values),
  }
  let report
  try {
    report = buildReport(token, options)
  } catch (e) {
    if (e.code !== 'ERR_INVALID_TOKEN') throw e
    const hint = /\s/.test(token) ? ' It contains white space: a "+" may have been turned into a space by URL decoding.' : ''
    if (values.json) printJson({ ok: false, error: { code: e.code, message: e.message } })
    else process.stderr.write(`Not a valid Agora token (${e.code}): ${e.message}.${hint}\n`)
    return EXIT.FAILED
  }
  if (values.json) printJson(report)
  else out(render(report))
  return report.ok ? EXIT.OK : EXIT.FAILED
}

module.exports = { name: 'inspect', summary: 'inspect TOKEN       show what a token contains and check it', HELP, run }
