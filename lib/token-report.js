'use strict'
// What a token contains and whether it fits, as one JSON-ready report with hints: the CLI's
// `inspect` prints it (bin/lib/inspect.js) and the sandbox console's inspector shows it
// (sandbox/web-console-api.js), so both say the same thing about the same token.
// __test__/cli.test.mjs and __test__/web-console.http.test.mjs hold it.
const zlib = require('node:zlib')
const { parseToken, verifyToken } = require('../index.js')
const { hintsFor } = require('./token-hints.js')
const { nowUnix } = require('./time-text.js')

/** A uid as the token packs it: number 0 -> "", other numbers as decimal, accounts as is. */
const packed = (uid) => (uid === 0 ? '' : String(uid))

function privilegeList(names, expiresAt) {
  return Object.keys(names).map((name) => {
    const at = expiresAt[name]
    return { name, value: names[name], expiresAt: at === 0 || at === undefined ? null : at }
  })
}

/** The 007 services with their privileges as a list (006 has none: its privileges are top-level). */
function servicesOf(parsed) {
  return parsed.services.map(({ privileges, expiresAt, ...fields }) => ({ ...fields, privileges: privilegeList(privileges, expiresAt) }))
}

/** Channel/uid problems for a context (007 from the RTC services, 006 from the CRCs). */
function contextProblems(parsed, context) {
  const uid = packed(context.uid)
  if (parsed.version === '006') {
    if (typeof zlib.crc32 !== 'function') return []
    const problems = []
    if (zlib.crc32(context.channelName) !== parsed.crcChannelName) problems.push(`The token is not for channel "${context.channelName}".`)
    if (zlib.crc32(uid) !== parsed.crcUid) problems.push(`The token is not for uid ${JSON.stringify(uid)} (as packed; uid 0 packs as "").`)
    return problems
  }
  const rtc = parsed.services.filter((s) => s.service === 'rtc')
  if (rtc.length === 0) return ['The token has no RTC service, so it is for no channel.']
  if (rtc.some((s) => s.channelName === context.channelName && (s.uid === '' || s.uid === uid))) return []
  const problems = []
  if (!rtc.some((s) => s.channelName === context.channelName)) {
    problems.push(`The token is for channel ${rtc.map((s) => JSON.stringify(s.channelName)).join(', ')}, not "${context.channelName}".`)
  } else {
    problems.push(
      `The token is for uid ${rtc.map((s) => JSON.stringify(s.uid)).join(', ')}, not ${JSON.stringify(uid)} (uid 0 packs as "", accounts as given).`,
    )
  }
  return problems
}

function signatureOf(token, parsed, cert, context) {
  if (cert === undefined) return 'not checked'
  if (parsed.version === '006' && !context) return 'not checked'
  // The 006 signature covers channel and uid; for 007 the context is checked separately.
  const ok = parsed.version === '006' ? verifyToken(token, cert, context) : verifyToken(token, cert)
  return ok ? 'valid' : 'invalid'
}

/**
 * The report of a token. Never contains the token itself, nor the certificate.
 *
 * @param {string} token
 * @param {{ cert?: string, appId?: string, context?: { channelName: string, uid: number | string } }} options
 *   `cert` checks the signature, `appId` flags a token of another app, `context` checks the
 *   channel and uid the token is for
 * @throws an `ERR_INVALID_TOKEN` error when `token` is not a token (see `notATokenHint`)
 */
function buildReport(token, { cert, appId, context }) {
  const now = nowUnix()
  const parsed = parseToken(token)
  const report = {
    version: parsed.version,
    appId: parsed.appId,
    issueTs: parsed.issueTs,
    expire: parsed.expire,
    expiresAt: parsed.expiresAt,
    expired: parsed.expiresAt <= now,
    secondsLeft: parsed.expiresAt - now,
    salt: parsed.salt,
    services: servicesOf(parsed),
    incomplete: parsed.incomplete === true,
    signature: signatureOf(token, parsed, cert, context),
  }
  if (parsed.version === '006') {
    // 006 privilege values are absolute times already.
    Object.assign(report, { privileges: privilegeList(parsed.privileges, parsed.privileges), crcChannelName: parsed.crcChannelName, crcUid: parsed.crcUid })
  }
  if (appId !== undefined && appId !== parsed.appId) report.appIdMismatch = appId
  if (context) {
    const problems = contextProblems(parsed, context)
    report.context = { channelName: context.channelName, uid: context.uid, matches: problems.length === 0, problems }
  }
  report.hints = hintsFor(report, now)
  report.ok = report.signature !== 'invalid' && report.context?.matches !== false && !(cert !== undefined && report.expired)
  return report
}

/** The likely cause when text that should be a token does not parse ('' when there is no telling). */
function notATokenHint(text) {
  return /\s/.test(text) ? 'It contains white space: a "+" may have been turned into a space by URL decoding.' : ''
}

module.exports = { buildReport, notATokenHint }
