// ConvoAIClient's phone calls and phone numbers against the sandbox (and a hostile server for
// pagination): what goes on the wire, E.164 checks before sending, the retry rule of startCall,
// {error_type, description} errors as AgoraApiError reason/detail, and every listAllCalls page.

import assert from 'node:assert/strict'
import http from 'node:http'
import { test } from 'node:test'

import { basicClient, native, rejection, requestsTo, startSandbox, tokenClient, unique } from './helpers/agents.mjs'

const sb = await startSandbox({ agentStartDelayMs: 5, agentStopDelayMs: 5 })
test.after(() => sb.close())

let line = 0
/** A fresh caller ID per call, so list filters never see another test's calls. */
const fromNumber = () => `+1415555${String(++line).padStart(4, '0')}`
const call = (extra = {}) => ({ toNumber: '+442079460000', fromNumber: fromNumber(), channel: unique('call'), agentUid: 111, sipUid: 100, ...extra })

test('startCall: POST …/call with the sip leg, minted tokens, the gateway as remote uid; the call is answered, then hung up', async () => {
  for (const client of [tokenClient(sb), basicClient(sb)]) {
    const request = call({ pipelineId: 'pipe-1', labels: { campaign: 'spring' } })
    const { agentId } = await client.startCall(request)
    assert.match(agentId, /^[0-9A-Z]{25}$/)
    const sent = requestsTo(sb, '/call').at(-1)
    assert.equal(sent.method, 'POST')
    assert.deepEqual(Object.keys(sent.body), ['name', 'sip', 'pipeline_id', 'properties'])
    assert.deepEqual(sent.body.sip, { to_number: request.toNumber, from_number: request.fromNumber, rtc_uid: '100', rtc_token: '***' })
    assert.deepEqual(sent.body.properties, {
      channel: request.channel,
      token: '***',
      agent_rtc_uid: '111',
      remote_rtc_uids: ['100'],
      labels: { campaign: 'spring' },
    })
    const info = await client.getCall(agentId)
    assert.equal(info.agentId, agentId)
    assert.equal(info.type, 'outbound')
    assert.equal(info.state, 'answered')
    assert.equal(info.stopTs, undefined, 'a live call has no stop time')
    await client.hangupCall(agentId)
    const over = await client.getCall(agentId)
    assert.equal(over.state, 'hangup')
    assert.equal(over.reason, 'request')
    assert.ok(over.stopTs >= over.createTs)
    await client.hangupCall(agentId) // already over: resolves, like stopAgent
    assert.equal(sb.agents().find((a) => a.agentId === agentId).status !== 'RUNNING', true)
  }
})

test('E.164 numbers and ids are checked before anything is sent', async () => {
  const client = tokenClient(sb)
  const before = sb.requests.length
  for (const bad of ['4155550199', '+1 415 555 0199', '+0199', '', '+1234567890123456', '+44 (0)20 7946 0000']) {
    const e = await rejection(client.startCall(call({ toNumber: bad })))
    assert.equal(e.code, 'ERR_INVALID_ARG', bad)
    assert.match(e.message, /^toNumber must be an E\.164 phone number/)
    assert.ok(bad === '' || !e.message.includes(bad), 'the number is not quoted')
  }
  assert.equal((await rejection(client.startCall(call({ fromNumber: '555-0100' })))).code, 'ERR_INVALID_ARG')
  assert.equal((await rejection(client.listCalls({ number: '4155550100' }))).code, 'ERR_INVALID_ARG')
  assert.equal((await rejection(client.listCalls({ type: 'both' }))).code, 'ERR_INVALID_ARG')
  assert.equal((await rejection(client.getPhoneNumber('4155550100'))).code, 'ERR_INVALID_ARG')
  assert.equal((await rejection(client.deletePhoneNumber('+1415/555'))).code, 'ERR_INVALID_ARG')
  assert.equal((await rejection(client.getCall('../agents'))).code, 'ERR_INVALID_ARG')
  assert.equal((await rejection(client.hangupCall(42))).code, 'ERR_INVALID_ARG')
  const noSip = await rejection(client.startCall({ toNumber: '+14155550123', fromNumber: '+14155550100', channel: 'c', agentUid: 1 }))
  assert.equal(noSip.code, 'ERR_INVALID_ARG')
  assert.equal(sb.requests.length, before, 'nothing was sent')
})

