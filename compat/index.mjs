// ESM entry of agora-convoai-native/compat (re-exports the CommonJS module by name).
import { createRequire } from 'node:module'

const compat = createRequire(import.meta.url)('./index.js')

export const {
  ApaasTokenBuilder,
  ChatTokenBuilder,
  ConvoAITokenBuilder,
  EducationTokenBuilder,
  FpaTokenBuilder,
  RtcRole,
  RtcTokenBuilder,
  RtmTokenBuilder,
  Rtm2Permissions,
  SttTokenBuilder,
  withFixedClock,
} = compat

export default compat
