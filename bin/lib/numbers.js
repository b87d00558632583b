'use strict'
// `agora-convoai numbers list|get|import|update|delete`: the account's phone numbers through the
// addon's ConvoAIClient, against Agora or --base-url.
const { UsageError, defined } = require('./cli')
const { CLIENT_OPTIONS, COMMAND_FOOTER, runActions, oneArg, noArgs } = require('./client')

const HELP = `Usage: agora-convoai numbers list
       agora-convoai numbers get NUMBER
       agora-convoai numbers import NUMBER --provider byo|twilio --label TEXT [options]
       agora-convoai numbers update NUMBER [--inbound-pipeline ID | --clear-inbound] [--outbound-pipeline ID | --clear-outbound]
       agora-convoai numbers delete NUMBER

NUMBER is E.164, e.g. +14155550123.
import options:
  --provider P             byo (your SIP trunk) or twilio
  --label TEXT             a display name
  --inbound BOOL, --outbound BOOL
                           whether it takes / places calls (true or false; default true)
  --allowed-address CIDR   an address allowed to send inbound calls (repeatable)
  --sip-address ADDR       where outbound calls go, e.g. user:pass@sip.example.com
  --transport T            tls, tcp or udp
  --prefix DIGITS          dialing prefix
update options:
  --inbound-pipeline ID    the pipeline that answers its calls (--clear-inbound unbinds)
  --outbound-pipeline ID   the pipeline that places its calls (--clear-outbound unbinds)
${COMMAND_FOOTER}`

const OPTIONS = {
  ...CLIENT_OPTIONS,
  provider: { type: 'string' },
  label: { type: 'string' },
  inbound: { type: 'string' },
  outbound: { type: 'string' },
  'allowed-address': { type: 'string', multiple: true },
  'sip-address': { type: 'string' },
  transport: { type: 'string' },
  prefix: { type: 'string' },
  'inbound-pipeline': { type: 'string' },
  'outbound-pipeline': { type: 'string' },
  'clear-inbound': { type: 'boolean' },
  'clear-outbound': { type: 'boolean' },
  json: { type: 'boolean' },
}

function booleanFlag(values, name) {
  const raw = values[name]
  if (raw === undefined) return undefined
  if (raw !== 'true' && raw !== 'false') throw new UsageError(`--${name} must be true or false`)
  return raw === 'true'
}

function importRequest(phoneNumber, values) {
  if (values.provider === undefined) throw new UsageError('missing --provider (byo or twilio)')
  if (values.label === undefined) throw new UsageError('missing --label')
  return defined({
    provider: values.provider,
    phoneNumber,
    label: values.label,
    inbound: booleanFlag(values, 'inbound'),
    outbound: booleanFlag(values, 'outbound'),
    inboundConfig: defined({ allowedAddresses: values['allowed-address'] }),
    outboundConfig: defined({ address: values['sip-address'], transport: values.transport, prefix: values.prefix }),
  })
}

/** `{ pipelineId }` to bind, `null` to clear, undefined to leave alone. */
function binding(values, side) {
  const id = values[`${side}-pipeline`]
  const clear = values[`clear-${side}`]
  if (id !== undefined && clear) throw new UsageError(`give --${side}-pipeline or --clear-${side}, not both`)
  if (clear) return null
  return id === undefined ? undefined : { pipelineId: id }
}

function updateRequest(values) {
  const update = defined({ inboundConfig: binding(values, 'inbound'), outboundConfig: binding(values, 'outbound') })
  if (Object.keys(update).length === 0) {
    throw new UsageError('numbers update needs --inbound-pipeline, --outbound-pipeline, --clear-inbound or --clear-outbound')
  }
  return update
}

const pipeline = (n) => (n.associatedPipeline ? `  -> ${n.associatedPipeline.pipelineId}` : '')
const line = (n) => `${n.phoneNumber}  ${String(n.provider).padEnd(6)} ${n.label}${pipeline(n)}`

const ACTIONS = {
  async list(client, values, args) {
    noArgs(args, 'numbers list')
    const numbers = await client.listPhoneNumbers()
    return [numbers, [...numbers.map(line), `${numbers.length} number(s)`].join('\n')]
  },
  async get(client, values, args) {
    const n = await client.getPhoneNumber(oneArg(args, 'numbers get', 'NUMBER'))
    return [n, line(n)]
  },
  async import(client, values, args) {
    const n = await client.importPhoneNumber(importRequest(oneArg(args, 'numbers import', 'NUMBER'), values))
    return [n, `Imported ${line(n)}`]
  },
  async update(client, values, args) {
    const number = oneArg(args, 'numbers update', 'NUMBER')
    const n = await client.updatePhoneNumber(number, updateRequest(values))
    return [n, `Updated ${line(n)}`]
  },
  async delete(client, values, args) {
    const phoneNumber = oneArg(args, 'numbers delete', 'NUMBER')
    await client.deletePhoneNumber(phoneNumber)
    return [{ phoneNumber, deleted: true }, `Deleted ${phoneNumber} (or it was already gone).`]
  },
}

const run = (argv) => runActions('numbers', argv, { options: OPTIONS, help: HELP, actions: ACTIONS })

module.exports = { name: 'numbers', summary: 'numbers list|get|import|update|delete  phone numbers of the account', HELP, run }
