'use strict'

// Test helpers for what only the phone network does: someone calls one of your numbers
// (`sandbox.receiveCall`), or the other party hangs up (`sandbox.endCall`).
const { randomBytes } = require('node:crypto')
const { buildRtcRtmToken } = require('../index.js')
const { isE164 } = require('./agora-names.js')
const { CallStore } = require('./call-store.js')

/** The uids of an inbound call's agent and SIP gateway in their fresh channel. */
const AGENT_UID = '1'
const GATEWAY_UID = '2'

function argError(message) {
  const error = new TypeError(message)
  error.code = 'ERR_INVALID_ARG'
  return error
}

/**
 * An inbound call to an imported number with inbound calls on and an inbound pipeline bound: the
 * pipeline's agent answers in a fresh channel (as Agora's inbound routing does).
 *
 * @param {{ fromNumber: string, toNumber: string }} call
 * @returns {{ agentId: string, channel: string }}
 */
function receiveCall({ store, calls, numbers, app }, call) {
  const { fromNumber, toNumber } = call ?? {}
  if (!isE164(fromNumber) || !isE164(toNumber)) throw argError('receiveCall needs fromNumber and toNumber in E.164 form')
  const number = numbers.get(toNumber)
  const pipelineId = number?.inbound_config?.pipeline_id
  if (!number?.inbound || !pipelineId) {
    throw argError(`receiveCall: ${toNumber} must be an imported number with inbound calls on and inboundConfig.pipelineId bound`)
  }
  calls.makeRoom()
  const channel = `inbound-${randomBytes(8).toString('hex')}`
  const token = buildRtcRtmToken({ appId: app.appId, appCertificate: app.appCertificate, channelName: channel, uid: Number(AGENT_UID), tokenExpire: 86400 })
  const properties = { channel, token, agent_rtc_uid: AGENT_UID, remote_rtc_uids: [GATEWAY_UID] }
  const agent = store.create({ name: `inbound-${channel}`, channel, agentUid: AGENT_UID, properties }, { remotePresent: true })
  calls.create({ agent, type: 'inbound', toNumber, fromNumber, pipelineId })
  return { agentId: agent.agentId, channel }
}

/** The other party hangs up: the call ends with reason `hangup` and its agent leaves. */
function endCall({ store, calls }, agentId) {
  const call = calls.get(agentId)
  if (!call) throw argError(`endCall: no call ${agentId}`)
  const agent = store.get(agentId)
  if (!CallStore.isLive(call) || !agent) return
  call.endReason = 'hangup'
  store.stop(agent, 'OK')
}

module.exports = { receiveCall, endCall }
