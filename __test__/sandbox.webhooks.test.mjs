// The sandbox's webhook delivery (api.md §9), end to end: a real HTTP receiver on loopback gets
// signed notifications for agents started and stopped over the REST API, verified with the
// package's own parseWebhook and with Node's crypto; failed deliveries are retried as Agora
// does (same noticeId, fresh notifyMs and signature, at most 3 retries); every attempt is
// recorded; the queue is bounded; close() ends retries and attempts in flight.

import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { createRequire } from 'node:module'
import { test } from 'node:test'
import { startReceiver } from './helpers/webhook-receiver.mjs'
import { agentPath, call, startAgent, startSandbox, until } from './sandbox.helpers.mjs'

const require = createRequire(import.meta.url)
const { parseWebhook, verifyWebhook, createWebhookDedupe } = require('../index.js')

const SECRET = 'sandbox-webhook-secret'
const FAST = { agentStartDelayMs: 5, agentStopDelayMs: 5 }
const hmac = (algorithm, body) => createHmac(algorithm, SECRET).update(body).digest('hex')

/** A sandbox delivering to a fresh receiver; both closed after the test. */
async function setup(t, { respond, webhook = {}, ...options } = {}) {
  const receiver = await startReceiver(respond)
  const sb = await startSandbox({ ...FAST, ...options, webhook: { url: receiver.url, secret: SECRET, retryDelaysMs: [20, 40, 80], ...webhook } })
  t.after(async () => {
    await sb.close()
    await receiver.close()
  })
  return { sb, receiver }
}

const leave = (sb, agentId) => call(sb, 'POST', agentPath(sb, `/agents/${agentId}/leave`))
const settled = (sb) => sb.webhookDeliveries.filter((a) => a.outcome !== 'pending')
const attemptsOf = (sb, noticeId) => sb.webhookDeliveries.filter((a) => a.noticeId === noticeId)

test('a started and stopped agent: signed 101, 102 "OK" and 103, verified by the package and by crypto', async (t) => {
  const { sb, receiver } = await setup(t)
  const labels = { campaign_id: 'spring', tenant: 't-1' }
  const agentId = await startAgent(sb, { properties: { labels, llm: { url: 'https://llm.invalid/v1', api_key: 'sk-x', greeting_message: 'Hello there' } } })
  await until(() => receiver.ofType(101).length === 1)
  assert.equal((await leave(sb, agentId)).status, 200)
  await until(() => receiver.received.length === 5)

  const events = receiver.received.map((delivery) => {
    assert.equal(delivery.method, 'POST')
    assert.equal(delivery.path, '/agora/webhook')
    assert.match(delivery.headers['content-type'], /^application\/json/)
    // The headers Agora sends: lower-case hex HMAC-SHA256 and HMAC-SHA1 of the raw body.
    assert.equal(delivery.headers['agora-signature-v2'], hmac('sha256', delivery.body))
    assert.equal(delivery.headers['agora-signature'], hmac('sha1', delivery.body))
    const sha1Only = { 'agora-signature': delivery.headers['agora-signature'] }
    assert.equal(verifyWebhook(delivery.body, sha1Only, SECRET), true)
    return parseWebhook(delivery.body, delivery.headers, SECRET, { maxAgeMs: 60_000 })
  })
  assert.deepEqual(events.map((e) => e.eventType).sort(), [101, 102, 103, 111, 112])
  for (const event of events) {
    assert.equal(event.known, true, `event ${event.eventType}`)
    assert.equal(event.productId, 17)
    assert.equal(event.payload.agentId, agentId)
    assert.deepEqual(event.payload.labels, labels)
  }
  assert.equal(new Set(events.map((e) => e.noticeId)).size, events.length, 'noticeIds are unique')

  const byType = Object.fromEntries(events.map((e) => [e.eventType, e.payload]))
  const agent = sb.agents().find((a) => a.agentId === agentId)
  assert.equal(byType[101].channel, agent.channel)
  assert.equal(byType[101].name, agent.name)
  assert.equal(byType[101].startTs, agent.createTs)
  assert.equal(byType[102].status, 'STOPPED')
  assert.equal(byType[102].message, 'OK')
  assert.ok(byType[102].stopTs >= byType[102].startTs)
  assert.deepEqual(byType[103].contents, [{ role: 'assistant', content: 'Hello there' }])
  // The greeting is a turn: 111 lists it (no latencies measured), 112 reports it.
  assert.deepEqual(byType[111].metrics, [{ turnId: 1 }])
  assert.equal(byType[112].totalTurnCount, 1)
  assert.equal(byType[112].isTruncated, false)
  assert.equal(byType[112].turns[0].start.type, 'greeting')
  assert.deepEqual(byType[112].turns[0].metrics.segmentedLatencyMs, {})

  // Every attempt is recorded, with the exact body the receiver got.
  await until(() => settled(sb).length === 5)
  for (const attempt of sb.webhookDeliveries) {
    assert.equal(attempt.outcome, 'delivered')
    assert.equal(attempt.attempt, 1)
    assert.equal(attempt.status, 200)
    assert.equal(attempt.agentId, agentId)
    assert.ok(receiver.received.some((d) => d.body.toString() === attempt.body))
    assert.equal(JSON.parse(attempt.body).notifyMs, attempt.notifyMs)
  }
})

