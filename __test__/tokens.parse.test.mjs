// parseToken's result, shape by shape: random specs of every service are
// built, parsed and compared with the result derived from the spec itself
// (docs/tokens.md), including the shapes the addon builds differently (many
// services, many distinct shapes, non-ASCII text) and hand-packed contents
// the builders cannot make (unnamed privilege ids, unknown service types).

import assert from 'node:assert/strict'
import test from 'node:test'
import { deflateSync } from 'node:zlib'
import { buildAccessToken, parseToken, verifyToken } from '../index.js'
import { rng } from './helpers/random-inputs.mjs'

const TYPES = { rtc: 1, rtm: 2, streaming: 3, fpa: 4, chat: 5, fcdn: 6, apaas: 7, rtm2: 8, convoai: 9, stt: 10 }
const PRIVILEGES = {
  rtc: ['joinChannel', 'publishAudioStream', 'publishVideoStream', 'publishDataStream'],
  rtm: ['login'],
  streaming: ['publishMixStream', 'publishRawStream'],
  fpa: ['login'],
  chat: ['user', 'app'],
  fcdn: ['publish', 'play'],
  apaas: ['roomUser', 'user', 'app'],
  rtm2: ['login'],
  convoai: [],
  stt: [],
}
const RESOURCES = ['messageChannels', 'streamChannels', 'groupChannels', 'serverGroups', 'users']
const CERT = '5CFd2fd1755d40ecb72977518be15d3b'
// Any text the wire carries: ASCII, Latin-1, BMP and astral characters, empty.
const TEXT = [...'ab Z9-_:é€😀\u0000']

function randomService(r, longText = 300) {
  const service = r.pick(Object.keys(TYPES))
  const text = () => r.text(TEXT, 0, r.int(0, 3) === 0 ? longText : 12)
  const privileges = {}
  for (const name of PRIVILEGES[service]) if (r.next() < 0.6) privileges[name] = r.pick([0, 1, r.int(0, 4294967295)])
  const s = { service, privileges }
  if (service === 'rtc') Object.assign(s, { channelName: text(), uid: r.pick([0, r.int(1, 4294967295), text()]) })
  if (service === 'rtm' || service === 'chat' || service === 'rtm2') s.userId = text()
  if (service === 'streaming' || service === 'fcdn') Object.assign(s, { channelName: text(), account: text() })
  if (service === 'apaas') Object.assign(s, { roomUuid: text(), userUuid: text(), role: r.int(-32768, 32767) })
  if (service === 'rtm2' && r.next() < 0.7) {
    s.permissions = {}
    for (const resource of RESOURCES) {
      if (r.next() < 0.5) continue
      const perms = {}
      for (const p of ['read', 'write']) if (r.next() < 0.6) perms[p] = Array.from({ length: r.int(0, 3) }, text)
      s.permissions[resource] = perms
    }
  }
  return s
}

function randomSpec(r, services = r.int(1, 5), longText = 300) {
  return {
    appId: r.hex32(),
    appCertificate: CERT,
    expire: r.int(0, 4294967295),
    issueTs: r.int(0, 4294967295),
    salt: r.int(0, 4294967295),
    services: Array.from({ length: services }, () => randomService(r, longText)),
  }
}

/** The ParsedToken docs/tokens.md specifies for `spec` (signature aside). */
function expected(spec) {
  const expiresAt = spec.issueTs + spec.expire
  const absolute = (v) => (v === 0 ? expiresAt : Math.min(spec.issueTs + v, expiresAt))
  const services = [...spec.services]
    .sort((a, b) => TYPES[a.service] - TYPES[b.service])
    .map((s) => {
      const out = { ...s, privileges: {}, expiresAt: {} }
      for (const name of PRIVILEGES[s.service]) {
        if (name in s.privileges) {
          out.privileges[name] = s.privileges[name]
          out.expiresAt[name] = absolute(s.privileges[name])
        }
      }
      if (s.service === 'rtc') out.uid = s.uid === 0 ? '' : String(s.uid)
      // A resource without read or write lists packs as nothing.
      if (s.service === 'rtm2') out.permissions = Object.fromEntries(Object.entries(s.permissions ?? {}).filter(([, p]) => Object.keys(p).length))
      return out
    })
  return { version: '007', appId: spec.appId, issueTs: spec.issueTs, expire: spec.expire, expiresAt, salt: spec.salt, services }
}

