// `npm start` (examples/start.mjs): the console's URL comes first, then the demo page's, then
// the curl lines; both pages answer, and the demo page's config links to the console.

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { CLEAN_ENV } from './helpers/cli-process.mjs'

const START = fileURLToPath(new URL('../examples/start.mjs', import.meta.url))

/** Runs start.mjs until it prints "Ctrl-C to stop."; returns its output and a stop(). */
function start() {
  // Without AGORA_* it runs the embedded sandbox; PORT 0: any free port for the demo page.
  const child = spawn(process.execPath, [START], { env: { ...CLEAN_ENV, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  let stdout = ''
  let stderr = ''
  child.stderr.on('data', (chunk) => (stderr += chunk))
  const ready = new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk
      if (stdout.includes('Ctrl-C to stop.')) resolve(stdout)
    })
    exited.then(({ code }) => reject(new Error(`start.mjs exited early (${code}): ${stderr}`)))
  })
  return { ready, stop: () => (child.kill('SIGTERM'), exited) }
}

test('npm start prints the console URL, then the demo page URL, then curl lines; both pages answer', async () => {
  const run = start()
  const out = await run.ready
  const lines = out.split('\n')
  const consoleAt = lines.findIndex((l) => l.startsWith('== Sandbox console: '))
  const demoAt = lines.findIndex((l) => l.startsWith('== Demo page (Express example): '))
  const curlAt = lines.findIndex((l) => l.trimStart().startsWith('curl '))
  assert.ok(consoleAt >= 0 && consoleAt < demoAt && demoAt < curlAt, out)
  assert.equal(lines.slice(0, consoleAt).join('').trim(), '', 'nothing before the console URL')
  const consoleUrl = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(lines[consoleAt])[1]
  const demoUrl = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(lines[demoAt])[1]

  const consolePage = await fetch(consoleUrl)
  assert.match(await consolePage.text(), /<title>ConvoAI sandbox console<\/title>/)
  const demoPage = await fetch(demoUrl)
  assert.match(await demoPage.text(), /<title>ConvoAI demo<\/title>/)
  assert.deepEqual(await (await fetch(`${demoUrl}demo-config`)).json(), { consoleUrl })
  assert.deepEqual(await run.stop(), { code: 0, signal: null })
})
