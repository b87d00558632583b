'use strict'
// `agora-convoai basic <customerId> <customerSecret>`: prints the Basic auth header.
const { basicAuthHeader } = require('../../index.js')
const { EXIT, UsageError, parse, out } = require('./cli')

const HELP = `Usage: agora-convoai basic [CUSTOMER_ID CUSTOMER_SECRET]

Prints the value of the Authorization header for Agora's RESTful APIs:
'Basic ' + base64(customerId + ':' + customerSecret).
Without arguments the pair comes from $AGORA_CUSTOMER_ID and $AGORA_CUSTOMER_SECRET
(prefer them: command lines are visible to other users of the machine).

Exit codes: 0 ok, 2 usage or invalid arguments.`

function run(argv) {
  const { values, positionals } = parse(argv, {}, { positionals: true })
  if (values.help) {
    out(HELP)
    return EXIT.OK
  }
  if (positionals.length !== 0 && positionals.length !== 2)
    throw new UsageError('basic takes CUSTOMER_ID and CUSTOMER_SECRET, or neither (then the environment)')
  const [id, secret] = positionals.length ? positionals : [process.env.AGORA_CUSTOMER_ID, process.env.AGORA_CUSTOMER_SECRET]
  if (!id || !secret) throw new UsageError('missing customer ID/secret: pass both or set AGORA_CUSTOMER_ID and AGORA_CUSTOMER_SECRET')
  out(basicAuthHeader(id, secret))
  return EXIT.OK
}

module.exports = { name: 'basic', summary: 'basic ID SECRET     print the Basic auth header for Agora REST APIs', HELP, run }
