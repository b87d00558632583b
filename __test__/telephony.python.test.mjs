// Agora's official Python SDK (agora-agents, pinned in scripts/ensure-python-sdk.mjs) as a peer:
// for the same call it sends the same POST /call body as ConvoAIClient.startCall, the same paths
// for phone numbers (a `+` goes as it is), and it drives the sandbox's telephony and phone-number
// endpoints end to end. The SDK is installed by the script (pip --target) on first use; without
// python3 these tests cannot run and say so.

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import http from 'node:http'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

import { ensurePythonSdk } from '../scripts/ensure-python-sdk.mjs'
import { basicClient, native, startSandbox } from './helpers/agents.mjs'

const sdk = ensurePythonSdk()
const skip = sdk ? false : 'python3 is not installed: the official SDK is Python (set PYTHON to use another interpreter)'
const PEER = fileURLToPath(new URL('./fixtures/python/convoai_peer.py', import.meta.url))
const APP_ID = '0123456789abcdef0123456789abcdef'
const CERT = 'fedcba9876543210fedcba9876543210'
const BASIC = native.basicAuthHeader('customer', 'secret')

/** Runs one job of convoai_peer.py with the SDK on PYTHONPATH; resolves its JSON answer. */
function peer(job) {
  return new Promise((resolve, reject) => {
    const child = spawn(sdk.python, [PEER], { env: { ...process.env, PYTHONPATH: sdk.path, PYTHONDONTWRITEBYTECODE: '1' } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(stdout)) : reject(new Error(`python exited ${code}: ${stderr}`))))
    child.stdin.end(JSON.stringify(job))
  })
}

/** A loopback server that records every request and answers as Agora would for its path. */
async function captureServer() {
  const seen = []
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (d) => (body += d))
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, body })
      const path = req.url.split('?')[0]
      let status = 200
      let answer = { phone_number: '+14155550100' }
      if (path.endsWith('/call') && req.method === 'POST') answer = { agent_id: 'CAPTURED' }
      if (path.endsWith('/call') && req.method === 'GET') answer = { data: { count: 0, list: [] }, meta: { cursor: '', total: 0 }, status: 'ok' }
      if (req.method === 'DELETE') status = 204
      const text = status === 204 ? '' : JSON.stringify(answer)
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
      res.end(text)
    })
  })
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  return { url: `http://127.0.0.1:${server.address().port}`, seen, close: () => new Promise((r) => server.close(r)) }
}

/** The body text with every token value replaced: they are minted per request. */
const normalised = (text) => text.replace(/"(rtc_token|token)":"[^"]*"/g, '"$1":"<token>"')

const captureClient = (origin) =>
  new native.ConvoAIClient({ appId: APP_ID, appCertificate: CERT, customerId: 'customer', customerSecret: 'secret', baseUrl: origin, maxRetries: 0 })

/** The same call, as the SDK takes it (wire shape) and as startCall takes it. */
const CALLS = {
  'pipeline mode': {
    python: {
      name: 'support-call',
      sip: { to_number: '+14155550123', from_number: '+14155550100', rtc_uid: '100', rtc_token: '<token>' },
      pipeline_id: 'pipe-1',
      properties: { channel: 'call-room', token: '<token>', agent_rtc_uid: '111', remote_rtc_uids: ['100'] },
    },
    ours: {
      name: 'support-call',
      toNumber: '+14155550123',
      fromNumber: '+14155550100',
      channel: 'call-room',
      agentUid: 111,
      sipUid: 100,
      pipelineId: 'pipe-1',
    },
  },
  'full configuration, labels and string uids': {
    python: {
      name: 'sales-call',
      sip: { to_number: '+442079460000', from_number: '+14155550100', rtc_uid: 'gateway', rtc_token: '<token>' },
      properties: {
        channel: 'sales-room',
        token: '<token>',
        agent_rtc_uid: 'agent-7',
        remote_rtc_uids: ['gateway'],
        enable_string_uid: true,
        idle_timeout: 120,
        advanced_features: { enable_rtm: true },
        llm: { url: 'https://llm.example.com/v1/chat/completions', api_key: 'sk-x', system_messages: [{ role: 'system', content: 'Be brief.' }] },
        asr: { vendor: 'deepgram', language: 'en-US' },
        tts: { vendor: 'minimax', credential_mode: 'managed' },
        labels: { campaign: 'spring', agentUid: 'agent-7' },
      },
    },
    ours: {
      name: 'sales-call',
      toNumber: '+442079460000',
      fromNumber: '+14155550100',
      channel: 'sales-room',
      agentUid: 'agent-7',
      sipUid: 'gateway',
      idleTimeout: 120,
      enableRtm: true,
      llm: { url: 'https://llm.example.com/v1/chat/completions', api_key: 'sk-x', system_messages: [{ role: 'system', content: 'Be brief.' }] },
      asr: { vendor: 'deepgram', language: 'en-US' },
      tts: { vendor: 'minimax', credential_mode: 'managed' },
      labels: { campaign: 'spring', agentUid: 'agent-7' },
    },
  },
}

