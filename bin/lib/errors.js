'use strict'
// Exit codes and the usage error of the agora-convoai CLI (docs/cli.md).

/** Exit codes. */
const EXIT = Object.freeze({ OK: 0, FAILED: 1, USAGE: 2 })

/** Bad flags or arguments: printed with a pointer to --help, exit 2. */
class UsageError extends Error {}

// Codes of the addon meaning "the arguments you gave are not valid": a usage problem.
// Not among them: verdicts on what a command checked (ERR_INVALID_TOKEN, ERR_INVALID_SIGNATURE,
// ERR_INVALID_WEBHOOK), which exit 1 like API and network failures.
const INPUT_CODES = new Set([
  'ERR_INVALID_ARG',
  'ERR_INVALID_APP_ID',
  'ERR_INVALID_APP_CERTIFICATE',
  'ERR_INVALID_CHANNEL_NAME',
  'ERR_INVALID_UID',
  'ERR_INVALID_EXPIRE',
  'ERR_INSECURE_URL',
])

module.exports = { EXIT, UsageError, INPUT_CODES }
