// Every error code the token functions can raise, with its class, for a
// table of bad values; no input crashes the process.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { basicAuthHeader, buildAccessToken, buildRtcRtmToken, buildRtcToken, parseToken, tokenAuthHeader, verifyToken } from '../index.js'

const CERT = '5CFd2fd1755d40ecb72977518be15d3b'
const valid = { appId: '970CA35de60c44645bbae8a215061b33', appCertificate: CERT, channelName: 'room', uid: 7 }

function assertCoded(fn, code, classes = [TypeError, RangeError, Error]) {
  let thrown
  try {
    fn()
  } catch (e) {
    thrown = e
  }
  assert.ok(thrown, `expected ${code}`)
  assert.equal(thrown.code, code, thrown.message)
  assert.ok(
    classes.some((c) => thrown.constructor === c),
    `${thrown.constructor.name} for ${code}`,
  )
  assert.ok(!thrown.message.includes(CERT), 'certificate in a message')
  return thrown
}

const BAD_NUMBERS = [NaN, Infinity, -Infinity, -1, 2 ** 32, 1.5, '', null, {}, [], '3600', true, 86401, Date.now(), 2 ** 53]
const LONG = 'a'.repeat(65536)

test('bad uids: ERR_INVALID_UID (range/format) or ERR_INVALID_ARG (type)', () => {
  for (const uid of [NaN, Infinity, -1, 2 ** 32, 1.5, -0.5]) assertCoded(() => buildRtcToken({ ...valid, uid }), 'ERR_INVALID_UID', [RangeError])
  for (const uid of ['', LONG, 'a'.repeat(256), 'é', '😀', '\ud800', 'a/b', 'tab\t'])
    assertCoded(() => buildRtcToken({ ...valid, uid }), 'ERR_INVALID_UID', [TypeError, RangeError])
  for (const uid of [null, undefined, {}, [], true, 10n]) assertCoded(() => buildRtcToken({ ...valid, uid }), 'ERR_INVALID_ARG', [TypeError])
})

test('bad expiries: ERR_INVALID_EXPIRE explaining seconds-from-now', () => {
  for (const field of [
    'tokenExpire',
    'privilegeExpire',
    'joinChannelExpire',
    'publishAudioExpire',
    'publishVideoExpire',
    'publishDataExpire',
    'rtmTokenExpire',
  ]) {
    for (const value of BAD_NUMBERS) {
      if (value === null) continue // null means "use the default", like undefined
      const fn = () => buildRtcRtmToken({ ...valid, [field]: value })
      const e = typeof value === 'number' ? assertCoded(fn, 'ERR_INVALID_EXPIRE', [RangeError]) : assertCoded(fn, 'ERR_INVALID_ARG', [TypeError])
      if (typeof value === 'number') assert.match(e.message, /seconds from now/)
    }
  }
  assertCoded(() => buildRtcToken({ ...valid, tokenExpire: 0 }), 'ERR_INVALID_EXPIRE', [RangeError])
  const e = assertCoded(() => buildRtcToken({ ...valid, tokenExpire: Math.floor(Date.now() / 1000) + 3600 }), 'ERR_INVALID_EXPIRE')
  assert.match(e.message, /not Unix timestamps/)
})

test('bad App ID / certificate: their own codes', () => {
  for (const v of ['', '970ca35de60c44645bbae8a215061b3', '970CA35DE60C44645BBAE8A215061B333', 'g70CA35de60c44645bbae8a215061b33', LONG]) {
    assertCoded(() => buildRtcToken({ ...valid, appId: v }), 'ERR_INVALID_APP_ID', [TypeError])
    assertCoded(() => buildRtcToken({ ...valid, appCertificate: v }), 'ERR_INVALID_APP_CERTIFICATE', [TypeError])
  }
  for (const v of [null, undefined, 5, {}]) {
    assertCoded(() => buildRtcToken({ ...valid, appId: v }), 'ERR_INVALID_ARG', [TypeError])
    assertCoded(() => buildRtcToken({ ...valid, appCertificate: v }), 'ERR_INVALID_ARG', [TypeError])
  }
})

test('bad channel names: ERR_INVALID_CHANNEL_NAME', () => {
  for (const v of ['', 'a'.repeat(64), LONG, 'é', '😀', '\udfff', 'a/b', 'a\nb', '"quoted"'])
    assertCoded(() => buildRtcToken({ ...valid, channelName: v }), 'ERR_INVALID_CHANNEL_NAME')
  assertCoded(() => buildRtcToken({ ...valid, channelName: 5 }), 'ERR_INVALID_ARG', [TypeError])
})

test('bad role, issueTs, salt, rtmUserId, options', () => {
  for (const role of ['admin', 'Publisher', 1, {}]) assertCoded(() => buildRtcToken({ ...valid, role }), 'ERR_INVALID_ARG', [TypeError])
  for (const v of [NaN, -1, 2 ** 32, 1.5]) assertCoded(() => buildRtcToken({ ...valid, issueTs: v }), 'ERR_INVALID_ARG', [RangeError])
  for (const v of [0, 100000000, NaN, 1.5]) assertCoded(() => buildRtcToken({ ...valid, salt: v }), 'ERR_INVALID_ARG', [RangeError])
  for (const v of ['', 'é', 'a'.repeat(256)]) assertCoded(() => buildRtcRtmToken({ ...valid, rtmUserId: v }), 'ERR_INVALID_UID')
  for (const o of [null, undefined, 5, 'x', []]) {
    assertCoded(() => buildRtcToken(o), 'ERR_INVALID_ARG', [TypeError])
    assertCoded(() => buildRtcRtmToken(o), 'ERR_INVALID_ARG', [TypeError])
  }
  assertCoded(() => buildRtcToken({ appId: valid.appId }), 'ERR_INVALID_ARG', [TypeError])
})

