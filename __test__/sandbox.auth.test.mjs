// Authentication of the sandbox: Basic, `agora token=`, unknown App IDs, the console listing.

import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { after, before, test } from 'node:test'
import {
  AccessToken2,
  agentPath,
  agoraToken,
  BASE,
  basic,
  call,
  DEMO_CREDENTIALS,
  native,
  officialToken,
  ServiceRtc,
  startSandbox,
} from './sandbox.helpers.mjs'

let sb
before(async () => {
  sb = await startSandbox({
    projects: [{ id: 'ms', name: 'ms project', vendor_key: 'a'.repeat(32), sign_key: '', recording_server: null, status: 0, created: 1700000000123 }],
  })
})
after(() => sb.close())

const list = (auth) => call(sb, 'GET', agentPath(sb, '/agents'), { auth })
const tokenAuth = (t) => `agora token=${t}`

test('exports: CJS and ESM entries, demo credentials as defaults', async () => {
  const cjs = createRequire(import.meta.url)('../sandbox/index.js')
  // The package's own subpath export (self-reference), as users import it.
  const esm = await import('agora-convoai-native/sandbox')
  assert.equal(createRequire(import.meta.url)('agora-convoai-native/sandbox').startSandbox, cjs.startSandbox)
  assert.equal(esm.startSandbox, cjs.startSandbox)
  assert.deepEqual(Object.keys(cjs).sort(), ['DEMO_CREDENTIALS', 'startSandbox'])
  assert.ok(Object.isFrozen(DEMO_CREDENTIALS))
  assert.equal(sb.appId, DEMO_CREDENTIALS.appId)
  assert.equal(sb.customerSecret, DEMO_CREDENTIALS.customerSecret)
  assert.match(sb.url, /^http:\/\/127\.0\.0\.1:\d+$/)
})

test('options are checked with coded errors', async () => {
  await assert.rejects(startSandbox({ appId: 'nothex' }), { name: 'TypeError', code: 'ERR_INVALID_APP_ID' })
  await assert.rejects(startSandbox({ appCertificate: '0'.repeat(31) }), { code: 'ERR_INVALID_APP_CERTIFICATE' })
  await assert.rejects(startSandbox({ port: 70000 }), { name: 'RangeError', code: 'ERR_INVALID_ARG' })
  await assert.rejects(startSandbox({ tls: 'yes' }), { code: 'ERR_INVALID_ARG' })
  await assert.rejects(startSandbox({ customerId: 'a:b' }), { code: 'ERR_INVALID_ARG' })
  await assert.rejects(startSandbox({ agentStartDelayMs: -1 }), { code: 'ERR_INVALID_ARG' })
})

test('Basic: the configured pair is accepted, anything else is 401 {detail, reason}', async () => {
  assert.equal((await list()).status, 200)
  for (const auth of [
    null,
    basic(sb, sb.customerId, 'wrong'),
    basic(sb, 'someone', sb.customerSecret),
    'Basic !!!',
    'Bearer abc',
    `Basic ${Buffer.from('nocolon').toString('base64')}`,
  ]) {
    const res = await list(auth)
    assert.equal(res.status, 401, String(auth))
    assert.equal(res.body.reason, 'InvalidPermission')
    assert.equal(typeof res.body.detail, 'string')
    assert.deepEqual(Object.keys(res.body).sort(), ['detail', 'reason'])
  }
})

test('token auth: tokens of the official agora-token package are accepted', async () => {
  const rtcOnly = agoraToken.RtcTokenBuilder.buildTokenWithUid(sb.appId, sb.appCertificate, 'stop', 0, agoraToken.RtcRole.PUBLISHER, 600, 600)
  assert.equal((await list(tokenAuth(rtcOnly))).status, 200)
  assert.equal((await list(tokenAuth(officialToken(sb, 'any-channel', '42')))).status, 200)
  // The quoted form some Agora docs print.
  assert.equal((await list(`agora token="${rtcOnly}"`)).status, 200)
  // ... and the addon's own builder.
  const own = native.buildRtcRtmToken({ appId: sb.appId, appCertificate: sb.appCertificate, channelName: 'c', uid: 'alice' })
  assert.equal((await list(tokenAuth(own))).status, 200)
})

test('token auth: tampered, expired, wrong App ID, wrong certificate, no RTC privilege, garbage -> 401', async () => {
  const good = officialToken(sb, 'c', '1')
  const parsed = native.parseToken(good)
  const tampered = native.buildAccessToken({
    ...parsed,
    appCertificate: sb.appCertificate,
    services: [{ ...parsed.services[0], channelName: 'other' }, parsed.services[1]],
  })
  // Re-sign with another certificate, then splice the original signature back: a forged token.
  const otherCert = native.buildAccessToken({ ...parsed, appCertificate: '1'.repeat(32) })
  const expired = new AccessToken2(sb.appId, sb.appCertificate, Math.floor(Date.now() / 1000) - 7200, 3600)
  const rtc = new ServiceRtc('c', 1)
  rtc.add_privilege(ServiceRtc.kPrivilegeJoinChannel, 3600)
  expired.add_service(rtc)
  const rtmOnly = agoraToken.RtmTokenBuilder.buildToken(sb.appId, sb.appCertificate, 'user', 600)
  const cases = [
    ['signature of another certificate', otherCert, /signature/],
    ['content changed after signing', spliceSignature(tampered, good), /signature/],
    ['expired', expired.build(), /expired/],
    ['RTM only', rtmOnly, /no RTC privilege/],
    ['garbage', '007notbase64!!', /well-formed/],
    ['not a token', 'hello', /well-formed/],
  ]
  for (const [label, t, detail] of cases) {
    const res = await list(tokenAuth(t))
    assert.equal(res.status, 401, label)
    assert.equal(res.body.reason, 'InvalidPermission', label)
    assert.match(res.body.detail, detail, label)
    assert.ok(!res.text.includes(t.slice(3, 40)), `${label}: the token is not echoed`)
  }
  const otherApp = agoraToken.RtcTokenBuilder.buildTokenWithUid('b'.repeat(32), sb.appCertificate, 'c', 1, 1, 600, 600)
  const res = await list(tokenAuth(otherApp))
  assert.equal(res.status, 401)
  assert.match(res.body.detail, /different App ID/)
})

