// Oracle tests: every compat builder against the official packages with the same
// inputs, issue time and salt. 007: equal inflated content (the compressed text may
// differ, docs/tokens.md, "Compression"); 006 (uncompressed): equal strings.

import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { test } from 'node:test'
import { inflateSync } from 'node:zlib'

const require = createRequire(import.meta.url)
const compat = require('../compat/index.js')
const legacy = require('../compat/access-token.js')
const { parseToken, verifyToken } = require('../index.js')
const official = require('agora-token')
const { AccessToken2 } = require('agora-token/src/AccessToken2')
const officialLegacy = require('agora-access-token')

const CASES = 300

// A seeded PRNG (mulberry32) so a failure can be replayed.
function rng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const CHANNEL_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !#$%&()+-:;<=.>?@[]^_{}|~,'

function gen(seed) {
  const r = rng(seed)
  const int = (lo, hi) => lo + Math.floor(r() * (hi - lo + 1))
  const pick = (xs) => xs[int(0, xs.length - 1)]
  const str = (min, max, chars = CHANNEL_CHARS) => Array.from({ length: int(min, max) }, () => pick(chars)).join('')
  const hex = () => str(32, 32, '0123456789abcdefABCDEF')
  const u32 = () => pick([0, 1, int(0, 86400), int(0, 0xffffffff), 0xffffffff])
  const user = () => pick([str(1, 64), `user-${int(1, 1e6)}`, 'ü用户'])
  return {
    int,
    pick,
    appId: hex(),
    cert: hex(),
    channel: () => str(1, 63),
    uid: () => pick([0, int(1, 0xffffffff), 0xffffffff]),
    account: () => pick([str(1, 255), String(int(1, 0xffffffff))]),
    user,
    u32,
    issueTs: int(1, 0xffffffff),
    salt: int(1, 99999999),
  }
}

// The official builders construct their AccessToken2 internally; pin its clock and salt
// at build() time (they set both in the constructor).
function officialBuild(issueTs, salt, fn) {
  const original = AccessToken2.prototype.build
  AccessToken2.prototype.build = function pinned() {
    this.issueTs = issueTs
    this.salt = salt
    return original.call(this)
  }
  try {
    return fn()
  } finally {
    AccessToken2.prototype.build = original
  }
}

const inflate = (token) => inflateSync(Buffer.from(token.slice(3), 'base64'))

function agreeOnParseAndVerify(token, g) {
  const theirs = new AccessToken2()
  assert.equal(theirs.from_string(token), true)
  assert.equal(theirs.verifySignature(g.cert), true)
  assert.equal(verifyToken(token, g.cert), true)
  const wrong = g.cert.slice(0, 31) + (g.cert[31] === '0' ? '1' : '0')
  assert.equal(theirs.verifySignature(wrong), false)
  assert.equal(verifyToken(token, wrong), false)
  const ours = parseToken(token)
  assert.equal(ours.appId, theirs.appId.toString())
  assert.equal(ours.issueTs, theirs.issueTs)
  assert.equal(ours.expire, theirs.expire)
  assert.equal(ours.salt, theirs.salt)
  assert.equal(ours.signature, theirs.__signature.toString('hex'))
  assert.deepEqual(
    ours.services.map((s) => s.service),
    theirs.services.map((s) => ['', 'rtc', 'rtm', 'streaming', 'fpa', 'chat', 'fcdn', 'apaas', 'rtm2', 'convoai', 'stt'][s.service_type()]),
  )
}

/** Runs `argsOf(g)` through both implementations of `Class.method` and compares. */
function oracle(name, ourClass, theirClass, method, argsOf, seedBase) {
  test(`${name}.${method} = agora-token 2.0.6 (${CASES} random inputs)`, () => {
    for (let i = 0; i < CASES; i++) {
      const g = gen(seedBase * 100003 + i)
      const { ours: oursArgs, theirs: theirsArgs } = argsOf(g)
      const ours = compat.withFixedClock({ issueTs: g.issueTs, salt: g.salt }, () => ourClass[method](...oursArgs))
      const theirs = officialBuild(g.issueTs, g.salt, () => theirClass[method](...theirsArgs))
      assert.notEqual(theirs, '', `case ${i}: the official builder refused the input`)
      assert.deepEqual(inflate(ours), inflate(theirs), `case ${i}`)
      agreeOnParseAndVerify(ours, g)
      agreeOnParseAndVerify(theirs, g)
    }
  })
}

