// buildRtcToken / buildRtcRtmToken against the official agora-token 2.0.6:
// 1000 random valid inputs each, pinned issueTs and salt on both sides,
// equal inflated content, and our token at most 20% longer than zlib level 6.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { buildRtcRtmToken, buildRtcToken, parseToken, verifyToken } from '../index.js'
import { AccessToken2, agoraToken, inflate007, level6Length, withPinned } from './helpers/agora-token-oracle.mjs'
import { randomRtcOptions, rng } from './helpers/random-inputs.mjs'

const { RtcTokenBuilder, ConvoAITokenBuilder, RtcRole } = agoraToken
const CASES = 1000

const hasOverrides = (o) => ['joinChannelExpire', 'publishAudioExpire', 'publishVideoExpire', 'publishDataExpire'].some((k) => k in o)

/** The four RTC privilege values our options mean, in agora-token's terms. */
function privilegeArgs(o) {
  const tokenExpire = o.tokenExpire ?? 3600
  const pe = o.privilegeExpire ?? tokenExpire
  return {
    tokenExpire,
    pe,
    join: o.joinChannelExpire ?? pe,
    audio: o.publishAudioExpire ?? pe,
    video: o.publishVideoExpire ?? pe,
    data: o.publishDataExpire ?? pe,
    role: hasOverrides(o) || o.role !== 'subscriber' ? RtcRole.PUBLISHER : RtcRole.SUBSCRIBER,
  }
}

function officialRtc(o) {
  const p = privilegeArgs(o)
  return withPinned(o.issueTs, o.salt, () =>
    hasOverrides(o)
      ? RtcTokenBuilder.buildTokenWithUidAndPrivilege(o.appId, o.appCertificate, o.channelName, o.uid, p.tokenExpire, p.join, p.audio, p.video, p.data)
      : RtcTokenBuilder.buildTokenWithUid(o.appId, o.appCertificate, o.channelName, o.uid, p.role, p.tokenExpire, p.pe),
  )
}

function officialRtcRtm(o) {
  const p = privilegeArgs(o)
  const args = [
    o.appId,
    o.appCertificate,
    o.channelName,
    o.uid,
    p.role,
    p.tokenExpire,
    p.join,
    p.audio,
    p.video,
    p.data,
    o.rtmUserId ?? String(o.uid),
    o.rtmTokenExpire ?? p.tokenExpire,
  ]
  return withPinned(o.issueTs, o.salt, () => (o.convoai ? ConvoAITokenBuilder.buildToken(...args) : RtcTokenBuilder.buildTokenWithRtm2(...args)))
}

function assertSameAsOfficial(ours, official, o) {
  assert.ok(official.length > 0, 'agora-token produced a token')
  assert.deepEqual(inflate007(ours), inflate007(official), JSON.stringify(o))
  assert.ok(ours.length <= 1.2 * level6Length(ours), `token ${ours.length} chars vs level 6 ${level6Length(ours)}`)
}

test('buildRtcToken: 1000 random inputs give agora-token content', () => {
  const r = rng(2)
  for (let i = 0; i < CASES; i++) {
    const o = randomRtcOptions(r)
    assertSameAsOfficial(buildRtcToken(o), officialRtc(o), o)
  }
})

test('buildRtcRtmToken: 1000 random inputs give agora-token content', () => {
  const r = rng(3)
  for (let i = 0; i < CASES; i++) {
    const o = randomRtcOptions(r, { rtm: true })
    assertSameAsOfficial(buildRtcRtmToken(o), officialRtcRtm(o), o)
  }
})

test('buildRtcRtmToken with an account equals buildTokenWithRtm', () => {
  const r = rng(4)
  for (let i = 0; i < 200; i++) {
    const o = { ...randomRtcOptions(r), uid: r.text('abcdefghij0123456789', 1, 255) }
    for (const k of ['joinChannelExpire', 'publishAudioExpire', 'publishVideoExpire', 'publishDataExpire']) delete o[k]
    const p = privilegeArgs(o)
    const official = withPinned(o.issueTs, o.salt, () =>
      RtcTokenBuilder.buildTokenWithRtm(o.appId, o.appCertificate, o.channelName, o.uid, p.role, p.tokenExpire, p.pe),
    )
    assertSameAsOfficial(buildRtcRtmToken(o), official, o)
  }
})

test('the official parser reads our tokens and verifies their signature', () => {
  const r = rng(5)
  for (let i = 0; i < 200; i++) {
    const o = randomRtcOptions(r, { rtm: true })
    const ours = buildRtcRtmToken(o)
    const parsed = new AccessToken2()
    assert.equal(parsed.from_string(ours), true)
    assert.equal(parsed.verifySignature(o.appCertificate), true)
    assert.equal(verifyToken(ours, o.appCertificate), true)
    assert.equal(parseToken(ours).salt, o.salt)
  }
})

test('defaults: publisher, 3600 s, privileges = tokenExpire, rtmUserId = uid', () => {
  const base = { appId: '970CA35de60c44645bbae8a215061b33', appCertificate: '5CFd2fd1755d40ecb72977518be15d3b', channelName: 'room', uid: 42 }
  const parsed = parseToken(buildRtcRtmToken(base))
  assert.equal(parsed.expire, 3600)
  assert.ok(Math.abs(parsed.issueTs - Date.now() / 1000) < 5)
  assert.ok(parsed.salt >= 1 && parsed.salt <= 99999999)
  const [rtc, rtm] = parsed.services
  assert.deepEqual(rtc.privileges, { joinChannel: 3600, publishAudioStream: 3600, publishVideoStream: 3600, publishDataStream: 3600 })
  assert.equal(rtc.uid, '42')
  assert.deepEqual({ service: rtm.service, userId: rtm.userId, privileges: rtm.privileges }, { service: 'rtm', userId: '42', privileges: { login: 3600 } })
  assert.equal(parsed.services.length, 2)
  const withConvo = parseToken(buildRtcRtmToken({ ...base, uid: 0, convoai: true }))
  assert.deepEqual(
    withConvo.services.map((s) => s.service),
    ['rtc', 'rtm', 'convoai'],
  )
  assert.equal(withConvo.services[0].uid, '')
  assert.equal(withConvo.services[1].userId, '0')
})
