// The sandbox's web console in a real Chromium: it loads with no console errors and no request
// outside the sandbox, follows agents and calls live (no reload), its inspector verifies a token
// and explains a mismatched one, its fault buttons make the next API request fail as documented,
// it lists webhook deliveries with their retries, and it works from the keyboard in light and
// dark schemes.
// CONSOLE_SCREENSHOT=docs/images/console.png writes the screenshot docs/console.md shows.

import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { test } from 'node:test'
import { launchBrowser, watchedPage } from './helpers/browser.mjs'
import { startReceiver } from './helpers/webhook-receiver.mjs'
import { agentPath, call, joinBody, startAgent } from './sandbox.helpers.mjs'

const require = createRequire(import.meta.url)
const { ConvoAIClient, buildRtcToken } = require('../index.js')
const { startSandbox } = require('../sandbox/index.js')

test('the sandbox console in Chromium', async (t) => {
  // A webhook receiver that fails its first delivery, so the console has a retry to show.
  const receiver = await startReceiver((_delivery, n) => (n === 1 ? { status: 500, body: '{}' } : { status: 200, body: '{"ok":true}' }))
  t.after(() => receiver.close())
  // A visible STARTING phase.
  const sandbox = await startSandbox({
    agentStartDelayMs: 300,
    agentStopDelayMs: 300,
    webhook: { url: receiver.url, secret: 'browser-test-secret', retryDelaysMs: [50] },
  })
  t.after(() => sandbox.close())
  const browser = await launchBrowser()
  t.after(() => browser.close())
  const { page, problems } = await watchedPage(browser.context, [sandbox.url])
  await page.setViewportSize({ width: 1280, height: 900 })
  const client = new ConvoAIClient({ appId: sandbox.appId, appCertificate: sandbox.appCertificate, baseUrl: sandbox.url })

  await page.goto(`${sandbox.url}/`)
  assert.equal(await page.title(), 'ConvoAI sandbox console')
  await page.getByRole('status').filter({ hasText: 'Live' }).waitFor()
  assert.equal(await page.locator('#app-id').textContent(), sandbox.appId)

  await t.test('an agent started after the page loaded appears without a reload, and its stop shows', async () => {
    const { agentId } = await client.startAgent({
      name: 'support-bot',
      channel: 'room-1',
      agentUid: 1001,
      remoteUids: [2002],
      llm: { url: 'https://llm.example/v1' },
      idleTimeout: 0,
    })
    const row = page.getByRole('row').filter({ hasText: agentId })
    await row.getByRole('cell', { name: 'RUNNING', exact: true }).waitFor()
    const cells = await row.getByRole('cell').allTextContents()
    assert.deepEqual(cells.slice(0, 5), ['support-bot', 'room-1', '1001', '2002', 'RUNNING'])
    await client.stopAgent(agentId)
    await row.getByRole('cell', { name: 'STOPPED', exact: true }).waitFor()
    // The request log has the join and the leave, newest first.
    const log = page.locator('#request-rows')
    await log.getByRole('row').filter({ hasText: '/leave' }).waitFor()
    assert.match(await log.getByRole('row').first().textContent(), /POST.*\/leave.*200/)
  })

  await t.test('the inspector verifies a token, and explains one for another uid', async () => {
    const token = buildRtcToken({ appId: sandbox.appId, appCertificate: sandbox.appCertificate, channelName: 'room-1', uid: 1001 })
    await page.getByRole('textbox', { name: 'Token', exact: true }).fill(token)
    await page.getByRole('textbox', { name: 'Channel (optional)' }).fill('room-1')
    await page.getByRole('textbox', { name: /Uid or user account/ }).fill('1001')
    await page.getByRole('button', { name: 'Inspect' }).click()
    const result = page.locator('#inspect-result')
    await result.locator('[data-verdict="signature-valid"]').waitFor()
    await result.locator('[data-verdict="join-ok"]').waitFor()

    await page.getByRole('textbox', { name: /Uid or user account/ }).fill('7')
    await page.getByRole('button', { name: 'Inspect' }).click()
    await result.locator('[data-verdict="join-refused"]').waitFor()
    await result.getByRole('listitem').filter({ hasText: 'The token is for uid "1001", not "7"' }).waitFor()

    await page.getByRole('textbox', { name: 'Token', exact: true }).fill('not a token')
    await page.getByRole('button', { name: 'Inspect' }).click()
    await result.locator('[data-verdict="not-a-token"]').waitFor()
  })

  await t.test('a fault button makes the next API request fail as documented, and the log shows it', async () => {
    await page.getByRole('button', { name: '503 with Retry-After' }).click()
    await page
      .locator('#fault-pending')
      .getByText(/503, Retry-After 2 s — next 1 request$/)
      .waitFor()
    const failed = await call(sandbox, 'GET', agentPath(sandbox, '/agents'))
    assert.deepEqual([failed.status, failed.headers.get('retry-after'), failed.body.reason], [503, '2', 'ServiceUnavailable'])
    await page.locator('#fault-pending').getByText('None pending: requests and deliveries go through normally.').waitFor()
    await page.locator('#request-rows').getByRole('row').filter({ hasText: 'failNext: scripted 503' }).waitFor()
    assert.equal((await call(sandbox, 'GET', agentPath(sandbox, '/agents'))).status, 200, 'only the next one')

    // From the keyboard: focus a fault button, press Enter; the count field sets how many.
    await page.getByRole('spinbutton', { name: 'How many of the next requests' }).fill('2')
    await page.getByRole('button', { name: 'Drop the connection' }).focus()
    await page.keyboard.press('Enter')
    await page
      .locator('#fault-pending')
      .getByText(/drop the connection — next 2 requests$/)
      .waitFor()
    await page.getByRole('button', { name: 'Clear pending faults' }).click()
    await page.locator('#fault-pending').getByText('None pending: requests and deliveries go through normally.').waitFor()
    assert.equal((await call(sandbox, 'GET', agentPath(sandbox, '/agents'))).status, 200)
  })

  await t.test('a request’s details show its redacted body', async () => {
    await startAgent(sandbox, { name: 'detail-bot' })
    const joins = page.locator('#request-rows').getByRole('row').filter({ hasText: '/join' })
    await joins.nth(1).waitFor() // support-bot's join, then this one (newest first)
    const row = joins.first()
    await row.getByRole('button', { name: /Details of request/ }).click()
    const detail = page.locator('#request-detail-text')
    await detail.filter({ hasText: '"name": "detail-bot"' }).waitFor()
    const text = await detail.textContent()
    assert.match(text, /"token": "\*\*\*"/)
    assert.match(text, /"authorization": "Basic \*\*\*"/)
    await page.getByRole('button', { name: 'Close the details' }).click()
    assert.equal(await detail.isVisible(), false)
  })

  await t.test('calls and phone numbers appear', async () => {
    await call(sandbox, 'POST', '/api/conversational-ai-agent/v2/phone-numbers', {
      body: { provider: 'byo', phone_number: '+14155550100', label: 'front desk' },
    })
    await page.locator('#number-rows').getByRole('row').filter({ hasText: 'front desk' }).waitFor()
    const channel = 'call-room'
    const placed = await call(sandbox, 'POST', agentPath(sandbox, '/call'), {
      body: {
        name: 'outbound-1',
        sip: {
          to_number: '+14155550123',
          from_number: '+14155550100',
          rtc_uid: '100',
          rtc_token: buildRtcToken({ appId: sandbox.appId, appCertificate: sandbox.appCertificate, channelName: channel, uid: 100 }),
        },
        properties: { ...joinBody(sandbox, { channel, uid: '111' }).properties, remote_rtc_uids: ['100'] },
      },
    })
    assert.equal(placed.status, 200, placed.text)
    const row = page.locator('#call-rows').getByRole('row').filter({ hasText: placed.body.agent_id })
    await row.getByRole('cell', { name: 'ANSWERED', exact: true }).waitFor()
    await call(sandbox, 'POST', agentPath(sandbox, `/calls/${placed.body.agent_id}/hangup`), { body: {} })
    await row.getByRole('cell', { name: 'HANGUP', exact: true }).waitFor()
    assert.match(await row.textContent(), /outbound\+14155550100\+14155550123call-roomHANGUPrequest/)
  })

  await t.test('webhook deliveries show with their retries; a webhook fault button scripts the next attempt', async () => {
    await page.getByText(`Signed notifications go to ${receiver.url}.`).waitFor()
    const rows = page.locator('#attempt-rows').getByRole('row')
    // support-bot's 101: refused once (500), delivered on the retry.
    const joined = rows.filter({ hasText: '101 agent joined' })
    await joined.filter({ hasText: 'delivered' }).first().waitFor()
    const noticeId = await joined.filter({ hasText: 'failed' }).first().locator('td.id').textContent()
    const attempts = await rows.filter({ hasText: noticeId }).allTextContents()
    assert.equal(attempts.length, 2)
    assert.match(attempts[0], /101 agent joined.*2delivered200/, 'the retry, newest first')
    assert.match(attempts[1], /101 agent joined.*1failed500.*answered 500/)

    await page.getByRole('spinbutton', { name: 'How many of the next requests' }).fill('1')
    await page.getByRole('button', { name: 'Webhook not sent' }).click()
    await page.locator('#fault-pending').getByText('webhook not sent — next 1 delivery attempt').waitFor()
    await startAgent(sandbox, { name: 'webhook-bot' })
    await rows.filter({ hasText: 'not sent' }).first().waitFor()
    await page.locator('#fault-pending').getByText('None pending: requests and deliveries go through normally.').waitFor()
  })

  await t.test('every control has a label; light and dark schemes differ', async () => {
    const unlabelled = await page
      .locator('input, textarea, select, button')
      .evaluateAll((els) => els.filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.textContent.trim())).map((el) => el.outerHTML))
    assert.deepEqual(unlabelled, [])
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    await page.emulateMedia({ colorScheme: 'light' })
    const light = await background()
    await page.emulateMedia({ colorScheme: 'dark' })
    assert.notEqual(await background(), light)
    await page.emulateMedia({ colorScheme: 'light' })
  })

  if (process.env.CONSOLE_SCREENSHOT) {
    // The picture in docs/console.md: the inspector explaining a token for another uid.
    const token = buildRtcToken({ appId: sandbox.appId, appCertificate: sandbox.appCertificate, channelName: 'room-1', uid: 1001 })
    await page.getByRole('textbox', { name: 'Token', exact: true }).fill(token)
    await page.getByRole('button', { name: 'Inspect' }).click()
    await page.locator('#inspect-result [data-verdict="join-refused"]').waitFor()
    await page.screenshot({ path: process.env.CONSOLE_SCREENSHOT, fullPage: true })
  }

  assert.deepEqual(problems.pageErrors, [])
  assert.deepEqual(problems.outsideRequests, [])
  assert.deepEqual(problems.consoleErrors, [])
})
