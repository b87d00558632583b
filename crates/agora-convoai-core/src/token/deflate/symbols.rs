//! Deflate's alphabets (RFC 1951 §3.2.5): symbol counts and the symbols
//! of match lengths and distances, shared by the blocks and the size
//! estimate.

use super::tables::{LENGTH_BASE, LENGTH_EXTRA};

pub(crate) const MAX_MATCH: usize = 258;

/// Literal/length symbols (RFC 1951 §3.2.5): 256 bytes, end of block, 29
/// lengths.
pub(crate) const LITLEN_SYMBOLS: usize = 286;

pub(crate) const END_OF_BLOCK: usize = 256;

pub(crate) const DIST_SYMBOLS: usize = 30;

#[allow(clippy::indexing_slicing)]
/// The length bucket (symbol index after 256) of each match length
/// 0..=258, one load instead of a search of `LENGTH_BASE` per match;
/// entries below 3 are unused.
const LENGTH_BUCKET: [u8; MAX_MATCH + 1] = {
    let mut table = [0u8; MAX_MATCH + 1];
    let mut bucket = 0;
    while bucket < LENGTH_BASE.len() {
        let mut length = LENGTH_BASE[bucket] as usize;
        while length <= MAX_MATCH {
            table[length] = bucket as u8;
            length += 1;
        }
        bucket += 1;
    }
    table
};

/// `(symbol index after 256, extra bits' value, extra bit count)` of a
/// match length in 3..=258.
pub(crate) fn length_symbol(len: usize) -> (usize, u32, u32) {
    let bucket = LENGTH_BUCKET.get(len).map_or(0, |&b| usize::from(b));
    let base = LENGTH_BASE.get(bucket).copied().map_or(3, usize::from);
    let extra = LENGTH_EXTRA.get(bucket).copied().map_or(0, u32::from);
    (bucket, len.saturating_sub(base) as u32, extra)
}

/// `(code, extra bits' value, extra bit count)` of distance `dist` in
/// 1..=32768.
pub(crate) fn distance_symbol(dist: usize) -> (u32, u32, u32) {
    let d = (dist - 1) as u32;
    let (code, extra) = if d < 4 {
        (d, 0)
    } else {
        let log = 31 - d.leading_zeros();
        (2 * log + (d >> (log - 1) & 1), log - 1)
    };
    (code, d & ((1 << extra) - 1), extra)
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn length_symbols_match_the_rfc_table() {
        for len in 3..=MAX_MATCH {
            let bucket = LENGTH_BASE.partition_point(|&base| usize::from(base) <= len) - 1;
            let (symbol, value, extra) = length_symbol(len);
            assert_eq!(symbol, bucket, "length {len}");
            assert_eq!(value as usize, len - usize::from(LENGTH_BASE[bucket]));
            assert_eq!(extra, u32::from(LENGTH_EXTRA[bucket]));
        }
    }
}
