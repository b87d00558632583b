// Interleaved micro-benchmark: rounds alternate between the contenders so
// that CPU frequency changes and background load hit both alike. Reports the
// median round's ops/s.

/** Runs `fn` `n` times and returns ops/s. */
function round(fn, n) {
  const start = process.hrtime.bigint()
  for (let i = 0; i < n; i++) fn(i)
  const ns = Number(process.hrtime.bigint() - start)
  return (n * 1e9) / ns
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/**
 * @param {Record<string, (i: number) => unknown>} contenders
 * @returns {Record<string, number>} median ops/s per contender
 */
export function compare(contenders, { rounds = 15, targetMs = 150 } = {}) {
  const names = Object.keys(contenders)
  const sizes = {}
  for (const name of names) {
    // Warm up and size a round to roughly targetMs.
    const calibration = round(contenders[name], 2000)
    sizes[name] = Math.max(1000, Math.round((calibration * targetMs) / 1000))
  }
  const results = Object.fromEntries(names.map((n) => [n, []]))
  for (let r = 0; r < rounds; r++) {
    for (const name of r % 2 ? [...names].reverse() : names) results[name].push(round(contenders[name], sizes[name]))
  }
  return Object.fromEntries(names.map((n) => [n, median(results[n])]))
}

export const fmt = (n) => Math.round(n).toLocaleString('en-US')
