// The framework handlers (docs/webhooks.md): a Node/Express handler and a Fetch one
// answer Agora at once (200 JSON, 401, 400, 405, 413, 408), run onEvent only
// after the answer, route every failure to onError, and dedupe by noticeId.

import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { createRequire } from 'node:module'
import { after, test } from 'node:test'
import express from 'express'

const require = createRequire(import.meta.url)
const { createWebhookHandler, createFetchWebhookHandler, createWebhookDedupe, signWebhook } = require('../lib/webhooks/index.js')

const SECRET = 'console-webhook-secret'
// A handler that waited for onEvent before answering would hang a test; this ends it.
const HANG_GUARD = { timeout: 30_000 }

const unhandled = []
process.on('unhandledRejection', (reason) => unhandled.push(reason))
after(() => assert.deepEqual(unhandled, [], 'no unhandled rejections'))

let notices = 0
/** A signed 101 notification: `{ body, headers }` (headers as Agora sends them). */
function notification({ noticeId = `2000001428:4330:${++notices}`, secret = SECRET } = {}) {
  const body = JSON.stringify({
    noticeId,
    productId: 17,
    eventType: 101,
    notifyMs: Date.now(),
    payload: { agent_id: 'A1', name: 'agent', start_ts: 1737111452, channel: 'room' },
  })
  return { body, headers: { 'Content-Type': 'application/json', ...signWebhook(body, secret) } }
}

/** A promise with its resolve function. */
function deferred() {
  let resolve
  const promise = new Promise((r) => (resolve = r))
  return { promise, resolve }
}

/** Serves `listener` on a free port for the rest of the test. */
async function serve(t, listener) {
  const server = createServer(listener)
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.after(() => new Promise((resolve) => server.close(resolve)))
  return `http://127.0.0.1:${server.address().port}/agora/webhook`
}

async function post(url, { body, headers }) {
  const response = await fetch(url, { method: 'POST', body, headers })
  return { status: response.status, type: response.headers.get('content-type'), json: await response.json() }
}

/** Options recording onEvent and onError calls; `gate` holds every onEvent until resolved. */
function recorder(extra = {}) {
  const calls = { events: [], errors: [], gate: undefined }
  const options = {
    secret: SECRET,
    onEvent: async (event) => {
      calls.events.push(event)
      await calls.gate
    },
    onError: (error, event) => calls.errors.push({ error, event }),
    ...extra,
  }
  return { calls, options }
}

/** Resolves once `calls.events` has `n` entries (polled per event-loop turn, no clock). */
async function eventsReach(calls, n) {
  while (calls.events.length < n) await new Promise((resolve) => setImmediate(resolve))
}

test('Node handler: 200 JSON goes out before onEvent finishes; onEvent gets the typed event', HANG_GUARD, async (t) => {
  const { calls, options } = recorder()
  const gate = deferred()
  calls.gate = gate.promise
  // Should the answer wait for onEvent, the test times out; then this lets everything close.
  t.after(gate.resolve)
  const url = await serve(t, createWebhookHandler(options))
  const answered = await post(url, notification({ noticeId: 'n-1' }))
  assert.deepEqual(answered, { status: 200, type: 'application/json; charset=utf-8', json: { status: 'ok' } })
  await eventsReach(calls, 1)
  // onEvent is still waiting on the gate: the answer did not wait for it.
  gate.resolve()
  assert.equal(calls.events[0].known, true)
  assert.equal(calls.events[0].noticeId, 'n-1')
  assert.equal(calls.events[0].payload.agentId, 'A1')
  assert.deepEqual(calls.errors, [])
})

test('Node handler: a handler that throws or rejects goes to onError with its event, never unhandled', HANG_GUARD, async (t) => {
  let n = 0
  const errors = []
  const done = deferred()
  const handler = createWebhookHandler({
    secret: SECRET,
    onEvent: (event) => {
      n += 1
      if (n === 1) throw new Error('sync failure')
      return Promise.reject(new Error('async failure'))
    },
    onError: (error, event) => {
      errors.push([error.message, event.noticeId])
      if (errors.length === 2) done.resolve()
    },
  })
  const url = await serve(t, handler)
  assert.equal((await post(url, notification({ noticeId: 'a' }))).status, 200)
  assert.equal((await post(url, notification({ noticeId: 'b' }))).status, 200)
  await done.promise
  assert.deepEqual(errors.sort(), [
    ['async failure', 'b'],
    ['sync failure', 'a'],
  ])
})

test('Node handler: a throwing onError is contained too', HANG_GUARD, async (t) => {
  const logged = deferred()
  const original = console.error
  console.error = (...args) => logged.resolve(args)
  t.after(() => (console.error = original))
  const handler = createWebhookHandler({
    secret: SECRET,
    onEvent: () => {
      throw new Error('handler failed')
    },
    onError: () => {
      throw new Error('onError failed too')
    },
  })
  const url = await serve(t, handler)
  assert.equal((await post(url, notification())).status, 200)
  const [, error] = await logged.promise
  assert.equal(error.message, 'onError failed too')
})

