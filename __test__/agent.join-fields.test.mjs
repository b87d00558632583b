// The typed 2025–26 join fields of StartAgentRequest (labels, geofence, rtc encryption, data
// channel, metrics, error messages): their wire names, their checks before sending, and the
// stand-ins for llm/tts (pipelineId, preset, credential_mode, mllm.enable) through the client.

import assert from 'node:assert/strict'
import { test } from 'node:test'

import { rejection, requestsTo, startSandbox, tokenClient, unique } from './helpers/agents.mjs'

const sb = await startSandbox()
test.after(() => sb.close())

const start = (client, extra) => client.startAgent({ channel: unique('fields'), agentUid: 7, remoteUids: [8], ...extra })

test('typed fields are sent in wire names inside properties; parameters keeps what it held', async () => {
  const client = tokenClient(sb)
  await start(client, {
    enableRtm: true,
    labels: { campaign: 'spring', agentUid: '7' },
    geofence: { area: 'GLOBAL', excludeArea: 'EUROPE' },
    rtc: { encryptionKey: 'k3y-not-real', encryptionMode: 8, encryptionSalt: Buffer.alloc(32, 1).toString('base64') },
    dataChannel: 'rtm',
    enableMetrics: true,
    enableErrorMessage: true,
    parameters: { audio_scenario: 'chorus' },
  })
  const p = requestsTo(sb, '/join').at(-1).body.properties
  assert.deepEqual(p.labels, { campaign: 'spring', agentUid: '7' })
  assert.deepEqual(p.geofence, { area: 'GLOBAL', exclude_area: 'EUROPE' })
  assert.deepEqual(p.rtc, { encryption_key: '***', encryption_mode: 8, encryption_salt: '***' })
  assert.deepEqual(p.parameters, { audio_scenario: 'chorus', data_channel: 'rtm', enable_metrics: true, enable_error_message: true })
})

test("typed fields outside Agora's documented values are refused before sending", async () => {
  const client = tokenClient(sb)
  const before = sb.requests.length
  for (const extra of [
    { labels: { n: 1 } },
    { geofence: { area: 'MARS' } },
    { geofence: { area: 'ASIA', excludeArea: 'JAPAN' } },
    { geofence: { area: 'GLOBAL', exclude_area: 'ASIA' } },
    { rtc: { encryptionKey: 'k', encryptionMode: 0 } },
    { rtc: { encryptionKey: 'k', encryptionMode: 7 } },
    { dataChannel: 'udp' },
    { dataChannel: 'rtm' },
    { enableMetrics: true },
  ]) {
    const e = await rejection(start(client, extra))
    assert.equal(e.code, 'ERR_INVALID_ARG', JSON.stringify(extra))
  }
  assert.equal(sb.requests.length, before)
})

test('pipelineId, preset, credential_mode and mllm.enable stand in for llm/tts', async () => {
  const client = tokenClient(sb)
  for (const extra of [
    { pipelineId: 'pipe-1' },
    { preset: 'deepgram_nova_3,openai_gpt_4o_mini,minimax_speech_2_6_turbo' },
    { llm: { credential_mode: 'managed' }, tts: { vendor: 'minimax', credential_mode: 'managed' } },
    { mllm: { enable: true, vendor: 'openai' } },
  ]) {
    const r = await start(client, extra)
    assert.equal(r.status, 'STARTING', JSON.stringify(extra))
  }
})
