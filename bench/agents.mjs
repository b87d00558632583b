// startAgent vs Node's own fetch sending the identical request (same body
// shape, a freshly minted RTC+RTM token each, same Basic header, same server
// in its own process), at concurrency 1, 16 and 64: requests/s and p50/p99.
// Against the sandbox (Agora's checks, a single Node thread: it caps what
// either client can reach) and against a minimal server (the clients alone).
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createRequire } from 'node:module'
import { createInterface } from 'node:readline'

const native = createRequire(import.meta.url)('../index.js')

async function startServer(kind) {
  const child = spawn(process.execPath, [new URL('./agents-server.mjs', import.meta.url).pathname, kind], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const [line] = await once(createInterface({ input: child.stdout }), 'line')
  return { child, ...JSON.parse(line) }
}

let seq = 0
const next = () => `b${process.pid}x${++seq}`

/** The body the client builds for the same request (checked against a real join below). */
function fetchBody(server, channel) {
  const token = native.buildRtcRtmToken({ appId: server.appId, appCertificate: server.appCertificate, channelName: channel, uid: 1, tokenExpire: 86400 })
  return JSON.stringify({
    name: channel,
    properties: { channel, token, agent_rtc_uid: '1', remote_rtc_uids: ['2'], enable_string_uid: false },
  })
}

async function measure(concurrency, total, once1) {
  const latencies = new Float64Array(total)
  let issued = 0
  const start = process.hrtime.bigint()
  async function worker() {
    while (issued < total) {
      const i = issued++
      const t0 = process.hrtime.bigint()
      await once1()
      latencies[i] = Number(process.hrtime.bigint() - t0) / 1e6
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  const sorted = [...latencies].sort((a, b) => a - b)
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
  return { rps: total / seconds, p50: pct(50), p99: pct(99) }
}

/** One measurement against a fresh server (the sandbox keeps every agent, so a long run would slow it). */
async function phase(kind, name, concurrency, total) {
  const server = await startServer(kind)
  try {
    const client = new native.ConvoAIClient({
      appId: server.appId,
      appCertificate: server.appCertificate,
      customerId: server.customerId,
      customerSecret: server.customerSecret,
      baseUrl: server.url,
    })
    const url = `${server.url}/api/conversational-ai-agent/v2/projects/${server.appId}/join`
    const headers = { authorization: native.basicAuthHeader(server.customerId, server.customerSecret), 'content-type': 'application/json' }
    const contenders = {
      startAgent: async () => {
        const channel = next()
        await client.startAgent({ name: channel, channel, agentUid: 1, remoteUids: [2] })
      },
      fetch: async () => {
        const res = await fetch(url, { method: 'POST', headers, body: fetchBody(server, next()) })
        const body = await res.json()
        if (res.status !== 200 || !body.agent_id) throw new Error(`fetch join failed: ${res.status}`)
      },
    }
    await measure(concurrency, 200, contenders[name]) // warm up: connections, JIT
    return await measure(concurrency, total, contenders[name])
  } finally {
    server.child.kill('SIGTERM')
  }
}

async function table(kind, rounds) {
  console.log(`\nstartAgent (agora-convoai-native) vs fetch, same request, ${kind} server in its own process`)
  console.log('| concurrency | startAgent req/s | fetch req/s | ratio | startAgent p50 / p99 ms | fetch p50 / p99 ms |')
  console.log('|---:|---:|---:|---:|---:|---:|')
  for (const concurrency of [1, 16, 64]) {
    const total = concurrency === 1 ? 1500 : 4000
    const results = { startAgent: [], fetch: [] }
    for (let r = 0; r < rounds; r++) {
      for (const name of r % 2 ? ['fetch', 'startAgent'] : ['startAgent', 'fetch']) {
        results[name].push(await phase(kind, name, concurrency, total))
      }
    }
    // The median round by throughput, with that round's latencies.
    const median = (ms) => [...ms].sort((a, b) => a.rps - b.rps)[Math.floor(ms.length / 2)]
    const a = median(results.startAgent)
    const f = median(results.fetch)
    const n = (x) => Math.round(x).toLocaleString('en-US')
    const ms = (x) => x.toFixed(2)
    console.log(`| ${concurrency} | ${n(a.rps)} | ${n(f.rps)} | ${(a.rps / f.rps).toFixed(1)}× | ${ms(a.p50)} / ${ms(a.p99)} | ${ms(f.p50)} / ${ms(f.p99)} |`)
  }
}

export async function run({ rounds = 3 } = {}) {
  await table('sandbox', rounds)
  await table('minimal', rounds)
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
