// The sandbox's telephony and phone-number endpoints, raw over HTTP: Agora's validation and
// statuses, the {error_type, description} error shape (auth and scripted faults included), call
// states, the inbound/hang-up helpers, bounded stores, and the call store's change events.

import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { test } from 'node:test'

import { agentPath, agoraToken, call, officialToken, startSandbox, until } from './sandbox.helpers.mjs'

const require = createRequire(import.meta.url)
const { AgentStore } = require('../sandbox/agents-store.js')
const { CallStore } = require('../sandbox/call-store.js')
const { Timers } = require('../sandbox/timers.js')

const sb = await startSandbox({ agentStartDelayMs: 5, agentStopDelayMs: 5 })
test.after(() => sb.close())

const NUMBERS = '/api/conversational-ai-agent/v2/phone-numbers'
let n = 0
const channel = () => `tel-${++n}`
const gatewayToken = (s, ch, uid) =>
  agoraToken.RtcTokenBuilder.buildTokenWithUid(s.appId, s.appCertificate, ch, Number(uid), agoraToken.RtcRole.PUBLISHER, 3600, 3600)

/** A valid POST /call body (official-builder tokens); `change(body)` edits it. */
function callBody(s, change = (b) => b) {
  const ch = channel()
  return change({
    name: `call-${n}`,
    sip: { to_number: '+14155550123', from_number: '+14155550100', rtc_uid: '100', rtc_token: gatewayToken(s, ch, 100) },
    pipeline_id: 'pipe-1',
    properties: { channel: ch, token: officialToken(s, ch, 111), agent_rtc_uid: '111', remote_rtc_uids: ['100'] },
  })
}

const place = (s, change) => call(s, 'POST', agentPath(s, '/call'), { body: callBody(s, change) })

test('POST /call: 200 {agent_id}; GET /calls/{id} answered, then hangup with reason request after POST …/hangup', async () => {
  const placed = await place(sb)
  assert.equal(placed.status, 200)
  assert.deepEqual(Object.keys(placed.body), ['agent_id'])
  const id = placed.body.agent_id
  await until(async () => sb.calls().find((c) => c.agentId === id).state === 'ANSWERED')
  const live = await call(sb, 'GET', agentPath(sb, `/calls/${id}`))
  assert.equal(live.status, 200)
  assert.deepEqual(live.body, {
    to_number: '+14155550123',
    from_number: '+14155550100',
    pipeline_id: 'pipe-1',
    type: 'outbound',
    agent_id: id,
    channel: live.body.channel,
    create_ts: live.body.create_ts,
    state: 'answered',
    stop_ts: 0,
  })
  const hung = await call(sb, 'POST', agentPath(sb, `/calls/${id}/hangup`), { body: {} })
  assert.deepEqual([hung.status, hung.body], [200, {}])
  const over = await call(sb, 'GET', agentPath(sb, `/calls/${id}`))
  assert.equal(over.body.state, 'hangup')
  assert.equal(over.body.reason, 'request')
  assert.ok(over.body.stop_ts >= over.body.create_ts)
  const again = await call(sb, 'POST', agentPath(sb, `/calls/${id}/hangup`), { body: {} })
  assert.equal(again.status, 404)
  assert.equal(again.body.error_type, 'not_found')
  // The call's agent is an agent: it left.
  const agent = await call(sb, 'GET', agentPath(sb, `/agents/${id}`))
  assert.equal(agent.body.message, 'OK')
})

