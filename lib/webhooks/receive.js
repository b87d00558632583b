'use strict'

// What both framework handlers (node.js, fetch.js) do with a delivery:
// check it, choose the answer Agora expects (200 with a JSON body, at once;
// 401 bad signature; 400 bad envelope), and hand the event to the user's
// handler only after the answer is out, so a slow or failing handler never
// makes Agora retry. Nothing here rejects: every failure goes to `onError`.
const { typeError, rangeError } = require('../../compat/lib/errors.js')
const { createWebhookDedupe } = require('./dedupe.js')
const { parseWebhook } = require('./verify.js')

const DEFAULT_MAX_BYTES = 1024 * 1024
const MAX_BYTES_CEILING = 64 * 1024 * 1024
const DEFAULT_READ_TIMEOUT_MS = 10_000

const OK = { status: 'ok' }
const STATUS_OF = { ERR_INVALID_SIGNATURE: 401, ERR_INVALID_WEBHOOK: 400 }

function defaultOnError(error) {
  console.error('agora-convoai-native webhook:', error)
}

/** `value` when it is a number from `min` to `max` (a whole one when `whole`), `fallback` when undefined. */
function optionalNumber(value, fallback, name, { min, max, whole = false }) {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !(value >= min && value <= max) || (whole && !Number.isInteger(value))) {
    throw rangeError('ERR_INVALID_ARG', `${name} must be a ${whole ? 'whole ' : ''}number from ${min} to ${max}`)
  }
  return value
}

/** Checks a handler's options once, when the handler is made. */
function handlerOptions(options) {
  if (typeof options !== 'object' || options === null) throw typeError('ERR_INVALID_ARG', 'options must be an object')
  const { secret, onEvent, onError = defaultOnError, dedupe } = options
  if (typeof secret !== 'string' || secret === '') {
    throw typeError('ERR_INVALID_ARG', 'secret must be a non-empty string: the webhook secret from Agora Console')
  }
  if (typeof onEvent !== 'function') throw typeError('ERR_INVALID_ARG', 'onEvent must be a function')
  if (typeof onError !== 'function') throw typeError('ERR_INVALID_ARG', 'onError must be a function')
  if (dedupe !== undefined && dedupe !== false && typeof dedupe?.claim !== 'function') {
    throw typeError('ERR_INVALID_ARG', 'dedupe must be false or made by createWebhookDedupe')
  }
  if (options.waitUntil !== undefined && typeof options.waitUntil !== 'function') {
    throw typeError('ERR_INVALID_ARG', 'waitUntil must be a function')
  }
  const maxBytes = optionalNumber(options.maxBytes, DEFAULT_MAX_BYTES, 'maxBytes', { min: 1, max: MAX_BYTES_CEILING, whole: true })
  const maxAgeMs = optionalNumber(options.maxAgeMs, undefined, 'maxAgeMs', { min: 0, max: Number.MAX_SAFE_INTEGER })
  return {
    secret,
    onEvent,
    report: reporter(onError),
    dedupe: dedupe === false ? undefined : (dedupe ?? createWebhookDedupe()),
    parseOptions: { maxAgeMs, maxBytes },
    // setTimeout's own limit.
    readTimeoutMs: optionalNumber(options.readTimeoutMs, DEFAULT_READ_TIMEOUT_MS, 'readTimeoutMs', { min: 1, max: 2 ** 31 - 1 }),
    waitUntil: options.waitUntil,
  }
}

/** `onError`, made safe: whatever it throws or rejects is logged, never left unhandled. */
function reporter(onError) {
  return (error, event) => {
    try {
      Promise.resolve(onError(error, event)).catch(defaultOnError)
    } catch (thrown) {
      defaultOnError(thrown)
    }
  }
}

/**
 * Agora's answer to one delivery, and its event when the delivery is good.
 * @returns {{ status: number, body: object, event?: object }}
 */
function answer(config, rawBody, headers) {
  try {
    return { status: 200, body: OK, event: parseWebhook(rawBody, headers, config.secret, config.parseOptions) }
  } catch (error) {
    config.report(error)
    return failure(STATUS_OF[error.code] ?? 500, error)
  }
}

/** An answer that is not 200, with the error's code and message (neither ever holds the secret). */
function failure(status, error) {
  return { status, body: { error: error.code ?? 'ERR_INTERNAL', message: error.message } }
}

/** Hands `event` to `onEvent` unless the dedupe has seen its noticeId. Never rejects. */
async function deliver(config, event) {
  try {
    if (config.dedupe !== undefined && !(await config.dedupe.claim(event.noticeId))) return
  } catch (error) {
    // The store failed (a shared store down, say): handle the event anyway;
    // a rare duplicate beats a lost notification.
    config.report(error, event)
  }
  try {
    await config.onEvent(event)
  } catch (error) {
    config.report(error, event)
  }
}

/** Runs `deliver` on a later turn of the event loop, after the answer has been handed over. */
function deliverLater(config, event, waitUntil = config.waitUntil) {
  const delivered = new Promise((resolve) => setTimeout(resolve, 0)).then(() => deliver(config, event))
  if (waitUntil !== undefined) {
    try {
      waitUntil(delivered)
    } catch (error) {
      config.report(error, event)
    }
  }
  return delivered
}

module.exports = { handlerOptions, answer, failure, deliverLater }
