//! What a token may hold. Parsing refuses anything larger with
//! `ERR_INVALID_TOKEN`, and checks each limit before the work it bounds:
//! the text length before base64 decoding, the inflated size while
//! inflating, each count as soon as it is read and before its entries are.
//! The builders refuse (`ERR_INVALID_ARG`) a token the parser would refuse,
//! so whatever this library builds it can parse back. docs/tokens.md ("Limits on parsing")
//! gives the reasons and the measured costs; `tests/hostile_tokens.rs`
//! holds the limits.

use crate::error::{Error, ErrorCode, Result};

/// Longest token text. Real tokens are 150 to 460 characters (an RTC+RTM
/// token with a random 255-character account is 455); an RTM2 token
/// listing 100 UUID channel names is ~3,100. The cap bounds the compressed
/// stream (at most 3,069 bytes) and with it the inflater's work per deflate
/// block, the costliest input per byte we found: a stream of
/// dynamic-Huffman blocks that each describe codes for every symbol and
/// hold nothing costs zlib-rs ~3 µs a block of ~30 bytes (~95 ns a byte,
/// ~300 µs at this cap; 590 µs at 8,192 characters, more than the 300× a
/// normal token allowed).
pub const MAX_TOKEN_CHARS: usize = 4096;

/// Largest inflated content: ~300× a real token (150-250 bytes). A zlib
/// bomb stops here, and the signature's HMAC never hashes more.
pub const MAX_CONTENT: usize = 64 * 1024;

/// Services per token. Official builders make 1 to 4 (agora-token 2.0.6
/// allows several of one type since services became a list; before, a token
/// held at most one per type, ten types in all). Each parsed service
/// becomes a JavaScript object with two privilege maps.
pub const MAX_SERVICES: usize = 32;

/// Entries per token, counted over every privilege map and the RTM2
/// permission blocks (resource types, permission types and resource
/// names). A real token has at most a handful of privileges per service;
/// RTM2 lists of channel names are the only large part. Each entry becomes
/// one or two JavaScript values (a privilege is in `privileges` and
/// `expiresAt`), the costliest part of `parseToken` per byte of token.
pub const MAX_ENTRIES: usize = 256;

/// The builders' check: `ERR_INVALID_ARG` when `n` exceeds `max`.
pub(crate) fn check_build(n: usize, max: usize, what: &str) -> Result<()> {
    if n <= max {
        return Ok(());
    }
    Err(Error::range_error(
        ErrorCode::InvalidArg,
        format!("a token holds at most {max} {what} (this one: {n}); longer tokens are refused by parsers of this library"),
    ))
}

/// The parsers' check of a token's text, before it is decoded.
pub(crate) fn check_text(token: &str) -> Result<()> {
    check_text_len(token.len())
}

/// The same check on a length alone, for a caller that can measure a text
/// before copying it (the binding refuses a 16 MiB string without reading
/// it). A token is ASCII, so characters and bytes agree.
pub fn check_text_len(len: usize) -> Result<()> {
    if len <= MAX_TOKEN_CHARS {
        return Ok(());
    }
    Err(Error::invalid_token(format!(
        "token text is {len} characters; a token has at most {MAX_TOKEN_CHARS}"
    )))
}
