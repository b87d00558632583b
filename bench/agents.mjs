// startAgent vs two anchors sending the identical request (same body, a
// freshly minted RTC+RTM token each, same Basic header, same server in its own
// process): undici's `Pool.request` (the HTTP engine under Node's fetch, with
// a keep-alive pool of 64 connections) and Node's own `fetch`. At concurrency
// 1, 16 and 64: requests/s, p50/p99, and the client process's CPU time per
// request (all its threads). Against the sandbox (Agora's checks on a single
// Node thread) and against a minimal server (the clients alone). Before
// measuring, one request of each contender is captured and compared, so
// "identical" is checked, not assumed.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readdirSync, readFileSync } from 'node:fs'
import http from 'node:http'
import { createRequire } from 'node:module'
import os from 'node:os'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { Pool } from 'undici'

const native = createRequire(import.meta.url)('../index.js')

/** Requests per measurement: enough for a p99 over ~30 (c=1) and ~80 (c=16, 64) slowest samples. */
const TOTAL = { 1: 3000, 16: 8000, 64: 8000 }
const WARM_UP = 300

/**
 * Scheduling priorities (nice values, applied when the OS allows it), the same whichever client
 * is measured. The server runs above the client: a client that wakes it (and, for startAgent,
 * its runtime's worker threads) would otherwise preempt it mid-batch. Both run above ordinary
 * jobs, so other work on a shared machine (builds) weighs less on the table.
 */
const SERVER_PRIORITY = -10
const CLIENT_PRIORITY = -5

/** Sets every thread of `pid` to `nice` (on Linux each thread has its own); false if not permitted. */
function prioritize(pid, nice) {
  let threads = [pid]
  try {
    threads = readdirSync(`/proc/${pid}/task`).map(Number)
  } catch {
    // not Linux: the process's priority is all there is
  }
  try {
    for (const thread of threads) os.setPriority(thread, nice)
    return true
  } catch {
    return false
  }
}

async function startServer(kind) {
  const child = spawn(process.execPath, [new URL('./agents-server.mjs', import.meta.url).pathname, kind], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const [line] = await once(createInterface({ input: child.stdout }), 'line')
  return { child, prioritized: prioritize(child.pid, SERVER_PRIORITY), ...JSON.parse(line) }
}

let seq = 0
const next = () => `b${process.pid}x${++seq}`

/** Connections of the undici pool: startAgent's default `maxConnections`. */
const UNDICI_CONNECTIONS = 64

/** What startAgent builds and sends: an RTC+RTM token for the channel and agent uid, 24 h (its default). */
function joinBody(server, channel) {
  const token = native.buildRtcRtmToken({ appId: server.appId, appCertificate: server.appCertificate, channelName: channel, uid: 1, tokenExpire: 86400 })
  return JSON.stringify({
    name: channel,
    properties: { channel, token, agent_rtc_uid: '1', remote_rtc_uids: ['2'], enable_string_uid: false },
  })
}

/**
 * The ways to send one join to `server`, each resolving once the answer is read, and `close`.
 * `names` limits which are set up (an undici pool holds sockets).
 */
function contenders(server, names = NAMES) {
  const client = new native.ConvoAIClient({
    appId: server.appId,
    appCertificate: server.appCertificate,
    customerId: server.customerId,
    customerSecret: server.customerSecret,
    baseUrl: server.url,
  })
  const path = `/api/conversational-ai-agent/v2/projects/${server.appId}/join`
  const url = `${server.url}${path}`
  const headers = { authorization: native.basicAuthHeader(server.customerId, server.customerSecret), 'content-type': 'application/json' }
  const pool = names.includes('undici') ? new Pool(server.url, { connections: UNDICI_CONNECTIONS, pipelining: 1 }) : null
  return {
    startAgent: async () => {
      const channel = next()
      const answer = await client.startAgent({ name: channel, channel, agentUid: 1, remoteUids: [2] })
      if (!answer.agentId) throw new Error('startAgent join failed')
    },
    undici: async () => {
      const { statusCode, body } = await pool.request({ path, method: 'POST', headers, body: joinBody(server, next()) })
      const answer = await body.json()
      if (statusCode !== 200 || !answer.agent_id) throw new Error(`undici join failed: ${statusCode}`)
    },
    fetch: async () => {
      const res = await fetch(url, { method: 'POST', headers, body: joinBody(server, next()) })
      const answer = await res.json()
      if (res.status !== 200 || !answer.agent_id) throw new Error(`fetch join failed: ${res.status}`)
    },
    close: async () => pool?.close(),
  }
}

const NAMES = ['startAgent', 'undici', 'fetch']

/** What must be equal between the contenders' requests: all but the per-request name and token. */
function comparable({ method, url, headers, body }) {
  const { name, properties } = JSON.parse(body)
  const { channel, token, ...rest } = properties
  assert.equal(name, channel)
  const parsed = native.parseToken(token)
  // expiresAt is issueTs-based: it differs between two mints a second apart, privileges do not.
  const services = parsed.services.map(({ channelName, expiresAt, ...s }) => {
    assert.equal(channelName ?? channel, channel)
    return s
  })
  return {
    method,
    url,
    authorization: headers.authorization,
    contentType: headers['content-type'],
    // Deflated tokens vary by a few bytes with their random salt; the rest of the body may not.
    otherBodyBytes: Buffer.byteLength(body) - 2 * Buffer.byteLength(channel) - token.length,
    properties: rest,
    token: { version: parsed.version, appId: parsed.appId, expire: parsed.expire, services },
  }
}

/** Captures one request of each contender on a plain server and fails the run unless they agree. */
async function checkIdenticalRequests() {
  const seen = []
  const server = http.createServer((req, res) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() })
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"agent_id":"CHECK000000000000000000000A","create_ts":1700000000,"status":"STARTING"}')
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const { appId, appCertificate, customerId, customerSecret } = (await import('../sandbox/index.mjs')).DEMO_CREDENTIALS
    const c = contenders({ url: `http://127.0.0.1:${server.address().port}`, appId, appCertificate, customerId, customerSecret })
    for (const name of NAMES) await c[name]()
    await c.close()
    for (const [i, name] of NAMES.entries()) assert.deepEqual(comparable(seen[i]), comparable(seen[0]), `${name} must send what startAgent sends`)
  } finally {
    server.close()
  }
}

