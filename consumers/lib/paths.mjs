// Where the consumer tests find the repo, its packed tarballs and the host's
// platform package name.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url))
export const PACKS = join(ROOT, 'target', 'consumers')
export const MANIFEST = join(PACKS, 'manifest.json')
export const rootPkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))

/** napi's platform suffix for this machine, e.g. 'linux-x64-gnu', 'darwin-arm64', 'win32-x64-msvc'. */
export function hostPlatform() {
  const base = `${process.platform}-${process.arch}`
  if (process.platform === 'win32') return `${base}-msvc`
  if (process.platform !== 'linux') return base
  return `${base}-${process.report.getReport().header.glibcVersionRuntime ? 'gnu' : 'musl'}`
}
