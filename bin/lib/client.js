'use strict'
// Client options shared by `agent`, `projects` and `check-credentials`: flags or the
// environment, in the shape of the addon's ClientOptions (api.md §3).
const { readFileSync } = require('node:fs')
const addon = require('../../index.js')
const { EXIT, UsageError, parse, integerFlag, out, printJson } = require('./cli')
const { sharedOptions, sharedHelp, sharedValue } = require('./flags')

const CREDENTIALS = ['base-url', 'app-id', 'app-certificate', 'customer-id', 'customer-secret']

const CLIENT_OPTIONS = {
  ...sharedOptions(CREDENTIALS),
  region: { type: 'string' },
  'timeout-ms': { type: 'string' },
  'max-retries': { type: 'string' },
  'ca-file': { type: 'string', multiple: true },
}

const CLIENT_HELP = `${sharedHelp(CREDENTIALS, { 'app-certificate': 'token auth with the App Certificate' })}
  --region R               global (default), us, eu, ap or cn
  --timeout-ms MS          per attempt (default 30000)
  --max-retries N          default 2
  --ca-file PEM            extra trusted root certificate (repeatable), e.g. a TLS sandbox's CA`

/** The end of the help of a command of actions (runActions): --json, the client flags, exit codes. */
const COMMAND_FOOTER = `common:
  --json                   print the API result as JSON
${CLIENT_HELP}

Exit codes: 0 ok, 1 API or network failure, 2 usage.`

/** ClientOptions from flags/env; `basicOnly` drops the certificate (Console API). */
function clientOptions(values, { basicOnly = false } = {}) {
  const options = {
    // ClientOptions.appId is required by the addon even for the Console API.
    appId: sharedValue(values, 'app-id', { required: true }),
    customerId: sharedValue(values, 'customer-id', { required: basicOnly }),
    customerSecret: sharedValue(values, 'customer-secret', { required: basicOnly }),
    appCertificate: basicOnly ? undefined : sharedValue(values, 'app-certificate'),
    region: values.region,
    baseUrl: values['base-url'],
    timeoutMs: integerFlag(values, 'timeout-ms'),
    maxRetries: integerFlag(values, 'max-retries'),
    caCertificates: values['ca-file']?.map((file) => readFileSync(file, 'utf8')),
  }
  if (!basicOnly && !options.appCertificate && !(options.customerId && options.customerSecret)) {
    throw new UsageError(
      'no credentials: give --app-certificate (token auth) or --customer-id and --customer-secret (Basic auth), or set the AGORA_* variables',
    )
  }
  for (const key of Object.keys(options)) if (options[key] === undefined) delete options[key]
  return options
}

/** An export of the addon that a newer build provides, or a clear failure (exit 1). */
function addonExport(name) {
  const value = addon[name]
  if (value === undefined) {
    const e = new Error(`this build of agora-convoai-native has no ${name} export`)
    e.code = 'ERR_UNSUPPORTED'
    throw e
  }
  return value
}

/**
 * A command of actions on a ConvoAIClient (`agent`, `call`, `numbers`): `<command> <action>
 * [ARGS…] [flags]`. Each action is `(client, values, args) => [result, text]`; `--json` prints
 * the result, else the text.
 */
async function runActions(command, argv, { options, help, actions }) {
  const { values, positionals } = parse(argv, options, { positionals: true })
  if (values.help) {
    out(help)
    return EXIT.OK
  }
  const [action, ...args] = positionals
  const act = Object.hasOwn(actions, action ?? '') ? actions[action] : undefined
  if (!act) {
    const names = Object.keys(actions)
    const choices = `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`
    throw new UsageError(`${command} needs an action: ${choices}${action ? `, not ${JSON.stringify(action)}` : ''}`)
  }
  const ConvoAIClient = addonExport('ConvoAIClient')
  const client = new ConvoAIClient(clientOptions(values))
  const [result, text] = await act(client, values, args)
  if (values.json) printJson(result)
  else out(text)
  return EXIT.OK
}

/** The single positional argument of `<command> <action> ARG` (an agent id, a phone number). */
function oneArg(args, what, name) {
  if (args.length !== 1) throw new UsageError(`${what} takes exactly one ${name}`)
  return args[0]
}

/** No positional arguments, for actions that take only flags. */
function noArgs(args, what) {
  if (args.length) throw new UsageError(`${what} takes no positional arguments`)
}

module.exports = { CLIENT_OPTIONS, CLIENT_HELP, COMMAND_FOOTER, clientOptions, addonExport, runActions, oneArg, noArgs }