test('messages never echo the values of wrongly typed fields', () => {
  const e = assertCoded(() => buildRtcToken({ ...valid, salt: CERT }), 'ERR_INVALID_ARG')
  assert.ok(!e.message.includes(CERT))
})

test('basicAuthHeader equals the Buffer recipe, UTF-8 included', () => {
  for (const [id, secret] of [
    ['a', 'b'],
    ['customer-id', 's3cr:et'],
    ['ünïcødé', '密码'],
    ['x'.repeat(1000), 'y'],
  ]) {
    assert.equal(basicAuthHeader(id, secret), `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`)
  }
  for (const [id, secret] of [
    ['a:b', 'S3cretValue'],
    ['', 'S3cretValue'],
    ['a', ''],
    [null, 'S3cretValue'],
    ['a', 5],
    [undefined, undefined],
  ]) {
    const e = assertCoded(() => basicAuthHeader(id, secret), 'ERR_INVALID_ARG', [TypeError])
    if (typeof secret === 'string' && secret) assert.ok(!e.message.includes(secret))
  }
})

test('tokenAuthHeader', () => {
  assert.equal(tokenAuthHeader('007abc'), 'agora token=007abc')
  for (const v of ['', 'a b', null, 5]) assertCoded(() => tokenAuthHeader(v), 'ERR_INVALID_ARG', [TypeError])
})

test('parseToken / verifyToken reject malformed tokens with ERR_INVALID_TOKEN', () => {
  for (const t of ['', '007', '008abc', '007!!!!', '007eJxTYLC/xv0i87343FLb46KrG9gPxT+Vj8pojqvt', '006short', 'hello']) {
    assertCoded(() => parseToken(t), 'ERR_INVALID_TOKEN', [Error])
    assertCoded(() => verifyToken(t, CERT), 'ERR_INVALID_TOKEN', [Error])
  }
  assertCoded(() => parseToken(5), 'ERR_INVALID_ARG', [TypeError])
})

test('buildAccessToken checks ranges and the 65535-byte wire limit', () => {
  const spec = { appId: valid.appId, appCertificate: CERT, expire: 600, services: [{ service: 'rtm', userId: 'u', privileges: { login: 600 } }] }
  assert.match(buildAccessToken(spec), /^007/)
  assertCoded(() => buildAccessToken({ ...spec, services: [] }), 'ERR_INVALID_ARG')
  assertCoded(() => buildAccessToken({ ...spec, services: [{ service: 'rtm', userId: LONG }] }), 'ERR_INVALID_ARG', [RangeError])
  assertCoded(() => buildAccessToken({ ...spec, services: [{ service: 'nope' }] }), 'ERR_INVALID_ARG', [TypeError])
  assertCoded(() => buildAccessToken({ ...spec, services: [{ service: 'rtm', userId: 'u', privileges: { nope: 1 } }] }), 'ERR_INVALID_ARG')
  assertCoded(() => buildAccessToken({ ...spec, expire: -1 }), 'ERR_INVALID_EXPIRE', [RangeError])
  assertCoded(() => buildAccessToken({ ...spec, salt: 2 ** 32 }), 'ERR_INVALID_ARG', [RangeError])
  assertCoded(() => buildAccessToken({ ...spec, appId: 'x' }), 'ERR_INVALID_APP_ID')
  assert.match(buildAccessToken({ ...spec, salt: 0, services: [{ service: 'chat', userId: '', privileges: { app: 1 } }] }), /^007/)
})

test('verifyToken: a certificate that is not 32 hex characters is ERR_INVALID_APP_CERTIFICATE, not false', () => {
  const token = buildRtcToken(valid)
  for (const cert of ['', CERT.slice(1), `${CERT}0`, `${CERT.slice(1)}g`, `${CERT.toUpperCase().slice(1)} `]) {
    assertCoded(() => verifyToken(token, cert), 'ERR_INVALID_APP_CERTIFICATE', [TypeError])
    // Whatever the token: the server's certificate is checked first.
    assertCoded(() => verifyToken('007garbage', cert), 'ERR_INVALID_APP_CERTIFICATE', [TypeError])
  }
  assert.equal(verifyToken(token, CERT.toUpperCase()), false)
  assert.equal(verifyToken(token, CERT), true)
})

test('a wrongly typed argument is named in the message', () => {
  const token = buildRtcToken(valid)
  const cases = [
    [() => parseToken(5), 'token must be a string'],
    [() => parseToken(), 'token must be a string'],
    [() => verifyToken(null, CERT), 'token must be a string'],
    [() => verifyToken(token, 5), 'appCertificate must be a string'],
    [() => verifyToken(token, undefined), 'appCertificate must be a string'],
    [() => verifyToken(token, CERT, 5), 'context must be an object'],
    [() => basicAuthHeader(1, 'secret'), 'customerId must be a string'],
    [() => basicAuthHeader('id', {}), 'customerSecret must be a string'],
    [() => tokenAuthHeader(['007']), 'token must be a string'],
    [() => buildAccessToken('spec'), 'spec must be an object'],
  ]
  for (const [fn, message] of cases) assert.equal(assertCoded(fn, 'ERR_INVALID_ARG', [TypeError]).message, message)
})
