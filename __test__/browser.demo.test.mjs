// The demo page of the Express example (examples/express/public/) in a real Chromium against
// the sandbox: get a token, start an agent, watch it run, stop it. No console errors, no
// request leaves the page's own server.

import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { test } from 'node:test'
import { launchBrowser, watchedPage } from './helpers/browser.mjs'

const require = createRequire(import.meta.url)
const { verifyToken } = require('../index.js')
const { startSandbox } = require('../sandbox/index.js')
const { createApp } = await import('../examples/express/app.mjs')

async function listen(app) {
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve, reject) => server.once('listening', resolve).once('error', reject))
  return { server, url: `http://127.0.0.1:${server.address().port}` }
}

test('demo page: token, then start -> running -> stop, with a link to the console', async (t) => {
  // A visible STARTING phase: the page polls every 500 ms.
  const sandbox = await startSandbox({ agentStartDelayMs: 1500, agentStopDelayMs: 1500 })
  t.after(() => sandbox.close())
  const consoleUrl = `${sandbox.url}/`
  const app = createApp({
    appId: sandbox.appId,
    appCertificate: sandbox.appCertificate,
    baseUrl: sandbox.url,
    consoleUrl,
    agent: { llm: { url: 'https://llm.example/v1' } },
  })
  const { server, url } = await listen(app)
  t.after(() => server.close())
  const browser = await launchBrowser()
  t.after(() => browser.close())
  const { page, problems } = await watchedPage(browser.context, [url])

  await page.goto(url)
  assert.equal(await page.title(), 'ConvoAI demo')
  const link = page.getByRole('link', { name: 'Open the sandbox console' })
  await link.waitFor()
  assert.equal(await link.getAttribute('href'), consoleUrl)

  await page.getByLabel('Channel').fill('demo-room')
  await page.getByLabel(/Your uid/).fill('4242')
  await page.getByRole('button', { name: 'Get a token' }).click()
  await page.locator('#token').filter({ hasText: /^007/ }).waitFor()
  const token = await page.locator('#token').textContent()
  assert.equal(verifyToken(token, sandbox.appCertificate, { channelName: 'demo-room', uid: 4242 }), true)

  await page.getByRole('button', { name: 'Start an agent' }).click()
  const status = page.getByRole('status')
  await status.filter({ hasText: 'STARTING' }).waitFor()
  await status.filter({ hasText: 'RUNNING' }).waitFor({ timeout: 10_000 })
  const [agent] = sandbox.agents()
  assert.equal(agent.channel, 'demo-room')
  assert.equal(await page.locator('#agent-id').textContent(), agent.agentId)
  assert.equal(await page.getByRole('button', { name: 'Start an agent' }).isDisabled(), true, 'one agent at a time')

  await page.getByRole('button', { name: 'Stop the agent' }).click()
  await status.filter({ hasText: 'STOPPED' }).waitFor({ timeout: 10_000 })
  assert.equal(sandbox.agents()[0].status, 'STOPPED')
  assert.equal(await page.getByRole('button', { name: 'Start an agent' }).isDisabled(), false)

  // A refused start shows the server's message, not a silent failure.
  await page.getByLabel('Channel').fill('bad/channel')
  await page.getByRole('button', { name: 'Start an agent' }).click()
  await page.getByRole('alert').filter({ hasText: 'ERR_INVALID_CHANNEL_NAME' }).waitFor()

  assert.deepEqual(problems.pageErrors, [])
  assert.deepEqual(problems.outsideRequests, [])
  // The one expected console error is the browser reporting the 400 of the refused start.
  assert.deepEqual(
    problems.consoleErrors.filter((m) => !m.includes('400 (Bad Request)')),
    [],
  )
})
