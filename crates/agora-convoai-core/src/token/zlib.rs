//! The zlib (RFC 1950) wrapper of AccessToken2 content.
//!
//! Compression is a small hand-written deflate encoder: greedy LZ77 over a
//! hash-chain matcher, emitted as one fixed-Huffman block (RFC 1951 §3.2.6).
//! Why not a general deflate library: token content is a few hundred bytes,
//! where zlib itself picks fixed Huffman codes anyway, and a general encoder
//! spends most of its time resetting 64 KB of state per token (measured 8 µs
//! for system zlib vs well under 1 µs here). This encoder is pure Rust, so the
//! same inputs give the same token on every platform, and it still finds the
//! repeats that matter (an account packed in both the RTC and RTM services),
//! keeping tokens within a few bytes of zlib level 6.
//!
//! Decompression is [`inflate`] with a hard cap on the output so a zlib bomb
//! cannot exhaust memory.

use crate::error::{Error, Result};
use crate::token::deflate_tables::{LENGTH_BASE, LENGTH_EXTRA};
use crate::token::inflate;
use std::cell::RefCell;

/// zlib header: deflate, 32 KB window, "default compression" level hint. The
/// level bits are informational (RFC 1950 §2.2); `78 9c` keeps the familiar
/// `007eJ` token prefix.
const ZLIB_HEADER: [u8; 2] = [0x78, 0x9c];
const MIN_MATCH: usize = 3;
const MAX_MATCH: usize = 258;
/// Match window of the fixed-Huffman encoder. Tokens are a few hundred bytes;
/// a 4 KB ring of chain links stays in L1 cache and never needs clearing.
const WINDOW: usize = 4096;
const HASH_BITS: u32 = 10;
const MAX_CHAIN: usize = 32;
/// Positions of a match that are linked into the hash chains.
const MAX_INSERT: usize = 8;
/// Largest content we inflate: the biggest token a builder could emit is far
/// below this, and it bounds the memory a hostile token can make us allocate.
pub const MAX_INFLATED: u64 = 1 << 20;

/// Content longer than this also gets a general deflate pass with dynamic
/// Huffman codes. Short content (a numeric uid, a short account) gains
/// nothing from code tables that cost ~60 bytes to describe; long accounts
/// (up to 255 bytes, packed twice with RTM) do: their letters need 4-6 bits,
/// not fixed Huffman's 8.
const DYNAMIC_HUFFMAN_FROM: usize = 256;

/// Compresses `data` into a zlib stream: the smallest of a fixed-Huffman
/// block, stored blocks and (for long content) flate2's miniz_oxide at level 6.
/// All three are pure Rust, so the output is the same on every platform.
pub fn compress(data: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(ZLIB_HEADER.len() + fixed_huffman_bound(data.len()) + 4);
    bytes.extend_from_slice(&ZLIB_HEADER);
    if !fixed_huffman_block(data, &mut bytes) || bytes.len() > stored_len(data.len()) {
        // Incompressible input (unusual for tokens): stored blocks never grow
        // the data by more than 5 bytes per 64 KB.
        bytes.truncate(ZLIB_HEADER.len());
        stored_blocks(data, &mut bytes);
    }
    bytes.extend_from_slice(&adler32(data).to_be_bytes());
    if data.len() > DYNAMIC_HUFFMAN_FROM {
        if let Some(general) = general_deflate(data).filter(|g| g.len() < bytes.len()) {
            return general;
        }
    }
    bytes
}

