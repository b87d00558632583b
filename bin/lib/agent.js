'use strict'
// `agora-convoai agent start|stop|get|list|renew`: the ConvoAI REST API through the addon's
// ConvoAIClient, against Agora or --base-url (e.g. `agora-convoai sandbox`).
const { UsageError, integerFlag, uidValue, defined } = require('./cli')
const { AGENT_FLAGS, agentFields, PAGE_FLAGS, pageQuery, listing } = require('./request-flags')
const { CLIENT_OPTIONS, COMMAND_FOOTER, runActions, oneArg, noArgs } = require('./client')
const { iso } = require('../../lib/time-text.js')

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
  --token-expire SECONDS   lifetime of the minted token (default 86400)
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
${COMMAND_FOOTER}`

const OPTIONS = {
  ...CLIENT_OPTIONS,
  ...AGENT_FLAGS,
  ...PAGE_FLAGS,
  'remote-uid': { type: 'string', multiple: true },
  'idle-timeout': { type: 'string' },
  'enable-rtm': { type: 'boolean' },
  state: { type: 'string' },
}

function startRequest(values) {
  if (values.channel === undefined) throw new UsageError('missing --channel')
  if (values['agent-uid'] === undefined) throw new UsageError('missing --agent-uid')
  if (!values['remote-uid']?.length) throw new UsageError('missing --remote-uid (at least one)')
  return defined({
    channel: values.channel,
    agentUid: uidValue(values['agent-uid']),
    remoteUids: values['remote-uid'].map(uidValue),
    idleTimeout: integerFlag(values, 'idle-timeout'),
    enableRtm: values['enable-rtm'],
    ...agentFields(values),
  })
}

function listQuery(values) {
  return defined({ channel: values.channel, state: values.state?.split(',').map((s) => s.trim().toUpperCase()), ...pageQuery(values) })
}

/** `renew`'s identity: the agent's channel and uid, as given at start. */
function renewRequest(values) {
  if (values.channel === undefined) throw new UsageError("missing --channel (the agent's channel)")
  if (values['agent-uid'] === undefined) throw new UsageError("missing --agent-uid (the agent's uid)")
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
    const result = await listing(
      values,
      listQuery(values),
      'agents',
      (q) => client.listAgents(q),
      (q) => client.listAllAgents(q),
    )
    const lines = result.agents.map((a) => `${a.agentId}  ${a.status.padEnd(10)} ${iso(a.startTs)}`)
    lines.push(`${result.agents.length} of ${result.total} agent(s)${result.cursor ? `; next page: --cursor ${result.cursor}` : ''}`)
    return [result, lines.join('\n')]
  },
}

const run = (argv) => runActions('agent', argv, { options: OPTIONS, help: HELP, actions: ACTIONS })

module.exports = { name: 'agent', summary: 'agent start|stop|get|list|renew  manage ConvoAI agents', HELP, run }
