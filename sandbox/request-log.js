'use strict'

// What `sandbox.requests` records: every request (or the most recent `recordRequests` of them),
// with credentials replaced so the log can be printed, snapshotted or attached to a bug report safely.
// The console's request log (request-journal.js) redacts bodies the same way.
const { redactAuthorization } = require('./auth.js')

/** Body keys whose values are credentials: tokens, vendor keys, secrets. */
const SECRET_KEYS = new Set([
  'token',
  'agora_token',
  'rtc_token',
  'api_key',
  'key',
  'secret_key',
  'access_key',
  'secret_access_key',
  'aws_access_key_id',
  'aws_secret_access_key',
  'adc_credentials_string',
  'credentials',
  'api_subscription_key',
  'encryption_key',
  'encryption_salt',
])

function redactBody(value) {
  if (Array.isArray(value)) return value.map(redactBody)
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.has(k) && typeof v === 'string' ? '***' : redactBody(v)]))
}

/**
 * @param {string} text the raw body
 * @param {unknown} parsed its `parseBody` value (parsed once per request, for the handler too)
 * @returns {{ method: string, path: string, headers: Record<string, string>, body: unknown }}
 *   the body redacted when it is JSON, else the raw text; undefined when empty
 */
function recordOf(req, text, parsed) {
  const headers = { ...req.headers }
  if (headers.authorization !== undefined) headers.authorization = redactAuthorization(headers.authorization)
  return { method: req.method, path: req.url, headers, body: redactedBody(text, parsed) }
}

/** A body as recorded: the parsed JSON redacted, else the raw text; undefined when empty. */
function redactedBody(text, parsed) {
  // `parseBody` answers a symbol for a body it did not parse (not JSON, or nested too deep).
  return parsed === undefined || typeof parsed === 'symbol' ? text || undefined : redactBody(parsed)
}

/** Appends the record of a request to `requests`, keeping at most `limit` (Infinity: all, 0: none). */
function record(requests, limit, req, text, parsed) {
  if (limit === 0) return
  requests.push(recordOf(req, text, parsed))
  if (requests.length > limit) requests.splice(0, requests.length - limit)
}

module.exports = { record, redactedBody, SECRET_KEYS }
