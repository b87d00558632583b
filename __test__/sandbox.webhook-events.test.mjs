// The notifications the sandbox derives from what its stores announce, for the announcements
// the REST API cannot trigger yet: an agent store's 'token-expiring' (104), agents stopped by
// the lifetime cap or failing, 112 past 200 turns, and a call store's state changes (201/202).
// The stores are driven directly; delivery goes to a real receiver and is checked with the package.

import assert from 'node:assert/strict'
import { EventEmitter } from 'node:events'
import { createRequire } from 'node:module'
import { test } from 'node:test'
import { startReceiver } from './helpers/webhook-receiver.mjs'
import { until } from './sandbox.helpers.mjs'

const require = createRequire(import.meta.url)
const { parseWebhook } = require('../index.js')
const { AgentStore } = require('../sandbox/agents-store.js')
const { Timers } = require('../sandbox/timers.js')
const { SandboxWebhooks } = require('../sandbox/webhooks.js')
const { webhookOptions } = require('../sandbox/webhook-options.js')

const SECRET = 'events-secret'

async function setup(t) {
  const receiver = await startReceiver()
  const timers = new Timers()
  const store = new AgentStore({ timers, startDelayMs: 1, stopDelayMs: 1 })
  const webhooks = new SandboxWebhooks(webhookOptions({ url: receiver.url, secret: SECRET, retryDelaysMs: [] }), timers)
  webhooks.followAgents(store)
  t.after(async () => {
    timers.clearAll()
    await webhooks.close()
    await receiver.close()
  })
  const events = () => receiver.received.map((d) => parseWebhook(d.body, d.headers, SECRET))
  return { receiver, store, webhooks, events }
}

const newAgent = (store, properties = {}) =>
  store.create({ name: `a-${Math.random()}`, channel: 'room', agentUid: '0', properties: { idle_timeout: 0, ...properties } })

test("'token-expiring' sends 104 with the message Agora's zh-CN docs fix, and no labels (104 documents none)", async (t) => {
  const { receiver, store, events } = await setup(t)
  const agent = newAgent(store, { labels: { team: 'a' } })
  await until(() => receiver.received.length === 1) // 101
  store.emit('change', agent, 'token-expiring')
  await until(() => receiver.received.length === 2)
  const expiring = events().find((e) => e.eventType === 104)
  assert.equal(expiring.known, true)
  assert.deepEqual(expiring.payload, { agentId: agent.agentId, name: agent.name, channel: 'room', startTs: agent.createTs, message: 'Token will expire!' })
  assert.equal('labels' in expiring.raw.payload, false)
})

test('stops of other origins keep their 102 wording: the lifetime cap, a failure', async (t) => {
  const { receiver, store, events } = await setup(t)
  const capped = newAgent(store)
  const failed = newAgent(store)
  const quiet = newAgent(store)
  store.stop(capped, 'Task lifetime limit exceeded')
  store.fail(failed, 'RTC connection error')
  store.stop(quiet) // no message: a plain leave
  // 102 and 103 for each; none of them ran, so no 101.
  await until(() => receiver.received.length === 6)
  const left = Object.fromEntries(
    events()
      .filter((e) => e.eventType === 102)
      .map((e) => [e.payload.agentId, e.payload]),
  )
  assert.deepEqual([left[capped.agentId].status, left[capped.agentId].message], ['STOPPED', 'Task lifetime limit exceeded'])
  assert.deepEqual([left[failed.agentId].status, left[failed.agentId].message], ['FAILED', 'RTC connection error'])
  assert.deepEqual([left[quiet.agentId].status, left[quiet.agentId].message], ['STOPPED', 'OK'])
  assert.equal(failed.status, 'FAILED')
  assert.deepEqual(
    events()
      .map((e) => e.eventType)
      .sort(),
    [102, 102, 102, 103, 103, 103],
  )
})

test('112 carries at most 200 turns and says it was truncated; 111 lists the same turns', async (t) => {
  const { store, events } = await setup(t)
  const agent = newAgent(store)
  for (let i = 0; i < 250; i += 1) store.addTurn(agent, 'api_speak')
  store.stop(agent)
  await until(() => events().some((e) => e.eventType === 112))
  const turns = events().find((e) => e.eventType === 112)
  assert.equal(turns.known, true)
  assert.equal(turns.payload.totalTurnCount, 250)
  assert.equal(turns.payload.isTruncated, true)
  assert.equal(turns.payload.turns.length, 200)
  assert.deepEqual([turns.payload.turns[0].turnId, turns.payload.turns[199].turnId], [51, 250])
  await until(() => events().some((e) => e.eventType === 111))
  assert.equal(events().find((e) => e.eventType === 111).payload.metrics.length, 200)
})

test('a call store: inbound states are 201, outbound 202, with report_ms and the labels', async (t) => {
  const { receiver, webhooks, events } = await setup(t)
  const calls = new EventEmitter()
  webhooks.followCalls(calls)
  const outbound = { agentId: 'AGENT-OUT', name: 'out-call', channel: 'pstn-1', type: 'outbound', labels: { campaign: 'c1' } }
  const inbound = { agentId: 'AGENT-IN', name: 'in-call', channel: 'pstn-2', type: 'inbound' }
  const before = Date.now()
  for (const state of ['START', 'CALLING', 'RINGING', 'ANSWERED', 'HANGUP']) calls.emit('change', outbound, state)
  for (const state of ['START', 'ANSWERED', 'HANGUP']) calls.emit('change', inbound, state)
  await until(() => receiver.received.length === 8)
  const out = events().filter((e) => e.eventType === 202)
  const into = events().filter((e) => e.eventType === 201)
  assert.deepEqual(out.map((e) => e.payload.state).sort(), ['ANSWERED', 'CALLING', 'HANGUP', 'RINGING', 'START'])
  assert.deepEqual(into.map((e) => e.payload.state).sort(), ['ANSWERED', 'HANGUP', 'START'])
  for (const e of [...out, ...into]) {
    assert.equal(e.known, true)
    assert.ok(e.payload.reportMs >= before && e.payload.reportMs <= Date.now())
  }
  assert.deepEqual(out[0].payload.labels, { campaign: 'c1' })
  assert.equal(out[0].payload.agentId, 'AGENT-OUT')
  assert.equal(out[0].payload.channel, 'pstn-1')
  assert.equal('labels' in into[0].raw.payload, false)
})

test('without a webhook, following stores sends nothing', async (t) => {
  const timers = new Timers()
  t.after(() => timers.clearAll())
  const store = new AgentStore({ timers, startDelayMs: 1, stopDelayMs: 1 })
  const webhooks = new SandboxWebhooks(undefined, timers)
  webhooks.followAgents(store)
  const calls = new EventEmitter()
  webhooks.followCalls(calls)
  assert.equal(store.listenerCount('change'), 0)
  assert.equal(calls.listenerCount('change'), 0)
  await webhooks.close()
})
