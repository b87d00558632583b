// parseWebhook (docs/webhooks.md): typed ConvoAI events 101–202 from Agora's documented
// payloads, the forms where the docs disagree, generic events for anything
// else, and ERR_INVALID_WEBHOOK for envelopes that are not Agora's.

import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { test } from 'node:test'

const require = createRequire(import.meta.url)
const { parseWebhook, signWebhook } = require('../lib/webhooks/index.js')

const SECRET = 'console-webhook-secret'
const NOTIFY_MS = 1737111456000
const AGENT = { agent_id: '1NT29X10YHxxxxxWJOXLYHNYB', name: 'my-agent', start_ts: 1737111452, channel: 'room-1' }
const LABELS = { campaign_id: 'test_campaign', 'Mixed-Case key': 'v' }

/** A signed notification of `eventType` with `payload`, parsed. */
function parse(eventType, payload, { envelope = {}, options } = {}) {
  const body = JSON.stringify({ sid: 'C866467GVJJ54687', noticeId: '2000001428:4330:107', productId: 17, eventType, notifyMs: NOTIFY_MS, payload, ...envelope })
  return parseWebhook(Buffer.from(body), signWebhook(body, SECRET), SECRET, options)
}

/** Parses and checks the envelope of a typed event; returns its payload. */
function typed(eventType, payload) {
  const event = parse(eventType, payload)
  assert.equal(event.known, true, `event ${eventType}`)
  assert.equal(event.eventType, eventType)
  assert.equal(event.noticeId, '2000001428:4330:107')
  assert.equal(event.productId, 17)
  assert.equal(event.notifyMs, NOTIFY_MS)
  assert.equal(event.sid, 'C866467GVJJ54687')
  assert.deepEqual(event.raw.payload, JSON.parse(JSON.stringify(payload)))
  return event.payload
}

const IDENTITY = { agentId: AGENT.agent_id, name: 'my-agent', channel: 'room-1', startTs: 1737111452 }

test('101 agent joined, with labels kept key for key', () => {
  assert.deepEqual(typed(101, { ...AGENT, labels: LABELS }), { ...IDENTITY, labels: LABELS })
  // `name` (v2.6+) and `labels` (only when set at join) are optional.
  const { name, ...old } = AGENT
  assert.deepEqual(typed(101, old), { agentId: AGENT.agent_id, channel: 'room-1', startTs: 1737111452 })
})

test('102 agent left: each documented status and message', () => {
  const documented = [
    ['STOPPED', 'OK'],
    ['STOPPED', 'Idle for too long'],
    ['STOPPED', 'Task lifetime limit exceeded'],
    ['FAILED', 'Connecting for too long'],
    ['FAILED', 'RTC connection error'],
    ['STOPPED', 'a message from a later release'],
  ]
  for (const [status, message] of documented) {
    const payload = typed(102, { ...AGENT, stop_ts: 1737111455, status, message, labels: LABELS })
    assert.deepEqual(payload, { ...IDENTITY, stopTs: 1737111455, status, message, labels: LABELS })
  }
})

test('103 history, with and without the custom-LLM speech timings', () => {
  const contents = [
    { role: 'user', content: 'Hello', speech_start_ms: 1200, speech_end_ms: 2100, speech_algorithmic_delay: 90 },
    { role: 'assistant', content: 'Hi! How can I help?' },
  ]
  const payload = typed(103, { ...AGENT, stop_ts: 1737111500, contents })
  assert.deepEqual(payload.contents, [
    { role: 'user', content: 'Hello', speechStartMs: 1200, speechEndMs: 2100, speechAlgorithmicDelay: 90 },
    { role: 'assistant', content: 'Hi! How can I help?' },
  ])
  assert.deepEqual(typed(103, { ...AGENT, stop_ts: 1, contents: [] }).contents, [])
})

test('104 token expiring: both documented messages', () => {
  for (const message of ['Token will expire!', 'Task exceeded maximum lifetime']) {
    assert.deepEqual(typed(104, { ...AGENT, message }), { ...IDENTITY, message })
  }
})

test('110 agent error: turn_id as a number, a digit string or ""', () => {
  const payload = typed(110, {
    ...AGENT,
    turn_id: 2,
    errors: [
      { module: 'llm', turn_id: 2, code: 503, message: 'Insufficient balance.' },
      { module: 'agent', turn_id: '7', code: 4001, message: 'greeting audio failed' },
      { module: 'sip', turn_id: '', code: 1 },
    ],
    labels: LABELS,
  })
  assert.equal(payload.turnId, 2)
  assert.deepEqual(payload.errors, [
    { module: 'llm', turnId: 2, code: 503, message: 'Insufficient balance.' },
    { module: 'agent', turnId: 7, code: 4001, message: 'greeting audio failed' },
    { module: 'sip', code: 1 },
  ])
  assert.equal('turnId' in typed(110, { ...AGENT, turn_id: '', errors: [] }), false)
  assert.equal(typed(110, { ...AGENT, turn_id: '0', errors: [] }).turnId, 0)
})