test('no agent events without labels carry a labels field; an agent stopped by its idle timeout: "Idle for too long"', async (t) => {
  const { sb, receiver } = await setup(t)
  const agentId = await startAgent(sb, { properties: { idle_timeout: 1 } })
  await until(() => receiver.ofType(102).length === 1 && receiver.received.length === 3, 1000)
  const left = JSON.parse(receiver.ofType(102)[0].body)
  assert.equal(left.payload.agent_id, agentId)
  assert.equal(left.payload.status, 'STOPPED')
  assert.equal(left.payload.message, 'Idle for too long')
  for (const delivery of receiver.received) assert.equal('labels' in delivery.json.payload, false)
  // No turns (no greeting): no 111 or 112.
  assert.deepEqual(receiver.received.map((d) => d.json.eventType).sort(), [101, 102, 103])
})

test('failAgent: the agent ends FAILED, and 102 says FAILED with the documented message', async (t) => {
  const { sb, receiver } = await setup(t)
  const first = await startAgent(sb, { properties: { idle_timeout: 0 } })
  await until(() => receiver.ofType(101).length === 1)
  sb.failAgent(first)
  const second = await startAgent(sb, { properties: { idle_timeout: 0 } })
  sb.failAgent(second, 'Connecting for too long') // still STARTING: it never connected
  await until(() => receiver.ofType(102).length === 2)
  const left = Object.fromEntries(receiver.ofType(102).map((d) => [d.json.payload.agent_id, d.json.payload]))
  assert.deepEqual([left[first].status, left[first].message], ['FAILED', 'RTC connection error'])
  assert.deepEqual([left[second].status, left[second].message], ['FAILED', 'Connecting for too long'])
  const query = await call(sb, 'GET', agentPath(sb, `/agents/${first}`))
  assert.equal(query.body.status, 'FAILED')
  // A failed agent is over: no second failure, no error reports.
  assert.throws(() => sb.failAgent(first), { code: 'ERR_INVALID_ARG', message: /FAILED/ })
  assert.throws(() => sb.injectAgentError(first), { code: 'ERR_INVALID_ARG' })
  assert.throws(() => sb.failAgent('no-such-agent'), { code: 'ERR_INVALID_ARG', message: /no agent/ })
  assert.throws(() => sb.failAgent(first, ''), { code: 'ERR_INVALID_ARG' })
})

test('injectAgentError: a 110 for a running agent, defaults and given fields, the agent keeps running', async (t) => {
  const { sb, receiver } = await setup(t)
  const agentId = await startAgent(sb, { properties: { idle_timeout: 0, labels: { k: 'v' } } })
  sb.injectAgentError(agentId)
  sb.injectAgentError(agentId, { module: 'tts', code: 401, message: 'Unauthorized', turnId: 7 })
  await until(() => receiver.ofType(110).length === 2)
  const [first, second] = receiver.ofType(110).map((d) => parseWebhook(d.body, d.headers, SECRET))
  assert.equal(first.known, true)
  assert.deepEqual(first.payload.errors, [{ module: 'llm', turnId: 0, code: 503, message: 'Service Unavailable' }])
  assert.deepEqual(second.payload.errors, [{ module: 'tts', turnId: 7, code: 401, message: 'Unauthorized' }])
  assert.equal(second.payload.turnId, 7)
  assert.deepEqual(second.payload.labels, { k: 'v' })
  assert.equal(sb.agents().find((a) => a.agentId === agentId).status, 'RUNNING')
  for (const bad of [{ code: 1.5 }, { code: -1 }, { module: '' }, { message: 'x'.repeat(1025) }, { turnId: -1 }, 'llm']) {
    assert.throws(() => sb.injectAgentError(agentId, bad), { code: 'ERR_INVALID_ARG' }, JSON.stringify(bad))
  }
  assert.throws(() => sb.injectAgentError(42), { code: 'ERR_INVALID_ARG' })
})

