// ESM entry of agora-convoai-native/compat/access-token.
import { createRequire } from 'node:module'

const compat = createRequire(import.meta.url)('./access-token.js')

export const { RtcTokenBuilder, RtcRole, RtmTokenBuilder, RtmRole, withFixedClock } = compat

export default compat
