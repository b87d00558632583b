// A loopback TCP server that answers HTTP the way a broken or hostile endpoint would: each
// request's head is parsed here, and the test's `respond(socket, request)` writes whatever bytes
// it likes. Used by the hostile-*.test.mjs files with `runClient` (./hostile-client.mjs).
import net from 'node:net'

/** The agent id a child's warm-up call asks for; it always gets a well-formed answer. */
export const WARMUP_ID = 'warmup'
const WARMUP_BODY = JSON.stringify({ agent_id: WARMUP_ID, start_ts: 1, stop_ts: 0, status: 'RUNNING', message: '' })

/** Longest request head read; a client never sends more. */
const MAX_HEAD_BYTES = 64 * 1024

/** One HTTP/1.1 response as bytes: `status`, `headers` (name → value or values) and `body`. */
export function response(status, body = '', headers = {}) {
  const payload = Buffer.isBuffer(body) ? body : Buffer.from(body)
  const lines = [`HTTP/1.1 ${status} X`]
  const all = { 'content-type': 'application/json', 'content-length': String(payload.length), ...headers }
  for (const [name, value] of Object.entries(all)) {
    if (value === undefined) continue
    for (const v of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${v}`)
  }
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), payload])
}

/** `{ method, path, headers }` of a request head (header names lower-cased). */
function parseHead(text) {
  const [line, ...rest] = text.split('\r\n')
  const [method, path] = line.split(' ')
  const headers = {}
  for (const l of rest) {
    const i = l.indexOf(':')
    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim()
  }
  return { method, path, headers }
}

/**
 * Starts the server. `respond(socket, request)` may write, end or destroy the socket, and may
 * return a promise; requests on one connection are answered in turn.
 * @returns {Promise<{ url: string, port: number, requests: object[], connections: () => number, close: () => Promise<void> }>}
 */
export async function hostileServer(respond) {
  const sockets = new Set()
  const requests = []
  let connections = 0
  const server = net.createServer((socket) => {
    connections += 1
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    let buffered = Buffer.alloc(0)
    let turn = Promise.resolve()
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk])
      for (;;) {
        const end = buffered.indexOf('\r\n\r\n')
        if (end < 0) {
          if (buffered.length > MAX_HEAD_BYTES) socket.destroy()
          return
        }
        const request = parseHead(buffered.subarray(0, end).toString('latin1'))
        const length = Number(request.headers['content-length'] ?? 0)
        if (buffered.length < end + 4 + length) return
        request.body = buffered.subarray(end + 4, end + 4 + length).toString('utf8')
        buffered = buffered.subarray(end + 4 + length)
        requests.push(request)
        turn = turn
          .then(() => {
            if (socket.destroyed) return undefined
            if (request.path.endsWith(`/agents/${WARMUP_ID}`)) return socket.write(response(200, WARMUP_BODY))
            return respond(socket, request)
          })
          .catch(() => socket.destroy())
      }
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    connections: () => connections,
    close() {
      for (const s of sockets) s.destroy()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}

/** Requests other than the child's warm-up. */
export const realRequests = (server) => server.requests.filter((r) => !r.path.endsWith(`/agents/${WARMUP_ID}`))

/**
 * Writes `total` bytes of `chunk` repeated, as fast as the peer reads them, stopping when the
 * peer goes away. Resolves when done either way.
 */
export function stream(socket, chunk, total, { chunked = false } = {}) {
  return new Promise((resolve) => {
    let sent = 0
    const finish = () => {
      socket.off('drain', pump)
      resolve()
    }
    socket.once('close', finish)
    function pump() {
      while (sent < total && !socket.destroyed) {
        const piece = chunk.subarray(0, Math.min(chunk.length, total - sent))
        sent += piece.length
        const bytes = chunked ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]) : piece
        if (!socket.write(bytes)) {
          socket.once('drain', pump)
          return
        }
      }
      if (!socket.destroyed) socket.end(chunked ? '0\r\n\r\n' : undefined)
      finish()
    }
    pump()
  })
}