test('a failing receiver: retried with the same noticeId, a fresh notifyMs and a fresh signature, until it answers 200 JSON', async (t) => {
  const answers = [
    { status: 500, body: '{"error":"down"}' },
    { status: 200, body: 'OK' },
    { status: 204, body: '' },
    { status: 200, body: '{}' },
  ]
  const { sb, receiver } = await setup(t, { respond: (_d, n) => answers[n - 1] })
  const agentId = await startAgent(sb, { properties: { idle_timeout: 0 } })
  await until(() => settled(sb).length === 4)
  assert.equal(receiver.received.length, 4)
  const noticeIds = new Set(receiver.received.map((d) => d.json.noticeId))
  assert.equal(noticeIds.size, 1, 'one notification, four deliveries')
  const notifyMs = receiver.received.map((d) => d.json.notifyMs)
  for (let i = 1; i < notifyMs.length; i += 1) assert.ok(notifyMs[i] > notifyMs[i - 1], `notifyMs refreshed: ${notifyMs}`)
  assert.equal(new Set(receiver.received.map((d) => d.headers['agora-signature-v2'])).size, 4)
  for (const delivery of receiver.received) {
    const event = parseWebhook(delivery.body, delivery.headers, SECRET)
    assert.deepEqual([event.eventType, event.payload.agentId], [101, agentId])
  }
  const attempts = attemptsOf(sb, [...noticeIds][0])
  assert.deepEqual(
    attempts.map((a) => [a.attempt, a.outcome, a.status, a.retryInMs]),
    [
      [1, 'failed', 500, 20],
      [2, 'failed', 200, 40],
      [3, 'failed', 204, 80],
      [4, 'delivered', 200, undefined],
    ],
  )
  assert.deepEqual(
    attempts.map((a) => a.error),
    ['answered 500, not 200', 'answered 200 without a JSON body', 'answered 204, not 200', undefined],
  )
})

test('at most 3 retries: a receiver that always fails gets 4 deliveries, then none', async (t) => {
  const { sb, receiver } = await setup(t, { respond: () => ({ status: 503, body: '{}' }) })
  await startAgent(sb, { properties: { idle_timeout: 0 } })
  await until(() => settled(sb).length === 4)
  const last = sb.webhookDeliveries[3]
  assert.deepEqual([last.attempt, last.outcome, last.retryInMs], [4, 'failed', undefined])
  // The last attempt scheduled nothing: longer than every retry delay later, still 4.
  await new Promise((resolve) => setTimeout(resolve, 300))
  assert.equal(receiver.received.length, 4)
  assert.equal(sb.webhookDeliveries.length, 4)
})

test('retryDelaysMs: [] never retries; timeoutMs: a receiver that does not answer in time fails the attempt', async (t) => {
  const { sb, receiver } = await setup(t, { respond: () => 'hang', webhook: { retryDelaysMs: [], timeoutMs: 50 } })
  await startAgent(sb, { properties: { idle_timeout: 0 } })
  await until(() => settled(sb).length === 1)
  const [attempt] = sb.webhookDeliveries
  assert.deepEqual([attempt.outcome, attempt.status, attempt.error, attempt.retryInMs], ['failed', null, 'no answer within 50 ms (timeoutMs)', undefined])
  assert.equal(receiver.received.length, 1, 'the receiver got it, and did not answer')
})

test('an answer over 64 KiB fails the attempt (read no further)', async (t) => {
  const big = JSON.stringify({ padding: 'x'.repeat(100_000) })
  const { sb } = await setup(t, { respond: () => ({ status: 200, body: big }), webhook: { retryDelaysMs: [] } })
  await startAgent(sb, { properties: { idle_timeout: 0 } })
  await until(() => settled(sb).length === 1)
  assert.equal(sb.webhookDeliveries[0].error, 'the answer is over 65536 bytes')
})

test('an unreachable receiver: failed with no status, retried', async (t) => {
  const receiver = await startReceiver()
  const url = receiver.url
  await receiver.close() // nothing listens there now
  const sb = await startSandbox({ ...FAST, webhook: { url, secret: SECRET, retryDelaysMs: [10] } })
  t.after(() => sb.close())
  await startAgent(sb, { properties: { idle_timeout: 0 } })
  await until(() => settled(sb).length === 2)
  for (const attempt of sb.webhookDeliveries) {
    assert.equal(attempt.status, null)
    assert.match(attempt.error, /^no answer: .*ECONNREFUSED/)
  }
})