test('Node handler: 401 bad signature, 400 bad envelope, 405 other methods, 413 too large, 408 too slow', HANG_GUARD, async (t) => {
  const { calls, options } = recorder({ maxBytes: 4096, readTimeoutMs: 50 })
  const url = await serve(t, createWebhookHandler(options))
  const good = notification()

  const wrongSecret = await post(url, notification({ secret: 'another' }))
  assert.equal(wrongSecret.status, 401)
  assert.equal(wrongSecret.json.error, 'ERR_INVALID_SIGNATURE')
  assert.equal((await post(url, { body: `${good.body} `, headers: good.headers })).status, 401)
  assert.equal((await post(url, { body: good.body, headers: { 'content-type': 'application/json' } })).status, 401)

  const notEnvelope = '{"hello":"world"}'
  const badEnvelope = await post(url, { body: notEnvelope, headers: signWebhook(notEnvelope, SECRET) })
  assert.equal(badEnvelope.status, 400)
  assert.equal(badEnvelope.json.error, 'ERR_INVALID_WEBHOOK')

  const get = await fetch(url)
  assert.equal(get.status, 405)
  assert.equal(get.headers.get('allow'), 'POST')

  const big = JSON.stringify({ pad: 'x'.repeat(5000) })
  assert.equal((await post(url, { body: big, headers: signWebhook(big, SECRET) })).status, 413)
  // Without a Content-Length (chunked), the limit holds while reading.
  const chunked = new ReadableStream({
    start(controller) {
      for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(1000)))
      controller.close()
    },
  })
  const response = await fetch(url, { method: 'POST', body: chunked, duplex: 'half', headers: signWebhook('', SECRET) })
  assert.equal(response.status, 413)

  // A body that never ends.
  const stalled = new ReadableStream({ start: (controller) => controller.enqueue(new TextEncoder().encode('{')) })
  const slow = await fetch(url, { method: 'POST', body: stalled, duplex: 'half', headers: good.headers })
  assert.equal(slow.status, 408)

  assert.deepEqual(calls.events, [])
  assert.deepEqual(
    calls.errors.map((e) => e.error.code),
    ['ERR_INVALID_SIGNATURE', 'ERR_INVALID_SIGNATURE', 'ERR_INVALID_SIGNATURE', 'ERR_INVALID_WEBHOOK'],
  )
})

test('Express: no body parser, express.raw, express.text, or a verify hook keeping req.rawBody all verify', HANG_GUARD, async (t) => {
  const { calls, options } = recorder()
  const app = express()
  app.post('/plain/agora/webhook', createWebhookHandler(options))
  app.post('/raw/agora/webhook', express.raw({ type: 'application/json' }), createWebhookHandler(options))
  app.post('/text/agora/webhook', express.text({ type: '*/*' }), createWebhookHandler(options))
  const keepRaw = express.json({ verify: (req, _res, buf) => (req.rawBody = buf) })
  app.post('/verify-hook/agora/webhook', keepRaw, createWebhookHandler(options))
  const url = await serve(t, app)
  const paths = ['plain', 'raw', 'text', 'verify-hook']
  for (const path of paths) {
    const answered = await post(url.replace('/agora', `/${path}/agora`), notification({ noticeId: path }))
    assert.equal(answered.status, 200, path)
  }
  await eventsReach(calls, paths.length)
  assert.deepEqual(calls.events.map((e) => e.noticeId).sort(), [...paths].sort())
  assert.deepEqual(calls.errors, [])
})

test('Express: after express.json() without raw bytes, 500 and an onError that says what to change', HANG_GUARD, async (t) => {
  const { calls, options } = recorder()
  const app = express()
  app.use(express.json())
  app.post('/agora/webhook', createWebhookHandler(options))
  const url = await serve(t, app)
  const answered = await post(url, notification())
  assert.equal(answered.status, 500)
  assert.equal(answered.json.error, 'ERR_INVALID_ARG')
  assert.equal(calls.errors.length, 1)
  assert.match(calls.errors[0].error.message, /express\.json\(\)/)
  assert.match(calls.errors[0].error.message, /express\.raw\(\{ type: 'application\/json' \}\)/)
  assert.deepEqual(calls.events, [])
})

test('dedupe: a redelivered noticeId reaches onEvent once; dedupe: false lets it through', HANG_GUARD, async (t) => {
  const deduped = recorder()
  const everyDelivery = recorder({ dedupe: false })
  const url = await serve(t, createWebhookHandler(deduped.options))
  const url2 = await serve(t, createWebhookHandler(everyDelivery.options))
  const delivery = notification({ noticeId: 'retried' })
  for (let i = 0; i < 3; i++) {
    assert.equal((await post(url, delivery)).status, 200)
    assert.equal((await post(url2, delivery)).status, 200)
  }
  await eventsReach(everyDelivery.calls, 3)
  await eventsReach(deduped.calls, 1)
  // The deduped handler's later deliveries were claimed and dropped before this one is sent.
  const marker = notification({ noticeId: 'marker' })
  await post(url, marker)
  await eventsReach(deduped.calls, 2)
  assert.deepEqual(
    deduped.calls.events.map((e) => e.noticeId),
    ['retried', 'marker'],
  )
})

