// verifyWebhook / signWebhook (docs/webhooks.md): Agora's published vectors, agreement
// with Node's crypto and Python's hmac, tampering, every header and body form.

import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createHmac, randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import { test } from 'node:test'

const require = createRequire(import.meta.url)
const { verifyWebhook, parseWebhook, signWebhook } = require('../lib/webhooks/index.js')

// Agora's published vectors, from the "Signature verification" page of its
// Notification Center Service docs: secret "secret", these bodies, these
// hex values. The English page (docs.agora.io/en/.../signature-verification)
// signs a body with "eventMs"; the Chinese page (docportal.shengwang.cn,
// signature_verify) one without. (One English snapshot pairs the body
// without "eventMs" with the first body's values; that pairing is a typo in
// that copy, which Python's hmac confirms.)
const AGORA_VECTORS = [
  {
    body: '{"eventMs":1560408533119,"eventType":10,"noticeId":"4eb720f0-8da7-11e9-a43e-53f411c2761f","notifyMs":1560408533119,"payload":{"a":"1","b":2},"productId":1}',
    sha256: '6d3320c60b11101395b7fc8f9068748808a0aa1bfa064438e39d1bc2c7d74d99',
    sha1: '033c62f40f687675f17f0f41f91a40c71c0f134c',
  },
  {
    body: '{"eventType":10,"noticeId":"4eb720f0-8da7-11e9-a43e-53f411c2761f","notifyMs":1560408533119,"payload":{"a":"1","b":2},"productId":1}',
    sha256: 'de96da5acf03b0021ac3b4fa2225e7ae6f3533a30d50bb02c08ea4fa748bda24',
    sha1: '5a3bb6a6d9fad2ea9ae3fb707a14c9d7f3136df1',
  },
]

const hmacHex = (algorithm, secret, body) => createHmac(algorithm, secret).update(body).digest('hex')

/** Throws unless `fn` throws a `Kind` with `code`; returns the error. */
function throwsCoded(fn, Kind, code) {
  let error
  assert.throws(fn, (e) => {
    error = e
    return e instanceof Kind && e.code === code
  })
  return error
}

test("Agora's published vectors sign and verify", () => {
  for (const { body, sha256, sha1 } of AGORA_VECTORS) {
    assert.deepEqual(signWebhook(body, 'secret'), { 'Agora-Signature': sha1, 'Agora-Signature-V2': sha256 })
    assert.equal(verifyWebhook(body, { 'agora-signature-v2': sha256 }, 'secret'), true)
    assert.equal(verifyWebhook(body, { 'agora-signature': sha1 }, 'secret'), true)
    // Their envelope is product 1, event 10: a generic event, not an error.
    const event = parseWebhook(body, { 'agora-signature-v2': sha256 }, 'secret')
    assert.equal(event.known, false)
    assert.deepEqual(event.payload, { a: '1', b: 2 })
  }
})

test("signatures equal Node's crypto for random secrets and bodies (binary, UTF-8, empty, large)", () => {
  const bodies = [Buffer.alloc(0), Buffer.from('{"k":"é漢字🙂"}'), randomBytes(1 << 20)]
  for (let i = 0; i < 200; i++) bodies.push(randomBytes(i * 37))
  bodies.forEach((body, i) => {
    const secret = randomBytes(1 + (i % 90)).toString('base64')
    const headers = signWebhook(body, secret)
    assert.equal(headers['Agora-Signature-V2'], hmacHex('sha256', secret, body))
    assert.equal(headers['Agora-Signature'], hmacHex('sha1', secret, body))
    assert.equal(verifyWebhook(body, headers, secret), true)
  })
})

test("signatures equal Python's hmac (python3 is on every CI machine)", () => {
  const cases = Array.from({ length: 50 }, (_, i) => ({
    secret: randomBytes(1 + i).toString('hex'),
    body: randomBytes(i * 53),
  }))
  const script = `
import hashlib, hmac, json, sys
for line in sys.stdin:
    c = json.loads(line)
    key, body = c["secret"].encode(), bytes.fromhex(c["body"])
    print(hmac.new(key, body, hashlib.sha256).hexdigest(), hmac.new(key, body, hashlib.sha1).hexdigest())
`
  const input = `${cases.map((c) => JSON.stringify({ secret: c.secret, body: c.body.toString('hex') })).join('\n')}\n`
  const lines = execFileSync('python3', ['-c', script], { input, encoding: 'utf8' }).trim().split('\n')
  assert.equal(lines.length, cases.length)
  cases.forEach(({ secret, body }, i) => {
    const headers = signWebhook(body, secret)
    assert.equal(`${headers['Agora-Signature-V2']} ${headers['Agora-Signature']}`, lines[i])
  })
})

