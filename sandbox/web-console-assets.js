'use strict'

// The web console's files (sandbox/console/): plain HTML, CSS and ES modules, served as they are
// committed, with no build step. Only the files listed here are served; each is read once per
// process, on first use. The Content-Security-Policy lets the page load and fetch from its own
// origin only: no CDN, no inline script, no eval.
const { readFile } = require('node:fs/promises')
const { join } = require('node:path')

const DIR = join(__dirname, 'console')

const TYPES = { html: 'text/html; charset=utf-8', css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8' }

/** Served under /_console/assets/ (index.html is the page itself, served at / ). */
const ASSETS = ['console.css', 'main.js', 'dom.js', 'live.js', 'resources.js', 'requests.js', 'deliveries.js', 'inspector.js', 'faults.js']

const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
}

/** name -> Promise<Buffer>, shared by every sandbox of the process. */
const cache = new Map()

function load(name) {
  let file = cache.get(name)
  if (!file) {
    file = readFile(join(DIR, name))
    cache.set(name, file)
    // A failed read (a broken install) is retried on the next request rather than kept.
    file.catch(() => cache.delete(name))
  }
  return file
}

/** Answers a console file; HEAD gets the headers only. */
async function sendAsset(req, res, name) {
  const body = await load(name)
  if (res.destroyed) return
  res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': TYPES[name.slice(name.lastIndexOf('.') + 1)], 'Content-Length': body.length })
  res.end(req.method === 'HEAD' ? undefined : body)
}

module.exports = { sendAsset, ASSETS }
