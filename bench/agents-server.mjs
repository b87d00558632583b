// The server for bench/agents.mjs, in its own process so its work does not
// share the client's event loop. `sandbox` (default): the full sandbox, which
// checks credentials, tokens and bodies like Agora. `minimal`: answers every
// request with a fixed join response, to measure the clients alone. Prints
// its connection details as one JSON line, then serves until killed.
import http from 'node:http'
import { DEMO_CREDENTIALS, startSandbox } from '../sandbox/index.mjs'

const JOINED = '{"agent_id":"BENCH0000000000000000000AA","create_ts":1700000000,"status":"STARTING"}'

async function minimal() {
  const server = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JOINED)
    })
  })
  server.keepAliveTimeout = 60_000
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${server.address().port}`, ...DEMO_CREDENTIALS, close: () => server.close() }
}

async function sandbox() {
  // No request log: memory stays flat over a long run (the checks are the same either way).
  const sb = await startSandbox({ agentStartDelayMs: 60_000, recordRequests: false })
  const { url, appId, appCertificate, customerId, customerSecret } = sb
  return { url, appId, appCertificate, customerId, customerSecret, close: () => sb.close() }
}

const server = process.argv[2] === 'minimal' ? await minimal() : await sandbox()
const { close, ...details } = server
process.stdout.write(`${JSON.stringify(details)}\n`)
process.on('SIGTERM', async () => {
  await close()
  process.exit(0)
})
