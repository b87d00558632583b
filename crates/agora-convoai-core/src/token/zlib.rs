//! The zlib (RFC 1950) wrapper of AccessToken2 content.
//!
//! Compression is a small hand-written deflate encoder: greedy LZ77 over a
//! hash-chain matcher, emitted as one fixed-Huffman block (RFC 1951 §3.2.6).
//! Why not a general deflate library: token content is a few hundred bytes,
//! where zlib itself picks fixed Huffman codes anyway, and a general encoder
//! spends most of its time resetting 64 KB of state per token (measured 8 µs
//! for system zlib vs under 1 µs here). This encoder is pure Rust, so the same
//! inputs give the same token on every platform, and it still finds the
//! repeats that matter (an account packed in both the RTC and RTM services),
//! keeping tokens within a few bytes of zlib level 6.
//!
//! Decompression is [`inflate`] with a hard cap on the output so a zlib bomb
//! cannot exhaust memory.

use crate::error::{Error, Result};
use crate::token::deflate_tables::{DIST_BASE, DIST_EXTRA, LENGTH_BASE, LENGTH_EXTRA};
use crate::token::inflate;

/// zlib header: deflate, 32 KB window, "default compression" level hint. The
/// level bits are informational (RFC 1950 §2.2); `78 9c` keeps the familiar
/// `007eJ` token prefix.
const ZLIB_HEADER: [u8; 2] = [0x78, 0x9c];
const MIN_MATCH: usize = 3;
const MAX_MATCH: usize = 258;
const WINDOW: usize = 32 * 1024;
const HASH_BITS: u32 = 10;
const MAX_CHAIN: usize = 32;
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
    let mut out = BitWriter::with_capacity(data.len() + 16);
    out.bytes.extend_from_slice(&ZLIB_HEADER);
    let fixed = fixed_huffman_block(data, out);
    let mut bytes = if fixed.bytes.len() <= stored_len(data.len()) {
        fixed.bytes
    } else {
        // Incompressible input (unusual for tokens): stored blocks never grow
        // the data by more than 5 bytes per 64 KB.
        stored_blocks(data)
    };
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

fn stored_blocks(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(stored_len(data.len()) + 4);
    out.extend_from_slice(&ZLIB_HEADER);
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
    out
}

