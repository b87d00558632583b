// The dedupe helper and its in-memory store: one claim per noticeId per TTL,
// a bounded store, and a store interface a shared store (Redis) can fill.

import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { test } from 'node:test'

const require = createRequire(import.meta.url)
const { createWebhookDedupe, createMemoryDedupeStore } = require('../lib/webhooks/index.js')

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  const clock = { now: start, read: () => clock.now }
  return clock
}

test('a noticeId is claimed once per TTL, then again after it', async () => {
  const clock = manualClock()
  const dedupe = createWebhookDedupe({ store: createMemoryDedupeStore({ now: clock.read }), ttlMs: 1000 })
  assert.equal(await dedupe.claim('n1'), true)
  assert.equal(await dedupe.claim('n1'), false)
  assert.equal(await dedupe.claim('n2'), true)
  clock.now += 999
  assert.equal(await dedupe.claim('n1'), false)
  clock.now += 1
  assert.equal(await dedupe.claim('n1'), true)
  assert.equal(await dedupe.claim('n1'), false)
})

test('the memory store holds at most maxEntries keys, dropping the oldest and the expired', () => {
  const clock = manualClock()
  const store = createMemoryDedupeStore({ maxEntries: 3, now: clock.read })
  for (const key of ['a', 'b', 'c', 'd']) assert.equal(store.setIfAbsent(key, 10_000), true)
  assert.equal(store.size, 3)
  // 'a' was dropped to make room; 'b'..'d' are still held.
  assert.equal(store.setIfAbsent('b', 10_000), false)
  assert.equal(store.setIfAbsent('a', 10_000), true)
  clock.now += 5_000
  assert.equal(store.setIfAbsent('e', 10_000), true)
  assert.equal(store.size, 3)
  // Everything but 'e' has expired: the next write sweeps it out.
  clock.now += 5_000
  assert.equal(store.setIfAbsent('f', 10_000), true)
  assert.equal(store.size, 2)
  assert.equal(store.setIfAbsent('e', 10_000), false)
  for (let i = 0; i < 10_000; i++) store.setIfAbsent(`k${i}`, 10_000)
  assert.equal(store.size, 3)
})

test('the default store is bounded to 10000 keys and the default TTL is 24 h', async () => {
  const store = createMemoryDedupeStore()
  for (let i = 0; i < 10_050; i++) store.setIfAbsent(`k${i}`, 60_000)
  assert.equal(store.size, 10_000)
  assert.equal(createWebhookDedupe().ttlMs, 24 * 60 * 60 * 1000)
})

test("a store's answer counts when truthy, as Redis' SET NX answers ('OK' or null)", async () => {
  const seen = new Map()
  const calls = []
  const redisLike = {
    async setIfAbsent(key, ttlMs) {
      calls.push([key, ttlMs])
      if (seen.has(key)) return null
      seen.set(key, ttlMs)
      return 'OK'
    },
  }
  const dedupe = createWebhookDedupe({ store: redisLike, ttlMs: 5000 })
  assert.equal(await dedupe.claim('x'), true)
  assert.equal(await dedupe.claim('x'), false)
  assert.deepEqual(calls, [
    ['x', 5000],
    ['x', 5000],
  ])
})

test('arguments are checked', async () => {
  for (const options of [null, 5, { ttlMs: 0 }, { ttlMs: 1.5 }, { store: {} }, { store: { setIfAbsent: 1 } }]) {
    assert.throws(
      () => createWebhookDedupe(options),
      (e) => e.code === 'ERR_INVALID_ARG',
      JSON.stringify(options),
    )
  }
  assert.throws(
    () => createMemoryDedupeStore({ maxEntries: 0 }),
    (e) => e.code === 'ERR_INVALID_ARG',
  )
  const dedupe = createWebhookDedupe()
  for (const noticeId of ['', undefined, 5]) {
    await assert.rejects(dedupe.claim(noticeId), (e) => e.code === 'ERR_INVALID_ARG')
  }
})
