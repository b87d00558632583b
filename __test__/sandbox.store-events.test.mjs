// The sandbox's agent store announces every change of an agent ('created', 'running',
// 'stopping', 'stopped', 'updated'): webhook deliveries, lifetime rules and the console follow
// agents through these events, so their order and timing are part of the contract.

import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { test } from 'node:test'

const require = createRequire(import.meta.url)
const { AgentStore } = require('../sandbox/agents-store.js')
const { Timers } = require('../sandbox/timers.js')

function recordingStore(options = {}) {
  const timers = new Timers()
  const store = new AgentStore({ timers, startDelayMs: 5, stopDelayMs: 5, ...options })
  const seen = []
  store.on('change', (agent, change) => seen.push([change, agent.status]))
  return { store, timers, seen }
}

const until = (predicate) =>
  new Promise((resolve) => {
    const poll = () => (predicate() ? resolve() : setTimeout(poll, 2))
    poll()
  })

test('an agent announces created, running, updated, stopping and stopped, each with its status', async (t) => {
  const { store, timers, seen } = recordingStore()
  t.after(() => timers.clearAll())
  const agent = store.create({ name: 'a', channel: 'c', agentUid: '1', properties: { idle_timeout: 0 } })
  assert.deepEqual(seen, [['created', 'STARTING']])
  await until(() => agent.status === 'RUNNING')
  store.replaceProperties(agent, { ...agent.properties, token: 'new' })
  store.stop(agent, 'left')
  store.stop(agent, 'twice') // an agent that is not active anymore announces nothing
  await until(() => agent.status === 'STOPPED')
  assert.deepEqual(seen, [
    ['created', 'STARTING'],
    ['running', 'RUNNING'],
    ['updated', 'RUNNING'],
    ['stopping', 'STOPPING'],
    ['stopped', 'STOPPED'],
  ])
  assert.equal(agent.message, 'left')
})

test('an agent stopped before it ran never announces running', async (t) => {
  const { store, timers, seen } = recordingStore({ startDelayMs: 50 })
  t.after(() => timers.clearAll())
  const agent = store.create({ name: 'a', channel: 'c', agentUid: '1', properties: { idle_timeout: 0 } })
  store.stop(agent)
  await until(() => agent.status === 'STOPPED')
  await new Promise((resolve) => setTimeout(resolve, 60))
  assert.deepEqual(
    seen.map(([change]) => change),
    ['created', 'stopping', 'stopped'],
  )
})
