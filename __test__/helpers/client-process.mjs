// Child process of `runClient` (./run-client.mjs): builds one ConvoAIClient from the job in
// argv[2], optionally warms it up with a well-formed call (so the runtime, the pool and the TLS
// stack are already in memory), then runs the job's calls in order and prints one JSON line:
// each call's result or error, and how far the peak RSS rose above the RSS before the calls.
import { createRequire } from 'node:module'

const native = createRequire(import.meta.url)('../../index.js')
const job = JSON.parse(process.argv[2])

/** Values are reported whole when small, else by size (a test never needs a megabyte back). */
function summary(value) {
  const text = JSON.stringify(value) ?? 'undefined'
  return text.length <= 4096 ? value : { jsonBytes: text.length }
}

function describe(e) {
  const { code, name, message, status, reason, detail, requestId, attempts, retryable } = e
  return { ok: false, code, name, message, status, reason, detail, requestId, attempts, retryable }
}

async function run(client, { method, args = [] }) {
  if (method !== 'listAllAgents') return summary(await client[method](...args))
  const agents = []
  try {
    for await (const agent of client.listAllAgents(...args)) agents.push(agent.agentId)
  } catch (e) {
    e.yielded = agents
    throw e
  }
  return agents
}

let client
try {
  client = new native.ConvoAIClient(job.options)
} catch (e) {
  process.stdout.write(`${JSON.stringify({ results: [{ ...describe(e), construction: true }], rssGrowthBytes: 0 })}\n`)
  process.exit(0)
}
if (job.warmup) await client.getAgent('warmup')
const rssBefore = process.memoryUsage().rss
const results = []
for (const call of job.calls) {
  try {
    results.push({ ok: true, value: await run(client, call) })
  } catch (e) {
    results.push({ ...describe(e), yielded: e.yielded })
  }
}
const peak = process.resourceUsage().maxRSS * 1024
process.stdout.write(`${JSON.stringify({ results, rssGrowthBytes: peak - rssBefore })}\n`)
