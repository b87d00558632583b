// Ids placed in request paths (issue 14, item 4): URL parsing would rewrite `..`, `.`, `/`, `?`,
// `#` and `%`, so `stopAgent('..')` used to POST …/projects/{appId}/leave and resolve on the 404.
// Every such id is ERR_INVALID_ARG, and nothing is sent.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { hostileCalls } from './helpers/hostile-cases.mjs'
import { hostileServer, response } from './helpers/hostile-server.mjs'

const BAD_IDS = ['', '.', '..', '/', '../..', 'a/b', 'a?b', 'a#b', '%2e%2e', '%2F', 'a b', 'a\\b', 'é', 'x'.repeat(129)]

let server
before(async () => {
  // Whatever it is asked, it answers 404: the answer that made `stopAgent('..')` resolve.
  server = await hostileServer((socket) => socket.write(response(404, '{"reason":"TaskNotFound"}')))
})
after(() => server.close())

test('every agent method refuses ids URL parsing would rewrite, before any connection', async () => {
  const calls = BAD_IDS.flatMap((id) => [
    { method: 'stopAgent', args: [id] },
    { method: 'getAgent', args: [id] },
    { method: 'speak', args: [id, { text: 'hi' }] },
    { method: 'interrupt', args: [id] },
    { method: 'getHistory', args: [id] },
    { method: 'getTurns', args: [id] },
    { method: 'updateAgent', args: [id, { token: '007x' }] },
    { method: 'think', args: [id, { text: 'hi' }] },
  ])
  const { results } = await hostileCalls(server, calls, { warmup: false })
  results.forEach((r, i) => {
    assert.equal(r.code, 'ERR_INVALID_ARG', `${calls[i].method}(${JSON.stringify(calls[i].args[0])}): ${r.message}`)
  })
  assert.equal(server.connections(), 0)
})

test('ids of letters, digits and -._~+ are sent exactly as written', async () => {
  const { results } = await hostileCalls(
    server,
    [
      { method: 'stopAgent', args: ['A.b-c_d~e+1'] },
      { method: 'stopAgent', args: ['...'] },
    ],
    { warmup: false },
  )
  // 404 counts as already stopped.
  assert.deepEqual(
    results.map((r) => r.ok),
    [true, true],
  )
  const paths = server.requests.map((r) => r.path.split('/projects/')[1])
  assert.deepEqual(paths, ['0123456789abcdef0123456789abcdef/agents/A.b-c_d~e+1/leave', '0123456789abcdef0123456789abcdef/agents/.../leave'])
})
