// How finished calls reach their promises (src/convoai/completions.rs,
// lib/calls.js): outcomes settle in batches, each promise with its own
// outcome; a pending call keeps Node alive and a settled one does not; a
// server's keys cannot reach a result's prototype.

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import http from 'node:http'
import { test } from 'node:test'
import { ConvoAIClient } from '../index.js'

const credentials = {
  appId: '970CA35de60c44645bbae8a215061b33',
  appCertificate: '5CFd2fd1755d40ecb72977518be15d3b',
  customerId: 'cid',
  customerSecret: 'csecret',
}
const request = (name) => ({ name, channel: 'room', agentUid: 7, remoteUids: [8] })

/** A server answering each join from `answer(name)`: `[status, body]`, after `delayMs`. */
async function server(answer, delayMs = 0) {
  const s = http.createServer((req, res) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString()
      const [status, body] = answer(text ? JSON.parse(text).name : undefined)
      setTimeout(() => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(body))
      }, delayMs)
    })
  })
  await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${s.address().port}`, close: () => s.close() }
}

test('many calls at once each settle with their own result or error', async () => {
  // Even names succeed with an id made from the name; odd ones are refused (400).
  const s = await server((name) =>
    Number(name.slice(1)) % 2 ? [400, { detail: `bad ${name}`, reason: 'InvalidRequest' }] : [200, { agent_id: `A-${name}`, create_ts: 1, status: 'STARTING' }],
  )
  try {
    const client = new ConvoAIClient({ ...credentials, baseUrl: s.url, maxRetries: 0 })
    const names = Array.from({ length: 300 }, (_, i) => `n${i}`)
    const outcomes = await Promise.allSettled(names.map((name) => client.startAgent(request(name))))
    outcomes.forEach((o, i) => {
      if (i % 2) {
        assert.equal(o.status, 'rejected', names[i])
        assert.equal(o.reason.code, 'ERR_AGORA_API')
        assert.equal(o.reason.status, 400)
        assert.equal(o.reason.detail, `bad ${names[i]}`)
      } else {
        assert.equal(o.status, 'fulfilled', names[i])
        assert.deepEqual(o.value, { agentId: `A-${names[i]}`, createTs: 1, status: 'STARTING' })
      }
    })
  } finally {
    s.close()
  }
})

test('void calls resolve with undefined', async () => {
  const s = await server(() => [200, {}])
  try {
    const client = new ConvoAIClient({ ...credentials, baseUrl: s.url })
    assert.equal(await client.stopAgent('A1'), undefined)
  } finally {
    s.close()
  }
})

test("a server's __proto__ keys reach no prototype", async () => {
  const s = await server(() => [200, JSON.parse('{"agent_id":"A1","status":"RUNNING","__proto__":{"polluted":true},"x":{"__proto__":{"polluted":true}}}')])
  try {
    const client = new ConvoAIClient({ ...credentials, baseUrl: s.url })
    const r = await client.startAgent(request('n0'))
    assert.equal(Object.getPrototypeOf(r), Object.prototype)
    assert.equal(Object.getPrototypeOf(r.x), Object.prototype)
    assert.equal(r.polluted, undefined)
    assert.equal({}.polluted, undefined)
  } finally {
    s.close()
  }
})

test('a pending call keeps Node alive until it settles; then Node exits', async () => {
  const s = await server(() => [200, { agent_id: 'LATE', create_ts: 1, status: 'STARTING' }], 300)
  try {
    const script = `
      const { ConvoAIClient } = require(${JSON.stringify(new URL('../index.js', import.meta.url).pathname)})
      const client = new ConvoAIClient(${JSON.stringify({ ...credentials, baseUrl: s.url })})
      client.startAgent(${JSON.stringify(request('n0'))}).then((r) => console.log(r.agentId))
    `
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    const [code] = await once(child, 'exit')
    assert.equal(code, 0)
    assert.equal(out.trim(), 'LATE')
  } finally {
    s.close()
  }
})