/** `content`'s signing info with `signatureSource`'s signature: a token whose content was altered. */
function spliceSignature(content, signatureSource) {
  const zlib = createRequire(import.meta.url)('node:zlib')
  const inflate = (t) => zlib.inflateSync(Buffer.from(t.slice(3), 'base64'))
  const a = inflate(content)
  const b = inflate(signatureSource)
  const sigLen = (buf) => 2 + buf.readUInt16LE(0)
  const forged = Buffer.concat([b.subarray(0, sigLen(b)), a.subarray(sigLen(a))])
  return `007${zlib.deflateSync(forged).toString('base64')}`
}

test('an App ID the sandbox does not serve: 403 ServiceNotEnabled for valid credentials', async () => {
  const other = 'c'.repeat(32)
  const viaBasic = await call(sb, 'GET', `${BASE}/${other}/agents`)
  assert.equal(viaBasic.status, 403)
  assert.equal(viaBasic.body.reason, 'ServiceNotEnabled')
  const otherToken = agoraToken.RtcTokenBuilder.buildTokenWithUid(other, sb.appCertificate, 'c', 1, 1, 600, 600)
  const viaToken = await call(sb, 'GET', `${BASE}/${other}/agents`, { auth: tokenAuth(otherToken) })
  assert.equal(viaToken.status, 403)
  // Bad credentials are reported before the App ID is looked at.
  assert.equal((await call(sb, 'GET', `${BASE}/${other}/agents`, { auth: basic(sb, 'x', 'y') })).status, 401)
  // A token of the served app used on another app's path is a credential problem.
  assert.equal((await call(sb, 'GET', `${BASE}/${other}/agents`, { auth: tokenAuth(officialToken(sb, 'c', '1')) })).status, 401)
})

test('unknown endpoints are 404, wrong methods 405, with {detail, reason}', async () => {
  const res = await call(sb, 'GET', '/nope')
  assert.equal(res.status, 404)
  assert.ok(res.body.detail && res.body.reason)
  assert.equal((await call(sb, 'DELETE', agentPath(sb, '/join'))).status, 405)
  assert.equal((await call(sb, 'GET', agentPath(sb, '/agents/%E0%A4%A'))).status, 404)
})

test('console: GET /dev/v1/projects with Basic lists the served project and scripted ones', async () => {
  const res = await call(sb, 'GET', '/dev/v1/projects')
  assert.equal(res.status, 200)
  const [served, scripted] = res.body.projects
  assert.deepEqual(Object.keys(served).sort(), ['created', 'id', 'name', 'recording_server', 'sign_key', 'status', 'vendor_key'])
  assert.equal(served.vendor_key, sb.appId)
  assert.equal(served.sign_key, sb.appCertificate)
  assert.equal(served.status, 1)
  assert.ok(Number.isInteger(served.created) && served.created < 1e11, 'seconds')
  assert.equal(scripted.created, 1700000000123)
  assert.equal(scripted.sign_key, '')
})

test('console: wrong secret, token auth or no auth -> 401 with Agora gateway body', async () => {
  for (const auth of [basic(sb, sb.customerId, 'wrong'), tokenAuth(officialToken(sb, 'c', '1')), null]) {
    const res = await call(sb, 'GET', '/dev/v1/projects', { auth })
    assert.equal(res.status, 401)
    assert.deepEqual(res.body, { message: 'Invalid authentication credentials' })
    assert.ok(!res.text.includes(sb.appCertificate))
  }
})

test('requests are recorded with Authorization and body secrets redacted', async () => {
  sb.requests.length = 0
  const token = officialToken(sb, 'c', '1')
  await call(sb, 'POST', agentPath(sb, '/join'), { auth: tokenAuth(token), body: { name: 'n', properties: { token, llm: { api_key: 'sk-secret' } } } })
  await call(sb, 'GET', '/dev/v1/projects')
  const [join, projects] = sb.requests
  assert.equal(join.method, 'POST')
  assert.equal(join.path, agentPath(sb, '/join'))
  assert.equal(join.headers.authorization, 'agora token=***')
  assert.equal(join.body.properties.token, '***')
  assert.equal(join.body.properties.llm.api_key, '***')
  assert.equal(join.body.name, 'n')
  assert.equal(projects.headers.authorization, 'Basic ***')
  const printed = JSON.stringify(sb.requests)
  for (const secret of [token, 'sk-secret', sb.customerSecret, basic(sb).slice(6)]) assert.ok(!printed.includes(secret))
})
