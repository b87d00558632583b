// POST /join: body validation, token rules, conflicts, lifecycle.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { agentPath, agoraToken, call, joinBody, native, officialToken, startSandbox, until } from './sandbox.helpers.mjs'

let sb
before(async () => {
  sb = await startSandbox()
})
after(() => sb.close())

const join = (body, opts) => call(sb, 'POST', agentPath(sb, '/join'), { body, ...opts })

/** Deep-copies the default body and applies `edit` to it. */
function edited(edit, options) {
  const body = joinBody(sb, options)
  edit(body, body.properties)
  return body
}

test('a valid join: 200 {agent_id, create_ts, status: STARTING}, RUNNING after agentStartDelayMs', async () => {
  const res = await join(joinBody(sb, { name: 'lifecycle', channel: 'room-1' }))
  assert.equal(res.status, 200)
  assert.deepEqual(Object.keys(res.body).sort(), ['agent_id', 'create_ts', 'status'])
  assert.match(res.body.agent_id, /^[0-9A-Z]{25}$/)
  assert.equal(res.body.status, 'STARTING')
  assert.ok(Math.abs(res.body.create_ts - Date.now() / 1000) < 5)
  const id = res.body.agent_id
  await until(async () => (await call(sb, 'GET', agentPath(sb, `/agents/${id}`))).body.status === 'RUNNING')
  assert.deepEqual(
    sb.agents().find((a) => a.agentId === id),
    { agentId: id, name: 'lifecycle', channel: 'room-1', agentUid: '1001', status: 'RUNNING', createTs: res.body.create_ts },
  )
})

test('body: not JSON / not an object -> 400 InvalidRequestBody', async () => {
  for (const body of ['{"name":', '[]', '"text"', 'null']) {
    const res = await join(body)
    assert.equal(res.status, 400, body)
    assert.equal(res.body.reason, 'InvalidRequestBody', body)
  }
  assert.equal((await join(undefined)).body.reason, 'InvalidRequestBody')
})

test('missing required fields -> 400 MissingRequiredField naming the field', async () => {
  const cases = {
    name: (b) => delete b.name,
    properties: (b) => delete b.properties,
    'properties.channel': (b, p) => delete p.channel,
    'properties.token': (b, p) => delete p.token,
    'properties.agent_rtc_uid': (b, p) => delete p.agent_rtc_uid,
    'properties.remote_rtc_uids': (b, p) => delete p.remote_rtc_uids,
  }
  for (const [field, edit] of Object.entries(cases)) {
    const res = await join(edited(edit))
    assert.equal(res.status, 400, field)
    assert.equal(res.body.reason, 'MissingRequiredField', field)
    assert.match(res.body.detail, new RegExp(`^${field.replace('.', '\\.')} is required`), field)
  }
})

test('invalid field values -> 400 InvalidFieldValue', async () => {
  const cases = {
    'name not a string': (b) => {
      b.name = 5
    },
    'empty name': (b) => {
      b.name = ''
    },
    'properties not an object': (b) => {
      b.properties = []
    },
    'channel not a string': (b, p) => {
      p.channel = 7
    },
    'channel 64 bytes': (b, p) => {
      p.channel = 'a'.repeat(64)
    },
    'channel with a slash': (b, p) => {
      p.channel = 'a/b'
    },
    'agent uid as a number': (b, p) => {
      p.agent_rtc_uid = 1001
    },
    'non-numeric uid without enable_string_uid': (b, p) => {
      p.agent_rtc_uid = 'bob'
    },
    'uid above u32': (b, p) => {
      p.agent_rtc_uid = '4294967296'
    },
    'remote uids not an array': (b, p) => {
      p.remote_rtc_uids = '2002'
    },
    'remote uids empty': (b, p) => {
      p.remote_rtc_uids = []
    },
    'remote uid a number': (b, p) => {
      p.remote_rtc_uids = [2002]
    },
    'remote uid a string account without enable_string_uid': (b, p) => {
      p.remote_rtc_uids = ['bob']
    },
    'enable_string_uid not a boolean': (b, p) => {
      p.enable_string_uid = 'true'
    },
    'idle_timeout negative': (b, p) => {
      p.idle_timeout = -1
    },
    'idle_timeout not an integer': (b, p) => {
      p.idle_timeout = 1.5
    },
    'advanced_features not an object': (b, p) => {
      p.advanced_features = true
    },
    'enable_rtm not a boolean': (b, p) => {
      p.advanced_features = { enable_rtm: 'yes' }
    },
    'llm not an object': (b, p) => {
      p.llm = 'gpt'
    },
    'llm.system_messages not an array': (b, p) => {
      p.llm.system_messages = 'be nice'
    },
    'llm.max_history not an integer': (b, p) => {
      p.llm.max_history = '32'
    },
    'tts.params not an object': (b, p) => {
      p.tts.params = 'x'
    },
    'labels not strings': (b, p) => {
      p.labels = { a: 1 }
    },
    'mllm with avatar': (b, p) => {
      p.mllm = { enable: true }
      p.avatar = { enable: true, vendor: 'akool' }
    },
  }
  for (const [label, edit] of Object.entries(cases)) {
    const res = await join(edited(edit))
    assert.equal(res.status, 400, label)
    assert.equal(res.body.reason, 'InvalidFieldValue', `${label}: ${res.text}`)
  }
})

