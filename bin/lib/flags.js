'use strict'
// The flags that name credentials and endpoints, spelled and explained once so that they
// mean the same in every subcommand. Older spellings stay accepted as aliases.
const { UsageError } = require('./errors')

/** Canonical name -> parseArgs option, environment variable, help line, aliases. */
const SHARED = {
  'app-id': { option: { type: 'string' }, env: 'AGORA_APP_ID', arg: 'ID', help: 'App ID' },
  'app-certificate': {
    option: { type: 'string' },
    env: 'AGORA_APP_CERTIFICATE',
    arg: 'CERT',
    help: 'App Certificate',
    aliases: ['app-cert', 'cert'],
  },
  'customer-id': { option: { type: 'string' }, env: 'AGORA_CUSTOMER_ID', arg: 'ID', help: 'Basic auth: Customer ID' },
  'customer-secret': { option: { type: 'string' }, env: 'AGORA_CUSTOMER_SECRET', arg: 'SECRET', help: 'Basic auth: Customer Secret' },
  'base-url': { option: { type: 'string', multiple: true }, arg: 'URL', help: "API origin instead of Agora's (repeat for failover), e.g. a sandbox" },
}

/**
 * parseArgs options for the shared flags `names`, with their aliases. `overrides` replaces the
 * option of a name (e.g. a single --base-url where only one makes sense).
 */
function sharedOptions(names, overrides = {}) {
  const options = {}
  for (const name of names) {
    const flag = SHARED[name]
    options[name] = overrides[name] ?? flag.option
    for (const alias of flag.aliases ?? []) options[alias] = options[name]
  }
  return options
}

/** Help lines of the shared flags `names`, with the variable each defaults to. */
function sharedHelp(names, notes = {}) {
  return names
    .map((name) => {
      const flag = SHARED[name]
      const left = `  --${name} ${flag.arg}`.padEnd(27)
      const env = flag.env ? ` (default: $${flag.env})` : ''
      const aliases = flag.aliases ? `; also --${flag.aliases.join(', --')}` : ''
      return `${left}${notes[name] ?? flag.help}${env}${aliases}`
    })
    .join('\n')
}

/**
 * Folds alias values into their canonical names (in place). One flag given under two
 * spellings with different values is a usage error rather than a silent pick.
 */
function foldAliases(values) {
  for (const [name, flag] of Object.entries(SHARED)) {
    const given = [name, ...(flag.aliases ?? [])].filter((n) => values[n] !== undefined)
    if (given.length > 1 && given.some((n) => values[n] !== values[given[0]])) {
      throw new UsageError(`${given.map((n) => `--${n}`).join(' and ')} are the same flag; give it once`)
    }
    if (given.length === 0) continue
    const value = values[given[0]]
    for (const n of given) delete values[n]
    values[name] = value
  }
  return values
}

/** A shared flag's value, or its environment variable's; `required` makes absence a usage error. */
function sharedValue(values, name, { required = false } = {}) {
  const flag = SHARED[name]
  const fromEnv = flag.env ? process.env[flag.env] : undefined
  const value = values[name] ?? fromEnv
  if (required && (value === undefined || value === '')) {
    throw new UsageError(`missing --${name}${flag.env ? ` (or set ${flag.env})` : ''}`)
  }
  return value === '' ? undefined : value
}

/** Where the webhook secret comes from when no flag gives it. */
const WEBHOOK_SECRET_ENV = 'AGORA_WEBHOOK_SECRET'

/** The webhook secret: the flag's `value`, else $AGORA_WEBHOOK_SECRET; a usage error naming `flag` without either. */
function webhookSecret(value, flag) {
  const secret = value ?? process.env[WEBHOOK_SECRET_ENV]
  if (secret === undefined || secret === '')
    throw new UsageError(`missing ${flag} (or set ${WEBHOOK_SECRET_ENV}): the webhook secret from Agora Console's Notifications settings`)
  return secret
}

module.exports = { sharedOptions, sharedHelp, foldAliases, sharedValue, webhookSecret, WEBHOOK_SECRET_ENV }
