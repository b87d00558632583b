// Starts and stops an agent on a sandbox over its REST API, with the package's own token and
// Basic auth header, as a backend would: what makes the sandbox send webhooks in the
// webhook consumer tests.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { basicAuthHeader, buildRtcRtmToken } = require('../../index.js')

const endpoint = (sandbox, rest) => `${sandbox.url}/api/conversational-ai-agent/v2/projects/${sandbox.appId}${rest}`

async function post(sandbox, rest, body) {
  const res = await fetch(endpoint(sandbox, rest), {
    method: 'POST',
    headers: { authorization: basicAuthHeader(sandbox.customerId, sandbox.customerSecret), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  if (res.status !== 200) throw new Error(`POST ${rest}: ${res.status} ${text}`)
  return text === '' ? undefined : JSON.parse(text)
}

/** Starts an agent that stays until stopped (no idle timeout); resolves its id. */
export async function startAgent(sandbox, { channel, labels }) {
  const token = buildRtcRtmToken({ appId: sandbox.appId, appCertificate: sandbox.appCertificate, channelName: channel, uid: 1001 })
  const started = await post(sandbox, '/join', {
    name: `webhook-consumer-${channel}`,
    properties: {
      channel,
      token,
      agent_rtc_uid: '1001',
      remote_rtc_uids: ['42'],
      idle_timeout: 0,
      labels,
      llm: { url: 'https://llm.example/v1/chat/completions', greeting_message: 'Hello!' },
      tts: { vendor: 'microsoft', params: {} },
    },
  })
  return started.agent_id
}

export const stopAgent = (sandbox, agentId) => post(sandbox, `/agents/${agentId}/leave`)
