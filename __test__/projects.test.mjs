// Console REST (issue 7): listProjects and checkCredentials with Basic auth.
import assert from 'node:assert/strict'
import http from 'node:http'
import { after, before, test } from 'node:test'
import { inspect } from 'node:util'

import { deadOrigin, native, rejection, startSandbox } from './helpers/agents.mjs'

const EXTRA = {
  id: 'ms',
  name: 'millis',
  vendor_key: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  sign_key: '',
  status: 0,
  created: 1700000000123,
  recording_server: null,
}

let sb
before(async () => {
  sb = await startSandbox({ projects: [EXTRA] })
})
after(() => sb.close())

const creds = (extra = {}) => ({ appId: sb.appId, customerId: sb.customerId, customerSecret: sb.customerSecret, baseUrl: sb.url, ...extra })
const projectCalls = () => sb.requests.filter((r) => r.path === '/dev/v1/projects')

test('lists the projects with the right pair, in the documented shape', async () => {
  const projects = await native.listProjects(creds())
  assert.equal(projects.length, 2)
  const [served, millis] = projects
  assert.equal(served.appId, sb.appId)
  assert.equal(served.appCertificate, sb.appCertificate)
  assert.equal(served.enabled, true)
  assert.equal(typeof served.id, 'string')
  assert.equal(typeof served.name, 'string')
  assert.ok(Number.isInteger(served.createdAt) && served.createdAt < 1e11, 'seconds')
  // sign_key "" → no appCertificate; status 0 → disabled; milliseconds → seconds.
  assert.deepEqual(millis, { id: 'ms', name: 'millis', appId: EXTRA.vendor_key, enabled: false, createdAt: 1700000000 })
  assert.match(projectCalls().at(-1).headers.authorization, /^Basic \*\*\*$/)
  const viaClient = await new native.ConvoAIClient(creds()).listProjects()
  assert.deepEqual(viaClient, projects)
})

test('a wrong secret is a 401 AgoraApiError (not retried)', async () => {
  const before = projectCalls().length
  const err = await rejection(native.listProjects(creds({ customerSecret: 'wrong-secret' })))
  assert.ok(err instanceof native.AgoraApiError)
  assert.equal(err.status, 401)
  assert.equal(err.attempts, 1)
  assert.equal(projectCalls().length, before + 1)
})

test('checkCredentials both ways', async () => {
  assert.deepEqual(await native.checkCredentials(creds()), { ok: true, projects: 2 })
  assert.deepEqual(await native.checkCredentials(creds({ customerSecret: 'wrong-secret' })), { ok: false, status: 401 })
})

test('checkCredentials rejects on anything else (5xx after retries, network)', async () => {
  sb.failNext(3, { status: 500 })
  const err = await rejection(native.checkCredentials(creds({ maxRetries: 2 })))
  assert.equal(err.status, 500)
  assert.equal(err.attempts, 3)
  const net = await rejection(native.checkCredentials(creds({ baseUrl: await deadOrigin(), maxRetries: 0 })))
  assert.equal(net.code, 'ERR_NETWORK')
})

test('token-only credentials are refused before any I/O', async () => {
  const before = sb.requests.length
  const err = await rejection(native.listProjects({ appId: sb.appId, appCertificate: sb.appCertificate, baseUrl: sb.url }))
  assert.equal(err.code, 'ERR_INVALID_ARG')
  assert.match(err.message, /Basic/)
  const viaClient = await rejection(new native.ConvoAIClient({ appId: sb.appId, authToken: '007abc', baseUrl: sb.url }).listProjects())
  assert.equal(viaClient.code, 'ERR_INVALID_ARG')
  assert.equal(sb.requests.length, before)
})

test('503 then 200 is retried (it is a read)', async () => {
  const before = projectCalls().length
  sb.failNext(1, { status: 503, retryAfter: 0 })
  assert.equal((await native.listProjects(creds())).length, 2)
  assert.equal(projectCalls().length, before + 2)
})

test('a dead first base URL fails over', async () => {
  const projects = await native.listProjects(creds({ baseUrl: [await deadOrigin(), sb.url] }))
  assert.equal(projects.length, 2)
})

test('abort rejects with ERR_ABORTED', async () => {
  sb.failNext(1, { delayMs: 5000 })
  const controller = new AbortController()
  const client = new native.ConvoAIClient(creds())
  const pending = client.listProjects({ signal: controller.signal })
  setTimeout(() => controller.abort(), 50)
  const err = await rejection(pending)
  assert.equal(err.code, 'ERR_ABORTED')
  assert.equal(err.name, 'AbortError')
})

test('the certificate and the secret appear in no error', async () => {
  const errors = []
  sb.failNext(1, { badJson: true })
  errors.push(await rejection(native.listProjects(creds())))
  errors.push(await rejection(native.listProjects(creds({ customerSecret: `${sb.customerSecret}x` }))))
  sb.failNext(1, { status: 500 })
  errors.push(await rejection(native.listProjects(creds({ maxRetries: 0 }))))
  sb.failNext(1, { delayMs: 500 })
  errors.push(await rejection(native.listProjects(creds({ timeoutMs: 50, maxRetries: 0 }))))
  assert.deepEqual(
    errors.map((e) => e.code),
    ['ERR_BAD_RESPONSE', 'ERR_AGORA_API', 'ERR_AGORA_API', 'ERR_TIMEOUT'],
  )
  for (const err of errors) {
    const text = [err.message, err.stack, inspect(err, { showHidden: true, depth: 5 }), JSON.stringify(err)].join('\n')
    for (const secret of [sb.appCertificate, sb.customerSecret, Buffer.from(`${sb.customerId}:${sb.customerSecret}`).toString('base64')]) {
      assert.ok(!text.includes(secret), text)
    }
  }
})

test('created in seconds and in milliseconds are both normalised (plain loopback server)', async () => {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(
      JSON.stringify({
        projects: [
          { id: 's', name: 'sec', vendor_key: 'b'.repeat(32), sign_key: 'c'.repeat(32), recording_server: 'rs.example', status: 1, created: 1600000000 },
          { id: 'm', name: 'ms', vendor_key: 'd'.repeat(32), sign_key: '', status: 1, created: 1600000000999 },
        ],
      }),
    )
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const baseUrl = `http://127.0.0.1:${server.address().port}`
    const projects = await native.listProjects({ appId: sb.appId, customerId: 'id', customerSecret: 'secret', baseUrl })
    assert.deepEqual(
      projects.map((p) => p.createdAt),
      [1600000000, 1600000000],
    )
    assert.equal(projects[0].recordingServer, 'rs.example')
    assert.equal(projects[0].appCertificate, 'c'.repeat(32))
    assert.equal(projects[1].appCertificate, undefined)
  } finally {
    await new Promise((resolve) => server.close(resolve))
  }
})
