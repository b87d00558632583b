// Webhooks of the sandbox's lifetime rules and phone calls, end to end through its real
// emitters: 104 before a token expires and 102 "Token expired" after it, 102 "Task lifetime
// limit exceeded" at the lifetime cap, and an outbound call's 202 states, placed and hung up
// with the package's own client. A real receiver checks each with parseWebhook.

import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { test } from 'node:test'
import { tokenClient, unique } from './helpers/agents.mjs'
import { startReceiver } from './helpers/webhook-receiver.mjs'
import { officialToken, startAgent, startSandbox, until } from './sandbox.helpers.mjs'

const require = createRequire(import.meta.url)
const { parseWebhook } = require('../index.js')

const SECRET = 'rules-secret'

async function setup(t, options) {
  const receiver = await startReceiver()
  const sb = await startSandbox({ agentStartDelayMs: 5, agentStopDelayMs: 5, ...options, webhook: { url: receiver.url, secret: SECRET } })
  t.after(async () => {
    await sb.close()
    await receiver.close()
  })
  const events = (agentId) => receiver.received.map((d) => parseWebhook(d.body, d.headers, SECRET)).filter((e) => e.payload.agentId === agentId)
  return { sb, receiver, events }
}

test('a token about to expire: 104 (labels-free), then 102 STOPPED "Token expired" when it is not renewed', async (t) => {
  const { sb, events } = await setup(t, { tokenWarningS: 2 })
  const channel = unique('expiring')
  const agentId = await startAgent(sb, { channel, token: officialToken(sb, channel, '1001', 3), properties: { idle_timeout: 0, labels: { k: 'v' } } })
  await until(() => events(agentId).some((e) => e.eventType === 102), 1000)
  const byType = Object.fromEntries(events(agentId).map((e) => [e.eventType, e]))
  assert.equal(byType[104].known, true)
  assert.equal(byType[104].payload.message, 'Token will expire!')
  assert.equal(byType[104].payload.labels, undefined)
  assert.ok(byType[104].notifyMs < byType[102].notifyMs)
  assert.deepEqual([byType[102].payload.status, byType[102].payload.message], ['STOPPED', 'Token expired'])
  assert.deepEqual(byType[102].payload.labels, { k: 'v' })
})

test('the lifetime cap: 102 STOPPED "Task lifetime limit exceeded"', async (t) => {
  const { sb, events } = await setup(t, { maxLifetimeS: 0.2 })
  const agentId = await startAgent(sb, { properties: { idle_timeout: 0 } })
  await until(() => events(agentId).some((e) => e.eventType === 102))
  const left = events(agentId).find((e) => e.eventType === 102)
  assert.deepEqual([left.payload.status, left.payload.message], ['STOPPED', 'Task lifetime limit exceeded'])
})

test('an outbound call placed and hung up with the client: 202 for each state, labels echoed; its agent 101 and 102 "OK"', async (t) => {
  const { sb, events } = await setup(t)
  const client = tokenClient(sb)
  const channel = unique('call')
  const labels = { campaign: 'spring' }
  const { agentId } = await client.startCall({ toNumber: '+442079460000', fromNumber: '+14155550100', channel, agentUid: 111, sipUid: 100, labels })
  await until(() => events(agentId).some((e) => e.eventType === 202 && e.payload.state === 'ANSWERED'))
  await client.hangupCall(agentId)
  await until(() => events(agentId).some((e) => e.eventType === 202 && e.payload.state === 'HANGUP') && events(agentId).some((e) => e.eventType === 102))
  const states = events(agentId).filter((e) => e.eventType === 202)
  assert.deepEqual(states.map((e) => e.payload.state).sort(), ['ANSWERED', 'CALLING', 'HANGUP', 'RINGING', 'START'])
  for (const e of states) {
    assert.equal(e.known, true)
    assert.deepEqual([e.payload.channel, e.payload.labels], [channel, labels])
  }
  const left = events(agentId).find((e) => e.eventType === 102)
  assert.deepEqual([left.payload.status, left.payload.message], ['STOPPED', 'OK'])
  assert.equal(events(agentId).filter((e) => e.eventType === 201).length, 0)
})
