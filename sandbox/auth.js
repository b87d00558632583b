'use strict'

const { timingSafeEqual, hash } = require('node:crypto')
const { ApiError } = require('./api-error.js')
const { parseToken } = require('../index.js')
const { checkAccessToken2, rtcService } = require('./tokens.js')

const unauthorized = (detail) => new ApiError(401, 'InvalidPermission', detail)

const sha256 = (s) => hash('sha256', s, 'buffer')

/**
 * Per configuration: the digest of the accepted `customerId:customerSecret`, and the verdicts
 * on Basic headers already seen (a client sends the same one on every call). A lookup by the
 * header hashes it whole, so it says as little about a wrong header as the digest comparison.
 */
const basicState = new WeakMap()
const MAX_BASIC_VERDICTS = 64

/** Whether `Authorization` is `Basic base64(customerId:customerSecret)` for the configured pair. */
function basicMatches(header, config) {
  let state = basicState.get(config)
  if (!state) {
    state = { expected: sha256(`${config.customerId}:${config.customerSecret}`), verdicts: new Map() }
    basicState.set(config, state)
  }
  let verdict = state.verdicts.get(header)
  if (verdict === undefined) {
    verdict = checkBasic(header, state.expected)
    if (state.verdicts.size >= MAX_BASIC_VERDICTS) state.verdicts.delete(state.verdicts.keys().next().value)
    state.verdicts.set(header, verdict)
  }
  return verdict
}

/** Decodes UTF-8 strictly: a malformed sequence throws instead of becoming U+FFFD. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * The `id:secret` text of a Basic header, or undefined unless it is exactly RFC 7617's form:
 * the scheme (any case), one or more spaces, and canonical padded base64 of UTF-8 text. Node's
 * base64 decoder skips what it does not know, so a header with an extra `=`, a character outside
 * the alphabet, missing padding or stray bits would otherwise pass as the right credentials.
 */
function basicCredentials(header) {
  const m = /^basic +([A-Za-z0-9+/]*={0,2})$/i.exec(header)
  if (!m || m[1].length === 0 || m[1].length % 4 !== 0) return undefined
  const bytes = Buffer.from(m[1], 'base64')
  // Re-encoding gives back the same text only when nothing was skipped or ignored.
  if (bytes.toString('base64') !== m[1]) return undefined
  try {
    return strictUtf8.decode(bytes)
  } catch {
    return undefined
  }
}

/**
 * customerId has no ':' (checked at start), so the decoded text equals `id:secret` exactly when
 * both halves match: one constant-time comparison of digests (equal lengths) checks both, and
 * the time taken says nothing about which half was wrong.
 */
function checkBasic(header, expected) {
  const credentials = basicCredentials(header)
  return credentials !== undefined && timingSafeEqual(sha256(credentials), expected)
}

/** The token of `agora token=<token>`; the quoted form some Agora docs print is accepted too. */
function headerToken(header) {
  const m = /^agora token=("?)([^"\s]+)\1$/.exec(header)
  return m ? m[2] : undefined
}

/**
 * Authenticates a ConvoAI request for the App ID in its path, the way Agora's gateway does:
 * Basic credentials of the account, or an AccessToken2 of that app (signature, expiry, App ID,
 * an RTC privilege). The header token's channel/uid are not matched against the agent: the
 * official SDKs sign stop-by-id calls with channel "stop" and uid 0 (docs/rest-api.md, "Authentication").
 *
 * @throws {ApiError} 401 for missing/invalid credentials, 403 for an App ID the sandbox does not serve
 */
function authenticateAgentCall(header, pathAppId, config) {
  const serves = pathAppId === config.appId
  const notServed = () => new ApiError(403, 'ServiceNotEnabled', `Conversational AI is not enabled for App ID ${pathAppId} on this account`)
  if (!header) throw unauthorized('missing Authorization header: use Basic credentials or "agora token=<token>"')
  const token = headerToken(header)
  if (token !== undefined) {
    if (!serves) {
      // A token of another app cannot authenticate here; one of the right app that we do not serve is a 403.
      if (!tokenClaimsApp(token, pathAppId)) throw unauthorized('invalid token: the token was built for a different App ID')
      throw notServed()
    }
    const checked = checkAccessToken2(token, config.appId, config.appCertificate, { remember: true })
    if (checked.problem) throw unauthorized(`invalid token: the token ${checked.problem}`)
    if (!rtcService(checked.parsed)) throw unauthorized('invalid token: the token carries no RTC privilege')
    return 'token'
  }
  if (/^basic /i.test(header)) {
    if (!basicMatches(header, config)) throw unauthorized('invalid authentication credentials')
    if (!serves) throw notServed()
    return 'basic'
  }
  throw unauthorized('unsupported Authorization scheme: use "Basic <base64>" or "agora token=<token>"')
}

function tokenClaimsApp(token, appId) {
  try {
    return parseToken(token).appId === appId
  } catch {
    return false
  }
}

/** Console REST (`/dev/v1/…`): Basic credentials only (docs/rest-api.md, "Authentication"). */
function authenticateConsoleCall(header, config) {
  return Boolean(header) && basicMatches(header, config)
}

/** The scheme of an `Authorization` value: 'basic', 'token' (`agora token=`), 'other', or 'none' when absent. */
function authScheme(header) {
  if (typeof header !== 'string') return 'none'
  if (/^basic /i.test(header)) return 'basic'
  if (header.startsWith('agora token=')) return 'token'
  return 'other'
}

const REDACTED = { basic: 'Basic ***', token: 'agora token=***', other: '***' }

/** The `Authorization` value with its secret part replaced, for recording and printing. */
function redactAuthorization(header) {
  return typeof header === 'string' ? REDACTED[authScheme(header)] : header
}

module.exports = { authenticateAgentCall, authenticateConsoleCall, authScheme, redactAuthorization }
