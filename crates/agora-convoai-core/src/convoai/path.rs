//! Ids placed in a request path (agent ids; later call ids and phone
//! numbers). URL parsing rewrites what it cannot keep as one segment: `..`
//! climbs a level (`stopAgent('..')` would POST `…/projects/{appid}/leave`),
//! `/` adds one, `?` and `#` end the path, `%` starts an escape. So an id is
//! checked before a request is built, and a bad one is `ERR_INVALID_ARG`
//! with nothing sent.

use crate::error::{Error, ErrorCode, Result};

/// Longest id accepted; Agora's agent ids are about 30 characters.
pub const MAX_SEGMENT_BYTES: usize = 128;

/// Bytes that stand for themselves in a path segment: RFC 3986 unreserved
/// characters (letters, digits, `-`, `.`, `_`, `~`) and `+`, which E.164
/// phone numbers start with.
fn is_plain(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'+')
}

/// Checks that `id` is one path segment that URL parsing keeps as written:
/// 1..=128 plain bytes, and not `.` or `..`. `field` names it in the error.
pub fn segment(id: &str, field: &str) -> Result<()> {
    let plain = !id.is_empty() && id.len() <= MAX_SEGMENT_BYTES && id.bytes().all(is_plain);
    if plain && id != "." && id != ".." {
        Ok(())
    } else {
        Err(Error::type_error(
            ErrorCode::InvalidArg,
            format!(
                "{field} must be 1 to {MAX_SEGMENT_BYTES} letters, digits, '-', '_', '.', '~' or '+', and not '.' or '..'"
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_url_parsing_would_rewrite_are_refused() {
        for id in [
            "", ".", "..", "/", "a/b", "a?b", "a#b", "%2e%2e", "a%20b", "a b", "a\\b", "é", "a\0",
        ] {
            assert_eq!(
                segment(id, "agentId").map_err(|e| e.code),
                Err(ErrorCode::InvalidArg),
                "{id:?}"
            );
        }
        assert!(segment(&"A".repeat(MAX_SEGMENT_BYTES + 1), "agentId").is_err());
    }

    #[test]
    fn agent_ids_and_phone_numbers_pass() {
        for id in [
            "1NT29X10YHxxxxxWJOXLYHNYB",
            "a.b",
            "...",
            "a-b_c~d",
            "+11234567890",
        ] {
            assert_eq!(segment(id, "agentId"), Ok(()), "{id:?}");
        }
        assert!(segment(&"A".repeat(MAX_SEGMENT_BYTES), "agentId").is_ok());
    }
}