test('startCall is retried like startAgent: 503 again, never a 500 (it may have dialled)', async () => {
  const client = tokenClient(sb)
  sb.failNext(1, { status: 503 })
  const ok = await client.startCall(call())
  assert.ok(ok.agentId)
  sb.failNext(1, { status: 500 })
  const before = requestsTo(sb, '/call').length
  const e = await rejection(client.startCall(call()))
  assert.equal(e.status, 500)
  assert.equal(e.attempts, 1)
  assert.equal(requestsTo(sb, '/call').length, before + 1)
})

test('telephony errors {error_type, description} become AgoraApiError reason and detail', async () => {
  const client = basicClient(sb)
  const e = await rejection(client.getCall('NOSUCHCALL'))
  assert.ok(e instanceof native.AgoraApiError)
  assert.equal(e.code, 'ERR_AGORA_API')
  assert.equal(e.status, 404)
  assert.equal(e.reason, 'not_found')
  assert.equal(e.detail, 'call NOSUCHCALL not found')
  assert.match(e.message, /HTTP 404 not_found: call NOSUCHCALL not found/)
  // A scripted fault on a telephony path has the telephony shape too.
  sb.failNext(3, { status: 503 })
  const busy = await rejection(client.listCalls())
  assert.equal(busy.reason, 'service_unavailable')
  assert.equal(busy.attempts, 3)
  // The same name twice while the first call runs: 409 conflict.
  const name = unique('line')
  await client.startCall(call({ name }))
  const twice = await rejection(client.startCall(call({ name })))
  assert.equal(twice.status, 409)
  assert.equal(twice.reason, 'conflict')
})

test('listCalls pages with limit and cursor; listAllCalls walks every page; filters by number and type', async () => {
  const client = tokenClient(sb)
  const from = fromNumber()
  const ids = []
  for (let i = 0; i < 5; i++) ids.push((await client.startCall(call({ fromNumber: from }))).agentId)
  const first = await client.listCalls({ number: from, limit: 2 })
  assert.equal(first.total, 5)
  assert.deepEqual(
    first.calls.map((c) => c.agentId),
    ids.slice(0, 2),
  )
  assert.equal(first.cursor, ids[1])
  const second = await client.listCalls({ number: from, limit: 2, cursor: first.cursor })
  assert.deepEqual(
    second.calls.map((c) => c.agentId),
    ids.slice(2, 4),
  )
  const all = []
  for await (const c of client.listAllCalls({ number: from, limit: 2, type: 'outbound' })) all.push(c.agentId)
  assert.deepEqual(all, ids)
  const none = []
  for await (const c of client.listAllCalls({ number: from, type: 'inbound' })) none.push(c)
  assert.deepEqual(none, [])
  await assert.rejects(
    (async () => {
      for await (const c of client.listAllCalls({ number: 'nope' })) void c
    })(),
    (e) => e.code === 'ERR_INVALID_ARG',
  )
})

test('listAllCalls: a server that repeats its cursor ends the walk with ERR_BAD_RESPONSE', async () => {
  let pages = 0
  const server = http.createServer((req, res) => {
    pages += 1
    const body = JSON.stringify({ data: { count: 1, list: [{ agent_id: `A${pages}` }] }, meta: { cursor: 'SAME', total: 99 }, status: 'ok' })
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(body)
  })
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  try {
    const client = new native.ConvoAIClient({ appId: sb.appId, customerId: 'c', customerSecret: 's', baseUrl: `http://127.0.0.1:${server.address().port}` })
    const seen = []
    const e = await rejection(
      (async () => {
        for await (const c of client.listAllCalls()) seen.push(c.agentId)
      })(),
    )
    assert.equal(e.code, 'ERR_BAD_RESPONSE')
    assert.match(e.message, /cursor it had sent before/)
    assert.deepEqual(seen, ['A1'], 'the page with the repeated cursor is refused whole')
    assert.equal(pages, 2)
  } finally {
    await new Promise((r) => server.close(r))
  }
})