test('any changed byte, secret or signature character fails', () => {
  const { body, sha256, sha1 } = AGORA_VECTORS[0]
  for (let i = 0; i < body.length; i++) {
    const tampered = Buffer.from(body)
    tampered[i] ^= 0x20
    assert.equal(verifyWebhook(tampered, { 'Agora-Signature-V2': sha256, 'Agora-Signature': sha1 }, 'secret'), false, `byte ${i}`)
  }
  assert.equal(verifyWebhook(`${body} `, { 'Agora-Signature-V2': sha256 }, 'secret'), false)
  assert.equal(verifyWebhook(body, { 'Agora-Signature-V2': sha256 }, 'secreT'), false)
  for (let i = 0; i < sha256.length; i++) {
    const flipped = sha256.slice(0, i) + (sha256[i] === '0' ? '1' : '0') + sha256.slice(i + 1)
    assert.equal(verifyWebhook(body, { 'Agora-Signature-V2': flipped }, 'secret'), false, `hex ${i}`)
  }
  // Re-serialized JSON (what hashing express.json()'s req.body amounts to) is other bytes.
  assert.equal(verifyWebhook(JSON.stringify(JSON.parse(body), null, 1), { 'Agora-Signature-V2': sha256 }, 'secret'), false)
})

test('V2 decides when present; SHA-1 only without it; none is false', () => {
  const { body, sha256, sha1 } = AGORA_VECTORS[0]
  assert.equal(verifyWebhook(body, { 'agora-signature-v2': sha256, 'agora-signature': 'bad' }, 'secret'), true)
  assert.equal(verifyWebhook(body, { 'agora-signature-v2': 'bad', 'agora-signature': sha1 }, 'secret'), false)
  assert.equal(verifyWebhook(body, { 'agora-signature-v2': '', 'agora-signature': sha1 }, 'secret'), false)
  assert.equal(verifyWebhook(body, { 'agora-signature-v2': 5, 'agora-signature': sha1 }, 'secret'), false)
  assert.equal(verifyWebhook(body, { 'agora-signature-v2': undefined, 'agora-signature': sha1 }, 'secret'), true)
  assert.equal(verifyWebhook(body, { 'agora-signature-v2': sha1 }, 'secret'), false)
  assert.equal(verifyWebhook(body, {}, 'secret'), false)
  assert.equal(verifyWebhook(body, { 'content-type': 'application/json' }, 'secret'), false)
})

test('header forms: Node object, any case, arrays, Fetch Headers, Map; hex in either case', () => {
  const { body, sha256, sha1 } = AGORA_VECTORS[0]
  const forms = [
    { 'agora-signature-v2': sha256 },
    { 'AGORA-SIGNATURE-V2': sha256.toUpperCase() },
    { 'Agora-Signature-V2': [sha256] },
    { 'agora-signature-v2': ['0'.repeat(64), ` ${sha256} `] },
    { 'agora-signature-v2': `${'f'.repeat(64)}, ${sha256}` },
    { 'Agora-Signature': sha1.toUpperCase() },
    new Headers({ 'Agora-Signature-V2': sha256 }),
    new Headers([['agora-signature', sha1]]),
    new Map([['Agora-Signature-V2', sha256]]),
    Object.assign(Object.create(null), { 'agora-signature-v2': sha256 }),
  ]
  forms.forEach((headers, i) => {
    assert.equal(verifyWebhook(body, headers, 'secret'), true, `form ${i}`)
  })
  const twice = new Headers()
  twice.append('agora-signature-v2', '0'.repeat(64))
  twice.append('agora-signature-v2', sha256)
  assert.equal(verifyWebhook(body, twice, 'secret'), true)
  assert.equal(verifyWebhook(body, new Headers({ 'agora-signature-v2': 'x', 'agora-signature': sha1 }), 'secret'), false)
  // Values past the length bound (1024 bytes in all) never match, whatever they hold.
  assert.equal(verifyWebhook(body, { 'agora-signature-v2': `${sha256},${' '.repeat(2000)}` }, 'secret'), false)
  assert.equal(verifyWebhook(body, { 'agora-signature-v2': Array(15).fill(sha256) }, 'secret'), true)
  assert.equal(verifyWebhook(body, { 'agora-signature-v2': Array(1000).fill(sha256) }, 'secret'), false)
})

