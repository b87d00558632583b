'use strict'

// The phone calls the sandbox places (and the inbound ones its `receiveCall` helper simulates).
// A call is an agent of the agent store plus this record; the call follows its agent: answered
// when the agent runs, over when it stops. Records are kept after the call ends, as Agora keeps
// call history, up to `maxCalls`: past it the oldest ended call is forgotten, and when every kept
// call is still live a new one is refused with 429.
//
// The store is an EventEmitter: each step of a call is announced as
// `calls.on('change', (call, state) => …)`, `state` in the webhooks' upper-case vocabulary
// (201 inbound: START, ANSWERED, HANGUP; 202 outbound: START, CALLING, RINGING, ANSWERED,
// HANGUP). The REST endpoints show only `answered` and `hangup`, as Agora's do.
const { EventEmitter } = require('node:events')
const { makeRoom } = require('./bounded.js')
const { TelephonyError } = require('./telephony-errors.js')
const { nowSeconds } = require('./tokens.js')

/** Default of the `maxCalls` option. */
const DEFAULT_MAX_CALLS = 10_000

/** Steps announced when a call is placed, before it is answered. */
const OPENING = { outbound: ['START', 'CALLING', 'RINGING'], inbound: ['START'] }

class CallStore extends EventEmitter {
  /**
   * @param {{ agents: import('./agents-store.js').AgentStore, maxCalls?: number, serviceEnds: Set<string> }} options
   *   `serviceEnds`: the agent stop messages of ends the service forced (lifetime cap, token
   *   expiry), which end a call with reason `failed`
   */
  constructor({ agents, maxCalls = DEFAULT_MAX_CALLS, serviceEnds }) {
    super()
    this.maxCalls = maxCalls
    this.serviceEnds = serviceEnds
    /** Insertion order is creation order, which list pagination relies on. */
    this.byId = new Map()
    /** The ended calls in the order they ended: the eviction queue. */
    this.ended = new Set()
    agents.on('change', (agent, change) => this.follow(agent, change))
  }

  /** Makes room for one more call by forgetting the oldest ended one; 429 when none has ended. */
  makeRoom() {
    makeRoom(
      this.byId,
      this.ended,
      this.maxCalls,
      () => new TelephonyError(429, 'too_many_requests', `the sandbox keeps at most ${this.maxCalls} calls and none of them has ended`),
    )
  }

  /** Records the call of a just-created agent (call `makeRoom` before creating the agent). */
  create({ agent, type, toNumber, fromNumber, pipelineId }) {
    const call = {
      agentId: agent.agentId,
      name: agent.name,
      channel: agent.channel,
      labels: agent.properties.labels,
      type,
      toNumber,
      fromNumber,
      pipelineId,
      createTs: agent.createTs,
      stopTs: 0,
      state: undefined,
      reason: undefined,
      /** Set by whoever ends the call on purpose (hang-up: 'request', the other party: 'hangup'). */
      endReason: undefined,
    }
    this.byId.set(call.agentId, call)
    for (const state of OPENING[type]) this.step(call, state)
    return call
  }

  get(agentId) {
    return this.byId.get(agentId)
  }

  all() {
    return [...this.byId.values()]
  }

  static isLive(call) {
    return call.state !== 'HANGUP'
  }

  step(call, state) {
    call.state = state
    this.emit('change', call, state)
  }

  /** The agent store's changes, for the agents that carry calls. */
  follow(agent, change) {
    const call = this.byId.get(agent.agentId)
    if (!call || !CallStore.isLive(call)) return
    if (change === 'running') this.step(call, 'ANSWERED')
    if (change === 'stopping') {
      call.reason = call.endReason ?? (this.serviceEnds.has(agent.message) ? 'failed' : 'request')
      call.stopTs = nowSeconds()
      this.ended.add(call)
      this.step(call, 'HANGUP')
    }
  }
}

/** A call as `GET …/calls/{id}` shows it (`withReason`), or as an item of `GET …/call`. */
function callRecord(call, { withReason = false } = {}) {
  const record = {
    to_number: call.toNumber,
    from_number: call.fromNumber,
    pipeline_id: call.pipelineId ?? '',
    type: call.type,
    agent_id: call.agentId,
    channel: call.channel,
    create_ts: call.createTs,
    state: CallStore.isLive(call) ? 'answered' : 'hangup',
    stop_ts: call.stopTs,
  }
  if (withReason && call.reason) record.reason = call.reason
  return record
}

module.exports = { CallStore, callRecord, DEFAULT_MAX_CALLS }
