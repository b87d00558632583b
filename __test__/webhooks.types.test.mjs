// The webhook types of index.d.ts compile under strict + isolatedModules,
// narrow events by `known` then `eventType`, and fit Node's http server,
// Express-style handlers and Next.js route handlers.

import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { root, typecheck } from './helpers/typecheck.mjs'

const CONSUMER = `
import { parseWebhook, verifyWebhook, signWebhook, createWebhookHandler, createFetchWebhookHandler, createWebhookDedupe,
  createMemoryDedupeStore, type ConvoAIWebhookEvent } from './index.js'
import { createServer } from 'node:http'

const body = '{}'
const headers = signWebhook(body, 's')
const ok: boolean = verifyWebhook(Buffer.from(body), headers, 's') && verifyWebhook(body, new Headers(headers), 's', { maxBytes: 10 })
const event = parseWebhook(new Uint8Array(2), { 'agora-signature-v2': [headers['Agora-Signature-V2']] }, 's', { maxAgeMs: 1000, now: 1 })

function describe(e: ConvoAIWebhookEvent): string {
  if (!e.known) return String(e.payload.anything) + e.eventType + JSON.stringify(e.raw)
  switch (e.eventType) {
    case 101: return e.payload.agentId + e.payload.startTs + (e.payload.labels?.campaign ?? '') + (e.sid ?? '')
    case 102: { const status: 'STOPPED' | 'FAILED' | string = e.payload.status; return status + e.payload.message + e.payload.stopTs }
    case 103: return e.payload.contents.map((c) => c.role + c.content + (c.speechStartMs ?? 0)).join()
    case 104: return e.payload.message ?? ''
    case 110: return e.payload.errors.map((x) => x.module + x.code + (x.turnId ?? '')).join() + (e.payload.turnId ?? '')
    case 111: return e.payload.metrics.map((m) => m.llmTtfb ?? 0).join()
    case 112: return e.payload.turns.map((t) => t.turnId + (t.metrics?.segmentedLatencyMs?.llmTtft ?? 0) + (t.end?.metadata?.causedBy ?? '')).join() + e.payload.isTruncated
    case 201: return e.payload.state
    case 202: return e.payload.state + e.payload.reportMs
  }
}
if (event.known && event.eventType === 101) {
  // @ts-expect-error: 101 has no stopTs
  event.payload.stopTs
}
if (event.eventType === 102) {
  // @ts-expect-error: before checking known, the payload may be any event's
  const status: string = event.payload.status
}

const dedupe = createWebhookDedupe({ store: createMemoryDedupeStore({ maxEntries: 10 }), ttlMs: 1000 })
const redis = { set: async (_k: string, _v: string, _o: object): Promise<string | null> => 'OK' }
createWebhookDedupe({ store: { setIfAbsent: (key, ttlMs) => redis.set('agora:' + key, '1', { NX: true, PX: ttlMs }) } })

const handler = createWebhookHandler({ secret: 's', onEvent: async (e) => { describe(e) }, onError: (err, e) => console.log(err.code, e?.noticeId), dedupe, maxAgeMs: 60_000 })
createServer(handler)
// Express passes its own Request/Response, subclasses of Node's.
type ExpressLike = (req: import('node:http').IncomingMessage & { body?: unknown }, res: import('node:http').ServerResponse, next: () => void) => unknown
const asMiddleware: ExpressLike = handler

const POST = createFetchWebhookHandler({ secret: 's', onEvent: describe, waitUntil: (p) => void p, dedupe: false })
// A Next.js route handler's second argument.
async function route(request: Request, context: { params: Promise<{ slug: string }> }): Promise<Response> {
  return POST(request, context)
}
// @ts-expect-error: onEvent is required
createWebhookHandler({ secret: 's' })
export { ok, describe, asMiddleware, route }
`

test('index.d.ts webhooks: strict + isolatedModules, ESM and CommonJS consumers', () => {
  const compilerOptions = {
    strict: true,
    isolatedModules: true,
    module: 'node16',
    moduleResolution: 'node16',
    target: 'es2022',
    noEmit: true,
    types: ['node'],
    typeRoots: [join(root, 'node_modules', '@types')],
  }
  typecheck({ 'esm.mts': CONSUMER, 'cjs.cts': CONSUMER }, compilerOptions, (dir) => copyFileSync(join(root, 'index.d.ts'), join(dir, 'index.d.ts')))
})
