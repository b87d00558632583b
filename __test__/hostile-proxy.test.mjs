// Proxies (issue 14, item 3): an http:// base URL (loopback by rule) never goes through a proxy,
// so its Authorization never crosses one in clear text; https:// follows HTTPS_PROXY and NO_PROXY
// as Node's own proxy support does, and never proxies loopback. HTTP_PROXY and ALL_PROXY are not read.
import assert from 'node:assert/strict'
import https from 'node:https'
import { createRequire } from 'node:module'
import net from 'node:net'
import { after, before, test } from 'node:test'

import { hostileCall } from './helpers/hostile-cases.mjs'
import { hostileServer, response } from './helpers/hostile-server.mjs'

const { makeCertificates } = createRequire(import.meta.url)('../sandbox/tls.js')
const AGENT = JSON.stringify({ agent_id: 'A', start_ts: 1, stop_ts: 0, status: 'RUNNING', message: '' })
/** A name outside loopback that never resolves (RFC 6761), reached only through the proxy. */
const REMOTE = 'agora.invalid'

let plain, secure, proxy, ca
const tunnels = []
before(async () => {
  plain = await hostileServer((socket) => socket.write(response(200, AGENT)))
  const certs = await makeCertificates(REMOTE)
  ca = certs.caCertificate
  secure = https.createServer({ key: certs.key, cert: certs.cert }, (_req, res) => res.end(AGENT))
  await new Promise((resolve) => secure.listen(0, '127.0.0.1', resolve))
  // A CONNECT proxy that records what it is asked and tunnels everything to the TLS server.
  proxy = net.createServer((client) => {
    client.on('error', () => {})
    client.once('data', (head) => {
      const line = head.toString('latin1').split('\r\n')[0]
      tunnels.push(line)
      if (!line.startsWith('CONNECT ')) return client.end('HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n')
      const upstream = net.connect(secure.address().port, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
        upstream.pipe(client).pipe(upstream)
      })
      upstream.on('error', () => client.destroy())
    })
  })
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve))
})
after(async () => {
  secure.closeAllConnections()
  await Promise.all([plain.close(), new Promise((r) => secure.close(r)), new Promise((r) => proxy.close(r))])
})

const proxyUrl = () => `http://127.0.0.1:${proxy.address().port}`
const everyProxyVariable = () =>
  Object.fromEntries(['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy'].map((k) => [k, proxyUrl()]))

test('http:// to loopback goes direct with every proxy variable set', async () => {
  const before = tunnels.length
  const r = await hostileCall(plain, 'getAgent', ['A'], { env: everyProxyVariable() })
  assert.equal(r.ok, true, r.message)
  assert.equal(tunnels.length, before)
  assert.match(plain.requests.at(-1).headers.authorization, /^agora token=/)
})

test('https:// to loopback goes direct too (the proxy cannot reach our loopback)', async () => {
  const before = tunnels.length
  const url = `https://127.0.0.1:${secure.address().port}`
  const r = await hostileCall({ url }, 'getAgent', ['A'], { env: everyProxyVariable(), options: { caCertificates: [ca] }, warmup: false })
  assert.equal(r.ok, true, r.message)
  assert.equal(tunnels.length, before)
})

test('https:// elsewhere tunnels through HTTPS_PROXY (CONNECT), TLS end to end', async () => {
  const port = secure.address().port
  const r = await hostileCall({ url: `https://${REMOTE}:${port}` }, 'getAgent', ['A'], {
    env: { HTTPS_PROXY: proxyUrl() },
    options: { caCertificates: [ca] },
    warmup: false,
  })
  assert.equal(r.ok, true, r.message)
  assert.equal(tunnels.at(-1), `CONNECT ${REMOTE}:${port} HTTP/1.1`)
})

test('NO_PROXY exempts a host: nothing reaches the proxy', async () => {
  const before = tunnels.length
  const r = await hostileCall({ url: `https://${REMOTE}:1` }, 'getAgent', ['A', { timeoutMs: 5000 }], {
    env: { HTTPS_PROXY: proxyUrl(), NO_PROXY: `example.com, .${REMOTE.split('.').pop()}` },
    options: { caCertificates: [ca] },
    warmup: false,
  })
  assert.ok(['ERR_NETWORK', 'ERR_TIMEOUT'].includes(r.code), r.message)
  assert.equal(tunnels.length, before)
})

test('HTTP_PROXY and ALL_PROXY are not applied to https://', async () => {
  const before = tunnels.length
  const r = await hostileCall({ url: `https://${REMOTE}:1` }, 'getAgent', ['A', { timeoutMs: 5000 }], {
    env: { HTTP_PROXY: proxyUrl(), ALL_PROXY: proxyUrl() },
    warmup: false,
  })
  assert.ok(['ERR_NETWORK', 'ERR_TIMEOUT'].includes(r.code), r.message)
  assert.equal(tunnels.length, before)
})

test('a malformed HTTPS_PROXY is ERR_INVALID_ARG when the client is made, without its value', async () => {
  const r = await hostileCall(plain, 'getAgent', ['A'], { env: { HTTPS_PROXY: 'http://user:hunter2@[::1' } })
  assert.equal(r.construction, true)
  assert.equal(r.code, 'ERR_INVALID_ARG')
  assert.doesNotMatch(r.message, /hunter2/)
})
