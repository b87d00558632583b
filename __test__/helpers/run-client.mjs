// Runs ConvoAIClient calls in a child process (./client-process.mjs), so a test can measure the
// memory a hostile answer costs and see everything the addon prints, panics included.
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const CHILD = fileURLToPath(new URL('./client-process.mjs', import.meta.url))
/** A child that outlives this is killed: every case is bounded in time. */
const CHILD_TIMEOUT_MS = 60_000

/** Text a Rust panic prints (the hook's message, the backtrace hint, napi's async wrapper). */
export const PANIC_TEXT = /panicked|RUST_BACKTRACE|Panic in async|stack backtrace/i

export const MiB = 1024 * 1024

/**
 * @param {{ options: object, calls: { method: string, args?: unknown[] }[], warmup?: boolean }} job
 * @param {{ env?: Record<string, string> }} [extra] environment added to the child's
 * @returns {Promise<{ results: object[], rssGrowthBytes: number, stderr: string }>}
 */
export function runClient(job, { env = {} } = {}) {
  // Proxy variables of the parent must not leak into a case that does not set them.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/_proxy$/i.test(k) && k !== 'RUST_BACKTRACE'))
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [CHILD, JSON.stringify(job)],
      { env: { ...base, ...env }, timeout: CHILD_TIMEOUT_MS, maxBuffer: 4 * MiB },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`the client process failed (${error.signal ?? error.code}): ${stderr}`))
          return
        }
        try {
          resolve({ ...JSON.parse(stdout), stderr })
        } catch {
          reject(new Error(`the client process printed no report: ${stdout} ${stderr}`))
        }
      },
    )
  })
}
