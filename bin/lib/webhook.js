'use strict'
// `agora-convoai webhook verify`: checks a saved notification of Agora's Notification Center the
// way a receiver does (the package's parseWebhook: signature over the raw bytes, then the
// envelope), prints its event, and says why a copy does not verify when it does not.
const { createReadStream } = require('node:fs')
const { parseWebhook, verifyWebhook } = require('../../index.js')
const { EXIT, UsageError, parse, out, err, printJson } = require('./cli')
const { webhookSecret, WEBHOOK_SECRET_ENV } = require('./flags')
const { iso } = require('../../lib/time-text.js')

/** Largest body read: parseWebhook's default bound (Agora's notifications are far smaller). */
const MAX_BODY_BYTES = 1024 * 1024

/** What each signature header's value looks like. */
const SIGNATURE_SHAPES = {
  'agora-signature-v2': { label: 'Agora-Signature-V2', shape: /^[0-9a-fA-F]{64}$/, digits: 64 },
  'agora-signature': { label: 'Agora-Signature', shape: /^[0-9a-fA-F]{40}$/, digits: 40 },
}

const EVENT_NAMES = {
  101: 'agent joined',
  102: 'agent left',
  103: 'agent history',
  104: 'agent token expiring',
  110: 'agent error',
  111: 'agent metrics',
  112: 'turns finished',
  201: 'inbound call state',
  202: 'outbound call state',
}

const HELP = `Usage: agora-convoai webhook verify (--signature HEX | --signature-v2 HEX) [--secret S] [FILE | -] [--json]

Checks a notification of Agora's Notification Center as a receiver does: the signature over
the raw body, then the envelope; prints the event. The body is FILE, or stdin when FILE is
"-" or absent, exactly as received (at most ${MAX_BODY_BYTES} bytes).

  --secret S               the webhook secret (Agora Console, Notifications; default: $${WEBHOOK_SECRET_ENV})
  --signature HEX          a signature header's value: 64 hex digits are read as
                           Agora-Signature-V2 (HMAC-SHA256), anything else as Agora-Signature (HMAC-SHA1)
  --signature-v2 HEX       the Agora-Signature-V2 value (with --signature: V2 decides, as in a receiver)
  --json                   machine-readable report

Exit codes: 0 valid; 1 signature mismatch, or not a notification; 2 usage.`

const OPTIONS = {
  secret: { type: 'string' },
  signature: { type: 'string' },
  'signature-v2': { type: 'string' },
  json: { type: 'boolean' },
}

/** The body, read up to MAX_BODY_BYTES; undefined when it is longer. */
async function readBody(source) {
  const stream = source === '-' ? process.stdin : createReadStream(source)
  const chunks = []
  let size = 0
  try {
    for await (const chunk of stream) {
      size += chunk.length
      if (size > MAX_BODY_BYTES) return undefined
      chunks.push(chunk)
    }
  } catch (e) {
    throw new UsageError(`cannot read ${JSON.stringify(source)}: ${e.code ?? e.message}`)
  } finally {
    if (source !== '-') stream.destroy()
  }
  return Buffer.concat(chunks, size)
}

/** The headers a receiver would have got, from the signature flags. */
function signatureHeaders(values) {
  const headers = {}
  const given = values.signature?.trim()
  if (given !== undefined) {
    const isV2 = given.length === SIGNATURE_SHAPES['agora-signature-v2'].digits
    if (isV2 && values['signature-v2'] !== undefined)
      throw new UsageError('--signature has 64 hex digits, an Agora-Signature-V2 value, and so has --signature-v2: give one')
    headers[isV2 ? 'agora-signature-v2' : 'agora-signature'] = given
  }
  if (values['signature-v2'] !== undefined) headers['agora-signature-v2'] = values['signature-v2'].trim()
  if (Object.keys(headers).length === 0) throw new UsageError('missing --signature (the Agora-Signature-V2 or Agora-Signature header value) or --signature-v2')
  return headers
}

