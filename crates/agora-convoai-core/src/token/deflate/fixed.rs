//! The fixed-Huffman block (RFC 1951 §3.2.6): the hot path of token
//! compression.

use super::bits::BitWriter;
use super::matcher::{extend, next_repeat, with_matcher, Matcher, Repeat};
use super::symbols::{distance_symbol, MAX_MATCH};
use super::tables::{LENGTH_BASE, LENGTH_EXTRA};

/// Upper bound of the block [`fixed_huffman_block`] writes for `n` bytes,
/// plus the slack the word-at-a-time [`BitWriter`] stores past its end.
/// No symbol costs more than 9 bits a byte: a literal is 8 or 9 bits, and a
/// match of length 3 at most 7 + 5 + 13 bits.
pub(crate) fn fixed_huffman_bound(n: usize) -> usize {
    (3 + 9 * n + 7).div_ceil(8) + 8
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
/// Match lengths 0..=258 as `symbol code with its extra bits | bit count << 16`:
/// a length is one load. Entries below 3 are unused.
const LENGTHS: [u32; MAX_MATCH + 1] = {
    let mut table = [0u32; MAX_MATCH + 1];
    let mut bucket = 0;
    while bucket < LENGTH_BASE.len() {
        let base = LENGTH_BASE[bucket] as usize;
        let extra = LENGTH_EXTRA[bucket] as u32;
        let (code, len) = fixed_code(257 + bucket as u32);
        let mut length = base;
        while length < base + (1 << extra) && length <= MAX_MATCH {
            table[length] = code | ((length - base) as u32) << len | (len + extra) << 16;
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
    let (code, value, extra) = distance_symbol(dist);
    // Fixed distance codes are the 5-bit code itself, bit-reversed.
    let reversed = code.reverse_bits() >> 27;
    (reversed | value << 5, 5 + extra)
}

/// Writes the fixed-Huffman block of `data`, greedily matched, after the
/// zlib header in `out`; false (with `out` unspecified) if `data` is too
/// long to match.
pub(crate) fn fixed_huffman_block(data: &[u8], out: &mut Vec<u8>) -> bool {
    with_matcher(|matcher| fixed_huffman_block_with(data, out, matcher))
}

/// Greedy LZ77 over `data` into one fixed-Huffman block appended to `out`.
///
/// One probe per position: the newest earlier position with the same
/// 3-byte hash, no chain walk. A match found late (the slot held a nearer,
/// shorter repeat) is extended backwards over the pending literals, so a
/// repeated stretch still costs one match.
fn fixed_huffman_block_with(data: &[u8], out: &mut Vec<u8>, matcher: &mut Matcher) -> bool {
    if !matcher.start(data.len()) {
        return false;
    }
    let base = matcher.base;
    let head = &mut matcher.head;
    let (mut bits, start) = begin(data, out);
    let mut done = 0; // next byte to emit, and to look for a repeat at
    while let (i, Some(j)) = next_repeat(data, head, base, done) {
        // The positions inside the match are not linked: a later repeat of
        // this stretch is found from its first copy.
        done = code_repeat(&mut bits, data, done, extend(data, i, j, done));
    }
    let len = end(bits, data, done);
    out.truncate(start + len);
    matcher.base += data.len() as u32;
    true
}

/// The fixed-Huffman block of `data` coded as `repeats` (in order, as the
/// lazy matcher finds them), appended to `out`.
pub(crate) fn fixed_huffman_block_of(data: &[u8], repeats: &[Repeat], out: &mut Vec<u8>) {
    let (mut bits, start) = begin(data, out);
    let done = repeats.iter().fold(0, |done, &repeat| {
        code_repeat(&mut bits, data, done, repeat)
    });
    let len = end(bits, data, done);
    out.truncate(start + len);
}

/// Room for the block of `data` at the end of `out`, and a writer there
/// with the block header written; the block's start in `out`.
fn begin<'a>(data: &[u8], out: &'a mut Vec<u8>) -> (BitWriter<'a>, usize) {
    let start = out.len();
    out.resize(start + fixed_huffman_bound(data.len()), 0);
    let mut bits = BitWriter::new(out.get_mut(start..).unwrap_or_default());
    bits.bits(0b011, 3); // BFINAL, BTYPE = 01 (fixed Huffman)
    (bits, start)
}

/// Codes the literals from `done` up to `repeat`, then `repeat`; the
/// position after it.
fn code_repeat(bits: &mut BitWriter, data: &[u8], done: usize, repeat: Repeat) -> usize {
    let Repeat { at, len, dist } = repeat;
    literals(bits, data, done, at);
    let length = LENGTHS.get(len).copied().unwrap_or_default();
    let (dist, dist_bits) = distance_code(dist);
    bits.bits(
        u64::from(length & 0xFFFF) | u64::from(dist) << (length >> 16),
        (length >> 16) + dist_bits,
    );
    at + len
}

/// Codes the literals from `done` to the end and the end of block; the
/// block's length in bytes.
fn end(mut bits: BitWriter, data: &[u8], done: usize) -> usize {
    literals(&mut bits, data, done, data.len());
    let (end_code, end_len) = fixed_code(256);
    bits.bits(u64::from(end_code), end_len);
    bits.finish()
}

/// Emits `data[from..to]` as literals, eight bytes at a time. Bytes below
/// 144 have 8-bit codes, `0x30 + byte` bit-reversed: where all bytes of a
/// word are, their codes come from the word itself, with no table or
/// length arithmetic.
#[allow(clippy::indexing_slicing)] // LITERALS has an entry per byte value
fn literals(bits: &mut BitWriter, data: &[u8], from: usize, to: usize) {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte is 144 or more iff its top bit is set and its low 7 bits are
    // 16 or more; adding 0x70 to the low 7 bits carries into bit 7 exactly
    // then, and never into the next byte.
    let wide = |x: u64| ((x & LOW7) + 0x7070_7070_7070_7070) & x & HIGH;
    // No byte of an all-narrow word carries: each is at most 143 + 0x30.
    let codes = |x: u64| {
        x.wrapping_add(0x3030_3030_3030_3030)
            .reverse_bits()
            .swap_bytes()
    };
    let run = data.get(from..to).unwrap_or_default();
    let mut words = run.chunks_exact(8);
    for word in &mut words {
        let x = u64::from_le_bytes(word.try_into().unwrap_or_default());
        if wide(x) == 0 {
            bits.word(codes(x));
        } else {
            let (first, second) = word.split_at(4);
            table_codes(bits, first);
            table_codes(bits, second);
        }
    }
    let rest = words.remainder();
    if rest.is_empty() {
        return;
    }
    // The rest, read as a whole word where `data` goes on past it: the
    // bytes past the run are masked out.
    let at = to - rest.len();
    if let Some(word) = data.get(at..at + 8) {
        let x = u64::from_le_bytes(word.try_into().unwrap_or_default());
        let keep = u64::MAX >> (64 - 8 * rest.len());
        if wide(x) & keep == 0 {
            bits.bits(codes(x) & keep, 8 * rest.len() as u32);
            return;
        }
    }
    let (first, second) = rest.split_at(rest.len().min(4));
    table_codes(bits, first);
    table_codes(bits, second);
}

/// Emits up to 4 literals (at most 36 bits) with one write.
#[allow(clippy::indexing_slicing)] // LITERALS has an entry per byte value
#[inline(always)]
fn table_codes(bits: &mut BitWriter, few: &[u8]) {
    let (mut value, mut n) = (0u64, 0u32);
    for &byte in few {
        let code = LITERALS[usize::from(byte)];
        value |= u64::from(code & 0xFFFF) << n;
        n += code >> 16;
    }
    bits.bits(value, n);
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::token::deflate::matcher::MAX_DIST;
    use crate::token::deflate::test_support::assert_block_inflates;
    use crate::token::zlib::{adler32, compress, ZLIB_HEADER};
    use rand::{Rng, SeedableRng};

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
    fn finds_repeats_up_to_the_farthest_distance() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(5);
        let account: Vec<u8> = (0..40).map(|_| rng.gen_range(b'a'..=b'z')).collect();
        for (gap, reachable) in [(MAX_DIST - 40, true), (MAX_DIST - 39, false)] {
            // One repeated byte: a few matches that leave the account's
            // table slots alone (one probe per hash, no chains).
            let once = [&account[..], &vec![b'Z'; gap]].concat();
            let twice = [&once[..], &account].concat();
            let block = fresh_block(&twice, &mut Matcher::new());
            assert_block_inflates(&block, &twice);
            // Within reach, the second copy costs one match, not 40 literals.
            let added = block.len() - fresh_block(&once, &mut Matcher::new()).len();
            assert_eq!(added < 8, reachable, "gap {gap}: {added} bytes");
        }
    }

    #[test]
    fn fixed_blocks_inflate_with_both_decoders() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(11);
        for _ in 0..3000 {
            let n = rng.gen_range(0..600);
            // Around 143/144, where literal codes go from 8 to 9 bits.
            let (low, high) = match rng.gen_range(0..4) {
                0 => (0u8, 255u8),
                1 => (136, 151),
                2 => (b'0', b'9'),
                _ => (0, 3),
            };
            let mut data: Vec<u8> = (0..n).map(|_| rng.gen_range(low..=high)).collect();
            if n > 20 && rng.gen_bool(0.5) {
                let from = rng.gen_range(0..n / 2);
                let len = rng.gen_range(1..(n - from).min(300));
                let copy = data[from..from + len].to_vec();
                let at = rng.gen_range(from..=data.len());
                data.splice(at..at, copy);
            }
            assert_block_inflates(&fresh_block(&data, &mut Matcher::new()), &data);
        }
    }

    /// Bit-by-bit reference of the literal codes (RFC 1951 §3.2.6): the
    /// code's bits from its most significant one.
    fn reference_literals(run: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut nbits = 0;
        for &byte in run {
            let (code, len) = match byte {
                0..=143 => (0x30 + u32::from(byte), 8),
                _ => (0x190 + u32::from(byte) - 144, 9),
            };
            for k in (0..len).rev() {
                if nbits % 8 == 0 {
                    out.push(0);
                }
                let last = out.len() - 1;
                out[last] |= ((code >> k & 1) as u8) << (nbits % 8);
                nbits += 1;
            }
        }
        out
    }

    #[test]
    fn literals_match_the_rfc_codes_for_every_run() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(13);
        let mut data: Vec<u8> = (0..=255).collect();
        data.extend((0..200).map(|_| rng.gen_range(130..=150u8)));
        data.extend((0..200).map(|_| rng.gen_range(0..=143u8)));
        for _ in 0..3000 {
            let from = rng.gen_range(0..data.len());
            let to = rng.gen_range(from..=data.len().min(from + 40));
            let mut buf = vec![0; fixed_huffman_bound(to - from)];
            let mut bits = BitWriter::new(&mut buf);
            literals(&mut bits, &data, from, to);
            let len = bits.finish();
            assert_eq!(
                buf[..len],
                reference_literals(&data[from..to]),
                "{from}..{to}"
            );
        }
    }

    #[test]
    fn distance_codes_match_the_rfc_tables() {
        use crate::token::deflate::tables::{DIST_BASE, DIST_EXTRA};
        for dist in 1..=32768 {
            let code = DIST_BASE.partition_point(|&base| usize::from(base) <= dist) - 1;
            let extra = (dist - usize::from(DIST_BASE[code])) as u32;
            let reversed = (code as u32).reverse_bits() >> 27;
            let expected = (reversed | extra << 5, 5 + u32::from(DIST_EXTRA[code]));
            assert_eq!(distance_code(dist), expected, "distance {dist}");
        }
    }
}
