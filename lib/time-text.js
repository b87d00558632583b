'use strict'
// Absolute times and "in 5m" / "3h ago", for the token report (CLI `inspect`, sandbox console)
// and the CLI's listings.

/** @type {Array<[string, number]>} */
const UNITS = [
  ['y', 365 * 86400],
  ['d', 86400],
  ['h', 3600],
  ['m', 60],
  ['s', 1],
]

/** 3725 -> "1h 2m" (the two largest units). */
function duration(seconds) {
  let rest = Math.abs(seconds)
  if (rest === 0) return '0s'
  const parts = []
  for (const [unit, size] of UNITS) {
    if (rest >= size && parts.length < 2) {
      parts.push(`${Math.floor(rest / size)}${unit}`)
      rest %= size
    }
  }
  return parts.join(' ')
}

/** "in 1h 2m" / "1h 2m ago" / "now". */
function relative(unix, now) {
  const delta = unix - now
  if (delta === 0) return 'now'
  return delta > 0 ? `in ${duration(delta)}` : `${duration(delta)} ago`
}

const iso = (unix) => new Date(unix * 1000).toISOString().replace('.000Z', 'Z')

const nowUnix = () => Math.floor(Date.now() / 1000)

module.exports = { duration, relative, iso, nowUnix }
