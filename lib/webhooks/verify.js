'use strict'

// verifyWebhook / parseWebhook / signWebhook (docs/webhooks.md). The headers are read
// here (headers.js); size, signature, JSON and envelope are checked natively
// (crates/agora-convoai-core/src/webhook/).
const { signatureHeaders } = require('./headers.js')
const native = require('../../binding.js')

/**
 * Whether `rawBody` carries a valid Agora-Signature-V2 (or, without it, Agora-Signature) for `secret`.
 * @param {Buffer | Uint8Array | string} rawBody
 * @param {Headers | Record<string, string | string[] | undefined>} headers
 * @param {string} secret
 * @param {{ maxBytes?: number }} [options]
 */
function verifyWebhook(rawBody, headers, secret, options) {
  const { v2, v1 } = signatureHeaders(headers)
  return native.verifyWebhookSignatures(rawBody, v2, v1, secret, options)
}

/**
 * Verifies (else ERR_INVALID_SIGNATURE) and parses (else ERR_INVALID_WEBHOOK) one notification.
 * @param {Buffer | Uint8Array | string} rawBody
 * @param {Headers | Record<string, string | string[] | undefined>} headers
 * @param {string} secret
 * @param {{ maxAgeMs?: number, now?: number, maxBytes?: number }} [options]
 */
function parseWebhook(rawBody, headers, secret, options) {
  const { v2, v1 } = signatureHeaders(headers)
  // The event comes as JSON text: JSON.parse builds it faster than the addon could.
  return JSON.parse(native.parseSignedWebhook(rawBody, v2, v1, secret, options))
}

/**
 * The two signature headers Agora would send with `rawBody`.
 * @param {Buffer | Uint8Array | string} rawBody
 * @param {string} secret
 */
function signWebhook(rawBody, secret) {
  return native.signWebhook(rawBody, secret)
}

module.exports = { verifyWebhook, parseWebhook, signWebhook }
