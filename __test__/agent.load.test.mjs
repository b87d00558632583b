// 1000 concurrent startAgent calls on one client all succeed over a bounded
// number of connections: the client queues calls beyond maxConnections. (A
// connection on its way back to the pool can make it a few more, never O(calls).)
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { startSandbox, tokenClient } from './helpers/agents.mjs'

// A finished connection returns to the pool from another task; under CPU
// contention a few calls may open a new one first. Bounded means O(limit).
const bound = (limit) => limit + limit / 4
let sb
before(async () => {
  sb = await startSandbox({ agentStartDelayMs: 10, agentStopDelayMs: 10 })
})
after(() => sb.close())

test('1000 concurrent startAgent on one client', async () => {
  const client = tokenClient(sb, { maxConnections: 32 })
  const opened = sb.connections.opened
  const results = await Promise.all(
    Array.from({ length: 1000 }, (_, i) => client.startAgent({ channel: `load-${i % 50}`, agentUid: 1000 + i, remoteUids: [1] })),
  )
  assert.equal(new Set(results.map((r) => r.agentId)).size, 1000)
  const used = () => sb.connections.opened - opened
  assert.ok(used() <= bound(32), `opened ${used()} connections`)
  await Promise.all(results.map((r) => client.stopAgent(r.agentId)))
  assert.ok(used() <= bound(32), 'the pool is reused for the stops')
})

test('the default limit bounds connections too', async () => {
  const client = tokenClient(sb)
  const opened = sb.connections.opened
  const results = await Promise.all(
    Array.from({ length: 300 }, (_, i) => client.startAgent({ channel: `dflt-${i % 20}`, agentUid: 5000 + i, remoteUids: [1] })),
  )
  assert.equal(results.length, 300)
  assert.ok(sb.connections.opened - opened <= bound(64), `opened ${sb.connections.opened - opened}`)
  await Promise.all(results.map((r) => client.stopAgent(r.agentId)))
})
