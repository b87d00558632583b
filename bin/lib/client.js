'use strict'
// Client options shared by `agent`, `projects` and `check-credentials`: flags or the
// environment, in the shape of the addon's ClientOptions (api.md §3).
const { readFileSync } = require('node:fs')
const addon = require('../../index.js')
const { UsageError, integerFlag, credential } = require('./cli')

const CLIENT_OPTIONS = {
  'base-url': { type: 'string', multiple: true },
  region: { type: 'string' },
  'app-id': { type: 'string' },
  'app-cert': { type: 'string' },
  'customer-id': { type: 'string' },
  'customer-secret': { type: 'string' },
  'timeout-ms': { type: 'string' },
  'max-retries': { type: 'string' },
  'ca-file': { type: 'string', multiple: true },
}

const CLIENT_HELP = `  --base-url URL           API origin instead of Agora's (repeat for failover), e.g. a sandbox
  --region R               global (default), us, eu, ap or cn
  --app-id ID              App ID (default: $AGORA_APP_ID)
  --app-cert CERT          token auth with the App Certificate (default: $AGORA_APP_CERTIFICATE)
  --customer-id ID         Basic auth (default: $AGORA_CUSTOMER_ID)
  --customer-secret S      Basic auth (default: $AGORA_CUSTOMER_SECRET)
  --timeout-ms MS          per attempt (default 30000)
  --max-retries N          default 2
  --ca-file PEM            extra trusted root certificate (repeatable), e.g. a TLS sandbox's CA`

/** ClientOptions from flags/env; `basicOnly` drops the certificate (Console API). */
function clientOptions(values, { basicOnly = false } = {}) {
  const options = {
    // ClientOptions.appId is required by the addon even for the Console API.
    appId: credential(values, 'app-id', 'AGORA_APP_ID'),
    customerId: credential(values, 'customer-id', 'AGORA_CUSTOMER_ID', { required: basicOnly }),
    customerSecret: credential(values, 'customer-secret', 'AGORA_CUSTOMER_SECRET', { required: basicOnly }),
    appCertificate: basicOnly ? undefined : credential(values, 'app-cert', 'AGORA_APP_CERTIFICATE', { required: false }),
    region: values.region,
    baseUrl: values['base-url'],
    timeoutMs: integerFlag(values, 'timeout-ms'),
    maxRetries: integerFlag(values, 'max-retries'),
    caCertificates: values['ca-file']?.map((file) => readFileSync(file, 'utf8')),
  }
  if (!basicOnly && !options.appCertificate && !(options.customerId && options.customerSecret)) {
    throw new UsageError('no credentials: give --app-cert (token auth) or --customer-id and --customer-secret (Basic auth), or set the AGORA_* variables')
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
