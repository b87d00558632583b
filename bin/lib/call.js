'use strict'
// `agora-convoai call start|get|hangup|list`: phone calls through the addon's ConvoAIClient,
// against Agora or --base-url (e.g. `agora-convoai sandbox`).
const { UsageError, integerFlag, uidValue, jsonFlag, defined } = require('./cli')
const { CLIENT_OPTIONS, CLIENT_HELP, runActions, oneArg, noArgs } = require('./client')
const { iso } = require('./time')

const HELP = `Usage: agora-convoai call start --to NUMBER --from NUMBER --channel NAME --agent-uid UID --sip-uid UID [options]
       agora-convoai call get AGENT_ID
       agora-convoai call hangup AGENT_ID
       agora-convoai call list [--number NUMBER] [--type inbound|outbound] [--limit N] [--cursor C] [--all]

start options (numbers in E.164: +14155550123):
  --to NUMBER              who is called
  --from NUMBER            caller ID: a number imported to your account
  -c, --channel NAME       channel the agent and the SIP gateway join
  --agent-uid UID          the agent's uid (digits) or user account
  --sip-uid UID            the SIP gateway's uid in the channel
  --pipeline-id ID         a published AI Studio pipeline (then --llm/--tts are optional)
  --name NAME              unique name (default: generated)
  --token TOKEN, --sip-token TOKEN
                           the agent's / the gateway's token (default: minted from the App Certificate)
  --token-expire SECONDS   lifetime of minted tokens (default 86400)
  --llm JSON, --asr JSON, --tts JSON, --properties JSON, --labels JSON
                           as for agent start
list options:
  --number NUMBER          calls from or to this number
  --type T                 inbound or outbound
  --from-time S, --to-time S   Unix seconds (default: the last 60 days)
  --all                    follow the cursor through every page
common:
  --json                   print the API result as JSON
${CLIENT_HELP}

Exit codes: 0 ok, 1 API or network failure, 2 usage.`

const OPTIONS = {
  ...CLIENT_OPTIONS,
  to: { type: 'string' },
  from: { type: 'string' },
  channel: { type: 'string', short: 'c' },
  'agent-uid': { type: 'string' },
  'sip-uid': { type: 'string' },
  'pipeline-id': { type: 'string' },
  name: { type: 'string' },
  token: { type: 'string' },
  'sip-token': { type: 'string' },
  'token-expire': { type: 'string' },
  llm: { type: 'string' },
  asr: { type: 'string' },
  tts: { type: 'string' },
  properties: { type: 'string' },
  labels: { type: 'string' },
  number: { type: 'string' },
  type: { type: 'string' },
  limit: { type: 'string' },
  cursor: { type: 'string' },
  'from-time': { type: 'string' },
  'to-time': { type: 'string' },
  all: { type: 'boolean' },
  json: { type: 'boolean' },
}

function startRequest(values) {
  for (const flag of ['to', 'from', 'channel', 'agent-uid', 'sip-uid']) {
    if (values[flag] === undefined) throw new UsageError(`missing --${flag}`)
  }
  return defined({
    toNumber: values.to,
    fromNumber: values.from,
    channel: values.channel,
    agentUid: uidValue(values['agent-uid']),
    sipUid: uidValue(values['sip-uid']),
    pipelineId: values['pipeline-id'],
    name: values.name,
    token: values.token,
    sipToken: values['sip-token'],
    tokenExpire: integerFlag(values, 'token-expire'),
    llm: jsonFlag(values, 'llm'),
    asr: jsonFlag(values, 'asr'),
    tts: jsonFlag(values, 'tts'),
    properties: jsonFlag(values, 'properties'),
    labels: jsonFlag(values, 'labels'),
  })
}

function listQuery(values) {
  return defined({
    number: values.number,
    type: values.type,
    limit: integerFlag(values, 'limit'),
    cursor: values.cursor,
    fromTime: integerFlag(values, 'from-time'),
    toTime: integerFlag(values, 'to-time'),
  })
}

const line = (c) => `${c.agentId}  ${String(c.type).padEnd(8)} ${String(c.state).padEnd(8)} ${c.fromNumber} -> ${c.toNumber}  ${c.createTs ? iso(c.createTs) : ''}`

const ACTIONS = {
  async start(client, values, args) {
    noArgs(args, 'call start')
    const r = await client.startCall(startRequest(values))
    return [r, `Call ${r.agentId} placed to ${values.to}`]
  },
  async get(client, values, args) {
    const c = await client.getCall(oneArg(args, 'call get', 'AGENT_ID'))
    const end = c.stopTs ? `, ended ${iso(c.stopTs)}${c.reason ? ` (${c.reason})` : ''}` : ''
    return [c, `${line(c)}${end}`]
  },
  async hangup(client, values, args) {
    const agentId = oneArg(args, 'call hangup', 'AGENT_ID')
    await client.hangupCall(agentId)
    return [{ agentId, hungUp: true }, `Call ${agentId} hung up (or already over).`]
  },
  async list(client, values, args) {
    noArgs(args, 'call list')
    const query = listQuery(values)
    let result
    if (values.all) {
      const calls = []
      for await (const c of client.listAllCalls(query)) calls.push(c)
      result = { calls, total: calls.length }
    } else {
      result = await client.listCalls(query)
    }
    const lines = result.calls.map(line)
    lines.push(`${result.calls.length} of ${result.total} call(s)${result.cursor ? `; next page: --cursor ${result.cursor}` : ''}`)
    return [result, lines.join('\n')]
  },
}

const run = (argv) => runActions('call', argv, { options: OPTIONS, help: HELP, actions: ACTIONS })

module.exports = { name: 'call', summary: 'call start|get|hangup|list  phone calls answered by an agent', HELP, run }
