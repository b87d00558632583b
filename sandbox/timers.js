'use strict'

/**
 * Every timer the sandbox sets (agent start/stop/idle) goes through here: unref'd so a forgotten
 * sandbox never keeps a test process alive, and all cleared by `close()`.
 */
class Timers {
  constructor() {
    this.pending = new Set()
  }

  /** Runs `fn` after `ms` milliseconds unless cleared first; returns a handle for `clear`. */
  after(ms, fn) {
    const handle = setTimeout(() => {
      this.pending.delete(handle)
      fn()
    }, ms)
    handle.unref()
    this.pending.add(handle)
    return handle
  }

  clear(handle) {
    if (handle === undefined) return
    clearTimeout(handle)
    this.pending.delete(handle)
  }

  clearAll() {
    for (const handle of this.pending) clearTimeout(handle)
    this.pending.clear()
  }
}

module.exports = { Timers }