test('phone numbers: import (201), get, bind and unbind pipelines, list, delete (204) and delete again', async () => {
  const client = basicClient(sb)
  const number = fromNumber()
  const imported = await client.importPhoneNumber({
    provider: 'twilio',
    phoneNumber: number,
    label: 'Sales',
    inbound: true,
    outbound: false,
    inboundConfig: { allowedAddresses: ['112.126.15.64/27'] },
    outboundConfig: { address: 'sip.example.com', transport: 'tls', prefix: '6036' },
  })
  assert.deepEqual(imported, { provider: 'twilio', phoneNumber: number, label: 'Sales', inbound: true, outbound: false, associatedPipeline: null })
  const sent = sb.requests.at(-1)
  assert.equal(sent.path, '/api/conversational-ai-agent/v2/phone-numbers')
  assert.deepEqual(sent.body.inbound_config, { allowed_addresses: ['112.126.15.64/27'] })
  assert.deepEqual(sent.body.outbound_config, { address: 'sip.example.com', transport: 'tls', prefix: '6036' })

  const bound = await client.updatePhoneNumber(number, { inboundConfig: { pipelineId: 'pipe-in' } })
  assert.deepEqual(bound.associatedPipeline, { pipelineId: 'pipe-in', pipelineName: 'pipe-in' })
  assert.equal(sb.requests.at(-1).path, `/api/conversational-ai-agent/v2/phone-numbers/${number}`)
  assert.deepEqual(sb.requests.at(-1).body, { inbound_config: { pipeline_id: 'pipe-in' } })
  const unbound = await client.updatePhoneNumber(number, { inboundConfig: null })
  assert.equal(unbound.inboundConfig, null)
  assert.equal(unbound.associatedPipeline, null)
  assert.deepEqual((await client.getPhoneNumber(number)).outboundConfig, { address: 'sip.example.com', transport: 'tls', prefix: '6036' })
  assert.ok((await client.listPhoneNumbers()).some((n) => n.phoneNumber === number))

  const dup = await rejection(client.importPhoneNumber({ provider: 'byo', phoneNumber: number, label: 'again' }))
  assert.equal(dup.status, 409)
  assert.equal(dup.reason, 'phone_number_exists')

  await client.deletePhoneNumber(number)
  await client.deletePhoneNumber(number) // already gone: resolves (a retried delete)
  const gone = await rejection(client.getPhoneNumber(number))
  assert.equal(gone.status, 404)
  assert.equal(gone.reason, 'not_found')
})

test('phone numbers: bad requests are refused before sending; secrets in a SIP address are scrubbed from errors', async () => {
  const client = basicClient(sb)
  const before = sb.requests.length
  const bad = [
    { provider: 'vonage', phoneNumber: '+14155550100', label: 'x' },
    { provider: 'byo', phoneNumber: '4155550100', label: 'x' },
    { provider: 'byo', phoneNumber: '+14155550100', label: '' },
    { provider: 'byo', phoneNumber: '+14155550100', label: 'x', inboundConfig: { allowedAddresses: '10.0.0.0/8' } },
  ]
  for (const request of bad) assert.equal((await rejection(client.importPhoneNumber(request))).code, 'ERR_INVALID_ARG')
  assert.equal((await rejection(client.updatePhoneNumber('+14155550100', {}))).code, 'ERR_INVALID_ARG')
  assert.equal((await rejection(client.updatePhoneNumber('+14155550100', { inboundConfig: 'pipe' }))).code, 'ERR_INVALID_ARG')
  assert.equal(sb.requests.length, before)

  // A server that quotes the request back in its error.
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (d) => (body += d))
    req.on('end', () => {
      res.writeHead(400, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error_type: 'invalid_request', description: `bad config: ${body}` }))
    })
  })
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  try {
    const echo = new native.ConvoAIClient({ appId: sb.appId, customerId: 'c', customerSecret: 's', baseUrl: `http://127.0.0.1:${server.address().port}` })
    const e = await rejection(
      echo.importPhoneNumber({
        provider: 'byo',
        phoneNumber: '+14155550100',
        label: 'x',
        outboundConfig: { address: 'alice:hunter2-very-secret@sip.example.com', password: 'pw-also-secret' },
      }),
    )
    assert.equal(e.reason, 'invalid_request')
    assert.ok(!e.detail.includes('hunter2-very-secret') && !e.detail.includes('pw-also-secret'), e.detail)
    assert.match(e.detail, /\[redacted\]/)
  } finally {
    await new Promise((r) => server.close(r))
  }
})
