// The agent endpoints after join: leave, update, query, list, speak, interrupt, think, history,
// turns, and the idle timeout.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { agentPath, call, officialToken, startAgent, startSandbox, until } from './sandbox.helpers.mjs'

let sb
before(async () => {
  sb = await startSandbox({ agentStartDelayMs: 0, agentStopDelayMs: 20 })
})
after(() => sb.close())

const agentCall = (method, id, rest = '', body) => call(sb, method, agentPath(sb, `/agents/${id}${rest}`), { body })
const statusOf = async (id) => (await agentCall('GET', id)).body.status
const UNKNOWN = 'NOSUCHAGENT0000000000000A'

test('leave: 200 empty, STOPPING; again while stopping -> "already shutting down"', async () => {
  // A stop delay no test outlives: the agent stays STOPPING for the whole test.
  const slow = await startSandbox({ agentStopDelayMs: 600_000 })
  try {
    const id = await startAgent(slow)
    const res = await call(slow, 'POST', agentPath(slow, `/agents/${id}/leave`))
    assert.equal(res.status, 200)
    assert.equal(res.text, '')
    assert.equal((await call(slow, 'GET', agentPath(slow, `/agents/${id}`))).body.status, 'STOPPING')
    const again = await call(slow, 'POST', agentPath(slow, `/agents/${id}/leave`))
    assert.equal(again.status, 400)
    assert.equal(again.body.reason, 'InvalidRequest')
    assert.match(again.body.detail, /already in the process of shutting down/)
  } finally {
    await slow.close()
  }
})

test('leave: STOPPED after the stop delay, then 404 TaskNotFound; unknown id 404', async () => {
  const id = await startAgent(sb)
  assert.equal((await agentCall('POST', id, '/leave')).status, 200)
  await until(async () => (await statusOf(id)) === 'STOPPED')
  const gone = await agentCall('POST', id, '/leave')
  assert.equal(gone.status, 404)
  assert.equal(gone.body.reason, 'TaskNotFound')
  const unknown = await agentCall('POST', UNKNOWN, '/leave')
  assert.deepEqual([unknown.status, unknown.body.reason], [404, 'TaskNotFound'])
})

test('query: {agent_id, start_ts, stop_ts, status, message}; stop_ts and message once stopped; 404 unknown', async () => {
  const id = await startAgent(sb)
  const running = await agentCall('GET', id)
  assert.equal(running.status, 200)
  assert.deepEqual(Object.keys(running.body).sort(), ['agent_id', 'message', 'start_ts', 'status', 'stop_ts'])
  assert.equal(running.body.stop_ts, 0)
  await agentCall('POST', id, '/leave')
  await until(async () => (await statusOf(id)) === 'STOPPED')
  const stopped = (await agentCall('GET', id)).body
  assert.ok(stopped.stop_ts >= stopped.start_ts)
  assert.match(stopped.message, /leave/)
  assert.equal((await agentCall('GET', UNKNOWN)).status, 404)
})

test('update: token and llm only; token checked like join; 404 once stopped', async () => {
  const channel = 'upd'
  const id = await startAgent(sb, { channel, uid: '71' })
  const res = await agentCall('POST', id, '/update', {
    properties: { token: officialToken(sb, channel, '71'), llm: { params: { model: 'x', max_tokens: 5 } } },
  })
  assert.equal(res.status, 200)
  assert.deepEqual(Object.keys(res.body).sort(), ['agent_id', 'create_ts', 'status'])
  const bad = [
    [{ properties: { remote_rtc_uids: ['3'] } }, 'InvalidFieldValue', /cannot be updated/],
    [{ properties: { token: officialToken(sb, 'other', '71') } }, 'InvalidFieldValue', /different channel/],
    [{ properties: { llm: 'x' } }, 'InvalidFieldValue', /properties\.llm/],
    [{}, 'MissingRequiredField', /properties/],
    [[], 'InvalidRequestBody', /object/],
  ]
  for (const [body, reason, detail] of bad) {
    const r = await agentCall('POST', id, '/update', body)
    assert.equal(r.status, 400, JSON.stringify(body))
    assert.equal(r.body.reason, reason)
    assert.match(r.body.detail, detail)
  }
  await agentCall('POST', id, '/leave')
  assert.equal((await agentCall('POST', id, '/update', { properties: { llm: {} } })).status, 404)
  assert.equal((await agentCall('POST', UNKNOWN, '/update', { properties: { llm: {} } })).status, 404)
})

