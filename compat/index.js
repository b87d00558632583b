'use strict'
// Drop-in for `agora-token` 2.0.6: same exports, methods, constants and argument
// order; tokens built by the native addon. Differences: README.md, "Behaviour differences".
const { RtcRole, RtcTokenBuilder, ConvoAITokenBuilder, SttTokenBuilder } = require('./lib/rtc')
const { RtmTokenBuilder, Rtm2Permissions } = require('./lib/rtm')
const { ChatTokenBuilder, FpaTokenBuilder } = require('./lib/chat')
const { ApaasTokenBuilder, EducationTokenBuilder } = require('./lib/apaas')
const { withFixedClock } = require('./lib/clock')

module.exports = {
  ApaasTokenBuilder,
  ChatTokenBuilder,
  ConvoAITokenBuilder,
  EducationTokenBuilder,
  FpaTokenBuilder,
  RtcRole,
  RtcTokenBuilder,
  RtmTokenBuilder,
  Rtm2Permissions,
  SttTokenBuilder,
  withFixedClock,
}
