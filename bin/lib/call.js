'use strict'
// `agora-convoai call start|get|hangup|list`: phone calls through the addon's ConvoAIClient,
// against Agora or --base-url (e.g. `agora-convoai sandbox`).
const { UsageError, uidValue, defined } = require('./cli')
const { AGENT_FLAGS, agentFields, PAGE_FLAGS, pageQuery, listing } = require('./request-flags')
const { CLIENT_OPTIONS, COMMAND_FOOTER, runActions, oneArg, noArgs } = require('./client')
const { iso } = require('../../lib/time-text.js')

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
${COMMAND_FOOTER}`

const OPTIONS = {
  ...CLIENT_OPTIONS,
  ...AGENT_FLAGS,
  ...PAGE_FLAGS,
  to: { type: 'string' },
  from: { type: 'string' },
  'sip-uid': { type: 'string' },
  'pipeline-id': { type: 'string' },
  'sip-token': { type: 'string' },
  number: { type: 'string' },
  type: { type: 'string' },
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
    sipToken: values['sip-token'],
    pipelineId: values['pipeline-id'],
    ...agentFields(values),
  })
}

const listQuery = (values) => defined({ number: values.number, type: values.type, ...pageQuery(values) })

const line = (c) =>
  `${c.agentId}  ${String(c.type).padEnd(8)} ${String(c.state).padEnd(8)} ${c.fromNumber} -> ${c.toNumber}  ${c.createTs ? iso(c.createTs) : ''}`

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
    const result = await listing(
      values,
      listQuery(values),
      'calls',
      (q) => client.listCalls(q),
      (q) => client.listAllCalls(q),
    )
    const lines = result.calls.map(line)
    lines.push(`${result.calls.length} of ${result.total} call(s)${result.cursor ? `; next page: --cursor ${result.cursor}` : ''}`)
    return [result, lines.join('\n')]
  },
}

const run = (argv) => runActions('call', argv, { options: OPTIONS, help: HELP, actions: ACTIONS })

module.exports = { name: 'call', summary: 'call start|get|hangup|list  phone calls answered by an agent', HELP, run }
