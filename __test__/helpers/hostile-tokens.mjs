// Hostile token texts for the exports, each the costliest of its shape that
// the parse limits let through (docs/tokens.md ("Limits on parsing")) or the first they
// refuse. Used by __test__/tokens.hostile.test.mjs (what each parses to) and
// bench/tokens.mjs (what each costs). The Rust twin for the core alone is
// crates/agora-convoai-core/tests/support/hostile.rs.
import { createHmac } from 'node:crypto'
import { deflateSync } from 'node:zlib'

export const CERT = '5CFd2fd1755d40ecb72977518be15d3b'
export const APP_ID = '970CA35de60c44645bbae8a215061b33'
export const LIMITS = { tokenChars: 4096, content: 65536, services: 32, entries: 256 }

const ISSUE_TS = 1_700_000_000
const u16 = (n) => Buffer.from([n & 0xff, (n >>> 8) & 0xff])
const u32 = (n) => {
  const b = Buffer.alloc(4)
  b.writeUInt32LE(n >>> 0)
  return b
}
const bytes = (b) => Buffer.concat([u16(b.length), Buffer.from(b)])
const map = (entries) => Buffer.concat([u16(entries.length), ...entries.flatMap(([k, v]) => [u16(k), u32(v)])])
const hmac = (key, data) => createHmac('sha256', key).update(data).digest()

/** Signed content of a 007 token with `count` declared services packed as `services`. */
export function content007(count, services, salt = 7) {
  const info = Buffer.concat([bytes(APP_ID), u32(ISSUE_TS), u32(600), u32(salt), u16(count), services])
  const key = hmac(u32(salt), hmac(u32(ISSUE_TS), CERT))
  return Buffer.concat([bytes(hmac(key, info)), info])
}

const wrap = (stream) => `007${stream.toString('base64')}`
export const token007 = (count, services, salt) => wrap(deflateSync(content007(count, services, salt)))
export const rtc = (privileges, channel, uid) => Buffer.concat([u16(1), map(privileges), bytes(channel), bytes(uid)])

/** The content of a normal RTC+RTM token: the yardstick of the hostile ones. */
function normalContent(salt) {
  const rtcService = rtc(
    [
      [1, 3600],
      [2, 3600],
      [3, 3600],
      [4, 3600],
    ],
    '7d72365eb983485397e3e3f9d460bdda',
    'user-2882341273',
  )
  const rtm = Buffer.concat([u16(2), map([[1, 3600]]), bytes('user-2882341273')])
  return content007(2, Buffer.concat([rtcService, rtm]), salt)
}

export const normalToken = (salt) => wrap(deflateSync(normalContent(salt)))

/** LSB-first bits, for deflate streams no encoder would write. */
class Bits {
  constructor() {
    this.out = [0x78, 0x9c]
    this.acc = 0
    this.n = 0
  }
  put(v, n) {
    for (let i = 0; i < n; i++) {
      this.acc |= ((v >>> i) & 1) << this.n
      if (++this.n === 8) {
        this.out.push(this.acc)
        this.acc = 0
        this.n = 0
      }
    }
  }
  get bits() {
    return this.out.length * 8 + this.n
  }
}

/** A non-final fixed-Huffman block holding only its end. */
const emptyFixed = (b) => b.put(0b010, 10)

/** A non-final dynamic-Huffman block with codes for every symbol (226 8-bit and
 * 60 9-bit literal/length codes, 2 4-bit and 28 5-bit distance codes) holding
 * only its end: the most table to build per byte of stream we found. */
function fullDynamic(b) {
  b.put(0b100, 3)
  b.put(29, 5) // 286 literal/length codes
  b.put(29, 5) // 30 distance codes
  b.put(8, 4) // 12 code-length codes
  // 16 (repeat 3-6 times) gets '0'; 4, 5, 8, 9 get '100' '101' '110' '111'.
  for (const s of [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4]) b.put(s === 16 ? 1 : [4, 5, 8, 9].includes(s) ? 3 : 0, 3)
  const code = { 4: 0b001, 5: 0b101, 8: 0b011, 9: 0b111 } // reversed for LSB-first
  const run = (symbol, n) => {
    b.put(code[symbol], 3)
    n -= 1
    while (n >= 3) {
      const k = Math.min(n, 6)
      b.put(0, 1)
      b.put(k - 3, 2)
      n -= k
    }
    for (; n > 0; n--) b.put(code[symbol], 3)
  }
  run(8, 226)
  run(9, 60)
  run(4, 2)
  run(5, 28)
  // End of block: 9-bit code 482 (9-bit codes start at 226 * 2), reversed.
  b.put(parseInt((482).toString(2).padStart(9, '0').split('').reverse().join(''), 2), 9)
}

function adler32(data) {
  let a = 1
  let b = 0
  for (const x of data) {
    a = (a + x) % 65521
    b = (b + a) % 65521
  }
  return ((b << 16) | a) >>> 0
}

/** As many `block`s as fit in a token at the text cap, then `content` stored. */
function padded(content, block) {
  const room = Math.floor((LIMITS.tokenChars - 3) / 4) * 3
  const probe = new Bits()
  block(probe)
  const per = probe.bits - 16
  const b = new Bits()
  while (Math.floor((b.bits + per) / 8) + 10 + content.length <= room) block(b)
  b.put(1, 3) // final, stored
  if (b.n) b.put(0, 8 - b.n)
  const trailer = Buffer.alloc(4)
  trailer.writeUInt32BE(adler32(content))
  return wrap(Buffer.concat([Buffer.from(b.out), u16(content.length), u16(~content.length & 0xffff), content, trailer]))
}

