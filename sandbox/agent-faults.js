'use strict'

// Faults scripted on an agent rather than on a request: an error it reports while it keeps
// running (`injectAgentError`: a 110 agent error notification), and a failure that ends it
// (`failAgent`: FAILED, and a 102 with status FAILED). Both take a STARTING or RUNNING agent.
const { typeError, rangeError } = require('../compat/lib/errors.js')
const { AgentStore } = require('./agents-store.js')

/** Longest module name or message accepted, in bytes. */
const MAX_TEXT_BYTES = 1024
/** What `injectAgentError` reports by default: the LLM vendor answering 503, as Agora's example. */
const DEFAULT_AGENT_ERROR = Object.freeze({ module: 'llm', code: 503, message: 'Service Unavailable' })
/** A 102 FAILED message Agora documents (the other is "Connecting for too long"). */
const DEFAULT_FAILURE_MESSAGE = 'RTC connection error'

/** The STARTING or RUNNING agent `agentId`, for the sandbox method `method`. */
function activeAgent(store, agentId, method) {
  if (typeof agentId !== 'string') throw typeError('ERR_INVALID_ARG', `${method}: agentId must be a string`)
  const agent = store.get(agentId)
  const shown = JSON.stringify(agentId.slice(0, 64))
  if (agent === undefined) throw rangeError('ERR_INVALID_ARG', `${method}: the sandbox has no agent ${shown}`)
  if (!AgentStore.isActive(agent)) throw rangeError('ERR_INVALID_ARG', `${method}: agent ${shown} is ${agent.status}; only a STARTING or RUNNING agent can`)
  return agent
}

function text(value, fallback, name) {
  if (value === undefined) return fallback
  if (typeof value !== 'string' || value === '' || Buffer.byteLength(value, 'utf8') > MAX_TEXT_BYTES) {
    throw typeError('ERR_INVALID_ARG', `${name} must be a string of 1 to ${MAX_TEXT_BYTES} bytes`)
  }
  return value
}

function integer(value, fallback, name, min) {
  if (value === undefined) return fallback
  if (!Number.isSafeInteger(value) || value < min) throw rangeError('ERR_INVALID_ARG', `${name} must be a whole number of at least ${min}`)
  return value
}

/**
 * The error `{ module, code, message, turnId }` to report for `agent`, defaults filled in:
 * the LLM answering 503, in the agent's current turn.
 */
function agentErrorOf(agent, error = {}) {
  if (typeof error !== 'object' || error === null) throw typeError('ERR_INVALID_ARG', 'injectAgentError: error must be an object')
  return {
    module: text(error.module, DEFAULT_AGENT_ERROR.module, 'injectAgentError: error.module'),
    code: integer(error.code, DEFAULT_AGENT_ERROR.code, 'injectAgentError: error.code', 0),
    message: text(error.message, DEFAULT_AGENT_ERROR.message, 'injectAgentError: error.message'),
    turnId: integer(error.turnId, agent.turnCount, 'injectAgentError: error.turnId', 0),
  }
}

/** The 102 message of a failure: Agora's "RTC connection error" unless another is given. */
const failureMessage = (message) => text(message, DEFAULT_FAILURE_MESSAGE, 'failAgent: message')

module.exports = { activeAgent, agentErrorOf, failureMessage }
