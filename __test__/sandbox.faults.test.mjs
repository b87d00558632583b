// Scripted faults, connection counters and close().

import assert from 'node:assert/strict'
import http from 'node:http'
import { after, before, test } from 'node:test'
import { agentPath, call, startSandbox, until } from './sandbox.helpers.mjs'

let sb
before(async () => {
  sb = await startSandbox()
})
after(() => sb.close())

const list = (opts) => call(sb, 'GET', agentPath(sb, '/agents'), opts)

test('status faults: Agora body with the default reason, Retry-After, for exactly n requests', async () => {
  sb.failNext(2, { status: 503, retryAfter: 2 })
  for (let i = 0; i < 2; i += 1) {
    const res = await list()
    assert.equal(res.status, 503)
    assert.equal(res.body.reason, 'ServiceUnavailable')
    assert.equal(typeof res.body.detail, 'string')
    assert.equal(res.headers.get('retry-after'), '2')
  }
  assert.equal((await list()).status, 200)
  sb.failNext(1, { status: 429, reason: 'ConcurrencyLimitExceeded' })
  sb.failNext(1, { status: 500 })
  assert.deepEqual([(await list()).status, (await list()).body.reason], [429, 'InternalError'])
  // Faults apply whatever the path and auth: the console call too.
  sb.failNext(1, { status: 502 })
  assert.equal((await call(sb, 'GET', '/dev/v1/projects')).status, 502)
})

test('retryAfter alone decorates the normal answer', async () => {
  sb.failNext(1, { retryAfter: 7 })
  const res = await list()
  assert.equal(res.status, 200)
  assert.equal(res.headers.get('retry-after'), '7')
})

test('badJson: a 2xx whose body is not JSON', async () => {
  sb.failNext(1, { badJson: true })
  const res = await list()
  assert.equal(res.status, 200)
  assert.equal(res.body, undefined)
  assert.throws(() => JSON.parse(res.text), SyntaxError)
})

test('dropConnection: the connection closes with no answer; the request is still recorded', async () => {
  const before = sb.connections
  sb.requests.length = 0
  sb.failNext(1, { dropConnection: true })
  await assert.rejects(list(), TypeError)
  assert.equal(sb.requests.length, 1)
  await until(() => sb.connections.closed > before.closed)
  assert.ok(sb.connections.abortedRequests > before.abortedRequests)
  assert.equal((await list()).status, 200)
})

test('delayMs: the answer comes after the delay; a client abort meanwhile closes the connection', async () => {
  sb.failNext(1, { delayMs: 30 })
  assert.equal((await list()).status, 200)
  const before = sb.connections
  sb.requests.length = 0
  sb.failNext(1, { delayMs: 600_000, status: 500 })
  const controller = new AbortController()
  const pending = list({ signal: controller.signal })
  await until(() => sb.requests.length === 1)
  controller.abort()
  await assert.rejects(pending, { name: 'AbortError' })
  await until(() => sb.connections.abortedRequests === before.abortedRequests + 1)
  await until(() => sb.connections.closed > before.closed)
})

test('failNext rejects bad scripts with coded errors', () => {
  assert.throws(() => sb.failNext(-1, {}), { name: 'RangeError', code: 'ERR_INVALID_ARG' })
  assert.throws(() => sb.failNext(1.5, {}), { code: 'ERR_INVALID_ARG' })
  assert.throws(() => sb.failNext(1, null), { name: 'TypeError', code: 'ERR_INVALID_ARG' })
  assert.throws(() => sb.failNext(1, { status: 99 }), { code: 'ERR_INVALID_ARG' })
  assert.throws(() => sb.failNext(1, { retryAfter: -1 }), { code: 'ERR_INVALID_ARG' })
  assert.throws(() => sb.failNext(1, { badJson: 'yes' }), { code: 'ERR_INVALID_ARG' })
  sb.failNext(0, { status: 500 })
})

/** GET over a given agent, resolving the status. */
function get(agent, local) {
  return new Promise((resolve, reject) => {
    const url = new URL(agentPath(local, '/agents'), local.url)
    http
      .get(url, { agent, headers: { authorization: `Basic ${Buffer.from(`${local.customerId}:${local.customerSecret}`).toString('base64')}` } }, (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode))
      })
      .on('error', reject)
  })
}

test('connection counters: a keep-alive client with one socket is seen as one connection', async () => {
  const local = await startSandbox()
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  try {
    const statuses = await Promise.all(Array.from({ length: 10 }, () => get(agent, local)))
    assert.deepEqual(new Set(statuses), new Set([200]))
    const stats = local.connections
    assert.deepEqual({ opened: stats.opened, peak: stats.peak, active: stats.active }, { opened: 1, peak: 1, active: 1 })
  } finally {
    // close() must not wait for the idle keep-alive socket: it ends it.
    await local.close()
    agent.destroy()
  }
  assert.equal(local.connections.active, 0)
  assert.equal(local.connections.closed, 1)
  await local.close()
})

test('close() with agent timers pending resolves, and the port refuses connections after', async () => {
  const local = await startSandbox({ agentStartDelayMs: 600_000 })
  const { startAgent } = await import('./sandbox.helpers.mjs')
  await startAgent(local, { properties: { idle_timeout: 3600 } })
  await local.close()
  await assert.rejects(fetch(local.url), TypeError)
})