test('speak: ≤ 512 UTF-8 bytes, priority values, not with mllm; answer {agent_id, channel, start_ts}', async () => {
  const channel = 'spk'
  const id = await startAgent(sb, { channel })
  const ok = await agentCall('POST', id, '/speak', { text: 'é'.repeat(256), priority: 'INTERRUPT', interruptable: false })
  assert.equal(ok.status, 200)
  assert.deepEqual(ok.body, { agent_id: id, channel, start_ts: ok.body.start_ts })
  for (const priority of ['APPEND', 'IGNORE']) assert.equal((await agentCall('POST', id, '/speak', { text: 'hi', priority })).status, 200)
  const bad = [
    [{ text: `${'é'.repeat(256)}x` }, 'InvalidFieldValue', /512 bytes/],
    [{ text: 'hi', priority: 'LOUD' }, 'InvalidFieldValue', /priority/],
    [{ text: 'hi', interruptable: 'no' }, 'InvalidFieldValue', /interruptable/],
    [{ priority: 'APPEND' }, 'MissingRequiredField', /text/],
    [{ text: '' }, 'InvalidFieldValue', /text/],
  ]
  for (const [body, reason, detail] of bad) {
    const r = await agentCall('POST', id, '/speak', body)
    assert.equal(r.status, 400, JSON.stringify(body))
    assert.equal(r.body.reason, reason)
    assert.match(r.body.detail, detail)
  }
  const mllm = await startAgent(sb, { properties: { mllm: { enable: true, vendor: 'openai' } } })
  const refused = await agentCall('POST', mllm, '/speak', { text: 'hi' })
  assert.equal(refused.status, 400)
  assert.match(refused.body.detail, /mllm/)
  assert.equal((await agentCall('POST', UNKNOWN, '/speak', { text: 'hi' })).status, 404)
})

test('interrupt and think', async () => {
  const id = await startAgent(sb, { channel: 'thk' })
  const intr = await agentCall('POST', id, '/interrupt', {})
  assert.deepEqual([intr.status, intr.body.agent_id, intr.body.channel], [200, id, 'thk'])
  assert.equal((await agentCall('POST', id, '/interrupt')).status, 200)
  assert.equal((await agentCall('POST', id, '/interrupt', [])).body.reason, 'InvalidRequestBody')
  const think = await agentCall('POST', id, '/think', {
    text: 'the user is back',
    on_listening_action: 'inject',
    on_thinking_action: 'ignore',
    on_speaking_action: 'interrupt',
    interruptable: true,
    metadata: { k: 'v' },
  })
  assert.deepEqual([think.status, think.body.agent_id, think.body.channel], [200, id, 'thk'])
  const bad = [
    [{ on_listening_action: 'inject' }, 'MissingRequiredField'],
    [{ text: 'x', on_listening_action: 'shout' }, 'InvalidFieldValue'],
    [{ text: 'x', on_thinking_action: 'inject' }, 'InvalidFieldValue'],
    [{ text: 'x', metadata: { k: 1 } }, 'InvalidFieldValue'],
  ]
  for (const [body, reason] of bad) assert.equal((await agentCall('POST', id, '/think', body)).body.reason, reason, JSON.stringify(body))
  assert.equal((await agentCall('POST', UNKNOWN, '/interrupt', {})).status, 404)
  assert.equal((await agentCall('POST', UNKNOWN, '/think', { text: 'x' })).status, 404)
})

test('history: greeting, speak and think in order, bounded by max_history; 404 once stopped', async () => {
  const id = await startAgent(sb, { properties: { llm: { greeting_message: 'Hello!', max_history: 3 } } })
  await agentCall('POST', id, '/speak', { text: 'one' })
  await agentCall('POST', id, '/think', { text: 'two' })
  let h = await agentCall('GET', id, '/history')
  assert.equal(h.status, 200)
  assert.deepEqual(Object.keys(h.body).sort(), ['agent_id', 'contents', 'start_ts', 'status'])
  assert.deepEqual(h.body.contents, [
    { role: 'assistant', content: 'Hello!' },
    { role: 'assistant', content: 'one' },
    { role: 'user', content: 'two' },
  ])
  await agentCall('POST', id, '/speak', { text: 'three' })
  h = await agentCall('GET', id, '/history')
  assert.deepEqual(
    h.body.contents.map((c) => c.content),
    ['one', 'two', 'three'],
  )
  await agentCall('POST', id, '/leave')
  const gone = await agentCall('GET', id, '/history')
  assert.deepEqual([gone.status, gone.body.reason], [404, 'TaskNotFound'])
})

