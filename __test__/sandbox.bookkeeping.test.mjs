// The sandbox's bookkeeping under many agents and requests: the active-agent indexes agree with
// the agents' states (idle timeout, leave, uid "0"), the request log obeys `recordRequests`, and
// a token sent again is judged again against the clock.

import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import { AccessToken2, agentPath, call, joinBody, officialToken, ServiceRtc, startSandbox } from './sandbox.helpers.mjs'

const sandboxes = []
const open = async (options) => {
  const sb = await startSandbox({ agentStartDelayMs: 0, agentStopDelayMs: 0, ...options })
  sandboxes.push(sb)
  return sb
}
after(() => Promise.all(sandboxes.map((sb) => sb.close())))

const join = (sb, body, options) => call(sb, 'POST', agentPath(sb, '/join'), { body, ...options })

async function eventually(check) {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10))
  assert.ok(check())
}

test('name and seat are free again once the idle timeout stops the agent', async () => {
  const sb = await open()
  const body = joinBody(sb, { name: 'idle', channel: 'idle-room', uid: '5', properties: { idle_timeout: 1 } })
  const first = await join(sb, body)
  assert.equal(first.status, 200)
  assert.equal((await join(sb, body)).status, 409)
  await eventually(() => sb.agents().find((a) => a.agentId === first.body.agent_id).status === 'STOPPED')
  assert.equal((await join(sb, body)).status, 200)
})

test('uid "0" agents share a channel; stopping one does not free a name or seat of another', async () => {
  const sb = await open()
  const zero = (name) => joinBody(sb, { name, channel: 'shared', uid: '0' })
  const a = await join(sb, zero('zero-a'))
  const b = await join(sb, zero('zero-b'))
  assert.deepEqual([a.status, b.status], [200, 200])
  const seated = await join(sb, joinBody(sb, { name: 'seated', channel: 'shared', uid: '7' }))
  assert.equal(seated.status, 200)
  assert.equal((await call(sb, 'POST', agentPath(sb, `/agents/${a.body.agent_id}/leave`))).status, 200)
  assert.equal((await join(sb, zero('zero-b'))).status, 409)
  assert.equal((await join(sb, joinBody(sb, { name: 'other', channel: 'shared', uid: '7' }))).status, 409)
  assert.equal((await join(sb, zero('zero-a'))).status, 200)
})

test('hundreds of agents: each name and seat conflicts exactly while its agent is active', async () => {
  const sb = await open()
  const ids = []
  for (let i = 0; i < 300; i++) {
    const res = await join(sb, joinBody(sb, { name: `n${i}`, channel: `c${i % 10}`, uid: String(1000 + i) }))
    assert.equal(res.status, 200)
    ids.push(res.body.agent_id)
  }
  for (const i of [0, 150, 299]) {
    assert.equal((await join(sb, joinBody(sb, { name: `n${i}`, channel: 'free', uid: '1' }))).status, 409)
    assert.equal((await join(sb, joinBody(sb, { name: `fresh${i}`, channel: `c${i % 10}`, uid: String(1000 + i) }))).status, 409)
    await call(sb, 'POST', agentPath(sb, `/agents/${ids[i]}/leave`))
    assert.equal((await join(sb, joinBody(sb, { name: `n${i}`, channel: `c${i % 10}`, uid: String(1000 + i) }))).status, 200)
  }
})

test('recordRequests: false records nothing; a number keeps the most recent ones', async () => {
  const none = await open({ recordRequests: false })
  await call(none, 'GET', agentPath(none, '/agents'))
  assert.deepEqual(none.requests, [])

  const last2 = await open({ recordRequests: 2 })
  for (const limit of [1, 2, 3]) await call(last2, 'GET', agentPath(last2, `/agents?limit=${limit}`))
  assert.deepEqual(
    last2.requests.map((r) => r.path),
    [agentPath(last2, '/agents?limit=2'), agentPath(last2, '/agents?limit=3')],
  )

  for (const bad of [-1, 1.5, 'all', null]) {
    await assert.rejects(startSandbox({ recordRequests: bad }), { code: 'ERR_INVALID_ARG' })
  }
})

test('the log keeps a non-JSON body as text and redacts a JSON one', async () => {
  const sb = await open()
  await join(sb, 'not json {')
  await join(sb, joinBody(sb, { channel: 'logged' }))
  const [raw, json] = sb.requests.slice(-2)
  assert.equal(raw.body, 'not json {')
  assert.equal(json.body.properties.token, '***')
  assert.equal(json.body.properties.llm.api_key, '***')
})

test('a header token accepted once is refused once it has expired (the clock is checked on every use)', async () => {
  const sb = await open()
  const token = new AccessToken2(sb.appId, sb.appCertificate, Math.floor(Date.now() / 1000), 2)
  const rtc = new ServiceRtc('hdr', 9)
  rtc.add_privilege(ServiceRtc.kPrivilegeJoinChannel, 0)
  token.add_service(rtc)
  const auth = `agora token=${token.build()}`
  assert.equal((await call(sb, 'GET', agentPath(sb, '/agents'), { auth })).status, 200)
  assert.equal((await call(sb, 'GET', agentPath(sb, '/agents'), { auth })).status, 200)
  await new Promise((r) => setTimeout(r, 2100))
  const late = await call(sb, 'GET', agentPath(sb, '/agents'), { auth })
  assert.equal(late.status, 401)
  assert.match(late.body.detail, /expired/)
  // Another sandbox with another certificate judges the same text afresh.
  const other = await open({ appCertificate: '00112233445566778899aabbccddeeff' })
  const fresh = `agora token=${officialToken(sb, 'x', '1')}`
  assert.equal((await call(sb, 'GET', agentPath(sb, '/agents'), { auth: fresh })).status, 200)
  assert.equal((await call(other, 'GET', agentPath(other, '/agents'), { auth: fresh })).status, 401)
})
