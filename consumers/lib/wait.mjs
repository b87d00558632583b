// Polls until `check` returns a truthy value (bounded by attempts, so a broken
// consumer fails instead of hanging); returns that value.
import { setTimeout as sleep } from 'node:timers/promises'

export async function waitFor(check, { attempts = 100, intervalMs = 100, what = 'condition' } = {}) {
  let last
  for (let i = 0; i < attempts; i++) {
    try {
      const value = await check()
      if (value) return value
    } catch (err) {
      last = err
    }
    await sleep(intervalMs)
  }
  throw new Error(`gave up waiting for ${what}${last ? `: ${last.message}` : ''}`)
}
