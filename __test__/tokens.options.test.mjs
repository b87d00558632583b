// How the builders read an options object: each option once, in declaration
// order, inherited ones included; getters may throw or call back into the
// addon without disturbing the call that is reading them.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { buildRtcToken, buildRtcRtmToken, parseToken } from '../index.js'

const base = { appId: '970CA35de60c44645bbae8a215061b33', appCertificate: '5CFd2fd1755d40ecb72977518be15d3b', channelName: 'room', issueTs: 1_700_000_000, salt: 9 }
const RTC_KEYS = ['appId', 'appCertificate', 'channelName', 'uid', 'role', 'tokenExpire', 'privilegeExpire', 'joinChannelExpire', 'publishAudioExpire', 'publishVideoExpire', 'publishDataExpire', 'issueTs', 'salt']

test('each option is read once, in declaration order', () => {
  const reads = []
  const proxy = new Proxy({ ...base, uid: 'alice' }, {
    get(target, key) {
      reads.push(key)
      return target[key]
    },
  })
  buildRtcToken(proxy)
  assert.deepEqual(reads, RTC_KEYS)
  reads.length = 0
  buildRtcRtmToken(proxy)
  assert.deepEqual(reads, [...RTC_KEYS, 'rtmUserId', 'rtmTokenExpire', 'convoai'])
})

test('inherited options count', () => {
  const options = Object.create({ ...base, uid: 42 })
  assert.equal(buildRtcToken(options), buildRtcToken({ ...base, uid: 42 }))
})

test('a throwing getter throws its own error', () => {
  const boom = new Error('from the getter')
  const options = { ...base, get uid() { throw boom } }
  assert.throws(() => buildRtcToken(options), (e) => e === boom)
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
