//! The size gate of the dynamic-Huffman block: an estimate of its length
//! from symbol counts, without building it.

use super::matcher::Repeat;
use super::symbols::{distance_symbol, length_symbol, DIST_SYMBOLS, END_OF_BLOCK, LITLEN_SYMBOLS};

/// `c·log2(c)` in 1/256 bits for counts `c` up to 257: the symbols of
/// content the size gate sees (at most 256 literals and the end of block).
const CLOG_MAX: usize = 257;

/// `log2(c)` of `c >= 1` in 1/65536 bits, by repeated squaring of the
/// mantissa (each squaring yields one fractional bit).
const fn log2_q16(c: u32) -> u64 {
    let int = 31 - c.leading_zeros();
    // The mantissa in [1, 2) with 32 fractional bits.
    let mut x = (c as u64) << (32 - int);
    let mut frac = 0;
    let mut bit = 0;
    while bit < 16 {
        x = ((x as u128 * x as u128) >> 32) as u64;
        frac <<= 1;
        if x >= 2 << 32 {
            x >>= 1;
            frac |= 1;
        }
        bit += 1;
    }
    (int as u64) << 16 | frac
}

#[allow(clippy::indexing_slicing)]
/// `log2(c)` in 1/256 bits, `c` in 1..=`CLOG_MAX` (0 for 0).
const LOG2: [u16; CLOG_MAX + 1] = {
    let mut table = [0u16; CLOG_MAX + 1];
    let mut c = 1;
    while c <= CLOG_MAX {
        table[c] = (log2_q16(c as u32) >> 8) as u16;
        c += 1;
    }
    table
};

#[allow(clippy::indexing_slicing)]
/// `c·log2(c)` in 1/256 bits, `c` in 0..=`CLOG_MAX`.
const CLOG: [u32; CLOG_MAX + 1] = {
    let mut table = [0u32; CLOG_MAX + 1];
    let mut c = 1;
    while c <= CLOG_MAX {
        table[c] = ((c as u64 * log2_q16(c as u32)) >> 8) as u32;
        c += 1;
    }
    table
};

/// Fixed blocks within this factor (in 1/16) of the dynamic block's
/// estimated size skip the dynamic block. The estimate stays below the
/// real size on token contents, so a token this lets through is at most
/// 1/8 longer than with the dynamic block; the margin is that wide for
/// UUID accounts (60-70 distinct bytes), whose dynamic block is a few
/// bytes longer than the fixed one but estimated ~10% shorter.
const DYNAMIC_MARGIN_SIXTEENTHS: usize = 18;

/// Whether the dynamic-Huffman block of `data` coded as `repeats` may be
/// shorter than the `fixed` bytes of the fixed block by more than the
/// margin. Building it costs ~3 µs against ~0.4 µs for the fixed block,
/// and it only pays where strings use few characters (digits): most token
/// content has 60+ distinct bytes (a random signature, hex, small
/// integers), whose code tables cost what the shorter codes save.
pub(crate) fn dynamic_may_pay(data: &[u8], repeats: &[Repeat], fixed: usize) -> bool {
    dynamic_estimate(data, repeats)
        .is_none_or(|estimate| 16 * 8 * fixed > DYNAMIC_MARGIN_SIXTEENTHS * estimate)
}