const same = (f) => (g) => {
  const a = f(g)
  return { ours: a, theirs: a }
}
const role = (g) => g.pick([1, 2])
const rtcArgs = (account) => same((g) => [g.appId, g.cert, g.channel(), account(g), role(g), g.u32(), g.u32()])
const privArgs = (account) => same((g) => [g.appId, g.cert, g.channel(), account(g), g.u32(), g.u32(), g.u32(), g.u32(), g.u32()])
const rtm2Args = same((g) => [
  g.appId,
  g.cert,
  g.channel(),
  g.pick([g.uid(), g.account()]),
  role(g),
  g.u32(),
  g.u32(),
  g.u32(),
  g.u32(),
  g.u32(),
  g.user(),
  g.u32(),
])

let seed = 1
const R = compat.RtcTokenBuilder
const OR = official.RtcTokenBuilder
oracle(
  'RtcTokenBuilder',
  R,
  OR,
  'buildTokenWithUid',
  rtcArgs((g) => g.uid()),
  seed++,
)
oracle(
  'RtcTokenBuilder',
  R,
  OR,
  'buildTokenWithUserAccount',
  rtcArgs((g) => g.account()),
  seed++,
)
oracle(
  'RtcTokenBuilder',
  R,
  OR,
  'buildTokenWithUidAndPrivilege',
  privArgs((g) => g.uid()),
  seed++,
)
oracle(
  'RtcTokenBuilder',
  R,
  OR,
  'BuildTokenWithUserAccountAndPrivilege',
  privArgs((g) => g.account()),
  seed++,
)
oracle(
  'RtcTokenBuilder',
  R,
  OR,
  'buildTokenWithRtm',
  rtcArgs((g) => g.account()),
  seed++,
)
oracle('RtcTokenBuilder', R, OR, 'buildTokenWithRtm2', rtm2Args, seed++)
oracle('ConvoAITokenBuilder', compat.ConvoAITokenBuilder, official.ConvoAITokenBuilder, 'buildToken', rtm2Args, seed++)
oracle('SttTokenBuilder', compat.SttTokenBuilder, official.SttTokenBuilder, 'buildToken', rtm2Args, seed++)

oracle(
  'RtmTokenBuilder',
  compat.RtmTokenBuilder,
  official.RtmTokenBuilder,
  'buildToken',
  same((g) => [g.appId, g.cert, g.user(), g.u32()]),
  seed++,
)
oracle(
  'RtmTokenBuilder',
  compat.RtmTokenBuilder,
  official.RtmTokenBuilder,
  'buildTokenWithPermissions',
  (g) => {
    // The same random add() calls on our Rtm2Permissions and on the official one.
    const adds = Array.from({ length: g.int(0, 6) }, () => [g.int(0, 4), g.int(0, 1), Array.from({ length: g.int(0, 3) }, () => g.user())])
    const ours = new compat.Rtm2Permissions()
    const theirs = new official.Rtm2Permissions()
    for (const a of adds) {
      ours.add(...a)
      theirs.add(...a)
    }
    const user = g.pick([g.user(), g.int(1, 0xffffffff), 0, null])
    const expire = g.u32()
    const noPermissions = adds.length === 0 && g.pick([true, false])
    return {
      ours: [g.appId, g.cert, user, noPermissions ? undefined : ours, expire],
      theirs: [g.appId, g.cert, user, noPermissions ? undefined : theirs, expire],
    }
  },
  seed++,
)
oracle(
  'ChatTokenBuilder',
  compat.ChatTokenBuilder,
  official.ChatTokenBuilder,
  'buildUserToken',
  same((g) => [g.appId, g.cert, g.user(), g.u32()]),
  seed++,
)
oracle(
  'ChatTokenBuilder',
  compat.ChatTokenBuilder,
  official.ChatTokenBuilder,
  'buildAppToken',
  same((g) => [g.appId, g.cert, g.u32()]),
  seed++,
)
oracle(
  'FpaTokenBuilder',
  compat.FpaTokenBuilder,
  official.FpaTokenBuilder,
  'buildToken',
  same((g) => [g.appId, g.cert]),
  seed++,
)
for (const name of ['ApaasTokenBuilder', 'EducationTokenBuilder']) {
  const apaasRole = (g) => g.pick([0, 1, 2, -1, undefined, g.int(-32768, 32767)])
  oracle(
    name,
    compat[name],
    official[name],
    'buildRoomUserToken',
    same((g) => [g.appId, g.cert, g.user(), g.user(), apaasRole(g), g.u32()]),
    seed++,
  )
  oracle(
    name,
    compat[name],
    official[name],
    'buildUserToken',
    same((g) => [g.appId, g.cert, g.user(), g.u32()]),
    seed++,
  )
  oracle(
    name,
    compat[name],
    official[name],
    'buildAppToken',
    same((g) => [g.appId, g.cert, g.u32()]),
    seed++,
  )
}

