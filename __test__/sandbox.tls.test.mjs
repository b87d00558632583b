// HTTPS: the generated CA, TLS 1.2, and a caller-supplied key/certificate pair.

import assert from 'node:assert/strict'
import { X509Certificate } from 'node:crypto'
import https from 'node:https'
import { createRequire } from 'node:module'
import { after, before, test } from 'node:test'
import { agentPath, basic, call, startSandbox } from './sandbox.helpers.mjs'

const { makeCertificates } = createRequire(import.meta.url)('../sandbox/tls.js')

let sb
before(async () => {
  sb = await startSandbox({ tls: true })
})
after(() => sb.close())

/** GET through node:https with `options`; resolves status and negotiated protocol. */
function get(local, path, options) {
  return new Promise((resolve, reject) => {
    const req = https.get(new URL(path, local.url), { headers: { authorization: basic(local) }, agent: false, ...options }, (res) => {
      const protocol = res.socket.getProtocol()
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode, protocol }))
    })
    req.on('error', reject)
  })
}

test('tls: true serves https with a CA exposed as PEM, valid for localhost and 127.0.0.1', () => {
  assert.match(sb.url, /^https:\/\/127\.0\.0\.1:\d+$/)
  assert.match(sb.caCertificate, /^-----BEGIN CERTIFICATE-----/)
  const ca = new X509Certificate(sb.caCertificate)
  assert.ok(ca.ca)
})

test('a client trusting the CA connects, with TLS 1.2 forced and with the default (1.3)', async () => {
  const tls12 = await get(sb, agentPath(sb, '/agents'), { ca: sb.caCertificate, maxVersion: 'TLSv1.2' })
  assert.deepEqual(tls12, { status: 200, protocol: 'TLSv1.2' })
  const latest = await get(sb, agentPath(sb, '/agents'), { ca: sb.caCertificate })
  assert.deepEqual(latest, { status: 200, protocol: 'TLSv1.3' })
  const byName = await get(sb, '/dev/v1/projects', { ca: sb.caCertificate, host: 'localhost', hostname: 'localhost', servername: 'localhost' })
  assert.equal(byName.status, 200)
})

test('a client that does not trust the CA fails the handshake', async () => {
  await assert.rejects(get(sb, agentPath(sb, '/agents'), {}), (err) => /self[- ]signed|unable to verify|certificate/i.test(err.message))
  // The sandbox keeps serving afterwards.
  assert.equal((await get(sb, agentPath(sb, '/agents'), { ca: sb.caCertificate })).status, 200)
})

test('tls: {key, cert} serves the given pair; caCertificate stays undefined', async () => {
  const pair = await makeCertificates('127.0.0.1')
  const local = await startSandbox({ tls: { key: pair.key, cert: pair.cert } })
  try {
    assert.equal(local.caCertificate, undefined)
    assert.match(local.url, /^https:/)
    assert.equal((await get(local, agentPath(local, '/agents'), { ca: pair.caCertificate, maxVersion: 'TLSv1.2' })).status, 200)
  } finally {
    await local.close()
  }
})

test('fetch without the CA is refused (the certificate is not publicly trusted)', async () => {
  await assert.rejects(call(sb, 'GET', agentPath(sb, '/agents')), TypeError)
})