/// An estimate in bits of the dynamic-Huffman block of `data` coded as
/// `repeats`, meant to stay below its real size; None where a count
/// outgrows `CLOG` (a symbol more than 257 times: only in content over 256
/// bytes, which then always gets the dynamic block tried). The order-0
/// entropy of the literal/length and distance symbols (no prefix code does
/// better), their extra bits, and the code tables: each used
/// literal/length symbol's code length,
/// taken as `log2(symbols / count)` rounded, is one code-length symbol
/// (none when it repeats the previous one: code 16 covers up to 6),
/// after the run of zeros since the previous used symbol (code 17 or 18
/// with 3 or 7 extra bits, or a 0 per zero); those symbols cost their
/// entropy. The block's fixed fields count at their minimum, distance
/// code lengths not at all. Costs ~0.4 µs for 240 bytes.
fn dynamic_estimate(data: &[u8], repeats: &[Repeat]) -> Option<usize> {
    // Counts of literal/length symbols 0..286 (bytes first) and distance
    // symbols.
    let mut litlen = [0u16; LITLEN_SYMBOLS];
    let mut dist = [0u16; DIST_SYMBOLS];
    let count_bytes = |litlen: &mut [u16; LITLEN_SYMBOLS], bytes: &[u8]| {
        for &byte in bytes {
            if let Some(c) = litlen.get_mut(usize::from(byte)) {
                *c += 1;
            }
        }
    };
    // Length symbols and the end of block as bits from symbol 256.
    let mut lengths = 1u64 << (END_OF_BLOCK - 256);
    let mut extra_bits = 0;
    let mut done = 0;
    for r in repeats {
        count_bytes(&mut litlen, data.get(done..r.at).unwrap_or_default());
        let (length, _, length_extra) = length_symbol(r.len);
        let (distance, _, distance_extra) = distance_symbol(r.dist);
        if let Some(c) = litlen.get_mut(257 + length) {
            *c += 1;
            lengths |= 1 << (1 + length);
        }
        if let Some(c) = dist.get_mut(distance as usize) {
            *c += 1;
        }
        extra_bits += length_extra + distance_extra;
        done = r.at + r.len;
    }
    count_bytes(&mut litlen, data.get(done..).unwrap_or_default());
    if let Some(c) = litlen.get_mut(END_OF_BLOCK) {
        *c += 1;
    }
    // The used symbols as bits, 64 a word, to visit only them below: the
    // bytes' after counting (a bit set per byte in the counting loop made
    // it a second read-modify-write chain), eight counts at a time as
    // bytes 0 or 1, gathered into one byte by a multiply (each product
    // bit from one term: no carries).
    let mut used = [0, 0, 0, 0, lengths];
    for (w, counts) in used.iter_mut().zip(litlen.chunks_exact(64)) {
        for (k, eight) in counts.chunks_exact(8).enumerate() {
            let flags = eight
                .iter()
                .enumerate()
                .fold(0u64, |f, (i, &c)| f | u64::from(c != 0) << (8 * i));
            *w |= (flags.wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * k);
        }
    }
    let symbols = data.len() - repeats.iter().map(|r| r.len - 1).sum::<usize>() + 1;
    let (all, all_dist) = (CLOG.get(symbols)?, CLOG.get(repeats.len())?);
    // Every count is at most `symbols`, within the table.
    let clog = |c: u16| CLOG.get(usize::from(c)).copied().unwrap_or_default();
    let dist_clog = dist
        .iter()
        .fold(0u32, |sum, &c| sum.saturating_add(clog(c)));
    let mut litlen_clog = 0;
    let log2_symbols = LOG2.get(symbols).copied().unwrap_or(u16::MAX);
    let mut items = [0u16; 19];
    let mut item_bits = 0;
    // The symbol after the previous used one, and that one's code length
    // (0 before the first, which never repeats it).
    let (mut next, mut previous_len) = (0, 0);
    for (k, &word) in used.iter().enumerate() {
        let mut w = word;
        while w != 0 {
            let symbol = 64 * k as u32 + w.trailing_zeros();
            w &= w - 1;
            let c = litlen.get(symbol as usize).copied().unwrap_or(1);
            litlen_clog = clog(c).saturating_add(litlen_clog);
            let log2_c = LOG2.get(usize::from(c)).copied().unwrap_or_default();
            let len = ((u32::from(log2_symbols.saturating_sub(log2_c)) + 128) / 256).clamp(1, 15);
            // The zeros before it: `(symbol, how many, extra bits)`.
            let gap = symbol - next;
            let (zeros, n, extra) = match gap {
                0..=2 => (0, gap, 0),
                3..=10 => (17, 1, 3),
                _ => (18, gap.div_ceil(138), 7 * gap.div_ceil(138)),
            };
            if let Some(count) = items.get_mut(zeros) {
                *count += n as u16;
            }
            item_bits += extra;
            let repeats_previous = gap == 0 && len == previous_len;
            if let Some(count) = items.get_mut(len as usize) {
                *count += u16::from(!repeats_previous);
            }
            (next, previous_len) = (symbol + 1, len);
        }
    }
    let item_count: usize = items.iter().map(|&n| usize::from(n)).sum();
    let all_items = CLOG.get(item_count)?;
    let item_clog = items
        .iter()
        .fold(0u32, |sum, &n| sum.saturating_add(clog(n)));
    let tables = all_items.saturating_sub(item_clog) / 256 + item_bits;
    let entropy = (all.saturating_sub(litlen_clog) + all_dist.saturating_sub(dist_clog)) / 256;
    // BFINAL and BTYPE, HLIT, HDIST, HCLEN, at least 4 code-length lengths.
    Some((entropy + extra_bits + 17 + 12 + tables) as usize)
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::token::deflate::dynamic::dynamic_huffman_block;
    use crate::token::deflate::lazy::lazy_repeats;
    use crate::token::deflate::test_support::{few_character_content, token_content};
    use crate::token::zlib::DYNAMIC_HUFFMAN_FROM;
    use rand::SeedableRng;

    #[test]
    fn the_dynamic_estimate_stays_below_the_real_size() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(31);
        let few = (2..=16).map(|k| few_character_content(&mut rng, 150, k));
        let contents: Vec<Vec<u8>> = few.collect();
        let random = (0..6000).map(|_| token_content(&mut rng));
        let mut checked = 0;
        for data in contents.into_iter().chain(random) {
            let mut found = Vec::new();
            assert!(lazy_repeats(&data, &mut found));
            if data.len() <= DYNAMIC_HUFFMAN_FROM {
                continue;
            }
            if let Some(estimate) = dynamic_estimate(&data, &found) {
                let real = 8 * dynamic_huffman_block(&data, &found).len();
                assert!(estimate < real, "{estimate} >= {real} for {data:02x?}");
                checked += 1;
            }
        }
        assert!(checked > 1000, "{checked}");
    }
}