test('111 metrics: keys may be missing per turn', () => {
  const payload = typed(111, {
    ...AGENT,
    stop_ts: 1737111600,
    metrics: [{ turn_id: 1, asr_ttlw: 320, llm_ttfb: 410, llm_ttfs: 480, tts_ttfb: 150 }, { turn_id: 2, llm_ttfb: 390 }, {}],
  })
  assert.deepEqual(payload.metrics, [{ turnId: 1, asrTtlw: 320, llmTtfb: 410, llmTtfs: 480, ttsTtfb: 150 }, { turnId: 2, llmTtfb: 390 }, {}])
})

test('112 turns: timestamps in ms (the documented example) or s both give seconds', () => {
  const turn = {
    agent_id: AGENT.agent_id,
    channel: 'room-1',
    turn_id: 1,
    start: { start_at: 1715000000100, type: 'voice_input', metadata: { speech_duration_ms: 1800, interrupt_duration_ms: 0 } },
    end: { end_at: 1715000003100, type: 'interrupted', metadata: { caused_by: 'start_of_speech' } },
    metrics: {
      e2e_latency_ms: 980,
      segmented_latency_ms: { algorithm_processing: 40, asr_ttlw: 300, llm_ttft: 350, llm_ftfs: 420, tts_ttfb: 140, transport: 60 },
    },
  }
  const inMs = typed(112, { ...AGENT, start_ts: 1715000000000, stop_ts: 1715000009500, total_turn_count: 1, is_truncated: false, turns: [turn] })
  assert.equal(inMs.startTs, 1715000000)
  assert.equal(inMs.stopTs, 1715000009.5)
  assert.equal(inMs.totalTurnCount, 1)
  assert.equal(inMs.isTruncated, false)
  assert.deepEqual(inMs.turns, [
    {
      agentId: AGENT.agent_id,
      channel: 'room-1',
      turnId: 1,
      start: { startAt: 1715000000100, type: 'voice_input', metadata: { speechDurationMs: 1800, interruptDurationMs: 0 } },
      end: { endAt: 1715000003100, type: 'interrupted', metadata: { causedBy: 'start_of_speech' } },
      metrics: {
        e2eLatencyMs: 980,
        segmentedLatencyMs: { algorithmProcessing: 40, asrTtlw: 300, llmTtft: 350, llmFtfs: 420, ttsTtfb: 140, transport: 60 },
      },
    },
  ])
  const inSeconds = typed(112, { ...AGENT, start_ts: 1715000000, stop_ts: 1715000009, total_turn_count: 0, is_truncated: true, turns: [] })
  assert.equal(inSeconds.startTs, 1715000000)
  assert.equal(inSeconds.stopTs, 1715000009)
  // The same rule holds wherever start_ts appears.
  assert.equal(typed(101, { ...AGENT, start_ts: 1737111452000 }).startTs, 1737111452)
})

test('201 / 202 call states', () => {
  for (const [eventType, state] of [
    [201, 'TRANSFERED'],
    [201, 'HANGUP'],
    [202, 'CALLING'],
    [202, 'RINGING'],
  ]) {
    const payload = typed(eventType, { agent_id: 'A', name: 'my-agent', channel: 'c', state, report_ms: 1737111452000, labels: LABELS })
    assert.deepEqual(payload, { agentId: 'A', name: 'my-agent', channel: 'c', state, reportMs: 1737111452000, labels: LABELS })
  }
})

test('unknown event types, other products and undocumented payloads are generic events, never errors', () => {
  const cases = [
    [999, 17, { anything: [1, { nested: true }] }],
    [0, 17, {}],
    [101, 1, { ...AGENT }],
    // Console's test deliveries and malformed payloads: required fields missing or mistyped.
    [101, 17, { channelName: 'test_webhook', uid: 12121212 }],
    [102, 17, { ...AGENT, stop_ts: 1 }],
    [103, 17, { ...AGENT, stop_ts: 1, contents: [{ role: 'user' }] }],
    [112, 17, { ...AGENT, stop_ts: 1, total_turn_count: '1', is_truncated: false, turns: [] }],
    [201, 17, { agent_id: 'A', channel: 'c', state: 'START' }],
  ]
  for (const [eventType, productId, payload] of cases) {
    const event = parse(eventType, payload, { envelope: { productId } })
    assert.equal(event.known, false, `${productId}/${eventType}`)
    assert.equal(event.eventType, eventType)
    assert.deepEqual(event.payload, payload)
    assert.deepEqual(event.raw.payload, payload)
  }
})

