// The sandbox's web console over plain HTTP (the page itself runs in browser.console.test.mjs):
// it answers only what no API route does, its files are the ones the page loads, its live feed
// is a bounded, coalesced event stream, its inspector gives the CLI's report, its fault
// endpoint scripts `failNext`, and nothing that changes state can be sent from another site.

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { test } from 'node:test'
import { promisify } from 'node:util'
import { consoleFiles } from './helpers/console-files.mjs'
import { startReceiver } from './helpers/webhook-receiver.mjs'
import { agentPath, call, joinBody, native, startAgent, startSandbox, until } from './sandbox.helpers.mjs'

const require = createRequire(import.meta.url)
const { MAX_CLIENTS, SHOWN } = require('../sandbox/web-console-feed.js')
const { JOURNAL_SIZE } = require('../sandbox/request-journal.js')

const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }
const JSON_TYPE = { 'content-type': 'application/json' }

/** Follows the console's event stream: `events` fills as they arrive; `state()` folds them as the page does. */
async function openEvents(sb) {
  const controller = new AbortController()
  const res = await fetch(`${sb.url}/_console/api/events`, { signal: controller.signal })
  const events = []
  const stream = { res, events, ended: false, close: () => controller.abort() }
  if (res.status !== 200) return stream
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
  ;(async () => {
    let buffer = ''
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ done: true }))
      if (done) break
      buffer += value
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const lines = buffer.slice(0, end).split('\n')
        buffer = buffer.slice(end + 2)
        const event = lines.find((l) => l.startsWith('event: '))?.slice(7)
        const data = lines.find((l) => l.startsWith('data: '))?.slice(6)
        if (event) events.push({ event, data: JSON.parse(data) })
      }
    }
    stream.ended = true
  })()
  /** What the snapshot and the changes since say; `changesOnly`: what arrived after the snapshot. */
  stream.state = ({ changesOnly = false } = {}) => {
    const agents = new Map()
    const attempts = new Map()
    const requests = []
    let faults
    for (const { data } of changesOnly ? events.slice(1) : events) {
      for (const a of data.agents ?? []) agents.set(a.agentId, a)
      for (const a of data.attempts ?? []) attempts.set(`${a.noticeId}#${a.attempt}`, a)
      requests.push(...(data.requests ?? []))
      faults = data.faults ?? faults
    }
    return { agents, attempts: [...attempts.values()], requests, faults }
  }
  return stream
}

const sb = await startSandbox({ agentStartDelayMs: 5, agentStopDelayMs: 5 })
test.after(() => sb.close())

