'use strict'

// How long an agent may run (docs/sandbox.md, "Lifetime rules"), following the agent store:
// - its token: `tokenWarningS` before `properties.token` expires the store announces
//   `change(agent, 'token-expiring')` (webhook 104); a new token through /update moves both
//   times; at expiry an agent still on its old token leaves: STOPPED, message "Token expired";
// - the 72-hour cap: `maxLifetimeS` after start the agent leaves with "Task lifetime limit
//   exceeded" (Agora's documented 102 message), whatever its token.
// Agora documents neither how early 104 comes nor what an agent whose token ran out reports; the
// defaults are the sandbox's assumptions: 30 s (when the RTC SDK's own token-will-expire callback
// fires) and "Token expired".
const { parseToken } = require('../index.js')

/** Agora's cap on one agent session: 72 hours. */
const DEFAULT_MAX_LIFETIME_S = 72 * 3600
/** Seconds before token expiry that 104 is announced. */
const DEFAULT_TOKEN_WARNING_S = 30
const LIFETIME_EXCEEDED = 'Task lifetime limit exceeded'
const TOKEN_EXPIRED = 'Token expired'
/** setTimeout's longest wait; a token outliving it outlives any cap the sandbox allows too. */
const MAX_WAIT_MS = 2 ** 31 - 1

/**
 * Unix seconds when `token` stops letting the agent stay in its channel: the earliest of the
 * token's own expiry and its RTC join privilege's (0 = no privilege expiry). Undefined when it
 * cannot be read (join and update have checked it; nothing to schedule then).
 */
function tokenExpiry(token) {
  let parsed
  try {
    parsed = parseToken(token)
  } catch {
    return undefined
  }
  const times = [parsed.expiresAt]
  if (parsed.version === '007') {
    const rtc = parsed.services.find((s) => s.service === 'rtc')
    if (rtc && rtc.privileges.joinChannel !== 0) times.push(rtc.expiresAt.joinChannel)
  } else if (parsed.privileges?.joinChannel) {
    times.push(parsed.privileges.joinChannel)
  }
  const finite = times.filter((t) => Number.isFinite(t) && t > 0)
  return finite.length ? Math.min(...finite) : undefined
}

/** An unref'd timeout (never keeps a process alive), or undefined when it would be too long to set. */
function later(ms, fn) {
  if (ms > MAX_WAIT_MS) return undefined
  const t = setTimeout(fn, Math.max(0, ms))
  t.unref()
  return t
}

class Lifetime {
  /**
   * @param {{ store: import('./agents-store.js').AgentStore, maxLifetimeS: number, tokenWarningS: number }} options
   */
  constructor({ store, maxLifetimeS, tokenWarningS }) {
    this.store = store
    this.maxLifetimeMs = maxLifetimeS * 1000
    this.warningMs = tokenWarningS * 1000
    /** agent → { token, cap, warn, expire } for the agents still running. */
    this.timers = new Map()
    this.onChange = (agent, change) => this.follow(agent, change)
    store.on('change', this.onChange)
  }

  follow(agent, change) {
    if (change === 'created') {
      const cap = later(this.maxLifetimeMs, () => this.store.stop(agent, LIFETIME_EXCEEDED))
      this.timers.set(agent, { token: undefined, cap, warn: undefined, expire: undefined })
      this.watchToken(agent)
    } else if (change === 'updated') {
      this.watchToken(agent)
    } else if (change === 'stopping') {
      this.forget(agent)
    }
  }

  /** (Re)schedules the 104 and the expiry of the agent's current token, once per token. */
  watchToken(agent) {
    const t = this.timers.get(agent)
    const token = agent.properties.token
    if (!t || t.token === token) return
    clearTimeout(t.warn)
    clearTimeout(t.expire)
    t.token = token
    const expiresAt = tokenExpiry(token)
    if (expiresAt === undefined) return
    const untilExpiry = expiresAt * 1000 - Date.now()
    t.warn = later(untilExpiry - this.warningMs, () => this.store.emit('change', agent, 'token-expiring'))
    t.expire = later(untilExpiry, () => this.store.stop(agent, TOKEN_EXPIRED))
  }

  forget(agent) {
    const t = this.timers.get(agent)
    if (!t) return
    for (const handle of [t.cap, t.warn, t.expire]) clearTimeout(handle)
    this.timers.delete(agent)
  }

  close() {
    for (const agent of [...this.timers.keys()]) this.forget(agent)
    this.store.off('change', this.onChange)
  }
}

/** Stop messages of ends the service forces (not a leave or hang-up asked for). */
const SERVICE_ENDS = new Set([LIFETIME_EXCEEDED, TOKEN_EXPIRED])

module.exports = { Lifetime, DEFAULT_MAX_LIFETIME_S, DEFAULT_TOKEN_WARNING_S, LIFETIME_EXCEEDED, TOKEN_EXPIRED, SERVICE_ENDS }
