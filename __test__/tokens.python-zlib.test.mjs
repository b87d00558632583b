// Issue rule: a token must inflate to exactly its content with Python's zlib
// too, not only Node's. Tokens of every block kind our encoder emits (fixed
// Huffman, dynamic Huffman for long few-character text, long repeated
// accounts) are inflated by python3 in one process and compared with Node's
// inflate. python3 is on every CI machine (build:linux installs zig with it).

import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { test } from 'node:test'
import { buildRtcRtmToken, buildRtcToken } from '../index.js'
import { inflate007 } from './helpers/agora-token-oracle.mjs'
import { AGORA_CHARS, randomRtcOptions, rng } from './helpers/random-inputs.mjs'

const hasPython = spawnSync('python3', ['--version']).status === 0

// Reads base64 zlib streams, one per line; prints each inflated stream as hex.
const INFLATE = `
import base64, sys, zlib
for line in sys.stdin:
    print(zlib.decompress(base64.b64decode(line.strip())).hex())
`

/** Tokens whose contents take each of the encoder's paths. */
function tokens() {
  const r = rng(20261129)
  const out = []
  for (let i = 0; i < 300; i++) out.push(buildRtcToken(randomRtcOptions(r)))
  for (let i = 0; i < 300; i++) out.push(buildRtcRtmToken(randomRtcOptions(r, { rtm: true })))
  const base = { appId: r.hex32(), appCertificate: r.hex32(), issueTs: 1_700_000_000, salt: 1 }
  const digits = (n) => r.text('0123456789', n, n)
  for (let n = 1; n <= 255; n += 6) {
    // Digits everywhere: the dynamic-Huffman block.
    out.push(buildRtcToken({ ...base, appId: digits(32), channelName: digits(63), uid: digits(n) }))
    // One character repeated, and a random account, both packed twice.
    out.push(buildRtcRtmToken({ ...base, channelName: 'c', uid: 'a'.repeat(n) }))
    out.push(buildRtcRtmToken({ ...base, channelName: r.text(AGORA_CHARS, 63, 63), uid: r.text(AGORA_CHARS, n, n) }))
  }
  return out
}

test('python zlib inflates every kind of token to the content Node inflates', { skip: !hasPython && 'python3 not found' }, () => {
  const list = tokens()
  const input = `${list.map((t) => t.slice(3)).join('\n')}\n`
  const hex = execFileSync('python3', ['-c', INFLATE], { input, encoding: 'utf8', maxBuffer: 64 << 20 })
    .trim()
    .split('\n')
  assert.equal(hex.length, list.length)
  list.forEach((token, i) => {
    assert.equal(hex[i], inflate007(token).toString('hex'), `token ${i}`)
  })
  // Both Huffman block kinds were covered (BTYPE, bits 1-2 of the first
  // deflate byte, after the 2-byte zlib header).
  const blockTypes = new Set(list.map((t) => (Buffer.from(t.slice(3), 'base64')[2] >> 1) & 3))
  assert.deepEqual([...blockTypes].sort(), [1, 2])
})
