// No error, message, stack, cause or property ever carries a secret (docs/agents.md, "Errors"),
// even when the server echoes the request back in its error detail.
import assert from 'node:assert/strict'
import http from 'node:http'
import { after, before, test } from 'node:test'
import { inspect } from 'node:util'

import { deadOrigin, native, rejection, startSandbox, unique } from './helpers/agents.mjs'

const CERT = 'abcdefabcdefabcdefabcdefabcdef12'
const SECRET = 'customer-secret-value-42'
const AUTH_TOKEN = '007authTokenValueThatIsSecret0123456789'
const API_KEY = 'sk-live-vendor-key-0001'
const TTS_KEY = 'tts-vendor-key-0002'

let sb
let echo
let echoUrl
before(async () => {
  sb = await startSandbox({ appCertificate: 'fedcba9876543210fedcba9876543210' })
  // Answers every request with an error whose detail quotes the Authorization header and body.
  echo = http.createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      res.writeHead(400, { 'content-type': 'application/json', 'x-request-id': 'req-1' })
      res.end(JSON.stringify({ reason: 'InvalidRequest', detail: `auth=${req.headers.authorization} body=${body}` }))
    })
  })
  await new Promise((resolve) => echo.listen(0, '127.0.0.1', resolve))
  echoUrl = `http://127.0.0.1:${echo.address().port}`
})
after(async () => {
  await sb.close()
  await new Promise((resolve) => echo.close(resolve))
})

const basicB64 = (id) => Buffer.from(`${id}:${SECRET}`).toString('base64')

function assertClean(err, extra = []) {
  assert.ok(err instanceof Error)
  const text = [err.message, err.stack, inspect(err, { depth: 5, showHidden: true }), JSON.stringify(err), inspect(err.cause, { depth: 5 })].join('\n')
  for (const secret of [CERT, SECRET, AUTH_TOKEN, API_KEY, TTS_KEY, basicB64('cid'), ...extra]) {
    assert.ok(!text.includes(secret), `error leaks a secret: ${text.slice(0, 300)}`)
  }
  assert.doesNotMatch(text, /007[A-Za-z0-9+/]{40,}/, 'error leaks a token')
}

const vendors = { llm: { url: 'https://llm.example', api_key: API_KEY }, tts: { vendor: 'microsoft', params: { key: TTS_KEY } } }

test('a server echoing the request in its error detail: redacted, in every auth mode', async () => {
  const modes = [
    { appCertificate: CERT },
    { appCertificate: CERT, customerId: 'cid', customerSecret: SECRET },
    { authToken: AUTH_TOKEN, customerId: 'cid', customerSecret: SECRET },
  ]
  for (const mode of modes) {
    const client = new native.ConvoAIClient({ appId: sb.appId, baseUrl: echoUrl, ...mode })
    const err = await rejection(client.startAgent({ channel: unique(), agentUid: 'bob', remoteUids: ['amy'], token: mode.authToken, ...vendors }))
    assert.equal(err.code, 'ERR_AGORA_API')
    assert.equal(err.requestId, 'req-1')
    assert.match(err.detail, /\[redacted\]/)
    assertClean(err)
    for (const call of [
      () => client.updateAgent('AGENT1', { token: AUTH_TOKEN, llm: vendors.llm }),
      () => client.think('AGENT1', { text: 'x', metadata: { api_key: API_KEY } }),
      () => client.getAgent('AGENT1'),
    ]) {
      assertClean(await rejection(call()))
    }
  }
  const projects = new native.ConvoAIClient({ appId: sb.appId, baseUrl: echoUrl, customerId: 'cid', customerSecret: SECRET })
  assertClean(await rejection(projects.listProjects()))
})

test('real sandbox failures: wrong certificate (401), conflict, network, timeout, abort, bad JSON', async () => {
  const wrong = new native.ConvoAIClient({ appId: sb.appId, appCertificate: CERT, baseUrl: sb.url })
  const e401 = await rejection(wrong.startAgent({ channel: unique(), agentUid: 1, remoteUids: [2], ...vendors }))
  assert.equal(e401.status, 401)
  assertClean(e401)

  const good = new native.ConvoAIClient({ appId: sb.appId, appCertificate: sb.appCertificate, baseUrl: sb.url, timeoutMs: 100 })
  const name = unique('n')
  const a = await good.startAgent({ name, channel: unique(), agentUid: 1, remoteUids: [2], ...vendors })
  assertClean(await rejection(good.startAgent({ name, channel: unique(), agentUid: 1, remoteUids: [2], ...vendors })), [sb.appCertificate])
  sb.failNext(1, { delayMs: 1000 })
  assertClean(await rejection(good.startAgent({ channel: unique(), agentUid: 1, remoteUids: [2], ...vendors })), [sb.appCertificate])
  sb.failNext(1, { badJson: true })
  assertClean(await rejection(good.getAgent(a.agentId)), [sb.appCertificate])
  assertClean(await rejection(good.getAgent(a.agentId, { signal: AbortSignal.abort() })), [sb.appCertificate])

  const dead = new native.ConvoAIClient({ appId: sb.appId, customerId: 'cid', customerSecret: SECRET, baseUrl: await deadOrigin(), maxRetries: 0 })
  assertClean(await rejection(dead.startAgent({ channel: unique(), agentUid: 1, remoteUids: [2], token: AUTH_TOKEN, ...vendors })))
})

test('bad options that hold secrets in the wrong place never quote them', async () => {
  const attempts = [
    () => new native.ConvoAIClient({ appId: `${CERT}zz`, appCertificate: CERT }),
    () => new native.ConvoAIClient({ appId: sb.appId, appCertificate: SECRET }),
    () => new native.ConvoAIClient({ appId: sb.appId, customerId: SECRET }),
    () => new native.ConvoAIClient({ appId: sb.appId, customerId: `a:${SECRET}`, customerSecret: SECRET }),
    () => new native.ConvoAIClient({ appId: sb.appId, authToken: `${AUTH_TOKEN} x` }),
    () => new native.ConvoAIClient({ appId: sb.appId, appCertificate: 42 }),
    () => new native.ConvoAIClient({ appId: sb.appId, baseUrl: `http://user:${SECRET}@example.com`, appCertificate: CERT }),
  ]
  for (const attempt of attempts) {
    let caught
    try {
      attempt()
    } catch (e) {
      caught = e
    }
    assert.ok(caught, 'expected a throw')
    assert.match(caught.code, /^ERR_/)
    assertClean(caught)
  }
  const client = new native.ConvoAIClient({ appId: sb.appId, appCertificate: CERT, baseUrl: sb.url })
  for (const bad of [
    { channel: `${SECRET}/`, agentUid: 1, remoteUids: [2] },
    { channel: 'c', agentUid: `${API_KEY}/`, remoteUids: [2] },
    { channel: 'c', agentUid: 1, remoteUids: [], llm: vendors.llm },
    { channel: 'c', agentUid: 1, remoteUids: [2], idleTimeout: -1, token: AUTH_TOKEN },
  ]) {
    assertClean(await rejection(client.startAgent(bad)))
  }
})
