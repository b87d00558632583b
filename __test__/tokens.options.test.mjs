// How the builders read an options object: each option index.d.ts declares,
// once, in declaration order, inherited ones included; getters may throw or
// call back into the addon without disturbing the call that is reading them.

import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { buildRtcRtmToken, buildRtcToken, parseToken } from '../index.js'

const base = {
  appId: '970CA35de60c44645bbae8a215061b33',
  appCertificate: '5CFd2fd1755d40ecb72977518be15d3b',
  channelName: 'room',
  issueTs: 1_700_000_000,
  salt: 9,
}
const dts = readFileSync(new URL('../index.d.ts', import.meta.url), 'utf8')

/** The members of the options interface `index.d.ts` gives `fn`'s argument, in order. */
function declaredOptions(fn) {
  const type = new RegExp(`^export declare function ${fn}\\(options: (\\w+)\\)`, 'm').exec(dts)?.[1]
  assert.ok(type, `${fn} takes an options interface`)
  const body = new RegExp(`^export interface ${type} \\{\\n([\\s\\S]*?)^\\}`, 'm').exec(dts)?.[1]
  assert.ok(body, `index.d.ts declares ${type}`)
  // Members sit at two spaces of indentation; doc comments are deeper.
  return [...body.matchAll(/^ {2}(\w+)\??:/gm)].map((m) => m[1])
}

/** The property names `build` reads from its options, in order. */
function reads(build) {
  const seen = []
  const proxy = new Proxy(
    { ...base, uid: 'alice' },
    {
      get(target, key) {
        seen.push(key)
        return target[key]
      },
    },
  )
  build(proxy)
  return seen
}

test('each option index.d.ts declares is read once, in declaration order, and nothing else', () => {
  for (const [name, build] of [
    ['buildRtcToken', buildRtcToken],
    ['buildRtcRtmToken', buildRtcRtmToken],
  ]) {
    const declared = declaredOptions(name)
    assert.ok(declared.length >= 13, `${name}: ${declared}`)
    assert.deepEqual(reads(build), declared, name)
  }
  // RTM options extend the RTC ones.
  assert.deepEqual(declaredOptions('buildRtcRtmToken').slice(0, declaredOptions('buildRtcToken').length), declaredOptions('buildRtcToken'))
})

test('inherited options count', () => {
  const options = Object.create({ ...base, uid: 42 })
  assert.equal(buildRtcToken(options), buildRtcToken({ ...base, uid: 42 }))
})

test('a throwing getter throws its own error', () => {
  const boom = new Error('from the getter')
  const options = {
    ...base,
    get uid() {
      throw boom
    },
  }
  assert.throws(
    () => buildRtcToken(options),
    (e) => e === boom,
  )
})

test('a getter that builds another token does not disturb the outer call', () => {
  let inner
  const options = {
    ...base,
    get channelName() {
      inner = buildRtcRtmToken({ ...base, channelName: 'inner-room', uid: 'bob', tokenExpire: 60 })
      return 'outer-room'
    },
    uid: 'alice',
    tokenExpire: 600,
  }
  const outer = parseToken(buildRtcRtmToken(options))
  assert.equal(outer.services[0].channelName, 'outer-room')
  assert.equal(outer.services[0].uid, 'alice')
  assert.equal(outer.expire, 600)
  const parsedInner = parseToken(inner)
  assert.equal(parsedInner.services[0].channelName, 'inner-room')
  assert.equal(parsedInner.services[1].userId, 'bob')
  assert.equal(parsedInner.expire, 60)
})

test('a wrongly typed option is a TypeError naming it, never quoting its value', () => {
  const secret = 'S3cret-value-in-the-wrong-field'
  const cases = [
    ['appCertificate', 5, 'appCertificate must be a string'],
    ['appCertificate', null, 'appCertificate must be a string'],
    ['appId', undefined, 'appId is required'],
    ['uid', {}, 'uid must be a number or a string'],
    ['uid', undefined, 'uid is required'],
    ['role', 'admin', "role must be 'publisher' or 'subscriber'"],
    ['tokenExpire', secret, 'tokenExpire must be a number'],
    ['tokenExpire', null, 'tokenExpire must be a number'],
    ['convoai', secret, 'convoai must be a boolean'],
    ['rtmUserId', 42, 'rtmUserId must be a string'],
  ]
  for (const [field, value, message] of cases) {
    assert.throws(
      () => buildRtcRtmToken({ ...base, uid: 7, [field]: value }),
      (e) => e instanceof TypeError && e.code === 'ERR_INVALID_ARG' && e.message === message && !e.message.includes(secret),
      `${field}: ${String(value)}`,
    )
  }
  for (const options of [null, undefined, 5, 'x']) {
    assert.throws(() => buildRtcToken(options), { name: 'TypeError', code: 'ERR_INVALID_ARG', message: 'options must be an object' })
  }
})

test('non-ASCII option text arrives whole', () => {
  // 'é' + 254 × 'a': 255 characters, 256 bytes of UTF-8 (one too many for
  // an account); read short, it would look like a 255-byte one.
  const uid = `é${'a'.repeat(254)}`
  assert.throws(() => buildRtcToken({ ...base, uid }), { code: 'ERR_INVALID_UID', message: /got 256/ })
  assert.throws(() => buildRtcRtmToken({ ...base, uid: 7, rtmUserId: uid }), { code: 'ERR_INVALID_UID', message: /got 256/ })
})
