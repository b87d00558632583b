'use strict'

// The agents the sandbox runs and their lifecycle: STARTING -> RUNNING -> STOPPING -> STOPPED.
// Agents are kept after they stop so query, list and turns still find them, as Agora's do, up to
// `maxAgents` in all: past it the oldest stopped agents are forgotten, and when every kept agent
// is still running a join is refused with 429, like a project at its concurrency limit.
//
// The store is an EventEmitter: every change of an agent is announced as
// `store.on('change', (agent, change) => …)`, with `change` one of 'created', 'running',
// 'stopping', 'stopped' and 'updated'. Webhook deliveries, lifetime rules and the console
// follow agents through it rather than through the routes. An agent that failed (`fail`)
// ends FAILED instead of STOPPED, announced as 'stopped' too.
const { EventEmitter } = require('node:events')
const { ApiError } = require('./api-error.js')
const { makeRoom } = require('./bounded.js')
const { newAgentId } = require('./agent-id.js')
const { nowSeconds } = require('./tokens.js')
const { IDLE_MESSAGE } = require('./stop-messages.js')

/** Numeric state codes used by the list filter. */
const STATUS_CODES = { IDLE: 0, STARTING: 1, RUNNING: 2, STOPPING: 3, STOPPED: 4, RECOVERING: 5, FAILED: 6 }

const DEFAULT_IDLE_TIMEOUT_S = 30
const DEFAULT_MAX_HISTORY = 32
/** Default of the `maxAgents` option. */
const DEFAULT_MAX_AGENTS = 10_000
/** Per agent: history entries whatever `llm.max_history` asks, and turns kept (the most recent). */
const MAX_HISTORY_CAP = 1024
const MAX_TURNS = 1024

/** One key per (channel, uid): channel names cannot contain NUL, so the pair maps back uniquely. */
const seatKey = (channel, agentUid) => `${channel}\0${agentUid}`

/** Removes `key` from an active index if it still points at `agent`. */
function forget(index, key, agent) {
  if (index.get(key) === agent) index.delete(key)
}

class AgentStore extends EventEmitter {
  /**
   * @param {{ timers: import('./timers.js').Timers, startDelayMs: number, stopDelayMs: number, maxAgents?: number }} options
   */
  constructor({ timers, startDelayMs, stopDelayMs, maxAgents = DEFAULT_MAX_AGENTS }) {
    super()
    this.timers = timers
    this.startDelayMs = startDelayMs
    this.stopDelayMs = stopDelayMs
    this.maxAgents = maxAgents
    /** The STOPPED agents in the order they stopped: the eviction queue. */
    this.stopped = new Set()
    /** Insertion order is creation order, which list pagination relies on. */
    this.byId = new Map()
    // The active agents (STARTING or RUNNING) by name and by seat, so join's conflict checks
    // cost the same after a million agents as after one. Kept in step by `create` and `stop`,
    // the only two places an agent enters or leaves the active states.
    this.activeByName = new Map()
    this.activeBySeat = new Map()
    // Timer callbacks shared by every agent (the agent is the timer's argument, not a closure).
    this.stopIdle = (agent) => this.stop(agent, IDLE_MESSAGE)
    this.markRunning = (agent) => {
      if (agent.status !== 'STARTING') return
      agent.status = 'RUNNING'
      this.emit('change', agent, 'running')
    }
    this.markStopped = (agent) => {
      agent.status = agent.failed ? 'FAILED' : 'STOPPED'
      agent.stopTs = nowSeconds()
      this.stopped.add(agent)
      this.emit('change', agent, 'stopped')
    }
  }

  /** Makes room for one more agent by forgetting the oldest stopped one; 429 when none has stopped. */
  makeRoom() {
    makeRoom(
      this.byId,
      this.stopped,
      this.maxAgents,
      () => new ApiError(429, 'ConcurrencyLimitExceeded', `the sandbox keeps at most ${this.maxAgents} agents and none of them has stopped`),
    )
  }