test('POST /call validation: every error in the telephony shape', async () => {
  const cases = [
    [(b) => ({ ...b, sip: undefined }), 400, 'invalid_request', 'sip is required'],
    [(b) => ({ ...b, sip: { ...b.sip, to_number: '4155550123' } }), 400, 'invalid_phone_format', /sip\.to_number must be an E\.164/],
    [(b) => ({ ...b, sip: { ...b.sip, from_number: '+1 415 555 0100' } }), 400, 'invalid_phone_format', /sip\.from_number/],
    [(b) => ({ ...b, sip: { ...b.sip, rtc_token: undefined } }), 400, 'invalid_request', 'sip.rtc_token is required'],
    [(b) => ({ ...b, sip: { ...b.sip, rtc_uid: '101' } }), 400, 'invalid_request', /sip\.rtc_token was built for a different uid than sip\.rtc_uid/],
    [(b) => ({ ...b, sip: { ...b.sip, rtc_uid: 'gateway' } }), 400, 'invalid_request', /sip\.rtc_uid must be a numeric uid/],
    [(b) => ({ ...b, properties: { ...b.properties, token: undefined } }), 400, 'invalid_request', 'properties.token is required'],
    [(b) => ({ ...b, properties: { ...b.properties, agent_rtc_uid: '100' } }), 400, 'invalid_request', /token was built for a different uid/],
    [(b) => ({ ...b, name: undefined }), 400, 'invalid_request', 'name is required'],
  ]
  for (const [change, status, type, description] of cases) {
    const r = await place(sb, change)
    assert.equal(r.status, status, JSON.stringify(r.body))
    assert.deepEqual(Object.keys(r.body), ['error_type', 'description'])
    assert.equal(r.body.error_type, type)
    if (typeof description === 'string') assert.equal(r.body.description, description)
    else assert.match(r.body.description, description)
  }
  const notJson = await call(sb, 'POST', agentPath(sb, '/call'), { body: '{"name":' })
  assert.deepEqual(notJson.body, { error_type: 'invalid_request', description: 'the request body is not valid JSON' })
  const noAuth = await call(sb, 'POST', agentPath(sb, '/call'), { body: callBody(sb), auth: null })
  assert.equal(noAuth.status, 401)
  assert.equal(noAuth.body.error_type, 'unauthorized')
  const put = await call(sb, 'PUT', agentPath(sb, '/call'), { body: {} })
  assert.deepEqual([put.status, put.body.error_type], [405, 'method_not_allowed'])
  // One documentation snapshot names the leg's uid and token sip_rtc_uid / sip_rtc_token.
  const legacy = await place(sb, (b) => ({
    ...b,
    sip: { to_number: b.sip.to_number, from_number: b.sip.from_number, sip_rtc_uid: '100', sip_rtc_token: b.sip.rtc_token },
  }))
  assert.equal(legacy.status, 200)
  // Without remote_rtc_uids the gateway is the remote user.
  const noRemote = await place(sb, (b) => ({ ...b, properties: { ...b.properties, remote_rtc_uids: undefined } }))
  assert.equal(noRemote.status, 200)
  // A running name conflicts.
  const name = `dup-${n}`
  assert.equal((await place(sb, (b) => ({ ...b, name }))).status, 200)
  const dup = await place(sb, (b) => ({ ...b, name }))
  assert.deepEqual([dup.status, dup.body.error_type], [409, 'conflict'])
})

test('scripted faults on telephony and phone-number paths answer in their shape', async () => {
  sb.failNext(1, { status: 503 })
  const r = await call(sb, 'GET', agentPath(sb, '/call'))
  assert.deepEqual(r.body, { error_type: 'service_unavailable', description: 'scripted failure (failNext)' })
  sb.failNext(1, { status: 409, reason: 'phone_number_exists' })
  const p = await call(sb, 'GET', NUMBERS)
  assert.deepEqual(p.body, { error_type: 'phone_number_exists', description: 'scripted failure (failNext)' })
  sb.failNext(1, { status: 503 })
  const agents = await call(sb, 'GET', agentPath(sb, '/agents'))
  assert.deepEqual(agents.body, { detail: 'scripted failure (failNext): ServiceUnavailable', reason: 'ServiceUnavailable' })
})

