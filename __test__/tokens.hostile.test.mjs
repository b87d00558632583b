// Hostile tokens through the exports (shapes of __test__/helpers/
// hostile-tokens.mjs): each parses to the counts the limits allow and
// verifies, or is ERR_INVALID_TOKEN for parseToken and verifyToken alike.
// Counts and shapes only; `npm run bench` times them.

import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import test from 'node:test'
import { CERT, hostileTokens, LIMITS, normalToken, rtc, token007 } from './helpers/hostile-tokens.mjs'

const require = createRequire(import.meta.url)
const { parseToken, verifyToken } = require('../index.js')

/** Services, privileges and RTM2 resource names of a parsed token. */
function shape(parsed) {
  if (parsed.version === '006') return { services: 0, privileges: Object.keys(parsed.privileges).length, names: 0 }
  let privileges = 0
  let names = 0
  for (const s of parsed.services) {
    privileges += Object.keys(s.privileges).length
    assert.deepEqual(Object.keys(s.expiresAt), Object.keys(s.privileges))
    for (const byPermission of Object.values(s.permissions ?? {})) for (const list of Object.values(byPermission)) names += list.length
  }
  return { services: parsed.services.length, privileges, names }
}

function refused(fn) {
  assert.throws(fn, (e) => e.code === 'ERR_INVALID_TOKEN' && !e.message.includes(CERT))
}

test('every hostile token parses within the limits or is ERR_INVALID_TOKEN', () => {
  const all = hostileTokens()
  assert.ok(all.length >= 18)
  for (const { name, token, expect } of all) {
    if (expect === 'refused') {
      refused(() => parseToken(token))
      refused(() => verifyToken(token, CERT))
      continue
    }
    const parsed = parseToken(token)
    assert.deepEqual(shape(parsed), expect, name)
    const context = parsed.version === '006' ? { channelName: 'c', uid: '' } : undefined
    assert.equal(verifyToken(token, CERT, context), true, name)
  }
})

test('privileges out of order come back sorted, the last value of a key winning', () => {
  const token = token007(
    1,
    rtc(
      [
        [4, 1],
        [1, 2],
        [4, 3],
        [2, 4],
      ],
      'c',
      'u',
    ),
  )
  const { privileges } = parseToken(token).services[0]
  assert.deepEqual(Object.entries(privileges), [
    ['joinChannel', 2],
    ['publishAudioStream', 4],
    ['publishDataStream', 3],
  ])
})

test('a token text over the cap is refused whatever follows the prefix', () => {
  const normal = normalToken()
  assert.equal(verifyToken(normal, CERT), true)
  for (const prefix of ['007', '006', normal]) refused(() => parseToken(prefix.padEnd(LIMITS.tokenChars + 1, 'A')))
})

test('verifyToken with a certificate that is not 32 hex characters is ERR_INVALID_APP_CERTIFICATE', () => {
  const normal = normalToken()
  for (const bad of ['', 'x', CERT.slice(1), `${CERT.slice(1)}g`, CERT + CERT]) {
    assert.throws(
      () => verifyToken(normal, bad),
      (e) => e.code === 'ERR_INVALID_APP_CERTIFICATE',
    )
  }
  // A well-formed certificate that did not sign the token: false.
  assert.equal(verifyToken(normal, CERT.replace('5', '6')), false)
})