/// Inflates a zlib stream, refusing output above `MAX_INFLATED` bytes, a
/// wrong Adler-32 and trailing bytes after the stream.
pub fn decompress(data: &[u8]) -> Result<Vec<u8>> {
    let corrupt = || Error::invalid_token("token is not a valid zlib stream");
    let (&cmf, &flg) = data.first().zip(data.get(1)).ok_or_else(corrupt)?;
    // Deflate, window <= 32 KB, header checksum, no preset dictionary (RFC 1950 §2.2).
    if cmf & 0x0F != 8
        || cmf >> 4 > 7
        || (u16::from(cmf) << 8 | u16::from(flg)) % 31 != 0
        || flg & 0x20 != 0
    {
        return Err(corrupt());
    }
    let body = data.get(2..).unwrap_or_default();
    let (out, used) = inflate::inflate(body, MAX_INFLATED as usize)?;
    let trailer = body.get(used..used + 4).ok_or_else(corrupt)?;
    if trailer != adler32(&out).to_be_bytes() {
        return Err(corrupt());
    }
    if body.len() != used + 4 {
        return Err(Error::invalid_token(
            "trailing bytes after the token's zlib stream",
        ));
    }
    Ok(out)
}

/// flate2 on its pure-Rust miniz_oxide backend, level 6.
fn general_deflate(data: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(data.len()),
        flate2::Compression::new(6),
    );
    encoder.write_all(data).ok()?;
    encoder.finish().ok()
}

fn stored_len(n: usize) -> usize {
    ZLIB_HEADER.len() + n + 5 * n.div_ceil(0xFFFF).max(1)
}

fn stored_blocks(data: &[u8], out: &mut Vec<u8>) {
    out.reserve(stored_len(data.len()) + 4);
    let mut chunks = data.chunks(0xFFFF).peekable();
    if chunks.peek().is_none() {
        out.extend_from_slice(&[1, 0, 0, 0xFF, 0xFF]);
    }
    while let Some(chunk) = chunks.next() {
        let last = u8::from(chunks.peek().is_none());
        let len = chunk.len() as u16;
        out.push(last);
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(chunk);
    }
}

pub fn adler32(data: &[u8]) -> u32 {
    const MOD: u32 = 65521;
    // Eight bytes as four 16-bit lanes: x0 x2 x4 x6 (even) and x1 x3 x5 x7.
    const LOW_BYTES: u64 = 0x00FF_00FF_00FF_00FF;
    // Multiplying lanes by these sums them into the top lane with weights
    // 8 6 4 2 (even) and 7 5 3 1 (odd); no lane exceeds 16 bits, so no carry
    // crosses lanes. `ONES` sums the lanes unweighted.
    const EVEN_WEIGHTS: u64 = 2 | 4 << 16 | 6 << 32 | 8 << 48;
    const ODD_WEIGHTS: u64 = 1 | 3 << 16 | 5 << 32 | 7 << 48;
    const ONES: u64 = 0x0001_0001_0001_0001;
    let (mut a, mut b) = (1u32, 0u32);
    // 5552 is the largest run that cannot overflow u32 before the modulo.
    for run in data.chunks(5552) {
        // Per 8 bytes x0..x7, `b += a` eight times adds 8·a + 8·x0 + 7·x1
        // + … + 1·x7: the byte-serial loop in one step, without its chain
        // of dependent additions.
        let mut words = run.chunks_exact(8);
        for word in &mut words {
            let v = u64::from_le_bytes(word.try_into().unwrap_or_default());
            let (even, odd) = (v & LOW_BYTES, (v >> 8) & LOW_BYTES);
            let sum = ((even + odd).wrapping_mul(ONES) >> 48) as u32;
            let weighted =
                (even.wrapping_mul(EVEN_WEIGHTS) >> 48) + (odd.wrapping_mul(ODD_WEIGHTS) >> 48);
            b += 8 * a + weighted as u32;
            a += sum;
        }
        for &byte in words.remainder() {
            a += u32::from(byte);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}

/// Upper bound of the block [`fixed_huffman_block`] writes for `n` bytes.
/// No symbol costs more than 9 bits a byte: a literal is 8 or 9 bits, and a
/// match of length 3 within [`WINDOW`] at most 7 + 5 + 10 bits.
fn fixed_huffman_bound(n: usize) -> usize {
    (3 + 9 * n + 7).div_ceil(8) + 4
}

/// LSB-first bit packer (deflate's bit order) over a buffer sized up front,
/// so writing never checks capacity or reallocates.
struct BitWriter<'a> {
    buf: &'a mut [u8],
    pos: usize,
    acc: u64,
    nbits: u32,
}

impl<'a> BitWriter<'a> {
    fn new(buf: &'a mut [u8]) -> Self {
        Self {
            buf,
            pos: 0,
            acc: 0,
            nbits: 0,
        }
    }
    /// Appends `n` <= 32 bits; whole 32-bit words move to `buf` at once.
    #[inline(always)]
    fn bits(&mut self, value: u32, n: u32) {
        self.acc |= u64::from(value) << self.nbits;
        self.nbits += n;
        if self.nbits >= 32 {
            if let Some(word) = self.buf.get_mut(self.pos..self.pos + 4) {
                word.copy_from_slice(&(self.acc as u32).to_le_bytes());
            }
            self.pos += 4;
            self.acc >>= 32;
            self.nbits -= 32;
        }
    }
    /// Writes the pending bits, padded to a byte; returns the bytes written.
    fn finish(mut self) -> usize {
        while self.nbits > 0 {
            if let Some(byte) = self.buf.get_mut(self.pos) {
                *byte = self.acc as u8;
            }
            self.pos += 1;
            self.acc >>= 8;
            self.nbits = self.nbits.saturating_sub(8);
        }
        self.pos
    }
}

/// `(bit-reversed code, length)` of fixed-Huffman literal/length symbol `s`
/// (RFC 1951 §3.2.6), reversed for the LSB-first writer.
const fn fixed_code(s: u32) -> (u32, u32) {
    let (code, len) = match s {
        0..=143 => (0x30 + s, 8),
        144..=255 => (0x190 + s - 144, 9),
        256..=279 => (s - 256, 7),
        _ => (0xC0 + s - 280, 8),
    };
    (code.reverse_bits() >> (32 - len), len)
}

// Const evaluation checks these indexes at compile time.
#[allow(clippy::indexing_slicing)]
/// Literal codes as `code | length << 16`, one load per byte.
const LITERALS: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut byte = 0;
    while byte < 256 {
        let (code, len) = fixed_code(byte as u32);
        table[byte] = code | len << 16;
        byte += 1;
    }
    table
};