  /**
   * Starts an agent from a validated join (429 ConcurrencyLimitExceeded when the store is full of
   * running agents). `remotePresent`: a remote user is in the channel from the start (the SIP
   * gateway of a phone call), so the idle timeout does not run.
   */
  create({ name, channel, agentUid, properties }, { remotePresent = false } = {}) {
    this.makeRoom()
    const agent = {
      agentId: newAgentId(),
      name,
      channel,
      agentUid,
      properties,
      status: 'STARTING',
      createTs: nowSeconds(),
      stopTs: 0,
      message: '',
      failed: false,
      history: [],
      turns: [],
      turnCount: 0,
      idleTimer: undefined,
    }
    this.byId.set(agent.agentId, agent)
    this.activeByName.set(name, agent)
    // uid "0" asks Agora to pick a uid, so any number of such agents share a channel.
    if (agentUid !== '0') this.activeBySeat.set(seatKey(channel, agentUid), agent)
    this.timers.after(this.startDelayMs, this.markRunning, agent)
    // No remote user ever joins a sandbox channel, so the idle timeout always fires, as field
    // reports say Agora's does when the user never shows up.
    const idle = properties.idle_timeout ?? DEFAULT_IDLE_TIMEOUT_S
    if (idle > 0 && !remotePresent) agent.idleTimer = this.timers.after(idle * 1000, this.stopIdle, agent)
    const greeting = properties.llm?.greeting_message
    if (greeting) {
      this.remember(agent, 'assistant', greeting)
      this.addTurn(agent, 'greeting', { greeting_nth: 1 })
    }
    this.emit('change', agent, 'created')
    return agent
  }

  get(agentId) {
    return this.byId.get(agentId)
  }

  all() {
    return [...this.byId.values()]
  }

  /** An agent still doing something: STARTING or RUNNING. */
  static isActive(agent) {
    return agent.status === 'STARTING' || agent.status === 'RUNNING'
  }

  /** The active agent named `name`, if any. */
  activeNamed(name) {
    return this.activeByName.get(name)
  }

  /** The active agent using uid `agentUid` in `channel`, if any. */
  activeInSeat(channel, agentUid) {
    return this.activeBySeat.get(seatKey(channel, agentUid))
  }

  /** Leave: STOPPING now, STOPPED after the stop delay (Agora stops asynchronously). */
  stop(agent, message = '') {
    if (!AgentStore.isActive(agent)) return
    agent.status = 'STOPPING'
    agent.message = message
    forget(this.activeByName, agent.name, agent)
    forget(this.activeBySeat, seatKey(agent.channel, agent.agentUid), agent)
    this.timers.clear(agent.idleTimer)
    this.timers.after(this.stopDelayMs, this.markStopped, agent)
    this.emit('change', agent, 'stopping')
  }

  /** Leaves like `stop`, but the agent ends FAILED (an RTC connection error, say). */
  fail(agent, message) {
    if (!AgentStore.isActive(agent)) return
    agent.failed = true
    this.stop(agent, message)
  }

  /** An update's result: the agent's new properties (a renewed token, new llm/mllm settings). */
  replaceProperties(agent, properties) {
    agent.properties = properties
    this.emit('change', agent, 'updated')
  }

  /** Appends to the short-term memory, bounded like Agora's by llm.max_history (at most MAX_HISTORY_CAP). */
  remember(agent, role, content) {
    agent.history.push({ role, content })
    const max = Math.min(agent.properties.llm?.max_history ?? DEFAULT_MAX_HISTORY, MAX_HISTORY_CAP)
    if (agent.history.length > max) agent.history.splice(0, agent.history.length - max)
  }

  /** Records one finished turn in the shape of GET …/turns, keeping the most recent MAX_TURNS. */
  addTurn(agent, startType, startMetadata = {}) {
    const at = Date.now()
    agent.turnCount += 1
    if (agent.turns.length >= MAX_TURNS) agent.turns.shift()
    agent.turns.push({
      agent_id: agent.agentId,
      channel: agent.channel,
      turn_id: agent.turnCount,
      start: { start_at: at, type: startType, metadata: { transport: 'http', ...startMetadata } },
      end: { end_at: at, type: 'ok', metadata: { playback_duration_ms: 0, transport: 'http' } },
      metrics: { e2e_latency_ms: 0, segmented_latency_ms: [] },
    })
  }
}

module.exports = { AgentStore, STATUS_CODES, DEFAULT_MAX_AGENTS }