test('GET /call: filters, 60-day default window, limit and cursor, Agora envelope', async () => {
  const from = '+14155559999'
  const ids = []
  for (let i = 0; i < 3; i++) ids.push((await place(sb, (b) => ({ ...b, sip: { ...b.sip, from_number: from } }))).body.agent_id)
  const page = await call(sb, 'GET', agentPath(sb, `/call?number=%2B14155559999&limit=2&type=outbound`))
  assert.equal(page.status, 200)
  assert.equal(page.body.status, 'ok')
  assert.deepEqual(
    page.body.data.list.map((c) => c.agent_id),
    ids.slice(0, 2),
  )
  assert.equal(page.body.data.count, 2)
  assert.deepEqual(page.body.meta, { cursor: ids[1], total: 3 })
  assert.ok(!('reason' in page.body.data.list[0]), 'list items carry no reason')
  const last = await call(sb, 'GET', agentPath(sb, `/call?number=%2B14155559999&limit=2&cursor=${ids[1]}`))
  assert.deepEqual(
    last.body.data.list.map((c) => c.agent_id),
    [ids[2]],
  )
  assert.equal(last.body.meta.cursor, '')
  const inbound = await call(sb, 'GET', agentPath(sb, `/call?number=%2B14155559999&type=inbound`))
  assert.equal(inbound.body.meta.total, 0)
  const old = await call(sb, 'GET', agentPath(sb, `/call?number=%2B14155559999&to_time=1000`))
  assert.equal(old.body.meta.total, 0)
  for (const bad of ['type=both', 'number=555', 'limit=0', 'cursor=NOPE', 'from_time=-1']) {
    const r = await call(sb, 'GET', agentPath(sb, `/call?${bad}`))
    assert.equal(r.status, 400, bad)
    assert.ok(r.body.error_type, bad)
  }
})

test('phone numbers: import 201, duplicates 409, E.164 400, PATCH binds and clears, DELETE 204, %2B in paths', async () => {
  const body = {
    provider: 'byo',
    phone_number: '+14155550777',
    label: 'Front desk',
    inbound_config: { allowed_addresses: ['10.0.0.0/8'] },
    outbound_config: { address: 'sip.example.com' },
  }
  const made = await call(sb, 'POST', NUMBERS, { body })
  assert.equal(made.status, 201)
  assert.deepEqual(made.body, { provider: 'byo', phone_number: '+14155550777', label: 'Front desk', inbound: true, outbound: true, associated_pipeline: null })
  const dup = await call(sb, 'POST', NUMBERS, { body })
  assert.deepEqual([dup.status, dup.body.error_type], [409, 'phone_number_exists'])
  for (const [change, type] of [
    [{ phone_number: '4155550777' }, 'invalid_phone_format'],
    [{ provider: 'vonage' }, 'invalid_request'],
    [{ label: '' }, 'invalid_request'],
    [{ inbound: 'yes' }, 'invalid_request'],
    [{ inbound_config: { allowed_addresses: '10.0.0.0/8' } }, 'invalid_request'],
  ]) {
    const r = await call(sb, 'POST', NUMBERS, { body: { ...body, phone_number: '+14155550778', ...change } })
    assert.deepEqual([r.status, r.body.error_type], [400, type], JSON.stringify(change))
  }
  const encoded = `${NUMBERS}/%2B14155550777`
  const got = await call(sb, 'GET', encoded)
  assert.equal(got.body.phone_number, '+14155550777')
  const bound = await call(sb, 'PATCH', `${NUMBERS}/+14155550777`, { body: { outbound_config: { pipeline_id: 'p-out' } } })
  assert.deepEqual(bound.body.outbound_config, { address: 'sip.example.com', pipeline_id: 'p-out' })
  assert.deepEqual(bound.body.associated_pipeline, { pipeline_id: 'p-out', pipeline_name: 'p-out' })
  const cleared = await call(sb, 'PATCH', encoded, { body: { outbound_config: null } })
  assert.equal(cleared.body.outbound_config, null)
  assert.equal((await call(sb, 'PATCH', encoded, { body: {} })).status, 400)
  assert.equal((await call(sb, 'PATCH', encoded, { body: { inbound_config: 'p' } })).status, 400)
  const list = await call(sb, 'GET', NUMBERS)
  assert.ok(Array.isArray(list.body))
  assert.deepEqual(sb.phoneNumbers().find((x) => x.phone_number === '+14155550777').outbound_config, null)
  const deleted = await call(sb, 'DELETE', encoded)
  assert.deepEqual([deleted.status, deleted.text], [204, ''])
  const gone = await call(sb, 'GET', encoded)
  assert.deepEqual(gone.body, { error_type: 'not_found', description: 'phone number +14155550777 not found' })
  assert.equal((await call(sb, 'GET', `${NUMBERS}/4155550777`)).body.error_type, 'invalid_phone_format')
  assert.equal((await call(sb, 'GET', NUMBERS, { auth: 'Basic d3Jvbmc6d3Jvbmc=' })).body.error_type, 'unauthorized')
  // Not project-scoped, but a token of the served app authenticates too.
  const token = officialToken(sb, 'any', 1)
  assert.equal((await call(sb, 'GET', NUMBERS, { auth: `agora token=${token}` })).status, 200)
})

