'use strict'

// The sandbox's web console (docs/console.md): a page at the sandbox's own URL that shows its
// agents, calls, phone numbers, request log and webhook deliveries live, with a token inspector
// and buttons for `failNext` faults. The page is served at `/` and at any other path a browser
// navigates to that is not Agora's API; its files and JSON endpoints live under PREFIX. The
// server asks `claims` only for requests that match no API route, so the API's paths are never
// shadowed. Console requests are neither recorded in `sandbox.requests` nor given a scripted
// fault: the console watches the API, it is not part of it.
//
// Requests that change something (POST, DELETE) must be JSON from the console's own origin:
// an HTML form on another site can only send form or text bodies, and a cross-origin fetch with
// a JSON body needs a CORS preflight that this server never grants.
const { readBody, parseBody, send } = require('./http-io.js')
const { sendAsset, ASSETS } = require('./web-console-assets.js')
const { inspectToken } = require('./web-console-inspect.js')

const PREFIX = '/_console/'
const ASSET_PREFIX = `${PREFIX}assets/`
/** Paths a browser may navigate to that still answer the API's JSON 404: an `api` or `dev` segment (a mistyped API path). */
const API_LOOKING = /(?:^|\/)(?:api|dev)(?:\/|$)/
const MAX_CONSOLE_BODY = 64 * 1024
/** Bounds on what the fault buttons may script. */
const MAX_FAULT_COUNT = 1000
const MAX_FAULT_DELAY_MS = 60_000
const FAULT_FIELDS = ['status', 'reason', 'retryAfter', 'delayMs', 'dropConnection', 'badJson', 'webhook']

const notFound = (pathname) => ({ status: 404, body: { detail: `no such console endpoint: ${pathname}`, reason: 'NotFound' } })
const refused = (status, detail, reason) => ({ status, body: { detail, reason } })

/** Whether a request asks for a page (a browser navigating sends `Accept: text/html,…`). */
const acceptsHtml = (accept) => typeof accept === 'string' && accept.includes('text/html')

/**
 * @param {{ feed: import('./web-console-feed.js').ConsoleFeed, journal: import('./request-journal.js').RequestJournal,
 *   failNext: (n: number, fault: object) => void,
 *   app: { appId: string, appCertificate: string } }} parts
 */
function createWebConsole({ feed, journal, failNext, app }) {
  /** Whether a request that matches no API route is the console's. */
  function claims(req, pathname) {
    if (pathname === '/_console' || pathname.startsWith(PREFIX)) return true
    if (req.method !== 'GET' && req.method !== 'HEAD') return false
    return pathname === '/' || (!API_LOOKING.test(pathname) && acceptsHtml(req.headers.accept))
  }

  async function handle(req, res, pathname) {
    if (!pathname.startsWith(PREFIX)) return sendAsset(req, res, 'index.html')
    if (pathname.startsWith(ASSET_PREFIX)) {
      const name = pathname.slice(ASSET_PREFIX.length)
      if (ASSETS.includes(name) && (req.method === 'GET' || req.method === 'HEAD')) return sendAsset(req, res, name)
      return reply(res, notFound(pathname))
    }
    const endpoint = `${req.method} ${pathname.slice(PREFIX.length)}`
    if (endpoint === 'GET api/events') {
      if (!feed.connect(res)) reply(res, refused(503, 'too many console pages are following this sandbox: close one', 'TooManyConsoles'))
      return
    }
    const detail = /^GET api\/requests\/(\d{1,15})$/.exec(endpoint)
    if (detail) {
      const entry = journal.detail(Number(detail[1]))
      return reply(res, entry ? { status: 200, body: entry } : notFound(pathname))
    }
    const change = CHANGES[endpoint]
    if (!change) return reply(res, notFound(pathname))
    const problem = crossSiteProblem(req)
    if (problem) return reply(res, problem)
    const text = await readBody(req)
    if (res.destroyed) return
    if (text === undefined || text.length > MAX_CONSOLE_BODY)
      return reply(res, refused(413, `console requests are at most ${MAX_CONSOLE_BODY} bytes`, 'InvalidRequestBody'))
    const body = parseBody(text)
    if (typeof body === 'symbol') return reply(res, refused(400, 'the body is not JSON', 'InvalidRequestBody'))
    reply(res, change(body ?? {}))
  }

  /** The console's endpoints that act, by `METHOD path` below PREFIX. */
  const CHANGES = {
    'POST api/inspect': (body) => inspectToken(body, app),
    'POST api/faults': (body) => scriptFault(body),
    'DELETE api/faults': () => {
      for (const queue of feed.faultQueues) queue.clear()
      return { status: 200, body: { faults: feed.faults() } }
    },
  }

  /** `{ count, fault }` from the fault buttons, checked by `failNext` itself after the console's bounds. */
  function scriptFault({ count = 1, fault }) {
    if (!Number.isSafeInteger(count) || count < 1 || count > MAX_FAULT_COUNT) return refused(400, `count must be 1 to ${MAX_FAULT_COUNT}`, 'InvalidRequest')
    if (typeof fault !== 'object' || fault === null) return refused(400, 'fault must be an object', 'InvalidRequest')
    const picked = Object.fromEntries(FAULT_FIELDS.filter((k) => fault[k] !== undefined).map((k) => [k, fault[k]]))
    if (picked.delayMs > MAX_FAULT_DELAY_MS) return refused(400, `delayMs must be at most ${MAX_FAULT_DELAY_MS}`, 'InvalidRequest')
    if (typeof picked.reason === 'string' && picked.reason.length > 100) return refused(400, 'reason must be at most 100 characters', 'InvalidRequest')
    try {
      failNext(count, picked)
    } catch (error) {
      if (error.code !== 'ERR_INVALID_ARG') throw error
      return refused(400, error.message, 'InvalidRequest')
    }
    return { status: 200, body: { faults: feed.faults() } }
  }

  return { claims, handle }
}

/** Why a request that changes something is refused (undefined: it may go on). */
function crossSiteProblem(req) {
  if (!/^application\/json\s*(?:;|$)/i.test(req.headers['content-type'] ?? '')) {
    return refused(415, 'console requests that change something must be JSON (Content-Type: application/json)', 'UnsupportedMediaType')
  }
  const site = req.headers['sec-fetch-site']
  const origin = req.headers.origin
  if ((site !== undefined && site !== 'same-origin' && site !== 'none') || (origin !== undefined && hostOf(origin) !== req.headers.host)) {
    return refused(403, 'the console accepts changes from its own page only', 'CrossSiteRequest')
  }
  return undefined
}

function hostOf(origin) {
  try {
    return new URL(origin).host
  } catch {
    return undefined
  }
}

function reply(res, { status, body }) {
  send(res, status, body)
}

module.exports = { createWebConsole }
