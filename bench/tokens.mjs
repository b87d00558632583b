// Token benchmarks against the official agora-token 2.0.6, same inputs, in
// the same process. Each pair first asserts that both sides agree: equal
// inflated content for a pinned issueTs/salt, or equal parse/verify verdicts.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { inflate007, withPinned } from '../__test__/helpers/agora-token-oracle.mjs'
import { CERT as HOSTILE_CERT, hostileTokens, normalToken } from '../__test__/helpers/hostile-tokens.mjs'
import { compare, fmt } from './harness.mjs'

const require = createRequire(import.meta.url)
const ours = require('../index.js')
const { RtcTokenBuilder, RtcRole } = require('agora-token')
const { AccessToken2 } = require('agora-token/src/AccessToken2')

const appId = '970CA35de60c44645bbae8a215061b33'
const appCertificate = '5CFd2fd1755d40ecb72977518be15d3b'
const channelName = '7d72365eb983485397e3e3f9d460bdda'
const PIN = { issueTs: 1_700_000_000, salt: 12345 }

function assertSameContent(build, official) {
  const a = inflate007(build(PIN))
  const b = inflate007(withPinned(PIN.issueTs, PIN.salt, official))
  assert.deepEqual(a, b)
}

function pair(name, build, official) {
  assertSameContent(build, official)
  const r = compare({ ours: () => build({}), official })
  return { name, r, lengths: [build({}).length, official().length] }
}

export function run() {
  const uid = 2882341273
  const account = 'user-2882341273'
  const rows = [
    pair(
      'buildRtcToken vs buildTokenWithUid',
      (pin) => ours.buildRtcToken({ appId, appCertificate, channelName, uid, tokenExpire: 3600, ...pin }),
      () => RtcTokenBuilder.buildTokenWithUid(appId, appCertificate, channelName, uid, RtcRole.PUBLISHER, 3600, 3600),
    ),
    pair(
      'buildRtcRtmToken vs buildTokenWithRtm',
      (pin) => ours.buildRtcRtmToken({ appId, appCertificate, channelName, uid: account, tokenExpire: 3600, ...pin }),
      () => RtcTokenBuilder.buildTokenWithRtm(appId, appCertificate, channelName, account, RtcRole.PUBLISHER, 3600, 3600),
    ),
  ]
  // 1024 distinct tokens issued at different seconds, cycled: each is
  // parsed and then verified once per pass, as a server checks a client's
  // token (agora-token verifies the object it parsed; parseToken and
  // verifyToken share their parse only within such a pair, and no signing
  // key carries over from one token to the next).
  const now = Math.floor(Date.now() / 1000)
  const tokens = Array.from({ length: 1024 }, (_, i) =>
    withPinned(now - i, i + 1, () => RtcTokenBuilder.buildTokenWithRtm(appId, appCertificate, channelName, `${account}-${i}`, RtcRole.PUBLISHER, 3600, 3600)),
  )
  const official = (i) => {
    const t = new AccessToken2()
    return t.from_string(tokens[i & 1023]) && t.verifySignature(appCertificate)
  }
  const mine = (i) => {
    const token = tokens[i & 1023]
    return ours.parseToken(token).services.length === 2 && ours.verifyToken(token, appCertificate)
  }
  for (let i = 0; i < tokens.length; i++) {
    assert.equal(official(i), true)
    assert.equal(mine(i), true)
  }
  const token = tokens[0]
  rows.push({ name: 'parseToken + verifyToken vs from_string + verifySignature', r: compare({ ours: mine, official }), lengths: [token.length, token.length] })

  const hostile = hostileLine()

  console.log('\n## Tokens (agora-convoai-native vs agora-token 2.0.6, same process, interleaved)\n')
  console.log('| operation | ours ops/s | agora-token ops/s | ratio | token chars (ours / agora-token) |')
  console.log('|---|---:|---:|---:|---:|')
  for (const { name, r, lengths } of rows) {
    console.log(`| ${name} | ${fmt(r.ours)} | ${fmt(r.official)} | **${(r.ours / r.official).toFixed(1)}×** | ${lengths[0]} / ${lengths[1]} |`)
  }
  const { worst, normalUs } = hostile
  console.log(
    `\nHostile tokens (${hostile.count} shapes, __test__/helpers/hostile-tokens.mjs), parseToken + verifyToken: ` +
      `worst ${worst.us.toFixed(1)} µs (${worst.name}) = **${(worst.us / normalUs).toFixed(0)}×** a normal RTC+RTM token (${normalUs.toFixed(2)} µs)`,
  )
  return rows
}

/**
 * parseToken + verifyToken of every hostile token and of a normal one, in
 * interleaved rounds (median per token). Each alternates between two tokens
 * of its shape: a token parsed twice in a row is parsed once.
 */
function hostileLine() {
  const parseVerify = (token) => {
    const context = token.startsWith('006') ? { channelName: 'c', uid: '' } : undefined
    try {
      ours.parseToken(token)
      ours.verifyToken(token, HOSTILE_CERT, context)
    } catch (e) {
      assert.equal(e.code, 'ERR_INVALID_TOKEN')
    }
  }
  const [a, b] = [hostileTokens({ salt: 7 }), hostileTokens({ salt: 8 })]
  const pairs = [{ name: 'normal', tokens: [normalToken(7), normalToken(8)] }]
  a.forEach(({ name, token }, k) => {
    pairs.push({ name, tokens: [token, b[k].token] })
  })
  const timeOf = ({ tokens }, n) => {
    const start = process.hrtime.bigint()
    for (let i = 0; i < n; i++) parseVerify(tokens[i & 1])
    return Number(process.hrtime.bigint() - start) / 1e3 / n
  }
  // Rounds of ~20 ms per token, sized from a first estimate.
  const sizes = pairs.map((p) => Math.max(2, Math.round(20_000 / timeOf(p, 2))))
  const rounds = pairs.map(() => [])
  for (let r = 0; r < 7; r++)
    pairs.forEach((p, k) => {
      rounds[k].push(timeOf(p, sizes[k]))
    })
  const median = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1]
  const us = rounds.map(median)
  const worst = pairs
    .slice(1)
    .map(({ name }, k) => ({ name, us: us[k + 1] }))
    .reduce((x, y) => (y.us > x.us ? y : x))
  return { worst, normalUs: us[0], count: a.length }
}
