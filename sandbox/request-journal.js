'use strict'

// The web console's request log: the most recent API requests with what was answered (status,
// latency, the error's reason, the fault that answered it), each added when its response is sent
// or its connection closes. Unlike `sandbox.requests`, which `recordRequests` may turn off or let
// grow, it is always on and always bounded: JOURNAL_SIZE entries, each holding references to what
// the request already had (its headers object, its body text up to MAX_KEPT_BODY characters).
// Redacting is left to whoever reads an entry's details (`detail`), so a busy sandbox pays for
// it only when someone looks: `Authorization` as its scheme, bodies like `requests`, other
// headers by an allowlist. It is an EventEmitter: `'entry', (entry)` for each request added.
const { EventEmitter } = require('node:events')
const { authScheme, redactAuthorization } = require('./auth.js')
const { redactedBody } = require('./request-log.js')
const { parseBody } = require('./http-io.js')

const JOURNAL_SIZE = 200
const MAX_KEPT_BODY = 16 * 1024
const MAX_SHOWN_PATH = 2048
/** Request headers shown with their value; others are listed by name only (cookies of other local apps, say). */
const SHOWN_HEADERS = new Set(['accept', 'accept-encoding', 'connection', 'content-length', 'content-type', 'host', 'user-agent', 'x-request-id'])

const clip = (text, max) => (text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text)

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

const ENTRY = Symbol('journal entry')

class RequestJournal extends EventEmitter {
  constructor(size = JOURNAL_SIZE) {
    super()
    this.size = size
    /** Oldest first. */
    this.entries = []
    this.seq = 0
    // One listener shared by every response ('close' comes once per response), not a closure each.
    const journal = this
    this.settle = function () {
      const entry = this[ENTRY]
      entry.status = this.headersSent ? this.statusCode : null
      entry.latencyMs = Math.round((performance.now() - entry.startedAt) * 10) / 10
      journal.add(entry)
    }
  }

  /**
   * Starts the entry of a request; it joins the log when the response is over. Returns it so the
   * caller can add what only it knows (`reason`, `fault`).
   *
   * @param {string | undefined} text the raw body (undefined: it was over the size limit)
   * @param {number} startedAt `performance.now()` when the request arrived
   */
  watch(req, res, text, startedAt) {
    const entry = {
      seq: ++this.seq,
      at: Date.now(),
      startedAt,
      method: req.method,
      path: req.url,
      headers: req.headers,
      text: text === undefined || text.length <= MAX_KEPT_BODY ? text : `(${text.length} characters: not kept)`,
      status: null,
      latencyMs: null,
      reason: undefined,
      fault: undefined,
    }
    res[ENTRY] = entry
    res.on('close', this.settle)
    return entry
  }

  add(entry) {
    this.entries.push(entry)
    if (this.entries.length > this.size) this.entries.shift()
    this.emit('entry', entry)
  }

  /** The entry with sequence number `seq` with its headers and body, redacted; undefined once out of the log. */
  detail(seq) {
    const entry = this.entries.find((e) => e.seq === seq)
    if (!entry) return undefined
    return { ...entrySummary(entry), headers: headersView(entry.headers), body: bodyView(entry.text) }
  }
}

/** What the console's live table shows of an entry. */
function entrySummary({ seq, at, method, path, headers, status, latencyMs, reason, fault }) {
  return { seq, at, method, path: clip(path, MAX_SHOWN_PATH), auth: authScheme(headers.authorization), status, latencyMs, reason, fault }
}

function headersView(headers) {
  const view = {}
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'authorization') view[name] = redactAuthorization(value)
    else view[name] = SHOWN_HEADERS.has(name) ? clip(String(value), 256) : '(not shown)'
  }
  return view
}

function bodyView(text) {
  if (text === undefined) return '(over the body limit: not read)'
  return redactedBody(text, parseBody(text))
}

module.exports = { RequestJournal, entrySummary, faultLabel, JOURNAL_SIZE }
