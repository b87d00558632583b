'use strict'

// The notifications Agora's Notification Center sends for Conversational AI, built from the
// sandbox's agents and calls in Agora's wire shape: snake_case payloads, `labels` (as set at
// join) in every payload but 104's (docs/webhooks.md, "Events"). Each builder returns
// `{ eventType, payload }`; the sender wraps it in the signed envelope.
const { noticeMessage } = require('./stop-messages.js')

/** 112 carries at most this many turns and sets `is_truncated` past it, as Agora's does. */
const MAX_NOTICE_TURNS = 200
/** 104's `message`: the fixed text of the zh-CN docs (the English page shows another; receivers treat it as opaque). */
const TOKEN_EXPIRING_MESSAGE = 'Token will expire!'

function identity(agent) {
  return { agent_id: agent.agentId, name: agent.name, channel: agent.channel, start_ts: agent.createTs }
}

/** `payload` plus the agent's labels, when it was given some at join. */
function labelled(payload, labels) {
  return labels === undefined ? payload : { ...payload, labels }
}

const agentNotice = (eventType, agent, fields = {}) => ({
  eventType,
  payload: labelled({ ...identity(agent), ...fields }, agent.properties.labels),
})

/** 101 agent joined. */
const joined = (agent) => agentNotice(101, agent)

/** 102 agent left: STOPPED or FAILED, with Agora's wording of why. */
const left = (agent) => agentNotice(102, agent, { stop_ts: agent.stopTs, status: agent.status, message: noticeMessage(agent.message) })

/** 103 agent history: the short-term memory at stop (already capped by llm.max_history). */
const history = (agent) => agentNotice(103, agent, { stop_ts: agent.stopTs, contents: agent.history.map(({ role, content }) => ({ role, content })) })

/** 104 agent token expiring: a warning; the agent stays. Agora documents no labels for it. */
const tokenExpiring = (agent) => ({ eventType: 104, payload: { ...identity(agent), message: TOKEN_EXPIRING_MESSAGE } })

/** 110 agent error, for an error `{ module, code, message, turnId }` (checked by the caller). */
function agentError(agent, { module, code, message, turnId }) {
  return agentNotice(110, agent, { turn_id: turnId, errors: [{ module, turn_id: turnId, code, message }] })
}

/** The turns 111 and 112 report: the most recent MAX_NOTICE_TURNS the sandbox kept. */
const reportedTurns = (agent) => agent.turns.slice(-MAX_NOTICE_TURNS)

/** 111 agent metrics: one entry per turn. The sandbox measures no latencies, so each has only its turn_id (Agora leaves out missing ones too). */
const metrics = (agent) => agentNotice(111, agent, { stop_ts: agent.stopTs, metrics: reportedTurns(agent).map((turn) => ({ turn_id: turn.turn_id })) })

/** A turn as 112 carries it: GET …/turns lists segmented latencies as `[{name, latency}]`, 112 as an object. */
function noticeTurn(turn) {
  const segmented = Object.fromEntries(turn.metrics.segmented_latency_ms.map(({ name, latency }) => [name, latency]))
  return { ...turn, metrics: { ...turn.metrics, segmented_latency_ms: segmented } }
}

/** 112 turns finished. */
function turnsFinished(agent) {
  const turns = reportedTurns(agent)
  return agentNotice(112, agent, {
    stop_ts: agent.stopTs,
    total_turn_count: agent.turnCount,
    is_truncated: turns.length < agent.turnCount,
    turns: turns.map(noticeTurn),
  })
}

/**
 * The notifications for a change the agent store announces (agents-store.js): 101 when the
 * agent runs; 102 and 103 when it has stopped (and 111 and 112 when it had turns); 104 when its
 * token is about to expire.
 */
function agentNotices(agent, change) {
  switch (change) {
    case 'running':
      return [joined(agent)]
    case 'token-expiring':
      return [tokenExpiring(agent)]
    case 'stopped':
      return agent.turns.length === 0 ? [left(agent), history(agent)] : [left(agent), history(agent), metrics(agent), turnsFinished(agent)]
    default:
      return []
  }
}

/**
 * 201 (inbound) or 202 (outbound) call state, for a change a call store announces:
 * `call = { agentId, name, channel, type: 'inbound' | 'outbound', labels? }`, `state` one of
 * START, CALLING, RINGING, ANSWERED, TRANSFERED, HANGUP.
 */
function callNotice(call, state) {
  return {
    eventType: call.type === 'inbound' ? 201 : 202,
    payload: labelled({ agent_id: call.agentId, name: call.name, channel: call.channel, state, report_ms: Date.now() }, call.labels),
  }
}

module.exports = { agentNotices, agentError, callNotice, MAX_NOTICE_TURNS, TOKEN_EXPIRING_MESSAGE }
