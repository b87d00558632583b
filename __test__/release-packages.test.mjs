// The per-platform packages under npm/ (from `napi create-npm-dirs`): one per
// target, each restricted by os/cpu/libc so npm installs only the matching
// one, with a wide engines floor (npm silently skips an optional package whose
// engines do not match the running Node, leaving "Cannot find native binding").
import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { test } from 'node:test'

import { parseTriple } from '@napi-rs/cli'

const root = new URL('../', import.meta.url)
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'))
const readPlatform = (dir) => JSON.parse(readFileSync(new URL(`npm/${dir}/package.json`, root), 'utf8'))

test('one npm/<platform> package per napi target, and no strays', () => {
  const expected = pkg.napi.targets.map((t) => parseTriple(t).platformArchABI).sort()
  const present = readdirSync(new URL('npm/', root)).filter((d) => existsSync(new URL(`npm/${d}/package.json`, root)))
  assert.deepEqual(present.sort(), expected)
  for (const required of [
    'linux-x64-gnu',
    'linux-arm64-gnu',
    'linux-x64-musl',
    'linux-arm64-musl',
    'darwin-x64',
    'darwin-arm64',
    'win32-x64-msvc',
    'win32-arm64-msvc',
  ]) {
    assert.ok(expected.includes(required), `${required} is a target`)
  }
})

for (const triple of pkg.napi.targets) {
  const { platformArchABI, platform, arch, abi } = parseTriple(triple)
  test(`npm/${platformArchABI} matches ${triple}`, () => {
    const p = readPlatform(platformArchABI)
    const binary = `${pkg.napi.binaryName}.${platformArchABI}.node`
    assert.equal(p.name, `${pkg.name}-${platformArchABI}`)
    assert.equal(p.version, pkg.version, 'released in lockstep with the root package')
    assert.deepEqual(p.os, [platform])
    assert.deepEqual(p.cpu, [arch])
    if (platform === 'linux') assert.deepEqual(p.libc, [abi === 'musl' ? 'musl' : 'glibc'])
    else assert.equal(p.libc, undefined)
    assert.equal(p.main, binary)
    assert.deepEqual(p.files, [binary])
    assert.equal(p.license, pkg.license)
    assert.deepEqual(p.repository, pkg.repository, 'provenance needs the repository field')
    assert.deepEqual(p.engines, pkg.engines)
  })
}

test('engines is one wide floor that every tested Node satisfies', () => {
  const floor = /^>=\s*(\d+)$/.exec(pkg.engines.node)
  assert.ok(floor, `engines.node is a plain ">= N" floor, got ${pkg.engines.node}`)
  assert.ok(Number(floor[1]) <= 20, 'CI tests Node 20, 22 and 24')
})

test('the root package ships no binary and lists no stale optionalDependencies', () => {
  // optionalDependencies are written by `napi prepublish` at release time only.
  assert.equal(pkg.optionalDependencies, undefined)
  assert.ok(!pkg.files.some((f) => f.endsWith('.node')))
})
