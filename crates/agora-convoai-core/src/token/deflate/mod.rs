//! The deflate (RFC 1951) encoder of token content: LZ77 matches coded as
//! a fixed-Huffman block, or a dynamic-Huffman block of the same matches
//! where a size estimate says it may be shorter. Content up to 192 bytes
//! (most tokens) is matched greedily with one probe per position
//! (`matcher.rs`), longer content with hash chains and lazy evaluation
//! (`lazy.rs`).
//!
//! What it replaces: a general zlib encoder (`flate2::Compress`) at level
//! 6. Measured per token with the state reused: zlib-rs ~20 µs at level 6
//! (resetting its 128 KB of hash tables dominates; ~6 µs at level 1, whose
//! output is longer), against 0.33 µs here for a 161-byte RTC content,
//! 0.38 µs for a 188-byte RTC+RTM one, 1.2 µs for 240 bytes (a UUID
//! account) and 4.4 µs for 256 bytes of digits, which need the dynamic
//! block (`examples/token_speed.rs`). Pure Rust and free of CPU-dependent
//! paths, so a token is the same string on every platform.
//!
//! What holds it: the length rule (a token at most 20% longer than with
//! zlib level 6) in `zlib.rs`'s sweep of 12,000 token contents against
//! zlib-rs level 6 and in `__test__/tokens.oracle.test.mjs` against Node's
//! zlib; its streams inflate with zlib-rs and miniz_oxide (`fixed.rs`,
//! `dynamic.rs`, `zlib.rs`), Python's zlib (`__test__/tokens.python-zlib
//! .test.mjs`) and the official parser (`__test__/tokens.oracle.test.mjs`);
//! its bytes are pinned (`zlib.rs`: the same bytes everywhere).

mod bits;
mod dynamic;
mod estimate;
mod fixed;
mod lazy;
mod matcher;
mod symbols;
mod tables;
#[cfg(test)]
pub(crate) mod test_support;

pub(crate) use dynamic::dynamic_huffman_block;
pub(crate) use estimate::dynamic_may_pay;
pub(crate) use fixed::{fixed_huffman_block, fixed_huffman_block_of, fixed_huffman_bound};
pub(crate) use lazy::lazy_repeats;
