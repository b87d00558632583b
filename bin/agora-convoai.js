#!/usr/bin/env node
'use strict'
// agora-convoai: tokens, the token inspector, Basic auth headers, the local sandbox, and
// ConvoAI agents, phone calls and phone numbers from the command line. Exit codes: 0 ok, 1 invalid/failed, 2 usage.
const { EXIT, UsageError, INPUT_CODES, out, err } = require('./lib/cli')

const COMMANDS = [
  require('./lib/token'),
  require('./lib/inspect'),
  require('./lib/basic'),
  require('./lib/sandbox'),
  require('./lib/webhook'),
  require('./lib/agent'),
  require('./lib/call'),
  require('./lib/numbers'),
  require('./lib/projects').projects,
  require('./lib/projects').checkCredentials,
]

const HELP = `Usage: agora-convoai <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.summary}`).join('\n')}

Run agora-convoai <command> --help for its options. Credentials come from flags
(--app-id, --app-certificate, --customer-id, --customer-secret, the same in every command)
or AGORA_APP_ID, AGORA_APP_CERTIFICATE, AGORA_CUSTOMER_ID, AGORA_CUSTOMER_SECRET.
--debug (anywhere before a lone --) prints the stack of a failure.
Exit codes: 0 ok, 1 invalid token or webhook / failed verification / API failure, 2 usage.`

/** `argv` without the global --debug flag, and whether it was there (flags end at a lone --). */
function takeDebug(argv) {
  const end = argv.indexOf('--')
  const flags = end === -1 ? argv : argv.slice(0, end)
  const debug = flags.includes('--debug')
  if (!debug) return { argv, debug }
  return { argv: [...flags.filter((a) => a !== '--debug'), ...(end === -1 ? [] : argv.slice(end))], debug }
}

async function main(rawArgv) {
  const { argv, debug } = takeDebug(rawArgv)
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out(HELP)
    return name === undefined ? EXIT.USAGE : EXIT.OK
  }
  const command = COMMANDS.find((c) => c.name === name)
  if (!command) {
    err(`agora-convoai: unknown command ${JSON.stringify(name)}\n\n${HELP}`)
    return EXIT.USAGE
  }
  try {
    return await command.run(rest)
  } catch (e) {
    if (e instanceof UsageError || INPUT_CODES.has(e.code)) {
      err(`agora-convoai ${name}: ${e.message}${e.code ? ` (${e.code})` : ''}`)
      err(`Run agora-convoai ${name} --help for usage.`)
      if (debug) err(e.stack)
      return EXIT.USAGE
    }
    // Coded errors of the addon never carry secrets (docs/tokens.md, "Errors"): code and
    // message, and with --debug the stack (made of the same message and code locations).
    err(`agora-convoai ${name}: ${e.code ? `${e.code}: ` : ''}${e.message}`)
    if (debug) err(e.stack)
    return EXIT.FAILED
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code
})
