// `npm start`: the whole thing on one machine, no Agora account needed.
//  1. builds the addon if no binary is there yet;
//  2. starts the embedded ConvoAI sandbox (unless AGORA_APP_ID + AGORA_APP_CERTIFICATE are set,
//     then it talks to Agora itself) and the Express example (examples/express/app.mjs) against it;
//  3. prints the sandbox console's URL, then the demo page's, then a sample RTC+RTM token with
//     the inputs it was built from, a Basic header, and the curl lines that mint a token and
//     start/stop an agent.
import { execFileSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
if (!readdirSync(root).some((f) => f.endsWith('.node'))) {
  console.log('No native binary yet: building it (npm run build, ~2 min the first time)…')
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' })
}

const require = createRequire(import.meta.url)
const { basicAuthHeader, buildRtcRtmToken, parseToken } = require('../index.js')
const { DEMO_CREDENTIALS, startSandbox } = require('../sandbox/index.js')
const { createApp } = await import('./express/app.mjs')

const env = process.env
const useAgora = Boolean(env.AGORA_APP_ID && env.AGORA_APP_CERTIFICATE)
const creds = useAgora
  ? { appId: env.AGORA_APP_ID, appCertificate: env.AGORA_APP_CERTIFICATE, customerId: env.AGORA_CUSTOMER_ID, customerSecret: env.AGORA_CUSTOMER_SECRET }
  : { ...DEMO_CREDENTIALS }
const label = useAgora ? 'from AGORA_APP_ID / AGORA_APP_CERTIFICATE' : 'DEMO credentials (fake, only valid against the sandbox)'

// 2. The ConvoAI endpoint (the embedded sandbox, or Agora), and the Express example against it.
const sandbox = useAgora ? null : await startSandbox(creds)
const consoleUrl = sandbox ? `${sandbox.url}/` : undefined
// Real agents need an LLM and TTS: pass them as JSON in CONVOAI_AGENT (properties wire format).
const agent = env.CONVOAI_AGENT
  ? JSON.parse(env.CONVOAI_AGENT)
  : {
      llm: { url: 'https://llm.example/v1/chat/completions', system_messages: [{ role: 'system', content: 'You are a helpful assistant.' }] },
      tts: { vendor: 'microsoft', params: { voice_name: 'en-US-AndrewMultilingualNeural' } },
    }
if (useAgora && !env.CONVOAI_AGENT) console.log('\nNote: set CONVOAI_AGENT to your llm/tts/asr JSON, or Agora will refuse to start agents.')

const app = createApp({ ...creds, baseUrl: sandbox?.url ?? env.AGORA_BASE_URL, agent, consoleUrl })
const server = app.listen(Number(env.PORT ?? 3000), '127.0.0.1')
await new Promise((resolve, reject) => server.once('listening', resolve).once('error', reject))
const url = `http://127.0.0.1:${server.address().port}`

// 3. Where to look, then what to paste.
if (sandbox) {
  console.log(`\n== Sandbox console: ${consoleUrl} ==`)
  console.log('   live agents, calls, requests and webhooks; a token inspector; fault buttons')
} else {
  console.log(`\n== ConvoAI: Agora (${env.AGORA_BASE_URL ?? 'global region'}) ==`)
}
console.log(`== Demo page (Express example): ${url}/ ==`)
console.log(`   get a token, start an agent, watch it run, stop it${sandbox ? ` (ConvoAI calls go to the sandbox at ${sandbox.url})` : ''}`)

const inputs = { appId: creds.appId, channelName: 'demo', uid: 1234, rtmUserId: '1234', tokenExpire: 3600, convoai: true }
const token = buildRtcRtmToken({ ...inputs, appCertificate: creds.appCertificate })
const parsed = parseToken(token)
console.log(`\n== Sample RTC+RTM token (${label}) ==`)
console.log('inputs:  ', JSON.stringify(inputs), '(App Certificate not shown)')
console.log('services:', parsed.services.map((s) => s.service).join(', '), `| expires ${new Date(parsed.expiresAt * 1000).toISOString()}`)
console.log('token:   ', token)
if (creds.customerId && creds.customerSecret) {
  const header = basicAuthHeader(creds.customerId, creds.customerSecret)
  console.log(`Basic header for customer id "${creds.customerId}": ${useAgora ? `${header.slice(0, 12)}… (hidden)` : header}`)
}

console.log('\n== Or with curl, against the Express example ==')
console.log(`  curl '${url}/token?channel=demo&uid=1234'`)
console.log(`  curl -X POST ${url}/agents -H 'content-type: application/json' -d '{"channel":"demo","remoteUid":1234}'`)
console.log(`  curl ${url}/agents/<agentId>`)
console.log(`  curl -X DELETE ${url}/agents/<agentId>\n`)
console.log('Ctrl-C to stop.')

const stop = async () => {
  server.close()
  server.closeAllConnections?.()
  await sandbox?.close()
  process.exit(0)
}
process.once('SIGINT', stop).once('SIGTERM', stop)