test('bounded queue: past maxQueued unsettled notifications, new ones are dropped and recorded', async (t) => {
  const { sb, receiver } = await setup(t, { respond: () => 'hang', webhook: { maxConcurrent: 1, maxQueued: 2 } })
  for (let i = 0; i < 4; i += 1) await startAgent(sb, { properties: { idle_timeout: 0 } })
  await until(() => receiver.received.length === 1 && sb.webhookDeliveries.filter((a) => a.outcome === 'dropped').length === 2)
  // One in flight (the receiver holds it), one queued behind it (maxConcurrent 1), two dropped.
  const dropped = sb.webhookDeliveries.filter((a) => a.outcome === 'dropped')
  for (const d of dropped) {
    assert.equal(d.attempt, 0)
    assert.equal(d.status, null)
    assert.match(d.error, /webhook\.maxQueued/)
  }
  receiver.release()
  await until(() => receiver.received.length === 2)
  receiver.release()
  await until(() => sb.webhookDeliveries.filter((a) => a.outcome === 'delivered').length === 2)
  assert.equal(receiver.received.length, 2, 'dropped notifications are never sent')
  const agentIds = new Set(receiver.received.map((d) => d.json.payload.agent_id))
  assert.equal(agentIds.size, 2)
  for (const d of dropped) assert.equal(agentIds.has(d.agentId), false)
})

test("maxConcurrent attempts in flight at once, past Node's default listener warning (10)", async (t) => {
  const warnings = []
  const onWarning = (warning) => warnings.push(warning.name)
  process.on('warning', onWarning)
  t.after(() => process.off('warning', onWarning))
  const { sb, receiver } = await setup(t, { respond: () => 'hang', webhook: { maxConcurrent: 12 } })
  for (let i = 0; i < 13; i += 1) await startAgent(sb, { properties: { idle_timeout: 0 } })
  await until(() => receiver.received.length === 12)
  await new Promise((resolve) => setTimeout(resolve, 50))
  assert.equal(receiver.received.length, 12, 'the 13th waits for a free slot')
  receiver.release()
  await until(() => receiver.received.length === 13)
  receiver.release()
  await until(() => settled(sb).length === 13)
  assert.deepEqual(warnings, [])
})

test('recordDeliveries keeps the most recent attempts', async (t) => {
  const { sb } = await setup(t, { webhook: { recordDeliveries: 2 } })
  const ids = []
  for (let i = 0; i < 3; i += 1) ids.push(await startAgent(sb, { properties: { idle_timeout: 0 } }))
  await until(() => sb.webhookDeliveries.length === 2 && settled(sb).length === 2 && sb.webhookDeliveries[1].agentId === ids[2])
  assert.deepEqual(
    sb.webhookDeliveries.map((a) => a.agentId),
    ids.slice(1),
  )
})

test('close() mid-retry: no retry is sent after it, and an attempt in flight is cancelled', async (t) => {
  const receiver = await startReceiver((_d, n) => (n === 1 ? { status: 500, body: '{}' } : 'hang'))
  t.after(() => receiver.close())
  const sb = await startSandbox({ ...FAST, webhook: { url: receiver.url, secret: SECRET, retryDelaysMs: [200, 200, 200] } })
  await startAgent(sb, { properties: { idle_timeout: 0 } })
  await startAgent(sb, { properties: { idle_timeout: 0 } })
  // One notification failed and waits 200 ms for its retry; the other is held by the receiver.
  await until(() => sb.webhookDeliveries.some((a) => a.retryInMs === 200) && receiver.received.length === 2)
  await sb.close()
  const held = sb.webhookDeliveries.find((a) => a.outcome !== 'delivered' && a.retryInMs === undefined)
  assert.deepEqual([held.outcome, held.status, held.error], ['failed', null, 'cancelled: the sandbox closed'])
  await new Promise((resolve) => setTimeout(resolve, 400))
  assert.equal(receiver.received.length, 2, 'no retry after close')
  assert.equal(sb.webhookDeliveries.length, 2)
  assert.equal(await sb.close(), undefined, 'close is idempotent')
})

