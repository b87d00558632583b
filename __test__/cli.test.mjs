// The agora-convoai binary, run for real (node bin/agora-convoai.js …): exit codes,
// --json output, env fallbacks, and no secrets in what it prints.

import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { test } from 'node:test'
import { cli, startSandboxCli } from './helpers/cli-process.mjs'

const require = createRequire(import.meta.url)
const addon = require('../index.js')
const vectors = require('./fixtures/compat-cli-vectors.json')

const ID = '970CA35de60c44645bbae8a215061b33'
const CERT = '5CFd2fd1755d40ecb72977518be15d3b'

const creds = ['--app-id', ID, '--app-certificate', CERT]

test('no command: usage on stdout, exit 2; --help exit 0; unknown command exit 2', async () => {
  const none = await cli([])
  assert.equal(none.code, 2)
  assert.match(none.stdout, /Usage: agora-convoai <command>/)
  assert.equal((await cli(['--help'])).code, 0)
  const unknown = await cli(['frobnicate'])
  assert.equal(unknown.code, 2)
  assert.match(unknown.stderr, /unknown command "frobnicate"/)
})

for (const command of ['token', 'inspect', 'basic', 'sandbox', 'agent', 'projects', 'check-credentials']) {
  test(`${command} --help: exit 0, its usage`, async () => {
    const r = await cli([command, '--help'])
    assert.equal(r.code, 0)
    assert.match(r.stdout, new RegExp(`Usage: agora-convoai ${command}`))
  })
}

test('token rtc: a publisher token for the flags, reproducible with --issue-ts/--salt', async () => {
  const r = await cli(['token', 'rtc', ...creds, '--channel', 'room-1', '--uid', '42', '--issue-ts', '1700000000', '--salt', '7', '--expire', '600'])
  assert.equal(r.code, 0, r.stderr)
  const token = r.stdout.trim()
  const expected = addon.buildRtcToken({ appId: ID, appCertificate: CERT, channelName: 'room-1', uid: 42, tokenExpire: 600, issueTs: 1700000000, salt: 7 })
  assert.deepEqual(addon.parseToken(token), addon.parseToken(expected))
  const [rtc] = addon.parseToken(token).services
  assert.deepEqual(rtc.privileges, { joinChannel: 600, publishAudioStream: 600, publishVideoStream: 600, publishDataStream: 600 })
  assert.equal(addon.verifyToken(token, CERT, { channelName: 'room-1', uid: 42 }), true)
})

test('token rtc: credentials from AGORA_APP_ID/AGORA_APP_CERTIFICATE, --account, --role subscriber, --json', async () => {
  const r = await cli(['token', 'rtc', '-c', 'room', '--account', 'alice', '--role', 'subscriber', '--json'], {
    env: { AGORA_APP_ID: ID, AGORA_APP_CERTIFICATE: CERT },
  })
  assert.equal(r.code, 0, r.stderr)
  const { token, parsed } = JSON.parse(r.stdout)
  assert.deepEqual(parsed, addon.parseToken(token))
  assert.equal(parsed.services[0].uid, 'alice')
  assert.deepEqual(Object.keys(parsed.services[0].privileges), ['joinChannel'])
})

test('credential flags: one spelling in every command, the old ones kept as aliases', async () => {
  const token = addon.buildRtcToken({ appId: ID, appCertificate: CERT, channelName: 'room', uid: 7 })
  const mint = (flag) => cli(['token', 'rtc', '--app-id', ID, flag, CERT, '-c', 'room', '-u', '7'])
  for (const flag of ['--app-certificate', '--app-cert', '--cert']) {
    const r = await mint(flag)
    assert.equal(r.code, 0, `${flag}: ${r.stderr}`)
    assert.equal(addon.verifyToken(r.stdout.trim(), CERT), true, flag)
    const inspected = await cli(['inspect', token, '--json', flag, CERT])
    assert.equal(JSON.parse(inspected.stdout).signature, 'valid', `inspect ${flag}`)
  }
  const twice = await cli(['token', 'rtc', '--app-id', ID, '--app-cert', CERT, '--app-certificate', CERT.toLowerCase(), '-c', 'r', '-u', '1'])
  assert.equal(twice.code, 2)
  assert.match(twice.stderr, /--app-certificate and --app-cert are the same flag/)
  assert.ok(!twice.stderr.includes(CERT) && !twice.stderr.includes(CERT.toLowerCase()), 'no certificate in the message')
  for (const command of ['token', 'inspect', 'sandbox', 'agent', 'projects', 'check-credentials']) {
    const help = (await cli([command, '--help'])).stdout
    assert.match(help, /--app-certificate CERT/, `${command} --help names --app-certificate`)
  }
  const agentHelp = (await cli(['agent', '--help'])).stdout
  for (const flag of ['--app-id', '--app-certificate', '--customer-id', '--customer-secret', '--base-url']) assert.match(agentHelp, new RegExp(flag))
})