function assertParses(spec, message) {
  const token = buildAccessToken(spec)
  const { signature, ...parsed } = parseToken(token)
  assert.match(signature, /^[0-9a-f]{64}$/)
  assert.deepEqual(parsed, expected(spec), message)
  assert.equal(verifyToken(token, CERT), true, message)
  return token
}

test('parseToken returns what was built, for 1500 random specs of every service', () => {
  const r = rng(2026)
  for (let i = 0; i < 1500; i++) assertParses(randomSpec(r), `case ${i}`)
})

test('parseToken keeps the documented key order', () => {
  const spec = randomSpec(rng(1), 0)
  spec.services = [{ service: 'rtc', channelName: 'c', uid: 7, privileges: { joinChannel: 1, publishDataStream: 2 } }]
  const parsed = parseToken(buildAccessToken(spec))
  assert.deepEqual(Object.keys(parsed), ['version', 'appId', 'issueTs', 'expire', 'expiresAt', 'salt', 'signature', 'services'])
  assert.deepEqual(Object.keys(parsed.services[0]), ['channelName', 'uid', 'service', 'privileges', 'expiresAt'])
  assert.deepEqual(Object.keys(parsed.services[0].privileges), ['joinChannel', 'publishDataStream'])
})

test('parseToken reads tokens at the limits (32 services), and builders refuse more', () => {
  const r = rng(7)
  for (let i = 0; i < 20; i++) {
    // Short texts keep 32 services within the 4,096-character and 256-entry limits.
    const spec = randomSpec(r, 32, 4)
    assertParses(spec, `32 services, spec ${i}`)
  }
  assert.throws(() => buildAccessToken(randomSpec(r, 33, 4)), { code: 'ERR_INVALID_ARG', name: 'RangeError' })
})

test('parseToken stays right across many distinct shapes, each parsed twice', () => {
  const r = rng(99)
  const specs = Array.from({ length: 150 }, () => randomSpec(r, r.int(1, 8)))
  const tokens = specs.map((spec) => buildAccessToken(spec))
  for (let round = 0; round < 2; round++) {
    specs.forEach((spec, i) => {
      const { signature, ...parsed } = parseToken(tokens[i])
      assert.deepEqual(parsed, expected(spec), `round ${round}, spec ${i}`)
    })
  }
})

// Hand packing (docs/token-format.md) for contents no builder makes.
const u16 = (n) => Buffer.from([n & 0xff, n >>> 8])
const u32 = (n) => {
  const b = Buffer.alloc(4)
  b.writeUInt32LE(n)
  return b
}
const str = (s) => Buffer.concat([u16(Buffer.byteLength(s)), Buffer.from(s)])
const map = (entries) => Buffer.concat([u16(entries.length), ...entries.flatMap(([k, v]) => [u16(k), u32(v)])])
const token007 = (services) => {
  const signingInfo = Buffer.concat([str('970CA35de60c44645bbae8a215061b33'), u32(1000), u32(600), u32(5), u16(services.length), ...services])
  return `007${deflateSync(Buffer.concat([str('s'.repeat(32)), signingInfo])).toString('base64')}`
}

test('parseToken keys privileges without a name by their decimal id', () => {
  const rtc = Buffer.concat([
    u16(1),
    map([
      [1, 10],
      [9, 20],
      [65535, 0],
    ]),
    str('ch'),
    str('42'),
  ])
  const fpa = Buffer.concat([u16(4), map([[7, 30]])])
  const parsed = parseToken(token007([rtc, fpa]))
  assert.deepEqual(parsed.services, [
    { channelName: 'ch', uid: '42', service: 'rtc', privileges: { joinChannel: 10, 9: 20, 65535: 0 }, expiresAt: { joinChannel: 1010, 9: 1020, 65535: 1600 } },
    { service: 'fpa', privileges: { 7: 30 }, expiresAt: { 7: 1030 } },
  ])
  assert.equal(parsed.incomplete, undefined)
})

test('parseToken returns the services before an unknown type, marked incomplete', () => {
  const rtm = Buffer.concat([u16(2), map([[1, 0]]), str('user')])
  const unknown = Buffer.concat([u16(99), map([]), str('whatever follows')])
  const parsed = parseToken(token007([rtm, unknown, rtm]))
  assert.equal(parsed.incomplete, true)
  assert.deepEqual(parsed.services, [{ userId: 'user', service: 'rtm', privileges: { login: 0 }, expiresAt: { login: 1600 } }])
})