test('GET / is the console page; its files are exactly the ones it loads, each with a CSP that allows only its origin', async () => {
  const page = await fetch(`${sb.url}/`)
  assert.equal(page.status, 200)
  assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8')
  const csp = page.headers.get('content-security-policy')
  assert.match(csp, /default-src 'none'/)
  assert.match(csp, /script-src 'self';/)
  assert.match(csp, /connect-src 'self';/)
  assert.equal(page.headers.get('access-control-allow-origin'), null)
  await page.arrayBuffer()
  const { html, files } = await consoleFiles(sb.url)
  assert.match(html, /<title>ConvoAI sandbox console<\/title>/)
  for (const [path, file] of files) {
    assert.equal(file.status, 200, path)
    assert.equal(file.type, path.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8', path)
    assert.doesNotMatch(file.text, /https?:\/\//, `${path} refers to no other site`)
  }
  const { ASSETS } = require('../sandbox/web-console-assets.js')
  assert.deepEqual([...files.keys()].sort(), ASSETS.map((a) => `/_console/assets/${a}`).sort(), 'every served file is used, every used file is served')

  const head = await fetch(`${sb.url}/`, { method: 'HEAD' })
  assert.equal(head.status, 200)
  assert.equal(await head.text(), '')
  for (const path of ['/_console/assets/nope.js', '/_console/assets/../web-console.js', '/_console/assets/index.html', '/_console/nope']) {
    const res = await fetch(sb.url + path)
    assert.deepEqual([res.status, (await res.json()).reason], [404, 'NotFound'], path)
  }
})

test('routing: API paths answer as before, even to a browser; unknown paths are JSON 404s unless a browser navigates to a non-API one', async () => {
  const join = await call(sb, 'POST', agentPath(sb, '/join'), { body: joinBody(sb), headers: HTML })
  assert.equal(join.status, 200)
  const projects = await call(sb, 'GET', '/dev/v1/projects', { auth: null, headers: HTML })
  assert.deepEqual([projects.status, projects.body], [401, { message: 'Invalid authentication credentials' }])
  const list = await call(sb, 'GET', agentPath(sb, '/agents'), { auth: null, headers: HTML })
  assert.deepEqual([list.status, list.body.reason], [401, 'InvalidPermission'])
  const numbers = await call(sb, 'GET', '/api/conversational-ai-agent/v2/phone-numbers', { headers: HTML })
  assert.equal(numbers.status, 200)

  const cases = [
    ['GET', '/nope', {}, 404],
    ['GET', '/nope', HTML, 'page'],
    ['GET', '/agents/overview', HTML, 'page'],
    ['GET', '/api/conversational-ai-agent/v1/projects/x/join', HTML, 404],
    ['GET', '/prefix/api/nope', HTML, 404],
    ['GET', '/dev/v2/projects', HTML, 404],
    ['POST', '/', {}, 404],
    ['DELETE', '/nope', HTML, 404],
    ['GET', '//', {}, 404],
  ]
  for (const [method, path, headers, expected] of cases) {
    const res = await call(sb, method, path, { headers, auth: null })
    if (expected === 'page') assert.match(res.text, /<title>ConvoAI sandbox console<\/title>/, `${method} ${path}`)
    else assert.deepEqual([res.status, res.body?.reason], [404, 'NotFound'], `${method} ${path}`)
  }
  assert.equal(sb.handlerErrors, 0, 'a target URL parsing rejects (//) is a 404, not a handler error')
})

test('console requests are not API requests: not recorded, no scripted fault taken, not in the request log', async () => {
  const recorded = sb.requests.length
  sb.failNext(1, { status: 503 })
  const events = await openEvents(sb)
  await until(() => events.events.length > 0)
  for (const path of ['/', '/_console/assets/main.js', '/_console/api/requests/1']) await (await fetch(sb.url + path)).arrayBuffer()
  const inspected = await fetch(`${sb.url}/_console/api/inspect`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ token: 'x' }) })
  assert.equal(inspected.status, 200)
  events.close()
  assert.equal(sb.requests.length, recorded)
  const api = await call(sb, 'GET', agentPath(sb, '/agents'))
  assert.equal(api.status, 503, 'the fault waited for the API request')
  const after = await openEvents(sb)
  await until(() => after.events.length > 0)
  after.close()
  const log = after.events[0].data.requests
  assert.equal(log.at(-1).status, 503)
  assert.ok(log.every((e) => !e.path.startsWith('/_console') && !(e.method === 'GET' && e.path === '/')))
})

test('the event stream: a snapshot first, then coalesced changes; agents started after connecting arrive, then their stop', async () => {
  const events = await openEvents(sb)
  assert.equal(events.res.headers.get('content-type'), 'text/event-stream; charset=utf-8')
  await until(() => events.events.length > 0)
  assert.equal(events.events[0].event, 'snapshot')
  const { info } = events.events[0].data
  assert.deepEqual(info, { appId: sb.appId, customerId: sb.customerId, startedAt: info.startedAt, webhookReceiver: null })

  const ids = await Promise.all(Array.from({ length: 50 }, (_, i) => startAgent(sb, { name: `burst-${i}` })))
  await until(() => ids.every((id) => events.state().agents.get(id)?.status === 'RUNNING'), 2000)
  const changes = events.events.filter((e) => e.event === 'changes').length
  // 50 joins make 100 agent changes and 50 log entries: a handful of messages carries them.
  assert.ok(changes <= 20, `${changes} messages for 150 changes`)
  const seen = events.state()
  assert.deepEqual(Object.keys(seen.agents.get(ids[0])).sort(), [
    'agentId',
    'agentUid',
    'channel',
    'createTs',
    'message',
    'name',
    'remoteUidCount',
    'remoteUids',
    'status',
    'stopTs',
  ])
  assert.equal(events.state({ changesOnly: true }).requests.filter((r) => r.method === 'POST' && r.path.endsWith('/join')).length, 50)

  await call(sb, 'POST', agentPath(sb, `/agents/${ids[0]}/leave`), { body: {} })
  await until(() => events.state().agents.get(ids[0]).status === 'STOPPED')
  events.close()
})

