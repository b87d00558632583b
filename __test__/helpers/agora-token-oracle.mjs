// Runs the official agora-token builders with a pinned clock and salt, so
// their output can be compared with ours byte for byte after inflating.
import { createRequire } from 'node:module'
import { deflateSync, inflateSync } from 'node:zlib'

const require = createRequire(import.meta.url)
export const agoraToken = require('agora-token')
export const { AccessToken2 } = require('agora-token/src/AccessToken2')

/**
 * Calls `build()` while `new Date().getTime()` returns `issueTs` seconds and
 * `Math.random()` makes AccessToken2 draw exactly `salt`.
 */
export function withPinned(issueTs, salt, build) {
  const getTime = Date.prototype.getTime
  const random = Math.random
  Date.prototype.getTime = () => issueTs * 1000
  Math.random = () => (salt - 1 + 0.5) / 99999999
  try {
    return build()
  } finally {
    Date.prototype.getTime = getTime
    Math.random = random
  }
}

/** Inflated content of a 007 token. */
export function inflate007(token) {
  if (typeof token !== 'string' || !token.startsWith('007')) throw new Error(`not a 007 token: ${token}`)
  return inflateSync(Buffer.from(token.slice(3), 'base64'))
}

/** Length of the same content as zlib level 6 would make the token. */
export function level6Length(token) {
  return 3 + deflateSync(inflate007(token), { level: 6 }).toString('base64').length
}
