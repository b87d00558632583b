'use strict'

// Handlers of the telephony endpoints under /v2/projects/{appid} (docs/telephony.md): POST /call
// places an outbound call with a new agent, GET /calls/{id} and POST /calls/{id}/hangup follow it,
// GET /call lists the records. Errors are thrown as ApiError and answered in the telephony shape
// `{error_type, description}` by the server.
const { badBody } = require('./api-error.js')
const { isObject, requireKind, expectKind, expectOneOf } = require('./fields.js')
const { isE164, isNumericUid, isAccount } = require('./agora-names.js')
const { validateJoin } = require('./validate-join.js')
const { joinTokenProblem, nowSeconds } = require('./tokens.js')
const { admit, integerParam, listBody } = require('./agent-routes.js')
const { CallStore, callRecord } = require('./call-store.js')
const { TelephonyError, invalidPhone, callNotFound } = require('./telephony-errors.js')

/** Seconds in the default window of GET /call: the last 60 days. */
const LIST_WINDOW_S = 60 * 24 * 3600

const invalidRequest = (description) => new TelephonyError(400, 'invalid_request', description)

/**
 * The SIP leg `{to_number, from_number, rtc_uid, rtc_token}`. The older `sip_rtc_uid` /
 * `sip_rtc_token` names of one documentation snapshot are accepted too.
 */
function sipLeg(sip) {
  requireKind(sip, 'object', 'sip')
  for (const field of ['to_number', 'from_number']) {
    requireKind(sip[field], 'string', `sip.${field}`)
    if (!isE164(sip[field])) throw invalidPhone(`sip.${field}`)
  }
  const rtcUid = sip.rtc_uid ?? sip.sip_rtc_uid
  const rtcToken = sip.rtc_token ?? sip.sip_rtc_token
  requireKind(rtcUid, 'string', 'sip.rtc_uid')
  requireKind(rtcToken, 'string', 'sip.rtc_token')
  return { toNumber: sip.to_number, fromNumber: sip.from_number, rtcUid, rtcToken }
}

function start(ctx) {
  const body = ctx.body
  if (!isObject(body)) throw badBody('the request body must be a JSON object')
  const sip = sipLeg(body.sip)
  requireKind(body.properties, 'object', 'properties')
  // With a pipeline the gateway's uid is the user the agent talks to; it is the default.
  const properties = { remote_rtc_uids: [sip.rtcUid], ...body.properties }
  const request = validateJoin({ name: body.name, pipeline_id: body.pipeline_id, preset: body.preset, properties }, ctx.app)
  const stringUids = request.properties.enable_string_uid === true
  if (!(stringUids ? isAccount : isNumericUid)(sip.rtcUid)) {
    throw invalidRequest(
      `sip.rtc_uid must be ${stringUids ? 'a user account' : 'a numeric uid written as a string (set enable_string_uid: true for accounts)'}`,
    )
  }
  if (sip.rtcUid === request.agentUid) throw invalidRequest('sip.rtc_uid must differ from properties.agent_rtc_uid')
  // The gateway joins the agent's channel with its own uid and an RTC token for it.
  const problem = joinTokenProblem(sip.rtcToken, { ...ctx.app, channel: request.channel, agentUid: sip.rtcUid, needRtm: false })
  if (problem) throw invalidRequest(problem.replace('properties.token', 'sip.rtc_token').replace('properties.agent_rtc_uid', 'sip.rtc_uid'))
  admit(ctx.store, request)
  ctx.calls.makeRoom()
  // The gateway is in the channel for as long as the call lasts: no idle timeout.
  const agent = ctx.store.create(request, { remotePresent: true })
  ctx.calls.create({ agent, type: 'outbound', toNumber: sip.toNumber, fromNumber: sip.fromNumber, pipelineId: body.pipeline_id })
  return { status: 200, body: { agent_id: agent.agentId } }
}

function known(ctx) {
  const call = ctx.calls.get(ctx.agentId)
  if (!call) throw callNotFound(ctx.agentId)
  return call
}

const get = (ctx) => ({ status: 200, body: callRecord(known(ctx), { withReason: true }) })

function hangup(ctx) {
  const call = known(ctx)
  if (ctx.body !== undefined && !isObject(ctx.body)) throw badBody('the request body must be a JSON object')
  const agent = ctx.store.get(call.agentId)
  if (!CallStore.isLive(call) || !agent) throw new TelephonyError(404, 'not_found', `call ${call.agentId} has already ended`)
  call.endReason = 'request'
  // A hang-up on request ends the agent as a leave does (102 "OK").
  ctx.store.stop(agent, 'OK')
  return { status: 200, body: {} }
}

function list(ctx) {
  const q = ctx.query
  const now = nowSeconds()
  const fromTime = integerParam(q, 'from_time', now - LIST_WINDOW_S, 0)
  const toTime = integerParam(q, 'to_time', now, 0)
  const limit = integerParam(q, 'limit', 20, 1)
  const type = q.get('type') ?? undefined
  expectOneOf(type, ['inbound', 'outbound'], 'type')
  const number = q.get('number') ?? undefined
  expectKind(number, 'string', 'number')
  if (number !== undefined && !isE164(number)) throw invalidPhone('number')
  const matching = ctx.calls
    .all()
    .filter((c) => c.createTs >= fromTime && c.createTs <= toTime)
    .filter((c) => type === undefined || c.type === type)
    .filter((c) => number === undefined || c.toNumber === number || c.fromNumber === number)
  return { status: 200, body: listBody(matching, q, limit, (c) => callRecord(c)) }
}

module.exports = { start, get, hangup, list }