test('undocumented fields stay in raw; mistyped optional fields are left out of payload', () => {
  const event = parse(101, { ...AGENT, name: 7, labels: { a: 1 }, new_field: { deep: [1, 2] } }, { envelope: { eventMs: 5, extra: 'x' } })
  assert.equal(event.known, true)
  assert.deepEqual(event.payload, { agentId: AGENT.agent_id, channel: 'room-1', startTs: 1737111452 })
  assert.deepEqual(event.raw.payload.new_field, { deep: [1, 2] })
  assert.equal(event.raw.eventMs, 5)
  assert.equal(event.raw.extra, 'x')
  // sid is optional in the envelope.
  const body = JSON.stringify({ noticeId: 'n', productId: 17, eventType: 101, notifyMs: 1, payload: AGENT })
  assert.equal('sid' in parseWebhook(body, signWebhook(body, SECRET), SECRET), false)
})

test('numbers read as JSON.parse reads them; __proto__ keys are dropped at every level', () => {
  const body =
    '{"noticeId":"n","productId":17,"eventType":999,"notifyMs":1,"payload":{"big":9007199254740993,"neg":-5,"f":0.1,"__proto__":{"polluted":true},"o":{"__proto__":{"polluted":true}}}}'
  const event = parseWebhook(body, signWebhook(body, SECRET), SECRET)
  assert.equal(event.payload.big, JSON.parse(body).payload.big)
  assert.equal(typeof event.payload.big, 'number')
  assert.equal(event.payload.neg, -5)
  assert.equal(event.payload.f, 0.1)
  for (const object of [event.payload, event.payload.o, event.raw.payload, event.raw.payload.o]) {
    assert.equal(Object.hasOwn(object, '__proto__'), false)
    assert.equal(Object.getPrototypeOf(object), Object.prototype)
  }
  // So a naive deep merge of an event cannot reach Object.prototype.
  const merge = (target, source) => {
    for (const key of Object.keys(source)) {
      if (typeof source[key] === 'object' && source[key] !== null) {
        target[key] ??= {}
        merge(target[key], source[key])
      } else target[key] = source[key]
    }
    return target
  }
  merge({}, event)
  assert.equal({}.polluted, undefined)
})

test('bad envelopes are ERR_INVALID_WEBHOOK', () => {
  const good = { noticeId: 'n', productId: 17, eventType: 101, notifyMs: 1, payload: AGENT }
  const bodies = [
    '',
    'not json',
    '{"noticeId":',
    '[]',
    '"string"',
    JSON.stringify({ ...good, noticeId: '' }),
    JSON.stringify({ ...good, noticeId: 5 }),
    JSON.stringify({ ...good, productId: '17' }),
    JSON.stringify({ ...good, eventType: 1.5 }),
    JSON.stringify({ ...good, eventType: -1 }),
    JSON.stringify({ ...good, notifyMs: null }),
    JSON.stringify({ ...good, payload: [] }),
    JSON.stringify({ ...good, payload: undefined }),
    `{"noticeId":"n","productId":17,"eventType":1,"notifyMs":1,"payload":${'['.repeat(40)}${']'.repeat(40)}}`,
    `{"noticeId":"n","productId":17,"eventType":1,"notifyMs":1,"payload":{"a":[${Array(200_001).fill(0)}]}}`,
  ]
  for (const body of bodies) {
    assert.throws(
      () => parseWebhook(body, signWebhook(body, SECRET), SECRET),
      (e) => e.code === 'ERR_INVALID_WEBHOOK' && e instanceof Error,
      body.slice(0, 60),
    )
  }
})

test('maxAgeMs compares notifyMs with now (default Date.now())', () => {
  const at = (now) => parse(101, AGENT, { options: { maxAgeMs: 60_000, now } })
  assert.equal(at(NOTIFY_MS + 60_000).known, true)
  assert.equal(at(NOTIFY_MS - 3_600_000).known, true)
  assert.throws(
    () => at(NOTIFY_MS + 60_001),
    (e) => e.code === 'ERR_INVALID_WEBHOOK' && /maxAgeMs/.test(e.message),
  )
  // NOTIFY_MS is in the past: stale by the real clock, fine without maxAgeMs.
  assert.throws(
    () => parse(101, AGENT, { options: { maxAgeMs: 60_000 } }),
    (e) => e.code === 'ERR_INVALID_WEBHOOK',
  )
  assert.equal(parse(101, AGENT).known, true)
  for (const options of [{ maxAgeMs: -1 }, { maxAgeMs: NaN }, { now: Infinity }]) {
    assert.throws(
      () => parse(101, AGENT, { options }),
      (e) => e.code === 'ERR_INVALID_ARG' && e instanceof RangeError,
    )
  }
  assert.throws(
    () => parse(101, AGENT, { options: { maxAgeMs: '1' } }),
    (e) => e.code === 'ERR_INVALID_ARG' && e instanceof TypeError,
  )
})
