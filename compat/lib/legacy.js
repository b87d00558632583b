'use strict'
// agora-access-token 2.0.4 (006 tokens): RtcTokenBuilder, RtcRole, RtmTokenBuilder, RtmRole.
// Unlike the original, whose salt is drawn once per process, each token gets a fresh
// salt from the addon (unless pinned with withFixedClock).
const { buildLegacyToken } = require('../../index.js')
const args = require('./args')
const { clockFields } = require('./clock')

const RtcRole = Object.freeze({ ATTENDEE: 0, PUBLISHER: 1, SUBSCRIBER: 2, ADMIN: 101 })
const RtmRole = Object.freeze({ Rtm_User: 1 })

// 006 tokens live 24 h from "now"; privileges carry their own absolute expiry.
const TOKEN_LIFETIME = 24 * 3600

function legacyToken(appId, appCertificate, channelName, uid, privileges) {
  const { issueTs, salt } = clockFields()
  const spec = { appId, appCertificate, channelName, uid, privileges }
  if (issueTs !== undefined) spec.ts = args.seconds('issueTs', issueTs) + TOKEN_LIFETIME
  if (salt !== undefined) spec.salt = salt
  return buildLegacyToken(spec)
}

class RtcTokenBuilder {
  static buildTokenWithUid(appID, appCertificate, channelName, uid, role, privilegeExpiredTs) {
    return this.buildTokenWithAccount(appID, appCertificate, channelName, uid, role, privilegeExpiredTs)
  }

  static buildTokenWithAccount(appID, appCertificate, channelName, account, role, privilegeExpiredTs) {
    const r = args.oneOf('role', role, Object.values(RtcRole))
    const ts = args.seconds('privilegeExpiredTs', privilegeExpiredTs)
    const privileges = { joinChannel: ts }
    // ATTENDEE and ADMIN are deprecated aliases of PUBLISHER, as in the original.
    if (r !== RtcRole.SUBSCRIBER) {
      Object.assign(privileges, { publishAudioStream: ts, publishVideoStream: ts, publishDataStream: ts })
    }
    return legacyToken(appID, appCertificate, args.channelName(channelName), args.rtcAccount('uid/account', account), privileges)
  }
}

class RtmTokenBuilder {
  /** The account goes in the channel slot and the uid is "" (by design of 006 RTM); `role` is ignored, as in the original. */
  static buildToken(appID, appCertificate, account, role, privilegeExpiredTs) {
    const ts = args.seconds('privilegeExpiredTs', privilegeExpiredTs)
    return legacyToken(appID, appCertificate, args.userId('account', account), '', { rtmLogin: ts })
  }
}

module.exports = { RtcRole, RtcTokenBuilder, RtmRole, RtmTokenBuilder }
