// Express (real express from npm) in a fresh project: the example app from
// examples/express mints tokens and starts/stops agents on the sandbox, over HTTP.
import assert from 'node:assert/strict'
import { copyFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { after, before, test } from 'node:test'

import { ROOT } from './lib/paths.mjs'
import { createProject } from './lib/project.mjs'
import { waitFor } from './lib/wait.mjs'

const require = createRequire(import.meta.url)
const { parseToken, verifyToken } = require('../index.js')
const { DEMO_CREDENTIALS, startSandbox } = require('../sandbox/index.js')

let project, sandbox, server, url
before(async () => {
  project = createProject('express', { deps: ['express'] })
  copyFileSync(join(ROOT, 'examples', 'express', 'app.mjs'), join(project.dir, 'app.mjs'))
  sandbox = await startSandbox()
  server = project.start(process.execPath, ['serve.mjs'], {
    env: {
      APP_ID: DEMO_CREDENTIALS.appId,
      APP_CERTIFICATE: DEMO_CREDENTIALS.appCertificate,
      CUSTOMER_ID: DEMO_CREDENTIALS.customerId,
      CUSTOMER_SECRET: DEMO_CREDENTIALS.customerSecret,
      BASE_URL: sandbox.url,
    },
  })
  url = JSON.parse(await server.ready).url
})
after(async () => {
  await server?.stop()
  await sandbox?.close()
  project?.cleanup()
})

test('GET /token returns a verifiable RTC+RTM token for the channel and uid', async () => {
  const res = await fetch(`${url}/token?channel=demo&uid=1234`)
  assert.equal(res.status, 200)
  const body = await res.json()
  assert.equal(body.uid, 1234)
  assert.equal(verifyToken(body.token, DEMO_CREDENTIALS.appCertificate), true)
  const parsed = parseToken(body.token)
  assert.deepEqual(
    parsed.services.map((s) => s.service),
    ['rtc', 'rtm'],
  )
  assert.equal(parsed.services[0].channelName, 'demo')
  assert.equal(parsed.services[1].userId, '1234')
  assert.ok(!JSON.stringify(body).includes(DEMO_CREDENTIALS.appCertificate))
})

test('bad token input is a 400 carrying the addon error code', async () => {
  const res = await fetch(`${url}/token?channel=&uid=1`)
  assert.equal(res.status, 400)
  assert.equal((await res.json()).code, 'ERR_INVALID_CHANNEL_NAME')
})

test('POST /agents starts an agent on the sandbox, DELETE stops it', async () => {
  const res = await fetch(`${url}/agents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ channel: 'demo', remoteUid: 1234 }),
  })
  const started = await res.json()
  assert.equal(res.status, 201, JSON.stringify(started))
  assert.ok(started.agentId)
  const agent = sandbox.agents().find((a) => a.agentId === started.agentId)
  assert.equal(agent.channel, 'demo')

  const running = await waitFor(
    async () => {
      const r = await (await fetch(`${url}/agents/${started.agentId}`)).json()
      return r.status === 'RUNNING' && r
    },
    { what: 'agent RUNNING' },
  )
  assert.equal(running.agentId, started.agentId)

  assert.equal((await fetch(`${url}/agents/${started.agentId}`, { method: 'DELETE' })).status, 204)
  await waitFor(() => sandbox.agents().find((a) => a.agentId === started.agentId)?.status === 'STOPPED', { what: 'agent STOPPED' })
  // Stopping an agent that is already gone still succeeds.
  assert.equal((await fetch(`${url}/agents/${started.agentId}`, { method: 'DELETE' })).status, 204)
})
