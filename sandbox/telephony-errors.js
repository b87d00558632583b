'use strict'

// The error body of the telephony and phone-number endpoints: `{error_type, description}`, not
// the agent endpoints' `{detail, reason}` (docs/telephony.md, "Errors"). Handlers throw ApiError
// as everywhere; the server turns it into this shape for those paths in one place.
const { ApiError } = require('./api-error.js')

/**
 * `error_type` per status. Agora documents `unauthorized` (401), `not_found` (404),
 * `phone_number_exists` / `conflict` (409), `unprocessable_content` (422),
 * `internal_server_error` (500) and `invalid_phone_format` (400); the others are the sandbox's
 * choice, in the same style.
 */
const ERROR_TYPES = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  408: 'request_timeout',
  409: 'conflict',
  413: 'payload_too_large',
  422: 'unprocessable_content',
  429: 'too_many_requests',
  500: 'internal_server_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
}

/** An ApiError with a documented `error_type` of its own (e.g. 'invalid_phone_format'). */
class TelephonyError extends ApiError {
  constructor(status, errorType, description) {
    super(status, errorType, description)
    this.errorType = errorType
  }
}

/** `{error_type, description}` for a status, with `errorType` when the thrower chose one. */
function telephonyBody(status, description, errorType) {
  return { error_type: errorType ?? ERROR_TYPES[status] ?? 'internal_server_error', description }
}

/** The telephony body of any ApiError (an auth failure, a join rule, a TelephonyError). */
const telephonyBodyOf = (error) => telephonyBody(error.status, error.detail, error.errorType)

const invalidPhone = (field) =>
  new TelephonyError(400, 'invalid_phone_format', `${field} must be an E.164 phone number: '+' and 2 to 15 digits, e.g. +14155550123`)
const callNotFound = (agentId) => new TelephonyError(404, 'not_found', `call ${agentId} not found`)

module.exports = { TelephonyError, telephonyBody, telephonyBodyOf, invalidPhone, callNotFound }