test(`the event stream is bounded: ${MAX_CLIENTS} pages at once, ${SHOWN} items of a kind, and a closed sandbox ends them`, async () => {
  const s = await startSandbox({ agentStartDelayMs: 1, agentStopDelayMs: 1, recordRequests: false })
  const streams = await Promise.all(Array.from({ length: MAX_CLIENTS }, () => openEvents(s)))
  assert.ok(streams.every((e) => e.res.status === 200))
  const refused = await fetch(`${s.url}/_console/api/events`)
  assert.deepEqual([refused.status, (await refused.json()).reason], [503, 'TooManyConsoles'])
  /** A stream once a slot is free (a closed page's slot frees when its connection closes). */
  const openWhenFree = async () => {
    let opened
    await until(async () => {
      opened = await openEvents(s)
      return opened.res.status === 200
    })
    return opened
  }
  streams[0].close()
  streams[0] = await openWhenFree()

  const total = SHOWN + 50
  for (let i = 0; i < total; i += 25) await Promise.all(Array.from({ length: 25 }, (_, j) => startAgent(s, { name: `many-${i + j}` })))
  streams[1].close()
  const late = await openWhenFree()
  await until(() => late.events.length > 0)
  const snapshot = late.events[0].data
  assert.equal(snapshot.agents.length, SHOWN)
  assert.equal(snapshot.agentCount, total)
  assert.equal(snapshot.agents.at(-1).name, `many-${total - 1}`, 'the newest are shown')
  assert.equal(snapshot.requests.length, JOURNAL_SIZE, 'the log is a ring, kept even with recordRequests: false')
  assert.equal(s.requests.length, 0)

  await s.close()
  await until(() => [late, ...streams.slice(2)].every((e) => e.ended))
})

test('request log: status, latency, auth scheme and reason, recorded when answered; details redacted; old entries gone', async () => {
  const id = await startAgent(sb)
  const tokenAuth = `agora token=${native.buildRtcToken({ appId: sb.appId, appCertificate: sb.appCertificate, channelName: 'x', uid: 1 })}`
  await call(sb, 'GET', agentPath(sb, `/agents/${id}`), { auth: tokenAuth, headers: { cookie: 'session=other-local-app' } })
  await call(sb, 'GET', agentPath(sb, '/agents/NOPE'), { auth: null })
  sb.failNext(1, { dropConnection: true })
  await call(sb, 'GET', agentPath(sb, '/agents')).catch(() => {})
  const events = await openEvents(sb)
  await until(() => events.events.length > 0)
  const log = events.events[0].data.requests
  events.close()
  const [join, query, unauthorized, dropped] = log.slice(-4)
  assert.deepEqual([join.method, join.status, join.auth], ['POST', 200, 'basic'])
  assert.deepEqual([query.status, query.auth], [200, 'token'])
  assert.deepEqual([unauthorized.status, unauthorized.auth, unauthorized.reason], [401, 'none', 'InvalidPermission'])
  assert.deepEqual([dropped.status, dropped.fault], [null, 'failNext: connection dropped'])
  assert.ok(log.every((e) => typeof e.latencyMs === 'number' && e.latencyMs >= 0 && !('body' in e) && !('headers' in e)))

  const detail = await (await fetch(`${sb.url}/_console/api/requests/${join.seq}`)).json()
  assert.equal(detail.headers.authorization, 'Basic ***')
  assert.equal(detail.body.properties.token, '***')
  assert.equal(detail.body.properties.llm.api_key, '***')
  const queried = await (await fetch(`${sb.url}/_console/api/requests/${query.seq}`)).json()
  assert.equal(queried.headers.authorization, 'agora token=***')
  assert.equal(queried.headers.cookie, '(not shown)')
  const text = JSON.stringify([detail, queried])
  assert.ok(!text.includes(sb.customerSecret) && !text.includes('sk-not-a-real-key') && !text.includes('other-local-app'))

  const gone = await fetch(`${sb.url}/_console/api/requests/0`)
  assert.equal(gone.status, 404)

  // Bodies are kept up to 16 K characters: a larger one shows as its size, one over the API's limit as not read.
  await call(sb, 'POST', agentPath(sb, '/join'), { body: { name: 'x'.repeat(20_000) } })
  await call(sb, 'POST', agentPath(sb, '/join'), { body: 'y'.repeat(1024 * 1024 + 1) }).catch(() => {})
  const later = await openEvents(sb)
  await until(() => later.events.length > 0)
  later.close()
  const [large, over] = later.events[0].data.requests.slice(-2)
  assert.deepEqual([large.status, over.status], [400, 413])
  const bodyOf = async (seq) => (await (await fetch(`${sb.url}/_console/api/requests/${seq}`)).json()).body
  assert.equal(await bodyOf(large.seq), `(${JSON.stringify({ name: 'x'.repeat(20_000) }).length} characters: not kept)`)
  assert.equal(await bodyOf(over.seq), '(over the body limit: not read)')
})

