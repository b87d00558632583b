// `agora-convoai webhook verify` and `agora-convoai sandbox --webhook-url`, run for real: exit
// codes (0 valid, 1 bad signature or not a notification, 2 usage), the event it prints, the
// hints for copies that no longer verify, and the webhook secret never printed.

import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { cli, startSandboxCli } from './helpers/cli-process.mjs'
import { startReceiver } from './helpers/webhook-receiver.mjs'
import { agentPath, call, joinBody, until } from './sandbox.helpers.mjs'

const require = createRequire(import.meta.url)
const { parseWebhook, signWebhook } = require('../index.js')
const { DEMO_CREDENTIALS } = require('../sandbox/index.js')

const SECRET = 'cli-webhook-secret-3f9a'
const ID = '970CA35de60c44645bbae8a215061b33'
const CERT = '5CFd2fd1755d40ecb72977518be15d3b'
const dir = mkdtempSync(join(tmpdir(), 'agora-cli-webhook-'))
after(() => rmSync(dir, { recursive: true, force: true }))

// Every output of every run, checked for the secret at the end.
const outputs = []
async function run(args, options) {
  const result = await cli(args, options)
  outputs.push(result.stdout, result.stderr)
  return result
}
after(() => {
  for (const output of outputs) assert.ok(!output.includes(SECRET), `the secret was printed: ${output}`)
})

const BODY = JSON.stringify({
  noticeId: '2000001428:4330:102',
  productId: 17,
  eventType: 102,
  notifyMs: 1737111456000,
  payload: {
    agent_id: 'AGENT1',
    name: 'my-agent',
    channel: 'room-1',
    start_ts: 1737111452,
    stop_ts: 1737111455,
    status: 'STOPPED',
    message: 'OK',
    labels: { campaign_id: 'spring' },
  },
})
const SIGNED = signWebhook(BODY, SECRET)
let files = 0
function file(content) {
  files += 1
  const path = join(dir, `body-${files}.json`)
  writeFileSync(path, content)
  return path
}
const BODY_FILE = file(BODY)

test('webhook --help: exit 0, its usage; listed in the main help', async () => {
  const help = await run(['webhook', '--help'])
  assert.equal(help.code, 0)
  assert.match(help.stdout, /Usage: agora-convoai webhook verify/)
  assert.match((await run(['--help'])).stdout, /webhook verify/)
})

test('a valid notification: exit 0, the signature that decided and the typed event', async () => {
  const r = await run(['webhook', 'verify', '--secret', SECRET, '--signature', SIGNED['Agora-Signature-V2'], BODY_FILE])
  assert.equal(r.code, 0, r.stderr)
  assert.match(r.stdout, /^Signature {2}valid \(Agora-Signature-V2, HMAC-SHA256\)$/m)
  assert.match(r.stdout, /^Notice {5}2000001428:4330:102$/m)
  assert.match(r.stdout, /^Event {6}102 agent left, product 17$/m)
  assert.match(r.stdout, /^Sent {7}2025-01-17T10:57:36Z/m)
  assert.match(r.stdout, /"message": "OK"/)
  assert.match(r.stdout, /^Verdict {4}OK$/m)
})

test('the SHA-1 header value, from stdin ("-" or no FILE), --json: the event parseWebhook gives', async () => {
  const expected = parseWebhook(BODY, SIGNED, SECRET)
  for (const source of [['-'], []]) {
    const r = await run(['webhook', 'verify', '--secret', SECRET, '--signature', SIGNED['Agora-Signature'].toUpperCase(), '--json', ...source], { input: BODY })
    assert.equal(r.code, 0, r.stderr)
    const report = JSON.parse(r.stdout)
    assert.equal(report.ok, true)
    assert.equal(report.signature, 'Agora-Signature')
    assert.deepEqual(report.event, expected)
  }
})

test('the secret from AGORA_WEBHOOK_SECRET; --signature-v2; V2 decides over a wrong SHA-1 value', async () => {
  const env = { AGORA_WEBHOOK_SECRET: SECRET }
  assert.equal((await run(['webhook', 'verify', '--signature-v2', SIGNED['Agora-Signature-V2'], BODY_FILE], { env })).code, 0)
  const both = await run(['webhook', 'verify', '--signature', '0'.repeat(40), '--signature-v2', SIGNED['Agora-Signature-V2'], BODY_FILE], { env })
  assert.equal(both.code, 0, both.stderr)
  // And a correct SHA-1 value cannot rescue a wrong V2 one.
  const wrongV2 = await run(['webhook', 'verify', '--signature', SIGNED['Agora-Signature'], '--signature-v2', '0'.repeat(64), BODY_FILE], { env })
  assert.equal(wrongV2.code, 1)
})

