// `npm run bench`: every benchmark, each against its named competitor in the
// same run. Build the addon in release mode first (`npm run build`).
import { existsSync } from 'node:fs'
import { run as tokens } from './tokens.mjs'

tokens()
const agents = new URL('./agents.mjs', import.meta.url)
if (existsSync(agents)) await (await import(agents)).run()