test('dedupe: a shared store is used, and a failing store still delivers (and reports)', HANG_GUARD, async (t) => {
  const keys = new Set()
  const shared = { setIfAbsent: async (key) => (keys.has(key) ? null : (keys.add(key), 'OK')) }
  const a = recorder({ dedupe: createWebhookDedupe({ store: shared }) })
  const b = recorder({ dedupe: createWebhookDedupe({ store: shared }) })
  const urlA = await serve(t, createWebhookHandler(a.options))
  const urlB = await serve(t, createWebhookHandler(b.options))
  const delivery = notification({ noticeId: 'shared-1' })
  await post(urlA, delivery)
  await eventsReach(a.calls, 1)
  await post(urlB, delivery)
  await post(urlB, notification({ noticeId: 'shared-2' }))
  await eventsReach(b.calls, 1)
  assert.deepEqual(
    b.calls.events.map((e) => e.noticeId),
    ['shared-2'],
  )

  const failing = { setIfAbsent: async () => Promise.reject(new Error('redis down')) }
  const c = recorder({ dedupe: createWebhookDedupe({ store: failing }) })
  const urlC = await serve(t, createWebhookHandler(c.options))
  await post(urlC, notification({ noticeId: 'while-down' }))
  await eventsReach(c.calls, 1)
  assert.equal(c.calls.errors[0].error.message, 'redis down')
  assert.equal(c.calls.errors[0].event.noticeId, 'while-down')
})

test('Fetch handler: Response 200 JSON; onEvent runs after, kept alive through waitUntil', HANG_GUARD, async () => {
  const { calls, options } = recorder({ waitUntil: (promise) => kept.push(promise) })
  const kept = []
  const POST = createFetchWebhookHandler(options)
  const { body, headers } = notification({ noticeId: 'fetch-1' })
  const response = await POST(new Request('http://localhost/api/agora', { method: 'POST', body, headers: new Headers(headers) }))
  assert.equal(response.status, 200)
  assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8')
  assert.deepEqual(await response.json(), { status: 'ok' })
  // Not yet delivered when the Response was returned.
  assert.equal(calls.events.length, 0)
  assert.equal(kept.length, 1)
  await kept[0]
  assert.equal(calls.events[0].noticeId, 'fetch-1')

  // A context's own waitUntil (Workers' ctx) wins over the option.
  const fromContext = []
  const second = notification({ noticeId: 'fetch-2' })
  await POST(new Request('http://localhost/api/agora', { method: 'POST', ...second }), { waitUntil: (p) => fromContext.push(p) })
  assert.equal(fromContext.length, 1)
  assert.equal(kept.length, 1)
  await fromContext[0]
  assert.deepEqual(
    calls.events.map((e) => e.noticeId),
    ['fetch-1', 'fetch-2'],
  )
})

test('Fetch handler: 401, 400, 405, 413, and 500 for a body already read', HANG_GUARD, async () => {
  const { calls, options } = recorder({ maxBytes: 1024 })
  const POST = createFetchWebhookHandler(options)
  const request = (init) => new Request('http://localhost/api/agora', { method: 'POST', ...init })
  const good = notification()
  assert.equal((await POST(request({ body: good.body, headers: notification({ secret: 'x' }).headers }))).status, 401)
  const notEnvelope = '[1]'
  assert.equal((await POST(request({ body: notEnvelope, headers: signWebhook(notEnvelope, SECRET) }))).status, 400)
  assert.equal((await POST(new Request('http://localhost/api/agora'))).status, 405)
  const big = 'x'.repeat(2000)
  assert.equal((await POST(request({ body: big, headers: signWebhook(big, SECRET) }))).status, 413)
  const used = request(good)
  await used.text()
  const answered = await POST(used)
  assert.equal(answered.status, 500)
  assert.equal((await answered.json()).error, 'ERR_INVALID_ARG')
  assert.deepEqual(calls.events, [])
  assert.deepEqual(
    calls.errors.map((e) => e.error.code),
    ['ERR_INVALID_SIGNATURE', 'ERR_INVALID_WEBHOOK', 'ERR_INVALID_ARG'],
  )
})

test('handler options are checked when the handler is made', HANG_GUARD, () => {
  const onEvent = () => {}
  const bad = [
    undefined,
    { onEvent },
    { secret: '', onEvent },
    { secret: SECRET },
    { secret: SECRET, onEvent, onError: 'log' },
    { secret: SECRET, onEvent, dedupe: true },
    { secret: SECRET, onEvent, maxBytes: 0 },
    { secret: SECRET, onEvent, maxBytes: 1.5 },
    { secret: SECRET, onEvent, maxAgeMs: -1 },
    { secret: SECRET, onEvent, readTimeoutMs: 0 },
    { secret: SECRET, onEvent, waitUntil: 1 },
  ]
  for (const options of bad) {
    for (const create of [createWebhookHandler, createFetchWebhookHandler]) {
      assert.throws(
        () => create(options),
        (e) => e.code === 'ERR_INVALID_ARG',
        JSON.stringify(options),
      )
    }
  }
})
