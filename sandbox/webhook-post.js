'use strict'

// One delivery attempt: POST a signed notification to the receiver and judge the answer as
// Agora does: delivered only on a 200 with a JSON body (its content is not read) within
// `timeoutMs`. Bounded: the whole exchange by `timeoutMs`, the answer by MAX_ANSWER_BYTES.
const http = require('node:http')
const https = require('node:https')

const CANCELLED = 'cancelled: the sandbox closed'

/** Longest answer read; a longer one counts as failed (a receiver's JSON acknowledgement is a few bytes). */
const MAX_ANSWER_BYTES = 64 * 1024

function isJson(text) {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

/**
 * @param {URL} url the receiver
 * @param {string} body the notification, exactly as signed
 * @param {Record<string, string>} headers the signature headers
 * @param {{ agent: http.Agent, timeoutMs: number, signal: AbortSignal }} options `signal` cancels (the sandbox closing)
 * @returns {Promise<{ status: number | null, error?: string }>} the receiver's status (null: no answer); `error` says why the attempt failed, absent when delivered
 */
function postNotification(url, body, headers, { agent, timeoutMs, signal }) {
  if (signal.aborted) return Promise.resolve({ status: null, error: CANCELLED })
  return new Promise((resolve) => {
    const transport = url.protocol === 'https:' ? https : http
    let settled = false
    const settle = (status, error) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      signal.removeEventListener('abort', onAbort)
      // A failed exchange may leave the connection mid-answer: never reuse it.
      if (error !== undefined) req.destroy()
      resolve(error === undefined ? { status } : { status, error })
    }
    const req = transport.request(url, {
      method: 'POST',
      agent,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'User-Agent': 'agora-convoai-native-sandbox', ...headers },
    })
    const timer = setTimeout(() => settle(null, `no answer within ${timeoutMs} ms (timeoutMs)`), timeoutMs)
    const onAbort = () => settle(null, CANCELLED)
    signal.addEventListener('abort', onAbort)
    req.on('error', (error) => settle(null, `no answer: ${error.message}`))
    req.on('response', (res) => {
      const chunks = []
      let size = 0
      res.on('data', (chunk) => {
        size += chunk.length
        if (size > MAX_ANSWER_BYTES) settle(res.statusCode, `the answer is over ${MAX_ANSWER_BYTES} bytes`)
        else chunks.push(chunk)
      })
      res.on('error', (error) => settle(res.statusCode, `the answer broke off: ${error.message}`))
      res.on('end', () => {
        if (res.statusCode !== 200) settle(res.statusCode, `answered ${res.statusCode}, not 200`)
        else if (!isJson(Buffer.concat(chunks, size).toString('utf8'))) settle(200, 'answered 200 without a JSON body')
        else settle(200)
      })
    })
    req.end(body)
  })
}

module.exports = { postNotification, MAX_ANSWER_BYTES }
