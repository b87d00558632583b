// ESM entry of agora-convoai-native/sandbox: the same objects as the CommonJS one.
import sandbox from './index.js'

export const { startSandbox, DEMO_CREDENTIALS } = sandbox
export default sandbox
