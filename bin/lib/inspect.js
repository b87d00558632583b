'use strict'
// `agora-convoai inspect <token>`: what a token contains, when it dies, and whether it
// verifies, with hints for the usual causes of "invalid token". The report and its hints are
// lib/token-report.js (shared with the sandbox console); this file reads flags and prints.
const { EXIT, UsageError, parse, uidFrom, out, printJson } = require('./cli')
const { sharedOptions, sharedHelp, sharedValue } = require('./flags')
const { buildReport, notATokenHint } = require('../../lib/token-report.js')
const { relative, iso, nowUnix } = require('../../lib/time-text.js')

const CREDENTIALS = ['app-certificate', 'app-id']

const HELP = `Usage: agora-convoai inspect TOKEN [--app-certificate CERT] [--channel NAME (--uid N | --account NAME)] [--json]

Parses a 007 (AccessToken2) or 006 token without the certificate: App ID, issue time,
services and privileges with absolute expiry times. TOKEN "-" reads it from stdin.

${sharedHelp(CREDENTIALS, { 'app-certificate': 'check the signature', 'app-id': 'warn when the token is for another App ID' })}
  -c, --channel NAME         check that the token is for this channel ...
  -u, --uid N                ... and this numeric uid (0 = any user)
  --account NAME             ... or this string user account
  --json                     machine-readable report

A 006 token's signature covers channel and uid: verifying it needs --channel and --uid.
Exit codes: 0 ok; 1 not a token, signature mismatch, channel/uid mismatch, or (when
verifying with a certificate) expired; 2 usage.`

const OPTIONS = {
  ...sharedOptions(CREDENTIALS),
  channel: { type: 'string', short: 'c' },
  uid: { type: 'string', short: 'u' },
  account: { type: 'string' },
  json: { type: 'boolean' },
}

const when = (unix, now) => (unix === null ? 'no expiry' : `${iso(unix)} (${relative(unix, now)})`)

function describeService(s) {
  switch (s.service) {
    case 'rtc':
      return `RTC       channel "${s.channelName}", ${s.uid === '' ? 'any uid (0)' : /^\d+$/.test(s.uid) ? `uid ${s.uid}` : `account "${s.uid}"`}`
    case 'rtm':
      return `RTM       user "${s.userId}"`
    case 'rtm2':
      return `RTM2      user "${s.userId}", permissions ${JSON.stringify(s.permissions ?? {})}`
    case 'chat':
      return s.userId === '' ? 'Chat      app' : `Chat      user "${s.userId}"`
    case 'apaas':
      return `APaaS     room "${s.roomUuid}", user "${s.userUuid}", role ${s.role}`
    case 'streaming':
    case 'fcdn':
      return `${s.service === 'fcdn' ? 'FCDN     ' : 'Streaming'} channel "${s.channelName}", account "${s.account}"`
    default:
      return s.service === 'convoai' ? 'ConvoAI' : s.service.toUpperCase()
  }
}

function render(r) {
  const now = nowUnix()
  const lines = [`Version    ${r.version === '007' ? 'AccessToken2 (007)' : 'AccessToken (006, legacy)'}`, `App ID     ${r.appId}`]
  if (r.version === '007') lines.push(`Issued     ${when(r.issueTs, now)}`, `Lifetime   ${r.expire} s`)
  lines.push(
    `Expires    ${when(r.expiresAt, now)}${r.expired ? '  EXPIRED' : ''}`,
    `Salt       ${r.salt}`,
    r.version === '007' ? 'Services' : 'Privileges (absolute times)',
  )
  const privilegeLines = (list, indent) => list.map((p) => `${indent}${p.name.padEnd(20)} ${when(p.expiresAt, now)}`)
  for (const s of r.services) lines.push(`  ${describeService(s)}`, ...privilegeLines(s.privileges, '    '))
  if (r.privileges) lines.push(...privilegeLines(r.privileges, '  '))
  const verdict = { valid: 'valid for the given certificate', invalid: 'INVALID for the given certificate', 'not checked': 'not checked' }[r.signature]
  const why =
    r.signature === 'not checked'
      ? r.version === '006'
        ? ' (006 needs --app-certificate, --channel and --uid)'
        : ' (pass --app-certificate or set AGORA_APP_CERTIFICATE)'
      : ''
  lines.push(`Signature  ${verdict}${why}`)
  if (r.context)
    lines.push(`Context    ${r.context.matches ? 'matches' : 'DOES NOT MATCH'} channel "${r.context.channelName}", uid ${JSON.stringify(r.context.uid)}`)
  if (r.hints.length) lines.push('Hints', ...r.hints.map((h) => `  - ${h}`))
  lines.push(`Verdict    ${r.ok ? 'OK' : 'FAILED'}`)
  return lines.join('\n')
}

function readToken(arg) {
  const raw = arg === '-' ? require('node:fs').readFileSync(0, 'utf8') : arg
  return raw.trim()
}

function contextFrom(values) {
  const hasUid = values.uid !== undefined || values.account !== undefined
  if (values.channel === undefined && !hasUid) return undefined
  if (values.channel === undefined || !hasUid) throw new UsageError('--channel and --uid (or --account) go together')
  return { channelName: values.channel, uid: uidFrom(values) }
}

function run(argv) {
  const { values, positionals } = parse(argv, OPTIONS, { positionals: true })
  if (values.help) {
    out(HELP)
    return EXIT.OK
  }
  if (positionals.length !== 1) throw new UsageError('inspect takes exactly one TOKEN (or "-" for stdin)')
  const token = readToken(positionals[0])
  const options = {
    cert: sharedValue(values, 'app-certificate'),
    appId: sharedValue(values, 'app-id'),
    context: contextFrom(values),
  }
  let report
  try {
    report = buildReport(token, options)
  } catch (e) {
    if (e.code !== 'ERR_INVALID_TOKEN') throw e
    const hint = notATokenHint(token)
    if (values.json) printJson({ ok: false, error: { code: e.code, message: e.message } })
    else process.stderr.write(`Not a valid Agora token (${e.code}): ${e.message}.${hint && ` ${hint}`}\n`)
    return EXIT.FAILED
  }
  if (values.json) printJson(report)
  else out(render(report))
  return report.ok ? EXIT.OK : EXIT.FAILED
}

module.exports = { name: 'inspect', summary: 'inspect TOKEN       show what a token contains and check it', HELP, run }
