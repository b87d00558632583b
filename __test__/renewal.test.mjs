// Agents that outlive their token, on the sandbox with tokens of a few seconds: the sandbox's
// lifetime rules (104 announced before expiry, an unrenewed agent leaves with "Token expired",
// the maxLifetimeS cap with "Task lifetime limit exceeded"), the stateless renewAgentToken (from
// another client instance, as a 104 webhook handler would), and keepAgentAlive in process.

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

import { basicClient, deadOrigin, native, rejection, requestsTo, startSandbox, tokenClient, unique } from './helpers/agents.mjs'

const require = createRequire(import.meta.url)
const { AgentStore } = require('../sandbox/agents-store.js')
const { Lifetime } = require('../sandbox/lifetime.js')
const { Timers } = require('../sandbox/timers.js')

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
/** Polls `fn` until it returns true: at most `tries` times, 50 ms apart. */
async function until(fn, tries = 200) {
  for (let i = 0; i < tries; i++) {
    if (await fn()) return
    await sleep(50)
  }
  throw new Error('condition not reached')
}

const sb = await startSandbox({ agentStartDelayMs: 5, agentStopDelayMs: 5, tokenWarningS: 1 })
test.after(() => sb.close())

/** An agent on a token of `tokenExpire` seconds, with no idle timeout. */
async function shortLived(client, tokenExpire = 3) {
  const channel = unique('renew')
  const { agentId } = await client.startAgent({
    channel,
    agentUid: 1001,
    remoteUids: [2002],
    tokenExpire,
    idleTimeout: 0,
    enableRtm: true,
    labels: { agentUid: '1001' },
  })
  return { agentId, channel }
}

test('renewAgentToken from another instance keeps the agent past its first token; the unrenewed one leaves with 102 "Token expired"', async () => {
  const starter = tokenClient(sb)
  const renewed = await shortLived(starter)
  const unrenewed = await shortLived(starter)
  // Another process's client, with nothing remembered about the agent: only what a 104 webhook carries.
  const other = basicClient(sb)
  const result = await other.renewAgentToken(renewed.agentId, { channel: renewed.channel, agentUid: 1001, tokenExpire: 60 })
  assert.equal(result.agentId, renewed.agentId)
  assert.equal(result.status, 'RUNNING')
  assert.ok(result.tokenExpiresAt >= Math.floor(Date.now() / 1000) + 58 && result.tokenExpiresAt <= Math.floor(Date.now() / 1000) + 61)
  const update = requestsTo(sb, `/agents/${renewed.agentId}/update`).at(-1)
  assert.deepEqual(update.body, { properties: { token: '***' } })

  await until(async () => (await starter.getAgent(unrenewed.agentId)).status === 'STOPPED')
  const left = await starter.getAgent(unrenewed.agentId)
  assert.equal(left.message, 'Token expired')
  const kept = await starter.getAgent(renewed.agentId)
  assert.equal(kept.status, 'RUNNING', 'outlived its first 3-second token')
  await starter.stopAgent(renewed.agentId)
})

test('renewAgentToken: the token must fit the agent (the sandbox checks it like Agora), and needs the certificate', async () => {
  const client = tokenClient(sb)
  const { agentId, channel } = await shortLived(client, 60)
  const wrongUid = await rejection(client.renewAgentToken(agentId, { channel, agentUid: 7 }))
  assert.equal(wrongUid.status, 400)
  assert.match(wrongUid.detail, /different uid/)
  const wrongChannel = await rejection(client.renewAgentToken(agentId, { channel: 'elsewhere', agentUid: 1001 }))
  assert.match(wrongChannel.detail, /different channel/)
  const noCert = new native.ConvoAIClient({ appId: sb.appId, customerId: sb.customerId, customerSecret: sb.customerSecret, baseUrl: sb.url })
  assert.equal((await rejection(noCert.renewAgentToken(agentId, { channel, agentUid: 1001 }))).code, 'ERR_INVALID_ARG')
  assert.equal((await rejection(client.renewAgentToken(agentId, { channel, agentUid: 1001, tokenExpire: 86401 }))).code, 'ERR_INVALID_EXPIRE')
  assert.equal((await rejection(client.renewAgentToken('a/b', { channel, agentUid: 1001 }))).code, 'ERR_INVALID_ARG')
  await client.stopAgent(agentId)
  const gone = await rejection(client.renewAgentToken(agentId, { channel, agentUid: 1001 }))
  assert.equal(gone.status, 404)
})

