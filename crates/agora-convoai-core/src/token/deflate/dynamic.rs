//! The dynamic-Huffman block (RFC 1951 §3.2.7) of the fixed block's own
//! matches: code lengths, canonical codes and the run-length coded tables.

use super::bits::BitWriter;
use super::matcher::Repeat;
use super::symbols::{distance_symbol, length_symbol, DIST_SYMBOLS, END_OF_BLOCK, LITLEN_SYMBOLS};

/// Order in which the code-length code's lengths are sent (§3.2.7).
const CODE_LENGTH_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/// Huffman code lengths for symbol counts `freqs`, none above `limit` (15
/// for data, 7 for the code-length code); 0 for unused symbols. Too deep
/// a tree is rebuilt from halved counts (used symbols stay used) until it
/// fits: equal counts give a balanced tree, well within both limits.
fn code_lengths<const N: usize>(freqs: &[u32; N], limit: u8) -> [u8; N] {
    let mut counts = *freqs;
    loop {
        let lengths = huffman_lengths(&counts);
        if lengths.iter().all(|&len| len <= limit) {
            return lengths;
        }
        for count in counts.iter_mut().filter(|c| **c > 0) {
            *count = count.div_ceil(2);
        }
    }
}

/// Unlimited Huffman code lengths by the two-queue method: leaves sorted
/// by count (then symbol, so ties break the same everywhere), internal
/// nodes made in order of weight. `N` is at most 286: all on the stack.
fn huffman_lengths<const N: usize>(counts: &[u32; N]) -> [u8; N] {
    let mut lengths = [0u8; N];
    // Leaves as `count << 16 | symbol`: one sort key.
    let mut leaves = [0u64; N];
    let mut n = 0;
    for (symbol, &count) in counts.iter().enumerate().filter(|(_, &c)| c > 0) {
        if let Some(leaf) = leaves.get_mut(n) {
            *leaf = u64::from(count) << 16 | symbol as u64;
            n += 1;
        }
    }
    let leaves = leaves.get_mut(..n).unwrap_or_default();
    leaves.sort_unstable();
    let symbol = |leaf: u64| (leaf & 0xFFFF) as usize;
    if n < 2 {
        for &leaf in leaves.iter() {
            if let Some(len) = lengths.get_mut(symbol(leaf)) {
                *len = 1;
            }
        }
        return lengths;
    }
    // Nodes 0..n are the leaves, n.. the internal ones; a parent always
    // comes after its children. 2 * 286 - 1 nodes at most.
    let mut weight = [0u64; 2 * 286];
    let mut parent = [0u16; 2 * 286];
    for (w, &leaf) in weight.iter_mut().zip(leaves.iter()) {
        *w = leaf >> 16;
    }
    let (mut leaf, mut inner, mut made) = (0, n, n);
    for _ in 0..n - 1 {
        let mut pick = [0usize; 2];
        for slot in &mut pick {
            let take_leaf = leaf < n && (inner >= made || weight.get(leaf) <= weight.get(inner));
            if take_leaf {
                *slot = leaf;
                leaf += 1;
            } else {
                *slot = inner;
                inner += 1;
            }
        }
        let [a, b] = pick;
        let sum =
            weight.get(a).copied().unwrap_or_default() + weight.get(b).copied().unwrap_or_default();
        if let Some(w) = weight.get_mut(made) {
            *w = sum;
        }
        for child in [a, b] {
            if let Some(p) = parent.get_mut(child) {
                *p = made as u16;
            }
        }
        made += 1;
    }
    // Depths from the root (the last node) down, kept in `weight`.
    let root = made - 1;
    if let Some(w) = weight.get_mut(root) {
        *w = 0;
    }
    for node in (0..root).rev() {
        let above = parent
            .get(node)
            .and_then(|&p| weight.get(usize::from(p)))
            .copied()
            .unwrap_or_default();
        if let Some(w) = weight.get_mut(node) {
            *w = above + 1;
        }
    }
    for (&leaf, &depth) in leaves.iter().zip(&weight) {
        if let Some(len) = lengths.get_mut(symbol(leaf)) {
            *len = depth.min(255) as u8;
        }
    }
    lengths
}

