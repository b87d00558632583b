// The sandbox against hostile clients (issue 14, item 7): slow requests are cut off, the agent
// store is capped, Basic is decoded strictly, deep JSON is refused before it is parsed, and a
// handler crash is counted and reported instead of vanishing into a 500.
import assert from 'node:assert/strict'
import net from 'node:net'
import { after, before, test } from 'node:test'

import { agentPath, basic, call, joinBody, startAgent, startSandbox, until } from './sandbox.helpers.mjs'

let sb
const reported = []
before(async () => {
  sb = await startSandbox({
    requestTimeoutMs: 300,
    maxAgents: 3,
    agentStartDelayMs: 0,
    agentStopDelayMs: 0,
    // A project whose name cannot be read: listing projects makes the handler throw.
    projects: [
      {
        id: 'p',
        get name() {
          throw new Error('boom in a handler')
        },
        vendor_key: 'b'.repeat(32),
        sign_key: '',
        status: 1,
        created: 1,
      },
    ],
    onHandlerError: (error, request) => reported.push({ message: error.message, ...request }),
  })
})
after(() => sb.close())

/** Opens a raw connection, writes `head`, then one byte of `drip` every 50 ms; resolves with all the server sent once it closes. */
function slowClient(head, drip) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(sb.port, '127.0.0.1')
    let received = ''
    let sent = 0
    const timer = setInterval(() => {
      // Bounded: a server that never closes fails the test instead of hanging it.
      if (sent >= 400) return (clearInterval(timer), socket.destroy(), reject(new Error(`still open after ${sent} bytes`)))
      socket.write(drip[sent++ % drip.length])
    }, 50)
    socket.on('connect', () => socket.write(head))
    socket.on('data', (d) => (received += d))
    socket.on('error', () => {})
    socket.on('close', () => (clearInterval(timer), resolve(received)))
  })
}

test('headers sent one byte at a time are cut off with 408 (requestTimeoutMs)', async () => {
  const answer = await slowClient('GET /dev/v1/projects HTTP/1.1\r\nHost: x\r\n', 'x-slow: y\r\n')
  assert.match(answer, /^HTTP\/1\.1 408/)
})

test('a body sent one byte at a time is cut off with 408', async () => {
  const answer = await slowClient(`POST ${agentPath(sb, '/join')} HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n`, '{')
  assert.match(answer, /^HTTP\/1\.1 408/)
})

test('the store keeps maxAgents: 429 while all run, then the oldest stopped agent is forgotten', async () => {
  const ids = [await startAgent(sb), await startAgent(sb), await startAgent(sb)]
  const full = await call(sb, 'POST', agentPath(sb, '/join'), { body: joinBody(sb) })
  assert.equal(full.status, 429)
  assert.equal(full.body.reason, 'ConcurrencyLimitExceeded')
  for (const id of [ids[1], ids[0]]) assert.equal((await call(sb, 'POST', agentPath(sb, `/agents/${id}/leave`))).status, 200)
  await until(() => sb.agents().filter((a) => a.status === 'STOPPED').length === 2)
  // ids[1] stopped first, so it is the one forgotten.
  const fourth = await startAgent(sb)
  assert.deepEqual(
    sb.agents().map((a) => a.agentId),
    [ids[0], ids[2], fourth],
  )
  assert.equal((await call(sb, 'GET', agentPath(sb, `/agents/${ids[1]}`))).status, 404)
  assert.equal((await call(sb, 'GET', agentPath(sb, `/agents/${ids[0]}`))).body.status, 'STOPPED')
  await call(sb, 'POST', agentPath(sb, `/agents/${ids[2]}/leave`))
  await call(sb, 'POST', agentPath(sb, `/agents/${fourth}/leave`))
})

test('Basic is decoded strictly: only canonical padded base64 of UTF-8 passes', async () => {
  const good = basic(sb)
  const encoded = good.slice('Basic '.length)
  const list = (auth) => call(sb, 'GET', agentPath(sb, '/agents'), { auth })
  assert.equal((await list(good)).status, 200)
  assert.equal((await list(`basic  ${encoded}`)).status, 200)
  const bad = [
    `${good}=`,
    good.replace(/=+$/, ''),
    `${good.slice(0, -3)}*==`,
    `Basic ${encoded.slice(0, 4)} ${encoded.slice(4)}`,
    `Basic ${Buffer.from([0xff, 0xfe, 0x3a, 0x78]).toString('base64')}`,
    `Basic ${encoded.slice(0, -4)}${Buffer.from(Buffer.from(encoded, 'base64').subarray(-2)).toString('base64').replace('=', 'B')}`,
    'Basic ',
    'Basic',
  ]
  for (const auth of bad) assert.equal((await list(auth)).status, 401, auth)
})

test('JSON nested deeper than 64 levels is 400 before it is parsed; 64 levels are fine', async () => {
  const join = (text) => call(sb, 'POST', agentPath(sb, '/join'), { body: text })
  for (const depth of [65, 100_000]) {
    const r = await join(`{"a":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`)
    assert.equal(r.status, 400)
    assert.equal(r.body.reason, 'InvalidRequestBody')
    assert.match(r.body.detail, /deeper than 64/)
  }
  const r = await join(`{"a":${'['.repeat(63)}${']'.repeat(63)}}`)
  assert.equal(r.status, 400)
  assert.doesNotMatch(r.body.detail, /deeper/)
  // Brackets inside strings are not nesting.
  const quoted = await join(JSON.stringify({ name: '['.repeat(1000) }))
  assert.doesNotMatch(quoted.body.detail, /deeper/)
  assert.deepEqual(reported, [])
})

test('a handler crash is answered 500, counted and reported to onHandlerError', async () => {
  const before = sb.handlerErrors
  const r = await call(sb, 'GET', '/dev/v1/projects')
  assert.equal(r.status, 500)
  assert.equal(r.body.reason, 'InternalError')
  assert.equal(sb.handlerErrors, before + 1)
  assert.deepEqual(reported.at(-1), { message: 'boom in a handler', method: 'GET', path: '/dev/v1/projects' })
})

test('without onHandlerError a crash is printed to stderr', async (t) => {
  const quiet = await startSandbox({
    projects: [
      {
        get id() {
          throw new Error('printed crash')
        },
      },
    ],
  })
  const printed = t.mock.method(console, 'error', () => {})
  try {
    assert.equal((await call(quiet, 'GET', '/dev/v1/projects')).status, 500)
    assert.equal(quiet.handlerErrors, 1)
    assert.equal(printed.mock.callCount(), 1)
    const [text, error] = printed.mock.calls[0].arguments
    assert.match(text, /GET \/dev\/v1\/projects/)
    assert.equal(error.message, 'printed crash')
  } finally {
    await quiet.close()
  }
})

test('the new options are checked with coded errors', async () => {
  for (const options of [{ maxAgents: 0 }, { maxAgents: 1.5 }, { requestTimeoutMs: -1 }, { requestTimeoutMs: '5' }, { onHandlerError: 'log' }]) {
    await assert.rejects(startSandbox(options), { code: 'ERR_INVALID_ARG' }, JSON.stringify(options))
  }
})
