// Every error path of the compat builders: where agora-token returns "" or packs
// garbage ("undefined", 0 for NaN), the compat modules throw a coded error.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import official from 'agora-token'
import legacy from '../compat/access-token.mjs'
import compat, {
  ApaasTokenBuilder,
  ChatTokenBuilder,
  ConvoAITokenBuilder,
  EducationTokenBuilder,
  FpaTokenBuilder,
  RtcRole,
  RtcTokenBuilder,
  Rtm2Permissions,
  RtmTokenBuilder,
  SttTokenBuilder,
  withFixedClock,
} from '../compat/index.mjs'

const ID = '970CA35de60c44645bbae8a215061b33'
const CERT = '5CFd2fd1755d40ecb72977518be15d3b'
const CH = 'room-1'

function throwsCoded(fn, Ctor, code, label) {
  assert.throws(fn, (err) => {
    assert.ok(err instanceof Ctor, `${label}: expected ${Ctor.name}, got ${err?.constructor?.name}: ${err?.message}`)
    assert.equal(err.code, code, `${label}: ${err.message}`)
    assert.ok(!err.message.includes(CERT), `${label}: the certificate leaked into the message`)
    return true
  })
}

// [label, call, error class, code]
const rtm2 = (over) => {
  const a = [ID, CERT, CH, 42, RtcRole.PUBLISHER, 600, 600, 600, 600, 600, 'bob', 600]
  for (const [i, v] of Object.entries(over)) a[i] = v
  return a
}
const CASES = [
  // App ID / certificate (agora-token: returns "")
  ['bad app id', () => RtcTokenBuilder.buildTokenWithUid('nothex', CERT, CH, 1, 1, 600), TypeError, 'ERR_INVALID_APP_ID'],
  ['short cert', () => RtcTokenBuilder.buildTokenWithUid(ID, CERT.slice(1), CH, 1, 1, 600), TypeError, 'ERR_INVALID_APP_CERTIFICATE'],
  ['app id not a string', () => RtmTokenBuilder.buildToken(undefined, CERT, 'u', 600), TypeError, 'ERR_INVALID_APP_ID'],
  ['fpa bad cert', () => FpaTokenBuilder.buildToken(ID, 'x'), TypeError, 'ERR_INVALID_APP_CERTIFICATE'],
  ['chat app bad id', () => ChatTokenBuilder.buildAppToken('', CERT, 600), TypeError, 'ERR_INVALID_APP_ID'],
  // Channel names (agora-token: Buffer.from(undefined) TypeError without a code, or packs "")
  ['channel undefined', () => RtcTokenBuilder.buildTokenWithUid(ID, CERT, undefined, 1, 1, 600), TypeError, 'ERR_INVALID_CHANNEL_NAME'],
  ['channel empty', () => RtcTokenBuilder.buildTokenWithUserAccount(ID, CERT, '', 'a', 1, 600), RangeError, 'ERR_INVALID_CHANNEL_NAME'],
  ['channel a number', () => RtcTokenBuilder.buildTokenWithRtm(ID, CERT, 5, 'a', 1, 600), TypeError, 'ERR_INVALID_CHANNEL_NAME'],
  // RTC uid / account (agora-token: `${uid}` packs "undefined", "-1", "1.5")
  ['uid undefined', () => RtcTokenBuilder.buildTokenWithUid(ID, CERT, CH, undefined, 1, 600), TypeError, 'ERR_INVALID_UID'],
  ['uid negative', () => RtcTokenBuilder.buildTokenWithUid(ID, CERT, CH, -1, 1, 600), RangeError, 'ERR_INVALID_UID'],
  ['uid fraction', () => RtcTokenBuilder.buildTokenWithUidAndPrivilege(ID, CERT, CH, 1.5, 600, 1, 1, 1, 1), RangeError, 'ERR_INVALID_UID'],
  ['uid 2^32', () => RtcTokenBuilder.BuildTokenWithUserAccountAndPrivilege(ID, CERT, CH, 2 ** 32, 600, 1, 1, 1, 1), RangeError, 'ERR_INVALID_UID'],
  ['account an object', () => ConvoAITokenBuilder.buildToken(...rtm2({ 3: {} })), TypeError, 'ERR_INVALID_UID'],
  // Roles (agora-token: anything but 1 silently means subscriber)
  ['role undefined', () => RtcTokenBuilder.buildTokenWithUid(ID, CERT, CH, 1, undefined, 600), TypeError, 'ERR_INVALID_ARG'],
  ['role 0 (006 ATTENDEE)', () => RtcTokenBuilder.buildTokenWithUserAccount(ID, CERT, CH, 'a', 0, 600), RangeError, 'ERR_INVALID_ARG'],
  ['role string', () => RtcTokenBuilder.buildTokenWithRtm(ID, CERT, CH, 'a', '1', 600), TypeError, 'ERR_INVALID_ARG'],
  ['rtm2 role 101', () => RtcTokenBuilder.buildTokenWithRtm2(...rtm2({ 4: 101 })), RangeError, 'ERR_INVALID_ARG'],
  ['stt role', () => SttTokenBuilder.buildToken(...rtm2({ 4: null })), TypeError, 'ERR_INVALID_ARG'],
  // Expiries (agora-token: undefined/NaN written as 0, negatives a RangeError without a code)
  ['tokenExpire undefined', () => RtcTokenBuilder.buildTokenWithUid(ID, CERT, CH, 1, 1), TypeError, 'ERR_INVALID_EXPIRE'],
  ['tokenExpire NaN', () => RtcTokenBuilder.buildTokenWithUid(ID, CERT, CH, 1, 1, NaN), RangeError, 'ERR_INVALID_EXPIRE'],
  ['tokenExpire ms', () => RtcTokenBuilder.buildTokenWithUid(ID, CERT, CH, 1, 1, Date.now()), RangeError, 'ERR_INVALID_EXPIRE'],
  ['privilegeExpire negative', () => RtcTokenBuilder.buildTokenWithUserAccount(ID, CERT, CH, 'a', 1, 600, -1), RangeError, 'ERR_INVALID_EXPIRE'],
  ['privilegeExpire string', () => RtcTokenBuilder.buildTokenWithRtm(ID, CERT, CH, 'a', 1, 600, '600'), TypeError, 'ERR_INVALID_EXPIRE'],
  ['join missing', () => RtcTokenBuilder.buildTokenWithUidAndPrivilege(ID, CERT, CH, 1, 600), TypeError, 'ERR_INVALID_EXPIRE'],
  ['pubData fraction', () => RtcTokenBuilder.BuildTokenWithUserAccountAndPrivilege(ID, CERT, CH, 'a', 600, 1, 1, 1, 0.5), RangeError, 'ERR_INVALID_EXPIRE'],
  ['rtm2 audio missing (publisher)', () => RtcTokenBuilder.buildTokenWithRtm2(...rtm2({ 7: undefined })), TypeError, 'ERR_INVALID_EXPIRE'],
  ['rtm2 rtmTokenExpire missing', () => ConvoAITokenBuilder.buildToken(...rtm2({ 11: undefined })), TypeError, 'ERR_INVALID_EXPIRE'],
  ['rtm expire missing', () => RtmTokenBuilder.buildToken(ID, CERT, 'u'), TypeError, 'ERR_INVALID_EXPIRE'],
  ['permissions expire negative', () => RtmTokenBuilder.buildTokenWithPermissions(ID, CERT, 'u', null, -5), RangeError, 'ERR_INVALID_EXPIRE'],
  ['chat user expire', () => ChatTokenBuilder.buildUserToken(ID, CERT, 'u', undefined), TypeError, 'ERR_INVALID_EXPIRE'],
  ['chat app expire', () => ChatTokenBuilder.buildAppToken(ID, CERT, 2 ** 32), RangeError, 'ERR_INVALID_EXPIRE'],
  ['apaas room expire', () => ApaasTokenBuilder.buildRoomUserToken(ID, CERT, 'r', 'u', 1, NaN), RangeError, 'ERR_INVALID_EXPIRE'],
  ['apaas user expire', () => ApaasTokenBuilder.buildUserToken(ID, CERT, 'u'), TypeError, 'ERR_INVALID_EXPIRE'],
  ['education app expire', () => EducationTokenBuilder.buildAppToken(ID, CERT, -1), RangeError, 'ERR_INVALID_EXPIRE'],
  // User ids (agora-token: `user_id || ''` packs "", a number crashes inside Buffer.from)
  ['rtm user empty', () => RtmTokenBuilder.buildToken(ID, CERT, '', 600), RangeError, 'ERR_INVALID_UID'],
  ['rtm user undefined', () => RtmTokenBuilder.buildToken(ID, CERT, undefined, 600), TypeError, 'ERR_INVALID_UID'],
  ['rtm user 0', () => RtmTokenBuilder.buildToken(ID, CERT, 0, 600), RangeError, 'ERR_INVALID_UID'],
  ['rtm user -3', () => RtmTokenBuilder.buildToken(ID, CERT, -3, 600), RangeError, 'ERR_INVALID_UID'],
  ['buildTokenWithRtm uid 0 has no RTM identity', () => RtcTokenBuilder.buildTokenWithRtm(ID, CERT, CH, 0, 1, 600), RangeError, 'ERR_INVALID_UID'],
  ['rtm2 rtmUserId empty', () => RtcTokenBuilder.buildTokenWithRtm2(...rtm2({ 10: '' })), RangeError, 'ERR_INVALID_UID'],
  ['rtm2 rtmUserId object', () => SttTokenBuilder.buildToken(...rtm2({ 10: {} })), TypeError, 'ERR_INVALID_UID'],
  ['permissions userId object', () => RtmTokenBuilder.buildTokenWithPermissions(ID, CERT, {}, null, 600), TypeError, 'ERR_INVALID_UID'],
  ['permissions userId fraction', () => RtmTokenBuilder.buildTokenWithPermissions(ID, CERT, 1.5, null, 600), RangeError, 'ERR_INVALID_UID'],
  ['chat user empty', () => ChatTokenBuilder.buildUserToken(ID, CERT, '', 600), RangeError, 'ERR_INVALID_UID'],
  ['apaas room user undefined', () => ApaasTokenBuilder.buildRoomUserToken(ID, CERT, 'r', undefined, 1, 600), TypeError, 'ERR_INVALID_UID'],
  ['apaas user empty', () => EducationTokenBuilder.buildUserToken(ID, CERT, '', 600), RangeError, 'ERR_INVALID_UID'],
  // APaaS room and role
  ['apaas room empty', () => ApaasTokenBuilder.buildRoomUserToken(ID, CERT, '', 'u', 1, 600), RangeError, 'ERR_INVALID_ARG'],
  ['apaas room number', () => EducationTokenBuilder.buildRoomUserToken(ID, CERT, 7, 'u', 1, 600), TypeError, 'ERR_INVALID_ARG'],
  ['apaas role out of i16', () => ApaasTokenBuilder.buildRoomUserToken(ID, CERT, 'r', 'u', 40000, 600), RangeError, 'ERR_INVALID_ARG'],
  ['apaas role string', () => ApaasTokenBuilder.buildRoomUserToken(ID, CERT, 'r', 'u', 'admin', 600), TypeError, 'ERR_INVALID_ARG'],
  // RTM2 permissions
  ['permissions not an object', () => RtmTokenBuilder.buildTokenWithPermissions(ID, CERT, 'u', 5, 600), TypeError, 'ERR_INVALID_ARG'],
  [
    'permissions unknown resource type',
    () => {
      const p = new Rtm2Permissions()
      p.add(7, Rtm2Permissions.kRead, ['x'])
      return RtmTokenBuilder.buildTokenWithPermissions(ID, CERT, 'u', p, 600)
    },
    RangeError,
    'ERR_INVALID_ARG',
  ],
  [
    'permissions unknown permission type',
    () => {
      const p = new Rtm2Permissions()
      p.add(Rtm2Permissions.kUsers, 2, ['x'])
      return RtmTokenBuilder.buildTokenWithPermissions(ID, CERT, 'u', p, 600)
    },
    RangeError,
    'ERR_INVALID_ARG',
  ],
  [
    'permissions non-string resource',
    () => {
      const p = new Rtm2Permissions()
      p.add(Rtm2Permissions.kUsers, Rtm2Permissions.kWrite, [5])
      return RtmTokenBuilder.buildTokenWithPermissions(ID, CERT, 'u', p, 600)
    },
    TypeError,
    'ERR_INVALID_ARG',
  ],
  // Strings the wire cannot carry (agora-token: RangeError without a code)
  ['channel over 65535 bytes', () => RtcTokenBuilder.buildTokenWithUid(ID, CERT, 'x'.repeat(70000), 1, 1, 600), Error, 'ERR_INVALID_ARG'],
  // withFixedClock
  ['withFixedClock without options', () => withFixedClock(undefined, () => 1), TypeError, 'ERR_INVALID_ARG'],
  ['withFixedClock without a function', () => withFixedClock({}, 5), TypeError, 'ERR_INVALID_ARG'],
  ['withFixedClock bad issueTs', () => withFixedClock({ issueTs: -1 }, () => FpaTokenBuilder.buildToken(ID, CERT)), RangeError, 'ERR_INVALID_ARG'],
  ['withFixedClock bad salt', () => withFixedClock({ salt: 2 ** 32 }, () => FpaTokenBuilder.buildToken(ID, CERT)), RangeError, 'ERR_INVALID_ARG'],
]