test('receiveCall: an inbound call to a bound number; endCall: the other party hangs up', async () => {
  assert.throws(() => sb.receiveCall({ fromNumber: '+33123456789', toNumber: '+14155550888' }), { code: 'ERR_INVALID_ARG' })
  await call(sb, 'POST', NUMBERS, { body: { provider: 'twilio', phone_number: '+14155550888', label: 'Hotline' } })
  assert.throws(() => sb.receiveCall({ fromNumber: '+33123456789', toNumber: '+14155550888' }), /inboundConfig\.pipelineId/)
  await call(sb, 'PATCH', `${NUMBERS}/+14155550888`, { body: { inbound_config: { pipeline_id: 'p-in' } } })
  const { agentId, channel: ch } = sb.receiveCall({ fromNumber: '+33123456789', toNumber: '+14155550888' })
  const r = await call(sb, 'GET', agentPath(sb, `/calls/${agentId}`))
  assert.equal(r.body.type, 'inbound')
  assert.equal(r.body.channel, ch)
  assert.equal(r.body.pipeline_id, 'p-in')
  sb.endCall(agentId)
  const over = await call(sb, 'GET', agentPath(sb, `/calls/${agentId}`))
  assert.deepEqual([over.body.state, over.body.reason], ['hangup', 'hangup'])
  const listed = await call(sb, 'GET', agentPath(sb, '/call?type=inbound'))
  assert.ok(listed.body.data.list.some((c) => c.agent_id === agentId))
})

test('call agents have a remote user (the gateway): no idle timeout while the call lasts', async () => {
  const short = await startSandbox({ agentStartDelayMs: 1 })
  try {
    const placed = await place(short, (b) => ({ ...b, properties: { ...b.properties, idle_timeout: 1 } }))
    const join = await call(short, 'POST', agentPath(short, '/join'), {
      body: {
        name: 'idle',
        properties: { channel: 'idle-room', token: officialToken(short, 'idle-room', 5), agent_rtc_uid: '5', remote_rtc_uids: ['6'], idle_timeout: 1 },
      },
    })
    await until(async () => (await call(short, 'GET', agentPath(short, `/agents/${join.body.agent_id}`))).body.status === 'STOPPED', 1000)
    const agent = await call(short, 'GET', agentPath(short, `/agents/${placed.body.agent_id}`))
    assert.equal(agent.body.status, 'RUNNING')
  } finally {
    await short.close()
  }
})

test('bounded: maxCalls forgets the oldest ended call, 429 when all are live; maxPhoneNumbers 422', async () => {
  const small = await startSandbox({ maxCalls: 2, maxPhoneNumbers: 1 })
  try {
    const a = (await place(small)).body.agent_id
    assert.equal((await place(small)).status, 200)
    const full = await place(small)
    assert.deepEqual([full.status, full.body.error_type], [429, 'too_many_requests'])
    await call(small, 'POST', agentPath(small, `/calls/${a}/hangup`), { body: {} })
    assert.equal((await place(small)).status, 200)
    assert.equal((await call(small, 'GET', agentPath(small, `/calls/${a}`))).status, 404, 'forgotten')
    assert.equal((await call(small, 'POST', NUMBERS, { body: { provider: 'byo', phone_number: '+12025550100', label: 'a' } })).status, 201)
    const over = await call(small, 'POST', NUMBERS, { body: { provider: 'byo', phone_number: '+12025550101', label: 'b' } })
    assert.deepEqual([over.status, over.body.error_type], [422, 'unprocessable_content'])
  } finally {
    await small.close()
  }
})

