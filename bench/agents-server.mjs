// The sandbox for bench/agents.mjs, in its own process so the server's work
// does not share the client's event loop. Prints its connection details as
// one JSON line, then serves until killed.
import { startSandbox } from '../sandbox/index.mjs'

const sb = await startSandbox({ agentStartDelayMs: 60_000 })
sb.requests.push = () => 0 // keep memory flat over tens of thousands of requests
const { url, appId, appCertificate, customerId, customerSecret } = sb
process.stdout.write(`${JSON.stringify({ url, appId, appCertificate, customerId, customerSecret })}\n`)
process.on('SIGTERM', () => sb.close().then(() => process.exit(0)))
