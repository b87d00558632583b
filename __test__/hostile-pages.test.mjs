// listAllAgents against a server whose cursors never end (issue 14, item 5): any cursor seen
// before ends the walk with ERR_BAD_RESPONSE (it used to stop only when a cursor repeated
// immediately, so two alternating cursors paged forever), as does an oversized cursor.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { hostileCall } from './helpers/hostile-cases.mjs'
import { hostileServer, realRequests, response } from './helpers/hostile-server.mjs'

/** Next cursor by channel (the scenario) and the cursor asked for. */
const scenarios = {
  alternating: { '': 'A', A: 'B', B: 'A' },
  same: { '': 'A', A: 'A' },
  oversized: { '': 'C'.repeat(2048) },
  honest: { '': 'A', A: 'B', B: '' },
}

let server
before(async () => {
  server = await hostileServer((socket, req) => {
    const q = new URL(req.path, 'http://x').searchParams
    const cursor = q.get('cursor') ?? ''
    const next = scenarios[q.get('channel')][cursor]
    const agent = { agent_id: `after-${cursor || 'start'}`, start_ts: 1, status: 'RUNNING' }
    socket.write(response(200, JSON.stringify({ data: { count: 1, list: [agent] }, meta: { cursor: next, total: 99 }, status: 'ok' })))
  })
})
after(() => server.close())

const walk = (channel) => hostileCall(server, 'listAllAgents', [{ channel }])
const pages = (channel) => realRequests(server).filter((r) => r.path.includes(`channel=${channel}`)).length

test('two alternating cursors: ERR_BAD_RESPONSE on the third page (whose agents are not trusted)', async () => {
  const r = await walk('alternating')
  assert.equal(r.code, 'ERR_BAD_RESPONSE')
  assert.match(r.message, /cursor it had sent before/)
  assert.deepEqual(r.yielded, ['after-start', 'after-A'])
  assert.equal(pages('alternating'), 3)
})

test('a cursor repeated at once: ERR_BAD_RESPONSE on the second page', async () => {
  const r = await walk('same')
  assert.equal(r.code, 'ERR_BAD_RESPONSE')
  assert.equal(pages('same'), 2)
})

test('a 2 KB cursor is refused, not sent back', async () => {
  const r = await walk('oversized')
  assert.equal(r.code, 'ERR_BAD_RESPONSE')
  assert.equal(pages('oversized'), 1)
})

test('an honest listing ends when the cursor runs out', async () => {
  const r = await walk('honest')
  assert.deepEqual(r.value, ['after-start', 'after-A', 'after-B'])
})
