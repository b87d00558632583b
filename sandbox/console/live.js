// The console's link to its sandbox: the live state, followed over Server-Sent Events
// (/_console/api/events: a snapshot on connect, then batches of changes), and the JSON calls
// of the tools (inspector, faults).

/** Items of a kind kept on the page, as the server sends at most. */
const SHOWN = 200

const attemptKey = (a) => `${a.noticeId}#${a.attempt}`

/** Keeps a Map to its SHOWN most recently added keys. */
function trim(map) {
  for (const key of map.keys()) {
    if (map.size <= SHOWN) break
    map.delete(key)
  }
}

function putAll(map, items, key) {
  for (const item of items) map.set(key(item), item)
  trim(map)
}

function emptyState() {
  return {
    info: null,
    agents: new Map(),
    agentCount: 0,
    calls: new Map(),
    callCount: 0,
    numbers: [],
    numberCount: 0,
    requests: [],
    attempts: new Map(),
    faults: { pending: [], total: 0 },
  }
}

/** Applies a snapshot or a batch of changes; returns the kinds it touched. */
function apply(state, message) {
  const touched = new Set()
  if (message.info) state.info = message.info
  for (const count of ['agentCount', 'callCount', 'numberCount']) {
    if (message[count] !== undefined) state[count] = message[count]
  }
  if (message.agents) {
    putAll(state.agents, message.agents, (a) => a.agentId)
    touched.add('agents')
  }
  if (message.calls) {
    putAll(state.calls, message.calls, (c) => c.agentId)
    touched.add('calls')
  }
  if (message.numbers) {
    state.numbers = message.numbers
    touched.add('calls')
  }
  if (message.attempts) {
    putAll(state.attempts, message.attempts, attemptKey)
    touched.add('attempts')
  }
  if (message.requests) {
    state.requests = state.requests.concat(message.requests).slice(-SHOWN)
    touched.add('requests')
  }
  if (message.faults) {
    state.faults = message.faults
    touched.add('faults')
  }
  return touched
}

/**
 * Follows the sandbox until the page closes.
 *
 * @param {(state: object, touched: Set<string>) => void} onChange called with the kinds that changed
 *   ('agents', 'calls', 'requests', 'attempts', 'faults'); all of them after a (re)connection
 * @param {(status: 'live' | 'reconnecting' | 'closed') => void} onStatus
 */
export function follow(onChange, onStatus) {
  let state = emptyState()
  const source = new EventSource('/_console/api/events')
  source.addEventListener('snapshot', (event) => {
    state = emptyState()
    apply(state, JSON.parse(event.data))
    onChange(state, new Set(['info', 'agents', 'calls', 'requests', 'attempts', 'faults']))
    onStatus('live')
  })
  source.addEventListener('changes', (event) => onChange(state, apply(state, JSON.parse(event.data))))
  source.addEventListener('error', () => onStatus(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting'))
}

/** Error of a console call, with the server's `detail`. */
export class ConsoleError extends Error {}

/**
 * A console endpoint that acts: JSON in, JSON out. The JSON content type is what lets the
 * server refuse the same request from a form on another site.
 */
export async function act(method, path, body) {
  const response = await fetch(`/_console/api/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  })
  const data = await response.json()
  if (!response.ok) throw new ConsoleError(data.detail ?? `${response.status} ${response.statusText}`)
  return data
}

/** A console endpoint that reads. */
export async function read(path) {
  const response = await fetch(`/_console/api/${path}`)
  const data = await response.json()
  if (!response.ok) throw new ConsoleError(data.detail ?? `${response.status} ${response.statusText}`)
  return data
}
