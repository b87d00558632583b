'use strict'

const http = require('node:http')
const https = require('node:https')
const { ApiError } = require('./api-error.js')
const { authenticateAgentCall, authenticateConsoleCall } = require('./auth.js')
const { AgentStore } = require('./agents-store.js')
const { CallStore } = require('./call-store.js')
const { Lifetime, SERVICE_ENDS } = require('./lifetime.js')
const { PhoneNumberStore } = require('./phone-numbers.js')
const { receiveCall, endCall } = require('./call-helpers.js')
const { telephonyBodyOf, telephonyBody } = require('./telephony-errors.js')
const { projectsBody } = require('./console-routes.js')
const { ConnectionTracker } = require('./connections.js')
const { Faults, applyFault, retryAfterHeader } = require('./faults.js')
const { readBody, parseBody, jsonBody, send, MAX_BODY_BYTES } = require('./http-io.js')
const { record } = require('./request-log.js')
const { RequestJournal, faultLabel } = require('./request-journal.js')
const { ConsoleFeed } = require('./web-console-feed.js')
const { createWebConsole } = require('./web-console.js')
const { deliveriesSource } = require('./web-console-deliveries.js')
const { resolve } = require('./routes.js')
const { Timers } = require('./timers.js')
const { makeCertificates } = require('./tls.js')
const { resolveOptions } = require('./options.js')
const { SandboxWebhooks } = require('./webhooks.js')
const { activeAgent, agentErrorOf, failureMessage } = require('./agent-faults.js')

/**
 * Starts a local server that answers the ConvoAI REST API (and the console project listing) the
 * way Agora does. See index.d.ts for the options and the returned object.
 */
