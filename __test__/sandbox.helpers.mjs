// Shared by the sandbox test files: a sandbox per test file, raw fetch calls, official tokens.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
export const native = require('../index.js')
export const agoraToken = require('agora-token')
export const { AccessToken2, ServiceRtc, ServiceRtm } = require('agora-token/src/AccessToken2')
export { DEMO_CREDENTIALS, startSandbox } from '../sandbox/index.mjs'

export const BASE = '/api/conversational-ai-agent/v2/projects'

/** `Basic …` for the sandbox's customer pair (or another one). */
export const basic = (sb, id = sb.customerId, secret = sb.customerSecret) => native.basicAuthHeader(id, secret)

/**
 * A raw HTTP call. `auth` is the Authorization value (default: the sandbox's Basic pair; null for none).
 * @returns {Promise<{ status: number, body: any, text: string, headers: Headers }>}
 */
export async function call(sb, method, path, { body, auth, headers = {}, signal } = {}) {
  const h = { ...headers }
  const authorization = auth === undefined ? basic(sb) : auth
  if (authorization !== null) h.authorization = authorization
  if (body !== undefined) h['content-type'] = 'application/json'
  const res = await fetch(sb.url + path, {
    method,
    headers: h,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    signal,
  })
  const text = await res.text()
  let parsed
  try {
    parsed = text === '' ? undefined : JSON.parse(text)
  } catch {
    parsed = undefined
  }
  return { status: res.status, body: parsed, text, headers: res.headers }
}

/** An agent-scoped path of the served app. */
export const agentPath = (sb, rest) => `${BASE}/${sb.appId}${rest}`

/** RTC + RTM token from the official agora-token builder (what the official server SDKs send). */
export function officialToken(sb, channel, account, expire = 3600) {
  return agoraToken.RtcTokenBuilder.buildTokenWithRtm(sb.appId, sb.appCertificate, channel, String(account), agoraToken.RtcRole.PUBLISHER, expire, expire)
}

/** A minimal valid join body for `channel` / agent uid `uid`. */
export function joinBody(sb, { name, channel = `room-${Math.random().toString(36).slice(2, 10)}`, uid = '1001', token, properties = {} } = {}) {
  return {
    name: name ?? `agent-${Math.random().toString(36).slice(2)}`,
    properties: {
      channel,
      token: token ?? officialToken(sb, channel, uid),
      agent_rtc_uid: uid,
      remote_rtc_uids: ['2002'],
      llm: { url: 'https://llm.invalid/v1/chat/completions', api_key: 'sk-not-a-real-key', system_messages: [{ role: 'system', content: 'hi' }] },
      tts: { vendor: 'microsoft', params: { key: 'not-a-real-key', region: 'eastus', voice_name: 'en-US-AndrewMultilingualNeural' } },
      ...properties,
    },
  }
}

/** Starts an agent and returns its id (asserting nothing; the join tests do that). */
export async function startAgent(sb, options) {
  const res = await call(sb, 'POST', agentPath(sb, '/join'), { body: joinBody(sb, options) })
  if (res.status !== 200) throw new Error(`join failed: ${res.status} ${res.text}`)
  return res.body.agent_id
}

/** Polls until `predicate()` is true (bounded: `tries` polls 10 ms apart, default 500). No timing assertions. */
export async function until(predicate, tries = 500) {
  for (let i = 0; i < tries; i += 1) {
    if (await predicate()) return
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error('condition not reached')
}
