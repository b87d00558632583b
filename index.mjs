// ESM entry: re-exports the CommonJS loader by name (the loader picks the
// platform binary; see index.js).
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
} = binding

export default binding