test('the sandbox announces 104 (token-expiring) before the token expires, once per token, then stops the agent', async () => {
  const timers = new Timers()
  const store = new AgentStore({ timers, startDelayMs: 1, stopDelayMs: 1 })
  const lifetime = new Lifetime({ store, maxLifetimeS: 3600, tokenWarningS: 1 })
  const changes = { n: [], r: [] }
  const mint = (channelName, tokenExpire) => native.buildRtcRtmToken({ appId: sb.appId, appCertificate: sb.appCertificate, channelName, uid: 5, tokenExpire })
  store.on('change', (agent, change) => {
    changes[agent.name].push(change)
    // The renewed agent gets a fresh token on its first 104, as /update gives it one.
    if (agent.name === 'r' && change === 'token-expiring' && changes.r.filter((c) => c === 'token-expiring').length === 1) {
      store.replaceProperties(agent, { ...agent.properties, token: mint('c2', 4) })
    }
  })
  const agent = store.create({ name: 'n', channel: 'c', agentUid: '5', properties: { token: mint('c', 2), idle_timeout: 0 } })
  const renewed = store.create({ name: 'r', channel: 'c2', agentUid: '5', properties: { token: mint('c2', 2), idle_timeout: 0 } })
  await until(() => agent.status === 'STOPPED')
  await sleep(1500)
  assert.equal(renewed.status, 'RUNNING', 'a renewed token moves the expiry')
  await until(() => renewed.status === 'STOPPED')
  lifetime.close()
  timers.clearAll()
  assert.deepEqual(changes.n, ['created', 'running', 'token-expiring', 'stopping', 'stopped'])
  assert.deepEqual(changes.r, ['created', 'running', 'token-expiring', 'updated', 'token-expiring', 'stopping', 'stopped'])
  assert.equal(agent.message, 'Token expired')
})

test('maxLifetimeS ends an agent with 102 "Task lifetime limit exceeded", whatever its token', async () => {
  const capped = await startSandbox({ agentStartDelayMs: 1, maxLifetimeS: 1 })
  try {
    const client = tokenClient(capped)
    const { agentId } = await client.startAgent({ channel: unique('cap'), agentUid: 1, remoteUids: [2], idleTimeout: 0 })
    await until(async () => (await client.getAgent(agentId)).status === 'STOPPED')
    assert.equal((await client.getAgent(agentId)).message, 'Task lifetime limit exceeded')
  } finally {
    await capped.close()
  }
})

test('keepAgentAlive renews before each expiry until stopAgent; its end is reported', async () => {
  const client = tokenClient(sb)
  const { agentId, channel } = await shortLived(client, 2)
  const renewals = []
  const errors = []
  let end
  const keep = client.keepAgentAlive(agentId, {
    channel,
    agentUid: 1001,
    tokenExpire: 2,
    renewBeforeS: 1,
    onError: (e) => errors.push(e),
    onRenewed: (r) => renewals.push(r),
    onEnd: (e) => (end = e),
  })
  assert.equal(keep.agentId, agentId)
  assert.equal(keep.active, true)
  await until(() => renewals.length >= 4)
  assert.equal((await client.getAgent(agentId)).status, 'RUNNING', 'alive well past its 2-second tokens')
  assert.ok(renewals.every((r) => r.agentId === agentId && r.tokenExpiresAt > r.createTs))
  await client.stopAgent(agentId)
  await until(() => end !== undefined)
  assert.deepEqual(end, { agentId, reason: 'agent-stopped' })
  assert.equal(keep.active, false)
  assert.deepEqual(errors, [])
})

