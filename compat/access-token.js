'use strict'
// Drop-in for the deprecated `agora-access-token` 2.0.4 (legacy "006" tokens, fresh
// salt per token). Differences: README.md, "Behaviour differences".
const { RtcRole, RtcTokenBuilder, RtmRole, RtmTokenBuilder } = require('./lib/legacy')
const { withFixedClock } = require('./lib/clock')

module.exports = { RtcTokenBuilder, RtcRole, RtmTokenBuilder, RtmRole, withFixedClock }
