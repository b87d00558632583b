'use strict'
// Client options shared by `agent`, `projects` and `check-credentials`: flags or the
// environment, in the shape of the addon's ClientOptions (api.md §3).
const { readFileSync } = require('node:fs')
const addon = require('../../index.js')
const { UsageError, integerFlag } = require('./cli')
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
    throw new UsageError('no credentials: give --app-certificate (token auth) or --customer-id and --customer-secret (Basic auth), or set the AGORA_* variables')
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

module.exports = { CLIENT_OPTIONS, CLIENT_HELP, clientOptions, addonExport }
