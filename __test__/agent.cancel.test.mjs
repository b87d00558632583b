// Cancellation: AbortSignal and timeoutMs drop the Rust future, which closes
// the HTTP request (the sandbox sees the connection end before its answer).
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'

import { rejection, startSandbox, tokenClient, unique } from './helpers/agents.mjs'

let sb
before(async () => {
  sb = await startSandbox({ agentStartDelayMs: 10, agentStopDelayMs: 10 })
})
after(() => sb.close())

const request = () => ({ channel: unique(), agentUid: 1, remoteUids: [2] })

/** Polls until `check()` holds (bounded), for server-side effects of a client abort. */
async function eventually(check) {
  for (let i = 0; i < 200 && !check(); i++) await sleep(10)
  assert.ok(check())
}

test('abort mid-request rejects with ERR_ABORTED and closes the connection', async () => {
  const client = tokenClient(sb)
  const aborted = sb.connections.abortedRequests
  sb.failNext(1, { delayMs: 5000 })
  const controller = new AbortController()
  const pending = client.startAgent(request(), { signal: controller.signal })
  await eventually(() => sb.requests.length > 0 && sb.connections.active > 0)
  controller.abort()
  const err = await rejection(pending)
  assert.equal(err.code, 'ERR_ABORTED')
  assert.equal(err.name, 'AbortError')
  assert.ok(err instanceof Error)
  await eventually(() => sb.connections.abortedRequests === aborted + 1)
})

test('an already-aborted signal sends nothing', async () => {
  const client = tokenClient(sb)
  const before = sb.requests.length
  const err = await rejection(client.getAgent('ABC', { signal: AbortSignal.abort() }))
  assert.equal(err.code, 'ERR_ABORTED')
  assert.equal(sb.requests.length, before)
})

test('a call timeoutMs rejects with ERR_TIMEOUT and closes the connection', async () => {
  const client = tokenClient(sb)
  const aborted = sb.connections.abortedRequests
  sb.failNext(1, { delayMs: 5000 })
  const err = await rejection(client.listAgents({}, { timeoutMs: 100 }))
  assert.equal(err.code, 'ERR_TIMEOUT')
  await eventually(() => sb.connections.abortedRequests === aborted + 1)
})

test('a signal that never fires does not hold the call', async () => {
  const client = tokenClient(sb)
  const controller = new AbortController()
  const r = await client.startAgent(request(), { signal: controller.signal })
  controller.abort() // after completion: nothing to cancel
  await client.stopAgent(r.agentId, { signal: controller.signal }).catch((e) => assert.equal(e.code, 'ERR_ABORTED'))
})

test('AbortSignal.timeout works as a signal', async () => {
  const client = tokenClient(sb)
  sb.failNext(1, { delayMs: 5000 })
  const err = await rejection(client.getAgent('ABC', { signal: AbortSignal.timeout(50) }))
  assert.equal(err.code, 'ERR_ABORTED')
})
