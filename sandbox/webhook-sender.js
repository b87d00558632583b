'use strict'

// Delivers the sandbox's notifications the way Agora's Notification Center does: each one in
// the envelope `{ noticeId, productId: 17, eventType, notifyMs, payload }`, signed with the
// package's own signWebhook (Agora-Signature and Agora-Signature-V2), under a noticeId unique to
// it. An attempt that does not get a 200 with JSON within `timeoutMs` is retried after each of
// `retryDelaysMs` in turn, with the same noticeId and a fresh notifyMs (so a fresh signature).
//
// Bounded: `maxConcurrent` attempts at once; `maxQueued` notifications not yet delivered or
// given up (past it a notification is dropped, and recorded as such); `recordDeliveries`
// attempts kept in `deliveries`. Every attempt is announced on `events`: 'attempt-start' when
// it is sent, 'attempt' when it has its outcome, each with its record (sandbox/index.d.ts,
// SandboxWebhookAttempt). `close()` cancels what is in flight and every retry.
const http = require('node:http')
const https = require('node:https')
const { EventEmitter, setMaxListeners } = require('node:events')
const { randomInt } = require('node:crypto')
// The package entry: it also sets up the addon's coded errors.
const { signWebhook } = require('../index.js')
const { Faults } = require('./faults.js')
const { postNotification } = require('./webhook-post.js')

const CONVOAI_PRODUCT_ID = 17

/** The notification as sent in one attempt: `notifyMs` is the attempt's own. */
function envelope(notification, notifyMs) {
  const { noticeId, eventType, payloadJson } = notification
  return `{"noticeId":${JSON.stringify(noticeId)},"productId":${CONVOAI_PRODUCT_ID},"eventType":${eventType},"notifyMs":${notifyMs},"payload":${payloadJson}}`
}

class WebhookSender {
  /**
   * @param {ReturnType<import('./webhook-options.js').webhookOptions>} config
   * @param {import('./timers.js').Timers} timers where retries wait (unref'd)
   */
  constructor(config, timers) {
    this.config = config
    this.timers = timers
    this.events = new EventEmitter()
    /** Attempt records, oldest first: the most recent `recordDeliveries`. */
    this.deliveries = []
    /** Notifications waiting for a free attempt slot, in order. */
    this.ready = []
    /** Notifications waiting for their next retry. */
    this.retrying = new Set()
    /** Attempts in flight (their promises, for close). */
    this.inFlight = new Set()
    /** Notifications neither delivered nor given up: what `maxQueued` bounds. */
    this.unsettled = 0
    this.faults = new Faults()
    this.cancel = new AbortController()
    // Each attempt in flight listens for the cancel: up to maxConcurrent at once, not a leak.
    setMaxListeners(config.maxConcurrent, this.cancel.signal)
    this.agent = new (config.url.protocol === 'https:' ? https : http).Agent({ keepAlive: true, maxSockets: config.maxConcurrent })
    // Agora's noticeIds look like "2000001428:4330:107"; a random first part keeps two sandboxes' apart.
    this.noticePrefix = randomInt(1_000_000_000, 9_999_999_999)
    this.sequence = 0
    this.closing = undefined
    this.retryNow = (notification) => {
      this.retrying.delete(notification)
      this.ready.push(notification)
      this.pump()
    }
  }

  /** Queues a notification `{ eventType, payload }` (dropped, and recorded, when `maxQueued` are unsettled). */
  send({ eventType, payload }) {
    if (this.closing) return
    this.sequence += 1
    const notification = {
      noticeId: `${this.noticePrefix}:${this.sequence}:${eventType}`,
      eventType,
      agentId: payload.agent_id,
      // Serialized now: the notification says what was true when it happened.
      payloadJson: JSON.stringify(payload),
      attempt: 0,
      retryTimer: undefined,
    }
    if (this.unsettled >= this.config.maxQueued) {
      const dropped = this.newRecord(notification, Date.now())
      Object.assign(dropped, { outcome: 'dropped', error: `dropped: ${this.config.maxQueued} notifications are already waiting (webhook.maxQueued)` })
      this.announce('attempt', dropped)
      return
    }
    this.unsettled += 1
    this.ready.push(notification)
    this.pump()
  }

