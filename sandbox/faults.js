'use strict'

// Scripted failures for tests of clients: `failNext(n, fault)` applies `fault` to the next n requests.
// The queue is an EventEmitter announcing `'change'` whenever it changes (the console shows it).
const { EventEmitter } = require('node:events')
const { DEFAULT_REASONS } = require('./api-error.js')
const { send, sendRaw } = require('./http-io.js')

const isNonNegative = (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0

/** Throws a TypeError/RangeError (coded ERR_INVALID_ARG, as every export of the package) for a bad script. */
function argError(Kind, message) {
  const error = new Kind(message)
  error.code = 'ERR_INVALID_ARG'
  return error
}

function checkFault(n, fault) {
  if (!Number.isSafeInteger(n) || n < 0) throw argError(RangeError, 'failNext: n must be a non-negative integer')
  if (typeof fault !== 'object' || fault === null) throw argError(TypeError, 'failNext: fault must be an object')
  const { status, reason, retryAfter, delayMs, dropConnection, badJson } = fault
  if (status !== undefined && !(Number.isInteger(status) && status >= 100 && status <= 599)) {
    throw argError(RangeError, 'failNext: status must be an HTTP status code (100..599)')
  }
  if (reason !== undefined && typeof reason !== 'string') throw argError(TypeError, 'failNext: reason must be a string')
  if (retryAfter !== undefined && !isNonNegative(retryAfter)) throw argError(RangeError, 'failNext: retryAfter must be seconds >= 0')
  if (delayMs !== undefined && !isNonNegative(delayMs)) throw argError(RangeError, 'failNext: delayMs must be >= 0')
  for (const [name, value] of Object.entries({ dropConnection, badJson })) {
    if (value !== undefined && typeof value !== 'boolean') throw argError(TypeError, `failNext: ${name} must be a boolean`)
  }
}

class Faults extends EventEmitter {
  constructor() {
    super()
    /** FIFO of `{ remaining, fault }`: scripts queue up in the order they were given. */
    this.queue = []
  }

  failNext(n, fault = {}) {
    checkFault(n, fault)
    if (n === 0) return
    this.queue.push({ remaining: n, fault: { ...fault } })
    this.emit('change')
  }

  /** The fault for the request now arriving, if one is scripted. */
  take() {
    const head = this.queue[0]
    if (!head) return undefined
    head.remaining -= 1
    if (head.remaining === 0) this.queue.shift()
    this.emit('change')
    return head.fault
  }

  /** Drops every scripted fault not yet applied. */
  clear() {
    this.queue.length = 0
    this.emit('change')
  }
}

/** Agora's agent error body `{detail, reason}` for a scripted status (`reason` default: Agora's for the status). */
function agentErrorBody(status, detail, reason = DEFAULT_REASONS[status] ?? 'InternalError') {
  return { detail: `${detail}: ${reason}`, reason }
}

/** The `Retry-After` header a fault asks for, if any (undefined: no extra header). */
const retryAfterHeader = (fault) => (fault?.retryAfter !== undefined ? { 'Retry-After': String(fault.retryAfter) } : undefined)

/**
 * Plays `fault` on a request: waits `delayMs`, then drops the connection, answers malformed JSON
 * or the scripted status.
 *
 * @param {(ms: number) => Promise<void>} sleep an unref'd, close-cleared wait
 * @param {(status: number, detail: string, reason?: string) => object} [errorBody] the error body
 *   of the path (telephony paths answer `{error_type, description}`)
 * @returns {Promise<boolean>} true when the fault answered (or dropped) the request, false when
 *   the request is to be handled normally
 */
async function applyFault(fault, req, res, sleep, errorBody = agentErrorBody) {
  if (fault.delayMs) await sleep(fault.delayMs)
  if (res.destroyed) return true
  if (fault.dropConnection) {
    req.socket.destroy()
    return true
  }
  if (fault.badJson) {
    sendRaw(res, fault.status ?? 200, '{"agent_id": "TRUNCATED', retryAfterHeader(fault))
    return true
  }
  if (fault.status !== undefined) {
    send(res, fault.status, errorBody(fault.status, 'scripted failure (failNext)', fault.reason), retryAfterHeader(fault))
    return true
  }
  return false
}

module.exports = { Faults, applyFault, retryAfterHeader }