test('unknown fields pass, "*" remote uid, string uids with enable_string_uid, idle_timeout 0', async () => {
  const body = edited((b, p) => {
    b.pipeline_id = 'p1'
    b.extra_top_level = { anything: true }
    p.future_field = [1, 2]
    p.remote_rtc_uids = ['*']
    p.idle_timeout = 0
  })
  assert.equal((await join(body)).status, 200)
  const accounts = edited(
    (b, p) => {
      p.enable_string_uid = true
      p.remote_rtc_uids = ['user-bob', '*']
    },
    { uid: 'agent-alice', channel: 'strings' },
  )
  const res = await join(accounts)
  assert.equal(res.status, 200, res.text)
})

test('properties.token: official RTC+RTM token accepted; wrong channel / uid / app / expired rejected', async () => {
  const withToken = (token, extra = {}) => joinBody(sb, { channel: 'tok', uid: '555', token, ...extra })
  const rtcOnly = (channel, uid) =>
    agoraToken.RtcTokenBuilder.buildTokenWithUid(sb.appId, sb.appCertificate, channel, uid, agoraToken.RtcRole.PUBLISHER, 600, 600)
  assert.equal((await join(withToken(officialToken(sb, 'tok', '555')))).status, 200)
  const rejected = [
    ['wrong channel', officialToken(sb, 'other', '555'), /different channel/],
    ['wrong uid', officialToken(sb, 'tok', '556'), /different uid/],
    ['other App ID', agoraToken.RtcTokenBuilder.buildTokenWithUid('d'.repeat(32), sb.appCertificate, 'tok', 555, 1, 600, 600), /different App ID/],
    ['other certificate', agoraToken.RtcTokenBuilder.buildTokenWithUid(sb.appId, 'e'.repeat(32), 'tok', 555, 1, 600, 600), /signature/],
    [
      'expired',
      native.buildRtcToken({
        appId: sb.appId,
        appCertificate: sb.appCertificate,
        channelName: 'tok',
        uid: 555,
        issueTs: Math.floor(Date.now() / 1000) - 7200,
        tokenExpire: 3600,
      }),
      /expired/,
    ],
    ['not a token', 'abc', /well-formed/],
  ]
  for (const [label, token, detail] of rejected) {
    const res = await join(withToken(token, { name: `t-${label}` }))
    assert.equal(res.status, 400, label)
    assert.equal(res.body.reason, 'InvalidFieldValue', label)
    assert.match(res.body.detail, detail, label)
  }
  // uid 0 (packed "") is the wildcard: it fits any agent uid.
  assert.equal((await join(joinBody(sb, { channel: 'wild', uid: '777', token: rtcOnly('wild', 0) }))).status, 200)
  // agent_rtc_uid "0" (server picks a uid) needs a wildcard token, not one for a specific uid.
  assert.equal((await join(joinBody(sb, { channel: 'zero', uid: '0', token: rtcOnly('zero', 0) }))).status, 200)
  assert.equal((await join(joinBody(sb, { channel: 'zero2', uid: '0', token: rtcOnly('zero2', 12) }))).status, 400)
})