// agora-access-token draws its salt once per process and its ts from the clock; read
// both back from each official token and pin them on ours: the strings must be equal.
function legacyOracle(name, method, argsOf, seedBase) {
  test(`access-token ${name}.${method} = agora-access-token 2.0.4 (${CASES} random inputs)`, () => {
    for (let i = 0; i < CASES; i++) {
      const g = gen(seedBase * 100003 + i)
      const args = argsOf(g)
      const theirs = officialLegacy[name][method](...args)
      const { salt, issueTs: ts } = parseToken(theirs)
      const ours = legacy.withFixedClock({ issueTs: ts - 24 * 3600, salt }, () => legacy[name][method](...args))
      assert.equal(ours, theirs, `case ${i}`)
    }
  })
}

const legacyRole = (g) => g.pick([0, 1, 2, 101])
legacyOracle('RtcTokenBuilder', 'buildTokenWithUid', (g) => [g.appId, g.cert, g.channel(), g.uid(), legacyRole(g), g.u32()], 101)
legacyOracle('RtcTokenBuilder', 'buildTokenWithAccount', (g) => [g.appId, g.cert, g.channel(), g.account(), legacyRole(g), g.u32()], 102)
legacyOracle('RtmTokenBuilder', 'buildToken', (g) => [g.appId, g.cert, g.user(), 1, g.u32()], 103)

const vectors = require('./fixtures/compat-cli-vectors.json')

test('official vectors: buildTokenWithRtm2 (RTC publisher + RTM) and 006 buildTokenWithUid', () => {
  const v = vectors.v007[0].inputs
  const [rtc, rtm] = v.services
  const token = compat.withFixedClock({ issueTs: v.issue_ts, salt: v.salt }, () =>
    compat.RtcTokenBuilder.buildTokenWithRtm2(
      v.app_id,
      v.app_certificate,
      rtc.channel,
      rtc.uid,
      compat.RtcRole.PUBLISHER,
      v.expire,
      600,
      600,
      600,
      600,
      rtm.user_id,
      600,
    ),
  )
  assert.equal(inflate(token).toString('hex'), vectors.v007[0].inflated_content_hex)
  for (const w of vectors.v006) {
    const i = w.inputs
    const uid = i.uid_string === '' ? 0 : Number(i.uid_string)
    const built = legacy.withFixedClock({ issueTs: i.ts - 24 * 3600, salt: i.salt }, () =>
      legacy.RtcTokenBuilder.buildTokenWithUid(i.app_id, i.app_certificate, i.channel_name, uid, legacy.RtcRole.SUBSCRIBER, i.privileges['1']),
    )
    assert.equal(built, w.token)
  }
})

test('access-token: a fresh salt per token (the original reuses one per process)', () => {
  const args = ['970CA35de60c44645bbae8a215061b33', '5CFd2fd1755d40ecb72977518be15d3b', 'ch', 7, 1, 2000000000]
  const salts = new Set(Array.from({ length: 20 }, () => parseToken(legacy.RtcTokenBuilder.buildTokenWithUid(...args)).salt))
  assert.ok(salts.size > 1)
  const theirs = new Set(Array.from({ length: 5 }, () => parseToken(officialLegacy.RtcTokenBuilder.buildTokenWithUid(...args)).salt))
  assert.equal(theirs.size, 1)
})
