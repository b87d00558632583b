// Retries and failover (docs/rest-client.md): a join is repeated only when it cannot
// have reached the server, on 429 and on 503; reads retry on 5xx/timeouts;
// each retry moves to the next base URL.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { deadOrigin, native, rejection, requestsTo, startSandbox, tokenClient, unique } from './helpers/agents.mjs'

let sb
before(async () => {
  sb = await startSandbox({ agentStartDelayMs: 10, agentStopDelayMs: 10 })
})
after(() => sb.close())

const joinsSince = (n) => requestsTo(sb, '/join').length - n
const start = (client) => client.startAgent({ channel: unique(), agentUid: 1, remoteUids: [2] })

test('503 with Retry-After: 1 is waited for, then the join succeeds (2 requests)', async () => {
  const client = tokenClient(sb)
  const joins = requestsTo(sb, '/join').length
  sb.failNext(1, { status: 503, retryAfter: 1 })
  const t0 = process.hrtime.bigint()
  const r = await start(client)
  const waitedMs = Number(process.hrtime.bigint() - t0) / 1e6
  assert.ok(r.agentId)
  assert.equal(joinsSince(joins), 2)
  assert.ok(waitedMs >= 900, `Retry-After was honoured (waited ${waitedMs} ms)`)
  await client.stopAgent(r.agentId)
})

test('429 on join is retried', async () => {
  const client = tokenClient(sb)
  const joins = requestsTo(sb, '/join').length
  sb.failNext(1, { status: 429, retryAfter: 0 })
  const r = await start(client)
  assert.equal(joinsSince(joins), 2)
  await client.stopAgent(r.agentId)
})

for (const status of [500, 502, 504]) {
  test(`${status} on join is not retried: exactly one join request`, async () => {
    const client = tokenClient(sb)
    const joins = requestsTo(sb, '/join').length
    sb.failNext(1, { status })
    const err = await rejection(start(client))
    assert.ok(err instanceof native.AgoraApiError)
    assert.equal(err.status, status)
    assert.equal(err.attempts, 1)
    assert.equal(err.retryable, false)
    assert.equal(joinsSince(joins), 1)
  })
}

test('a timeout on join is not retried: exactly one join request, ERR_TIMEOUT', async () => {
  const client = tokenClient(sb, { timeoutMs: 150 })
  const joins = requestsTo(sb, '/join').length
  sb.failNext(1, { delayMs: 1000 })
  const err = await rejection(start(client))
  assert.equal(err.code, 'ERR_TIMEOUT')
  assert.match(err.message, /not retried/)
  assert.equal(joinsSince(joins), 1)
})

test('a connection dropped after the join was sent is not retried (ERR_NETWORK)', async () => {
  const client = tokenClient(sb)
  const joins = requestsTo(sb, '/join').length
  sb.failNext(1, { dropConnection: true })
  const err = await rejection(start(client))
  assert.equal(err.code, 'ERR_NETWORK')
  assert.equal(joinsSince(joins), 1)
})

test('persistent 503 gives up after maxRetries with attempts reported', async () => {
  const client = tokenClient(sb, { maxRetries: 2 })
  const joins = requestsTo(sb, '/join').length
  sb.failNext(3, { status: 503, retryAfter: 0 })
  const err = await rejection(start(client))
  assert.equal(err.status, 503)
  assert.equal(err.attempts, 3)
  assert.equal(err.retryable, true)
  assert.equal(joinsSince(joins), 3)
})

test('reads retry on 500, 408 and timeouts', async () => {
  const client = tokenClient(sb, { timeoutMs: 200 })
  const r = await start(client)
  const gets = () => sb.requests.filter((q) => q.method === 'GET' && q.path.endsWith(r.agentId)).length
  const before = gets()
  sb.failNext(1, { status: 500 })
  sb.failNext(1, { status: 408 })
  sb.failNext(1, { delayMs: 1000 })
  // maxRetries 2 → 3 attempts, all failing.
  const err = await rejection(client.getAgent(r.agentId))
  assert.equal(err.code, 'ERR_TIMEOUT')
  assert.equal(gets() - before, 3)
  sb.failNext(1, { status: 502 })
  assert.equal((await client.getAgent(r.agentId)).agentId, r.agentId)
  await client.stopAgent(r.agentId)
})

test('stop retries on 503 and 500', async () => {
  const client = tokenClient(sb)
  const r = await start(client)
  sb.failNext(1, { status: 503, retryAfter: 0 })
  sb.failNext(1, { status: 500 })
  await client.stopAgent(r.agentId)
  assert.equal(requestsTo(sb, `/${r.agentId}/leave`).length, 3)
})

test('a dead first base URL fails over to the next one', async () => {
  const dead = await deadOrigin()
  const client = tokenClient(sb, { baseUrl: [dead, sb.url] })
  const r = await start(client)
  assert.ok(r.agentId)
  await client.stopAgent(r.agentId)
})

test('each retry moves to the next host (the failing one is not asked twice in a row)', async () => {
  const other = await startSandbox({ appId: sb.appId, appCertificate: sb.appCertificate })
  try {
    const client = tokenClient(sb, { baseUrl: [sb.url, other.url] })
    sb.failNext(1, { status: 503, retryAfter: 0 })
    const r = await start(client)
    assert.equal(requestsTo(other, '/join').length, 1)
    assert.ok(other.agents().some((a) => a.agentId === r.agentId))
  } finally {
    await other.close()
  }
})

test('nothing listening at any base URL: ERR_NETWORK after every attempt', async () => {
  const client = tokenClient(sb, { baseUrl: [await deadOrigin(), await deadOrigin()], maxRetries: 3 })
  const err = await rejection(start(client))
  assert.equal(err.code, 'ERR_NETWORK')
  assert.match(err.message, /after 4 attempts/)
})

test('a 2xx body that is not JSON is ERR_BAD_RESPONSE', async () => {
  const client = tokenClient(sb)
  sb.failNext(1, { badJson: true })
  const err = await rejection(start(client))
  assert.equal(err.code, 'ERR_BAD_RESPONSE')
})