const LEGACY_CASES = [
  ['006 bad app id', () => legacy.RtcTokenBuilder.buildTokenWithUid('x', CERT, CH, 1, 1, 0), TypeError, 'ERR_INVALID_APP_ID'],
  ['006 bad cert', () => legacy.RtmTokenBuilder.buildToken(ID, 'x', 'bob', 1, 0), TypeError, 'ERR_INVALID_APP_CERTIFICATE'],
  ['006 channel undefined', () => legacy.RtcTokenBuilder.buildTokenWithAccount(ID, CERT, undefined, 'a', 1, 0), TypeError, 'ERR_INVALID_CHANNEL_NAME'],
  ['006 channel empty', () => legacy.RtcTokenBuilder.buildTokenWithUid(ID, CERT, '', 1, 1, 0), RangeError, 'ERR_INVALID_CHANNEL_NAME'],
  ['006 uid negative', () => legacy.RtcTokenBuilder.buildTokenWithUid(ID, CERT, CH, -1, 1, 0), RangeError, 'ERR_INVALID_UID'],
  ['006 uid null', () => legacy.RtcTokenBuilder.buildTokenWithUid(ID, CERT, CH, null, 1, 0), TypeError, 'ERR_INVALID_UID'],
  ['006 role 3', () => legacy.RtcTokenBuilder.buildTokenWithUid(ID, CERT, CH, 1, 3, 0), RangeError, 'ERR_INVALID_ARG'],
  ['006 role missing (argument shift)', () => legacy.RtcTokenBuilder.buildTokenWithUid(ID, CERT, CH, 1, undefined, 0), TypeError, 'ERR_INVALID_ARG'],
  ['006 privilegeExpiredTs missing', () => legacy.RtcTokenBuilder.buildTokenWithAccount(ID, CERT, CH, 'a', 1), TypeError, 'ERR_INVALID_EXPIRE'],
  ['006 privilegeExpiredTs in ms', () => legacy.RtcTokenBuilder.buildTokenWithUid(ID, CERT, CH, 1, 1, Date.now()), RangeError, 'ERR_INVALID_EXPIRE'],
  ['006 rtm account empty', () => legacy.RtmTokenBuilder.buildToken(ID, CERT, '', 1, 0), RangeError, 'ERR_INVALID_UID'],
  ['006 rtm expiry missing (role left out)', () => legacy.RtmTokenBuilder.buildToken(ID, CERT, 'bob', 2000000000), TypeError, 'ERR_INVALID_EXPIRE'],
  [
    '006 withFixedClock bad issueTs',
    () => legacy.withFixedClock({ issueTs: 1.5 }, () => legacy.RtmTokenBuilder.buildToken(ID, CERT, 'bob', 1, 0)),
    RangeError,
    'ERR_INVALID_EXPIRE',
  ],
]

