// TLS (issue 14, item 6): Agora documents TLS up to 1.2, so the client must complete a TLS
// 1.2-only handshake; rustls offers only ECDHE key exchange with AES-GCM or ChaCha20-Poly1305, so
// a server limited to RSA key exchange, to CBC suites or to TLS 1.0/1.1 is refused before any
// request is sent (no downgrade).
import assert from 'node:assert/strict'
import { generateKeyPairSync } from 'node:crypto'
import https from 'node:https'
import { createRequire } from 'node:module'
import { after, before, test } from 'node:test'
import tls from 'node:tls'

import { hostileCall } from './helpers/hostile-cases.mjs'

const { makeCertificates } = createRequire(import.meta.url)('../sandbox/tls.js')
const AGENT = JSON.stringify({ agent_id: 'A', start_ts: 1, stop_ts: 0, status: 'RUNNING', message: '' })

let certs
const servers = []
before(() => {
  // An RSA server key: Agora's servers present RSA certificates, and the refused suites below
  // (RSA key exchange, ECDHE-RSA with CBC, DHE-RSA) exist only for RSA keys.
  const rsa = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  })
  certs = makeCertificates('127.0.0.1', { serverKey: rsa.privateKey })
})
after(async () => {
  for (const s of servers) s.closeAllConnections()
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))))
})

/** An HTTPS server with these TLS settings; it records the protocol of each handshake and each request. */
async function tlsServer(settings) {
  const seen = { protocols: [], requests: 0 }
  const server = https.createServer({ key: certs.key, cert: certs.cert, ...settings }, (_req, res) => {
    seen.requests += 1
    res.end(AGENT)
  })
  server.on('secureConnection', (socket) => seen.protocols.push(socket.getProtocol()))
  server.on('tlsClientError', () => {})
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  servers.push(server)
  return { url: `https://127.0.0.1:${server.address().port}`, seen }
}

const get = (server) => hostileCall(server, 'getAgent', ['A'], { options: { caCertificates: [certs.caCertificate] }, warmup: false })

for (const ciphers of ['ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-CHACHA20-POLY1305']) {
  test(`a TLS 1.2-only server offering ${ciphers} is reached`, async () => {
    const server = await tlsServer({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers })
    const r = await get(server)
    assert.equal(r.ok, true, r.message)
    assert.deepEqual(server.seen.protocols, ['TLSv1.2'])
  })
}

for (const ciphers of ['AES128-GCM-SHA256', 'AES256-SHA256', 'ECDHE-RSA-AES128-SHA256', 'DHE-RSA-AES128-GCM-SHA256']) {
  test(`a TLS 1.2 server offering only ${ciphers} is refused before any request (ERR_NETWORK)`, async () => {
    const server = await tlsServer({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers })
    const r = await get(server)
    assert.equal(r.code, 'ERR_NETWORK')
    assert.equal(server.seen.requests, 0)
  })
}

test('a server that stops at TLS 1.1 (a downgrade) is refused before any request (ERR_NETWORK)', async () => {
  const legacy = { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' }
  const server = await tlsServer(legacy)
  // The server really speaks TLS 1.1: a client that allows it gets it.
  const port = Number(new URL(server.url).port)
  const protocol = await new Promise((resolve, reject) => {
    const socket = tls.connect({ port, host: '127.0.0.1', ca: certs.caCertificate, ...legacy }, () => {
      resolve(socket.getProtocol())
      socket.end()
    })
    socket.on('error', reject)
  })
  assert.equal(protocol, 'TLSv1.1')
  const r = await get(server)
  assert.equal(r.code, 'ERR_NETWORK')
  assert.equal(server.seen.requests, 0)
})
