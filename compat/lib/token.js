'use strict'
// The one door to the addon for the 007 compat builders.
const { buildAccessToken } = require('../../index.js')
const { clockFields } = require('./clock')

function accessToken(appId, appCertificate, expire, services) {
  return buildAccessToken({ appId, appCertificate, expire, services, ...clockFields() })
}

module.exports = { accessToken }
