// TypeScript 5 consumer: the shipped .d.ts files compile under strict +
// isolatedModules (skipLibCheck off, so the package's own types are checked)
// with moduleResolution node16 and bundler, and a wrong call is rejected.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'

import { FIXTURES } from './lib/paths.mjs'
import { createProject, declaredValueExports } from './lib/project.mjs'

let project
before(() => {
  project = createProject('typescript', { deps: ['typescript', '@types/node'] })
})
after(() => project?.cleanup())

const tsc = (config) => project.run(process.execPath, [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', config, '--pretty', 'false'])

test('the usage file names every value export of every entry point', () => {
  const usage = readFileSync(join(FIXTURES, 'typescript', 'usage.ts'), 'utf8')
  const pkgDir = join(project.dir, 'node_modules', 'agora-convoai-native')
  const { exports } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'))
  for (const [subpath, entry] of Object.entries(exports)) {
    if (subpath === './package.json') continue
    for (const name of declaredValueExports(readFileSync(join(pkgDir, entry.types), 'utf8'))) {
      assert.match(usage, new RegExp(`\\b${name}\\b`), `usage.ts uses ${name} from ${subpath}`)
    }
  }
})

for (const resolution of ['node16', 'bundler']) {
  test(`compiles with strict + isolatedModules, moduleResolution ${resolution}`, async () => {
    const r = await tsc(`tsconfig.${resolution}.json`)
    assert.equal(r.code, 0, r.stdout + r.stderr)
    assert.equal(r.stdout.trim(), '')
  })
}

test('wrong calls fail to compile with the expected errors', async () => {
  const r = await tsc('tsconfig.wrong.json')
  assert.notEqual(r.code, 0)
  const errors = [...r.stdout.matchAll(/^wrong\.ts\((\d+),\d+\): error (TS\d+): (.*)$/gm)].map(([, line, code, msg]) => ({ line: Number(line), code, msg }))
  const at = (line) => errors.filter((e) => e.line === line)
  assert.equal(at(6)[0]?.code, 'TS2345', r.stdout)
  assert.match(r.stdout, /Property 'appCertificate' is missing/)
  assert.equal(at(8)[0]?.code, 'TS2322', r.stdout)
  assert.match(at(8)[0].msg, /"admin"/)
  assert.equal(at(10)[0]?.code, 'TS2322', r.stdout)
  assert.equal(at(12)[0]?.code, 'TS2554', r.stdout)
  assert.equal(at(14)[0]?.code, 'TS2322', r.stdout)
  assert.equal(at(16)[0]?.code, 'TS2345', r.stdout)
  assert.match(r.stdout, /Property 'remoteUids' is missing/)
  assert.deepEqual(
    [...new Set(errors.map((e) => e.line))].sort((a, b) => a - b),
    [6, 8, 10, 12, 14, 16],
  )
})