function rtm2(resources, name) {
  const parts = [u16(8), map([[1, 600]]), bytes('user'), u16(resources.length)]
  for (const [resource, perms] of resources) {
    parts.push(u16(resource), u16(perms.length))
    for (const [permission, names] of perms) parts.push(u16(permission), u16(names), ...Array.from({ length: names }, () => bytes(name)))
  }
  return Buffer.concat(parts)
}

/**
 * Every hostile shape, as `{ name, token, expect }` where `expect` is
 * 'refused' or `{ services, privileges, names }` counted over the parse.
 * Another `salt` gives other tokens of the same shapes and cost (a token
 * parsed twice in a row is parsed once).
 */
export function hostileTokens({ salt = 7 } = {}) {
  const { tokenChars, content, services, entries } = LIMITS
  const token007 = (count, services) => wrap(deflateSync(content007(count, services, salt)))
  const token006 = (privileges) => legacy006(privileges, salt)
  const normal = normalContent(salt)
  const normalShape = { services: 2, privileges: 5, names: 0 }
  const fpa = Buffer.from([4, 0, 0, 0])
  const per = entries / services
  const descending = (n) => Array.from({ length: n }, (_, i) => [n - 1 - i, i])
  const around = content007(1, rtc([[1, 0]], '', '1'), salt).length
  const long = 'x'.repeat(Math.floor((content - 100 - (8 + 6 * per) * services) / services / 2))
  const pairs = Math.floor((entries - 1) / 10)
  // The entry budget binds before the text cap: 256 privileges are ~2,200 characters.
  const fit006 = entries
  return [
    { name: '16 MiB of text', token: `007${'A'.repeat((16 << 20) + salt)}`, expect: 'refused' },
    { name: 'a normal token padded past the cap', token: normalToken(salt) + 'A'.repeat(tokenChars), expect: 'refused' },
    { name: 'text at the cap, not zlib', token: `007${'A'.repeat(tokenChars - 3)}`, expect: 'refused' },
    { name: 'empty fixed blocks, then a normal token', token: padded(normal, emptyFixed), expect: normalShape },
    { name: 'full dynamic blocks, then a normal token', token: padded(normal, fullDynamic), expect: normalShape },
    { name: 'zlib bomb, one byte over 64 KiB', token: wrap(deflateSync(Buffer.alloc(content + 1))), expect: 'refused' },
    {
      name: '64 KiB of content, one long channel',
      token: token007(1, rtc([[1, 0]], 'a'.repeat(content - around), '1')),
      expect: { services: 1, privileges: 1, names: 0 },
    },
    { name: '65535 services declared', token: token007(65535, Buffer.concat(Array(16000).fill(fpa))), expect: 'refused' },
    { name: 'one service over the cap', token: token007(services + 1, Buffer.concat(Array(services + 1).fill(fpa))), expect: 'refused' },
    {
      name: 'the most services and privileges (descending), 60 KiB of strings',
      token: token007(services, Buffer.concat(Array(services).fill(rtc(descending(per), long, long)))),
      expect: { services, privileges: entries, names: 0 },
    },
    {
      name: 'the most services and privileges (descending)',
      token: token007(services, Buffer.concat(Array(services).fill(rtc(descending(per), '', '')))),
      expect: { services, privileges: entries, names: 0 },
    },
    {
      name: 'the most privileges (descending)',
      token: token007(1, rtc(descending(entries), 'c', 'u')),
      expect: { services: 1, privileges: entries, names: 0 },
    },
    { name: 'one privilege over the budget', token: token007(1, rtc(descending(entries + 1), 'c', 'u')), expect: 'refused' },
    {
      name: 'one privilege repeated up to the budget',
      token: token007(1, rtc(Array(entries).fill([1, 5]), 'c', 'u')),
      expect: { services: 1, privileges: 1, names: 0 },
    },
    {
      name: 'RTM2, the most names, of 120 bytes',
      token: token007(1, rtm2([[0, [[0, entries - 3]]]], 'n'.repeat(120))),
      expect: { services: 1, privileges: 1, names: entries - 3 },
    },
    { name: 'RTM2, one empty name more', token: token007(1, rtm2([[0, [[0, entries - 2]]]], '')), expect: 'refused' },
    {
      // Each resource type charges 1 + 2 + 2 entries, the login privilege 1.
      name: 'RTM2, resource types descending, each twice',
      token: token007(
        1,
        rtm2(
          Array.from({ length: 2 * pairs }, (_, k) => [
            200 - (k >> 1),
            [
              [1, 1],
              [0, 1],
            ],
          ]),
          'ch',
        ),
      ),
      expect: { services: 1, privileges: 1, names: 4 * pairs },
    },
    { name: '006, the most privileges (descending)', token: token006(descending(fit006)), expect: { services: 0, privileges: fit006, names: 0 } },
    { name: '006, one privilege over the budget', token: token006(descending(fit006 + 1)), expect: 'refused' },
  ]
}

/** A 006 token signed for channel "c" and uid "" (the any-user wildcard). */
function legacy006(privileges, salt) {
  const message = Buffer.concat([u32(salt), u32(ISSUE_TS), map(privileges)])
  const signature = hmac(CERT, Buffer.concat([Buffer.from(APP_ID), Buffer.from('c'), message]))
  const body = Buffer.concat([bytes(signature), u32(crc32('c')), u32(crc32('')), bytes(message)])
  return `006${APP_ID}${body.toString('base64')}`
}

/** CRC-32 (IEEE), bitwise: a few bytes per token. */
function crc32(s) {
  let c = 0xffffffff
  for (const x of Buffer.from(s)) {
    c ^= x
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1
  }
  return (c ^ 0xffffffff) >>> 0
}
