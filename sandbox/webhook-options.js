'use strict'

// The `webhook` option of startSandbox: where the sandbox delivers its signed notifications, how
// it retries, and the bounds of its delivery queue (sandbox/index.d.ts, SandboxWebhookOptions).
const { typeError, rangeError } = require('../compat/lib/errors.js')

/**
 * Defaults. Agora retries "at once, then at growing intervals" and documents no numbers: the
 * sandbox retries after 1 s, 3 s and 9 s, so a test sees all four deliveries within 15 s.
 */
const WEBHOOK_DEFAULTS = Object.freeze({
  retryDelaysMs: Object.freeze([1000, 3000, 9000]),
  timeoutMs: 10_000,
  maxConcurrent: 4,
  maxQueued: 1000,
  recordDeliveries: 1000,
})
/** Agora stops after 3 retries (4 deliveries in all). */
const MAX_RETRIES = 3
/** setTimeout's longest wait. */
const MAX_WAIT_MS = 2 ** 31 - 1
/** The package's own bound on a webhook secret (docs/webhooks.md, "Limits"). */
const MAX_SECRET_BYTES = 4096

function wholeNumber(value, fallback, name, min, max) {
  if (value === undefined) return fallback
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw rangeError('ERR_INVALID_ARG', `webhook.${name} must be a whole number from ${min} to ${max}`)
  }
  return value
}

function receiverUrl(url) {
  if (typeof url !== 'string' || url === '') throw typeError('ERR_INVALID_ARG', 'webhook.url must be the http:// or https:// URL of your receiver')
  let parsed
  try {
    parsed = new URL(url)
  } catch {
    throw typeError('ERR_INVALID_ARG', 'webhook.url is not a valid URL')
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw typeError('ERR_INVALID_ARG', 'webhook.url must use http: or https:')
  }
  return parsed
}

function secretOption(secret) {
  if (typeof secret !== 'string' || secret === '') {
    throw typeError('ERR_INVALID_ARG', 'webhook.secret must be a non-empty string: the secret your receiver verifies with')
  }
  if (Buffer.byteLength(secret, 'utf8') > MAX_SECRET_BYTES) throw rangeError('ERR_INVALID_ARG', `webhook.secret must be at most ${MAX_SECRET_BYTES} bytes`)
  return secret
}

function retryDelays(delays) {
  if (delays === undefined) return WEBHOOK_DEFAULTS.retryDelaysMs
  if (!Array.isArray(delays) || delays.length > MAX_RETRIES) {
    throw rangeError('ERR_INVALID_ARG', `webhook.retryDelaysMs must be an array of at most ${MAX_RETRIES} delays (Agora retries 3 times at most)`)
  }
  return Object.freeze(delays.map((ms, i) => wholeNumber(ms, undefined, `retryDelaysMs[${i}]`, 0, MAX_WAIT_MS)))
}

/** The checked webhook configuration, or undefined when the sandbox delivers no notifications. */
function webhookOptions(webhook) {
  if (webhook === undefined) return undefined
  if (typeof webhook !== 'object' || webhook === null) throw typeError('ERR_INVALID_ARG', 'webhook must be an object { url, secret }')
  return {
    url: receiverUrl(webhook.url),
    secret: secretOption(webhook.secret),
    retryDelaysMs: retryDelays(webhook.retryDelaysMs),
    timeoutMs: wholeNumber(webhook.timeoutMs, WEBHOOK_DEFAULTS.timeoutMs, 'timeoutMs', 1, MAX_WAIT_MS),
    maxConcurrent: wholeNumber(webhook.maxConcurrent, WEBHOOK_DEFAULTS.maxConcurrent, 'maxConcurrent', 1, 256),
    maxQueued: wholeNumber(webhook.maxQueued, WEBHOOK_DEFAULTS.maxQueued, 'maxQueued', 1, 1_000_000),
    recordDeliveries: wholeNumber(webhook.recordDeliveries, WEBHOOK_DEFAULTS.recordDeliveries, 'recordDeliveries', 0, 1_000_000),
  }
}

module.exports = { webhookOptions, WEBHOOK_DEFAULTS }