test('nothing secret reaches the page: no certificate, customer secret, token, vendor key or SIP setting', async () => {
  await call(sb, 'POST', '/api/conversational-ai-agent/v2/phone-numbers', {
    body: {
      provider: 'byo',
      phone_number: '+14155550199',
      label: 'desk',
      outbound_config: { address: 'sip.example', transport: 'tls', password: 'sip-password-1' },
    },
  })
  const events = await openEvents(sb)
  await until(() => events.events.length > 0)
  events.close()
  const text = JSON.stringify(events.events)
  assert.match(text, /\+14155550199/)
  for (const secret of [sb.appCertificate, sb.customerSecret, 'sip-password-1', 'sk-not-a-real-key', '007eJ']) assert.ok(!text.includes(secret), secret)
})

const cli = promisify(execFile)

test('inspector: the CLI report, checked against the sandbox certificate, plus the join verdict', async () => {
  const inspect = async (body) => {
    const res = await fetch(`${sb.url}/_console/api/inspect`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify(body) })
    return { status: res.status, body: await res.json() }
  }
  const token = native.buildRtcToken({ appId: sb.appId, appCertificate: sb.appCertificate, channelName: 'room', uid: 42 })
  const ok = await inspect({ token, channel: 'room', uid: '42' })
  assert.equal(ok.status, 200)
  assert.equal(ok.body.report.signature, 'valid')
  assert.deepEqual(ok.body.join, { channel: 'room', agentUid: '42', enableRtm: false, problem: null })
  assert.ok(!JSON.stringify(ok.body).includes(token), 'the answer does not repeat the token')
  const { stdout } = await cli(process.execPath, [
    'bin/agora-convoai.js',
    'inspect',
    token,
    '--json',
    '--app-id',
    sb.appId,
    '--app-certificate',
    sb.appCertificate,
    '-c',
    'room',
    '-u',
    '42',
  ])
  const { secondsLeft: _a, ...fromCli } = JSON.parse(stdout)
  const { secondsLeft: _b, ...fromConsole } = ok.body.report
  assert.deepEqual(fromConsole, fromCli, 'one report, shared with the CLI')

  const wrongUid = await inspect({ token, channel: 'room', uid: '7' })
  assert.ok(wrongUid.body.report.hints.some((h) => /token is for uid "42", not "7"/.test(h)))
  assert.match(wrongUid.body.join.problem, /different uid/)
  const rtm = await inspect({ token, channel: 'room', uid: '42', enableRtm: true })
  assert.match(rtm.body.join.problem, /RTM login privilege/)
  const expired = native.buildRtcToken({
    appId: sb.appId,
    appCertificate: sb.appCertificate,
    channelName: 'room',
    uid: 42,
    tokenExpire: 1,
    issueTs: 1_700_000_000,
  })
  assert.ok((await inspect({ token: expired })).body.report.hints.some((h) => /The token expired/.test(h)))
  const other = native.buildRtcToken({ appId: 'f'.repeat(32), appCertificate: 'e'.repeat(32), channelName: 'room', uid: 42 })
  const foreign = (await inspect({ token: other })).body.report
  assert.equal(foreign.signature, 'invalid')
  assert.ok(foreign.hints.some((h) => /not the App ID you gave/.test(h)))

  const garbage = await inspect({ token: `${token.replace(/\+/g, ' ').slice(0, 60)} x` })
  assert.deepEqual([garbage.status, garbage.body.error.code], [200, 'ERR_INVALID_TOKEN'])
  assert.match(garbage.body.error.hint, /white space/)
  for (const bad of [{}, { token: 5 }, { token, channel: 'room' }, { token, uid: '1' }, { token: 'x'.repeat(20_000) }, { token, enableRtm: 'yes' }, []]) {
    const res = await inspect(bad)
    assert.deepEqual([res.status, res.body.reason], [400, 'InvalidRequest'], JSON.stringify(bad).slice(0, 80))
  }
})