/** Why a copy of a notification may not verify, from variants of it that do. */
function mismatchHints(body, headers, secret) {
  const hints = []
  const text = body.toString('utf8')
  const trimmed = text.replace(/\s+$/, '')
  if (trimmed !== text && verifyWebhook(trimmed, headers, secret)) {
    hints.push(
      'It verifies without the white space at its end: the copy gained a newline (an editor, echo or a terminal added it). Agora signs the body as sent.',
    )
  }
  let compact
  try {
    compact = JSON.stringify(JSON.parse(text))
  } catch {
    compact = undefined
  }
  if (compact !== undefined && compact !== trimmed && verifyWebhook(compact, headers, secret)) {
    hints.push('It verifies once written compactly: the copy was re-formatted. Keep the raw bytes as received, never JSON.stringify(req.body).')
  }
  for (const [name, value] of Object.entries(headers)) {
    const { label, shape, digits } = SIGNATURE_SHAPES[name]
    if (!shape.test(value)) hints.push(`The ${label} value is not ${digits} hex digits: was it copied whole?`)
  }
  hints.push("Check the secret: the one Agora Console shows in your project's Notifications settings, not the App Certificate nor the REST customer secret.")
  return hints
}

function describe(event, header) {
  const name = EVENT_NAMES[event.eventType]
  const lines = [
    `Signature  valid (${header === 'agora-signature-v2' ? 'Agora-Signature-V2, HMAC-SHA256' : 'Agora-Signature, HMAC-SHA1'})`,
    `Notice     ${event.noticeId}`,
    `Event      ${event.eventType}${name ? ` ${name}` : ''}, product ${event.productId}`,
    `Sent       ${Number.isFinite(event.notifyMs) ? iso(Math.floor(event.notifyMs / 1000)) : event.notifyMs} (notifyMs ${event.notifyMs})`,
  ]
  if (!event.known) lines.push('Typed      no: another product, a newer event type, or a payload without the documented fields (a Console test, say)')
  lines.push(
    'Payload',
    ...JSON.stringify(event.payload, null, 2)
      .split('\n')
      .map((line) => `  ${line}`),
    'Verdict    OK',
  )
  return lines.join('\n')
}

function fail(values, error, hints = []) {
  if (values.json) printJson({ ok: false, error: { code: error.code, message: error.message }, hints })
  else
    err(
      [
        `${error.code === 'ERR_INVALID_SIGNATURE' ? 'INVALID signature' : 'Not a notification'} (${error.code}): ${error.message}`,
        ...hints.map((h) => `  - ${h}`),
      ].join('\n'),
    )
  return EXIT.FAILED
}

async function verify(values, positionals) {
  if (positionals.length > 1) throw new UsageError('webhook verify takes at most one FILE (or "-" for stdin)')
  const headers = signatureHeaders(values)
  const secret = webhookSecret(values.secret, '--secret')
  const body = await readBody(positionals[0] ?? '-')
  if (body === undefined) {
    return fail(values, { code: 'ERR_INVALID_WEBHOOK', message: `the body is over ${MAX_BODY_BYTES} bytes; Agora's notifications are far smaller` })
  }
  let event
  try {
    event = parseWebhook(body, headers, secret)
  } catch (e) {
    if (e.code === 'ERR_INVALID_SIGNATURE') return fail(values, e, mismatchHints(body, headers, secret))
    if (e.code === 'ERR_INVALID_WEBHOOK') return fail(values, e)
    throw e
  }
  const header = headers['agora-signature-v2'] === undefined ? 'agora-signature' : 'agora-signature-v2'
  if (values.json) printJson({ ok: true, signature: header === 'agora-signature-v2' ? 'Agora-Signature-V2' : 'Agora-Signature', event })
  else out(describe(event, header))
  return EXIT.OK
}

async function run(argv) {
  const { values, positionals } = parse(argv, OPTIONS, { positionals: true })
  if (values.help) {
    out(HELP)
    return EXIT.OK
  }
  const [action, ...rest] = positionals
  if (action !== 'verify') throw new UsageError(`webhook needs an action: verify${action ? `, not ${JSON.stringify(action)}` : ''}`)
  return verify(values, rest)
}

module.exports = { name: 'webhook', summary: 'webhook verify      check a saved webhook notification', HELP, run }
