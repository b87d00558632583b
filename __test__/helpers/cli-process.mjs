// The agora-convoai binary run for real, for the CLI test files: one-shot commands, and the
// long-running `sandbox --json` (its first line parsed, later lines kept, stopped by SIGINT).
import { execFile, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const BIN = fileURLToPath(new URL('../../bin/agora-convoai.js', import.meta.url))
// The AGORA_* variables of the machine running the tests must not leak in.
export const CLEAN_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AGORA_')))

/** Runs `agora-convoai ...args`; resolves `{ code, stdout, stderr }`. */
export function cli(args, { env = {}, input } = {}) {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { env: { ...CLEAN_ENV, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? error.code : 0, stdout, stderr })
    })
    child.stdin.end(input ?? '')
  })
}

/**
 * Starts `agora-convoai sandbox --json …` (`json: false`: without --json): `info` is its first
 * line, parsed (as text without --json); `lines()` every stdout line so far; `stderr()` what it
 * printed there; `stop()` sends SIGINT and resolves its exit.
 */
export function startSandboxCli(args, { env = {}, json = true } = {}) {
  const argv = [BIN, 'sandbox', ...(json ? ['--json'] : []), ...args]
  const child = spawn(process.execPath, argv, { env: { ...CLEAN_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  let stdout = ''
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  const info = new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      stdout += d
      if (!stdout.includes('\n')) return
      const first = stdout.slice(0, stdout.indexOf('\n'))
      resolve(json ? JSON.parse(first) : first)
    })
    exited.then(({ code }) => reject(new Error(`sandbox exited early (${code}): ${stderr}`)))
  })
  return {
    info,
    lines: () => stdout.split('\n').filter((line) => line !== ''),
    stderr: () => stderr,
    stop: () => (child.kill('SIGINT'), exited),
  }
}
