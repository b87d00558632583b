'use strict'
// Argument checks of the compat builders. The originals pass whatever they get to
// Buffer.from / writeUInt32LE, which turns `undefined` into "undefined" or 0 and
// wrong App IDs into "" (see README.md, "Behaviour differences"). Here each argument is checked
// once, by its original name, so the error says which positional argument is wrong;
// the addon re-checks ranges and formats on its side.
const { typeError, rangeError } = require('./errors')

const U32_MAX = 0xffffffff

const isU32 = (v) => Number.isInteger(v) && v >= 0 && v <= U32_MAX

/** A relative (007) or absolute (006) time in seconds: an integer 0..2^32-1. */
function seconds(name, v) {
  if (typeof v !== 'number') throw typeError('ERR_INVALID_EXPIRE', `${name} must be a number of seconds`)
  if (!isU32(v)) throw rangeError('ERR_INVALID_EXPIRE', `${name} must be an integer in 0..4294967295`)
  return v
}

function channelName(v) {
  if (typeof v !== 'string') throw typeError('ERR_INVALID_CHANNEL_NAME', 'channelName must be a string')
  if (v === '') throw rangeError('ERR_INVALID_CHANNEL_NAME', 'channelName must not be empty')
  return v
}

/** An RTC uid or account as the originals pack it: 0 -> "" (any user), other numbers as decimal. */
function rtcAccount(name, v) {
  if (typeof v === 'string') return v
  if (typeof v !== 'number') throw typeError('ERR_INVALID_UID', `${name} must be a number or a string`)
  if (!isU32(v)) throw rangeError('ERR_INVALID_UID', `${name} must be an integer in 0..4294967295`)
  return v === 0 ? '' : String(v)
}

/** A user id that names someone (RTM login, Chat user, APaaS user): non-empty; numbers 1..2^32-1 as decimal. */
function userId(name, v) {
  if (typeof v === 'number') {
    if (!isU32(v) || v === 0) throw rangeError('ERR_INVALID_UID', `${name} must be an integer in 1..4294967295 or a string`)
    return String(v)
  }
  if (typeof v !== 'string') throw typeError('ERR_INVALID_UID', `${name} must be a string`)
  if (v === '') throw rangeError('ERR_INVALID_UID', `${name} must not be empty`)
  return v
}

/** Picks one of `allowed` (numbers only: the originals compare loosely or strictly, we do neither). */
function oneOf(name, v, allowed) {
  if (!allowed.includes(v)) {
    throw (typeof v === 'number' ? rangeError : typeError)('ERR_INVALID_ARG', `${name} must be one of ${allowed.join(', ')}`)
  }
  return v
}

module.exports = { seconds, channelName, rtcAccount, userId, oneOf }
