'use strict'
// agora-token 2.0.6 ApaasTokenBuilder / EducationTokenBuilder (the same service, type 7).
const { createHash } = require('node:crypto')
const args = require('./args')
const { typeError, rangeError } = require('./errors')
const { accessToken } = require('./token')

/** The original's `role || -1`: 0, null and undefined become -1; otherwise an i16. */
function apaasRole(role) {
  if (role === undefined || role === null || role === 0) return -1
  if (typeof role !== 'number') throw typeError('ERR_INVALID_ARG', 'role must be a number')
  if (!Number.isInteger(role) || role < -32768 || role > 32767) throw rangeError('ERR_INVALID_ARG', 'role must be an integer in -32768..32767')
  return role
}

function roomUuidArg(v) {
  if (typeof v !== 'string') throw typeError('ERR_INVALID_ARG', 'roomUuid must be a string')
  if (v === '') throw rangeError('ERR_INVALID_ARG', 'roomUuid must not be empty')
  return v
}

class ApaasTokenBuilder {
  /**
   * APaaS(room, user, role) with an empty privilege map (Node's behaviour; the other
   * languages add roomUser), RTM login for the user, and Chat for md5_hex(user).
   */
  static buildRoomUserToken(appId, appCertificate, roomUuid, userUuid, role, expire) {
    const e = args.seconds('expire', expire)
    const user = args.userId('userUuid', userUuid)
    const chatUserId = createHash('md5').update(user, 'utf8').digest('hex')
    return accessToken(appId, appCertificate, e, [
      { service: 'apaas', roomUuid: roomUuidArg(roomUuid), userUuid: user, role: apaasRole(role), privileges: {} },
      { service: 'rtm', userId: user, privileges: { login: e } },
      { service: 'chat', userId: chatUserId, privileges: { user: e } },
    ])
  }

  static buildUserToken(appId, appCertificate, userUuid, expire) {
    const e = args.seconds('expire', expire)
    const service = { service: 'apaas', roomUuid: '', userUuid: args.userId('userUuid', userUuid), role: -1, privileges: { user: e } }
    return accessToken(appId, appCertificate, e, [service])
  }

  static buildAppToken(appId, appCertificate, expire) {
    const e = args.seconds('expire', expire)
    return accessToken(appId, appCertificate, e, [{ service: 'apaas', roomUuid: '', userUuid: '', role: -1, privileges: { app: e } }])
  }
}

class EducationTokenBuilder extends ApaasTokenBuilder {}

module.exports = { ApaasTokenBuilder, EducationTokenBuilder }