test('fault endpoint: scripts failNext for the next API requests; bad scripts are 400s; DELETE clears', async () => {
  const post = (body, method = 'POST') => fetch(`${sb.url}/_console/api/faults`, { method, headers: JSON_TYPE, body: JSON.stringify(body) })
  const scripted = await post({ count: 2, fault: { status: 503, retryAfter: 2 } })
  assert.equal(scripted.status, 200)
  assert.deepEqual((await scripted.json()).faults, { pending: [{ remaining: 2, fault: { status: 503, retryAfter: 2 } }], total: 2 })
  const failed = await call(sb, 'GET', agentPath(sb, '/agents'))
  assert.deepEqual([failed.status, failed.headers.get('retry-after'), failed.body.reason], [503, '2', 'ServiceUnavailable'])
  const cleared = await post({}, 'DELETE')
  assert.deepEqual((await cleared.json()).faults, { pending: [], total: 0 })
  assert.equal((await call(sb, 'GET', agentPath(sb, '/agents'))).status, 200)

  for (const bad of [
    { count: 0, fault: { status: 503 } },
    { count: 1001, fault: {} },
    { fault: { status: 42 } },
    { fault: { delayMs: 120_000 } },
    { fault: { badJson: 'yes' } },
    { fault: 'x' },
    { fault: { reason: 'r'.repeat(101), status: 500 } },
  ]) {
    const res = await post(bad)
    assert.deepEqual([res.status, (await res.json()).reason], [400, 'InvalidRequest'], JSON.stringify(bad))
  }
  assert.equal((await call(sb, 'GET', agentPath(sb, '/agents'))).status, 200, 'a refused script scripts nothing')
})

test('cross-site requests cannot change anything: form and text bodies, other origins and cross-site fetches are refused; no CORS', async () => {
  const attempt = (headers, body = JSON.stringify({ count: 1, fault: { status: 500 } })) =>
    fetch(`${sb.url}/_console/api/faults`, { method: 'POST', headers, body })
  const host = new URL(sb.url).host
  const cases = [
    [{ 'content-type': 'application/x-www-form-urlencoded' }, 415],
    [{ 'content-type': 'text/plain' }, 415],
    [{ 'content-type': 'multipart/form-data; boundary=x' }, 415],
    [{}, 415],
    [{ ...JSON_TYPE, origin: 'https://evil.example' }, 403],
    [{ ...JSON_TYPE, origin: 'null' }, 403],
    [{ ...JSON_TYPE, 'sec-fetch-site': 'cross-site' }, 403],
    [{ ...JSON_TYPE, 'sec-fetch-site': 'same-site' }, 403],
  ]
  for (const [headers, status] of cases) {
    const res = await attempt(headers)
    assert.equal(res.status, status, JSON.stringify(headers))
    assert.equal(res.headers.get('access-control-allow-origin'), null)
  }
  const inspect = await fetch(`${sb.url}/_console/api/inspect`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"token":"x"}' })
  assert.equal(inspect.status, 415)
  assert.equal((await call(sb, 'GET', agentPath(sb, '/agents'))).status, 200, 'no fault was scripted')

  const preflight = await fetch(`${sb.url}/_console/api/faults`, {
    method: 'OPTIONS',
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
  })
  assert.equal(preflight.headers.get('access-control-allow-origin'), null)
  assert.equal(preflight.headers.get('access-control-allow-methods'), null)

  const sameOrigin = await attempt({ ...JSON_TYPE, origin: `http://${host}`, 'sec-fetch-site': 'same-origin' })
  assert.equal(sameOrigin.status, 200)
  assert.equal((await call(sb, 'GET', agentPath(sb, '/agents'))).status, 500)
})