test('turns: pagination, still there after stop', async () => {
  const id = await startAgent(sb, { name: 'turny', channel: 'trn', properties: { llm: { greeting_message: 'Hi' } } })
  for (let i = 0; i < 4; i += 1) await agentCall('POST', id, '/speak', { text: `s${i}` })
  const page = await call(sb, 'GET', agentPath(sb, `/agents/${id}/turns?page_index=2&page_size=2`))
  assert.equal(page.status, 200)
  assert.equal(page.body.agent_id, id)
  assert.equal(page.body.name, 'turny')
  assert.equal(page.body.channel, 'trn')
  assert.equal(page.body.total_turn_count, 5)
  assert.deepEqual(page.body.pagination, { page_index: 2, total_pages: 3, is_last_page: false })
  assert.deepEqual(
    page.body.turns.map((t) => t.turn_id),
    [3, 4],
  )
  assert.deepEqual(Object.keys(page.body.turns[0]).sort(), ['agent_id', 'channel', 'end', 'metrics', 'start', 'turn_id'])
  assert.equal(page.body.turns[0].start.type, 'api_speak')
  await agentCall('POST', id, '/leave')
  const last = await call(sb, 'GET', agentPath(sb, `/agents/${id}/turns?page_index=3&page_size=2`))
  assert.deepEqual(last.body.pagination, { page_index: 3, total_pages: 3, is_last_page: true })
  const first = await call(sb, 'GET', agentPath(sb, `/agents/${id}/turns`))
  assert.equal(first.body.turns[0].start.type, 'greeting')
  assert.equal((await call(sb, 'GET', agentPath(sb, `/agents/${id}/turns?page_size=0`))).body.reason, 'InvalidFieldValue')
  assert.equal((await call(sb, 'GET', agentPath(sb, `/agents/${UNKNOWN}/turns`))).status, 404)
})

test('list: channel, state codes, time window, limit and cursor over 250 agents', async () => {
  const local = await startSandbox({ agentStartDelayMs: 0 })
  try {
    const ids = []
    for (let i = 0; i < 250; i += 1) ids.push(await startAgent(local, { channel: i % 2 ? 'odd' : 'even', uid: String(i + 1) }))
    await until(() => local.agents().every((a) => a.status === 'RUNNING'))
    const seen = []
    let cursor = ''
    let pages = 0
    do {
      const res = await call(local, 'GET', agentPath(local, `/agents?limit=100${cursor ? `&cursor=${cursor}` : ''}`))
      assert.equal(res.status, 200)
      assert.equal(res.body.status, 'ok')
      assert.equal(res.body.meta.total, 250)
      assert.equal(res.body.data.count, res.body.data.list.length)
      for (const item of res.body.data.list) assert.deepEqual(Object.keys(item).sort(), ['agent_id', 'start_ts', 'status'])
      seen.push(...res.body.data.list.map((a) => a.agent_id))
      cursor = res.body.meta.cursor
      pages += 1
    } while (cursor)
    assert.equal(pages, 3)
    assert.deepEqual(seen, ids)
    const odd = await call(local, 'GET', agentPath(local, '/agents?channel=odd&limit=500'))
    assert.equal(odd.body.meta.total, 125)
    assert.equal((await call(local, 'GET', agentPath(local, '/agents'))).body.data.count, 20, 'default limit 20')
    // Stop two: they leave the default state filter (2 = RUNNING) and show under 3/4.
    await call(local, 'POST', agentPath(local, `/agents/${ids[0]}/leave`))
    await call(local, 'POST', agentPath(local, `/agents/${ids[1]}/leave`))
    assert.equal((await call(local, 'GET', agentPath(local, '/agents?limit=1'))).body.meta.total, 248)
    assert.equal((await call(local, 'GET', agentPath(local, '/agents?state=3,4&limit=1'))).body.meta.total, 2)
    assert.equal((await call(local, 'GET', agentPath(local, '/agents?state=2,3,4&limit=1'))).body.meta.total, 250)
    const future = Math.floor(Date.now() / 1000) + 3600
    assert.equal((await call(local, 'GET', agentPath(local, `/agents?from_time=${future}&to_time=${future + 10}`))).body.meta.total, 0)
    assert.equal((await call(local, 'GET', agentPath(local, '/agents?from_time=0&limit=1'))).body.meta.total, 248)
    for (const q of ['state=9', 'limit=0', 'limit=abc', 'from_time=yesterday', 'cursor=NOPE']) {
      const res = await call(local, 'GET', agentPath(local, `/agents?${q}`))
      assert.deepEqual([res.status, res.body.reason], [400, 'InvalidFieldValue'], q)
    }
  } finally {
    await local.close()
  }
})

test('idle timeout: with no remote user ever joining, the agent stops idle_timeout s after start', async () => {
  const id = await startAgent(sb, { properties: { idle_timeout: 1 } })
  const keeper = await startAgent(sb, { properties: { idle_timeout: 0 } })
  assert.notEqual(await statusOf(id), 'STOPPED')
  await until(async () => (await statusOf(id)) === 'STOPPED')
  assert.match((await agentCall('GET', id)).body.message, /idle timeout/)
  assert.equal(await statusOf(keeper), 'RUNNING')
})
