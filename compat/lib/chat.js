'use strict'
// agora-token 2.0.6 ChatTokenBuilder and FpaTokenBuilder.
const args = require('./args')
const { accessToken } = require('./token')

class ChatTokenBuilder {
  static buildUserToken(appId, appCertificate, userUuid, expire) {
    const e = args.seconds('expire', expire)
    return accessToken(appId, appCertificate, e, [{ service: 'chat', userId: args.userId('userUuid', userUuid), privileges: { user: e } }])
  }

  static buildAppToken(appId, appCertificate, expire) {
    const e = args.seconds('expire', expire)
    return accessToken(appId, appCertificate, e, [{ service: 'chat', userId: '', privileges: { app: e } }])
  }
}

// Fixed 24 h token with a login privilege of 0 (no separate limit), as in the original.
class FpaTokenBuilder {
  static buildToken(appId, appCertificate) {
    return accessToken(appId, appCertificate, 24 * 3600, [{ service: 'fpa', privileges: { login: 0 } }])
  }
}

module.exports = { ChatTokenBuilder, FpaTokenBuilder }