#[allow(clippy::indexing_slicing)]
/// Match lengths 0..=258 as `(symbol code with its extra bits, bit count)`:
/// a length is one write. Entries below MIN_MATCH are unused.
const LENGTHS: [(u32, u8); MAX_MATCH + 1] = {
    let mut table = [(0u32, 0u8); MAX_MATCH + 1];
    let mut bucket = 0;
    while bucket < LENGTH_BASE.len() {
        let base = LENGTH_BASE[bucket] as usize;
        let extra = LENGTH_EXTRA[bucket] as u32;
        let (code, len) = fixed_code(257 + bucket as u32);
        let mut length = base;
        while length < base + (1 << extra) && length <= MAX_MATCH {
            table[length] = (code | ((length - base) as u32) << len, (len + extra) as u8);
            length += 1;
        }
        bucket += 1;
    }
    table
};

/// `(code with its extra bits, bit count)` of distance `dist` in 1..=32768.
/// Distance codes come in pairs per power of two (RFC 1951 §3.2.5), so the
/// code is twice the bit length of `dist - 1` plus its second-highest bit.
fn distance_code(dist: usize) -> (u32, u32) {
    let d = (dist - 1) as u32;
    let (code, extra) = if d < 4 {
        (d, 0)
    } else {
        let log = 31 - d.leading_zeros();
        (2 * log + (d >> (log - 1) & 1), log - 1)
    };
    // Fixed distance codes are the 5-bit code itself, bit-reversed.
    let reversed = code.reverse_bits() >> 27;
    (reversed | (d & ((1 << extra) - 1)) << 5, 5 + extra)
}

