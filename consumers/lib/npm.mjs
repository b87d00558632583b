// Runs npm (npm.cmd on Windows) and returns its stdout; throws with npm's
// stderr on failure so a broken install says why.
import { execFileSync } from 'node:child_process'

export function npm(args, cwd, env = process.env) {
  try {
    return execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, {
      cwd,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: process.platform === 'win32',
      maxBuffer: 64 << 20,
    })
  } catch (err) {
    throw new Error(`npm ${args.join(' ')} failed in ${cwd}:\n${err.stderr || err.message}`)
  }
}
