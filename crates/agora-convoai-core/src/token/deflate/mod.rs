//! The deflate (RFC 1951) encoder of token content: greedy LZ77 matches
//! coded as a fixed-Huffman block, or a dynamic-Huffman block of the same
//! matches where a size estimate says it may be shorter.

mod bits;
mod dynamic;
mod estimate;
mod fixed;
mod matcher;
mod symbols;
#[cfg(test)]
pub(crate) mod test_support;

pub(crate) use dynamic::dynamic_huffman_block;
pub(crate) use estimate::dynamic_may_pay;
pub(crate) use fixed::{fixed_huffman_block, fixed_huffman_bound};
