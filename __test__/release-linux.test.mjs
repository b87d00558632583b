// Checks the Linux release binaries made by `npm run build:linux`
// (scripts/build-linux.mjs): gnu needs no glibc symbol newer than 2.17, musl
// has no glibc dependency at all, each is built for the right CPU and fits the
// size budget. Re-reads the files with readelf rather than trusting the
// script's report. Skips, saying why, when the script has not been run.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'

import { LINUX_TARGETS, REPORT, ROOT } from '../scripts/build-linux.mjs'
import { GLIBC_FLOOR, inspectElf, releaseProblems } from '../scripts/elf-check.mjs'

const hasReadelf = (() => {
  try {
    execFileSync('readelf', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()
const report = existsSync(REPORT) ? JSON.parse(readFileSync(REPORT, 'utf8')) : null
const built = new Map((report?.results ?? []).map((r) => [r.triple, r]))
const binaryOf = (triple) => join(ROOT, built.get(triple).file)
const skipReason = (triple) => {
  if (!hasReadelf) return 'readelf (binutils) is not installed'
  if (!report) return `no ${REPORT}: run \`npm run build:linux\` first`
  if (!built.has(triple)) return `${triple} was not built by the last \`npm run build:linux\``
  if (!existsSync(binaryOf(triple))) return `${binaryOf(triple)} is gone: rerun \`npm run build:linux\``
  return false
}

for (const triple of LINUX_TARGETS) {
  test(`${triple}: glibc/musl linkage, CPU and size`, { skip: skipReason(triple) }, () => {
    const file = binaryOf(triple)
    const bytes = statSync(file).size
    const info = inspectElf(file)
    assert.deepEqual(releaseProblems(triple, info, bytes), [])
    if (triple.endsWith('-musl')) {
      assert.ok(info.needed.includes('libc.so'), `links musl's libc.so: ${info.needed}`)
      assert.deepEqual(info.glibcVersions, [])
    } else {
      assert.ok(info.needed.includes('libc.so.6'), `links glibc: ${info.needed}`)
      assert.ok(info.maxGlibc, 'asks for versioned glibc symbols')
      assert.ok(!info.glibcVersions.some((v) => v.split('.').map(Number)[1] > 17), `≤ GLIBC_${GLIBC_FLOOR}: ${info.glibcVersions}`)
    }
  })
}

// The x64 gnu binary can run here: prove the glibc-2.17 build is a working addon.
const hostTriple = 'x86_64-unknown-linux-gnu'
const canRun = process.platform === 'linux' && process.arch === 'x64' && (process.report.getReport().header.glibcVersionRuntime ?? false)
test('the zig-built x64 gnu binary loads and builds a token', { skip: skipReason(hostTriple) || (!canRun && 'host is not linux-x64-gnu') }, () => {
  const file = binaryOf(hostTriple)
  const out = execFileSync(
    process.execPath,
    [
      '-e',
      `
    const { buildRtcToken } = require(${JSON.stringify(new URL('../index.js', import.meta.url).pathname)})
    process.stdout.write(buildRtcToken({ appId: '970ca35de60c44645bbae8a215061b33', appCertificate: '5cfd2fd1755d40ecb72977518be15d3b', channelName: 'c', uid: 1 }))
  `,
    ],
    { env: { ...process.env, NAPI_RS_NATIVE_LIBRARY_PATH: file }, encoding: 'utf8' },
  )
  assert.match(out, /^007eJ/)
})