/// The 3 bytes at `data[i..]` as a hash key (in the top 24 bits), or None
/// near the end. Where a 4th byte exists, one 32-bit load replaces three
/// byte loads; shifting it out gives the same key.
#[inline(always)]
fn key_at(data: &[u8], i: usize) -> Option<u32> {
    match *data.get(i..)? {
        [a, b, c, d, ..] => Some(u32::from_le_bytes([a, b, c, d]) << 8),
        [a, b, c] => Some(u32::from_le_bytes([0, a, b, c])),
        _ => None,
    }
}

fn hash(key: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B1) >> (32 - HASH_BITS)) as usize
}

/// Length of the common prefix of `a` and `b`, eight bytes at a time.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while let (Some(x), Some(y)) = (a.get(i..i + 8), b.get(i..i + 8)) {
        let (mut wx, mut wy) = ([0u8; 8], [0u8; 8]);
        wx.copy_from_slice(x);
        wy.copy_from_slice(y);
        let diff = u64::from_le_bytes(wx) ^ u64::from_le_bytes(wy);
        if diff != 0 {
            return (i + (diff.trailing_zeros() / 8) as usize).min(n);
        }
        i += 8;
    }
    i + a
        .get(i..)
        .unwrap_or_default()
        .iter()
        .zip(b.get(i..).unwrap_or_default())
        .take_while(|(x, y)| x == y)
        .count()
}

/// Hash-chain state, kept per thread between calls: clearing a fresh table
/// per token was a quarter of compressing it. Positions are stored as
/// stamps `base + position + 1`, and `base` grows by each input's length,
/// so entries from earlier calls read as empty (at or below `base`).
struct Matcher {
    /// Newest stamp per 3-byte hash.
    head: [u32; 1 << HASH_BITS],
    /// Next older stamp with the same hash, by position modulo [`WINDOW`].
    /// Only links of this call's positions are read, so it is never cleared.
    prev: Vec<u32>,
    base: u32,
}

impl Matcher {
    const fn new() -> Self {
        Self {
            head: [0; 1 << HASH_BITS],
            prev: Vec::new(),
            base: 0,
        }
    }
    /// Makes room for `len` more stamps, clearing the table on wrap-around.
    /// False if `len` positions cannot be stamped at all.
    fn start(&mut self, len: usize) -> bool {
        self.prev.resize(WINDOW, 0);
        let fits = |base: u32| {
            u32::try_from(len)
                .ok()
                .and_then(|len| base.checked_add(len)?.checked_add(1))
                .is_some()
        };
        if !fits(self.base) {
            self.head.fill(0);
            self.base = 0;
        }
        fits(self.base)
    }
}

/// Writes the fixed-Huffman block of `data` after the zlib header in `out`;
/// false (with `out` unspecified) if `data` is too long to match.
fn fixed_huffman_block(data: &[u8], out: &mut Vec<u8>) -> bool {
    thread_local! {
        static MATCHER: RefCell<Matcher> = const { RefCell::new(Matcher::new()) };
    }
    // A fresh matcher if the thread's one is gone (thread teardown) or busy.
    MATCHER
        .try_with(|m| match m.try_borrow_mut() {
            Ok(mut matcher) => fixed_huffman_block_with(data, out, &mut matcher),
            Err(_) => fixed_huffman_block_with(data, out, &mut Matcher::new()),
        })
        .unwrap_or_else(|_| fixed_huffman_block_with(data, out, &mut Matcher::new()))
}

/// This call's view of the [`Matcher`]: positions are stamped with `base`.
struct Chains<'a> {
    head: &'a mut [u32; 1 << HASH_BITS],
    prev: &'a mut [u32; WINDOW],
    base: u32,
}

