'use strict'
// Shared plumbing of the agora-convoai subcommands: flag parsing with usage errors
// (exit 2), credentials from flags or the environment, and output helpers.
const { parseArgs } = require('node:util')

/** Exit codes (README.md, "Command line"). */
const EXIT = Object.freeze({ OK: 0, FAILED: 1, USAGE: 2 })

/** Bad flags or arguments: printed with a pointer to --help, exit 2. */
class UsageError extends Error {}

// Codes of the addon meaning "the arguments you gave are not valid": a usage problem.
const INPUT_CODES = new Set([
  'ERR_INVALID_ARG',
  'ERR_INVALID_APP_ID',
  'ERR_INVALID_APP_CERTIFICATE',
  'ERR_INVALID_CHANNEL_NAME',
  'ERR_INVALID_UID',
  'ERR_INVALID_EXPIRE',
  'ERR_INSECURE_URL',
])

/**
 * node:util parseArgs in strict mode; `help` is always accepted. Unknown flags and
 * missing values become UsageErrors.
 */
function parse(argv, options, { positionals = false } = {}) {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: positionals,
      strict: true,
    })
  } catch (err) {
    throw new UsageError(err.message)
  }
}

/** A flag value that must be a whole number (seconds, salts, ports). */
function integerFlag(values, name) {
  const raw = values[name]
  if (raw === undefined) return undefined
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} must be a whole number, got ${JSON.stringify(raw)}`)
  return Number(raw)
}

/** `--flag` or the environment variable, else a usage error naming both. */
function credential(values, flag, envName, { required = true } = {}) {
  const value = values[flag] ?? process.env[envName]
  if (required && (value === undefined || value === '')) {
    throw new UsageError(`missing --${flag} (or set ${envName})`)
  }
  return value === '' ? undefined : value
}

/** Digits -> numeric uid; anything else -> user account. `--account` forces an account. */
function uidFrom(values) {
  if (values.uid !== undefined && values.account !== undefined) throw new UsageError('give --uid or --account, not both')
  if (values.account !== undefined) return values.account
  if (values.uid === undefined) throw new UsageError('missing --uid (a number; 0 = any user) or --account (a user account)')
  if (!/^\d+$/.test(values.uid)) throw new UsageError(`--uid must be a number (0..4294967295); for a string user account use --account`)
  return Number(values.uid)
}

const out = (text = '') => process.stdout.write(`${text}\n`)
const err = (text = '') => process.stderr.write(`${text}\n`)
const printJson = (value) => out(JSON.stringify(value, null, 2))

module.exports = { EXIT, UsageError, INPUT_CODES, parse, integerFlag, credential, uidFrom, out, err, printJson }
