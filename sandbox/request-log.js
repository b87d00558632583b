'use strict'

// What `sandbox.requests` records: every request, with credentials replaced so the log can be
// printed, snapshotted or attached to a bug report safely.
const { redactAuthorization } = require('./auth.js')

/** Body keys whose values are credentials: tokens, vendor keys, secrets. */
const SECRET_KEYS = new Set([
  'token', 'agora_token', 'rtc_token', 'api_key', 'key', 'secret_key', 'access_key', 'secret_access_key',
  'aws_access_key_id', 'aws_secret_access_key', 'adc_credentials_string', 'credentials', 'api_subscription_key',
  'encryption_key', 'encryption_salt',
])

function redactBody(value) {
  if (Array.isArray(value)) return value.map(redactBody)
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.has(k) && typeof v === 'string' ? '***' : redactBody(v)]),
  )
}

/** The body as JSON when it parses, else the raw text; undefined when empty. */
function parseForLog(text) {
  if (text === '') return undefined
  try {
    return redactBody(JSON.parse(text))
  } catch {
    return text
  }
}

/** @returns {{ method: string, path: string, headers: Record<string, string>, body: unknown }} */
function recordOf(req, text) {
  const headers = { ...req.headers }
  if (headers.authorization !== undefined) headers.authorization = redactAuthorization(headers.authorization)
  return { method: req.method, path: req.url, headers, body: parseForLog(text) }
}

module.exports = { recordOf, SECRET_KEYS }
