//! The deflate (RFC 1951) encoder of token content: LZ77 matches coded as
//! a fixed-Huffman block, or a dynamic-Huffman block of the same matches
//! where a size estimate says it may be shorter. `token/zlib.rs` says what
//! it replaces, what it measured and which tests hold it.

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