test('keepAgentAlive: failures go to onError and renewing goes on; an agent found stopped ends it; stop() and replacement end it', async () => {
  const client = tokenClient(sb, { maxRetries: 0 })
  const { agentId, channel } = await shortLived(client, 30)
  const errors = []
  const renewals = []
  let end
  sb.failNext(1, { status: 503 })
  client.keepAgentAlive(agentId, {
    channel,
    agentUid: 1001,
    checkIntervalS: 1,
    onError: (e) => errors.push(e),
    onRenewed: (r) => renewals.push(r),
    onEnd: (e) => (end = e),
  })
  await until(() => renewals.length === 1)
  assert.equal(errors.length, 1)
  assert.ok(errors[0] instanceof native.AgoraApiError)
  assert.equal(errors[0].status, 503)
  // Stopped behind the keep-alive's back (another instance, the idle timeout, …): the next check sees it.
  await basicClient(sb).stopAgent(agentId)
  await until(() => end !== undefined)
  assert.deepEqual(end, { agentId, reason: 'agent-stopped' })

  const next = await shortLived(client, 30)
  const ends = []
  const first = client.keepAgentAlive(next.agentId, {
    channel: next.channel,
    agentUid: 1001,
    expiresAt: Date.now() / 1000 + 30,
    onError: () => {},
    onEnd: (e) => ends.push(e.reason),
  })
  const second = client.keepAgentAlive(next.agentId, {
    channel: next.channel,
    agentUid: 1001,
    expiresAt: Date.now() / 1000 + 30,
    onError: () => {},
    onEnd: (e) => ends.push(e.reason),
  })
  second.stop()
  second.stop()
  await until(() => ends.length === 2)
  assert.deepEqual(ends.sort(), ['replaced', 'stopped'])
  assert.equal(first.active, false)
  await client.stopAgent(next.agentId)
})

test('keepAgentAlive checks its options up front', () => {
  const client = tokenClient(sb)
  const good = { channel: 'room', agentUid: 1, onError: () => {} }
  const code = (fn) => {
    try {
      fn()
    } catch (e) {
      return e.code
    }
    return 'no error'
  }
  assert.equal(
    code(() => client.keepAgentAlive('A', { channel: 'room', agentUid: 1 })),
    'ERR_INVALID_ARG',
    'onError is required',
  )
  assert.equal(
    code(() => client.keepAgentAlive('A', { ...good, onError: 'log' })),
    'ERR_INVALID_ARG',
  )
  assert.equal(
    code(() => client.keepAgentAlive('A', { ...good, tokenExpire: 60, renewBeforeS: 60 })),
    'ERR_INVALID_ARG',
  )
  assert.equal(
    code(() => client.keepAgentAlive('A', { ...good, checkIntervalS: 0 })),
    'ERR_INVALID_ARG',
  )
  assert.equal(
    code(() => client.keepAgentAlive('a/b', good)),
    'ERR_INVALID_ARG',
  )
  assert.equal(
    code(() => client.keepAgentAlive('A', { ...good, channel: '' })),
    'ERR_INVALID_CHANNEL_NAME',
  )
  const noCert = new native.ConvoAIClient({ appId: sb.appId, customerId: 'c', customerSecret: 's', baseUrl: sb.url })
  assert.equal(
    code(() => noCert.keepAgentAlive('A', good)),
    'ERR_INVALID_ARG',
  )
})

test("a keep-alive never keeps the process alive (its loop and callbacks are unref'd)", async () => {
  const origin = await deadOrigin()
  const script = `
    const native = require(${JSON.stringify(fileURLToPath(new URL('../index.js', import.meta.url)))})
    const client = new native.ConvoAIClient({ appId: '${sb.appId}', appCertificate: '${sb.appCertificate}', baseUrl: '${origin}' })
    client.keepAgentAlive('AGENT', { channel: 'room', agentUid: 1, expiresAt: Date.now() / 1000 + 3600, onError: () => {} })
    console.log('scheduled')`
  const { code, stdout } = await new Promise((resolve) => {
    execFile(process.execPath, ['-e', script], { timeout: 60_000 }, (error, out) =>
      resolve({ code: error ? (error.killed ? 'killed' : error.code) : 0, stdout: out }),
    )
  })
  assert.equal(stdout.trim(), 'scheduled')
  assert.equal(code, 0, 'the process exited on its own')
})
