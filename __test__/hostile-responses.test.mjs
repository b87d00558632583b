// Hostile answers beyond issue 14's list: slow or endless heads, malformed HTTP, JSON built to
// cost memory or time, and error texts built to forge log lines. Every one ends in a coded result
// within the call's deadline, without panic text, with peak RSS growth ≤ 64 MiB (one child runs
// them all, so the bound holds for the sum).
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { hostileCalls } from './helpers/hostile-cases.mjs'
import { hostileServer, response, stream } from './helpers/hostile-server.mjs'

const AGENT = (extra = '') => `{"agent_id":"A","start_ts":1,"stop_ts":0,"status":"RUNNING","message":""${extra}}`
const drip = (socket, text, everyMs) =>
  new Promise((resolve) => {
    let i = 0
    const timer = setInterval(() => {
      if (socket.destroyed) return (clearInterval(timer), resolve())
      socket.write(text[i++ % text.length])
    }, everyMs)
    socket.once('close', () => (clearInterval(timer), resolve()))
  })

let other
/** Agent id → [what the server does, what the call must end in]. */
const cases = {
  'slow-head': [(s) => (s.write('HTTP/1.1 200 OK\r\n'), drip(s, 'x-slow: 1\r\n', 50)), (r) => r.code === 'ERR_TIMEOUT'],
  'slow-body': [(s) => (s.write('HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\n'), drip(s, ' ', 50)), (r) => r.code === 'ERR_TIMEOUT'],
  'endless-continue': [(s) => drip(s, 'HTTP/1.1 100 Continue\r\n\r\n', 1), (r) => ['ERR_TIMEOUT', 'ERR_NETWORK'].includes(r.code)],
  'endless-head': [(s) => (s.write('HTTP/1.1 200 OK\r\n'), stream(s, Buffer.from('x-h: 1\r\n'.repeat(8192)), 1e9)), (r) => r.code === 'ERR_NETWORK'],
  'many-headers': [(s) => s.write(response(200, AGENT(), { 'x-many': Array.from({ length: 5000 }, (_, i) => String(i)) })), (r) => r.code === 'ERR_NETWORK'],
  'huge-header': [(s) => s.write(response(200, AGENT(), { 'x-huge': 'h'.repeat(1 << 20) })), (r) => r.code === 'ERR_NETWORK'],
  'status-2000': [(s) => s.end('HTTP/1.1 2000 OK\r\ncontent-length: 0\r\n\r\n'), (r) => r.code === 'ERR_NETWORK'],
  'http-9.9': [(s) => s.end('HTTP/9.9 200 OK\r\ncontent-length: 0\r\n\r\n'), (r) => r.code === 'ERR_NETWORK'],
  'http-0.9': [(s) => s.end(AGENT()), (r) => r.code === 'ERR_NETWORK'],
  garbage: [(s) => s.end('\x00\xff\x16\x03\x01 not http at all\r\n\r\n'), (r) => r.code === 'ERR_NETWORK'],
  'status-999': [(s) => s.write(response(999, '{}')), (r) => r.code === 'ERR_AGORA_API' && r.status === 999],
  'short-body': [(s) => s.end('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{"agent_id"'), (r) => r.code === 'ERR_NETWORK'],
  'chunk-size-overflow': [(s) => s.end('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nffffffffffffffffffffff\r\n'), (r) => r.code === 'ERR_NETWORK'],
  'reset-mid-body': [(s) => (s.write('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{"a'), s.resetAndDestroy()), (r) => r.code === 'ERR_NETWORK'],
  'invalid-utf8': [
    (s) => s.write(response(200, Buffer.concat([Buffer.from('{"agent_id":"'), Buffer.from([0xc3, 0x28]), Buffer.from('","status":"RUNNING"}')]))),
    (r) => r.code === 'ERR_BAD_RESPONSE',
  ],
  'lone-surrogate': [(s) => s.write(response(200, '{"agent_id":"\\ud800","status":"RUNNING"}')), (r) => r.code === 'ERR_BAD_RESPONSE'],
  'number-1e400': [(s) => s.write(response(200, AGENT(',"start_ts":1e400'))), (r) => r.code === 'ERR_BAD_RESPONSE'],
  'number-100k-digits': [
    (s) => s.write(response(200, AGENT(`,"n":${'9'.repeat(100_000)}`))),
    (r) => r.code === 'ERR_BAD_RESPONSE' || (r.ok && r.value.agentId === 'A'),
  ],
  'nesting-200': [(s) => s.write(response(200, AGENT(`,"deep":${'['.repeat(200)}${']'.repeat(200)}`))), (r) => r.code === 'ERR_BAD_RESPONSE'],
  'nesting-million': [(s) => s.write(response(200, '['.repeat(1e6))), (r) => r.code === 'ERR_BAD_RESPONSE'],
  'value-flood': [(s) => s.write(response(200, `[${'{},'.repeat(2_700_000)}{}]`)), (r) => r.code === 'ERR_BAD_RESPONSE' && /JSON values/.test(r.message)],
  'key-flood': [(s) => s.write(response(200, AGENT(Array.from({ length: 300_000 }, (_, i) => `,"k${i}":0`).join('')))), (r) => r.code === 'ERR_BAD_RESPONSE'],
  'forged-log-lines': [
    (s) =>
      s.write(
        response(400, JSON.stringify({ reason: `Bad\n\x1b[2J${'R'.repeat(500)}`, detail: `nope\n[INFO] all good\x1b[31m\u202e${'d'.repeat(1 << 20)}` }), {
          'x-request-id': 'r'.repeat(10_000),
        }),
      ),
    (r) =>
      r.code === 'ERR_AGORA_API' &&
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what the test looks for
      !/[\n\x1b\u202e]/.test(r.detail + r.reason + r.message) &&
      r.detail.length <= 1030 &&
      r.reason.length <= 140 &&
      r.message.length < 1300 &&
      r.requestId === undefined,
  ],
  // A second response smuggled after the first must not answer the next request on the connection.
  'extra-response': [
    (s) => s.write(Buffer.concat([response(200, AGENT()), response(200, '{"agent_id":"EVIL","status":"RUNNING"}')])),
    (r) => r.ok && r.value.agentId === 'A',
  ],
  'after-extra': [(s) => s.write(response(200, '{"agent_id":"after-extra","status":"RUNNING"}')), (r) => r.ok && r.value.agentId === 'after-extra'],
  'redirect-elsewhere': [(s) => s.write(response(307, '', { location: `${other.url}/steal` })), (r) => r.code === 'ERR_AGORA_API' && r.status === 307],
}

let server
before(async () => {
  other = await hostileServer((s) => s.write(response(200, '{}')))
  server = await hostileServer((socket, req) => cases[req.path.split('/').pop()][0](socket))
})
after(() => Promise.all([server.close(), other.close()]))

test('every hostile answer ends in a coded result, without panic, within bounded memory', async () => {
  const ids = Object.keys(cases)
  const { results } = await hostileCalls(
    server,
    ids.map((id) => ({ method: 'getAgent', args: [id, { timeoutMs: 1500 }] })),
  )
  const wrong = ids.filter((id, i) => !cases[id][1](results[i])).map((id, i) => `${id}: ${JSON.stringify(results[ids.indexOf(id)]).slice(0, 300)}`)
  assert.deepEqual(wrong, [])
  // The redirect was not followed: the Authorization never reached the other host.
  assert.equal(other.requests.length, 0)
})