async function startSandbox(options = {}) {
  const config = resolveOptions(options)
  const timers = new Timers()
  const store = new AgentStore({
    timers,
    startDelayMs: config.agentStartDelayMs,
    stopDelayMs: config.agentStopDelayMs,
    maxAgents: config.maxAgents,
  })
  const lifetime = new Lifetime({ store, maxLifetimeS: config.maxLifetimeS, tokenWarningS: config.tokenWarningS })
  const calls = new CallStore({ agents: store, maxCalls: config.maxCalls, serviceEnds: SERVICE_ENDS })
  const numbers = new PhoneNumberStore({ maxPhoneNumbers: config.maxPhoneNumbers })
  const faults = new Faults()
  const webhooks = new SandboxWebhooks(config.webhook, timers)
  webhooks.followAgents(store)
  webhooks.followCalls(calls)
  const connections = new ConnectionTracker()
  const requests = []
  const journal = new RequestJournal()
  const startedAt = Math.floor(Date.now() / 1000)
  /** `sandbox.failNext`: a `webhook` fault scripts delivery attempts, anything else requests. */
  const failNext = (n, fault) => {
    if (typeof fault === 'object' && fault !== null && fault.webhook !== undefined) webhooks.failNext(n, fault)
    else faults.failNext(n, fault)
  }
  const feed = new ConsoleFeed({
    agents: store,
    calls,
    numbers,
    journal,
    faults,
    deliveries: deliveriesSource(webhooks),
    info: { appId: config.appId, customerId: config.customerId, startedAt },
  })
  const webConsole = createWebConsole({ feed, journal, failNext, app: { appId: config.appId, appCertificate: config.appCertificate } })

  const tls = config.tls === true ? await makeCertificates(config.host) : config.tls
  let handlerErrors = 0
  const onRequest = (req, res) => {
    const startedAt = performance.now()
    const { url, target } = locate(req)
    // The web console answers what no API route does (its page, files and endpoints).
    const consoles = target.kind === 'none' && webConsole.claims(req, url.pathname)
    if (!consoles) connections.watch(res)
    const handling = consoles ? webConsole.handle(req, res, url.pathname) : handle(req, res, { url, target, startedAt })
    handling.catch((error) => {
      // A handler bug must not crash the user's test process, nor pass unseen: it is counted,
      // reported, and answered 500 like Agora's InternalError.
      handlerErrors += 1
      reportHandlerError(config.onHandlerError, error, req)
      send(res, 500, { detail: 'internal error in the sandbox (reported to onHandlerError, or on stderr)', reason: 'InternalError' })
    })
  }
  // A client that sends its request slowly (or never finishes it) holds a socket: Node's
  // defaults allow 60 s for headers and 300 s for the request, checked every 30 s.
  const limits = {
    requestTimeout: config.requestTimeoutMs,
    headersTimeout: Math.min(config.requestTimeoutMs, MAX_HEADERS_TIMEOUT_MS),
    connectionsCheckingInterval: Math.max(1, Math.min(1000, Math.floor(config.requestTimeoutMs / 4))),
  }
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert, minVersion: 'TLSv1.2', ...limits }, onRequest) : http.createServer(limits, onRequest)
  server.on('connection', (socket) => connections.track(socket))
  // A TLS handshake failure (say, a client that does not trust the CA) is the client's error to see, not ours.
  server.on('tlsClientError', (_err, socket) => socket.destroy())

  async function handle(req, res, { url, target, startedAt }) {
    const text = await readBody(req)
    if (res.destroyed) return
    if (text === undefined) {
      record(requests, config.recordRequests, req, '', undefined) // recorded without its oversized body
      journal.watch(req, res, text, startedAt)
      send(res, 413, { detail: `the request body exceeds ${MAX_BODY_BYTES} bytes`, reason: 'InvalidRequestBody' }, { Connection: 'close' })
      return
    }
    const parsed = parseBody(text)
    record(requests, config.recordRequests, req, text, parsed)
    const entry = journal.watch(req, res, text, startedAt)
    const fault = faults.take()
    entry.fault = faultLabel(fault)
    const errorBody = target.telephony ? telephonyBody : undefined
    if (fault && (await applyFault(fault, req, res, sleep, errorBody))) return
    const { status, body } = route(req, url, target, parsed)
    entry.reason = body?.reason ?? body?.error_type
    send(res, status, body, retryAfterHeader(fault))
  }

  /** An unref'd wait that `close()` clears, for scripted delays. */
  function sleep(ms) {
    return new Promise((done) => timers.after(ms, done))
  }

  function route(req, url, target, parsed) {
    try {
      if (target.kind === 'none') throw new ApiError(404, 'NotFound', `no such endpoint: ${req.method} ${url.pathname}`)
      if (!target.methodAllowed) throw new ApiError(405, 'MethodNotAllowed', `${req.method} is not allowed on ${url.pathname}`)
      if (target.kind === 'console') {
        // The console API is another Agora gateway, with its own error body (`{message}`).
        if (!authenticateConsoleCall(req.headers.authorization, config)) {
          return { status: 401, body: { message: 'Invalid authentication credentials' } }
        }
        return { status: 200, body: projectsBody({ ...config, startedAt }) }
      }
      // Phone numbers belong to the account, not a project: a token of the served app will do.
      authenticateAgentCall(req.headers.authorization, target.appId ?? config.appId, config)
      const ctx = {
        app: { appId: config.appId, appCertificate: config.appCertificate },
        store,
        calls,
        numbers,
        agentId: target.agentId,
        phoneNumber: target.phoneNumber,
        query: url.searchParams,
        body: jsonBody(parsed),
      }
      return target.handler(ctx)
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      return { status: error.status, body: target.telephony ? telephonyBodyOf(error) : error.body }
    }
  }

  await new Promise((resolveListen, rejectListen) => {
    server.once('error', rejectListen)
    server.listen(config.port, config.host, () => {
      server.off('error', rejectListen)
      resolveListen()
    })
  })
  const { port } = server.address()
  const hostForUrl = config.host.includes(':') ? `[${config.host}]` : config.host
  let closing

  return {
    url: `${tls ? 'https' : 'http'}://${hostForUrl}:${port}`,
    port,
    appId: config.appId,
    appCertificate: config.appCertificate,
    customerId: config.customerId,
    customerSecret: config.customerSecret,
    caCertificate: config.tls === true ? tls.caCertificate : undefined,
    requests,
    get connections() {
      return connections.stats()
    },
    get handlerErrors() {
      return handlerErrors
    },
    agents() {
      return store.all().map((a) => ({ agentId: a.agentId, name: a.name, channel: a.channel, agentUid: a.agentUid, status: a.status, createTs: a.createTs }))
    },
    calls() {
      return calls.all().map((c) => ({
        agentId: c.agentId,
        type: c.type,
        toNumber: c.toNumber,
        fromNumber: c.fromNumber,
        channel: c.channel,
        state: c.state,
        reason: c.reason,
        createTs: c.createTs,
      }))
    },
    phoneNumbers() {
      return numbers.all().map((n) => structuredClone(n))
    },
    receiveCall(call) {
      return receiveCall({ store, calls, numbers, app: config }, call)
    },
    endCall(agentId) {
      endCall({ store, calls }, agentId)
    },
    failNext,
    webhookDeliveries: webhooks.deliveries,
    webhookEvents: webhooks.events,
    injectAgentError(agentId, error) {
      webhooks.configured('injectAgentError')
      const agent = activeAgent(store, agentId, 'injectAgentError')
      webhooks.reportAgentError(agent, agentErrorOf(agent, error))
    },
    failAgent(agentId, message) {
      store.fail(activeAgent(store, agentId, 'failAgent'), failureMessage(message))
    },
    close() {
      if (!closing) {
        timers.clearAll()
        lifetime.close()
        feed.close()
        const stopped = new Promise((done) => server.close(() => done()))
        closing = Promise.all([stopped, connections.destroyAll(), webhooks.close()]).then(() => undefined)
      }
      return closing
    },
  }
}