for (const [label, fn, Ctor, code] of [...CASES, ...LEGACY_CASES]) {
  test(`throws ${code}: ${label}`, () => throwsCoded(fn, Ctor, code, label))
}

test('where agora-token returns "" we throw (spot check that the original really does)', () => {
  assert.equal(official.RtcTokenBuilder.buildTokenWithUid('nothex', CERT, CH, 1, 1, 600), '')
  assert.equal(official.FpaTokenBuilder.buildToken(ID, 'x'), '')
})

test('exports: names, static constants and method names of agora-token 2.0.6 and agora-access-token 2.0.4', async () => {
  const officialLegacy = (await import('agora-access-token')).default
  for (const name of Object.keys(official)) assert.ok(name in compat, `missing export ${name}`)
  for (const [name, value] of Object.entries(official)) {
    if (typeof value === 'function') {
      const methods = Object.getOwnPropertyNames(value).filter((k) => typeof value[k] === 'function')
      for (const m of methods) assert.equal(typeof compat[name][m], 'function', `${name}.${m}`)
    }
  }
  assert.deepEqual({ ...compat.RtcRole }, official.RtcRole)
  for (const k of ['kMessageChannels', 'kStreamChannels', 'kGroupChannels', 'kServerGroups', 'kUsers', 'kRead', 'kWrite']) {
    assert.equal(compat.Rtm2Permissions[k], official.Rtm2Permissions[k], k)
  }
  assert.deepEqual({ ...legacy.RtcRole }, officialLegacy.RtcRole)
  assert.deepEqual({ ...legacy.RtmRole }, officialLegacy.RtmRole)
  for (const name of ['RtcTokenBuilder', 'RtmTokenBuilder']) {
    for (const m of Object.getOwnPropertyNames(officialLegacy[name]).filter((k) => typeof officialLegacy[name][k] === 'function')) {
      assert.equal(typeof legacy[name][m], 'function', `${name}.${m}`)
    }
  }
})

