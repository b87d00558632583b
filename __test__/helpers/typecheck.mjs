// Compiles TypeScript consumers with the project's tsc in a temporary
// directory and fails the test with tsc's own output.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = fileURLToPath(new URL('../..', import.meta.url))
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')

/**
 * @param {Record<string, string>} files name → source; every name is compiled
 * @param {object} compilerOptions
 * @param {(dir: string) => void} [prepare] runs first (links, copies)
 */
export function typecheck(files, compilerOptions, prepare = () => {}) {
  const dir = mkdtempSync(join(tmpdir(), 'typecheck-'))
  try {
    prepare(dir)
    for (const [name, source] of Object.entries(files)) writeFileSync(join(dir, name), source)
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: Object.keys(files) }))
    try {
      execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' })
    } catch (e) {
      assert.fail(e.stdout || e.message)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