/** Longest wait for a request's headers, whatever `requestTimeoutMs` allows for the whole request. */
const MAX_HEADERS_TIMEOUT_MS = 10_000

/** Calls the user's `onHandlerError`, or prints the error; a throwing callback is printed too. */
function reportHandlerError(onHandlerError, error, req) {
  const where = `${req.method} ${String(req.url).split('?')[0]}`
  try {
    if (onHandlerError) return onHandlerError(error, { method: req.method, path: req.url })
  } catch (callbackError) {
    console.error(`agora-convoai sandbox: onHandlerError threw while reporting an error on ${where}:`, callbackError)
  }
  console.error(`agora-convoai sandbox: internal error answering ${where} (answered 500 InternalError):`, error)
}

// A path of letters, digits, '-', '_' and '/' (not starting '//'), with a query of such
// characters and `.~%+=&,:`, means the same to WHATWG URL parsing as it reads, so the usual
// request skips the parser; anything else (dot segments, fragments, spaces, …) goes through it.
const PLAIN_TARGET = /^(\/(?!\/)[\w\-/]*)(?:\?([\w\-.~%+=&,:]*))?$/

/** The query of a target without one (handlers only read queries). */
const NO_QUERY = new URLSearchParams()

/**
 * The URL and route (routes.js) of a request; `{ kind: 'none' }` for a target that does not
 * parse as a URL (`//`, say) or a path it cannot decode.
 */
function locate(req) {
  let url
  try {
    url = requestUrl(req.url)
  } catch {
    return { url: { pathname: String(req.url).split('?')[0], searchParams: NO_QUERY }, target: { kind: 'none' } }
  }
  try {
    return { url, target: resolve(req.method, url.pathname) }
  } catch {
    return { url, target: { kind: 'none' } }
  }
}

/** `{ pathname, searchParams }` of a request target, as `new URL(target, base)` gives them. */
function requestUrl(target) {
  const plain = PLAIN_TARGET.exec(target)
  if (plain) return { pathname: plain[1], searchParams: plain[2] ? new URLSearchParams(plain[2]) : NO_QUERY }
  return new URL(target, 'http://sandbox.invalid')
}

module.exports = { startSandbox }
