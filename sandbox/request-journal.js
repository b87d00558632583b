'use strict'

// The web console's request log: the most recent API requests with what was answered (status,
// latency, the error's reason), each added when its response is sent or its connection closes.
// Unlike `sandbox.requests`, which `recordRequests` may turn off or let grow, it is always on
// and always bounded: JOURNAL_SIZE entries; a body kept only up to MAX_KEPT_BODY characters and
// redacted like `requests`; headers by an allowlist, `Authorization` as its scheme only.
// It is an EventEmitter: `'entry', (entry)` for each request added.
const { EventEmitter } = require('node:events')
const { authScheme, redactAuthorization } = require('./auth.js')
const { redactedBody } = require('./request-log.js')

const JOURNAL_SIZE = 200
const MAX_KEPT_BODY = 16 * 1024
const MAX_KEPT_PATH = 2048
/** Request headers shown with their value; others are listed by name only (cookies of other local apps, say). */
const SHOWN_HEADERS = new Set(['accept', 'accept-encoding', 'connection', 'content-length', 'content-type', 'host', 'user-agent', 'x-request-id'])

const clip = (text, max) => (text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text)

function headersView(headers) {
  const view = {}
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'authorization') view[name] = redactAuthorization(value)
    else view[name] = SHOWN_HEADERS.has(name) ? clip(String(value), 256) : '(not shown)'
  }
  return view
}

function bodyView(text, parsed, logged) {
  if (text === undefined) return '(over the body limit: not read)'
  if (text.length > MAX_KEPT_BODY) return `(${text.length} characters: not kept)`
  return logged ? logged.body : redactedBody(text, parsed)
}

/** What a fault did to a request, for the log (undefined: none). */
function faultLabel(fault) {
  if (!fault) return undefined
  const parts = []
  if (fault.delayMs) parts.push(`delayed ${fault.delayMs} ms`)
  if (fault.dropConnection) parts.push('connection dropped')
  else if (fault.badJson) parts.push('bad JSON')
  else if (fault.status !== undefined) parts.push(`scripted ${fault.status}`)
  if (fault.retryAfter !== undefined) parts.push(`Retry-After ${fault.retryAfter}`)
  return `failNext: ${parts.join(', ')}`
}

class RequestJournal extends EventEmitter {
  constructor(size = JOURNAL_SIZE) {
    super()
    this.size = size
    /** Oldest first. */
    this.entries = []
    this.seq = 0
  }

  /**
   * Starts the entry of a request; it joins the log when the response is over. Returns it so the
   * caller can add what only it knows (`reason`, `fault`).
   *
   * @param {string | undefined} text the raw body (undefined: it was over the size limit)
   * @param {unknown} parsed its `parseBody` value
   * @param {object | undefined} logged the `sandbox.requests` record of it, when one was made
   * @param {number} startedAt `performance.now()` when the request arrived
   */
  watch(req, res, { text, parsed, logged, startedAt }) {
    const entry = {
      seq: ++this.seq,
      at: Date.now(),
      method: req.method,
      path: clip(req.url, MAX_KEPT_PATH),
      auth: authScheme(req.headers.authorization),
      status: null,
      latencyMs: null,
      reason: undefined,
      fault: undefined,
      headers: headersView(req.headers),
      body: bodyView(text, parsed, logged),
    }
    res.once('close', () => {
      entry.status = res.headersSent ? res.statusCode : null
      entry.latencyMs = Math.round((performance.now() - startedAt) * 10) / 10
      this.add(entry)
    })
    return entry
  }

  add(entry) {
    this.entries.push(entry)
    if (this.entries.length > this.size) this.entries.shift()
    this.emit('entry', entry)
  }

  /** The entry with sequence number `seq`, while it is kept. */
  get(seq) {
    return this.entries.find((e) => e.seq === seq)
  }
}

/** An entry without its headers and body: what the console's live table shows. */
function entrySummary({ headers, body, ...summary }) {
  return summary
}

module.exports = { RequestJournal, entrySummary, faultLabel, JOURNAL_SIZE }
