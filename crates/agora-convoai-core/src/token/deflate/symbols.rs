//! Deflate's alphabets (RFC 1951 §3.2.5): symbol counts and the symbols
//! of match lengths and distances, shared by the blocks and the size
//! estimate.

use crate::token::deflate_tables::{LENGTH_BASE, LENGTH_EXTRA};

pub(crate) const MAX_MATCH: usize = 258;

/// Literal/length symbols (RFC 1951 §3.2.5): 256 bytes, end of block, 29
/// lengths.
pub(crate) const LITLEN_SYMBOLS: usize = 286;

pub(crate) const END_OF_BLOCK: usize = 256;

pub(crate) const DIST_SYMBOLS: usize = 30;

/// `(symbol index after 256, extra bits' value, extra bit count)` of a
/// match length in 3..=258.
pub(crate) fn length_symbol(len: usize) -> (usize, u32, u32) {
    let bucket = LENGTH_BASE
        .partition_point(|&base| usize::from(base) <= len)
        .saturating_sub(1);
    let base = LENGTH_BASE.get(bucket).copied().map_or(3, usize::from);
    let extra = LENGTH_EXTRA.get(bucket).copied().map_or(0, u32::from);
    (bucket, (len - base) as u32, extra)
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
