// Next.js (App Router, real next from npm) in a fresh project: route handlers
// import the addon through serverExternalPackages; `next build`, then
// `next start`, then HTTP requests get a token and start/stop an agent on the
// sandbox, and a route handler receives the sandbox's signed webhooks. The
// slowest consumer (a production build): set SKIP_NEXT_CONSUMER=1 to leave it
// out of a quick local run.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { after, before, test } from 'node:test'

import { createProject } from './lib/project.mjs'
import { startAgent, stopAgent } from './lib/sandbox-agent.mjs'
import { waitFor } from './lib/wait.mjs'

const skip = process.env.SKIP_NEXT_CONSUMER === '1' && 'SKIP_NEXT_CONSUMER=1'
const require = createRequire(import.meta.url)
const { signWebhook, verifyToken } = require('../index.js')
const { DEMO_CREDENTIALS, startSandbox } = require('../sandbox/index.js')

const WEBHOOK_SECRET = 'nextjs-consumer-webhook-secret'

const freePort = () =>
  new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })

let project, sandbox, server, url
const nextBin = () => join('node_modules', 'next', 'dist', 'bin', 'next')

before(async () => {
  if (skip) return
  project = createProject('nextjs', { deps: ['next', 'react', 'react-dom'] })
  sandbox = await startSandbox()
  const env = {
    NEXT_TELEMETRY_DISABLED: '1',
    AGORA_APP_ID: DEMO_CREDENTIALS.appId,
    AGORA_APP_CERTIFICATE: DEMO_CREDENTIALS.appCertificate,
    AGORA_CUSTOMER_ID: DEMO_CREDENTIALS.customerId,
    AGORA_CUSTOMER_SECRET: DEMO_CREDENTIALS.customerSecret,
    AGORA_BASE_URL: sandbox.url,
    AGORA_WEBHOOK_SECRET: WEBHOOK_SECRET,
  }
  const build = await project.run(process.execPath, [nextBin(), 'build'], { env, timeout: 600_000 })
  assert.equal(build.code, 0, `next build failed:\n${build.stdout}\n${build.stderr}`)
  const port = await freePort()
  server = project.start(process.execPath, [nextBin(), 'start', '-p', String(port), '-H', '127.0.0.1'], { env, readyLine: /Ready|started server/i })
  await server.ready
  url = `http://127.0.0.1:${port}`
})
after(async () => {
  await server?.stop()
  await sandbox?.close()
  project?.cleanup()
})

test('the production build keeps the addon external (not bundled)', { skip }, async () => {
  // A bundled addon would fail at run time; the route answering proves it loaded from node_modules.
  const res = await waitFor(() => fetch(`${url}/api/token?channel=demo&uid=1234`).then((r) => r.ok && r), { what: 'next start answering' })
  const { token } = await res.json()
  assert.equal(verifyToken(token, DEMO_CREDENTIALS.appCertificate), true)
})

test('a bad request gets the addon error code', { skip }, async () => {
  const res = await fetch(`${url}/api/token?channel=&uid=1`)
  assert.equal(res.status, 400)
  assert.equal((await res.json()).code, 'ERR_INVALID_CHANNEL_NAME')
})

test('POST /api/agents starts an agent on the sandbox; DELETE stops it', { skip }, async () => {
  const res = await fetch(`${url}/api/agents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ channel: 'next-demo', remoteUid: 42 }),
  })
  const started = await res.json()
  assert.equal(res.status, 201, JSON.stringify(started))
  assert.equal(sandbox.agents().find((a) => a.agentId === started.agentId)?.channel, 'next-demo')
  assert.equal((await fetch(`${url}/api/agents/${started.agentId}`, { method: 'DELETE' })).status, 204)
  await waitFor(() => sandbox.agents().find((a) => a.agentId === started.agentId)?.status === 'STOPPED', { what: 'agent STOPPED' })
})

test("a route handler receives the sandbox's signed webhooks and rejects a tampered one", { skip }, async (t) => {
  const hooks = await startSandbox({ agentStartDelayMs: 5, agentStopDelayMs: 5, webhook: { url: `${url}/api/agora/webhook`, secret: WEBHOOK_SECRET } })
  t.after(() => hooks.close())
  const events = async () => (await (await fetch(`${url}/api/agora/webhook`)).json()).events
  const agentId = await startAgent(hooks, { channel: 'next-hooks', labels: { app: 'next' } })
  await waitFor(async () => (await events()).some((e) => e.eventType === 101 && e.payload.agentId === agentId), { what: '101 at the route' })
  await stopAgent(hooks, agentId)
  const mine = await waitFor(
    async () => {
      const list = (await events()).filter((e) => e.payload.agentId === agentId)
      return list.length === 5 && list
    },
    { what: '101, 102, 103, 111 and 112 at the route' },
  )
  // 111 and 112 because the greeting was a turn.
  assert.deepEqual(mine.map((e) => e.eventType).sort(), [101, 102, 103, 111, 112])
  for (const event of mine) {
    assert.equal(event.known, true)
    assert.deepEqual(event.payload.labels, { app: 'next' })
  }
  const left = mine.find((e) => e.eventType === 102)
  assert.deepEqual([left.payload.status, left.payload.message], ['STOPPED', 'OK'])
  await waitFor(() => hooks.webhookDeliveries.every((a) => a.outcome !== 'pending'), { what: 'attempts settled' })
  assert.ok(hooks.webhookDeliveries.every((a) => a.outcome === 'delivered' && a.status === 200 && a.attempt === 1))

  const original = hooks.webhookDeliveries.find((a) => a.eventType === 102)
  const tampered = original.body.replace('"OK"', '"Idle for too long"')
  const res = await fetch(`${url}/api/agora/webhook`, {
    method: 'POST',
    body: tampered,
    headers: { 'content-type': 'application/json', ...signWebhook(original.body, WEBHOOK_SECRET) },
  })
  assert.equal(res.status, 401)
  assert.equal((await res.json()).error, 'ERR_INVALID_SIGNATURE')
  assert.equal((await events()).filter((e) => e.payload.agentId === agentId).length, 5)
})
