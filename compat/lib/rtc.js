'use strict'
// agora-token 2.0.6 RtcTokenBuilder (RtcTokenBuilder2.js), ConvoAITokenBuilder and
// SttTokenBuilder: argument lists and service contents as in the original.
const args = require('./args')
const { accessToken } = require('./token')

const RtcRole = Object.freeze({ PUBLISHER: 1, SUBSCRIBER: 2 })
const ROLES = [RtcRole.PUBLISHER, RtcRole.SUBSCRIBER]

/** RTC service; publish privileges only for a publisher, as in the original. */
function rtcService(channelName, account, role, join, audio, video, data) {
  const privileges = { joinChannel: join }
  if (role === RtcRole.PUBLISHER) {
    Object.assign(privileges, { publishAudioStream: audio, publishVideoStream: video, publishDataStream: data })
  }
  return {
    service: 'rtc',
    channelName: args.channelName(channelName),
    uid: args.rtcAccount('uid/account', account),
    privileges,
  }
}

const rtmService = (userId, login) => ({ service: 'rtm', userId, privileges: { login } })

/** The 12-argument shape shared by buildTokenWithRtm2, ConvoAI and STT, plus optional extra services. */
function rtcRtm2(a, extra) {
  const [appId, appCertificate, channelName, rtcAccount, rtcRole, rtcTokenExpire, join, audio, video, data, rtmUserId, rtmTokenExpire] = a
  const role = args.oneOf('rtcRole', rtcRole, ROLES)
  const expire = args.seconds('rtcTokenExpire', rtcTokenExpire)
  const privilege = (name, v) => (role === RtcRole.PUBLISHER ? args.seconds(name, v) : v)
  const rtc = rtcService(
    channelName,
    rtcAccount,
    role,
    args.seconds('joinChannelPrivilegeExpire', join),
    privilege('pubAudioPrivilegeExpire', audio),
    privilege('pubVideoPrivilegeExpire', video),
    privilege('pubDataStreamPrivilegeExpire', data),
  )
  const rtm = rtmService(args.userId('rtmUserId', rtmUserId), args.seconds('rtmTokenExpire', rtmTokenExpire))
  return accessToken(appId, appCertificate, expire, [rtc, rtm, ...extra])
}

class RtcTokenBuilder {
  static buildTokenWithUid(appId, appCertificate, channelName, uid, role, tokenExpire, privilegeExpire = 0) {
    return this.buildTokenWithUserAccount(appId, appCertificate, channelName, uid, role, tokenExpire, privilegeExpire)
  }

  static buildTokenWithUserAccount(appId, appCertificate, channelName, account, role, tokenExpire, privilegeExpire = 0) {
    const r = args.oneOf('role', role, ROLES)
    const expire = args.seconds('tokenExpire', tokenExpire)
    const p = args.seconds('privilegeExpire', privilegeExpire)
    return accessToken(appId, appCertificate, expire, [rtcService(channelName, account, r, p, p, p, p)])
  }

  static buildTokenWithUidAndPrivilege(appId, appCertificate, channelName, uid, tokenExpire, join, audio, video, data) {
    return this.BuildTokenWithUserAccountAndPrivilege(appId, appCertificate, channelName, uid, tokenExpire, join, audio, video, data)
  }

  // Capital B, as in agora-token's JS and index.d.ts.
  static BuildTokenWithUserAccountAndPrivilege(appId, appCertificate, channelName, account, tokenExpire, join, audio, video, data) {
    const expire = args.seconds('tokenExpire', tokenExpire)
    const rtc = rtcService(
      channelName,
      account,
      RtcRole.PUBLISHER,
      args.seconds('joinChannelPrivilegeExpire', join),
      args.seconds('pubAudioPrivilegeExpire', audio),
      args.seconds('pubVideoPrivilegeExpire', video),
      args.seconds('pubDataStreamPrivilegeExpire', data),
    )
    return accessToken(appId, appCertificate, expire, [rtc])
  }

  static buildTokenWithRtm(appId, appCertificate, channelName, account, role, tokenExpire, privilegeExpire = 0) {
    const r = args.oneOf('role', role, ROLES)
    const expire = args.seconds('tokenExpire', tokenExpire)
    const p = args.seconds('privilegeExpire', privilegeExpire)
    const rtc = rtcService(channelName, account, r, p, p, p, p)
    // The RTM login privilege lasts tokenExpire, as in the original.
    return accessToken(appId, appCertificate, expire, [rtc, rtmService(args.userId('account', account), expire)])
  }

  static buildTokenWithRtm2(...a) {
    return rtcRtm2(a, [])
  }
}

class ConvoAITokenBuilder {
  static buildToken(...a) {
    return rtcRtm2(a, [{ service: 'convoai' }])
  }
}

class SttTokenBuilder {
  static buildToken(...a) {
    return rtcRtm2(a, [{ service: 'stt' }])
  }
}

module.exports = { RtcRole, RtcTokenBuilder, ConvoAITokenBuilder, SttTokenBuilder }