/** CPU time in µs of every live thread of `pid` (Linux), split into its main thread and the others. */
function threadCpu(pid) {
  const cpu = { main: 0, others: 0 }
  let tasks
  try {
    tasks = readdirSync(`/proc/${pid}/task`)
  } catch {
    return null // not Linux
  }
  for (const tid of tasks) {
    try {
      // The first field of schedstat is the time on a CPU, in ns.
      const ns = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0])
      cpu[Number(tid) === pid ? 'main' : 'others'] += ns / 1e3
    } catch {
      // the thread ended meanwhile
    }
  }
  return cpu
}

/** CPU µs per request of `pid` between two `threadCpu` readings. */
const perRequest = (before, after, total) =>
  before && after ? { main: (after.main - before.main) / total, others: (after.others - before.others) / total } : null

async function measure(concurrency, total, send, serverPid) {
  const latencies = new Float64Array(total)
  let issued = 0
  const cpu0 = [threadCpu(process.pid), threadCpu(serverPid)]
  const start = process.hrtime.bigint()
  async function worker() {
    while (issued < total) {
      const i = issued++
      const t0 = process.hrtime.bigint()
      await send()
      latencies[i] = Number(process.hrtime.bigint() - t0) / 1e6
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  const cpu1 = [threadCpu(process.pid), threadCpu(serverPid)]
  latencies.sort()
  const pct = (p) => latencies[Math.min(total - 1, Math.floor((p / 100) * total))]
  return {
    rps: total / seconds,
    p50: pct(50),
    p99: pct(99),
    client: perRequest(cpu0[0], cpu1[0], total),
    server: perRequest(cpu0[1], cpu1[1], total),
  }
}

/** One measurement against a fresh server (state from an earlier phase would weigh on this one). */
async function phase(kind, name, concurrency) {
  const server = await startServer(kind)
  const c = contenders(server, [name])
  try {
    await measure(concurrency, WARM_UP, c[name]) // connections, JIT
    return { ...(await measure(concurrency, TOTAL[concurrency], c[name], server.child.pid)), prioritized: server.prioritized }
  } finally {
    await c.close()
    const exited = server.child.exitCode !== null || server.child.signalCode !== null
    if (!exited) {
      server.child.kill('SIGTERM')
      await once(server.child, 'exit')
    }
  }
}

const n = (x) => Math.round(x).toLocaleString('en-US')
const ms = (x) => x.toFixed(2)
/** Client CPU per request: its JS (main) thread + its other threads. */
const cpuCell = (r) => (r.client ? `${Math.round(r.client.main)} + ${Math.round(r.client.others)}` : 'n/a')

async function table(kind, rounds, names, concurrencies) {
  const lines = []
  const cpuLines = []
  let prioritized = true
  for (const concurrency of concurrencies) {
    const results = Object.fromEntries(names.map((name) => [name, []]))
    for (let r = 0; r < rounds; r++) {
      // Each round starts with the next contender, so none always runs first.
      const order = names.map((_, i) => names[(i + r) % names.length])
      for (const name of order) {
        const result = await phase(kind, name, concurrency)
        prioritized &&= result.prioritized
        results[name].push(result)
      }
    }
    // Each figure is its median over the rounds (one slow round moves none of them); CPU times
    // are those of the median round by throughput.
    const median = (rounds, key) => [...rounds].sort((a, b) => a[key] - b[key])[Math.floor(rounds.length / 2)]
    const m = Object.fromEntries(
      names.map((name) => {
        const rounds = results[name]
        return [name, { ...median(rounds, 'rps'), p50: median(rounds, 'p50').p50, p99: median(rounds, 'p99').p99 }]
      }),
    )
    const ours = m.startAgent
    const ratios = names.filter((name) => name !== 'startAgent').map((name) => `${(ours.rps / m[name].rps).toFixed(2)}×`)
    lines.push(
      `| ${concurrency} | ${names.map((name) => n(m[name].rps)).join(' | ')} | ${ratios.join(' | ')} | ${names.map((name) => `${ms(m[name].p50)} / ${ms(m[name].p99)}`).join(' | ')} |`,
    )
    const server = (r) => (r.server ? Math.round(r.server.main + r.server.others) : 'n/a')
    cpuLines.push(`| ${concurrency} | ${names.map((name) => `${cpuCell(m[name])} | ${server(m[name])}`).join(' | ')} |`)
  }
  const priority = prioritized ? `server at nice ${SERVER_PRIORITY}, client ${CLIENT_PRIORITY}` : 'priorities unchanged (not permitted)'
  const others = names.filter((name) => name !== 'startAgent')
  console.log(
    `\nstartAgent (agora-convoai-native) vs ${others.join(' and ')}, same request, ${kind} server in its own process (${priority}), median of ${rounds} rounds`,
  )
  console.log(
    `| concurrency | ${names.map((name) => `${name} req/s`).join(' | ')} | ${others.map((name) => `vs ${name}`).join(' | ')} | ${names.map((name) => `${name} p50 / p99 ms`).join(' | ')} |`,
  )
  console.log(`|${'---:|'.repeat(1 + names.length + others.length + names.length)}`)
  for (const line of lines) console.log(line)
  console.log(`\nCPU µs per request in that round: client JS thread + client's other threads | server process`)
  console.log(`| concurrency | ${names.map((name) => `${name} client | server`).join(' | ')} |`)
  console.log(`|${'---:|'.repeat(1 + 2 * names.length)}`)
  for (const line of cpuLines) console.log(line)
}

/**
 * `rounds` per row; `kinds` of server; `names` of contenders (startAgent first, the anchors it is
 * compared with after it); `concurrencies`. `node bench/agents.mjs --help` sets them from the
 * command line.
 */
export async function run({ rounds = 5, kinds = ['sandbox', 'minimal'], names = NAMES, concurrencies = [1, 16, 64] } = {}) {
  // Threads started later (the client's runtime workers) inherit the main thread's priority.
  prioritize(process.pid, CLIENT_PRIORITY)
  await checkIdenticalRequests()
  for (const kind of kinds) await table(kind, rounds, names, concurrencies)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '5' },
      kinds: { type: 'string', default: 'sandbox,minimal' },
      anchors: { type: 'string', default: 'undici,fetch' },
      concurrency: { type: 'string', default: '1,16,64' },
      help: { type: 'boolean' },
    },
  })
  if (values.help) {
    console.log('node bench/agents.mjs [--rounds 5] [--kinds sandbox,minimal] [--anchors undici,fetch] [--concurrency 1,16,64]')
  } else {
    await run({
      rounds: Number(values.rounds),
      kinds: values.kinds.split(','),
      names: ['startAgent', ...values.anchors.split(',')],
      concurrencies: values.concurrency.split(',').map(Number),
    })
  }
}
