'use strict'

// Which handler answers which method and path. Any path prefix before Agora's own paths is
// ignored, so clients configured with a prefixed base URL (or the CN `/cn` segment) reach it.
// Telephony and phone-number targets are marked `telephony`: their errors are
// `{error_type, description}` (telephony-errors.js).
const agents = require('./agent-routes.js')
const calls = require('./call-routes.js')
const numbers = require('./phone-numbers.js').handlers

const AGENT_SCOPE = /^(?:\/[^?]*)?\/api\/conversational-ai-agent\/v2\/projects\/([^/]+)(\/[^?]*?)\/?$/
const PHONE_NUMBERS = /^(?:\/[^?]*)?\/api\/conversational-ai-agent\/v2\/phone-numbers(\/[^?]*?)?\/?$/
const CONSOLE_PROJECTS = /^(?:\/[^?]*)?\/dev\/v1\/projects\/?$/

/** [method, path pattern, handler]: `:id` captures one segment (an agent id, a phone number). */
const compile = (routes) => routes.map(([method, pattern, handler]) => [method, new RegExp(`^${pattern.replace(':id', '([^/]+)')}$`), handler])

/** Below /v2/projects/{appid}. */
const AGENT_ROUTES = compile([
  ['POST', '/join', agents.join],
  ['GET', '/agents', agents.list],
  ['GET', '/agents/:id', agents.query],
  ['POST', '/agents/:id/leave', agents.leave],
  ['POST', '/agents/:id/update', agents.update],
  ['POST', '/agents/:id/speak', agents.speak],
  ['POST', '/agents/:id/interrupt', agents.interrupt],
  ['POST', '/agents/:id/think', agents.think],
  ['GET', '/agents/:id/history', agents.history],
  ['GET', '/agents/:id/turns', agents.turns],
])

/** Below /v2/projects/{appid}: GET and POST /call share a path (list and place). */
const CALL_ROUTES = compile([
  ['POST', '/call', calls.start],
  ['GET', '/call', calls.list],
  ['GET', '/calls/:id', calls.get],
  ['POST', '/calls/:id/hangup', calls.hangup],
])

/** Below /v2/phone-numbers (no project). */
const NUMBER_ROUTES = compile([
  ['GET', '', numbers.list],
  ['POST', '', numbers.add],
  ['GET', '/:id', numbers.get],
  ['PATCH', '/:id', numbers.patch],
  ['DELETE', '/:id', numbers.remove],
])

/** The route of `rest` among `routes`: `{ handler, id }`, `{ methodAllowed: false }` or undefined. */
function match(routes, method, rest) {
  let pathKnown = false
  for (const [m, re, handler] of routes) {
    const hit = re.exec(rest)
    if (!hit) continue
    if (m === method) return { handler, id: hit[1] && decodeURIComponent(hit[1]), methodAllowed: true }
    pathKnown = true
  }
  return pathKnown ? { methodAllowed: false } : undefined
}

/**
 * @returns {{ kind: 'console', methodAllowed: boolean }
 *   | { kind: 'agent', appId: string, agentId?: string, handler?: Function, methodAllowed: boolean, telephony: boolean }
 *   | { kind: 'numbers', phoneNumber?: string, handler?: Function, methodAllowed: boolean, telephony: true }
 *   | { kind: 'none' }}
 */
function resolve(method, pathname) {
  if (CONSOLE_PROJECTS.test(pathname)) return { kind: 'console', methodAllowed: method === 'GET' }
  const numbered = PHONE_NUMBERS.exec(pathname)
  if (numbered) {
    const hit = match(NUMBER_ROUTES, method, numbered[1] ?? '')
    return hit ? { kind: 'numbers', phoneNumber: hit.id, handler: hit.handler, methodAllowed: hit.methodAllowed, telephony: true } : { kind: 'none' }
  }
  const scoped = AGENT_SCOPE.exec(pathname)
  if (!scoped) return { kind: 'none' }
  const [, appId, rest] = scoped
  for (const [routes, telephony] of [
    [AGENT_ROUTES, false],
    [CALL_ROUTES, true],
  ]) {
    const hit = match(routes, method, rest)
    if (hit) return { kind: 'agent', appId, agentId: hit.id, handler: hit.handler, methodAllowed: hit.methodAllowed, telephony }
  }
  return { kind: 'none' }
}

module.exports = { resolve }
