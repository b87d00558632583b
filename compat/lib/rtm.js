'use strict'
// agora-token 2.0.6 RtmTokenBuilder (RtmTokenBuilder2.js) and Rtm2Permissions.
const args = require('./args')
const { typeError, rangeError } = require('./errors')
const { accessToken } = require('./token')

// Wire ids (docs/token-format.md, "Services") -> the names buildAccessToken takes.
const RESOURCES = ['messageChannels', 'streamChannels', 'groupChannels', 'serverGroups', 'users']
const PERMISSIONS = ['read', 'write']

class Rtm2Permissions {
  constructor() {
    this.details = {}
  }

  /** Adds or replaces resources for a resource and permission type. */
  add(resourceType, permissionType, resources) {
    if (!this.details[resourceType]) this.details[resourceType] = {}
    this.details[resourceType][permissionType] = Array.from(resources)
  }
}
Rtm2Permissions.kMessageChannels = 0
Rtm2Permissions.kStreamChannels = 1
Rtm2Permissions.kGroupChannels = 2
Rtm2Permissions.kServerGroups = 3
Rtm2Permissions.kUsers = 4
Rtm2Permissions.kRead = 0
Rtm2Permissions.kWrite = 1

function wireName(names, kind, key) {
  const name = names[Number(key)]
  if (name === undefined || String(Number(key)) !== key) {
    throw rangeError('ERR_INVALID_ARG', `permissions: ${kind} type ${JSON.stringify(key)} is not one of 0..${names.length - 1}`)
  }
  return name
}

/** Rtm2Permissions#details ({resourceType: {permissionType: string[]}}) -> buildAccessToken's named shape. */
function namedPermissions(permissions) {
  if (permissions === undefined || permissions === null) return {}
  const details = permissions.details
  if (typeof permissions !== 'object' || details === null || typeof details !== 'object') {
    throw typeError('ERR_INVALID_ARG', 'permissions must be an Rtm2Permissions')
  }
  const out = {}
  for (const [resource, byPermission] of Object.entries(details)) {
    const named = {}
    for (const [permission, resources] of Object.entries(byPermission ?? {})) {
      named[wireName(PERMISSIONS, 'permission', permission)] = resources
    }
    out[wireName(RESOURCES, 'resource', resource)] = named
  }
  return out
}

/** As in the original: 0, null and undefined mean "", numbers are stringified; nothing else is accepted. */
function rtm2UserId(v) {
  if (v === 0 || v === null || v === undefined) return ''
  if (typeof v === 'number') return args.userId('userId', v)
  if (typeof v !== 'string') throw typeError('ERR_INVALID_UID', 'userId must be a string')
  return v
}

class RtmTokenBuilder {
  static buildToken(appId, appCertificate, userId, expire) {
    const e = args.seconds('expire', expire)
    return accessToken(appId, appCertificate, e, [{ service: 'rtm', userId: args.userId('userId', userId), privileges: { login: e } }])
  }

  static buildTokenWithPermissions(appId, appCertificate, userId, permissions, expire) {
    const e = args.seconds('expire', expire)
    const user = rtm2UserId(userId)
    const service = { service: 'rtm2', userId: user, privileges: { login: e }, permissions: namedPermissions(permissions) }
    return accessToken(appId, appCertificate, e, [service])
  }
}

module.exports = { RtmTokenBuilder, Rtm2Permissions }
