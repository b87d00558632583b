// HTTPS: a sandbox with its own CA is trusted through caCertificates and
// refused without it; http:// is only for loopback.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { native, rejection, startSandbox, tokenClient, unique } from './helpers/agents.mjs'

let sb
before(async () => {
  sb = await startSandbox({ tls: true, agentStartDelayMs: 10, agentStopDelayMs: 10 })
})
after(() => sb.close())

test('HTTPS sandbox trusted via caCertificates', async () => {
  assert.match(sb.url, /^https:\/\//)
  const client = tokenClient(sb, { caCertificates: [sb.caCertificate] })
  const r = await client.startAgent({ channel: unique(), agentUid: 1, remoteUids: [2] })
  assert.ok(r.agentId)
  await client.stopAgent(r.agentId)
})

test('an untrusted certificate is ERR_NETWORK, and the join is retried only because it never reached the server', async () => {
  const client = tokenClient(sb, { maxRetries: 1 })
  const before = sb.requests.length
  const err = await rejection(client.startAgent({ channel: unique(), agentUid: 1, remoteUids: [2] }))
  assert.equal(err.code, 'ERR_NETWORK')
  assert.equal(sb.requests.length, before)
})

test('http:// to a non-loopback host is ERR_INSECURE_URL before any I/O', () => {
  for (const baseUrl of ['http://example.com', ['https://api.agora.io', 'http://10.1.2.3:8080']]) {
    assert.throws(
      () => new native.ConvoAIClient({ appId: sb.appId, appCertificate: sb.appCertificate, baseUrl }),
      (e) => e.code === 'ERR_INSECURE_URL' && e instanceof Error,
    )
  }
})

test('top-level calls reject (not throw) on bad options', async () => {
  const err = await rejection(
    native.startAgent({ appId: sb.appId, appCertificate: sb.appCertificate, baseUrl: 'http://example.com', channel: 'c', agentUid: 1, remoteUids: [2] }),
  )
  assert.equal(err.code, 'ERR_INSECURE_URL')
})

test('a caCertificates entry that is not PEM is ERR_INVALID_ARG', () => {
  assert.throws(
    () => new native.ConvoAIClient({ appId: sb.appId, appCertificate: sb.appCertificate, caCertificates: ['nope'] }),
    (e) => e.code === 'ERR_INVALID_ARG' && /caCertificates\[0\]/.test(e.message),
  )
})
