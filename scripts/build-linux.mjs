#!/usr/bin/env node
// `npm run build:linux`: release builds of the four Linux binaries from any
// Linux x64 host, with cargo-zigbuild + zig instead of the host gcc:
//   - gnu is linked against glibc 2.17 (target suffix `.2.17`), so it loads on
//     Amazon Linux 2 / Lambda and every newer distro; a host build would need
//     the build machine's glibc (2.34+ here);
//   - musl is linked by zig against musl itself; the host linker would produce
//     a ".musl.node" that secretly needs glibc.
// Installs its own tools (ziglang from PyPI, cargo-zigbuild from crates.io,
// rustup std for the targets), checks every binary with readelf and writes
// target/napi-artifacts/linux-build.json (sizes, glibc floor, needed libs),
// which __test__/release-linux.test.mjs re-checks. The release workflow runs
// this same script, one `--target` per job.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

import { parseTriple } from '@napi-rs/cli'

import { GLIBC_FLOOR, inspectElf, releaseProblems } from './elf-check.mjs'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const TOOLS = join(ROOT, 'target', 'tools')
export const ARTIFACTS = join(ROOT, 'target', 'napi-artifacts')
export const REPORT = join(ARTIFACTS, 'linux-build.json')
export const LINUX_TARGETS = ['x86_64-unknown-linux-gnu', 'aarch64-unknown-linux-gnu', 'x86_64-unknown-linux-musl', 'aarch64-unknown-linux-musl']
// Pinned so a release is reproducible; bump deliberately.
const ZIGLANG_VERSION = '0.17.1'
const CARGO_ZIGBUILD_VERSION = '0.24.1'

const run = (cmd, args, opts = {}) => {
  console.log(`$ ${cmd} ${args.join(' ')}`)
  execFileSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...opts })
}
const quiet = (cmd, args, env) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], env })
  } catch {
    return null
  }
}

/** zig from the `ziglang` wheel, exposed as `zig` on PATH (napi's `-x` looks for it there). */
function ensureZig() {
  const pkgDir = join(TOOLS, 'ziglang')
  const bin = join(TOOLS, 'bin')
  const zig = join(bin, 'zig')
  if (!existsSync(join(pkgDir, 'ziglang', 'zig')) || quiet(zig, ['version'])?.trim() !== ZIGLANG_VERSION) {
    rmSync(pkgDir, { recursive: true, force: true })
    run('python3', ['-m', 'pip', 'install', '--quiet', '--target', pkgDir, `ziglang==${ZIGLANG_VERSION}`])
    mkdirSync(bin, { recursive: true })
    rmSync(zig, { force: true })
    symlinkSync(join(pkgDir, 'ziglang', 'zig'), zig)
  }
  return bin
}

function ensureCargoZigbuild() {
  const version = quiet('cargo-zigbuild', ['--version'])
  if (!version?.includes(CARGO_ZIGBUILD_VERSION)) {
    run('cargo', ['install', 'cargo-zigbuild', '--version', CARGO_ZIGBUILD_VERSION, '--locked'])
  }
}

function buildOne(triple, env) {
  const outDir = join(ARTIFACTS, `bindings-${triple}`)
  rmSync(outDir, { recursive: true, force: true })
  // cargo-zigbuild reads `.2.17` as the glibc version to link against.
  const zigTarget = triple.endsWith('-gnu') ? `${triple}.${GLIBC_FLOOR}` : triple
  const started = process.hrtime.bigint()
  // Same flags as `npm run build`; --no-js/-o keep the committed index.js and
  // index.d.ts untouched while others work in the tree.
  run('npx', ['napi', 'build', '--platform', '--release', '--no-const-enum', '--no-js', '--target', zigTarget, '-x', '-o', outDir], { env })
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const file = join(outDir, `agora-convoai-native.${parseTriple(triple).platformArchABI}.node`)
  const bytes = statSync(file).size
  const info = inspectElf(file)
  return { triple, file: file.slice(ROOT.length + 1), bytes, buildSeconds: Math.round(seconds), ...info, problems: releaseProblems(triple, info, bytes) }
}

function main() {
  const { values } = parseArgs({ options: { target: { type: 'string', multiple: true } } })
  const targets = values.target ?? LINUX_TARGETS
  const unknown = targets.filter((t) => !LINUX_TARGETS.includes(t))
  if (unknown.length) throw new Error(`unknown target(s) ${unknown.join(', ')}; known: ${LINUX_TARGETS.join(', ')}`)

  const zigBin = ensureZig()
  ensureCargoZigbuild()
  run('rustup', ['target', 'add', ...targets])
  const env = { ...process.env, PATH: `${zigBin}:${process.env.PATH}` }

  mkdirSync(ARTIFACTS, { recursive: true })
  const results = targets.map((t) => buildOne(t, env))
  // Keep earlier results for targets not rebuilt this time (one `--target` at a time works).
  const earlier = existsSync(REPORT) ? JSON.parse(readFileSync(REPORT, 'utf8')).results : []
  const merged = [...earlier.filter((r) => !targets.includes(r.triple)), ...results].sort(
    (a, b) => LINUX_TARGETS.indexOf(a.triple) - LINUX_TARGETS.indexOf(b.triple),
  )
  writeFileSync(REPORT, `${JSON.stringify({ results: merged }, null, 2)}\n`)

  console.log('\n| target | size | max GLIBC | needs |\n| --- | --- | --- | --- |')
  for (const r of results) {
    console.log(`| ${r.triple} | ${(r.bytes / 1048576).toFixed(2)} MiB (${r.bytes} B) | ${r.maxGlibc ?? 'none'} | ${r.needed.join(' ')} |`)
  }
  const bad = results.filter((r) => r.problems.length)
  for (const r of bad) console.error(`✗ ${r.triple}: ${r.problems.join('; ')}`)
  if (bad.length) process.exit(1)
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main()