test('advanced_features.enable_rtm needs an RTM login privilege in properties.token', async () => {
  const rtm = { advanced_features: { enable_rtm: true } }
  const rtcOnly = agoraToken.RtcTokenBuilder.buildTokenWithUid(sb.appId, sb.appCertificate, 'rtm', 31, agoraToken.RtcRole.PUBLISHER, 600, 600)
  const res = await join(joinBody(sb, { channel: 'rtm', uid: '31', token: rtcOnly, properties: rtm }))
  assert.equal(res.status, 400)
  assert.equal(res.body.reason, 'InvalidFieldValue')
  assert.match(res.body.detail, /enable_rtm.*RTM login/)
  // The same RTC-only token without enable_rtm is fine.
  assert.equal((await join(joinBody(sb, { channel: 'rtm', uid: '31', token: rtcOnly }))).status, 200)
  // RTC+RTM (agora-token buildTokenWithRtm, ConvoAITokenBuilder, and ours) with enable_rtm.
  assert.equal((await join(joinBody(sb, { channel: 'rtm', uid: '32', token: officialToken(sb, 'rtm', '32'), properties: rtm }))).status, 200)
  const convo = agoraToken.ConvoAITokenBuilder.buildToken(sb.appId, sb.appCertificate, 'rtm', '33', 1, 600, 600, 600, 600, 600, '33', 600)
  assert.equal((await join(joinBody(sb, { channel: 'rtm', uid: '33', token: convo, properties: rtm }))).status, 200)
  const ours = native.buildRtcRtmToken({ appId: sb.appId, appCertificate: sb.appCertificate, channelName: 'rtm', uid: 'acct', convoai: true })
  const res2 = await join(joinBody(sb, { channel: 'rtm', uid: 'acct', token: ours, properties: { ...rtm, enable_string_uid: true } }))
  assert.equal(res2.status, 200, res2.text)
})

test('legacy 006 RTC tokens are accepted for RTC, refused with enable_rtm', async () => {
  const { RtcTokenBuilder, RtcRole } = (await import('node:module')).createRequire(import.meta.url)('agora-access-token')
  const t = RtcTokenBuilder.buildTokenWithUid(sb.appId, sb.appCertificate, 'old', 66, RtcRole.PUBLISHER, Math.floor(Date.now() / 1000) + 600)
  assert.equal((await join(joinBody(sb, { channel: 'old', uid: '66', token: t }))).status, 200)
  assert.equal((await join(joinBody(sb, { channel: 'old2', uid: '66', token: t }))).status, 400)
  assert.equal((await join(joinBody(sb, { channel: 'old', uid: '67', token: t, properties: { advanced_features: { enable_rtm: true } } }))).status, 400)
})

test('409 TaskConflict: a running name, or a uid already seated in the channel; free again once stopped', async () => {
  const first = await join(joinBody(sb, { name: 'dup', channel: 'conflict', uid: '1' }))
  assert.equal(first.status, 200)
  const again = await join(joinBody(sb, { name: 'dup', channel: 'elsewhere', uid: '2' }))
  assert.equal(again.status, 409)
  assert.equal(again.body.reason, 'TaskConflict')
  assert.match(again.body.detail, new RegExp(first.body.agent_id))
  const seat = await join(joinBody(sb, { name: 'dup-2', channel: 'conflict', uid: '1' }))
  assert.equal(seat.status, 409)
  assert.equal(seat.body.reason, 'TaskConflict')
  assert.equal((await call(sb, 'POST', agentPath(sb, `/agents/${first.body.agent_id}/leave`))).status, 200)
  assert.equal((await join(joinBody(sb, { name: 'dup', channel: 'conflict', uid: '1' }))).status, 200)
})

test('token auth on join; the CN path and a trailing slash are answered too', async () => {
  const header = `agora token=${officialToken(sb, 'hdr', '9')}`
  assert.equal((await join(joinBody(sb, { channel: 'hdr', uid: '9' }), { auth: header })).status, 200)
  const cn = await call(sb, 'POST', `/cn${agentPath(sb, '/join/')}`, { body: joinBody(sb, { channel: 'cn', uid: '9' }) })
  assert.equal(cn.status, 200)
})

test('a body over 1 MiB is refused with 413 before any parsing', async () => {
  const res = await join(JSON.stringify({ name: 'big', padding: 'x'.repeat(1024 * 1024) }))
  assert.equal(res.status, 413)
  assert.equal(res.body.reason, 'InvalidRequestBody')
})