test('--debug prints the stack of a failure, without it only code and message', async () => {
  const args = ['agent', 'get', 'some-agent', '--base-url', 'http://127.0.0.1:9', '--app-id', ID, '--app-certificate', CERT, '--max-retries', '0']
  const plain = await cli(args)
  assert.equal(plain.code, 1)
  assert.match(plain.stderr, /ERR_NETWORK/)
  assert.doesNotMatch(plain.stderr, /\n +at /)
  const debug = await cli(['--debug', ...args])
  assert.equal(debug.code, 1)
  assert.match(debug.stderr, /ERR_NETWORK/)
  assert.match(debug.stderr, /\n +at /, 'a stack trace')
  assert.ok(!debug.stderr.includes(CERT), 'no certificate in the stack')
})

test('token rtc-rtm: RTC + RTM (+ ConvoAI with --convoai), RTM user defaults to the uid', async () => {
  const r = await cli(['token', 'rtc-rtm', ...creds, '-c', 'room', '-u', '1001', '--convoai', '--rtm-expire', '300'])
  assert.equal(r.code, 0, r.stderr)
  const parsed = addon.parseToken(r.stdout.trim())
  assert.deepEqual(
    parsed.services.map((s) => s.service),
    ['rtc', 'rtm', 'convoai'],
  )
  assert.equal(parsed.services[1].userId, '1001')
  assert.equal(parsed.services[1].privileges.login, 300)
})