test('Rtm2Permissions#add keeps agora-token semantics (replace, Array.from)', () => {
  const ours = new Rtm2Permissions()
  const theirs = new official.Rtm2Permissions()
  for (const p of [ours, theirs]) {
    p.add(Rtm2Permissions.kUsers, Rtm2Permissions.kRead, ['a'])
    p.add(Rtm2Permissions.kUsers, Rtm2Permissions.kRead, new Set(['b', 'c']))
  }
  assert.deepEqual(ours.details, theirs.details)
})

test('withFixedClock restores the random defaults, also after a throw', () => {
  const build = () => FpaTokenBuilder.buildToken(ID, CERT)
  assert.throws(() => withFixedClock({ issueTs: 5, salt: 5 }, () => RtmTokenBuilder.buildToken(ID, CERT, '', 1)))
  const a = withFixedClock({ issueTs: 5, salt: 5 }, build)
  assert.equal(withFixedClock({ issueTs: 5, salt: 5 }, build), a)
  assert.notEqual(build(), a)
})

test('the ESM and CommonJS entries export the same objects', async () => {
  const { createRequire } = await import('node:module')
  const require = createRequire(import.meta.url)
  assert.equal(require('../compat/index.js').RtcTokenBuilder, RtcTokenBuilder)
  assert.equal(require('../compat/access-token.js').RtcTokenBuilder, legacy.RtcTokenBuilder)
})