test('a changed body or the wrong secret: exit 1, ERR_INVALID_SIGNATURE, and the secret hint', async () => {
  const tampered = file(BODY.replace('"STOPPED"', '"FAILED"'))
  const r = await run(['webhook', 'verify', '--secret', SECRET, '--signature', SIGNED['Agora-Signature-V2'], tampered])
  assert.equal(r.code, 1)
  assert.match(r.stderr, /INVALID signature \(ERR_INVALID_SIGNATURE\)/)
  assert.match(r.stderr, /Check the secret/)
  assert.doesNotMatch(r.stderr, /newline|compactly/)
  const wrongSecret = await run(['webhook', 'verify', '--secret', 'another-secret', '--signature', SIGNED['Agora-Signature-V2'], BODY_FILE, '--json'])
  assert.equal(wrongSecret.code, 1)
  const report = JSON.parse(wrongSecret.stdout)
  assert.equal(report.ok, false)
  assert.equal(report.error.code, 'ERR_INVALID_SIGNATURE')
  assert.equal(report.hints.length, 1)
})

test('hints name the usual damage: an added newline, a re-formatted copy, a truncated signature', async () => {
  const newline = await run(['webhook', 'verify', '--secret', SECRET, '--signature', SIGNED['Agora-Signature-V2'], file(`${BODY}\n`)])
  assert.equal(newline.code, 1)
  assert.match(newline.stderr, /verifies without the white space at its end/)
  const pretty = await run([
    'webhook',
    'verify',
    '--secret',
    SECRET,
    '--signature',
    SIGNED['Agora-Signature-V2'],
    file(JSON.stringify(JSON.parse(BODY), null, 2)),
  ])
  assert.equal(pretty.code, 1)
  assert.match(pretty.stderr, /verifies once written compactly/)
  const short = await run(['webhook', 'verify', '--secret', SECRET, '--signature', SIGNED['Agora-Signature'].slice(0, 30), BODY_FILE])
  assert.equal(short.code, 1)
  assert.match(short.stderr, /Agora-Signature value is not 40 hex digits/)
})

test('a signed body that is not a notification: exit 1, ERR_INVALID_WEBHOOK', async () => {
  const body = '{"hello":"world"}'
  const r = await run(['webhook', 'verify', '--secret', SECRET, '--signature', signWebhook(body, SECRET)['Agora-Signature-V2'], '--json', file(body)])
  assert.equal(r.code, 1)
  assert.equal(JSON.parse(r.stdout).error.code, 'ERR_INVALID_WEBHOOK')
  const huge = `{"pad":"${'x'.repeat(1024 * 1024)}"}`
  const big = await run(['webhook', 'verify', '--secret', SECRET, '--signature', signWebhook(huge, SECRET)['Agora-Signature-V2'], file(huge)])
  assert.equal(big.code, 1)
  assert.match(big.stderr, /ERR_INVALID_WEBHOOK.*over 1048576 bytes/)
})

test('an event type this version does not know is valid, shown as untyped', async () => {
  const body = JSON.stringify({ noticeId: 'n-1', productId: 17, eventType: 150, notifyMs: 1737111456000, payload: { whatever: true } })
  const r = await run(['webhook', 'verify', '--secret', SECRET, '--signature', signWebhook(body, SECRET)['Agora-Signature-V2'], file(body)])
  assert.equal(r.code, 0, r.stderr)
  assert.match(r.stdout, /^Event {6}150, product 17$/m)
  assert.match(r.stdout, /^Typed {6}no:/m)
})

