// Shared by the agent*/projects* test files: the addon, a sandbox per file and
// clients in each auth mode.
import { createRequire } from 'node:module'
import net from 'node:net'

export const native = createRequire(import.meta.url)('../../index.js')
export { startSandbox } from '../../sandbox/index.mjs'

/** A client using token auth (App Certificate) against the sandbox. */
export const tokenClient = (sb, extra = {}) => new native.ConvoAIClient({ appId: sb.appId, appCertificate: sb.appCertificate, baseUrl: sb.url, ...extra })

/** A client using Basic auth; it still mints properties.token with the certificate. */
export const basicClient = (sb, extra = {}) =>
  new native.ConvoAIClient({
    appId: sb.appId,
    appCertificate: sb.appCertificate,
    customerId: sb.customerId,
    customerSecret: sb.customerSecret,
    baseUrl: sb.url,
    ...extra,
  })

/** Requests whose path ends with `suffix` (e.g. '/join'). */
export const requestsTo = (sb, suffix) => sb.requests.filter((r) => r.path.split('?')[0].endsWith(suffix))

/** A loopback origin where nothing listens: connections are refused. */
export async function deadOrigin() {
  const server = net.createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  return `http://127.0.0.1:${port}`
}

let n = 0
/** A fresh channel/agent pair per call, so tests never collide on names or seats. */
export const unique = (prefix = 'room') => `${prefix}-${process.pid}-${++n}`

/** Awaits `promise`, returning the error it rejects with (fails if it resolves). */
export async function rejection(promise) {
  try {
    await promise
  } catch (e) {
    return e
  }
  throw new Error('expected a rejection')
}
