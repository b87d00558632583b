//! The bounds every webhook input is held to, and the argument checks that
//! enforce them.

use crate::{Error, ErrorCode, Result};

/// Default body limit. Agora's notifications are small: the largest, 103
/// (history, `llm.max_history` entries, 32 by default) and 112 (at most 200
/// turns), stay far below it. Raise it with the `maxBytes` option.
pub const DEFAULT_MAX_BYTES: usize = 1 << 20;

/// The most `maxBytes` may be raised to.
pub const MAX_BYTES_CEILING: usize = 64 << 20;

/// Deepest JSON nesting accepted. Agora's deepest documented value (112's
/// `turns[].metrics.segmented_latency_ms`) sits at depth 6.
pub const MAX_DEPTH: usize = 32;

/// Most JSON values (strings, numbers, arrays, objects...) in a body: a
/// bound on the parsed tree and on the event built from it (which holds each
/// value at most twice, typed and raw). The largest notification, a 112 with
/// 200 turns, has a few thousand.
pub const MAX_VALUES: usize = 200_000;

/// Longest signature header value looked at (a SHA-256 signature is 64 hex
/// characters; a few repeated values joined by commas still fit).
pub const MAX_SIGNATURE_HEADER_BYTES: usize = 1024;

/// Longest secret accepted (Console's webhook secrets are a few dozen bytes).
pub const MAX_SECRET_BYTES: usize = 4096;

/// A body as the caller holds it: its bytes, or only its length when that
/// is already known to be too large (the binding measures a JavaScript
/// string before copying it).
#[derive(Clone, Copy, Debug)]
pub enum Body<'a> {
    Bytes(&'a [u8]),
    TooLarge(usize),
}

impl<'a> Body<'a> {
    /// The bytes, or `ERR_INVALID_WEBHOOK` when there are more than
    /// `max_bytes`; checked before a byte is hashed or parsed.
    pub fn within(self, max_bytes: usize) -> Result<&'a [u8]> {
        let len = match self {
            Self::Bytes(bytes) if bytes.len() <= max_bytes => return Ok(bytes),
            Self::Bytes(bytes) => bytes.len(),
            Self::TooLarge(len) => len,
        };
        Err(Error::new(
            ErrorCode::InvalidWebhook,
            crate::ErrorKind::Plain,
            format!("the body is {len} bytes, over the {max_bytes}-byte limit (maxBytes)"),
        ))
    }
}

/// `ERR_INVALID_ARG` for a raw body of the wrong type, saying how to get the
/// right one: a signature covers the exact bytes sent, which JSON
/// re-serialized from a parsed object does not reproduce.
pub fn raw_body_type_error() -> Error {
    Error::type_error(
        ErrorCode::InvalidArg,
        "rawBody must be the raw request body (a Buffer, Uint8Array or string), not an object parsed \
         from it: the signature covers the exact bytes Agora sent. In Express, use \
         express.raw({ type: 'application/json' }) on the webhook route (or createWebhookHandler, \
         which reads the body itself); in a Next.js route handler, pass await req.text().",
    )
}

/// The `maxBytes` option: an integer in 1..=[`MAX_BYTES_CEILING`].
pub fn max_bytes_option(value: Option<f64>) -> Result<usize> {
    let Some(value) = value else {
        return Ok(DEFAULT_MAX_BYTES);
    };
    if value.fract() != 0.0 || !(1.0..=MAX_BYTES_CEILING as f64).contains(&value) {
        return Err(Error::range_error(
            ErrorCode::InvalidArg,
            format!("maxBytes must be an integer from 1 to {MAX_BYTES_CEILING}"),
        ));
    }
    Ok(value as usize)
}

/// The webhook secret: non-empty, at most [`MAX_SECRET_BYTES`]. Messages never
/// quote it.
pub fn check_secret(secret: &str) -> Result<()> {
    if secret.is_empty() {
        return Err(Error::range_error(
            ErrorCode::InvalidArg,
            "secret must not be empty: pass the webhook secret from Agora Console",
        ));
    }
    if secret.len() > MAX_SECRET_BYTES {
        return Err(Error::range_error(
            ErrorCode::InvalidArg,
            format!("secret must be at most {MAX_SECRET_BYTES} bytes"),
        ));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn max_bytes_takes_integers_in_range_only() {
        assert_eq!(max_bytes_option(None), Ok(DEFAULT_MAX_BYTES));
        assert_eq!(max_bytes_option(Some(10.0)), Ok(10));
        assert_eq!(
            max_bytes_option(Some(MAX_BYTES_CEILING as f64)),
            Ok(MAX_BYTES_CEILING)
        );
        for bad in [0.0, -1.0, 1.5, f64::NAN, f64::INFINITY, 1e12] {
            let err = max_bytes_option(Some(bad)).unwrap_err();
            assert_eq!(err.code, ErrorCode::InvalidArg, "{bad}");
        }
    }

    #[test]
    fn body_len_is_checked_inclusively() {
        assert_eq!(Body::Bytes(b"12345").within(5), Ok(&b"12345"[..]));
        let err = Body::Bytes(b"123456").within(5).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidWebhook);
        assert!(err.message.contains("6 bytes"), "{}", err.message);
        assert!(Body::TooLarge(6).within(5).is_err());
    }

    #[test]
    fn secret_must_be_non_empty_and_bounded() {
        assert!(check_secret("s").is_ok());
        assert_eq!(check_secret("").unwrap_err().code, ErrorCode::InvalidArg);
        let long = "k".repeat(MAX_SECRET_BYTES + 1);
        let err = check_secret(&long).unwrap_err();
        assert!(!err.message.contains(&long));
    }
}
