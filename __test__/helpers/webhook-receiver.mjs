// A real HTTP receiver on loopback for the sandbox's webhook deliveries: it keeps every request
// (headers and raw body) and answers as `respond(delivery, n)` says: `{ status, body }`, or
// 'hang' to keep the request unanswered until `release()` (or close).
import http from 'node:http'

const OK = { status: 200, body: '{"status":"ok"}' }

/** @param {(delivery: { headers: object, body: Buffer, json: any }, n: number) => { status: number, body: string } | 'hang'} [respond] */
export async function startReceiver(respond = () => OK) {
  const received = []
  const hanging = new Set()
  const server = http.createServer((req, res) => {
    const chunks = []
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const delivery = { method: req.method, path: req.url, headers: req.headers, body, json: JSON.parse(body.toString('utf8')) }
      received.push(delivery)
      const answer = respond(delivery, received.length)
      if (answer === 'hang') {
        hanging.add(res)
        res.on('close', () => hanging.delete(res))
        return
      }
      res.writeHead(answer.status, { 'Content-Type': 'application/json' })
      res.end(answer.body)
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${server.address().port}/agora/webhook`,
    received,
    /** The deliveries of one event type, in arrival order. */
    ofType: (eventType) => received.filter((d) => d.json.eventType === eventType),
    /** Answers every hanging request 200 with JSON. */
    release() {
      for (const res of hanging) {
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.end(OK.body)
      }
    },
    close() {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(resolve))
    },
  }
}
