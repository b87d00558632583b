// Deterministic random inputs over the whole valid domain of the builders.
export const AGORA_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !#$%&()+-:;<=.>?@[]^_{}|~,'

/** Small seeded PRNG (mulberry32) so failures reproduce. */
export function rng(seed) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min, max) => min + Math.floor(next() * (max - min + 1))
  const pick = (list) => list[int(0, list.length - 1)]
  const text = (alphabet, min, max) => {
    let s = ''
    for (let n = int(min, max); n > 0; n--) s += alphabet[int(0, alphabet.length - 1)]
    return s
  }
  const hex32 = () => text('0123456789abcdefABCDEF', 32, 32)
  const maybe = (value) => (next() < 0.5 ? value : undefined)
  return { next, int, pick, text, hex32, maybe }
}

/** Random valid options for buildRtcToken / buildRtcRtmToken. */
export function randomRtcOptions(r, { rtm = false } = {}) {
  const uidKind = r.int(0, 5)
  const uid =
    uidKind === 0
      ? 0
      : uidKind === 1
        ? 4294967295
        : uidKind === 2
          ? r.text(AGORA_CHARS, 1, 255)
          : uidKind === 3
            ? r.text(AGORA_CHARS, 1, 12)
            : r.int(1, 4294967294)
  const tokenExpire = r.int(1, 86400)
  const o = {
    appId: r.hex32(),
    appCertificate: r.hex32(),
    channelName: r.text(AGORA_CHARS, 1, 63),
    uid,
    role: r.maybe(r.pick(['publisher', 'subscriber'])),
    tokenExpire: r.maybe(tokenExpire),
    privilegeExpire: r.maybe(r.int(0, 86400)),
    issueTs: r.int(1_000_000_000, 2_000_000_000),
    salt: r.int(1, 99999999),
  }
  if (r.next() < 0.3) {
    for (const k of ['joinChannelExpire', 'publishAudioExpire', 'publishVideoExpire', 'publishDataExpire']) {
      o[k] = r.maybe(r.int(0, 86400))
    }
    o.joinChannelExpire ??= r.int(0, 86400)
  }
  if (rtm) {
    o.rtmUserId = r.maybe(r.text(AGORA_CHARS, 1, 64))
    o.rtmTokenExpire = r.maybe(r.int(0, 86400))
    o.convoai = r.maybe(r.next() < 0.5)
  }
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k]
  return o
}