/// Canonical codes of `lengths` (§3.2.2), bit-reversed for the LSB-first
/// writer.
fn canonical_codes<const N: usize>(lengths: &[u8; N]) -> [u16; N] {
    let mut count = [0u16; 16];
    for &len in lengths.iter().filter(|&&len| len > 0) {
        if let Some(c) = count.get_mut(usize::from(len)) {
            *c += 1;
        }
    }
    let mut next = [0u16; 16];
    let mut code = 0u16;
    for bits in 1..16 {
        code = (code + count.get(bits - 1).copied().unwrap_or_default()) << 1;
        if let Some(n) = next.get_mut(bits) {
            *n = code;
        }
    }
    let mut codes = [0u16; N];
    for (c, &len) in codes.iter_mut().zip(lengths) {
        if let Some(n) = next.get_mut(usize::from(len)).filter(|_| len > 0) {
            *c = n.reverse_bits() >> (16 - u32::from(len));
            *n += 1;
        }
    }
    codes
}

/// Code lengths run-length coded with the code-length alphabet (§3.2.7):
/// `(symbol, extra bits' value, extra bit count)`.
fn run_length_code(lengths: &[u8]) -> Vec<(usize, u32, u32)> {
    let mut out = Vec::with_capacity(lengths.len());
    let mut i = 0;
    while let Some(&len) = lengths.get(i) {
        let run = lengths
            .get(i..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&l| l == len)
            .count();
        let mut left = run;
        if len == 0 {
            while left >= 11 {
                let n = left.min(138);
                out.push((18, (n - 11) as u32, 7));
                left -= n;
            }
            if left >= 3 {
                out.push((17, (left - 3) as u32, 3));
                left = 0;
            }
        } else {
            out.push((usize::from(len), 0, 0));
            left -= 1;
            while left >= 3 {
                let n = left.min(6);
                out.push((16, (n - 3) as u32, 2));
                left -= n;
            }
        }
        out.extend(std::iter::repeat_n((usize::from(len), 0, 0), left));
        i += run;
    }
    out
}

