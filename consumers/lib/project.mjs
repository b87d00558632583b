// A fresh consumer project in a temp folder: installs the packed tarball and
// the platform package (see prepare.mjs) plus any real npm dependencies the
// scenario needs, at the versions pinned in the repo's devDependencies.
import { execFile, spawn } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { npm } from './npm.mjs'
import { FIXTURES, MANIFEST, rootPkg } from './paths.mjs'

export const manifest = () => JSON.parse(readFileSync(MANIFEST, 'utf8'))

/**
 * @param {string} name scenario name (also the fixtures/<name> folder copied in, if any)
 * @param {{ deps?: string[], type?: 'module' | 'commonjs', fixture?: string }} [opts]
 */
export function createProject(name, { deps = [], type = 'module', fixture = name } = {}) {
  const m = manifest()
  const dir = mkdtempSync(join(tmpdir(), `agora-consumer-${name}-`))
  const dependencies = {
    [m.root.name]: `file:${m.root.tarball}`,
    [m.platform.name]: `file:${m.platform.tarball}`,
  }
  for (const dep of deps) {
    const version = rootPkg.devDependencies[dep]
    if (!version) throw new Error(`${dep} must be pinned in the repo's devDependencies`)
    dependencies[dep] = version
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `consumer-${name}`, private: true, type, dependencies }, null, 2))
  try {
    cpSync(join(FIXTURES, fixture), dir, { recursive: true })
  } catch (err) {
    if (err.code !== 'ENOENT') throw err
  }
  // --prefer-offline: after the repo's `npm ci` every pinned dependency is in npm's cache.
  npm(['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], dir)
  return {
    dir,
    /** Runs a command in the project; resolves { code, stdout, stderr } (never rejects on exit code). */
    run(cmd, args, { env = {}, timeout = 120_000 } = {}) {
      return new Promise((resolve) => {
        execFile(
          cmd,
          args,
          { cwd: dir, env: { ...process.env, ...env }, timeout, maxBuffer: 64 << 20, shell: process.platform === 'win32' },
          (err, stdout, stderr) => resolve({ code: err ? (err.code ?? 1) : 0, signal: err?.signal, stdout, stderr }),
        )
      })
    },
    /**
     * Starts a long-running command; `ready` resolves with the first stdout line matching `readyLine`
     * (rejects if the process exits first). Call `stop()` when done.
     */
    start(cmd, args, { env = {}, readyLine = /^\{/, readyTimeoutMs = 120_000 } = {}) {
      const child = spawn(cmd, args, { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' })
      let output = ''
      const ready = new Promise((resolve, reject) => {
        child.stdout.on('data', (chunk) => {
          output += chunk
          const line = output.split('\n').find((l) => readyLine.test(l))
          if (line) resolve(line)
        })
        child.stderr.on('data', (chunk) => (output += chunk))
        child.once('exit', (code) => reject(new Error(`${cmd} ${args.join(' ')} exited (${code}) before it was ready:\n${output}`)))
        setTimeout(() => reject(new Error(`${cmd} ${args.join(' ')} not ready after ${readyTimeoutMs} ms:\n${output}`)), readyTimeoutMs).unref()
      })
      const stop = () =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve()
          child.once('exit', resolve)
          child.kill('SIGTERM')
        })
      return { child, ready, stop, output: () => output }
    },
    /** Removes the folder unless KEEP_CONSUMERS=1 (for debugging a failure). */
    cleanup() {
      if (process.env.KEEP_CONSUMERS !== '1') rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Value exports declared in a .d.ts (functions, classes, consts), minus napi's `__` markers. */
export function declaredValueExports(dts) {
  const names = [...dts.matchAll(/^export declare (?:function|class|const|let|var|abstract class) ([A-Za-z_$][\w$]*)/gm)].map((m) => m[1])
  return [...new Set(names)].filter((n) => !n.startsWith('__')).sort()
}