  /** Scripts the next `n` attempts to fail: 'unsent' (never sent) or 'answer-lost' (sent, its answer ignored). */
  failNext(n, kind) {
    this.faults.failNext(n, { webhook: kind })
  }

  pump() {
    while (!this.closing && this.inFlight.size < this.config.maxConcurrent && this.ready.length > 0) {
      // Its slot frees once it has settled: then the next notification goes.
      const attempt = this.attempt(this.ready.shift()).finally(() => {
        this.inFlight.delete(attempt)
        this.pump()
      })
      this.inFlight.add(attempt)
    }
  }

  /** A record for the attempt now starting, kept in `deliveries`. */
  newRecord(notification, notifyMs) {
    const record = {
      noticeId: notification.noticeId,
      eventType: notification.eventType,
      agentId: notification.agentId,
      attempt: notification.attempt,
      notifyMs,
      body: envelope(notification, notifyMs),
      durationMs: 0,
      status: null,
      outcome: 'pending',
    }
    if (this.config.recordDeliveries > 0) {
      this.deliveries.push(record)
      if (this.deliveries.length > this.config.recordDeliveries) this.deliveries.splice(0, this.deliveries.length - this.config.recordDeliveries)
    }
    return record
  }

  async attempt(notification) {
    notification.attempt += 1
    const record = this.newRecord(notification, Date.now())
    this.announce('attempt-start', record)
    const started = performance.now()
    const { status, error } = await this.post(record.body)
    record.durationMs = Math.round(performance.now() - started)
    record.status = status
    if (error === undefined) {
      record.outcome = 'delivered'
      this.unsettled -= 1
    } else {
      record.outcome = 'failed'
      record.error = error
      const delay = this.closing ? undefined : this.config.retryDelaysMs[notification.attempt - 1]
      if (delay === undefined) {
        this.unsettled -= 1
      } else {
        record.retryInMs = delay
        this.retrying.add(notification)
        notification.retryTimer = this.timers.after(delay, this.retryNow, notification)
      }
    }
    this.announce('attempt', record)
  }

  /** Signs and sends `body`, or plays a scripted fault; never rejects. */
  async post(body) {
    const fault = this.faults.take()?.webhook
    if (fault === 'unsent') return { status: null, error: 'scripted failure (failNext): not sent' }
    let result
    try {
      const signature = signWebhook(body, this.config.secret)
      result = await postNotification(this.config.url, body, signature, { agent: this.agent, timeoutMs: this.config.timeoutMs, signal: this.cancel.signal })
    } catch (error) {
      // A request Node refuses to make (the package's errors never carry the secret).
      return { status: null, error: `not sent: ${error.message}` }
    }
    if (fault === 'answer-lost' && result.error === undefined) {
      return { status: result.status, error: 'scripted failure (failNext): the receiver got it, its answer was lost' }
    }
    return result
  }

  /** Tells the listeners; one that throws is reported, and delivery goes on. */
  announce(name, record) {
    try {
      this.events.emit(name, record)
    } catch (error) {
      console.error(`agora-convoai sandbox: a webhook '${name}' listener threw:`, error)
    }
  }

  /** Cancels attempts in flight (recorded as failed: "cancelled") and every pending retry; resolves once they have settled. */
  close() {
    if (!this.closing) {
      for (const notification of this.retrying) this.timers.clear(notification.retryTimer)
      this.retrying.clear()
      this.ready.length = 0
      this.closing = Promise.all(this.inFlight).then(() => this.agent.destroy())
      this.cancel.abort()
    }
    return this.closing
  }
}

module.exports = { WebhookSender }
