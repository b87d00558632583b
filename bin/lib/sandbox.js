'use strict'
// `agora-convoai sandbox`: runs the local ConvoAI server (agora-convoai-native/sandbox)
// until SIGINT/SIGTERM, printing where it listens and the credentials it accepts.
const { EXIT, UsageError, parse, integerFlag, out } = require('./cli')
const { sharedOptions, webhookSecret, WEBHOOK_SECRET_ENV } = require('./flags')

// What the sandbox serves and accepts; unlike the other commands, never read from the
// environment: real credentials must not end up in a local test server by accident.
const CREDENTIALS = ['app-id', 'app-certificate', 'customer-id', 'customer-secret']

const HELP = `Usage: agora-convoai sandbox [--port N] [--host ADDR] [--tls] [--app-id ID] [--app-certificate CERT]
                              [--customer-id ID] [--customer-secret SECRET]
                              [--webhook-url URL [--webhook-secret S]] [--json]

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
                           the AGORA_* credential variables are not read)
  --agent-start-delay MS   STARTING -> RUNNING delay (default 50)
  --webhook-url URL        deliver Agora's signed notifications (agent joined, left, history,
                           …) to this receiver, retrying as Agora does; each attempt is printed
  --webhook-secret S       the secret to sign them with, the one your receiver verifies with
                           (default: $${WEBHOOK_SECRET_ENV}; never printed)
  --json                   print one JSON line {url, appId, ...} instead of text (and one
                           {"webhookAttempt": {...}} line per delivery attempt)

Exit codes: 0 stopped by a signal, 1 could not start, 2 usage.`

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  tls: { type: 'boolean' },
  ...sharedOptions(CREDENTIALS),
  'agent-start-delay': { type: 'string' },
  'webhook-url': { type: 'string' },
  'webhook-secret': { type: 'string' },
  json: { type: 'boolean' },
}

/** The `webhook` option from --webhook-url and --webhook-secret (or the environment). */
function webhookOption(values) {
  if (values['webhook-url'] === undefined) {
    if (values['webhook-secret'] !== undefined) throw new UsageError('--webhook-secret goes with --webhook-url')
    return undefined
  }
  return { url: values['webhook-url'], secret: webhookSecret(values['webhook-secret'], '--webhook-secret') }
}

/** The receiver's URL as printed: without the user and password it may carry. */
function shownUrl(url) {
  const shown = new URL(url)
  shown.username = ''
  shown.password = ''
  return shown.href
}

/** One line per delivery attempt: what was sent, and how the receiver took it. */
function attemptLine(a) {
  const head = `webhook ${a.eventType} ${a.noticeId} attempt ${a.attempt}:`
  if (a.outcome === 'delivered') return `${head} delivered (${a.status}, ${a.durationMs} ms)`
  const retry = a.retryInMs === undefined ? '' : `; retry in ${a.retryInMs} ms`
  return `${head} ${a.outcome}: ${a.error}${retry}`
}

async function run(argv) {
  const { values } = parse(argv, OPTIONS)
  if (values.help) {
    out(HELP)
    return EXIT.OK
  }
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
    webhook: webhookOption(values),
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
    webhookUrl: options.webhook && shownUrl(options.webhook.url),
  }
  if (values.json) {
    out(JSON.stringify(info))
    sandbox.webhookEvents.on('attempt', ({ body, ...attempt }) => out(JSON.stringify({ webhookAttempt: attempt })))
  } else {
    sandbox.webhookEvents.on('attempt', (attempt) => out(attemptLine(attempt)))
    out(`ConvoAI sandbox listening on ${info.url}`)
    out(`  Console          ${info.consoleUrl} (open it in a browser)`)
    out(`  App ID           ${info.appId}`)
    out(`  App Certificate  ${info.appCertificate}`)
    out(`  Customer ID      ${info.customerId}`)
    out(`  Customer secret  ${info.customerSecret}`)
    out(`Try: agora-convoai agent list --base-url ${info.url} --app-id ${info.appId} --customer-id ${info.customerId} --customer-secret …`)
    if (info.caCertificate) out(`CA certificate (trust it in clients):\n${info.caCertificate.trim()}`)
    if (info.webhookUrl) out(`Webhooks: signed notifications go to ${info.webhookUrl}`)
    out('Press Ctrl-C to stop.')
  }
  await stopped
  await sandbox.close()
  return EXIT.OK
}

module.exports = { name: 'sandbox', summary: 'sandbox             run a local ConvoAI server (Ctrl-C to stop)', HELP, run }
