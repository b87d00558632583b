// ConvoAIClient against the sandbox: every method in both auth modes, numeric
// and string-account agents, wire field names, 409 and idempotent stop.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'

import { basicClient, native, rejection, requestsTo, startSandbox, tokenClient, unique } from './helpers/agents.mjs'

let sb
before(async () => {
  sb = await startSandbox({ agentStartDelayMs: 10, agentStopDelayMs: 200 })
})
after(() => sb.close())

for (const [mode, make] of [
  ['token auth', tokenClient],
  ['Basic auth', basicClient],
]) {
  describe(mode, () => {
    test('every method, numeric uids', async () => {
      const client = make(sb)
      const channel = unique()
      const started = await client.startAgent({ channel, agentUid: 1001, remoteUids: [42] })
      assert.match(started.agentId, /^[A-Z0-9]+$/)
      assert.equal(typeof started.createTs, 'number')
      assert.ok(['STARTING', 'RUNNING'].includes(started.status))

      const info = await client.getAgent(started.agentId)
      assert.equal(info.agentId, started.agentId)
      assert.equal(typeof info.startTs, 'number')

      const page = await client.listAgents({ channel, state: ['STARTING', 'RUNNING'] })
      assert.deepEqual(
        page.agents.map((a) => a.agentId),
        [started.agentId],
      )
      assert.equal(page.total, 1)

      await client.speak(started.agentId, { text: 'hello', priority: 'APPEND', interruptable: false })
      await client.interrupt(started.agentId)
      await client.think(started.agentId, { text: 'be brief', onListeningAction: 'inject', metadata: { turnKey: 'v' } })
      const history = await client.getHistory(started.agentId)
      assert.equal(history.agentId, started.agentId)
      assert.ok(Array.isArray(history.contents))
      const turns = await client.getTurns(started.agentId, { pageIndex: 1, pageSize: 10 })
      assert.equal(turns.agentId, started.agentId)
      const updated = await client.updateAgent(started.agentId, { llm: { params: { max_tokens: 64 } } })
      assert.equal(updated.agentId, started.agentId)

      const all = []
      for await (const a of client.listAllAgents({ channel, state: ['STARTING', 'RUNNING'], limit: 1 })) all.push(a.agentId)
      assert.deepEqual(all, [started.agentId])

      await client.stopAgent(started.agentId)
      // Stopping again while it shuts down ("already in the process of shutting down") resolves…
      await client.stopAgent(started.agentId)
      // …and so does stopping an agent that is gone (404).
      await client.stopAgent('NOSUCHAGENT000000000000000')

      const wanted = mode === 'Basic auth' ? /^Basic \*\*\*$/ : /^agora token=\*\*\*$/
      const mine = sb.requests.filter((r) => r.path.includes(started.agentId))
      assert.equal(mine.length, 9) // get, speak, interrupt, think, history, turns, update, leave ×2
      for (const r of mine) assert.match(r.headers.authorization, wanted)
    })

    test('string-account agent: enable_string_uid inferred, token minted for the account', async () => {
      const client = make(sb)
      const channel = unique()
      const started = await client.startAgent({ channel, agentUid: 'agent-bob', remoteUids: ['alice'], enableRtm: true })
      const join = requestsTo(sb, '/join').at(-1)
      assert.equal(join.body.properties.agent_rtc_uid, 'agent-bob')
      assert.deepEqual(join.body.properties.remote_rtc_uids, ['alice'])
      assert.equal(join.body.properties.enable_string_uid, true)
      assert.deepEqual(join.body.properties.advanced_features, { enable_rtm: true })
      // The sandbox verified the minted token (signature, channel, account, RTM privilege).
      await client.stopAgent(started.agentId)
    })
  })
}

test('join body uses the wire names of docs/rest-api.md and passes unknown properties through', async () => {
  const client = tokenClient(sb)
  const channel = unique()
  const llm = { url: 'https://llm.example/v1/chat/completions', api_key: 'sk-test', system_messages: [{ role: 'system', content: 'hi' }] }
  const started = await client.startAgent({
    name: unique('named'),
    channel,
    agentUid: '7',
    remoteUids: ['*'],
    idleTimeout: 120,
    enableRtm: true,
    llm,
    asr: { vendor: 'ares', language: 'en-US' },
    tts: { vendor: 'microsoft', params: { key: 'k', region: 'eastus', voice_name: 'en-US-AndrewMultilingualNeural' } },
    turnDetection: { mode: 'default' },
    parameters: { data_channel: 'rtm' },
    properties: { labels: { team: 'a' }, advanced_features: { enable_sal: false } },
  })
  const { body } = requestsTo(sb, '/join').at(-1)
  assert.deepEqual(Object.keys(body), ['name', 'properties'])
  const p = body.properties
  assert.deepEqual(Object.keys(p).sort(), [
    'advanced_features',
    'agent_rtc_uid',
    'asr',
    'channel',
    'enable_string_uid',
    'idle_timeout',
    'labels',
    'llm',
    'parameters',
    'remote_rtc_uids',
    'token',
    'tts',
    'turn_detection',
  ])
  assert.equal(p.channel, channel)
  assert.equal(p.agent_rtc_uid, '7')
  assert.deepEqual(p.remote_rtc_uids, ['*'])
  assert.equal(p.enable_string_uid, false)
  assert.equal(p.idle_timeout, 120)
  assert.deepEqual(p.advanced_features, { enable_sal: false, enable_rtm: true })
  assert.deepEqual(p.labels, { team: 'a' })
  assert.equal(p.llm.url, llm.url)
  assert.equal(p.llm.api_key, '***') // redacted by the sandbox log, sent as given
  assert.deepEqual(p.turn_detection, { mode: 'default' })
  await client.stopAgent(started.agentId)
})

