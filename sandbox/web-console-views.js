'use strict'

// What the web console shows of each thing the sandbox holds: small plain objects built from
// an allowlist of fields, so nothing secret (an agent's token and vendor keys, a phone number's
// SIP settings, a webhook's secret) can reach the page, and the size of each is bounded.

/** Remote uids listed per agent; the count says how many there are. */
const MAX_REMOTE_UIDS = 8

function agentView(a) {
  const remote = Array.isArray(a.properties?.remote_rtc_uids) ? a.properties.remote_rtc_uids : []
  return {
    agentId: a.agentId,
    name: a.name,
    channel: a.channel,
    agentUid: a.agentUid,
    remoteUids: remote.slice(0, MAX_REMOTE_UIDS).map(String),
    remoteUidCount: remote.length,
    status: a.status,
    createTs: a.createTs,
    stopTs: a.stopTs,
    message: a.message,
  }
}

function callView(c) {
  return {
    agentId: c.agentId,
    type: c.type,
    fromNumber: c.fromNumber,
    toNumber: c.toNumber,
    channel: c.channel,
    state: c.state,
    reason: c.reason,
    createTs: c.createTs,
    stopTs: c.stopTs,
  }
}

function numberView(n) {
  return {
    phoneNumber: n.phone_number,
    provider: n.provider,
    label: n.label,
    inbound: n.inbound,
    outbound: n.outbound,
    inboundPipeline: n.inbound_config?.pipeline_id,
    outboundPipeline: n.outbound_config?.pipeline_id,
  }
}

/** A webhook delivery attempt without its body (the console lists attempts, not payloads). */
function attemptView(a) {
  return {
    noticeId: a.noticeId,
    eventType: a.eventType,
    agentId: a.agentId,
    attempt: a.attempt,
    notifyMs: a.notifyMs,
    durationMs: a.durationMs,
    status: a.status,
    outcome: a.outcome,
    error: a.error,
    retryInMs: a.retryInMs,
  }
}

module.exports = { agentView, callView, numberView, attemptView }
