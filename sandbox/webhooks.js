'use strict'

// The sandbox's webhooks: it follows its agents (and call stores) and sends the notifications
// Agora sends for them (webhook-events.js) through the sender (webhook-sender.js). Without the
// `webhook` option nothing is sent, `deliveries` stays empty and `events` never fires.
const { EventEmitter } = require('node:events')
const { typeError } = require('../compat/lib/errors.js')
const { WebhookSender } = require('./webhook-sender.js')
const { agentNotices, agentError, callNotice } = require('./webhook-events.js')

/** `failNext(n, { webhook })`: `true` or 'unsent': the attempt is never sent; 'answer-lost': sent, its answer ignored. */
const WEBHOOK_FAULTS = new Map([
  [true, 'unsent'],
  ['unsent', 'unsent'],
  ['answer-lost', 'answer-lost'],
])

class SandboxWebhooks {
  /**
   * @param {ReturnType<import('./webhook-options.js').webhookOptions>} config undefined: no webhook
   * @param {import('./timers.js').Timers} timers
   */
  constructor(config, timers) {
    this.sender = config === undefined ? undefined : new WebhookSender(config, timers)
    this.events = this.sender?.events ?? new EventEmitter()
    this.deliveries = this.sender?.deliveries ?? []
  }

  /** Sends 101, 102, 103, 104, 111 and 112 as the agents of `store` change (agents-store.js). */
  followAgents(store) {
    if (this.sender === undefined) return
    store.on('change', (agent, change) => {
      for (const notice of agentNotices(agent, change)) this.sender.send(notice)
    })
  }

  /** Sends 201/202 as the calls of `calls` change: an EventEmitter of `'change', (call, state)`. */
  followCalls(calls) {
    if (this.sender === undefined) return
    calls.on('change', (call, state) => this.sender.send(callNotice(call, state)))
  }

  /** Sends a 110 agent error for `agent` (an error checked by agent-faults.js). */
  reportAgentError(agent, error) {
    this.configured('injectAgentError')
    this.sender.send(agentError(agent, error))
  }

  /** Scripts the next `n` delivery attempts to fail (`fault.webhook`, see WEBHOOK_FAULTS). */
  failNext(n, fault) {
    this.configured('failNext({ webhook })')
    const kind = WEBHOOK_FAULTS.get(fault.webhook)
    if (kind === undefined) throw typeError('ERR_INVALID_ARG', "failNext: webhook must be true, 'unsent' or 'answer-lost'")
    const others = Object.keys(fault).filter((key) => key !== 'webhook' && fault[key] !== undefined)
    if (others.length > 0) throw typeError('ERR_INVALID_ARG', `failNext: a webhook fault takes no other fields (got ${others.join(', ')})`)
    this.sender.failNext(n, kind)
  }

  configured(method) {
    if (this.sender === undefined)
      throw typeError('ERR_INVALID_ARG', `${method}: the sandbox has no webhook to deliver to (startSandbox({ webhook: { url, secret } }))`)
  }

  close() {
    return this.sender?.close() ?? Promise.resolve()
  }
}

module.exports = { SandboxWebhooks }
