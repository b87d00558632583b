// A fresh project installs the packed tarball + platform package and loads
// every export of every subpath with require() and import, and runs the bin.
import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { consoleFiles } from '../__test__/helpers/console-files.mjs'
import { createProject, declaredValueExports } from './lib/project.mjs'

const repo = createRequire(import.meta.url)('../index.js')
let project, pkgDir, specifiers, declared

before(() => {
  project = createProject('modules')
  pkgDir = join(project.dir, 'node_modules', 'agora-convoai-native')
  const installed = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'))
  const subpaths = Object.keys(installed.exports).filter((k) => k !== './package.json')
  specifiers = subpaths.map((k) => (k === '.' ? 'agora-convoai-native' : `agora-convoai-native/${k.slice(2)}`))
  // The d.ts each subpath ships is the list of what it must export at runtime.
  declared = Object.fromEntries(subpaths.map((k, i) => [specifiers[i], declaredValueExports(readFileSync(join(pkgDir, installed.exports[k].types), 'utf8'))]))
})
after(() => project?.cleanup())

test('the tarball installs without a binary; the platform package provides it', () => {
  assert.deepEqual(
    readdirSync(pkgDir).filter((f) => f.endsWith('.node')),
    [],
  )
  const platformDir = readdirSync(join(project.dir, 'node_modules')).filter((d) => d.startsWith('agora-convoai-native-'))
  assert.equal(platformDir.length, 1)
  assert.ok(readdirSync(join(project.dir, 'node_modules', platformDir[0])).some((f) => f.endsWith('.node')))
  for (const s of ['agora-convoai-native', 'agora-convoai-native/compat', 'agora-convoai-native/compat/access-token', 'agora-convoai-native/sandbox']) {
    assert.ok(specifiers.includes(s), `${s} is exported`)
    assert.ok(declared[s].length > 0, `${s} declares exports`)
  }
})

for (const [label, file] of [
  ['CommonJS require', 'require-all.cjs'],
  ['ESM import', 'import-all.mjs'],
]) {
  test(`${label} of every export of every subpath`, async () => {
    const r = await project.run(process.execPath, [file, ...specifiers])
    assert.equal(r.code, 0, r.stderr)
    const out = JSON.parse(r.stdout)
    for (const s of specifiers) {
      const missing = declared[s].filter((n) => !out.exports[s].includes(n))
      assert.deepEqual(missing, [], `${s}: declared in its .d.ts but not exported via ${label}`)
    }
    assert.ok(out.resolved.includes(project.dir.split(/[\\/]/).pop()), `resolved inside the consumer project: ${out.resolved}`)
    assert.match(out.token, /^007/)
    assert.equal(repo.verifyToken(out.token, '5cfd2fd1755d40ecb72977518be15d3b'), true)
    assert.ok(['TypeError', 'RangeError'].includes(out.error.name))
    assert.match(out.error.code, /^ERR_INVALID_(APP_ID|CHANNEL_NAME)$/)
  })
}

test('ESM named exports equal the .d.ts value exports exactly', async () => {
  const r = await project.run(process.execPath, ['import-all.mjs', ...specifiers])
  const out = JSON.parse(r.stdout)
  for (const s of specifiers) assert.deepEqual(out.exports[s], declared[s], s)
})

test('the agora-convoai bin runs through npx', async () => {
  assert.ok(existsSync(join(project.dir, 'node_modules', '.bin', process.platform === 'win32' ? 'agora-convoai.cmd' : 'agora-convoai')))
  const help = await project.run('npx', ['--no-install', 'agora-convoai', '--help'])
  assert.equal(help.code, 0, help.stderr)
  assert.match(help.stdout + help.stderr, /token/)
  const basic = await project.run('npx', ['--no-install', 'agora-convoai', 'basic', 'demo-customer', 'demo-secret'])
  assert.equal(basic.code, 0, basic.stderr)
  assert.ok(basic.stdout.includes(repo.basicAuthHeader('demo-customer', 'demo-secret')), basic.stdout)
})

test('the packed sandbox serves its web console: the page and every file it loads are in the tarball', async () => {
  const bin = join(pkgDir, 'bin', 'agora-convoai.js')
  const sandbox = project.start(process.execPath, [bin, 'sandbox', '--json'])
  try {
    const { url, consoleUrl } = JSON.parse(await sandbox.ready)
    assert.equal(consoleUrl, `${url}/`)
    const { html, files } = await consoleFiles(url)
    assert.match(html, /<title>ConvoAI sandbox console<\/title>/)
    assert.ok(files.size >= 3, [...files.keys()].join(', '))
    for (const [path, file] of files) assert.equal(file.status, 200, path)
  } finally {
    await sandbox.stop()
  }
})
