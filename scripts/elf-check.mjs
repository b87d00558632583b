// Reads the facts about a Linux .node file that decide whether it loads on
// the systems we promise: which shared libraries it needs, which glibc symbol
// versions it asks for, and which CPU it was built for. Uses binutils'
// `readelf`, which reads ELF files of any architecture (objdump on an x86 host
// may not know aarch64), so one host checks all four Linux binaries.
import { execFileSync } from 'node:child_process'

/** Highest glibc we may require: AWS Lambda's Amazon Linux 2 has 2.26, CentOS 7 2.17. */
export const GLIBC_FLOOR = '2.17'
/** Size budget per binary (issue 6): 4 MiB. */
export const MAX_BYTES = 4 * 1024 * 1024

const readelf = (args, file) => execFileSync('readelf', [...args, file], { encoding: 'utf8', maxBuffer: 64 << 20 })

/** Compares dotted versions numerically ('2.9' < '2.17'). */
export function compareVersions(a, b) {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d !== 0) return Math.sign(d)
  }
  return 0
}

/**
 * @returns {{ machine: string, needed: string[], glibcVersions: string[], maxGlibc: string | null, nodelete: boolean }}
 */
export function inspectElf(file) {
  const machine = /Machine:\s+(.+)/.exec(readelf(['-h'], file))?.[1].trim() ?? 'unknown'
  const dynamic = readelf(['-d', '-W'], file)
  const needed = [...dynamic.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1])
  // Version needs (.gnu.version_r) list every GLIBC_x.y the dynamic linker must provide.
  const glibcVersions = [...new Set([...readelf(['-V', '-W'], file).matchAll(/Name: GLIBC_([0-9.]+)/g)].map((m) => m[1]))]
  glibcVersions.sort(compareVersions)
  const nodelete = /\(FLAGS_1\).*\bNODELETE\b/.test(dynamic)
  return { machine, needed, glibcVersions, maxGlibc: glibcVersions.at(-1) ?? null, nodelete }
}

const EXPECTED_MACHINE = { x86_64: 'Advanced Micro Devices X86-64', aarch64: 'AArch64' }

/**
 * Checks one binary against the release rules; returns a list of problems (empty = fine).
 * @param {string} triple e.g. 'aarch64-unknown-linux-musl'
 */
export function releaseProblems(triple, info, bytes) {
  const problems = []
  const arch = triple.split('-')[0]
  if (info.machine !== EXPECTED_MACHINE[arch]) problems.push(`built for ${info.machine}, expected ${EXPECTED_MACHINE[arch]}`)
  if (triple.endsWith('-musl')) {
    // A "musl" build linked by the host's gcc needs glibc's libc.so.6 and loader; musl's is libc.so.
    const glibcLibs = info.needed.filter((lib) => /^libc\.so\.6$|^ld-linux|^libpthread|^libdl|^libm\.so\.6/.test(lib))
    if (glibcLibs.length) problems.push(`musl binary needs glibc libraries: ${glibcLibs.join(', ')}`)
    if (info.glibcVersions.length) problems.push(`musl binary asks for glibc symbol versions: ${info.glibcVersions.join(', ')}`)
  } else {
    if (info.maxGlibc && compareVersions(info.maxGlibc, GLIBC_FLOOR) > 0) problems.push(`needs GLIBC_${info.maxGlibc}, newer than ${GLIBC_FLOOR}`)
    // .cargo/config.toml links gnu with -z nodelete (workers may unload the addon).
    if (!info.nodelete) problems.push('not linked with -z nodelete')
  }
  if (bytes > MAX_BYTES) problems.push(`${bytes} bytes, over the ${MAX_BYTES}-byte budget`)
  return problems
}
