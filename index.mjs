// ESM entry: re-exports the CommonJS entry by name (index.js).
import { createRequire } from 'node:module'

const binding = createRequire(import.meta.url)('./index.js')

export const {
  basicAuthHeader,
  buildAccessToken,
  buildLegacyToken,
  buildRtcRtmToken,
  buildRtcToken,
  parseToken,
  tokenAuthHeader,
  verifyToken,
  AgentKeepAlive,
  AgoraApiError,
  ConvoAIClient,
  ListingPages,
  checkCredentials,
  listProjects,
  startAgent,
  verifyWebhook,
  parseWebhook,
  signWebhook,
  createWebhookHandler,
  createFetchWebhookHandler,
  createWebhookDedupe,
  createMemoryDedupeStore,
  generateDevCertificates,
} = binding

export default binding
