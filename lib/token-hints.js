'use strict'
// Common-mistake hints of the token report (lib/token-report.js: the CLI's `inspect`, the sandbox
// console's inspector): each looks at the report and says what the usual cause of Agora's
// "invalid token" is when it applies.
const { duration, relative, iso } = require('./time-text.js')

const DAY = 86400
const TEN_YEARS = 10 * 365 * DAY

function lifetimeHints(r, now) {
  const hints = []
  if (r.version === '007' && r.issueTs > now + 60) {
    hints.push(`The token is issued ${relative(r.issueTs, now)}: the clock of the machine that built it is ahead (or an issue time was forced).`)
  }
  if (r.expired) hints.push(`The token expired ${relative(r.expiresAt, now)}: build a fresh token for each join (at most 24 h).`)
  if (r.version === '007' && r.expire > TEN_YEARS) {
    hints.push(
      `expire is ${r.expire} s (~${duration(r.expire)}): 007 expiries are seconds from the issue time, not Unix timestamps. ` +
        'A 006-style "now + 3600" timestamp was probably passed to a 007 builder.',
    )
  } else if (r.version === '007' && r.expire > DAY) {
    hints.push(`The lifetime is ${duration(r.expire)}: Agora documents 24 h as the maximum for a token.`)
  }
  const groups = r.version === '006' ? [{ service: '006', privileges: r.privileges }] : r.services
  for (const s of groups) {
    for (const p of s.privileges) {
      if (p.expiresAt !== null && p.expiresAt < now && !r.expired) {
        hints.push(`${s.service} privilege ${p.name} expired ${relative(p.expiresAt, now)} although the token is valid until ${iso(r.expiresAt)}.`)
      }
    }
  }
  return hints
}

function rtcUidHint(rtc) {
  if (rtc.uid === '') return `RTC uid 0 (any user): valid for any numeric uid in channel "${rtc.channelName}".`
  if (/^\d+$/.test(rtc.uid)) {
    return `RTC uid ${rtc.uid}: the client must join with exactly this uid (with uid 0/null the SDK picks a random uid and the token is rejected).`
  }
  return (
    `RTC user account "${rtc.uid}": the client must join with this string account (joinChannelWithUserAccount, ` +
    'or a string uid on Web); joining with a numeric uid is rejected as an invalid token (error 110).'
  )
}

function serviceHints(r) {
  if (r.version !== '007') return []
  const hints = []
  const rtc = r.services.filter((s) => s.service === 'rtc')
  const hasRtm = r.services.some((s) => s.service === 'rtm' || s.service === 'rtm2')
  if (rtc.length === 0) hints.push('No RTC service: this token cannot join a channel.')
  if (rtc.length > 0 && !hasRtm) {
    hints.push(
      'No RTM service: RTM/Signaling login (and ConvoAI agents with enable_rtm) will fail with an invalid-token error. ' +
        'Build an RTC+RTM token (agora-convoai token rtc-rtm, buildRtcRtmToken).',
    )
  }
  for (const s of rtc) {
    hints.push(rtcUidHint(s))
    if (s.privileges.length === 1 && s.privileges[0].name === 'joinChannel') {
      hints.push('RTC subscriber (joinChannel only): with co-host authentication enabled this user cannot publish.')
    }
  }
  if (r.incomplete) hints.push('Parsing stopped at a service type this version does not know; services after it are not shown.')
  return hints
}

function verdictHints(r) {
  const hints = []
  if (r.version === '006') hints.push('Legacy 006 token (agora-access-token): privilege times are absolute. Agora recommends AccessToken2 (007).')
  if (r.signature === 'invalid') {
    hints.push(
      'The signature does not match: a different App Certificate (another project, or the secondary certificate), ' +
        'or the token was altered (truncated when copied, "+" turned into a space by URL decoding).',
    )
  }
  if (r.appIdMismatch) hints.push(`The token's App ID is ${r.appId}, not the App ID you gave (${r.appIdMismatch}).`)
  for (const problem of r.context?.problems ?? []) hints.push(problem)
  return hints
}

function hintsFor(report, now) {
  return [...verdictHints(report), ...lifetimeHints(report, now), ...serviceHints(report)]
}

module.exports = { hintsFor }
