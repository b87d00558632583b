'use strict'

// Which handler answers which method and path. Any path prefix before Agora's own paths is
// ignored, so clients configured with a prefixed base URL (or the CN `/cn` segment) reach it.
const agents = require('./agent-routes.js')

const AGENT_SCOPE = /^(?:\/[^?]*)?\/api\/conversational-ai-agent\/v2\/projects\/([^/]+)(\/[^?]*?)\/?$/
const CONSOLE_PROJECTS = /^(?:\/[^?]*)?\/dev\/v1\/projects\/?$/

/** [method, path below /v2/projects/{appid}, handler]; `:id` captures the agent id. */
const AGENT_ROUTES = [
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
].map(([method, pattern, handler]) => [method, new RegExp(`^${pattern.replace(':id', '([^/]+)')}$`), handler])

/**
 * @returns {{ kind: 'console' } | { kind: 'agent', appId: string, agentId?: string, handler?: Function, methodAllowed: boolean } | { kind: 'none' }}
 */
function resolve(method, pathname) {
  if (CONSOLE_PROJECTS.test(pathname)) return { kind: 'console', methodAllowed: method === 'GET' }
  const scoped = AGENT_SCOPE.exec(pathname)
  if (!scoped) return { kind: 'none' }
  const [, appId, rest] = scoped
  let pathKnown = false
  for (const [m, re, handler] of AGENT_ROUTES) {
    const hit = re.exec(rest)
    if (!hit) continue
    if (m === method) return { kind: 'agent', appId, agentId: hit[1] && decodeURIComponent(hit[1]), handler, methodAllowed: true }
    pathKnown = true
  }
  return pathKnown ? { kind: 'agent', appId, methodAllowed: false } : { kind: 'none' }
}

module.exports = { resolve }