test('token: usage errors exit 2 and never echo the certificate', async () => {
  const cases = [
    ['token'],
    ['token', 'rtm', ...creds, '-c', 'r', '-u', '1'],
    ['token', 'rtc', '-c', 'r', '-u', '1'],
    ['token', 'rtc', ...creds, '-u', '1'],
    ['token', 'rtc', ...creds, '-c', 'r'],
    ['token', 'rtc', ...creds, '-c', 'r', '-u', 'alice'],
    ['token', 'rtc', ...creds, '-c', 'r', '-u', '1', '--account', 'a'],
    ['token', 'rtc', ...creds, '-c', 'r', '-u', '1', '--role', 'admin'],
    ['token', 'rtc', ...creds, '-c', 'r', '-u', '1', '--expire', '1h'],
    ['token', 'rtc', ...creds, '-c', 'r', '-u', '1', '--expire', '90000'],
    ['token', 'rtc', ...creds, '-c', 'r', '-u', '1', '--convoai'],
    ['token', 'rtc', ...creds, '-c', 'r', '-u', '1', '--bogus'],
    ['token', 'rtc', '--app-id', 'nothex', '--app-cert', CERT, '-c', 'r', '-u', '1'],
    ['token', 'rtc', '--app-id', ID, '--app-cert', CERT.slice(2), '-c', 'r', '-u', '1'],
    ['token', 'rtc', ...creds, '-c', 'bad/channel', '-u', '1'],
    ['token', 'rtc', ...creds, '-c', 'r', '-u', '4294967296'],
  ]
  for (const args of cases) {
    const r = await cli(args)
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`)
    assert.match(r.stderr, /--help/)
    assert.ok(!r.stderr.includes(CERT) && !r.stdout.includes(CERT), args.join(' '))
  }
})

test('inspect: official 007 vector (RTC+RTM+Chat), human-readable', async () => {
  const v = vectors.v007[1]
  const r = await cli(['inspect', v.token])
  assert.equal(r.code, 0, r.stderr)
  assert.match(r.stdout, /AccessToken2 \(007\)/)
  assert.match(r.stdout, new RegExp(`App ID +${v.inputs.app_id}`))
  assert.match(r.stdout, /Issued +1970-01-13T20:38:31Z/)
  assert.match(r.stdout, /Expires +1970-01-13T20:48:31Z \(\d+y \d+d ago\) +EXPIRED/)
  assert.match(r.stdout, /RTC +channel "7d72365eb983485397e3e3f9d460bdda", uid 2882341273/)
  assert.match(r.stdout, /RTM +user "test_user"/)
  assert.match(r.stdout, /Chat +user "2882341273"/)
  assert.match(r.stdout, /Signature +not checked/)
  assert.match(r.stdout, /The token expired/)
})

test('inspect --json: every official 007 vector parses with the vector inputs', async () => {
  for (const v of vectors.v007) {
    const r = await cli(['inspect', v.token, '--json'])
    assert.equal(r.code, 0, r.stderr)
    const report = JSON.parse(r.stdout)
    assert.equal(report.version, '007')
    assert.equal(report.appId, v.inputs.app_id)
    assert.equal(report.issueTs, v.inputs.issue_ts)
    assert.equal(report.expiresAt, v.inputs.issue_ts + v.inputs.expire)
    assert.equal(report.expired, true)
    assert.equal(report.salt, v.inputs.salt)
    assert.deepEqual(
      report.services.map((s) => s.service),
      v.inputs.services.map((s) => s.name),
    )
    assert.equal(report.signature, 'not checked')
    assert.equal(report.ok, true)
  }
})

test('inspect --cert: valid vs invalid signature; expired fails verification; --channel/--uid checked', async () => {
  const v = vectors.v007[1]
  const good = JSON.parse((await cli(['inspect', v.token, '--json', '--cert', CERT, '-c', '7d72365eb983485397e3e3f9d460bdda', '-u', '2882341273'])).stdout)
  assert.equal(good.signature, 'valid')
  assert.equal(good.context.matches, true)
  assert.equal(good.ok, false, 'an expired token does not verify')
  const bad = await cli(['inspect', v.token, '--json', '--cert', CERT.replace('5', '6')])
  assert.equal(bad.code, 1)
  assert.equal(JSON.parse(bad.stdout).signature, 'invalid')
  assert.ok(!bad.stdout.includes(CERT.replace('5', '6')), 'the certificate is not echoed')

  const fresh = addon.buildRtcRtmToken({ appId: ID, appCertificate: CERT, channelName: 'room', uid: 'alice' })
  const ok = await cli(['inspect', fresh, '--cert', CERT, '-c', 'room', '--account', 'alice'])
  assert.equal(ok.code, 0, ok.stdout)
  assert.match(ok.stdout, /Signature +valid/)
  assert.match(ok.stdout, /Verdict +OK/)
  const viaEnv = await cli(['inspect', fresh, '--json'], { env: { AGORA_APP_CERTIFICATE: CERT } })
  assert.equal(JSON.parse(viaEnv.stdout).signature, 'valid')
  const otherUid = await cli(['inspect', fresh, '--json', '-c', 'room', '-u', '42'])
  assert.equal(otherUid.code, 1)
  assert.match(JSON.parse(otherUid.stdout).context.problems[0], /not "42"/)
  const otherChannel = await cli(['inspect', fresh, '--json', '-c', 'lobby', '--account', 'alice'])
  assert.equal(otherChannel.code, 1)
  assert.match(JSON.parse(otherChannel.stdout).context.problems[0], /channel "room", not "lobby"/)
})

test('inspect: 006 vectors (parse; verify with --cert and the context)', async () => {
  for (const v of vectors.v006) {
    const i = v.inputs
    const parsed = JSON.parse((await cli(['inspect', v.token, '--json'])).stdout)
    assert.equal(parsed.version, '006')
    assert.equal(parsed.signature, 'not checked')
    assert.equal(parsed.expiresAt, i.ts)
    assert.deepEqual(parsed.services, [])
    assert.deepEqual(parsed.privileges, [{ name: 'joinChannel', value: i.privileges['1'], expiresAt: i.privileges['1'] }])
    const uidArgs = i.uid_string === '' ? ['-u', '0'] : ['-u', i.uid_string]
    const verified = JSON.parse((await cli(['inspect', v.token, '--json', '--cert', CERT, '-c', i.channel_name, ...uidArgs])).stdout)
    assert.equal(verified.signature, 'valid')
    assert.equal(verified.context.matches, true)
    const wrong = JSON.parse((await cli(['inspect', v.token, '--json', '--cert', CERT, '-c', 'other', ...uidArgs])).stdout)
    assert.equal(wrong.signature, 'invalid')
    assert.equal(wrong.context.matches, false)
  }
  const human = await cli(['inspect', vectors.v006[0].token])
  assert.match(human.stdout, /006, legacy/)
  assert.match(human.stdout, /needs --app-certificate, --channel and --uid/)
})

test('inspect: malformed tokens exit 1 with ERR_INVALID_TOKEN (negative vector, garbage, URL-decoded +)', async () => {
  const neg = await cli(['inspect', vectors.v007_negative[0].token, '--json'])
  assert.equal(neg.code, 1)
  assert.equal(JSON.parse(neg.stdout).error.code, 'ERR_INVALID_TOKEN')
  const garbage = await cli(['inspect', 'hello'])
  assert.equal(garbage.code, 1)
  assert.match(garbage.stderr, /ERR_INVALID_TOKEN/)
  const spaced = await cli(['inspect', vectors.v007[0].token.replace(/\+/g, ' ').replace('eJ', 'eJ ')])
  assert.equal(spaced.code, 1)
  assert.match(spaced.stderr, /white space/)
})

test('inspect -: reads the token from stdin', async () => {
  const r = await cli(['inspect', '-', '--json'], { input: `${vectors.v007[0].token}\n` })
  assert.equal(r.code, 0, r.stderr)
  assert.equal(JSON.parse(r.stdout).version, '007')
})

test('inspect hints: RTC-only used for RTM, timestamp passed as expire, account vs uid, other App ID', async () => {
  const rtcOnly = addon.buildRtcToken({ appId: ID, appCertificate: CERT, channelName: 'room', uid: 'alice' })
  const a = JSON.parse((await cli(['inspect', rtcOnly, '--json', '--app-id', ID.toLowerCase()])).stdout)
  assert.ok(a.hints.some((h) => /No RTM service/.test(h)))
  assert.ok(a.hints.some((h) => /user account "alice".*numeric uid/.test(h)))
  assert.ok(a.hints.some((h) => /not the App ID you gave/.test(h)))
  const now = Math.floor(Date.now() / 1000)
  const decades = addon.buildAccessToken({
    appId: ID,
    appCertificate: CERT,
    expire: now + 3600,
    services: [{ service: 'rtm', userId: 'u', privileges: { login: now + 3600 } }],
  })
  const b = JSON.parse((await cli(['inspect', decades, '--json'])).stdout)
  assert.ok(b.hints.some((h) => /not Unix timestamps/.test(h)))
  assert.ok(b.hints.some((h) => /No RTC service/.test(h)))
})

test('inspect: usage errors exit 2', async () => {
  assert.equal((await cli(['inspect'])).code, 2)
  assert.equal((await cli(['inspect', 'a', 'b'])).code, 2)
  assert.equal((await cli(['inspect', vectors.v007[0].token, '--channel', 'x'])).code, 2)
  assert.equal((await cli(['inspect', vectors.v007[0].token, '--uid', 'x', '-c', 'y'])).code, 2)
})

test('basic: header from arguments or the environment; usage errors exit 2', async () => {
  const r = await cli(['basic', 'customer', 's3cret'])
  assert.equal(r.code, 0)
  assert.equal(r.stdout.trim(), `Basic ${Buffer.from('customer:s3cret').toString('base64')}`)
  const env = await cli(['basic'], { env: { AGORA_CUSTOMER_ID: 'id', AGORA_CUSTOMER_SECRET: 'sec' } })
  assert.equal(env.stdout.trim(), addon.basicAuthHeader('id', 'sec'))
  assert.equal((await cli(['basic', 'only-one'])).code, 2)
  assert.equal((await cli(['basic'])).code, 2)
  const colon = await cli(['basic', 'a:b', 'hidden-secret'])
  assert.equal(colon.code, 2)
  assert.ok(!colon.stderr.includes('hidden-secret'))
})

test('sandbox: prints URL and credentials, serves, stops on SIGINT with exit 0', async () => {
  const s = startSandboxCli(['--port', '0', '--app-id', ID, '--app-cert', CERT])
  const info = await s.info
  assert.match(info.url, /^http:\/\/127\.0\.0\.1:\d+$/)
  assert.equal(info.appId, ID)
  assert.equal(info.appCertificate, CERT)
  assert.equal(info.consoleUrl, `${info.url}/`)
  const page = await fetch(info.consoleUrl)
  assert.match(await page.text(), /<title>ConvoAI sandbox console<\/title>/)
  const res = await fetch(`${info.url}/dev/v1/projects`, { headers: { authorization: addon.basicAuthHeader(info.customerId, info.customerSecret) } })
  assert.equal(res.status, 200)
  await res.arrayBuffer()
  assert.deepEqual(await s.stop(), { code: 0, signal: null })
})

test('sandbox --tls: https URL and a CA certificate', async () => {
  const s = startSandboxCli(['--tls'])
  const info = await s.info
  assert.match(info.url, /^https:\/\/127\.0\.0\.1:\d+$/)
  assert.match(info.caCertificate, /BEGIN CERTIFICATE/)
  assert.equal((await s.stop()).code, 0)
})

test('sandbox: usage errors exit 2', async () => {
  assert.equal((await cli(['sandbox', '--port', 'abc'])).code, 2)
  assert.equal((await cli(['sandbox', '--port', '70000'])).code, 2)
  assert.equal((await cli(['sandbox', 'extra'])).code, 2)
})

const hasClient = typeof addon.ConvoAIClient === 'function'
const hasConsole = typeof addon.listProjects === 'function' && typeof addon.checkCredentials === 'function'

test('agent: usage errors exit 2 before any request', async () => {
  assert.equal((await cli(['agent'])).code, 2)
  assert.equal((await cli(['agent', 'dance'])).code, 2)
})

test('agent start|get|list|stop against the sandbox', { skip: hasClient ? false : 'the addon has no ConvoAIClient export yet' }, async () => {
  const s = startSandboxCli([])
  const info = await s.info
  try {
    const base = [
      '--base-url',
      info.url,
      '--app-id',
      info.appId,
      '--app-cert',
      info.appCertificate,
      '--customer-id',
      info.customerId,
      '--customer-secret',
      info.customerSecret,
      '--json',
    ]
    const started = await cli(['agent', 'start', ...base, '-c', 'room', '--agent-uid', '1001', '--remote-uid', '42', '--name', 'cli-agent'])
    assert.equal(started.code, 0, started.stderr)
    const { agentId } = JSON.parse(started.stdout)
    assert.match(agentId, /^[A-Z0-9]+$/)
    const got = await cli(['agent', 'get', agentId, ...base])
    assert.equal(JSON.parse(got.stdout).agentId, agentId)
    const listed = await cli(['agent', 'list', ...base, '--all'])
    assert.ok(JSON.parse(listed.stdout).agents.some((a) => a.agentId === agentId))
    assert.equal((await cli(['agent', 'stop', agentId, ...base])).code, 0)
    const conflict = await cli(['agent', 'get', 'NOSUCHAGENT', ...base])
    assert.equal(conflict.code, 1)
    const wrong = await cli(['agent', 'list', ...base.slice(0, -3), '--customer-secret', 'wrong-secret'])
    assert.equal(wrong.code, 1)
    assert.ok(!wrong.stderr.includes('wrong-secret'))
  } finally {
    await s.stop()
  }
})

test('projects and check-credentials against the sandbox', {
  skip: hasConsole ? false : 'the addon has no listProjects/checkCredentials exports yet',
}, async () => {
  const s = startSandboxCli([])
  const info = await s.info
  try {
    const base = ['--base-url', info.url, '--app-id', info.appId, '--customer-id', info.customerId]
    const list = await cli(['projects', ...base, '--customer-secret', info.customerSecret, '--json'])
    assert.equal(list.code, 0, list.stderr)
    const [project] = JSON.parse(list.stdout)
    assert.equal(project.appId, info.appId)
    assert.equal(project.hasCertificate, true)
    assert.ok(!list.stdout.includes(info.appCertificate), 'certificates only with --show-certificates')
    const table = await cli(['projects', ...base, '--customer-secret', info.customerSecret])
    assert.match(table.stdout, /NAME +APP ID/)
    assert.equal((await cli(['check-credentials', ...base, '--customer-secret', info.customerSecret])).code, 0)
    const bad = await cli(['check-credentials', ...base, '--customer-secret', 'nope', '--json'])
    assert.equal(bad.code, 1)
    assert.deepEqual(JSON.parse(bad.stdout), { ok: false, status: 401 })
  } finally {
    await s.stop()
  }
})

test('projects / check-credentials: missing customer pair is a usage error', async () => {
  assert.equal((await cli(['projects'])).code, 2)
  assert.equal((await cli(['check-credentials', '--customer-id', 'x'])).code, 2)
})
