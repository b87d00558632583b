'use strict'

// The handler for Fetch-API servers, Next.js route handlers first:
// `export const POST = createFetchWebhookHandler({ secret, onEvent })`.
// Serverless platforms may stop work once the Response is returned; give
// `waitUntil` (Next.js: `after` from 'next/server'), or pass a context with
// `waitUntil` as the handler's second argument, to keep `onEvent` alive.
const { typeError } = require('../../compat/lib/errors.js')
const { handlerOptions, answer, failure, deliverLater } = require('./receive.js')

/**
 * A `(request, context?) => Promise<Response>` handler that answers Agora and then calls `options.onEvent(event)`.
 * Options and types: types/header.d.ts (its webhooks part).
 */
function createFetchWebhookHandler(options) {
  const config = handlerOptions(options)
  return async function agoraWebhook(request, context) {
    try {
      if (request.method !== 'POST') return json(405, { error: 'ERR_METHOD_NOT_ALLOWED', message: 'use POST' }, { Allow: 'POST' })
      const read = await readBody(request, config)
      if (read.status !== undefined) return json(read.status, read.body)
      const { status, body, event } = answer(config, read.body, request.headers)
      if (event !== undefined) {
        const waitUntil = typeof context?.waitUntil === 'function' ? context.waitUntil.bind(context) : undefined
        deliverLater(config, event, waitUntil)
      }
      return json(status, body)
    } catch (error) {
      config.report(error)
      return json(500, failure(500, error).body)
    }
  }
}

/** The raw body `{ body }`, or `{ status, body }` to answer instead; bounded in bytes and time. */
async function readBody(request, config) {
  const { maxBytes } = config.parseOptions
  const tooLarge = { status: 413, body: { error: 'ERR_INVALID_WEBHOOK', message: `the body is over the ${maxBytes}-byte limit (maxBytes)` } }
  if (request.bodyUsed) {
    const error = typeError(
      'ERR_INVALID_ARG',
      'the request body was read before the webhook handler, so its signature cannot be checked: pass the Request untouched',
    )
    config.report(error)
    return failure(500, error)
  }
  if (Number(request.headers.get('content-length')) > maxBytes) return tooLarge
  if (request.body === null) return { body: new Uint8Array(0) }
  const reader = request.body.getReader()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    reader.cancel().catch(() => {})
  }, config.readTimeoutMs)
  try {
    const chunks = []
    let size = 0
    for (;;) {
      const { done, value } = await reader.read()
      if (timedOut) return { status: 408, body: { error: 'ERR_TIMEOUT', message: `the body took over ${config.readTimeoutMs} ms to arrive` } }
      if (done) return { body: Buffer.concat(chunks, size) }
      size += value.byteLength
      if (size > maxBytes) {
        reader.cancel().catch(() => {})
        return tooLarge
      }
      chunks.push(value)
    }
  } finally {
    clearTimeout(timer)
  }
}

function json(status, body, headers = {}) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers } })
}

module.exports = { createFetchWebhookHandler }