test('a page that stops reading its stream is disconnected once its backlog passes the bound', () => {
  const { ConsoleFeed } = require('../sandbox/web-console-feed.js')
  const { AgentStore } = require('../sandbox/agents-store.js')
  const { CallStore } = require('../sandbox/call-store.js')
  const { PhoneNumberStore } = require('../sandbox/phone-numbers.js')
  const { RequestJournal } = require('../sandbox/request-journal.js')
  const { Faults } = require('../sandbox/faults.js')
  const { Timers } = require('../sandbox/timers.js')
  const { deliveriesSource } = require('../sandbox/web-console-deliveries.js')
  const { SandboxWebhooks } = require('../sandbox/webhooks.js')
  const timers = new Timers()
  const agents = new AgentStore({ timers, startDelayMs: 60_000, stopDelayMs: 60_000 })
  const calls = new CallStore({ agents, serviceEnds: new Set() })
  const feed = new ConsoleFeed({
    agents,
    calls,
    numbers: new PhoneNumberStore(),
    journal: new RequestJournal(),
    faults: new Faults(),
    deliveries: deliveriesSource(new SandboxWebhooks(undefined, timers)),
    info: {},
  })
  for (let i = 0; i < SHOWN; i++) agents.create({ name: `${i}-${'n'.repeat(8000)}`, channel: 'c', agentUid: String(i + 1), properties: {} })
  // A stream whose socket takes nothing: everything written waits in its buffer.
  const stuck = {
    backlog: 0,
    destroyed: false,
    writeHead() {},
    once() {},
    write(text) {
      this.backlog += text.length
    },
    destroy() {
      this.destroyed = true
    },
    get writableLength() {
      return this.backlog
    },
  }
  assert.equal(feed.connect(stuck), true)
  assert.ok(stuck.backlog > 1024 * 1024, 'the snapshot alone passes the bound')
  assert.equal(stuck.destroyed, true)
  feed.close()
  timers.clearAll()
})

test('webhook deliveries: attempts arrive live (a failed one, then its retry); the receiver shown without secrets; webhook faults scripted and cleared', async (t) => {
  const receiver = await startReceiver((_delivery, n) => (n === 1 ? { status: 500, body: '{}' } : { status: 200, body: '{"ok":true}' }))
  const url = `${receiver.url.replace('http://', 'http://user:receiver-password@')}?key=secret-in-query`
  const s = await startSandbox({ agentStartDelayMs: 5, agentStopDelayMs: 5, webhook: { url, secret: 'console-webhook-secret', retryDelaysMs: [20] } })
  t.after(async () => {
    await s.close()
    await receiver.close()
  })
  const events = await openEvents(s)
  await until(() => events.events.length > 0)
  assert.equal(events.events[0].data.info.webhookReceiver, receiver.url)

  const agentId = await startAgent(s)
  const joined = () => events.state().attempts.filter((a) => a.eventType === 101)
  await until(() => joined().some((a) => a.outcome === 'delivered'))
  const [first, retry] = joined()
  assert.deepEqual([first.attempt, first.outcome, first.status, first.agentId], [1, 'failed', 500, agentId])
  assert.deepEqual([retry.noticeId, retry.attempt, retry.outcome, retry.status], [first.noticeId, 2, 'delivered', 200])
  assert.equal(typeof retry.durationMs, 'number')
  assert.ok(!('body' in retry), 'attempts are listed without their payload')

  const faults = (method, body) => fetch(`${s.url}/_console/api/faults`, { method, headers: JSON_TYPE, body: JSON.stringify(body) }).then((r) => r.json())
  assert.deepEqual((await faults('POST', { count: 2, fault: { webhook: 'unsent' } })).faults, {
    pending: [{ remaining: 2, fault: { webhook: 'unsent' } }],
    total: 2,
  })
  await until(() => events.state().faults?.total === 2)
  assert.deepEqual((await faults('DELETE', {})).faults, { pending: [], total: 0 })
  await call(s, 'POST', agentPath(s, `/agents/${agentId}/leave`), { body: {} })
  await until(() => events.state().attempts.some((a) => a.eventType === 102 && a.outcome === 'delivered' && a.attempt === 1))

  const text = JSON.stringify(events.events)
  for (const secret of ['console-webhook-secret', 'receiver-password', 'secret-in-query']) assert.ok(!text.includes(secret), secret)
  events.close()

  const refused = await fetch(`${sb.url}/_console/api/faults`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ fault: { webhook: 'unsent' } }) })
  assert.equal(refused.status, 400, 'no webhook faults on a sandbox that delivers none')
})
