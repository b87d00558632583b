'use strict'

/**
 * An answer the sandbox gives instead of a success: the HTTP status and Agora's error body
 * `{detail, reason}` (docs/rest-api.md, "Errors"). Thrown by validators and handlers, turned into a
 * response by the server in one place.
 */
class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} reason one of Agora's reason strings, e.g. 'InvalidFieldValue'
   * @param {string} detail human text; never contains a secret
   */
  constructor(status, reason, detail) {
    super(detail)
    this.status = status
    this.reason = reason
    this.detail = detail
  }

  get body() {
    return { detail: this.detail, reason: this.reason }
  }
}

const badBody = (detail) => new ApiError(400, 'InvalidRequestBody', detail)
const missing = (field) => new ApiError(400, 'MissingRequiredField', `${field} is required`)
const invalid = (detail) => new ApiError(400, 'InvalidFieldValue', detail)
const notFound = (agentId) => new ApiError(404, 'TaskNotFound', `agent ${agentId} not found or has already exited`)

/** The reason Agora uses for each status, for faults scripted with a status alone. */
const DEFAULT_REASONS = {
  400: 'InvalidRequestBody',
  401: 'InvalidPermission',
  403: 'ServiceNotEnabled',
  404: 'TaskNotFound',
  409: 'TaskConflict',
  422: 'ResourceQuotaLimitExceeded',
  429: 'ConcurrencyLimitExceeded',
  500: 'InternalError',
  502: 'ServiceUnavailable',
  503: 'ServiceUnavailable',
  504: 'TaskOperationTimeout',
}

module.exports = { ApiError, badBody, missing, invalid, notFound, DEFAULT_REASONS }
