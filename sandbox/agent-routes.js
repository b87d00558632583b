'use strict'

// Handlers of the agent-scoped endpoints (docs/rest-api.md, "Calls"). Each takes the request
// context and returns `{ status, body }` or throws an ApiError.
const { ApiError, badBody, missing, invalid, notFound } = require('./api-error.js')
const { isObject, expectKind, requireKind, expectShape, expectOneOf } = require('./fields.js')
const { AgentStore, STATUS_CODES } = require('./agents-store.js')
const { validateJoin, usesMllm } = require('./validate-join.js')
const { joinTokenProblem, nowSeconds } = require('./tokens.js')
const { LEAVE_MESSAGE } = require('./stop-messages.js')

const SPEAK_MAX_BYTES = 512

function join(ctx) {
  const request = validateJoin(ctx.body, ctx.app)
  admit(ctx.store, request)
  const agent = ctx.store.create(request)
  return ok({ agent_id: agent.agentId, create_ts: agent.createTs, status: agent.status })
}

/** 409 TaskConflict unless a validated join (or call) may start: a free name and a free seat. */
function admit(store, request) {
  const sameName = store.activeNamed(request.name)
  if (sameName) throw new ApiError(409, 'TaskConflict', `an agent named ${request.name} is already running (agent_id ${sameName.agentId})`)
  // An agent uid must be unique in its channel; uid "0" asks the server to pick one.
  const sameSeat = request.agentUid !== '0' && store.activeInSeat(request.channel, request.agentUid)
  if (sameSeat) throw new ApiError(409, 'TaskConflict', `uid ${request.agentUid} is already used by agent ${sameSeat.agentId} in this channel`)
}

function leave(ctx) {
  const agent = known(ctx)
  if (agent.status === 'STOPPING') {
    throw new ApiError(400, 'InvalidRequest', `agent ${agent.agentId} is already in the process of shutting down`)
  }
  if (!AgentStore.isActive(agent)) throw notFound(agent.agentId)
  ctx.store.stop(agent, LEAVE_MESSAGE)
  return { status: 200, body: undefined }
}

const UPDATABLE = ['token', 'llm', 'mllm']

function update(ctx) {
  const agent = active(ctx)
  if (!isObject(ctx.body)) throw badBody('the request body must be a JSON object')
  requireKind(ctx.body.properties, 'object', 'properties')
  const changes = ctx.body.properties
  const other = Object.keys(changes).find((k) => !UPDATABLE.includes(k))
  if (other) throw invalid(`properties.${other} cannot be updated: only token, llm and mllm can`)
  expectShape(changes, { token: 'string', llm: 'object', mllm: 'object' }, 'properties')
  if (changes.token !== undefined) {
    const problem = joinTokenProblem(changes.token, {
      ...ctx.app,
      channel: agent.channel,
      agentUid: agent.agentUid,
      needRtm: agent.properties.advanced_features?.enable_rtm === true,
    })
    if (problem) throw invalid(problem)
  }
  // Each given object replaces the matching keys (llm.params is replaced whole, as Agora documents).
  const properties = { ...agent.properties }
  if (changes.token !== undefined) properties.token = changes.token
  for (const key of ['llm', 'mllm']) {
    if (changes[key] !== undefined) properties[key] = { ...properties[key], ...changes[key] }
  }
  ctx.store.replaceProperties(agent, properties)
  return ok({ agent_id: agent.agentId, create_ts: agent.createTs, status: agent.status })
}

function query(ctx) {
  const agent = known(ctx)
  return ok({ agent_id: agent.agentId, start_ts: agent.createTs, stop_ts: agent.stopTs, status: agent.status, message: agent.message })
}

function list(ctx) {
  const q = ctx.query
  const now = nowSeconds()
  const fromTime = integerParam(q, 'from_time', now - 2 * 3600, 0)
  const toTime = integerParam(q, 'to_time', now, 0)
  const limit = integerParam(q, 'limit', 20, 1)
  const states = stateParam(q.get('state'))
  const channel = q.get('channel')
  const matching = ctx.store
    .all()
    .filter((a) => a.createTs >= fromTime && a.createTs <= toTime && states.has(a.status))
    .filter((a) => channel === null || a.channel === channel)
  return ok(listBody(matching, q, limit, (a) => ({ agent_id: a.agentId, start_ts: a.createTs, status: a.status })))
}

/**
 * One page of a cursor-paged listing (agents, calls): `{data{count, list}, meta{cursor, total},
 * status}`. The cursor is the last agent_id of the previous page; `meta.cursor` is "" on the last.
 */
