'use strict'

// The addon's own parser and verifier: the sandbox checks tokens exactly as the package builds them.
const { parseToken, verifyToken } = require('../index.js')

const nowSeconds = () => Math.floor(Date.now() / 1000)

/** A privilege is expired when it carries a lifetime (non-zero) that has run out. */
const privilegeAlive = (service, key, now) => service.privileges[key] !== undefined && (service.privileges[key] === 0 || service.expiresAt[key] > now)

/**
 * Checks what every AccessToken2 must satisfy to be accepted at all: well-formed, version 007,
 * built for `appId`, signed with `appCertificate`, not past `issueTs + expire`.
 *
 * @param {{ remember?: boolean }} [options] `remember`: for tokens sent again and again (the
 *   `agora token=…` header of every call), keep the verdict; a join's token is seen once
 * @returns {{ parsed: object } | { problem: string }} `problem` is safe to show (no token text)
 */
function checkAccessToken2(token, appId, appCertificate, { remember = false } = {}) {
  const verdict = remember ? rememberedVerdict(token, appId, appCertificate) : checkSignedFor(token, appId, appCertificate)
  if (verdict.problem) return verdict
  if (verdict.parsed.expiresAt <= nowSeconds()) return { problem: 'has expired' }
  return verdict
}

// A token's parse and signature check never change, so clients that send the same token on
// every call pay for them once. Only expiry depends on the time, and `checkAccessToken2`
// checks it on every use. Bounded: past the limit the oldest verdict is dropped.
const MAX_VERDICTS = 1024
const verdicts = new Map()

/** `checkSignedFor`, remembered per token (and app). */
function rememberedVerdict(token, appId, appCertificate) {
  const cached = verdicts.get(token)
  if (cached && cached.appId === appId && cached.appCertificate === appCertificate) return cached.verdict
  const verdict = checkSignedFor(token, appId, appCertificate)
  if (verdicts.size >= MAX_VERDICTS) verdicts.delete(verdicts.keys().next().value)
  verdicts.set(token, { appId, appCertificate, verdict })
  return verdict
}

/** The checks of `checkAccessToken2` that do not depend on the time. */
function checkSignedFor(token, appId, appCertificate) {
  let parsed
  try {
    parsed = parseToken(token)
  } catch {
    return { problem: 'is not a well-formed Agora token' }
  }
  if (parsed.version !== '007') return { problem: 'is not an AccessToken2 (007) token' }
  if (parsed.appId !== appId) return { problem: 'was built for a different App ID' }
  if (!verifyToken(token, appCertificate)) return { problem: 'signature does not match the App Certificate' }
  return { parsed }
}

/** The RTC service of a parsed 007 token, if it grants joinChannel (still alive). */
function rtcService(parsed) {
  const now = nowSeconds()
  return parsed.services.find((s) => s.service === 'rtc' && privilegeAlive(s, 'joinChannel', now))
}

/** Whether a parsed 007 token lets `userId` log in to RTM (an `rtm` login privilege, still alive). */
function hasRtmLogin(parsed, userId) {
  const now = nowSeconds()
  return parsed.services.some((s) => s.service === 'rtm' && privilegeAlive(s, 'login', now) && (userId === '0' || s.userId === userId))
}

/**
 * The rules Agora applies to `properties.token` (join and update): a valid token of this app for
 * `channel` and the agent's uid/account (a token for uid 0, packed as "", fits any uid), with an
 * RTM login privilege when the agent uses RTM. Legacy 006 tokens are accepted for RTC only.
 *
 * @returns {string | undefined} a problem description, or undefined when the token is fine
 */
function joinTokenProblem(token, { appId, appCertificate, channel, agentUid, needRtm }) {
  if (token.startsWith('006')) return legacyProblem(token, { appId, appCertificate, channel, agentUid, needRtm })
  const checked = checkAccessToken2(token, appId, appCertificate)
  if (checked.problem) return `properties.token ${checked.problem}`
  const rtc = rtcService(checked.parsed)
  if (!rtc) return 'properties.token carries no RTC join privilege'
  if (rtc.channelName !== channel) return 'properties.token was built for a different channel than properties.channel'
  if (rtc.uid !== '' && rtc.uid !== agentUid) {
    return 'properties.token was built for a different uid than properties.agent_rtc_uid'
  }
  if (needRtm && !hasRtmLogin(checked.parsed, agentUid)) {
    return 'advanced_features.enable_rtm needs properties.token with an RTM login privilege for the agent uid'
  }
  return undefined
}

/** 006 tokens sign channel and uid together, so the verdict needs them as context. */
function legacyProblem(token, { appId, appCertificate, channel, agentUid, needRtm }) {
  let parsed
  try {
    parsed = parseToken(token)
  } catch {
    return 'properties.token is not a well-formed Agora token'
  }
  if (parsed.appId !== appId) return 'properties.token was built for a different App ID'
  const fits = [agentUid, ''].some((uid) => {
    try {
      return verifyToken(token, appCertificate, { channelName: channel, uid })
    } catch {
      return false
    }
  })
  if (!fits) return 'properties.token does not match properties.channel and agent_rtc_uid with this App Certificate'
  const join = parsed.privileges.joinChannel
  if (parsed.expiresAt <= nowSeconds() || join === undefined || (join !== 0 && join <= nowSeconds())) {
    return 'properties.token has expired or carries no RTC join privilege'
  }
  if (needRtm) return 'advanced_features.enable_rtm needs an AccessToken2 with an RTM login privilege'
  return undefined
}

module.exports = { checkAccessToken2, rtcService, joinTokenProblem, nowSeconds }
