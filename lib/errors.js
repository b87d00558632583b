// The errors of the ConvoAI calls. The addon builds them through
// `makeError`, which index.js hands it at load (src/env_data.rs): a failed
// call rejects with an `AgoraApiError` (a real subclass of Error, exported)
// or a coded TypeError/RangeError/Error.
'use strict'

/** A non-2xx answer of the Agora REST API. */
class AgoraApiError extends Error {
  constructor(message, fields) {
    super(message)
    this.code = 'ERR_AGORA_API'
    this.status = fields.status
    this.reason = fields.reason
    this.detail = fields.detail
    this.requestId = fields.requestId
    this.retryable = fields.retryable
    this.attempts = fields.attempts
  }
}
// On the prototype, as Error's own `name`: not an own property of each error.
Object.defineProperty(AgoraApiError.prototype, 'name', {
  value: 'AgoraApiError',
  writable: true,
  configurable: true,
})

const constructors = { type: TypeError, range: RangeError, plain: Error }

/**
 * The error of a failed call, from the addon's description of it
 * (src/convoai/promise.rs):
 * `{ api: true, message, status, reason?, detail?, requestId?, retryable, attempts }`
 * or `{ kind: 'type' | 'range' | 'plain', code, message }`.
 */
function makeError(spec) {
  if (spec.api) return new AgoraApiError(spec.message, spec)
  const err = new constructors[spec.kind](spec.message)
  err.code = spec.code
  if (spec.code === 'ERR_ABORTED') err.name = 'AbortError'
  return err
}

module.exports = { AgoraApiError, makeError }