test('body forms: string (its UTF-8), Buffer, Uint8Array, views with an offset', () => {
  const text = '{"name":"agent é 漢字 🙂"}'
  const bytes = Buffer.from(text)
  const headers = signWebhook(bytes, 'k')
  assert.deepEqual(signWebhook(text, 'k'), headers)
  assert.deepEqual(signWebhook(new Uint8Array(bytes), 'k'), headers)
  const padded = Buffer.concat([Buffer.from('xxxx'), bytes, Buffer.from('yy')])
  assert.equal(verifyWebhook(padded.subarray(4, 4 + bytes.length), headers, 'k'), true)
  assert.equal(verifyWebhook(new Uint8Array(padded.buffer, padded.byteOffset + 4, bytes.length), headers, 'k'), true)
  assert.equal(verifyWebhook(text, headers, 'k'), true)
})

test('a parsed object or other non-bytes body is ERR_INVALID_ARG saying how to get the raw body', () => {
  const headers = { 'agora-signature-v2': '0'.repeat(64) }
  for (const body of [{ eventType: 101 }, [], null, undefined, 42, new Uint16Array(2), new ArrayBuffer(2)]) {
    for (const call of [() => verifyWebhook(body, headers, 's'), () => parseWebhook(body, headers, 's'), () => signWebhook(body, 's')]) {
      const error = throwsCoded(call, TypeError, 'ERR_INVALID_ARG')
      assert.match(error.message, /express\.raw\(\{ type: 'application\/json' \}\)/)
      assert.match(error.message, /await req\.text\(\)/)
    }
  }
})

test('secret and headers arguments are checked, and the secret never shows', () => {
  const secret = 'a-very-secret-webhook-key'
  throwsCoded(() => verifyWebhook('{}', {}, ''), RangeError, 'ERR_INVALID_ARG')
  throwsCoded(() => signWebhook('{}', ''), RangeError, 'ERR_INVALID_ARG')
  for (const bad of [undefined, 42, Buffer.from('k'), {}]) {
    throwsCoded(() => verifyWebhook('{}', {}, bad), TypeError, 'ERR_INVALID_ARG')
    throwsCoded(() => parseWebhook('{}', {}, bad), TypeError, 'ERR_INVALID_ARG')
  }
  for (const bad of [undefined, null, 'agora-signature-v2: x', 42]) {
    throwsCoded(() => verifyWebhook('{}', bad, secret), TypeError, 'ERR_INVALID_ARG')
  }
  throwsCoded(() => verifyWebhook('{}', {}, 'x'.repeat(4097)), RangeError, 'ERR_INVALID_ARG')
  const body = JSON.stringify({ noticeId: 'n', productId: 17, eventType: 101, notifyMs: 1, payload: {} })
  for (const headers of [{}, { 'agora-signature-v2': '00' }]) {
    const error = throwsCoded(() => parseWebhook(body, headers, secret), Error, 'ERR_INVALID_SIGNATURE')
    for (const text of [error.message, error.stack, JSON.stringify(error)]) assert.ok(!text.includes(secret))
  }
})

test('maxBytes bounds the body: never verified above it, ERR_INVALID_WEBHOOK when parsing', () => {
  const { body, sha256 } = AGORA_VECTORS[0]
  const headers = { 'agora-signature-v2': sha256 }
  const size = Buffer.byteLength(body)
  assert.equal(verifyWebhook(body, headers, 'secret', { maxBytes: size }), true)
  assert.equal(verifyWebhook(body, headers, 'secret', { maxBytes: size - 1 }), false)
  assert.equal(verifyWebhook(Buffer.from(body), headers, 'secret', { maxBytes: size - 1 }), false)
  throwsCoded(() => parseWebhook(body, headers, 'secret', { maxBytes: size - 1 }), Error, 'ERR_INVALID_WEBHOOK')
  // The default limit is 1 MiB.
  const big = 'x'.repeat((1 << 20) + 1)
  assert.equal(verifyWebhook(big, signWebhook(big, 's'), 's'), false)
  assert.equal(verifyWebhook(big, signWebhook(big, 's'), 's', { maxBytes: 2 << 20 }), true)
  for (const maxBytes of [0, -1, 1.5, (64 << 20) + 1, NaN]) {
    throwsCoded(() => verifyWebhook(body, headers, 'secret', { maxBytes }), RangeError, 'ERR_INVALID_ARG')
  }
  throwsCoded(() => verifyWebhook(body, headers, 'secret', { maxBytes: '10' }), TypeError, 'ERR_INVALID_ARG')
  throwsCoded(() => verifyWebhook(body, headers, 'secret', 5), TypeError, 'ERR_INVALID_ARG')
})