impl Chains<'_> {
    /// Links position `i`, whose 3 bytes are `key`, into its hash chain and
    /// returns the stamp of the previous position with the same hash.
    #[allow(clippy::indexing_slicing)] // the hash is below 1 << HASH_BITS, the ring index is masked
    #[inline(always)]
    fn insert(&mut self, key: u32, i: usize) -> u32 {
        let h = hash(key);
        let older = std::mem::replace(&mut self.head[h], self.base + i as u32 + 1);
        self.prev[i % WINDOW] = older;
        older
    }

    /// The longest earlier match for position `i` along the chain starting
    /// at stamp `candidate`, as `(length, distance)`; length 0 if none.
    // Not inlined: matches are rare, and inlined its state would crowd the
    // hashing loop out of registers.
    #[inline(never)]
    #[allow(clippy::indexing_slicing)] // j < i < data.len(); the ring index is masked
    fn longest_match(&self, data: &[u8], i: usize, mut candidate: u32) -> (usize, usize) {
        let ahead = &data[i..data.len().min(i + MAX_MATCH)];
        let (mut best_len, mut best_dist) = (0, 0);
        for _ in 0..MAX_CHAIN {
            if candidate <= self.base {
                break;
            }
            let j = (candidate - self.base - 1) as usize;
            if i - j >= WINDOW {
                break;
            }
            let len = common_prefix(&data[j..], ahead);
            if len > best_len {
                (best_len, best_dist) = (len, i - j);
                if len == ahead.len() {
                    break;
                }
            }
            candidate = self.prev[j % WINDOW];
        }
        (best_len, best_dist)
    }
}

impl Chains<'_> {
    /// Links positions `from..` into their chains up to the first one with
    /// an earlier match of at least MIN_MATCH bytes: `(position, length,
    /// distance)`. Kept apart from emitting so both loops stay in registers.
    fn next_match(&mut self, data: &[u8], from: usize) -> Option<(usize, usize, usize)> {
        // Every position but the last has a 4th byte: one 32-bit load each.
        let words = data.get(from..).unwrap_or_default().windows(4);
        for (i, w) in (from..).zip(words) {
            let key = u32::from_le_bytes(w.try_into().unwrap_or_default()) << 8;
            if let Some(found) = self.probe(data, i, key) {
                return Some(found);
            }
        }
        let last = data.len().checked_sub(MIN_MATCH)?;
        let key = key_at(data, last).filter(|_| last >= from)?;
        self.probe(data, last, key)
    }

    /// Links position `i` and looks for an earlier match there.
    #[inline(always)]
    fn probe(&mut self, data: &[u8], i: usize, key: u32) -> Option<(usize, usize, usize)> {
        let candidate = self.insert(key, i);
        if candidate <= self.base {
            return None;
        }
        // Most hits in a short input are hash collisions: rejecting them
        // here is cheaper than a chain walk. (A true match further down a
        // chain whose head collided is lost; in token-sized inputs that is
        // rare and costs a few bits.)
        let j = (candidate - self.base - 1) as usize;
        if key_at(data, j) != Some(key) {
            return None;
        }
        let (len, dist) = self.longest_match(data, i, candidate);
        (len >= MIN_MATCH).then_some((i, len, dist))
    }
}

/// Greedy LZ77 over `data` into one fixed-Huffman block appended to `out`.
fn fixed_huffman_block_with(data: &[u8], out: &mut Vec<u8>, matcher: &mut Matcher) -> bool {
    if !matcher.start(data.len()) {
        return false;
    }
    let Some(prev) = matcher
        .prev
        .get_mut(..WINDOW)
        .and_then(|p| p.try_into().ok())
    else {
        return false;
    };
    let mut chains = Chains {
        head: &mut matcher.head,
        prev,
        base: matcher.base,
    };
    let start = out.len();
    out.resize(start + fixed_huffman_bound(data.len()), 0);
    let mut bits = BitWriter::new(out.get_mut(start..).unwrap_or_default());
    bits.bits(0b011, 3); // BFINAL, BTYPE = 01 (fixed Huffman)
    let mut i = 0; // next byte to emit
    while let Some((at, len, dist)) = chains.next_match(data, i) {
        literals(&mut bits, data.get(i..at).unwrap_or_default());
        let (code, n) = LENGTHS.get(len).copied().unwrap_or_default();
        bits.bits(code, u32::from(n));
        let (code, n) = distance_code(dist);
        bits.bits(code, n);
        // Link the first positions inside the match too, so later repeats
        // starting there are found; past those, a repeat of this stretch
        // is found from its first copy anyway.
        for k in at + 1..at + len.min(MAX_INSERT) {
            if let Some(key) = key_at(data, k) {
                chains.insert(key, k);
            }
        }
        i = at + len;
    }
    literals(&mut bits, data.get(i..).unwrap_or_default());
    let (end_code, end_len) = fixed_code(256);
    bits.bits(end_code, end_len);
    let len = bits.finish();
    out.truncate(start + len);
    matcher.base += data.len() as u32;
    true
}

