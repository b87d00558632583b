'use strict'

// Why an agent stopped, in the two vocabularies a stop is reported in: the `message` that
// GET …/agents/{id} answers (the sandbox's wording) and the one Agora's 102 "agent left"
// notification carries (docs/webhooks.md, "Events"). Stops of other origins (lifetime cap,
// token expiry, injected failures) already use the 102 wording and pass through unchanged.
const LEAVE_MESSAGE = 'agent exits with reason: stopped by the leave API'
const IDLE_MESSAGE = 'agent exits with reason: idle timeout, no remote user joined the channel'

const NOTICE_MESSAGES = new Map([
  [LEAVE_MESSAGE, 'OK'],
  [IDLE_MESSAGE, 'Idle for too long'],
])

/** The 102 `message` for an agent stopped with `message` (an agent stopped without one left normally: "OK"). */
function noticeMessage(message) {
  return NOTICE_MESSAGES.get(message) ?? (message === '' ? 'OK' : message)
}

module.exports = { LEAVE_MESSAGE, IDLE_MESSAGE, noticeMessage }
