'use strict'
// `withFixedClock`: pins the issue time and salt of the tokens built inside a
// callback, because the original positional APIs have no place for them and tests
// (ours, and users' snapshot tests) need reproducible tokens.
const { typeError } = require('./errors')

let pinned = null

/**
 * Runs `fn` synchronously with `issueTs` (unix seconds, the builder's "now") and/or
 * `salt` fixed for every compat token it builds, then restores the random defaults.
 */
function withFixedClock(options, fn) {
  if (options === null || typeof options !== 'object') throw typeError('ERR_INVALID_ARG', 'withFixedClock options must be an object')
  if (typeof fn !== 'function') throw typeError('ERR_INVALID_ARG', 'withFixedClock needs a function')
  const previous = pinned
  pinned = { issueTs: options.issueTs, salt: options.salt }
  try {
    return fn()
  } finally {
    pinned = previous
  }
}

/** The pinned values, or {} (then the addon uses now and a fresh random salt). */
function clockFields() {
  if (pinned === null) return {}
  const out = {}
  if (pinned.issueTs !== undefined) out.issueTs = pinned.issueTs
  if (pinned.salt !== undefined) out.salt = pinned.salt
  return out
}

module.exports = { withFixedClock, clockFields }