test('CallStore announces each step of a call: outbound START, CALLING, RINGING, ANSWERED, HANGUP', async () => {
  const timers = new Timers()
  const agents = new AgentStore({ timers, startDelayMs: 1, stopDelayMs: 1 })
  const calls = new CallStore({ agents, serviceEnds: new Set(['Token expired']) })
  const steps = []
  calls.on('change', (c, state) => steps.push([c.type, state]))
  const agent = agents.create({ name: 'a', channel: 'c', agentUid: '1', properties: {} }, { remotePresent: true })
  calls.create({ agent, type: 'outbound', toNumber: '+12', fromNumber: '+13' })
  await until(() => agent.status === 'RUNNING')
  agents.stop(agent, 'Token expired')
  const inbound = agents.create({ name: 'b', channel: 'c2', agentUid: '1', properties: {} }, { remotePresent: true })
  const record = calls.create({ agent: inbound, type: 'inbound', toNumber: '+12', fromNumber: '+13' })
  await until(() => inbound.status === 'RUNNING')
  record.endReason = 'hangup'
  agents.stop(inbound, 'OK')
  timers.clearAll()
  assert.deepEqual(steps, [
    ['outbound', 'START'],
    ['outbound', 'CALLING'],
    ['outbound', 'RINGING'],
    ['outbound', 'ANSWERED'],
    ['outbound', 'HANGUP'],
    ['inbound', 'START'],
    ['inbound', 'ANSWERED'],
    ['inbound', 'HANGUP'],
  ])
  assert.equal(calls.get(agent.agentId).reason, 'failed', 'ended by the service (token expiry)')
  assert.equal(record.reason, 'hangup')
})

test('join: pipeline_id, preset, credential_mode or mllm.enable stand in for llm/tts; the 2025–26 fields are checked', async () => {
  const join = (properties, top = {}) => {
    const ch = channel()
    return call(sb, 'POST', agentPath(sb, '/join'), {
      body: { name: `j-${n}`, ...top, properties: { channel: ch, token: officialToken(sb, ch, 7), agent_rtc_uid: '7', remote_rtc_uids: ['8'], ...properties } },
    })
  }
  for (const [properties, top] of [
    [{}, { pipeline_id: 'pipe-1' }],
    [{}, { preset: 'deepgram_nova_3,openai_gpt_4o_mini,minimax_speech_2_6_turbo' }],
    [{ llm: { credential_mode: 'managed' }, tts: { credential_mode: 'managed', vendor: 'minimax' } }, {}],
    [{ mllm: { enable: true, vendor: 'openai' } }, {}],
    [{ geofence: { area: 'GLOBAL', exclude_area: 'EUROPE' }, rtc: { encryption_key: 'k', encryption_mode: 8, encryption_salt: `${'A'.repeat(43)}=` } }, {}],
    [{ advanced_features: { enable_rtm: true }, parameters: { data_channel: 'rtm', enable_metrics: true, enable_error_message: true } }, {}],
  ]) {
    const r = await join(properties, top)
    assert.equal(r.status, 200, JSON.stringify(r.body))
  }
  for (const [properties, detail] of [
    [{ geofence: { area: 'MARS' } }, /geofence\.area must be one of/],
    [{ geofence: { area: 'ASIA', exclude_area: 'JAPAN' } }, /only allowed with area GLOBAL/],
    [{ rtc: { encryption_key: 'k', encryption_mode: 9 } }, /encryption_mode must be 1 to 8/],
    [{ rtc: { encryption_key: 'k', encryption_mode: 7 } }, /need encryption_salt/],
    [{ llm: { credential_mode: 'free' } }, /llm\.credential_mode must be one of/],
    [{ parameters: { data_channel: 'udp' } }, /data_channel must be one of/],
    [{ parameters: { enable_metrics: true } }, /need advanced_features\.enable_rtm/],
    [{ parameters: { enable_error_message: 'yes' } }, /enable_error_message must be a boolean/],
  ]) {
    const r = await join(properties)
    assert.equal(r.status, 400, JSON.stringify(properties))
    assert.equal(r.body.reason, 'InvalidFieldValue')
    assert.match(r.body.detail, detail)
  }
})

test('the request log redacts the gateway token', async () => {
  await place(sb)
  const logged = sb.requests.findLast((r) => r.path.endsWith('/call') && r.method === 'POST')
  assert.equal(logged.body.sip.rtc_token, '***')
  assert.equal(logged.headers.authorization, 'Basic ***')
})