for (const [mode, call] of Object.entries(CALLS)) {
  test(`POST /call: startCall sends the official SDK's body byte for byte (${mode}), tokens aside`, { skip }, async () => {
    const server = await captureServer()
    try {
      await peer({ job: 'call', base_url: server.url, authorization: BASIC, app_id: APP_ID, call: call.python })
      const result = await captureClient(server.url).startCall(call.ours)
      assert.deepEqual(result, { agentId: 'CAPTURED' })
      const [theirs, ours] = server.seen
      assert.equal(ours.method, theirs.method)
      assert.equal(ours.url, theirs.url)
      assert.equal(normalised(ours.body), normalised(theirs.body))
      // The tokens the client minted are the right ones: the agent's (RTC + RTM) for its uid,
      // the gateway's (RTC) for the SIP uid, both in the call's channel.
      const body = JSON.parse(ours.body)
      const channelName = body.properties.channel
      assert.ok(native.verifyToken(body.properties.token, CERT, { channelName, uid: call.ours.agentUid }))
      assert.ok(native.verifyToken(body.sip.rtc_token, CERT, { channelName, uid: call.ours.sipUid }))
      assert.deepEqual(
        native.parseToken(body.sip.rtc_token).services.map((s) => s.service),
        ['rtc'],
      )
      assert.deepEqual(
        native.parseToken(body.properties.token).services.map((s) => s.service),
        ['rtc', 'rtm'],
      )
    } finally {
      await server.close()
    }
  })
}

test("phone-number paths: a '+' goes as it is, as the SDK sends it; PATCH bodies and the call-list query agree", { skip }, async () => {
  const server = await captureServer()
  try {
    const number = '+14155550100'
    await peer({ job: 'paths', base_url: server.url, authorization: BASIC, app_id: APP_ID, number })
    const theirs = server.seen.splice(0)
    const client = captureClient(server.url)
    await client.getPhoneNumber(number)
    await client.updatePhoneNumber(number, { inboundConfig: { pipelineId: 'p-1' }, outboundConfig: null })
    await client.deletePhoneNumber(number)
    await client.listCalls({ number, type: 'outbound', limit: 5 })
    const ours = server.seen
    assert.deepEqual(
      ours.map((r) => `${r.method} ${r.url}`),
      theirs.map((r) => `${r.method} ${r.url}`),
    )
    assert.equal(theirs[0].url, '/api/conversational-ai-agent/v2/phone-numbers/+14155550100')
    assert.match(theirs[3].url, /\/call\?number=%2B14155550100&type=outbound&limit=5$/)
    assert.equal(ours[1].body, theirs[1].body)
    assert.equal(ours[1].body, '{"inbound_config":{"pipeline_id":"p-1"},"outbound_config":null}')
  } finally {
    await server.close()
  }
})

test('the official SDK drives the sandbox: phone numbers, then calls placed, read, listed page by page and hung up', { skip }, async () => {
  const sb = await startSandbox()
  try {
    const out = await peer({
      job: 'drive',
      base_url: sb.url,
      authorization: native.basicAuthHeader(sb.customerId, sb.customerSecret),
      app_id: sb.appId,
      app_certificate: sb.appCertificate,
    })
    assert.deepEqual(out.added, {
      phone_number: '+14155550100',
      label: 'Support line',
      provider: 'byo',
      inbound: true,
      outbound: true,
      associated_pipeline: null,
    })
    assert.deepEqual(out.duplicate, { status: 409, body: { error_type: 'phone_number_exists', description: 'phone number +14155550100 is already imported' } })
    assert.equal(out.bad_number.status, 400)
    assert.equal(out.bad_number.body.error_type, 'invalid_phone_format')
    assert.deepEqual(out.updated.associated_pipeline, { pipeline_id: 'pipe-in', pipeline_name: 'pipe-in' })
    assert.deepEqual(out.got_number.inbound_config, { allowed_addresses: ['112.126.15.64/27'], pipeline_id: 'pipe-in' })
    assert.equal(out.numbers.length, 1)

    assert.equal(out.started.length, 3)
    assert.equal(out.got_call.agent_id, out.started[0])
    assert.equal(out.got_call.type, 'outbound')
    assert.equal(out.got_call.to_number, '+14155550123')
    assert.equal(out.got_call.pipeline_id, 'pipe-out')
    assert.ok(['answered'].includes(out.got_call.state))
    assert.deepEqual(
      out.listed.map((c) => c.agent_id),
      out.started,
      'the SDK pager followed meta.cursor over three pages',
    )
    assert.deepEqual(out.by_number, [out.started[1]])
    assert.equal(out.after_hangup.state, 'hangup')
    assert.equal(out.after_hangup.reason, 'request')
    assert.ok(out.after_hangup.stop_ts >= out.after_hangup.create_ts)
    assert.equal(out.hangup_again.status, 404)
    assert.deepEqual(out.unknown_call, { status: 404, body: { error_type: 'not_found', description: 'call NO-SUCH-CALL not found' } })
    assert.equal(out.deleted.status, 404)

    // What the SDK placed, this package's client reads back the same.
    const client = basicClient(sb)
    const calls = []
    for await (const c of client.listAllCalls({ type: 'outbound' })) calls.push(c.agentId)
    assert.deepEqual(calls, out.started)
  } finally {
    await sb.close()
  }
})
