// startAgent vs Node's own fetch sending the identical request (same body, a
// freshly minted RTC+RTM token each, same Basic header, same server in its own
// process), at concurrency 1, 16 and 64: requests/s and p50/p99. Against the
// sandbox (Agora's checks on a single Node thread) and against a minimal
// server (the clients alone). Before measuring, one request of each contender
// is captured and compared, so "identical" is checked, not assumed.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readdirSync } from 'node:fs'
import http from 'node:http'
import { createRequire } from 'node:module'
import os from 'node:os'
import { createInterface } from 'node:readline'

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

/** The two ways to send one join to `server`: each resolves once the answer is read. */
function contenders(server) {
  const client = new native.ConvoAIClient({
    appId: server.appId,
    appCertificate: server.appCertificate,
    customerId: server.customerId,
    customerSecret: server.customerSecret,
    baseUrl: server.url,
  })
  const url = `${server.url}/api/conversational-ai-agent/v2/projects/${server.appId}/join`
  const headers = { authorization: native.basicAuthHeader(server.customerId, server.customerSecret), 'content-type': 'application/json' }
  return {
    startAgent: async () => {
      const channel = next()
      await client.startAgent({ name: channel, channel, agentUid: 1, remoteUids: [2] })
    },
    fetch: async () => {
      const channel = next()
      // What startAgent builds: an RTC+RTM token for the channel and agent uid, 24 h (its default).
      const token = native.buildRtcRtmToken({ appId: server.appId, appCertificate: server.appCertificate, channelName: channel, uid: 1, tokenExpire: 86400 })
      const body = JSON.stringify({
        name: channel,
        properties: { channel, token, agent_rtc_uid: '1', remote_rtc_uids: ['2'], enable_string_uid: false },
      })
      const res = await fetch(url, { method: 'POST', headers, body })
      const answer = await res.json()
      if (res.status !== 200 || !answer.agent_id) throw new Error(`fetch join failed: ${res.status}`)
    },
  }
}

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
    await c.startAgent()
    await c.fetch()
    assert.deepEqual(comparable(seen[1]), comparable(seen[0]), 'fetch must send what startAgent sends')
  } finally {
    server.close()
  }
}

async function measure(concurrency, total, send) {
  const latencies = new Float64Array(total)
  let issued = 0
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
  latencies.sort()
  const pct = (p) => latencies[Math.min(total - 1, Math.floor((p / 100) * total))]
  return { rps: total / seconds, p50: pct(50), p99: pct(99) }
}

/** One measurement against a fresh server (state from an earlier phase would weigh on this one). */
async function phase(kind, name, concurrency) {
  const server = await startServer(kind)
  try {
    const send = contenders(server)[name]
    await measure(concurrency, WARM_UP, send) // connections, JIT
    return { ...(await measure(concurrency, TOTAL[concurrency], send)), prioritized: server.prioritized }
  } finally {
    const exited = server.child.exitCode !== null || server.child.signalCode !== null
    if (!exited) {
      server.child.kill('SIGTERM')
      await once(server.child, 'exit')
    }
  }
}

async function table(kind, rounds) {
  const lines = []
  let prioritized = true
  for (const concurrency of [1, 16, 64]) {
    const results = { startAgent: [], fetch: [] }
    for (let r = 0; r < rounds; r++) {
      for (const name of r % 2 ? ['fetch', 'startAgent'] : ['startAgent', 'fetch']) {
        const result = await phase(kind, name, concurrency)
        prioritized &&= result.prioritized
        results[name].push(result)
      }
    }
    // The median round by throughput, with that round's latencies.
    const median = (ms) => [...ms].sort((a, b) => a.rps - b.rps)[Math.floor(ms.length / 2)]
    const a = median(results.startAgent)
    const f = median(results.fetch)
    const n = (x) => Math.round(x).toLocaleString('en-US')
    const ms = (x) => x.toFixed(2)
    lines.push(`| ${concurrency} | ${n(a.rps)} | ${n(f.rps)} | ${(a.rps / f.rps).toFixed(1)}× | ${ms(a.p50)} / ${ms(a.p99)} | ${ms(f.p50)} / ${ms(f.p99)} |`)
  }
  const priority = prioritized ? `server at nice ${SERVER_PRIORITY}, client ${CLIENT_PRIORITY}` : 'priorities unchanged (not permitted)'
  console.log(`\nstartAgent (agora-convoai-native) vs fetch, same request, ${kind} server in its own process (${priority}), median of ${rounds} rounds`)
  console.log('| concurrency | startAgent req/s | fetch req/s | ratio | startAgent p50 / p99 ms | fetch p50 / p99 ms |')
  console.log('|---:|---:|---:|---:|---:|---:|')
  for (const line of lines) console.log(line)
}

export async function run({ rounds = 5 } = {}) {
  // Threads started later (the client's runtime workers) inherit the main thread's priority.
  prioritize(process.pid, CLIENT_PRIORITY)
  await checkIdenticalRequests()
  await table('sandbox', rounds)
  await table('minimal', rounds)
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