/// Emits `run` as literals, two per write: joined codes are at most 18
/// bits, and one flush check per pair instead of per byte.
#[allow(clippy::indexing_slicing)] // LITERALS has an entry per byte value; pairs have 2 bytes
fn literals(bits: &mut BitWriter, run: &[u8]) {
    let mut pairs = run.chunks_exact(2);
    for pair in &mut pairs {
        let first = LITERALS[usize::from(pair[0])];
        let second = LITERALS[usize::from(pair[1])];
        let first_len = first >> 16;
        bits.bits(
            (first & 0xFFFF) | (second & 0xFFFF) << first_len,
            first_len + (second >> 16),
        );
    }
    for &byte in pairs.remainder() {
        let code = LITERALS[usize::from(byte)];
        bits.bits(code & 0xFFFF, code >> 16);
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    fn inflate_ok(data: &[u8]) {
        let z = compress(data);
        assert_eq!(&z[..2], &ZLIB_HEADER);
        assert_eq!(decompress(&z).as_deref(), Ok(data), "len {}", data.len());
    }

    #[test]
    fn round_trips_edge_cases() {
        inflate_ok(b"");
        inflate_ok(b"a");
        inflate_ok(b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        inflate_ok(&[0xFFu8; 1000]);
        inflate_ok(&(0..=255u8).collect::<Vec<_>>());
        let long: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        inflate_ok(&long);
    }

    #[test]
    fn round_trips_random_and_repetitive_data() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        for _ in 0..3000 {
            let n = rng.gen_range(0..1200);
            let alphabet = rng.gen_range(1..=256u32);
            let mut data: Vec<u8> = (0..n).map(|_| (rng.gen_range(0..alphabet)) as u8).collect();
            if n > 20 {
                // splice in copies of earlier runs, like an account packed twice
                let from = rng.gen_range(0..n / 2);
                let len = rng.gen_range(1..(n - from).min(300));
                let copy = data[from..from + len].to_vec();
                data.extend_from_slice(&copy);
            }
            inflate_ok(&data);
        }
    }

    fn fresh_block(data: &[u8], matcher: &mut Matcher) -> Vec<u8> {
        let mut out = Vec::new();
        assert!(fixed_huffman_block_with(data, &mut out, matcher));
        out
    }

    #[test]
    fn output_does_not_depend_on_earlier_calls() {
        let token = b"970CA35de60c44645bbae8a215061b33 user-1 user-1 user-1";
        let fresh = fresh_block(token, &mut Matcher::new());
        compress(&token.repeat(40));
        compress(b"user-1 970CA35de60c44645bbae8a215061b33");
        let mut wrapping = Matcher::new();
        wrapping.base = u32::MAX - 10;
        for matcher in [&mut wrapping, &mut Matcher::new()] {
            assert_eq!(fresh_block(token, matcher), fresh);
        }
        assert_eq!(compress(token), {
            let mut out = ZLIB_HEADER.to_vec();
            out.extend_from_slice(&fresh);
            out.extend_from_slice(&adler32(token).to_be_bytes());
            out
        });
    }

    #[test]
    fn finds_a_repeat_across_the_whole_window() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(5);
        let account: Vec<u8> = (0..40).map(|_| rng.gen_range(b'a'..=b'b')).collect();
        // Letters and digits: 8-bit fixed codes, so about a byte each.
        let filler: Vec<u8> = (0..WINDOW - 41)
            .map(|_| rng.gen_range(b'0'..=b'z'))
            .collect();
        let data = [&account[..], &filler, &account].concat();
        let z = compress(&data);
        // The second copy costs one match, not 40 literals.
        assert!(z.len() + 30 < data.len(), "{} of {}", z.len(), data.len());
        inflate_ok(&data);
    }

    #[test]
    fn distance_codes_match_the_rfc_tables() {
        use crate::token::deflate_tables::{DIST_BASE, DIST_EXTRA};
        for dist in 1..=32768 {
            let code = DIST_BASE.partition_point(|&base| usize::from(base) <= dist) - 1;
            let extra = (dist - usize::from(DIST_BASE[code])) as u32;
            let reversed = (code as u32).reverse_bits() >> 27;
            let expected = (reversed | extra << 5, 5 + u32::from(DIST_EXTRA[code]));
            assert_eq!(distance_code(dist), expected, "distance {dist}");
        }
    }

    #[test]
    fn adler32_matches_the_bytewise_definition() {
        let data: Vec<u8> = (0..20_000u32).map(|i| (i * 7 + i / 13) as u8).collect();
        for n in [0, 1, 15, 16, 17, 100, 5551, 5552, 5553, 20_000] {
            let (mut a, mut b) = (1u64, 0u64);
            for &byte in &data[..n] {
                a = (a + u64::from(byte)) % 65521;
                b = (b + a) % 65521;
            }
            assert_eq!(adler32(&data[..n]), (b << 16 | a) as u32, "n {n}");
        }
    }

    #[test]
    fn falls_back_to_stored_blocks_for_incompressible_data() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        let data: Vec<u8> = (0..70_000).map(|_| rng.gen()).collect();
        let z = compress(&data);
        assert!(z.len() <= stored_len(data.len()) + 4);
        inflate_ok(&data);
    }

    /// The previous decoder (flate2/miniz_oxide), as the reference.
    fn reference(data: &[u8]) -> Option<Vec<u8>> {
        use std::io::Read;
        let mut decoder = flate2::read::ZlibDecoder::new(data);
        let mut out = Vec::new();
        (&mut decoder)
            .take(MAX_INFLATED + 1)
            .read_to_end(&mut out)
            .ok()?;
        (out.len() as u64 <= MAX_INFLATED && decoder.total_in() == data.len() as u64).then_some(out)
    }

    #[test]
    fn inflates_what_miniz_deflates_at_every_level_and_agrees_on_damage() {
        use std::io::Write;
        let mut rng = rand::rngs::StdRng::seed_from_u64(3);
        for round in 0..2000 {
            let n = rng.gen_range(0..3000);
            let alphabet = rng.gen_range(1..=256u32);
            let data: Vec<u8> = (0..n).map(|_| (rng.gen_range(0..alphabet)) as u8).collect();
            let mut e =
                flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(round % 10));
            e.write_all(&data).ok();
            let z = e.finish().unwrap_or_default();
            assert_eq!(
                decompress(&z).ok(),
                Some(data.clone()),
                "level {}",
                round % 10
            );
            let mut damaged = z.clone();
            for _ in 0..rng.gen_range(1..4) {
                let i = rng.gen_range(0..damaged.len());
                damaged[i] ^= 1 << rng.gen_range(0..8);
            }
            if rng.gen_bool(0.2) {
                damaged.truncate(rng.gen_range(0..damaged.len()));
            }
            assert_eq!(
                decompress(&damaged).ok(),
                reference(&damaged),
                "round {round}"
            );
        }
    }

    #[test]
    fn adler32_matches_known_value() {
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
        assert_eq!(adler32(b""), 1);
    }

    #[test]
    fn refuses_bombs_and_trailing_garbage() {
        let big = vec![0u8; (MAX_INFLATED + 10) as usize];
        assert!(decompress(&compress(&big)).is_err());
        let mut z = compress(b"hello");
        z.push(0);
        assert!(decompress(&z).is_err());
        assert!(decompress(b"\x78\x9c").is_err());
    }
}
