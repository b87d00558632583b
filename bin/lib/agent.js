'use strict'
// `agora-convoai agent start|stop|get|list|renew`: the ConvoAI REST API through the addon's
// ConvoAIClient, against Agora or --base-url (e.g. `agora-convoai sandbox`).
const { UsageError, integerFlag, uidValue, jsonFlag, defined } = require('./cli')
const { CLIENT_OPTIONS, CLIENT_HELP, runActions, oneArg, noArgs } = require('./client')
const { iso } = require('./time')

const HELP = `Usage: agora-convoai agent start --channel NAME --agent-uid UID --remote-uid UID... [options]
       agora-convoai agent stop AGENT_ID
       agora-convoai agent get AGENT_ID
       agora-convoai agent list [--channel NAME] [--state S,...] [--limit N] [--cursor C] [--all]
       agora-convoai agent renew AGENT_ID --channel NAME --agent-uid UID [--token-expire SECONDS]

start options:
  -c, --channel NAME       channel the agent joins
  --agent-uid UID          the agent's uid (digits) or user account
  --remote-uid UID         a user the agent talks to (repeatable)
  --name NAME              unique agent name (default: generated)
  --token TOKEN            properties.token (default: minted from the App Certificate)
  --idle-timeout SECONDS   properties.idle_timeout
  --enable-rtm             properties.advanced_features.enable_rtm
  --llm JSON, --asr JSON, --tts JSON, --properties JSON
                           wire-format (snake_case) objects passed through
  --labels JSON            properties.labels, echoed in the agent's webhooks
renew options (mints a fresh RTC+RTM token with the App Certificate):
  --channel, --agent-uid   the agent's channel and uid, as at start
  --token-expire SECONDS   lifetime of the new token (default 86400)
list options:
  --state S,...            RUNNING, STOPPED, ... (comma separated)
  --all                    follow the cursor through every page
common:
  --json                   print the API result as JSON
${CLIENT_HELP}

Exit codes: 0 ok, 1 API or network failure, 2 usage.`

const OPTIONS = {
  ...CLIENT_OPTIONS,
  channel: { type: 'string', short: 'c' },
  'agent-uid': { type: 'string' },
  'remote-uid': { type: 'string', multiple: true },
  name: { type: 'string' },
  token: { type: 'string' },
  'idle-timeout': { type: 'string' },
  'enable-rtm': { type: 'boolean' },
  llm: { type: 'string' },
  asr: { type: 'string' },
  tts: { type: 'string' },
  properties: { type: 'string' },
  labels: { type: 'string' },
  'token-expire': { type: 'string' },
  state: { type: 'string' },
  limit: { type: 'string' },
  cursor: { type: 'string' },
  'from-time': { type: 'string' },
  'to-time': { type: 'string' },
  all: { type: 'boolean' },
  json: { type: 'boolean' },
}

function startRequest(values) {
  if (values.channel === undefined) throw new UsageError('missing --channel')
  if (values['agent-uid'] === undefined) throw new UsageError('missing --agent-uid')
  if (!values['remote-uid']?.length) throw new UsageError('missing --remote-uid (at least one)')
  const request = {
    channel: values.channel,
    agentUid: uidValue(values['agent-uid']),
    remoteUids: values['remote-uid'].map(uidValue),
    name: values.name,
    token: values.token,
    idleTimeout: integerFlag(values, 'idle-timeout'),
    enableRtm: values['enable-rtm'],
    llm: jsonFlag(values, 'llm'),
    asr: jsonFlag(values, 'asr'),
    tts: jsonFlag(values, 'tts'),
    properties: jsonFlag(values, 'properties'),
    labels: jsonFlag(values, 'labels'),
  }
  return defined(request)
}

function listQuery(values) {
  const query = {
    channel: values.channel,
    state: values.state?.split(',').map((s) => s.trim().toUpperCase()),
    limit: integerFlag(values, 'limit'),
    cursor: values.cursor,
    fromTime: integerFlag(values, 'from-time'),
    toTime: integerFlag(values, 'to-time'),
  }
  return defined(query)
}

/** `renew`'s identity: the agent's channel and uid, as given at start. */
function renewRequest(values) {
  if (values.channel === undefined) throw new UsageError('missing --channel (the agent\'s channel)')
  if (values['agent-uid'] === undefined) throw new UsageError('missing --agent-uid (the agent\'s uid)')
  return defined({ channel: values.channel, agentUid: uidValue(values['agent-uid']), tokenExpire: integerFlag(values, 'token-expire') })
}

const ACTIONS = {
  async start(client, values, ids) {
    noArgs(ids, 'agent start')
    const result = await client.startAgent(startRequest(values))
    return [result, `Agent ${result.agentId} ${result.status} (created ${iso(result.createTs)})`]
  },
  async stop(client, values, ids) {
    const agentId = oneArg(ids, 'agent stop', 'AGENT_ID')
    await client.stopAgent(agentId)
    return [{ agentId, stopped: true }, `Agent ${agentId} stopped (or already gone).`]
  },
  async renew(client, values, ids) {
    const agentId = oneArg(ids, 'agent renew', 'AGENT_ID')
    const r = await client.renewAgentToken(agentId, renewRequest(values))
    return [r, `Agent ${r.agentId} ${r.status}: new token until ${iso(r.tokenExpiresAt)}`]
  },
  async get(client, values, ids) {
    const a = await client.getAgent(oneArg(ids, 'agent get', 'AGENT_ID'))
    const stop = a.stopTs ? `, stopped ${iso(a.stopTs)}` : ''
    return [a, `Agent ${a.agentId} ${a.status} (started ${iso(a.startTs)}${stop})${a.message ? `: ${a.message}` : ''}`]
  },
  async list(client, values, ids) {
    noArgs(ids, 'agent list')
    const query = listQuery(values)
    let result
    if (values.all) {
      const agents = []
      for await (const a of client.listAllAgents(query)) agents.push(a)
      result = { agents, total: agents.length }
    } else {
      result = await client.listAgents(query)
    }
    const lines = result.agents.map((a) => `${a.agentId}  ${a.status.padEnd(10)} ${iso(a.startTs)}`)
    lines.push(`${result.agents.length} of ${result.total} agent(s)${result.cursor ? `; next page: --cursor ${result.cursor}` : ''}`)
    return [result, lines.join('\n')]
  },
}

const run = (argv) => runActions('agent', argv, { options: OPTIONS, help: HELP, actions: ACTIONS })

module.exports = { name: 'agent', summary: 'agent start|stop|get|list|renew  manage ConvoAI agents', HELP, run }
