// A headless Chromium for the web-page tests: Debian's /usr/bin/chromium driven by
// playwright-core (no browser download). `.ci/run` installs the package; without it the
// tests fail with a message saying how to install it, they are never skipped.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

// Flags that keep Chromium from reaching for Google's services on a machine without internet
// (each refused connection is noise, and a test must see only the page's own requests).
const QUIET = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-gpu',
  '--no-sandbox',
]

/** Launches Chromium with a fresh profile; `close()` also removes the profile. */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH`)
  }
  const profile = mkdtempSync(join(tmpdir(), 'convoai-chromium-'))
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: QUIET })
  return {
    context,
    async close() {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

/**
 * A new page that records what a test must not see: console errors, uncaught exceptions, and
 * requests to any origin but `allowedOrigins`.
 */
export async function watchedPage(context, allowedOrigins) {
  const page = await context.newPage()
  const problems = { consoleErrors: [], pageErrors: [], outsideRequests: [] }
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(message.text())
  })
  page.on('pageerror', (error) => problems.pageErrors.push(error.message))
  page.on('request', (request) => {
    const url = new URL(request.url())
    if (url.protocol === 'data:' || url.protocol === 'blob:') return
    if (!allowedOrigins.includes(url.origin)) problems.outsideRequests.push(request.url())
  })
  return { page, problems }
}
