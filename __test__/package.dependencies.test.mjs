// The package has no runtime npm dependency: importing it, its sandbox (TLS included), its
// compat modules or its CLI loads nothing from node_modules but the platform binary package.

import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))

test('package.json declares no runtime dependencies', () => {
  assert.deepEqual(Object.keys(pkg.dependencies ?? {}), [])
})

test('importing every entry, and starting a TLS sandbox, loads no npm package', () => {
  const script = `
    const entries = ['./index.js', './sandbox/index.js', './compat/index.js', './compat/access-token.js']
    for (const e of entries) require(e)
    require('./sandbox/index.js').startSandbox({ tls: true }).then(async (s) => {
      await s.close()
      const loaded = Object.keys(require.cache).filter((f) => f.includes('node_modules'))
      process.stdout.write(JSON.stringify(loaded))
    })`
  const out = execFileSync(process.execPath, ['-e', script], { cwd: new URL('..', import.meta.url), encoding: 'utf8' })
  assert.deepEqual(JSON.parse(out), [])
})
