'use strict'

// The web console's live view, over Server-Sent Events: a page that connects gets a snapshot
// (`event: snapshot`), then what changed since (`event: changes`). Changes are gathered and sent
// at most every FLUSH_MS however busy the sandbox is: a thousand joins a second are five
// messages a second, each with the latest state of the agents that changed.
// Bounded: MAX_CLIENTS streams at once (one more is refused), at most SHOWN items of a kind per
// message, and a page that stops reading (MAX_BACKLOG bytes waiting) is disconnected. With no page
// connected it keeps nothing.
const { agentView, callView, numberView, attemptView } = require('./web-console-views.js')
const { entrySummary } = require('./request-journal.js')

const FLUSH_MS = 200
/** A comment line now and then, so a page that went away (a laptop lid closed) is noticed. */
const HEARTBEAT_MS = 20_000
const MAX_CLIENTS = 8
const SHOWN = 200
const MAX_BACKLOG = 1024 * 1024
const MAX_FAULTS_SHOWN = 20

/** An unref'd timer: an open console never keeps a process alive. */
function unrefd(handle) {
  handle.unref()
  return handle
}

class ConsoleFeed {
  /**
   * @param {{ agents: import('./agents-store.js').AgentStore, calls: import('./call-store.js').CallStore,
   *   numbers: import('./phone-numbers.js').PhoneNumberStore, journal: import('./request-journal.js').RequestJournal,
   *   faults: import('./faults.js').Faults, deliveries: ReturnType<import('./web-console-deliveries.js').deliveriesSource>,
   *   info: object }} sources `info`: what the page shows about the sandbox itself (nothing secret)
   */
  constructor(sources) {
    this.sources = sources
    /** The scripted faults of requests, then those of webhook deliveries (when it delivers any). */
    this.faultQueues = [sources.faults, sources.deliveries.faults].filter(Boolean)
    this.clients = new Set()
    this.resetChanges()
    this.flushTimer = undefined
    this.heartbeat = undefined
    const follow = (emitter, event, listener) => {
      emitter.on(event, listener)
      return () => emitter.off(event, listener)
    }
    this.unsubscribe = [
      follow(sources.agents, 'change', (agent) => this.mark(this.changes.agents, agent.agentId, agent)),
      follow(sources.calls, 'change', (call) => this.mark(this.changes.calls, call.agentId, call)),
      follow(sources.numbers, 'change', () => this.markFlag('numbers')),
      ...this.faultQueues.map((queue) => follow(queue, 'change', () => this.markFlag('faults'))),
      follow(sources.journal, 'entry', (entry) => {
        if (!this.clients.size) return
        const list = this.changes.requests
        list.push(entry)
        if (list.length > SHOWN) list.shift()
        this.schedule()
      }),
      sources.deliveries.subscribe((attempt) => this.mark(this.changes.attempts, attempt, attempt)),
    ]
  }

  resetChanges() {
    this.changes = { agents: new Map(), calls: new Map(), attempts: new Map(), requests: [], numbers: false, faults: false }
  }

  /** Notes the latest state of one item (the most recently changed last). */
  mark(map, key, item) {
    if (!this.clients.size) return
    map.delete(key)
    map.set(key, item)
    this.schedule()
  }

  markFlag(name) {
    if (!this.clients.size) return
    this.changes[name] = true
    this.schedule()
  }

  schedule() {
    if (this.flushTimer === undefined) this.flushTimer = unrefd(setTimeout(() => this.flush(), FLUSH_MS))
  }

  flush() {
    this.flushTimer = undefined
    const { agents, calls, attempts, requests, numbers, faults } = this.changes
    this.resetChanges()
    const message = {}
    if (agents.size) Object.assign(message, { agents: latest(agents.values(), agentView), agentCount: this.sources.agents.byId.size })
    if (calls.size) Object.assign(message, { calls: latest(calls.values(), callView), callCount: this.sources.calls.byId.size })
    if (attempts.size) message.attempts = latest(attempts.values(), attemptView)
    if (requests.length) message.requests = requests.map(entrySummary)
    if (numbers) Object.assign(message, this.numbers())
    if (faults) message.faults = this.faults()
    this.broadcast('changes', message)
  }

  numbers() {
    const all = this.sources.numbers.all()
    return { numbers: all.slice(0, SHOWN).map(numberView), numberCount: all.length }
  }

  faults() {
    const queue = this.faultQueues.flatMap((q) => q.queue)
    return {
      pending: queue.slice(0, MAX_FAULTS_SHOWN).map(({ remaining, fault }) => ({ remaining, fault: { ...fault } })),
      total: queue.reduce((sum, { remaining }) => sum + remaining, 0),
    }
  }

  snapshot() {
    const { agents, calls, journal, deliveries, info } = this.sources
    return {
      info: { ...info, webhookReceiver: deliveries.receiver },
      agents: agents.all().slice(-SHOWN).map(agentView),
      agentCount: agents.byId.size,
      calls: calls.all().slice(-SHOWN).map(callView),
      callCount: calls.byId.size,
      ...this.numbers(),
      requests: journal.entries.map(entrySummary),
      attempts: deliveries.all().slice(-SHOWN).map(attemptView),
      faults: this.faults(),
    }
  }

  /**
   * Starts the event stream of a page.
   * @returns {boolean} false when MAX_CLIENTS pages are connected already (nothing was written)
   */
  connect(res) {
    if (this.clients.size >= MAX_CLIENTS) return false
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    })
    this.clients.add(res)
    res.once('close', () => this.disconnect(res))
    write(res, 'retry: 3000\n\n')
    sendEvent(res, 'snapshot', this.snapshot())
    this.heartbeat ??= unrefd(
      setInterval(
        () =>
          this.clients.forEach((c) => {
            write(c, ': still here\n\n')
          }),
        HEARTBEAT_MS,
      ),
    )
    return true
  }

  disconnect(res) {
    this.clients.delete(res)
    if (this.clients.size) return
    clearTimeout(this.flushTimer)
    clearInterval(this.heartbeat)
    this.flushTimer = this.heartbeat = undefined
    this.resetChanges()
  }

  broadcast(event, data) {
    const text = eventText(event, data)
    for (const res of this.clients) write(res, text)
  }

  /** Stops following the sandbox and ends every stream. */
  close() {
    for (const stop of this.unsubscribe) stop()
    for (const res of [...this.clients]) res.destroy()
  }
}

/** Views of the last SHOWN items of an iterable (the most recently changed come last). */
function latest(items, view) {
  const list = [...items]
  return list.slice(-SHOWN).map(view)
}

const eventText = (event, data) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`

function sendEvent(res, event, data) {
  write(res, eventText(event, data))
}

/** Writes to a stream, dropping a page that no longer reads what it is sent. */
function write(res, text) {
  if (res.destroyed) return
  res.write(text)
  if (res.writableLength > MAX_BACKLOG) res.destroy()
}

module.exports = { ConsoleFeed, MAX_CLIENTS, SHOWN }
