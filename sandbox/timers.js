'use strict'

/** setTimeout's longest wait; a longer one would fire at once, so longer waits are re-armed. */
const MAX_WAIT_MS = 2 ** 31 - 1

/**
 * Every timer the sandbox sets (agent start/stop/idle) goes through here, and a busy sandbox
 * sets two per join. Timers of one delay fire in the order they were set, so each delay keeps a
 * FIFO queue served by one Node timer for its head: setting a timer is an array push. The Node
 * timers are unref'd, so a forgotten sandbox never keeps a test process alive, and all go with
 * `clearAll()`.
 */
class Timers {
  constructor() {
    /** @type {Map<number, { ms: number, entries: { at: number, fn?: Function, arg?: unknown }[], head: number, handle?: NodeJS.Timeout }>} */
    this.queues = new Map()
  }

  /** Runs `fn(arg)` after `ms` milliseconds unless cleared first; returns a handle for `clear`. */
  after(ms, fn, arg) {
    let queue = this.queues.get(ms)
    if (!queue) {
      queue = { ms, entries: [], head: 0, handle: undefined }
      this.queues.set(ms, queue)
    }
    const entry = { at: performance.now() + ms, fn, arg }
    queue.entries.push(entry)
    if (queue.handle === undefined) this.arm(queue)
    return entry
  }

  /** A cleared entry stays queued, inert, until its time comes (cheaper than finding it). */
  clear(entry) {
    if (entry !== undefined) {
      entry.fn = undefined
      entry.arg = undefined
    }
  }

  clearAll() {
    for (const queue of this.queues.values()) {
      clearTimeout(queue.handle)
      queue.entries.length = 0 // also ends a `fire` in progress (clearAll called from a callback)
    }
    this.queues.clear()
  }

  arm(queue) {
    const wait = Math.min(MAX_WAIT_MS, Math.max(0, queue.entries[queue.head].at - performance.now()))
    queue.handle = setTimeout(() => this.fire(queue), wait)
    queue.handle.unref()
  }

  /** Runs the due entries of `queue` in order, then waits for the next one. */
  fire(queue) {
    queue.handle = undefined
    const { entries } = queue
    try {
      while (queue.head < entries.length && entries[queue.head].at <= performance.now()) {
        const entry = entries[queue.head++]
        const { fn, arg } = entry
        entry.fn = undefined
        entry.arg = undefined
        if (fn) fn(arg)
      }
    } finally {
      // Drop the run entries now and then, not on every fire (a shift per entry is O(n)).
      if (queue.head === entries.length) {
        entries.length = 0
        queue.head = 0
      } else if (queue.head >= 1024 && queue.head * 2 >= entries.length) {
        entries.splice(0, queue.head)
        queue.head = 0
      }
      // A callback may have armed the queue already (by setting a timer of this delay), or
      // closed the sandbox (clearAll), after which nothing is to run.
      const live = this.queues.get(queue.ms) === queue
      if (live && queue.head < entries.length && queue.handle === undefined) this.arm(queue)
    }
  }
}

module.exports = { Timers }
