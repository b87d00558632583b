'use strict'

// `startSandbox` options: defaults and argument checks (coded errors, as everywhere in the package).
const { DEMO_CREDENTIALS } = require('./demo.js')
const { DEFAULT_MAX_AGENTS } = require('./agents-store.js')
const { DEFAULT_MAX_CALLS } = require('./call-store.js')
const { DEFAULT_MAX_LIFETIME_S, DEFAULT_TOKEN_WARNING_S } = require('./lifetime.js')
const { DEFAULT_MAX_PHONE_NUMBERS } = require('./phone-numbers.js')
const { webhookOptions } = require('./webhook-options.js')

/** Default of `requestTimeoutMs`: the time a client has to send one whole request. */
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000

const HEX32 = /^[0-9a-fA-F]{32}$/

function fail(Kind, code, message) {
  const error = new Kind(message)
  error.code = code
  return error
}

function nonEmptyString(value, name) {
  if (typeof value !== 'string' || value.length === 0) throw fail(TypeError, 'ERR_INVALID_ARG', `${name} must be a non-empty string`)
  return value
}

function delay(value, fallback, name) {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw fail(RangeError, 'ERR_INVALID_ARG', `${name} must be a number of milliseconds >= 0`)
  }
  return value
}

function tlsOption(tls) {
  if (tls === undefined || typeof tls === 'boolean') return tls ?? false
  if (typeof tls === 'object' && tls !== null && typeof tls.key === 'string' && typeof tls.cert === 'string') {
    return { key: tls.key, cert: tls.cert }
  }
  throw fail(TypeError, 'ERR_INVALID_ARG', 'tls must be a boolean or { key, cert } PEM strings')
}

/** true (default): every request; false: none; n: the most recent n. As a cap: Infinity, 0 or n. */
function recordLimit(value) {
  if (value === undefined || value === true) return Infinity
  if (value === false) return 0
  if (typeof value !== 'number') throw fail(TypeError, 'ERR_INVALID_ARG', 'recordRequests must be a boolean or an integer >= 0')
  if (!Number.isSafeInteger(value) || value < 0) {
    throw fail(RangeError, 'ERR_INVALID_ARG', 'recordRequests must be a boolean or an integer >= 0')
  }
  return value
}

function positiveInteger(value, fallback, name) {
  if (value === undefined) return fallback
  if (!Number.isSafeInteger(value) || value < 1) throw fail(RangeError, 'ERR_INVALID_ARG', `${name} must be an integer >= 1`)
  return value
}

/** Seconds (fractions allowed, for tests) within `min..max`. */
function seconds(value, fallback, name, { min, max }) {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw fail(RangeError, 'ERR_INVALID_ARG', `${name} must be a number of seconds from ${min} to ${max}`)
  }
  return value
}

function callback(value, name) {
  if (value !== undefined && typeof value !== 'function') throw fail(TypeError, 'ERR_INVALID_ARG', `${name} must be a function`)
  return value
}

/** @returns the full configuration with defaults applied */
function resolveOptions(options) {
  if (typeof options !== 'object' || options === null) throw fail(TypeError, 'ERR_INVALID_ARG', 'startSandbox options must be an object')
  const appId = options.appId ?? DEMO_CREDENTIALS.appId
  const appCertificate = options.appCertificate ?? DEMO_CREDENTIALS.appCertificate
  if (typeof appId !== 'string' || !HEX32.test(appId)) throw fail(TypeError, 'ERR_INVALID_APP_ID', 'appId must be 32 hexadecimal characters')
  if (typeof appCertificate !== 'string' || !HEX32.test(appCertificate)) {
    throw fail(TypeError, 'ERR_INVALID_APP_CERTIFICATE', 'appCertificate must be 32 hexadecimal characters')
  }
  const customerId = nonEmptyString(options.customerId ?? DEMO_CREDENTIALS.customerId, 'customerId')
  if (customerId.includes(':')) throw fail(TypeError, 'ERR_INVALID_ARG', 'customerId must not contain ":"')
  const port = options.port ?? 0
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw fail(RangeError, 'ERR_INVALID_ARG', 'port must be an integer 0..65535')
  const projects = options.projects ?? []
  if (!Array.isArray(projects) || !projects.every((p) => typeof p === 'object' && p !== null)) {
    throw fail(TypeError, 'ERR_INVALID_ARG', 'projects must be an array of objects')
  }
  return {
    appId,
    appCertificate,
    customerId,
    customerSecret: nonEmptyString(options.customerSecret ?? DEMO_CREDENTIALS.customerSecret, 'customerSecret'),
    host: nonEmptyString(options.host ?? '127.0.0.1', 'host'),
    port,
    tls: tlsOption(options.tls),
    agentStartDelayMs: delay(options.agentStartDelayMs, 50, 'agentStartDelayMs'),
    agentStopDelayMs: delay(options.agentStopDelayMs, 50, 'agentStopDelayMs'),
    projects,
    recordRequests: recordLimit(options.recordRequests),
    maxAgents: positiveInteger(options.maxAgents, DEFAULT_MAX_AGENTS, 'maxAgents'),
    maxCalls: positiveInteger(options.maxCalls, DEFAULT_MAX_CALLS, 'maxCalls'),
    maxPhoneNumbers: positiveInteger(options.maxPhoneNumbers, DEFAULT_MAX_PHONE_NUMBERS, 'maxPhoneNumbers'),
    // Past 72 h Agora ends every agent; shorter caps are for tests.
    maxLifetimeS: seconds(options.maxLifetimeS, DEFAULT_MAX_LIFETIME_S, 'maxLifetimeS', { min: 0.001, max: DEFAULT_MAX_LIFETIME_S }),
    tokenWarningS: seconds(options.tokenWarningS, DEFAULT_TOKEN_WARNING_S, 'tokenWarningS', { min: 0, max: 86_400 }),
    requestTimeoutMs: positiveInteger(options.requestTimeoutMs, DEFAULT_REQUEST_TIMEOUT_MS, 'requestTimeoutMs'),
    onHandlerError: callback(options.onHandlerError, 'onHandlerError'),
    webhook: webhookOptions(options.webhook),
  }
}

module.exports = { resolveOptions }
