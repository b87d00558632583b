// Response bodies from a hostile server (issue 14, item 2): the body is capped by
// maxResponseBytes (default 8 MiB) counted as parsed, the client inflates nothing, and a
// 512 MiB gzip bomb or a 400 MB body ends in ERR_BAD_RESPONSE with peak RSS growth ≤ 64 MiB.
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { after, before, test } from 'node:test'
import { constants, createGzip } from 'node:zlib'

import { native } from './helpers/agents.mjs'
import { hostileCall, MAX_GROWTH, optionsFor } from './helpers/hostile-cases.mjs'
import { hostileServer, realRequests, response, stream } from './helpers/hostile-server.mjs'
import { MiB } from './helpers/run-client.mjs'

const BIG = 400_000_000
const SPACES = Buffer.alloc(MiB, 0x20)

/** 512 MiB of spaces in one gzip member, about 0.5 MB on the wire (run-length deflate is quick to make). */
async function gzipBomb() {
  const gzip = createGzip({ level: 9, memLevel: 9, strategy: constants.Z_RLE })
  const parts = []
  gzip.on('data', (part) => parts.push(part))
  for (let i = 0; i < 512; i++) if (!gzip.write(SPACES)) await once(gzip, 'drain')
  gzip.end()
  await once(gzip, 'end')
  return Buffer.concat(parts)
}
let BOMB

/** What the server answers, by the agent id asked for (GET …/agents/{id}). */
const routes = {
  bomb: (s) => s.write(response(200, BOMB, { 'content-encoding': 'gzip' })),
  'declared-big': (s) => {
    s.write(response(200, '', { 'content-length': String(BIG) }))
    return stream(s, SPACES, BIG)
  },
  'chunked-big': (s) => {
    s.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n')
    return stream(s, SPACES, BIG, { chunked: true })
  },
  'close-delimited-big': (s) => {
    s.write('HTTP/1.0 200 OK\r\ncontent-type: application/json\r\n\r\n')
    return stream(s, SPACES, BIG)
  },
  'close-delimited-small': (s) => {
    s.end('HTTP/1.0 200 OK\r\ncontent-type: application/json\r\n\r\n{"agent_id":"A","status":"RUNNING","start_ts":1}')
  },
  // Exactly 1 KiB, then 1 KiB + 1 (for maxResponseBytes: 1024).
  kib: (s) => s.write(response(200, `{"agent_id":"A","status":"RUNNING","pad":"${' '.repeat(1024 - 44)}"}`)),
  'kib-plus-one': (s) => s.write(response(200, `{"agent_id":"A","status":"RUNNING","pad":"${' '.repeat(1024 - 43)}"}`)),
}

let server
before(async () => {
  BOMB = await gzipBomb()
  server = await hostileServer((socket, req) => routes[req.path.split('/').pop()](socket))
})
after(() => server.close())

const get = (id, options) => hostileCall(server, 'getAgent', [id], { options })

test('a 512 MiB gzip bomb is refused from its header: ERR_BAD_RESPONSE, no inflation', async () => {
  assert.ok(BOMB.length < MiB, `the bomb is ${BOMB.length} bytes on the wire`)
  const r = await get('bomb')
  assert.equal(r.code, 'ERR_BAD_RESPONSE')
  assert.match(r.message, /Content-Encoding/)
  assert.ok(r.rssGrowthBytes <= MAX_GROWTH)
  // The client asked for the bytes as they are.
  const asked = realRequests(server).findLast((q) => q.path.endsWith('/bomb'))
  assert.equal(asked.headers['accept-encoding'], 'identity')
})

test('a declared 400 MB body is refused before it is read', async () => {
  const r = await get('declared-big')
  assert.equal(r.code, 'ERR_BAD_RESPONSE')
  assert.match(r.message, /maxResponseBytes \(8388608 bytes\)/)
})

for (const kind of ['chunked-big', 'close-delimited-big']) {
  test(`an undeclared 400 MB body (${kind}) stops at the cap: ERR_BAD_RESPONSE, peak RSS bounded`, async () => {
    const r = await get(kind)
    assert.equal(r.code, 'ERR_BAD_RESPONSE')
    assert.match(r.message, /exceeds maxResponseBytes/)
  })
}

test('an HTTP/1.0 body delimited by closing the connection is read whole when small', async () => {
  const r = await get('close-delimited-small')
  assert.equal(r.ok, true)
  assert.equal(r.value.agentId, 'A')
})

test('maxResponseBytes is exact: a body of the cap passes, one byte more is ERR_BAD_RESPONSE', async () => {
  const fits = await get('kib', { maxResponseBytes: 1024 })
  assert.equal(fits.ok, true, fits.message)
  const over = await get('kib-plus-one', { maxResponseBytes: 1024 })
  assert.equal(over.code, 'ERR_BAD_RESPONSE')
  assert.match(over.message, /maxResponseBytes \(1024 bytes\)/)
})

test('maxResponseBytes is validated when the client is made', () => {
  for (const bad of [0, -1, 1.5, 2 ** 30 + 1, Number.NaN]) {
    assert.throws(
      () => new native.ConvoAIClient(optionsFor(server, { maxResponseBytes: bad })),
      (e) => e.code === 'ERR_INVALID_ARG' && /maxResponseBytes/.test(e.message),
    )
  }
})
