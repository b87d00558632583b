// Shared by the hostile-*.test.mjs files: client options aimed at a hostile server, and the
// checks every case ends with (a coded outcome, no panic text, bounded memory).
import assert from 'node:assert/strict'

import { MiB, PANIC_TEXT, runClient } from './run-client.mjs'

export const APP_ID = '0123456789abcdef0123456789abcdef'

/** Token-auth options for a client of `server` (no certificate: nothing to mint). */
export const optionsFor = (server, extra = {}) => ({ appId: APP_ID, authToken: '007hostile', baseUrl: server.url, maxRetries: 0, timeoutMs: 20_000, ...extra })

/** Peak RSS growth a single hostile answer may cause (issue 14's goal). */
export const MAX_GROWTH = 64 * MiB

/**
 * Runs `calls` in a child against `server` (after a warm-up call), asserts that nothing
 * panicked and that memory stayed within MAX_GROWTH, and returns the per-call results.
 */
export async function hostileCalls(server, calls, { options = {}, env, warmup = true } = {}) {
  const report = await runClient({ options: optionsFor(server, options), calls, warmup }, { env })
  assert.doesNotMatch(report.stderr, PANIC_TEXT)
  assert.ok(report.rssGrowthBytes <= MAX_GROWTH, `peak RSS grew by ${(report.rssGrowthBytes / MiB).toFixed(1)} MiB`)
  return report
}

/** The single result of a one-call job, with the report's RSS growth. */
export async function hostileCall(server, method, args = [], opts = {}) {
  const report = await hostileCalls(server, [{ method, args }], opts)
  return { ...report.results[0], rssGrowthBytes: report.rssGrowthBytes }
}