test('usage errors exit 2', async () => {
  const sig = ['--signature', SIGNED['Agora-Signature-V2']]
  const cases = [
    [['webhook']],
    [['webhook', 'sign']],
    [['webhook', 'verify', '--secret', SECRET, BODY_FILE], /missing --signature/],
    [['webhook', 'verify', ...sig, BODY_FILE], /missing --secret \(or set AGORA_WEBHOOK_SECRET\)/],
    [['webhook', 'verify', '--secret', SECRET, ...sig, BODY_FILE, BODY_FILE]],
    [['webhook', 'verify', '--secret', SECRET, ...sig, join(dir, 'missing.json')], /cannot read/],
    [['webhook', 'verify', '--secret', SECRET, ...sig, '--signature-v2', SIGNED['Agora-Signature-V2'], BODY_FILE], /give one/],
    [['webhook', 'verify', '--secret', 'x'.repeat(4097), ...sig, BODY_FILE], /ERR_INVALID_ARG/],
    [['webhook', 'verify', '--secret', SECRET, ...sig, '--bogus', BODY_FILE]],
  ]
  for (const [args, message] of cases) {
    const r = await run(args)
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`)
    if (message) assert.match(r.stderr, message)
  }
})

test('sandbox --webhook-url: signed notifications the receiver and `webhook verify` accept; one JSON line per attempt; the secret never printed', async (t) => {
  const receiver = await startReceiver()
  t.after(() => receiver.close())
  const s = startSandboxCli(['--webhook-url', receiver.url], { env: { AGORA_WEBHOOK_SECRET: SECRET } })
  t.after(() => s.stop())
  const info = await s.info
  assert.equal(info.webhookUrl, receiver.url)
  const joined = await call(info, 'POST', agentPath(info, '/join'), { body: joinBody(info, { properties: { idle_timeout: 0 } }) })
  assert.equal(joined.status, 200)
  await until(() => receiver.received.length === 1 && s.lines().length === 2)
  const [delivery] = receiver.received
  const event = parseWebhook(delivery.body, delivery.headers, SECRET)
  assert.deepEqual([event.eventType, event.payload.agentId], [101, joined.body.agent_id])
  const { webhookAttempt } = JSON.parse(s.lines()[1])
  assert.deepEqual([webhookAttempt.noticeId, webhookAttempt.outcome, webhookAttempt.status, webhookAttempt.body], [event.noticeId, 'delivered', 200, undefined])
  const verified = await run(['webhook', 'verify', '--secret', SECRET, '--signature', delivery.headers['agora-signature-v2'], file(delivery.body)])
  assert.equal(verified.code, 0, verified.stderr)
  assert.deepEqual(await s.stop(), { code: 0, signal: null })
  outputs.push(s.lines().join('\n'), s.stderr())
})

test('sandbox --webhook-url without --json: a line per attempt, failures with their retry', async (t) => {
  const receiver = await startReceiver((_delivery, n) => (n === 1 ? { status: 503, body: '{}' } : { status: 200, body: '{}' }))
  t.after(() => receiver.close())
  const s = startSandboxCli(['--webhook-url', receiver.url, '--webhook-secret', SECRET, '--app-id', ID, '--app-certificate', CERT], { json: false })
  t.after(() => s.stop())
  const url = (await s.info).replace(/^ConvoAI sandbox listening on /, '')
  const sandbox = { url, appId: ID, appCertificate: CERT, customerId: DEMO_CREDENTIALS.customerId, customerSecret: DEMO_CREDENTIALS.customerSecret }
  await until(() => s.lines().some((l) => l.startsWith('Webhooks:')))
  assert.ok(s.lines().includes(`Webhooks: signed notifications go to ${receiver.url}`))
  assert.equal((await call(sandbox, 'POST', agentPath(sandbox, '/join'), { body: joinBody(sandbox, { properties: { idle_timeout: 0 } }) })).status, 200)
  await until(() => s.lines().filter((l) => l.startsWith('webhook ')).length === 2)
  const [failed, delivered] = s.lines().filter((l) => l.startsWith('webhook '))
  assert.match(failed, /^webhook 101 \d+:1:101 attempt 1: failed: answered 503, not 200; retry in 1000 ms$/)
  assert.match(delivered, /^webhook 101 \d+:1:101 attempt 2: delivered \(200, \d+ ms\)$/)
  await s.stop()
  outputs.push(s.lines().join('\n'), s.stderr())
})

test('sandbox webhook flags: usage errors exit 2, the secret not echoed', async () => {
  const cases = [
    ['sandbox', '--webhook-secret', SECRET],
    ['sandbox', '--webhook-url', 'http://127.0.0.1:9/hook'],
    ['sandbox', '--webhook-url', 'ftp://127.0.0.1/hook', '--webhook-secret', SECRET],
    ['sandbox', '--webhook-url', 'not a url', '--webhook-secret', SECRET],
  ]
  for (const args of cases) {
    const r = await run(args)
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`)
  }
})