pub fn adler32(data: &[u8]) -> u32 {
    const MOD: u32 = 65521;
    let (mut a, mut b) = (1u32, 0u32);
    // 5552 is the largest run that cannot overflow u32 before the modulo.
    for chunk in data.chunks(5552) {
        for &byte in chunk {
            a += u32::from(byte);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}

/// LSB-first bit packer (deflate's bit order).
struct BitWriter {
    bytes: Vec<u8>,
    acc: u64,
    nbits: u32,
}

impl BitWriter {
    fn with_capacity(n: usize) -> Self {
        Self {
            bytes: Vec::with_capacity(n),
            acc: 0,
            nbits: 0,
        }
    }
    /// Appends `n` <= 25 bits; whole 32-bit words are flushed at once.
    fn bits(&mut self, value: u32, n: u32) {
        self.acc |= u64::from(value) << self.nbits;
        self.nbits += n;
        if self.nbits >= 32 {
            self.bytes
                .extend_from_slice(&(self.acc as u32).to_le_bytes());
            self.acc >>= 32;
            self.nbits -= 32;
        }
    }
    /// A fixed-Huffman literal/length symbol.
    fn symbol(&mut self, symbol: usize) {
        let (code, len) = LIT_LEN_CODES.get(symbol).copied().unwrap_or_default();
        self.bits(u32::from(code), u32::from(len));
    }
    fn finish(mut self) -> Self {
        while self.nbits > 0 {
            self.bytes.push(self.acc as u8);
            self.acc >>= 8;
            self.nbits = self.nbits.saturating_sub(8);
        }
        self
    }
}

// Const evaluation checks these indexes at compile time.
#[allow(clippy::indexing_slicing)]
/// Fixed literal/length codes (RFC 1951 §3.2.6), already bit-reversed for
/// the LSB-first writer: `(reversed code, length)` by symbol. Reversing at
/// run time cost a fifth of the encoder's time.
const LIT_LEN_CODES: [(u16, u8); 288] = {
    let mut table = [(0u16, 0u8); 288];
    let mut symbol = 0u32;
    while symbol < 288 {
        let (code, len) = match symbol {
            0..=143 => (0x30 + symbol, 8),
            144..=255 => (0x190 + symbol - 144, 9),
            256..=279 => (symbol - 256, 7),
            _ => (0xC0 + symbol - 280, 8),
        };
        table[symbol as usize] = ((code.reverse_bits() >> (32 - len)) as u16, len as u8);
        symbol += 1;
    }
    table
};

#[allow(clippy::indexing_slicing)]
/// Fixed distance codes (5 bits each), bit-reversed.
const DIST_CODES: [u8; 30] = {
    let mut table = [0u8; 30];
    let mut d = 0;
    while d < 30 {
        table[d] = ((d as u32).reverse_bits() >> 27) as u8;
        d += 1;
    }
    table
};

/// Index of the last table entry whose base is <= value.
fn bucket(table: &[u16], value: usize) -> usize {
    table.partition_point(|&base| usize::from(base) <= value) - 1
}

#[allow(clippy::indexing_slicing)] // `bucket` returns an index into the table it searched
fn emit_match(out: &mut BitWriter, len: usize, dist: usize) {
    let li = bucket(&LENGTH_BASE, len);
    out.symbol(257 + li);
    out.bits(
        (len - usize::from(LENGTH_BASE[li])) as u32,
        u32::from(LENGTH_EXTRA[li]),
    );
    let di = bucket(&DIST_BASE, dist);
    out.bits(
        u32::from(DIST_CODES.get(di).copied().unwrap_or_default()),
        5,
    );
    out.bits(
        (dist - usize::from(DIST_BASE[di])) as u32,
        u32::from(DIST_EXTRA[di]),
    );
}

#[allow(clippy::indexing_slicing)] // callers check i + MIN_MATCH <= data.len()
fn hash3(data: &[u8], i: usize) -> usize {
    let v = u32::from(data[i]) | u32::from(data[i + 1]) << 8 | u32::from(data[i + 2]) << 16;
    (v.wrapping_mul(0x9E37_79B1) >> (32 - HASH_BITS)) as usize
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

/// Hash-chain heads, kept per thread between calls: clearing a fresh 4 KB
/// table was a quarter of compressing a token. Entries are stamped with a
/// base that grows by each input's length, so old entries read as empty.
struct Heads {
    table: [u32; 1 << HASH_BITS],
    base: u32,
    prev: Vec<u32>,
}

impl Heads {
    const fn new() -> Self {
        Self {
            table: [0; 1 << HASH_BITS],
            base: 0,
            prev: Vec::new(),
        }
    }
    /// Makes room for `len` more stamps, clearing the table on wrap-around.
    fn start(&mut self, len: usize) {
        let fits = u32::try_from(len)
            .ok()
            .and_then(|len| self.base.checked_add(len)?.checked_add(1));
        if fits.is_none() {
            self.table.fill(0);
            self.base = 0;
        }
    }
}

fn fixed_huffman_block(data: &[u8], out: BitWriter) -> BitWriter {
    use std::cell::RefCell;
    thread_local! {
        static HEADS: RefCell<Heads> = const { RefCell::new(Heads::new()) };
    }
    match HEADS.try_with(|h| h.try_borrow_mut().is_ok()) {
        Ok(true) => HEADS.with_borrow_mut(|heads| fixed_huffman_block_with(data, out, heads)),
        _ => fixed_huffman_block_with(data, out, &mut Heads::new()),
    }
}

#[allow(clippy::indexing_slicing)] // every index is below data.len(), checked by the loop bounds
fn fixed_huffman_block_with(data: &[u8], mut out: BitWriter, heads: &mut Heads) -> BitWriter {
    out.bits(1, 1); // BFINAL
    out.bits(1, 2); // BTYPE = 01, fixed Huffman
    heads.start(data.len());
    let base = heads.base;
    // head[h] = base + 1 + last position with hash h; prev chains older
    // ones. Anything at or below `base` is from an earlier call (or empty).
    // Positions are inserted in ascending order, so prev[i] is pushed
    // rather than zeroed up front; its buffer is reused across calls.
    let mut prev = std::mem::take(&mut heads.prev);
    prev.clear();
    let head = &mut heads.table;
    let insert = |i: usize, h: usize, head: &mut [u32], prev: &mut Vec<u32>| {
        prev.push(head[h]);
        head[h] = base + i as u32 + 1;
    };
    let mut i = 0;
    while i < data.len() {
        let (mut best_len, mut best_dist) = (0, 0);
        // Every position but the last two is hashed once, here or in the
        // match loop below.
        let h = (i + MIN_MATCH <= data.len()).then(|| hash3(data, i));
        if let Some(h) = h {
            let max_len = (data.len() - i).min(MAX_MATCH);
            let mut candidate = head[h];
            let mut chain = 0;
            while candidate > base && chain < MAX_CHAIN {
                let j = (candidate - base) as usize - 1;
                if i - j > WINDOW {
                    break;
                }
                let len = common_prefix(&data[j..], &data[i..i + max_len]);
                if len > best_len {
                    (best_len, best_dist) = (len, i - j);
                    if len == max_len {
                        break;
                    }
                }
                candidate = prev[j];
                chain += 1;
            }
            insert(i, h, head, &mut prev);
        }
        if best_len >= MIN_MATCH {
            emit_match(&mut out, best_len, best_dist);
            for k in i + 1..i + best_len {
                if k + MIN_MATCH <= data.len() {
                    insert(k, hash3(data, k), head, &mut prev);
                }
            }
            i += best_len;
        } else {
            out.symbol(usize::from(data[i]));
            i += 1;
        }
    }
    heads.prev = prev;
    out.symbol(256);
    heads.base = base + data.len() as u32;
    out.finish()
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

    #[test]
    fn output_does_not_depend_on_earlier_calls() {
        let token = b"970CA35de60c44645bbae8a215061b33 user-1 user-1 user-1";
        let fresh = fixed_huffman_block_with(token, BitWriter::with_capacity(0), &mut Heads::new());
        compress(&token.repeat(40));
        compress(b"user-1 970CA35de60c44645bbae8a215061b33");
        let mut wrapping = Heads::new();
        wrapping.base = u32::MAX - 10;
        wrapping.start(token.len());
        for heads in [&mut wrapping, &mut Heads::new()] {
            let again = fixed_huffman_block_with(token, BitWriter::with_capacity(0), heads);
            assert_eq!(again.bytes, fresh.bytes);
        }
        assert_eq!(compress(token), {
            let mut out = ZLIB_HEADER.to_vec();
            out.extend_from_slice(&fresh.bytes);
            out.extend_from_slice(&adler32(token).to_be_bytes());
            out
        });
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
