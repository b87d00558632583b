'use strict'
// Shared plumbing of the agora-convoai subcommands: flag parsing with usage errors
// (exit 2), uids, and output helpers. Credential flags are in flags.js.
const { parseArgs } = require('node:util')

const { EXIT, UsageError, INPUT_CODES } = require('./errors')
const { foldAliases } = require('./flags')

/**
 * node:util parseArgs in strict mode; `help` is always accepted. Unknown flags and
 * missing values become UsageErrors; alias spellings of the shared flags are folded into
 * their canonical names.
 */
function parse(argv, options, { positionals = false } = {}) {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: positionals,
      strict: true,
    })
  } catch (err) {
    throw new UsageError(err.message)
  }
  foldAliases(parsed.values)
  return parsed
}

/** A flag value that must be a whole number (seconds, salts, ports). */
function integerFlag(values, name) {
  const raw = values[name]
  if (raw === undefined) return undefined
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} must be a whole number, got ${JSON.stringify(raw)}`)
  return Number(raw)
}

/** Digits -> numeric uid; anything else -> user account. `--account` forces an account. */
function uidFrom(values) {
  if (values.uid !== undefined && values.account !== undefined) throw new UsageError('give --uid or --account, not both')
  if (values.account !== undefined) return values.account
  if (values.uid === undefined) throw new UsageError('missing --uid (a number; 0 = any user) or --account (a user account)')
  if (!/^\d+$/.test(values.uid)) throw new UsageError(`--uid must be a number (0..4294967295); for a string user account use --account`)
  return Number(values.uid)
}

/** A uid flag: digits -> numeric uid, anything else -> user account. */
const uidValue = (raw) => (/^\d+$/.test(raw) ? Number(raw) : raw)

/** A flag holding a JSON object (wire-format vendor objects, labels…), or undefined when absent. */
function jsonFlag(values, name) {
  if (values[name] === undefined) return undefined
  try {
    const value = JSON.parse(values[name])
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object')
    return value
  } catch {
    throw new UsageError(`--${name} must be a JSON object`)
  }
}

/** `object` without its undefined values (flags not given). */
function defined(object) {
  for (const key of Object.keys(object)) if (object[key] === undefined) delete object[key]
  return object
}

const out = (text = '') => process.stdout.write(`${text}\n`)
const err = (text = '') => process.stderr.write(`${text}\n`)
const printJson = (value) => out(JSON.stringify(value, null, 2))

module.exports = { EXIT, UsageError, INPUT_CODES, parse, integerFlag, uidFrom, uidValue, jsonFlag, defined, out, err, printJson }
