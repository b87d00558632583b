#!/usr/bin/env node
// Makes sure Agora's official Python SDK (agora-agents, pinned) is here for the tests that use it
// as a peer: __test__/telephony.python.test.mjs compares the client's `POST /call` body with the
// SDK's and drives the sandbox with the SDK. Installed from PyPI with
// `pip install --target target/tools/agora-agents-<version>` (nothing touches the system's Python),
// once; the tests put that folder on PYTHONPATH.
//
// As a script it installs and prints the folder (exit 1 when python3 is missing or pip fails);
// imported, `ensurePythonSdk()` returns `{ python, path }`, or `null` when there is no python3.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Pinned: the version whose wire format the tests compare against; bump deliberately. */
export const SDK_VERSION = '2.12.0'
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const SDK_DIR = join(ROOT, 'target', 'tools', `agora-agents-${SDK_VERSION}`)

/** The Python interpreter to use: $PYTHON, else python3 on PATH; null when there is none. */
export function findPython() {
  const python = process.env.PYTHON ?? 'python3'
  const probe = spawnSync(python, ['-c', 'import sys; assert sys.version_info >= (3, 8)'], { stdio: 'ignore' })
  return probe.status === 0 ? python : null
}

/** Whether SDK_DIR holds the pinned version (pip's record of it, and the package). */
function installed() {
  return existsSync(join(SDK_DIR, `agora_agents-${SDK_VERSION}.dist-info`)) && existsSync(join(SDK_DIR, 'agora_agent', 'telephony'))
}

/** Installs the SDK when needed; `{ python, path }`, or null without python3. Throws when pip fails. */
export function ensurePythonSdk({ quiet = true } = {}) {
  const python = findPython()
  if (!python) return null
  if (!installed()) {
    rmSync(SDK_DIR, { recursive: true, force: true })
    execFileSync(
      python,
      ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-input', '--target', SDK_DIR, `agora-agents==${SDK_VERSION}`],
      { stdio: quiet ? ['ignore', 'ignore', 'pipe'] : 'inherit', timeout: 10 * 60_000 },
    )
    if (!installed()) throw new Error(`pip finished but ${SDK_DIR} has no agora_agent ${SDK_VERSION}`)
  }
  return { python, path: SDK_DIR }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sdk = ensurePythonSdk({ quiet: false })
  if (!sdk) {
    console.error('python3 (3.8 or newer) is needed for the official-SDK tests: install it, or set PYTHON.')
    process.exit(1)
  }
  console.log(sdk.path)
}
