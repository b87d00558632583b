'use strict'
// `agora-convoai agent start|stop|get|list`: the ConvoAI REST API through the addon's
// ConvoAIClient, against Agora or --base-url (e.g. `agora-convoai sandbox`).
const { EXIT, UsageError, parse, integerFlag, out, printJson } = require('./cli')
const { CLIENT_OPTIONS, CLIENT_HELP, clientOptions, addonExport } = require('./client')
const { iso } = require('./time')

const HELP = `Usage: agora-convoai agent start --channel NAME --agent-uid UID --remote-uid UID... [options]
       agora-convoai agent stop AGENT_ID
       agora-convoai agent get AGENT_ID
       agora-convoai agent list [--channel NAME] [--state S,...] [--limit N] [--cursor C] [--all]

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
  state: { type: 'string' },
  limit: { type: 'string' },
  cursor: { type: 'string' },
  'from-time': { type: 'string' },
  'to-time': { type: 'string' },
  all: { type: 'boolean' },
  json: { type: 'boolean' },
}

const uidValue = (raw) => (/^\d+$/.test(raw) ? Number(raw) : raw)

function jsonFlag(values, name) {
  if (values[name] === undefined) return undefined
  try {
    const value = JSON.parse(values[name])
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object')
    return value
  } catch {
    throw new UsageError(`--${name} must be a JSON object`)
  }
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
  }
  for (const key of Object.keys(request)) if (request[key] === undefined) delete request[key]
  return request
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
  for (const key of Object.keys(query)) if (query[key] === undefined) delete query[key]
  return query
}

const oneId = (positionals, action) => {
  if (positionals.length !== 1) throw new UsageError(`agent ${action} takes exactly one AGENT_ID`)
  return positionals[0]
}

const ACTIONS = {
  async start(client, values, ids) {
    if (ids.length) throw new UsageError('agent start takes no positional arguments')
    const result = await client.startAgent(startRequest(values))
    return [result, `Agent ${result.agentId} ${result.status} (created ${iso(result.createTs)})`]
  },
  async stop(client, values, ids) {
    const agentId = oneId(ids, 'stop')
    await client.stopAgent(agentId)
    return [{ agentId, stopped: true }, `Agent ${agentId} stopped (or already gone).`]
  },
  async get(client, values, ids) {
    const a = await client.getAgent(oneId(ids, 'get'))
    const stop = a.stopTs ? `, stopped ${iso(a.stopTs)}` : ''
    return [a, `Agent ${a.agentId} ${a.status} (started ${iso(a.startTs)}${stop})${a.message ? `: ${a.message}` : ''}`]
  },
  async list(client, values, ids) {
    if (ids.length) throw new UsageError('agent list takes no positional arguments')
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

async function run(argv) {
  const { values, positionals } = parse(argv, OPTIONS, { positionals: true })
  if (values.help) return out(HELP), EXIT.OK
  const [action, ...ids] = positionals
  const act = Object.hasOwn(ACTIONS, action ?? '') ? ACTIONS[action] : undefined
  if (!act) throw new UsageError(`agent needs an action: start, stop, get or list${action ? `, not ${JSON.stringify(action)}` : ''}`)
  const options = clientOptions(values)
  const ConvoAIClient = addonExport('ConvoAIClient')
  const client = new ConvoAIClient(options)
  const [result, text] = await act(client, values, ids)
  if (values.json) printJson(result)
  else out(text)
  return EXIT.OK
}

module.exports = { name: 'agent', summary: 'agent start|stop|get|list  manage ConvoAI agents', HELP, run }