test('failNext({ webhook }): an attempt not sent, or an answer lost (the receiver sees a duplicate it can dedupe)', async (t) => {
  const { sb, receiver } = await setup(t)
  sb.failNext(1, { webhook: true })
  const first = await startAgent(sb, { properties: { idle_timeout: 0 } })
  await until(() => settled(sb).length === 2)
  assert.deepEqual(
    sb.webhookDeliveries.map((a) => [a.outcome, a.error ?? '']),
    [
      ['failed', 'scripted failure (failNext): not sent'],
      ['delivered', ''],
    ],
  )
  assert.equal(receiver.received.length, 1)
  assert.equal(receiver.received[0].json.payload.agent_id, first)

  sb.failNext(1, { webhook: 'answer-lost' })
  await startAgent(sb, { properties: { idle_timeout: 0 } })
  await until(() => settled(sb).length === 4)
  const [a, b] = receiver.received.slice(1)
  assert.equal(a.json.noticeId, b.json.noticeId)
  assert.match(sb.webhookDeliveries[2].error, /answer was lost/)
  assert.equal(sb.webhookDeliveries[2].status, 200)
  const dedupe = createWebhookDedupe()
  const claims = []
  for (const d of [a, b]) claims.push(await dedupe.claim(parseWebhook(d.body, d.headers, SECRET).noticeId))
  assert.deepEqual(claims, [true, false])

  // Webhook faults and request faults are separate queues.
  sb.failNext(1, { webhook: 'unsent' })
  assert.equal((await call(sb, 'GET', agentPath(sb, '/agents'))).status, 200)
  for (const bad of [{ webhook: 'sometimes' }, { webhook: false }, { webhook: true, status: 500 }]) {
    assert.throws(() => sb.failNext(1, bad), { code: 'ERR_INVALID_ARG' }, JSON.stringify(bad))
  }
  assert.throws(() => sb.failNext(-1, { webhook: true }), { code: 'ERR_INVALID_ARG' })
})

test('without the webhook option: nothing is delivered, and webhook-only methods say why', async (t) => {
  const sb = await startSandbox(FAST)
  t.after(() => sb.close())
  const agentId = await startAgent(sb)
  assert.deepEqual(sb.webhookDeliveries, [])
  assert.throws(() => sb.injectAgentError(agentId), { code: 'ERR_INVALID_ARG', message: /no webhook/ })
  assert.throws(() => sb.failNext(1, { webhook: true }), { code: 'ERR_INVALID_ARG', message: /no webhook/ })
  sb.failAgent(agentId) // needs no webhook
  await until(() => sb.agents()[0].status === 'FAILED')
})

test('webhook options are checked (ERR_INVALID_ARG), and the secret appears nowhere', async (t) => {
  const url = 'http://127.0.0.1:9/hook'
  const bad = [
    null,
    'http://127.0.0.1:9/hook',
    { secret: SECRET },
    { url: 'not a url', secret: SECRET },
    { url: 'ftp://127.0.0.1/hook', secret: SECRET },
    { url, secret: '' },
    { url, secret: 'x'.repeat(4097) },
    { url, secret: SECRET, retryDelaysMs: [1, 2, 3, 4] },
    { url, secret: SECRET, retryDelaysMs: [-1] },
    { url, secret: SECRET, retryDelaysMs: 1000 },
    { url, secret: SECRET, timeoutMs: 0 },
    { url, secret: SECRET, timeoutMs: 1.5 },
    { url, secret: SECRET, maxConcurrent: 0 },
    { url, secret: SECRET, maxQueued: 0 },
    { url, secret: SECRET, recordDeliveries: -1 },
  ]
  for (const webhook of bad) {
    await assert.rejects(startSandbox({ webhook }), (error) => {
      assert.equal(error.code, 'ERR_INVALID_ARG', JSON.stringify(webhook))
      assert.ok(!error.message.includes(SECRET))
      return true
    })
  }
  const { sb, receiver } = await setup(t, { respond: () => ({ status: 500, body: '{}' }) })
  await startAgent(sb, { properties: { idle_timeout: 0 } })
  await until(() => settled(sb).length === 4)
  assert.equal(receiver.received.length, 4)
  const seen = JSON.stringify({ sandbox: sb, deliveries: sb.webhookDeliveries, requests: sb.requests })
  assert.ok(!seen.includes(SECRET))
})

test('a throwing attempt listener is reported, and delivery goes on', async (t) => {
  const { sb, receiver } = await setup(t)
  const printed = t.mock.method(console, 'error', () => {})
  sb.webhookEvents.on('attempt', () => {
    throw new Error('listener bug')
  })
  const starts = []
  sb.webhookEvents.on('attempt-start', (attempt) => starts.push(attempt.outcome))
  const agentId = await startAgent(sb, { properties: { idle_timeout: 0 } })
  await until(() => settled(sb).length === 1)
  await leave(sb, agentId)
  await until(() => settled(sb).length === 3)
  assert.equal(receiver.received.length, 3)
  assert.deepEqual(starts, ['pending', 'pending', 'pending'])
  assert.equal(printed.mock.callCount(), 3)
  assert.match(String(printed.mock.calls[0].arguments[0]), /webhook 'attempt' listener threw/)
})
