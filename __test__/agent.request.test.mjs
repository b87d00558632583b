// How ConvoAIClient.startAgent reads its request (lib/generated/start-agent.js,
// src/convoai/start_request.rs): each field index.d.ts declares, once, in
// declaration order, inherited ones included; a bad field rejects with a
// coded TypeError naming it, a throwing getter rejects with its own error.
// Every call here is aborted before it is sent, so no server is needed.

import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { ConvoAIClient } from '../index.js'

const dts = readFileSync(new URL('../index.d.ts', import.meta.url), 'utf8')
const client = new ConvoAIClient({
  appId: '970CA35de60c44645bbae8a215061b33',
  appCertificate: '5CFd2fd1755d40ecb72977518be15d3b',
  baseUrl: 'http://127.0.0.1:9',
})
const aborted = () => ({ signal: AbortSignal.abort() })
const request = { channel: 'room', agentUid: 7, remoteUids: [8] }

/** The members of `StartAgentRequest` in index.d.ts, in order. */
function declaredFields() {
  const body = /^export interface StartAgentRequest \{\n([\s\S]*?)^\}/m.exec(dts)?.[1]
  assert.ok(body, 'index.d.ts declares StartAgentRequest')
  // Members sit at two spaces of indentation; doc comments are deeper.
  return [...body.matchAll(/^ {2}(\w+)\??:/gm)].map((m) => m[1])
}

test('each field index.d.ts declares is read once, in declaration order, and nothing else', async () => {
  const seen = []
  const proxy = new Proxy(request, {
    get(target, key) {
      seen.push(key)
      return target[key]
    },
  })
  const err = await client.startAgent(proxy, aborted()).then(
    () => null,
    (e) => e,
  )
  assert.equal(err?.code, 'ERR_ABORTED')
  const declared = declaredFields()
  assert.ok(declared.length >= 25, `${declared}`)
  assert.deepEqual(seen, declared)
})

test('inherited fields count', async () => {
  // A bad inherited channel is refused: so it was read.
  const err = await client.startAgent(Object.create({ ...request, channel: 'bad/channel' })).then(
    () => null,
    (e) => e,
  )
  assert.equal(err?.code, 'ERR_INVALID_CHANNEL_NAME')
})

test('a wrongly typed or missing field rejects with a TypeError naming it, never quoting its value', async () => {
  const secret = 'S3cret-value-in-the-wrong-field'
  const cases = [
    [{ ...request, channel: undefined }, /channel is required/],
    [{ ...request, agentUid: true }, /agentUid must be a number or a string/],
    [{ ...request, remoteUids: secret }, /remoteUids must be an array of numbers and strings/],
    [{ ...request, remoteUids: [secret, {}] }, /remoteUids must be an array of numbers and strings/],
    [{ ...request, token: 5 }, /token must be a string/],
    [{ ...request, name: null }, /name must be a string/],
    [{ ...request, tokenExpire: secret }, /tokenExpire must be a number/],
    [{ ...request, enableRtm: 'yes' }, /enableRtm must be a boolean/],
    [{ ...request, llm: { key: secret, bad: Symbol('x') } }, /llm has the wrong type/],
  ]
  for (const [bad, message] of cases) {
    const err = await client.startAgent(bad, aborted()).then(
      () => null,
      (e) => e,
    )
    assert.ok(err instanceof TypeError, `${message}: ${err}`)
    assert.equal(err.code, 'ERR_INVALID_ARG')
    assert.match(err.message, message)
    assert.doesNotMatch(err.message, /S3cret/)
  }
  for (const notAnObject of [undefined, null, 'room', 5]) {
    const err = await client.startAgent(notAnObject).then(
      () => null,
      (e) => e,
    )
    assert.equal(err?.code, 'ERR_INVALID_ARG', String(notAnObject))
    assert.match(err.message, /request must be an object/)
  }
})

test('a throwing getter rejects with its own error instead of throwing', async () => {
  const boom = new Error('from the getter')
  const promise = client.startAgent({
    ...request,
    get token() {
      throw boom
    },
  })
  assert.ok(promise instanceof Promise)
  await assert.rejects(promise, (e) => e === boom)
})