test('pipeline_id and preset are sent top-level', async () => {
  const client = tokenClient(sb)
  const started = await client.startAgent({
    channel: unique(),
    agentUid: 9,
    remoteUids: [1],
    pipelineId: 'pipe-1',
    preset: 'deepgram_nova_3,openai_gpt_4o_mini,openai_tts_1',
  })
  const { body } = requestsTo(sb, '/join').at(-1)
  assert.equal(body.pipeline_id, 'pipe-1')
  assert.equal(body.preset, 'deepgram_nova_3,openai_gpt_4o_mini,openai_tts_1')
  assert.equal(body.properties.pipeline_id, undefined)
  await client.stopAgent(started.agentId)
})

test('a given token is sent as is; generated names are unique', async () => {
  const client = tokenClient(sb)
  const channel = unique()
  const token = native.buildRtcRtmToken({ appId: sb.appId, appCertificate: sb.appCertificate, channelName: channel, uid: 11 })
  const a = await client.startAgent({ channel, agentUid: 11, remoteUids: [1], token })
  const b = await client.startAgent({ channel, agentUid: 12, remoteUids: [1] })
  const [ja, jb] = requestsTo(sb, '/join').slice(-2)
  assert.notEqual(ja.body.name, jb.body.name)
  await Promise.all([client.stopAgent(a.agentId), client.stopAgent(b.agentId)])
})

test('409 TaskConflict is an AgoraApiError, not retried', async () => {
  const client = tokenClient(sb)
  const name = unique('dup')
  const channel = unique()
  const first = await client.startAgent({ name, channel, agentUid: 1, remoteUids: [2] })
  const before = requestsTo(sb, '/join').length
  const err = await rejection(client.startAgent({ name, channel, agentUid: 3, remoteUids: [2] }))
  assert.ok(err instanceof native.AgoraApiError)
  assert.ok(err instanceof Error)
  assert.equal(err.name, 'AgoraApiError')
  assert.equal(err.code, 'ERR_AGORA_API')
  assert.equal(err.status, 409)
  assert.equal(err.reason, 'TaskConflict')
  assert.match(err.detail, /already running/)
  assert.equal(err.retryable, false)
  assert.equal(err.attempts, 1)
  assert.match(err.stack, /^AgoraApiError: /)
  assert.equal(requestsTo(sb, '/join').length, before + 1)
  await client.stopAgent(first.agentId)
})

test('top-level startAgent takes one options object', async () => {
  const channel = unique()
  const r = await native.startAgent({ appId: sb.appId, appCertificate: sb.appCertificate, baseUrl: sb.url, channel, agentUid: 5, remoteUids: [6] })
  assert.ok(r.agentId)
  await tokenClient(sb).stopAgent(r.agentId)
})

test('getAgent after stop reports STOPPING or STOPPED', async () => {
  const client = basicClient(sb)
  const r = await client.startAgent({ channel: unique(), agentUid: 5, remoteUids: [6] })
  await client.stopAgent(r.agentId)
  const info = await client.getAgent(r.agentId)
  assert.ok(['STOPPING', 'STOPPED'].includes(info.status))
})

test('enableRtm with a given RTC-only token is refused before any I/O; an RTC+RTM one is accepted', async () => {
  const client = tokenClient(sb)
  const channel = unique()
  const opts = { appId: sb.appId, appCertificate: sb.appCertificate, channelName: channel, uid: 21 }
  const before = requestsTo(sb, '/join').length
  const err = await rejection(client.startAgent({ channel, agentUid: 21, remoteUids: [1], enableRtm: true, token: native.buildRtcToken(opts) }))
  assert.equal(err.code, 'ERR_INVALID_ARG')
  assert.match(err.message, /RTM/)
  assert.equal(requestsTo(sb, '/join').length, before)
  const r = await client.startAgent({ channel, agentUid: 21, remoteUids: [1], enableRtm: true, token: native.buildRtcRtmToken(opts) })
  await client.stopAgent(r.agentId)
})

test('listAllAgents follows the cursor across pages', async () => {
  const client = basicClient(sb)
  const channel = unique()
  const started = []
  for (const uid of [31, 32, 33]) started.push((await client.startAgent({ channel, agentUid: uid, remoteUids: [1] })).agentId)
  const pageSizes = []
  const first = await client.listAgents({ channel, state: ['STARTING', 'RUNNING'], limit: 2 })
  pageSizes.push(first.agents.length)
  assert.ok(first.cursor)
  const seen = []
  for await (const a of client.listAllAgents({ channel, state: ['STARTING', 'RUNNING'], limit: 1 })) seen.push(a.agentId)
  assert.deepEqual(seen.sort(), [...started].sort())
  assert.deepEqual(pageSizes, [2])
  await Promise.all(started.map((id) => client.stopAgent(id)))
})
