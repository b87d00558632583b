'use strict'

// The one eviction rule of the sandbox's bounded stores (agents, calls): entries are kept after
// they end, so queries still find them, until the store is full; then the entry that ended longest
// ago makes room, and when none has ended the new one is refused.

/**
 * Makes room in `kept` (a Map by agentId) for one more entry.
 *
 * @param {Map<string, { agentId: string }>} kept
 * @param {Set<{ agentId: string }>} ended the ended entries, in the order they ended
 * @param {number} max
 * @param {() => Error} full the error to throw when every kept entry is still live
 */
function makeRoom(kept, ended, max, full) {
  if (kept.size < max) return
  const oldest = ended.values().next().value
  if (oldest === undefined) throw full()
  ended.delete(oldest)
  kept.delete(oldest.agentId)
}

module.exports = { makeRoom }