/// One dynamic-Huffman block (BFINAL set) of `data` coded as literals and
/// `repeats`, with codes built from their counts.
pub(crate) fn dynamic_huffman_block(data: &[u8], repeats: &[Repeat]) -> Vec<u8> {
    // Symbol counts.
    let mut litlen = [0u32; LITLEN_SYMBOLS];
    let mut dist = [0u32; DIST_SYMBOLS];
    let mut count_literals = |from: usize, to: usize| {
        for &byte in data.get(from..to).unwrap_or_default() {
            if let Some(c) = litlen.get_mut(usize::from(byte)) {
                *c += 1;
            }
        }
    };
    let mut done = 0;
    for r in repeats {
        count_literals(done, r.at);
        done = r.at + r.len;
    }
    count_literals(done, data.len());
    for r in repeats {
        if let Some(c) = litlen.get_mut(257 + length_symbol(r.len).0) {
            *c += 1;
        }
        if let Some(c) = dist.get_mut(distance_symbol(r.dist).0 as usize) {
            *c += 1;
        }
    }
    if let Some(c) = litlen.get_mut(END_OF_BLOCK) {
        *c = 1;
    }
    // Every decoder takes a code of two or more symbols: a code with
    // fewer gets unused ones.
    for counts in [&mut litlen[..], &mut dist[..]] {
        if counts.iter().filter(|&&c| c > 0).count() < 2 {
            for c in counts.iter_mut().take(2) {
                *c = (*c).max(1);
            }
        }
    }
    let litlen_lengths = code_lengths(&litlen, 15);
    let dist_lengths = code_lengths(&dist, 15);
    let hlit = litlen_lengths
        .iter()
        .rposition(|&l| l > 0)
        .map_or(257, |p| (p + 1).max(257));
    let hdist = dist_lengths
        .iter()
        .rposition(|&l| l > 0)
        .map_or(1, |p| p + 1);
    let all_lengths: Vec<u8> = litlen_lengths
        .get(..hlit)
        .unwrap_or_default()
        .iter()
        .chain(dist_lengths.get(..hdist).unwrap_or_default())
        .copied()
        .collect();
    let runs = run_length_code(&all_lengths);
    let mut clen_counts = [0u32; 19];
    for &(symbol, _, _) in &runs {
        if let Some(c) = clen_counts.get_mut(symbol) {
            *c += 1;
        }
    }
    let clen_lengths = code_lengths(&clen_counts, 7);
    let hclen = CODE_LENGTH_ORDER
        .iter()
        .rposition(|&s| clen_lengths.get(s).is_some_and(|&l| l > 0))
        .map_or(4, |p| (p + 1).max(4));
    let (litlen_codes, dist_codes, clen_codes) = (
        canonical_codes(&litlen_lengths),
        canonical_codes(&dist_lengths),
        canonical_codes(&clen_lengths),
    );
    let code = |codes: &[u16], lengths: &[u8], symbol: usize| {
        (
            u64::from(codes.get(symbol).copied().unwrap_or_default()),
            u32::from(lengths.get(symbol).copied().unwrap_or_default()),
        )
    };
    // At most 15 bits a literal, 48 a match, plus the header.
    let bound = (17 + 3 * 19 + 7 * 316 + 15 * data.len() + 48 * repeats.len() + 15).div_ceil(8) + 8;
    let mut buf = vec![0u8; bound];
    let mut bits = BitWriter::new(&mut buf);
    bits.bits(0b101, 3); // BFINAL, BTYPE = 10 (dynamic Huffman)
    bits.bits((hlit - 257) as u64, 5);
    bits.bits((hdist - 1) as u64, 5);
    bits.bits((hclen - 4) as u64, 4);
    for &symbol in CODE_LENGTH_ORDER.get(..hclen).unwrap_or_default() {
        bits.bits(
            u64::from(clen_lengths.get(symbol).copied().unwrap_or_default()),
            3,
        );
    }
    for &(symbol, value, extra) in &runs {
        let (c, n) = code(&clen_codes, &clen_lengths, symbol);
        bits.bits(c | u64::from(value) << n, n + extra);
    }
    let write_literals = |bits: &mut BitWriter, from: usize, to: usize| {
        for &byte in data.get(from..to).unwrap_or_default() {
            let (c, n) = code(&litlen_codes, &litlen_lengths, usize::from(byte));
            bits.bits(c, n);
        }
    };
    let mut done = 0;
    for r in repeats {
        write_literals(&mut bits, done, r.at);
        let (symbol, value, extra) = length_symbol(r.len);
        let (c, n) = code(&litlen_codes, &litlen_lengths, 257 + symbol);
        bits.bits(c | u64::from(value) << n, n + extra);
        let (symbol, value, extra) = distance_symbol(r.dist);
        let (c, n) = code(&dist_codes, &dist_lengths, symbol as usize);
        bits.bits(c | u64::from(value) << n, n + extra);
        done = r.at + r.len;
    }
    write_literals(&mut bits, done, data.len());
    let (c, n) = code(&litlen_codes, &litlen_lengths, END_OF_BLOCK);
    bits.bits(c, n);
    let len = bits.finish();
    buf.truncate(len);
    buf
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::token::deflate::lazy::lazy_repeats;
    use crate::token::deflate::test_support::assert_block_inflates;
    use rand::{Rng, SeedableRng};

    #[test]
    fn dynamic_blocks_inflate_with_both_decoders() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(23);
        let mut sizes: Vec<usize> = vec![0, 1, 2, 3, 300, 70_000];
        sizes.extend((0..1500).map(|_| rng.gen_range(0..1500)));
        for n in sizes {
            let alphabet = rng.gen_range(1..=256u32);
            let mut data: Vec<u8> = (0..n).map(|_| rng.gen_range(0..alphabet) as u8).collect();
            if n > 20 && rng.gen_bool(0.5) {
                let from = rng.gen_range(0..n / 2);
                let len = rng.gen_range(1..(n - from).min(300));
                let copy = data[from..from + len].to_vec();
                data.extend_from_slice(&copy);
            }
            let mut found = Vec::new();
            assert!(lazy_repeats(&data, &mut found));
            assert_block_inflates(&dynamic_huffman_block(&data, &found), &data);
        }
    }

    #[test]
    fn huffman_lengths_respect_the_limit() {
        // Fibonacci counts: the deepest tree for their total.
        let mut counts = [1u32; 30];
        for i in 2..30 {
            counts[i] = counts[i - 1] + counts[i - 2];
        }
        assert!(huffman_lengths(&counts).iter().any(|&len| len > 15));
        for limit in [7, 15] {
            let lengths = code_lengths(&counts, limit);
            assert!(lengths.iter().all(|&len| (1..=limit).contains(&len)));
            // A complete prefix code: the Kraft sum is exactly 1.
            let kraft: f64 = lengths.iter().map(|&len| 0.5f64.powi(i32::from(len))).sum();
            assert!((kraft - 1.0).abs() < 1e-12, "limit {limit}: {kraft}");
        }
    }
}
