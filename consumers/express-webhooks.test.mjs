// Express (real express from npm) in a fresh project receives the sandbox's signed webhooks:
// createWebhookHandler verifies and types them, answers 200 at once, drops a retried duplicate
// by noticeId; a tampered delivery and one signed with another secret get 401, by the handler
// and by parseWebhook behind express.raw().
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { after, before, test } from 'node:test'

import { createProject } from './lib/project.mjs'
import { startAgent, stopAgent } from './lib/sandbox-agent.mjs'
import { waitFor } from './lib/wait.mjs'

const require = createRequire(import.meta.url)
const { signWebhook } = require('../index.js')
const { startSandbox } = require('../sandbox/index.js')

const SECRET = 'express-consumer-webhook-secret'

let project, sandbox, server, url
before(async () => {
  project = createProject('express-webhooks', { deps: ['express'] })
  server = project.start(process.execPath, ['serve.mjs'], { env: { AGORA_WEBHOOK_SECRET: SECRET } })
  url = JSON.parse(await server.ready).url
  sandbox = await startSandbox({
    agentStartDelayMs: 5,
    agentStopDelayMs: 5,
    webhook: { url: `${url}/agora/webhook`, secret: SECRET, retryDelaysMs: [50, 100, 200] },
  })
})
after(async () => {
  await sandbox?.close()
  await server?.stop()
  project?.cleanup()
})

const received = async () => (await fetch(`${url}/received`)).json()
const deliver = (path, body, headers) => fetch(`${url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } })

test('an agent started and stopped: the app gets 101, 102 and 103, verified and typed', async () => {
  const labels = { campaign_id: 'consumer' }
  const agentId = await startAgent(sandbox, { channel: 'express-hooks', labels })
  await waitFor(async () => (await received()).events.some((e) => e.eventType === 101), { what: '101 at the app' })
  await stopAgent(sandbox, agentId)
  const { events } = await waitFor(
    async () => {
      const r = await received()
      return r.events.some((e) => e.eventType === 102) && r.events.some((e) => e.eventType === 103) && r
    },
    { what: '102 and 103 at the app' },
  )
  const byType = Object.fromEntries(events.map((e) => [e.eventType, e]))
  for (const type of [101, 102, 103]) {
    assert.equal(byType[type].known, true)
    assert.equal(byType[type].productId, 17)
    assert.equal(byType[type].payload.agentId, agentId)
    assert.deepEqual(byType[type].payload.labels, labels)
  }
  assert.deepEqual([byType[102].payload.status, byType[102].payload.message], ['STOPPED', 'OK'])
  assert.deepEqual(byType[103].payload.contents, [{ role: 'assistant', content: 'Hello!' }])
  // What the sandbox recorded: each of these delivered at once, answered 200.
  await waitFor(() => sandbox.webhookDeliveries.every((a) => a.outcome !== 'pending'), { what: 'attempts settled' })
  for (const event of events) {
    const attempts = sandbox.webhookDeliveries.filter((a) => a.noticeId === event.noticeId)
    assert.deepEqual(
      attempts.map((a) => [a.attempt, a.outcome, a.status]),
      [[1, 'delivered', 200]],
    )
  }
})

test('a delivery whose answer was lost is retried with the same noticeId; the handler passes it on once', async () => {
  sandbox.failNext(1, { webhook: 'answer-lost' })
  const agentId = await startAgent(sandbox, { channel: 'express-retry' })
  const retried = await waitFor(
    () => {
      const attempts = sandbox.webhookDeliveries.filter((a) => a.agentId === agentId && a.eventType === 101)
      return attempts.length === 2 && attempts[1].outcome === 'delivered' && attempts
    },
    { what: 'the retry delivered' },
  )
  assert.equal(retried[0].noticeId, retried[1].noticeId)
  assert.equal(retried[0].status, 200, 'the app answered the first delivery too')
  assert.ok(retried[1].notifyMs > retried[0].notifyMs)
  await stopAgent(sandbox, agentId)
  // Its 102 arriving means the 101 retry has long been handled.
  const { events } = await waitFor(
    async () => {
      const r = await received()
      return r.events.some((e) => e.eventType === 102 && e.payload.agentId === agentId) && r
    },
    { what: '102 at the app' },
  )
  assert.equal(events.filter((e) => e.noticeId === retried[0].noticeId).length, 1)
})

test('a tampered delivery, or one signed with another secret, is rejected with 401 and never handled', async () => {
  const original = sandbox.webhookDeliveries.find((a) => a.outcome === 'delivered' && a.eventType === 102)
  const signature = signWebhook(original.body, SECRET)
  const tampered = original.body.replace('"STOPPED"', '"FAILED"')
  assert.notEqual(tampered, original.body)
  const earlier = await received()
  for (const path of ['/agora/webhook', '/agora/webhook-raw']) {
    const res = await deliver(path, tampered, signature)
    assert.equal(res.status, 401, path)
    assert.equal((await res.json()).error, 'ERR_INVALID_SIGNATURE')
    const forged = await deliver(path, original.body, signWebhook(original.body, 'not-the-secret'))
    assert.equal(forged.status, 401, path)
    await forged.arrayBuffer()
  }
  // The untouched bytes still verify, by hand behind express.raw().
  const replay = await deliver('/agora/webhook-raw', original.body, signature)
  assert.equal(replay.status, 200)
  await replay.arrayBuffer()
  const later = await received()
  assert.equal(
    later.events.some((e) => e.payload.status === 'FAILED'),
    false,
  )
  assert.deepEqual(later.rejected.slice(earlier.rejected.length), ['ERR_INVALID_SIGNATURE', 'ERR_INVALID_SIGNATURE'])
  assert.deepEqual(
    later.rawEvents.map((e) => [e.noticeId, e.payload.status]),
    [[original.noticeId, 'STOPPED']],
  )
})
