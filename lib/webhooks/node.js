'use strict'

// The handler for Node's http server and Express: `app.post(path,
// createWebhookHandler({ secret, onEvent }))`. It reads the raw body itself
// (bounded in bytes and time) unless a body parser already kept the raw
// bytes (express.raw, express.text, or `req.rawBody` from a `verify` hook).
const { typeError } = require('../../compat/lib/errors.js')
const { handlerOptions, answer, failure, deliverLater } = require('./receive.js')

const PARSED_ALREADY =
  'the request body was parsed (req.body is an object) and its raw bytes are gone, so its signature cannot be checked: ' +
  "register the webhook route before express.json(), or give it express.raw({ type: 'application/json' })"

function isRawBody(value) {
  return typeof value === 'string' || value instanceof Uint8Array
}

/**
 * A `(req, res)` handler that answers Agora and then calls `options.onEvent(event)`.
 * Options and types: types/header.d.ts (its webhooks part).
 */
function createWebhookHandler(options) {
  const config = handlerOptions(options)
  return async function agoraWebhook(req, res) {
    try {
      if (req.method !== 'POST') return send(res, 405, { error: 'ERR_METHOD_NOT_ALLOWED', message: 'use POST' }, { Allow: 'POST' })
      const read = await rawBody(req, config)
      if (read.gone) return
      if (read.status !== undefined) return send(res, read.status, read.body, { Connection: 'close' })
      const { status, body, event } = answer(config, read.body, req.headers)
      send(res, status, body)
      if (event !== undefined) deliverLater(config, event)
    } catch (error) {
      config.report(error)
      send(res, 500, failure(500, error).body)
    }
  }
}

/** The raw body: `{ body }`, or `{ status, body }` to answer instead, or `{ gone }` when the client left. */
async function rawBody(req, config) {
  if (isRawBody(req.body)) return { body: req.body }
  if (isRawBody(req.rawBody)) return { body: req.rawBody }
  if (req.readableEnded) {
    // Someone read the stream first (a body parser) and kept no raw bytes.
    const error = typeError('ERR_INVALID_ARG', PARSED_ALREADY)
    config.report(error)
    return failure(500, error)
  }
  return readStream(req, config.parseOptions.maxBytes, config.readTimeoutMs)
}

function readStream(req, maxBytes, timeoutMs) {
  const tooLarge = () => ({ status: 413, body: { error: 'ERR_INVALID_WEBHOOK', message: `the body is over the ${maxBytes}-byte limit (maxBytes)` } })
  if (Number(req.headers['content-length']) > maxBytes) return tooLarge()
  return new Promise((resolve) => {
    const chunks = []
    let size = 0
    const finish = (result) => {
      clearTimeout(timer)
      req.off('data', onData).off('end', onEnd).off('error', onGone).off('close', onGone)
      resolve(result)
    }
    const onData = (chunk) => {
      size += chunk.length
      if (size > maxBytes) finish(tooLarge())
      else chunks.push(chunk)
    }
    const onEnd = () => finish({ body: Buffer.concat(chunks, size) })
    const onGone = () => finish({ gone: true })
    const timer = setTimeout(() => finish({ status: 408, body: { error: 'ERR_TIMEOUT', message: `the body took over ${timeoutMs} ms to arrive` } }), timeoutMs)
    req.on('data', onData).on('end', onEnd).on('error', onGone).on('close', onGone)
  })
}

/** Answers with `body` as JSON (nothing when the answer is already out or the client left). */
function send(res, status, body, headers = {}) {
  if (res.headersSent || res.destroyed) return
  const text = JSON.stringify(body)
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers })
  res.end(text)
}

module.exports = { createWebhookHandler }
