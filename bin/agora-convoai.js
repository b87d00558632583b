#!/usr/bin/env node
'use strict'
// agora-convoai: tokens, the token inspector, Basic auth headers, the local sandbox, and
// ConvoAI agents from the command line. Exit codes: 0 ok, 1 invalid/failed, 2 usage.
const { EXIT, UsageError, INPUT_CODES, out, err } = require('./lib/cli')

const COMMANDS = [
  require('./lib/token'),
  require('./lib/inspect'),
  require('./lib/basic'),
  require('./lib/sandbox'),
  require('./lib/agent'),
  require('./lib/projects').projects,
  require('./lib/projects').checkCredentials,
]

const HELP = `Usage: agora-convoai <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.summary}`).join('\n')}

Run agora-convoai <command> --help for its options. Credentials come from flags or
AGORA_APP_ID, AGORA_APP_CERTIFICATE, AGORA_CUSTOMER_ID, AGORA_CUSTOMER_SECRET.
Exit codes: 0 ok, 1 invalid token / failed verification / API failure, 2 usage.`

async function main(argv) {
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
      return EXIT.USAGE
    }
    // Coded errors of the addon never carry secrets (api.md §1); print code and message only.
    err(`agora-convoai ${name}: ${e.code ? `${e.code}: ` : ''}${e.message}`)
    return EXIT.FAILED
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code
})
