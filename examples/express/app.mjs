// An Express app that serves what a ConvoAI front end needs from its server:
//   GET    /                              a demo page (public/): token, start, watch, stop
//   GET    /token?channel=demo&uid=1234   RTC+RTM token for the browser/app user
//   POST   /agents {channel, remoteUid}   start an agent that joins the channel
//   GET    /agents/:id                    the agent's status
//   DELETE /agents/:id                    stop it
// Credentials stay on the server; responses never echo them.
import { fileURLToPath } from 'node:url'
import { buildRtcRtmToken, ConvoAIClient } from 'agora-convoai-native'
import express from 'express'

/** Maps the addon's stable error codes onto HTTP answers (bad input → 400, upstream trouble → 502/504). */
function sendError(res, err) {
  const status = err.code?.startsWith('ERR_INVALID')
    ? 400
    : err.code === 'ERR_AGORA_API'
      ? err.status === 404
        ? 404
        : 502
      : err.code === 'ERR_TIMEOUT'
        ? 504
        : 502
  res.status(status).json({ error: err.message, code: err.code ?? 'ERR_INTERNAL', reason: err.reason })
}

const uidFrom = (value) => (/^\d+$/.test(String(value)) ? Number(value) : String(value))

/**
 * @param {{ appId: string, appCertificate: string, customerId?: string, customerSecret?: string,
 *           baseUrl?: string, agent?: object, consoleUrl?: string }} config `agent` is merged into
 *           every start request (LLM/TTS/ASR settings); `consoleUrl`, the sandbox console the demo
 *           page links to.
 */
export function createApp(config) {
  const { appId, appCertificate, customerId, customerSecret, baseUrl, agent = {}, consoleUrl } = config
  const client = new ConvoAIClient({ appId, appCertificate, customerId, customerSecret, baseUrl })
  const app = express()
  app.use(express.json())
  app.use(express.static(fileURLToPath(new URL('public', import.meta.url))))

  app.get('/demo-config', (_req, res) => res.json({ consoleUrl: consoleUrl ?? null }))

  app.get('/token', (req, res) => {
    try {
      const channelName = String(req.query.channel ?? '')
      const uid = uidFrom(req.query.uid ?? 0)
      const tokenExpire = 3600
      const token = buildRtcRtmToken({ appId, appCertificate, channelName, uid, tokenExpire })
      res.json({ appId, channel: channelName, uid, token, expiresIn: tokenExpire })
    } catch (err) {
      sendError(res, err)
    }
  })

  app.post('/agents', async (req, res) => {
    try {
      const { channel, remoteUid = 1000, agentUid = 8888, name } = req.body ?? {}
      const started = await client.startAgent({ ...agent, name, channel, agentUid: uidFrom(agentUid), remoteUids: [uidFrom(remoteUid)] })
      res.status(201).json(started)
    } catch (err) {
      sendError(res, err)
    }
  })

  app.get('/agents/:id', async (req, res) => {
    try {
      res.json(await client.getAgent(req.params.id))
    } catch (err) {
      sendError(res, err)
    }
  })

  app.delete('/agents/:id', async (req, res) => {
    try {
      await client.stopAgent(req.params.id)
      res.status(204).end()
    } catch (err) {
      sendError(res, err)
    }
  })

  return app
}
