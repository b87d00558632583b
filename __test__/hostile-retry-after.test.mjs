// Retry-After from a hostile server (issue 14, item 1): read only on 429 and 503, delta-seconds
// or HTTP-date, clamped to 30 s before any Duration exists, garbage and negatives ignored. Before,
// `Retry-After: 1e20` on any response made every call reject with a Rust panic.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { hostileCall } from './helpers/hostile-cases.mjs'
import { hostileServer, realRequests, response } from './helpers/hostile-server.mjs'

const AGENT = JSON.stringify({ agent_id: 'A', start_ts: 1, stop_ts: 0, status: 'RUNNING', message: '' })
const BUSY = JSON.stringify({ reason: 'ServiceUnavailable', detail: 'busy' })

/** Per agent id: the Retry-After sent and on which status; the first request fails, the next succeeds. */
const scripts = {
  'ok-1e20': { first: 200, retryAfter: '1e20' },
  'busy-1e20': { first: 503, retryAfter: '1e20' },
  'busy-negative': { first: 503, retryAfter: '-5' },
  'busy-nan': { first: 429, retryAfter: 'NaN' },
  'busy-past-date': { first: 503, retryAfter: 'Thu, 01 Jan 1970 00:00:00 GMT' },
  'busy-bad-date': { first: 503, retryAfter: 'Wed, 99 Foo 2015 99:99:99 GMT' },
  'busy-forever': { first: 503, retryAfter: '9'.repeat(40) },
  'busy-far-date': { first: 503, retryAfter: 'Fri, 31 Dec 9999 23:59:59 GMT' },
}

let server
before(async () => {
  server = await hostileServer((socket, req) => {
    const id = req.path.split('/').pop()
    const script = scripts[id]
    const first = realRequests(server).filter((r) => r.path === req.path).length === 1
    const status = first ? script.first : 200
    socket.write(response(status, status === 200 ? AGENT : BUSY, { 'retry-after': script.retryAfter }))
  })
})
after(() => server.close())

const attempts = (id) => realRequests(server).filter((r) => r.path.endsWith(`/${id}`)).length

test('Retry-After: 1e20 on a 200 is not read: the call resolves', async () => {
  const r = await hostileCall(server, 'getAgent', ['ok-1e20'])
  assert.equal(r.ok, true, r.message)
  assert.equal(r.value.agentId, 'A')
})

for (const id of ['busy-1e20', 'busy-negative', 'busy-nan', 'busy-past-date', 'busy-bad-date']) {
  test(`${scripts[id].first} with Retry-After ${JSON.stringify(scripts[id].retryAfter)}: ignored or immediate, the retry succeeds`, async () => {
    const r = await hostileCall(server, 'getAgent', [id], { options: { maxRetries: 1 } })
    assert.equal(r.ok, true, r.message)
    assert.equal(attempts(id), 2)
  })
}

for (const id of ['busy-forever', 'busy-far-date']) {
  test(`503 with Retry-After ${scripts[id].retryAfter.slice(0, 20)}…: a wait clamped to 30 s, not a panic (the call deadline ends it)`, async () => {
    const r = await hostileCall(server, 'getAgent', [id, { timeoutMs: 300 }], { options: { maxRetries: 1 } })
    assert.equal(r.code, 'ERR_TIMEOUT')
    // The wait was honoured: no second attempt within the deadline.
    assert.equal(attempts(id), 1)
  })
}
