'use strict'

// Duplicate deliveries: Agora may deliver a notification more than once
// (a retry after a lost answer), always with the same noticeId. A dedupe
// claims each noticeId once per TTL in a store: in memory by default, or a
// shared one (Redis `SET key 1 NX PX ttl`, say) when several instances
// receive notifications.
const { typeError, rangeError } = require('../../compat/lib/errors.js')

const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000
const DEFAULT_MAX_ENTRIES = 10_000

function positiveInteger(value, fallback, name) {
  if (value === undefined) return fallback
  if (!Number.isSafeInteger(value) || value < 1) throw rangeError('ERR_INVALID_ARG', `${name} must be a positive integer`)
  return value
}

/**
 * A store of keys that expire, bounded to `maxEntries` (the oldest go first).
 * @param {{ maxEntries?: number, now?: () => number }} [options] `now`: the clock, for tests
 */
function createMemoryDedupeStore(options = {}) {
  const maxEntries = positiveInteger(options.maxEntries, DEFAULT_MAX_ENTRIES, 'maxEntries')
  const now = options.now ?? Date.now
  // key → expiry. A Map iterates in insertion order, and every key is
  // (re)inserted when set, so with one TTL the front holds the next to expire.
  const expiries = new Map()
  return {
    setIfAbsent(key, ttlMs) {
      const at = now()
      const expiry = expiries.get(key)
      if (expiry !== undefined && expiry > at) return false
      expiries.delete(key)
      expiries.set(key, at + ttlMs)
      for (const [oldKey, oldExpiry] of expiries) {
        if (oldExpiry > at && expiries.size <= maxEntries) break
        expiries.delete(oldKey)
      }
      return true
    },
    get size() {
      return expiries.size
    },
  }
}

/**
 * @param {{ store?: { setIfAbsent(key: string, ttlMs: number): unknown }, ttlMs?: number }} [options] setIfAbsent: truthy (or a promise of it) when `key` was absent and is now set
 */
function createWebhookDedupe(options = {}) {
  if (typeof options !== 'object' || options === null) throw typeError('ERR_INVALID_ARG', 'options must be an object')
  const ttlMs = positiveInteger(options.ttlMs, DEFAULT_TTL_MS, 'ttlMs')
  const store = options.store ?? createMemoryDedupeStore()
  if (typeof store?.setIfAbsent !== 'function') {
    throw typeError('ERR_INVALID_ARG', 'store must have a setIfAbsent(key, ttlMs) method')
  }
  return {
    ttlMs,
    /** True the first time `noticeId` is claimed within `ttlMs`, false for a repeat. */
    async claim(noticeId) {
      if (typeof noticeId !== 'string' || noticeId === '') throw typeError('ERR_INVALID_ARG', 'noticeId must be a non-empty string')
      // Truthy when set: Redis' own `SET NX` answer ('OK' or null) works as is.
      return Boolean(await store.setIfAbsent(noticeId, ttlMs))
    },
  }
}

module.exports = { createWebhookDedupe, createMemoryDedupeStore }
