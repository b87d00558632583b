'use strict'

// The web console's token inspector: the report the CLI's `inspect` prints (lib/token-report.js),
// checked against the sandbox's own App ID and certificate, plus the sandbox's verdict on the
// token as an agent's `properties.token` for a channel and uid (sandbox/tokens.js, what join and
// update apply). Answers never contain the token.
const { buildReport, notATokenHint } = require('../lib/token-report.js')
const { joinTokenProblem } = require('./tokens.js')

const MAX_TOKEN_CHARS = 16 * 1024
const MAX_CHANNEL_CHARS = 256
const MAX_UID_CHARS = 255
const MAX_UID = 2 ** 32 - 1

/** A request's field: a string of at most `max` characters (trimmed; '' when absent), or an error message. */
function text(body, name, max) {
  const value = body[name] ?? ''
  if (typeof value !== 'string') return { problem: `${name} must be a string` }
  if (value.length > max) return { problem: `${name} is longer than ${max} characters` }
  return { value: value.trim() }
}

/** A uid field as the token builders take it: digits are a numeric uid (0 = any), anything else an account. */
function uidOf(value) {
  if (!/^\d+$/.test(value)) return value
  const n = Number(value)
  return n <= MAX_UID ? n : value
}

/**
 * @param {unknown} body `{ token, channel?, uid?, enableRtm? }`
 * @param {{ appId: string, appCertificate: string }} app
 * @returns {{ status: number, body: object }} 200 `{ report, join? }` or `{ error }` for text that is
 *   not a token; 400 for a request the form cannot have sent
 */
function inspectToken(body, app) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return invalid('the body must be a JSON object')
  const fields = { token: text(body, 'token', MAX_TOKEN_CHARS), channel: text(body, 'channel', MAX_CHANNEL_CHARS), uid: text(body, 'uid', MAX_UID_CHARS) }
  const problem = Object.values(fields).find((f) => f.problem)?.problem
  if (problem) return invalid(problem)
  if (body.enableRtm !== undefined && typeof body.enableRtm !== 'boolean') return invalid('enableRtm must be a boolean')
  const [token, channel, uid] = [fields.token.value, fields.channel.value, fields.uid.value]
  if (!token) return invalid('paste a token')
  if ((channel === '') !== (uid === '')) return invalid('give a channel and a uid together, or neither')
  const context = channel ? { channelName: channel, uid: uidOf(uid) } : undefined
  let report
  try {
    report = buildReport(token, { cert: app.appCertificate, appId: app.appId, context })
  } catch (error) {
    if (error.code !== 'ERR_INVALID_TOKEN') throw error
    return { status: 200, body: { error: { code: error.code, message: error.message, hint: notATokenHint(token) } } }
  }
  if (!context) return { status: 200, body: { report } }
  const needRtm = body.enableRtm === true
  const joinProblem = joinTokenProblem(token, { ...app, channel, agentUid: String(context.uid), needRtm })
  return { status: 200, body: { report, join: { channel, agentUid: String(context.uid), enableRtm: needRtm, problem: joinProblem ?? null } } }
}

const invalid = (detail) => ({ status: 400, body: { detail, reason: 'InvalidRequest' } })

module.exports = { inspectToken }
