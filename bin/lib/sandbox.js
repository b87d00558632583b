'use strict'
// `agora-convoai sandbox`: runs the local ConvoAI server (agora-convoai-native/sandbox)
// until SIGINT/SIGTERM, printing where it listens and the credentials it accepts.
const { EXIT, UsageError, parse, integerFlag, out } = require('./cli')
const { sharedOptions } = require('./flags')

// What the sandbox serves and accepts; unlike the other commands, never read from the
// environment: real credentials must not end up in a local test server by accident.
const CREDENTIALS = ['app-id', 'app-certificate', 'customer-id', 'customer-secret']

const HELP = `Usage: agora-convoai sandbox [--port N] [--host ADDR] [--tls] [--app-id ID] [--app-certificate CERT]
                              [--customer-id ID] [--customer-secret SECRET] [--json]

Runs a local server that answers Agora's Conversational AI REST API (and the console's
project listing) the way Agora does, until Ctrl-C. Point a client's baseUrl at the printed
URL; open it in a browser for the sandbox's console (live agents, requests, a token
inspector, fault buttons). Credentials default to the sandbox's fixed demo pair (worthless
elsewhere); the sandbox's own credentials are printed so clients can use them.

  --port N                 port (default: a free one)
  --host ADDR              listening address (default 127.0.0.1)
  --tls                    HTTPS with a certificate made at start; its CA is printed
  --app-id ID, --app-certificate CERT (also --app-cert, --cert), --customer-id ID,
  --customer-secret SECRET what the sandbox serves and accepts (default: the demo pair;
                           the AGORA_* variables are not read)
  --agent-start-delay MS   STARTING -> RUNNING delay (default 50)
  --json                   print one JSON line {url, appId, ...} instead of text

Exit codes: 0 stopped by a signal, 1 could not start, 2 usage.`

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  tls: { type: 'boolean' },
  ...sharedOptions(CREDENTIALS),
  'agent-start-delay': { type: 'string' },
  json: { type: 'boolean' },
}

async function run(argv) {
  const { values } = parse(argv, OPTIONS)
  if (values.help) return out(HELP), EXIT.OK
  const port = integerFlag(values, 'port')
  if (port !== undefined && port > 65535) throw new UsageError('--port must be 0..65535')
  const options = {
    port,
    host: values.host,
    tls: values.tls === true,
    appId: values['app-id'],
    appCertificate: values['app-certificate'],
    customerId: values['customer-id'],
    customerSecret: values['customer-secret'],
    agentStartDelayMs: integerFlag(values, 'agent-start-delay'),
    // A long-running server keeps only its recent requests in memory.
    recordRequests: 1000,
  }
  for (const key of Object.keys(options)) if (options[key] === undefined) delete options[key]
  const { startSandbox } = require('../../sandbox/index.js')
  const sandbox = await startSandbox(options)
  // Listen before printing: whoever reads the URL may signal right away.
  const stopped = new Promise((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  const info = {
    url: sandbox.url,
    consoleUrl: `${sandbox.url}/`,
    appId: sandbox.appId,
    appCertificate: sandbox.appCertificate,
    customerId: sandbox.customerId,
    customerSecret: sandbox.customerSecret,
    caCertificate: sandbox.caCertificate,
  }
  if (values.json) {
    out(JSON.stringify(info))
  } else {
    out(`ConvoAI sandbox listening on ${info.url}`)
    out(`  Console          ${info.consoleUrl} (open it in a browser)`)
    out(`  App ID           ${info.appId}`)
    out(`  App Certificate  ${info.appCertificate}`)
    out(`  Customer ID      ${info.customerId}`)
    out(`  Customer secret  ${info.customerSecret}`)
    out(`Try: agora-convoai agent list --base-url ${info.url} --app-id ${info.appId} --customer-id ${info.customerId} --customer-secret …`)
    if (info.caCertificate) out(`CA certificate (trust it in clients):\n${info.caCertificate.trim()}`)
    out('Press Ctrl-C to stop.')
  }
  await stopped
  await sandbox.close()
  return EXIT.OK
}

module.exports = { name: 'sandbox', summary: 'sandbox             run a local ConvoAI server (Ctrl-C to stop)', HELP, run }
