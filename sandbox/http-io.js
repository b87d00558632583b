'use strict'

// Reading request bodies and writing JSON answers, the same way for every endpoint.
const { randomUUID } = require('node:crypto')
const { badBody } = require('./api-error.js')

const MAX_BODY_BYTES = 1024 * 1024

/** Reads the whole body as UTF-8; undefined once it passes MAX_BODY_BYTES or the client goes away. */
function readBody(req) {
  return new Promise((done) => {
    const chunks = []
    let size = 0
    req.on('data', (chunk) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        req.pause()
        done(undefined)
      } else {
        chunks.push(chunk)
      }
    })
    // Most bodies arrive in one chunk: decode it as is, without a copy.
    req.on('end', () => done((chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString('utf8')))
    // A client that gives up mid-upload, or is cut off by requestTimeout ('error': aborted):
    // nothing to answer (the caller sees `res.destroyed`), and no sandbox error either.
    req.on('close', () => done(undefined))
    req.on('error', () => done(undefined))
  })
}

/** `parseBody`'s answer for a body that is not JSON. */
const NOT_JSON = Symbol('not JSON')
/** `parseBody`'s answer for JSON nested deeper than MAX_JSON_DEPTH. */
const TOO_DEEP = Symbol('too deep')

/**
 * Deepest nesting of arrays and objects accepted. Agora's bodies nest a few levels (vendor
 * `params` included); every walk of a parsed body (redaction, copies, JSON.stringify) recurses,
 * so a deeper body is refused before it is parsed.
 */
const MAX_JSON_DEPTH = 64

/** Whether `text` nests at most `max` levels, found in one pass without recursion (strings skipped). */
function nestsWithin(text, max) {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c)
        i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) {
      inString = true
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return false
    } else if (c === 0x5d || c === 0x7d) {
      depth--
    }
  }
  return true
}

/** The parsed body; undefined when blank; NOT_JSON when it does not parse; TOO_DEEP past MAX_JSON_DEPTH. */
function parseBody(text) {
  if (text.trim() === '') return undefined
  if (!nestsWithin(text, MAX_JSON_DEPTH)) return TOO_DEEP
  try {
    return JSON.parse(text)
  } catch {
    return NOT_JSON
  }
}

/** The body for a handler: 400 InvalidRequestBody when it is not JSON or nests too deep. */
function jsonBody(parsed) {
  if (parsed === NOT_JSON) throw badBody('the request body is not valid JSON')
  if (parsed === TOO_DEEP) throw badBody(`the request body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`)
  return parsed
}

/** Answers `body` as JSON (an empty body when undefined, as Agora's leave does). */
function send(res, status, body, headers) {
  sendRaw(res, status, body === undefined ? '' : JSON.stringify(body), headers)
}

/** @param {Record<string, string>} [headers] extra headers (Retry-After) */
function sendRaw(res, status, text, headers) {
  if (res.headersSent || res.destroyed) return
  const head = {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'X-Request-ID': randomUUID(),
  }
  res.writeHead(status, headers === undefined ? head : Object.assign(head, headers))
  res.end(text)
}

module.exports = { readBody, parseBody, jsonBody, MAX_JSON_DEPTH, send, sendRaw, MAX_BODY_BYTES }