function listBody(matching, query, limit, toItem) {
  let start = 0
  const cursor = query.get('cursor')
  if (cursor) {
    const at = matching.findIndex((a) => a.agentId === cursor)
    if (at < 0) throw invalid('cursor does not match an entry of this query')
    start = at + 1
  }
  const page = matching.slice(start, start + limit)
  const more = start + page.length < matching.length
  return {
    data: { count: page.length, list: page.map(toItem) },
    meta: { cursor: more ? page[page.length - 1].agentId : '', total: matching.length },
    status: 'ok',
  }
}

function speak(ctx) {
  const agent = active(ctx)
  const body = objectBody(ctx.body)
  requireKind(body.text, 'string', 'text')
  if (body.text.length === 0) throw invalid('text must not be empty')
  if (Buffer.byteLength(body.text, 'utf8') > SPEAK_MAX_BYTES) throw invalid(`text must be at most ${SPEAK_MAX_BYTES} bytes (UTF-8)`)
  expectOneOf(body.priority, ['INTERRUPT', 'APPEND', 'IGNORE'], 'priority')
  expectKind(body.interruptable, 'boolean', 'interruptable')
  if (usesMllm(agent.properties)) throw new ApiError(400, 'InvalidRequest', 'speak is not supported for agents using mllm')
  // Field reports: the spoken text lands in the LLM history as an assistant turn.
  ctx.store.remember(agent, 'assistant', body.text)
  ctx.store.addTurn(agent, 'api_speak')
  return channelAck(agent)
}

function interrupt(ctx) {
  const agent = active(ctx)
  if (ctx.body !== undefined) objectBody(ctx.body)
  return channelAck(agent)
}

function think(ctx) {
  const agent = active(ctx)
  const body = objectBody(ctx.body)
  requireKind(body.text, 'string', 'text')
  if (body.text.length === 0) throw invalid('text must not be empty')
  expectOneOf(body.on_listening_action, ['inject', 'interrupt', 'ignore'], 'on_listening_action')
  expectOneOf(body.on_thinking_action, ['interrupt', 'ignore'], 'on_thinking_action')
  expectOneOf(body.on_speaking_action, ['interrupt', 'ignore'], 'on_speaking_action')
  expectShape(body, { interruptable: 'boolean', metadata: 'map<string,string>' }, '')
  ctx.store.remember(agent, 'user', body.text)
  return channelAck(agent)
}

function history(ctx) {
  // Agora answers 404 as soon as the agent stops.
  const agent = active(ctx)
  return ok({ agent_id: agent.agentId, start_ts: agent.createTs, status: agent.status, contents: agent.history.map((c) => ({ ...c })) })
}

function turns(ctx) {
  const agent = known(ctx)
  const pageIndex = integerParam(ctx.query, 'page_index', 1, 1)
  const pageSize = integerParam(ctx.query, 'page_size', 20, 1)
  const totalPages = Math.max(1, Math.ceil(agent.turns.length / pageSize))
  return ok({
    agent_id: agent.agentId,
    name: agent.name,
    channel: agent.channel,
    total_turn_count: agent.turns.length,
    pagination: { page_index: pageIndex, total_pages: totalPages, is_last_page: pageIndex >= totalPages },
    turns: agent.turns.slice((pageIndex - 1) * pageSize, pageIndex * pageSize),
  })
}

const ok = (body) => ({ status: 200, body })
const channelAck = (agent) => ok({ agent_id: agent.agentId, channel: agent.channel, start_ts: agent.createTs })

function known(ctx) {
  const agent = ctx.store.get(ctx.agentId)
  if (!agent) throw notFound(ctx.agentId)
  return agent
}

function active(ctx) {
  const agent = known(ctx)
  if (!AgentStore.isActive(agent)) throw notFound(agent.agentId)
  return agent
}

function objectBody(body) {
  if (body === undefined) throw missing('the request body')
  if (!isObject(body)) throw badBody('the request body must be a JSON object')
  return body
}

function integerParam(query, name, fallback, min) {
  const raw = query.get(name)
  if (raw === null || raw === '') return fallback
  if (!/^-?[0-9]+$/.test(raw) || Number(raw) < min) throw invalid(`${name} must be an integer of at least ${min}`)
  return Number(raw)
}

/** `state` is a comma-separated list of numeric codes, default 2 (RUNNING). */
function stateParam(raw) {
  const names = Object.keys(STATUS_CODES)
  const codes = raw === null || raw === '' ? ['2'] : raw.split(',').map((s) => s.trim())
  return new Set(
    codes.map((code) => {
      if (!/^[0-6]$/.test(code)) throw invalid('state must be a comma-separated list of codes 0 to 6')
      return names[Number(code)]
    }),
  )
}

module.exports = { join, leave, update, query, list, speak, interrupt, think, history, turns, admit, integerParam, listBody }
