// The release workflow cannot run here, so these tests hold it to what can be
// checked locally: it parses, it builds and tests every target in
// package.json `napi.targets`, and every command it runs is one of the local
// npm scripts (so a green local run means the same commands).
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'

import { parseDocument } from 'yaml'

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
const source = readFileSync(new URL('../.github/workflows/CI.yml', import.meta.url), 'utf8')
const doc = parseDocument(source, { uniqueKeys: true, strict: true, prettyErrors: true })
const wf = doc.toJS()
const linux = (t) => t.includes('-linux-')
const runSteps = (job) => (job.steps ?? []).filter((s) => s.run).map((s) => s.run)

test('CI.yml is valid YAML with the expected jobs', () => {
  assert.deepEqual(doc.errors, [])
  assert.deepEqual(doc.warnings, [])
  assert.deepEqual(Object.keys(wf.jobs).sort(), ['build', 'lint', 'publish', 'test-consumers', 'test-linux', 'test-macos-windows'])
  for (const [name, job] of Object.entries(wf.jobs)) {
    assert.ok(job['runs-on'], `${name} has runs-on`)
    assert.ok(job.steps.length > 0, `${name} has steps`)
    for (const step of job.steps) assert.ok(step.uses || step.run, `${name}: every step uses or runs something`)
  }
})

test('the build matrix covers exactly napi.targets, with the local build commands', () => {
  const settings = wf.jobs.build.strategy.matrix.settings
  assert.deepEqual(settings.map((s) => s.target).sort(), [...pkg.napi.targets].sort())
  for (const s of settings) {
    if (linux(s.target)) {
      assert.equal(s.build, `npm run build:linux -- --target ${s.target}`)
      assert.equal(s.output, `target/napi-artifacts/bindings-${s.target}`)
    } else {
      assert.equal(s.build, `npm run build -- --target ${s.target}`)
      assert.equal(s.output, '.')
    }
  }
})

test('every npm script the workflow runs exists in package.json', () => {
  const used = new Set()
  for (const job of Object.values(wf.jobs)) {
    const commands = [...runSteps(job), ...(job.strategy?.matrix?.settings ?? []).map((s) => s.build).filter(Boolean)]
    for (const cmd of commands) for (const m of cmd.matchAll(/npm run ([\w:-]+)/g)) used.add(m[1])
  }
  assert.ok(used.size >= 4, `found ${[...used]}`)
  for (const name of used) assert.ok(pkg.scripts[name], `package.json has script "${name}"`)
})

test('built binaries are tested on Linux gnu + Alpine, macOS, Windows, Node 20/22/24', () => {
  const linuxJob = wf.jobs['test-linux']
  assert.deepEqual(linuxJob.strategy.matrix.node, ['20', '22', '24'])
  const include = linuxJob.strategy.matrix.include
  assert.deepEqual(include.map((i) => i.target).sort(), pkg.napi.targets.filter(linux).sort())
  for (const i of include) assert.equal(i.image, i.target.endsWith('-musl') ? 'alpine' : 'slim')
  assert.ok(runSteps(linuxJob).some((r) => r.includes('node --test __test__/')))

  const other = wf.jobs['test-macos-windows']
  assert.deepEqual(other.strategy.matrix.node, ['20', '22', '24'])
  const hosts = other.strategy.matrix.settings.map((s) => s.host).join(' ')
  assert.match(hosts, /macos/)
  assert.match(hosts, /windows/)
  assert.ok(runSteps(other).includes('node --test __test__/'))
  assert.ok(runSteps(wf.jobs['test-consumers']).includes('npm run test:consumers'))
})

test('publish runs only on version tags, after every test, with provenance', () => {
  const pub = wf.jobs.publish
  assert.match(pub.if, /startsWith\(github\.ref, 'refs\/tags\/v'\)/)
  assert.deepEqual([...pub.needs].sort(), ['lint', 'test-consumers', 'test-linux', 'test-macos-windows'])
  assert.equal(pub.permissions['id-token'], 'write')
  const script = runSteps(pub).join('\n')
  assert.match(script, /napi artifacts -d artifacts --npm-dir npm/)
  assert.match(script, /napi prepublish -t npm/)
  assert.match(script, /npm publish --provenance/)
  const env = pub.steps.find((s) => s.run?.includes('npm publish')).env
  assert.equal(env.NPM_CONFIG_PROVENANCE, 'true')
})
