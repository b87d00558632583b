//! `Agora-Signature` (HMAC-SHA1) and `Agora-Signature-V2` (HMAC-SHA256):
//! lower-case hex of the HMAC of the raw body bytes, keyed with the webhook
//! secret. RustCrypto computes them (`hmac`, `sha1`, `sha2`), `base16ct`
//! hex-encodes them and `subtle` compares them, both in constant time, so
//! neither the secret nor how much of a guess matched leaks through timing.

use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::Sha256;
use subtle::{Choice, ConstantTimeEq};

use super::limits::{check_secret, Body, MAX_SIGNATURE_HEADER_BYTES};
use crate::{Error, ErrorCode, ErrorKind, Result};

/// The two signature headers Agora sends, as lower-case hex.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signatures {
    /// `Agora-Signature`: HMAC-SHA1, 40 hex characters.
    pub sha1: String,
    /// `Agora-Signature-V2`: HMAC-SHA256, 64 hex characters.
    pub sha256: String,
}

/// The signature header values of a request, as received (`None` when the
/// header is absent).
#[derive(Clone, Copy, Debug, Default)]
pub struct ReceivedSignatures<'a> {
    /// `Agora-Signature-V2`.
    pub v2: Option<&'a str>,
    /// `Agora-Signature`.
    pub v1: Option<&'a str>,
}

/// Both signatures of `body`, as Agora computes them.
pub fn sign(body: &[u8], secret: &str) -> Result<Signatures> {
    check_secret(secret)?;
    Ok(Signatures {
        sha1: hex_hmac::<Hmac<Sha1>, 40>(secret, body)?.to_hex_string(),
        sha256: hex_hmac::<Hmac<Sha256>, 64>(secret, body)?.to_hex_string(),
    })
}

/// Whether `received` signs `body` under `secret`. `Agora-Signature-V2` is
/// checked when present (even when empty: a stripped or broken V2 never falls
/// back to SHA-1); `Agora-Signature` only without it. A header value may hold
/// several signatures separated by commas (a repeated header, joined); one
/// match is enough. Hex case does not matter. `false` without either header
/// or for a body over `max_bytes`. Errors only for a bad secret.
pub fn verify(
    body: Body<'_>,
    received: ReceivedSignatures<'_>,
    secret: &str,
    max_bytes: usize,
) -> Result<bool> {
    check_secret(secret)?;
    let Ok(body) = body.within(max_bytes) else {
        return Ok(false);
    };
    Ok(match (received.v2, received.v1) {
        (Some(v2), _) => header_matches(v2, hex_hmac::<Hmac<Sha256>, 64>(secret, body)?.as_bytes()),
        (None, Some(v1)) => {
            header_matches(v1, hex_hmac::<Hmac<Sha1>, 40>(secret, body)?.as_bytes())
        }
        (None, None) => false,
    })
}

/// Lower-case hex HMAC of `body`; `N` is twice the tag length of `M`.
fn hex_hmac<M: Mac + KeyInit, const N: usize>(secret: &str, body: &[u8]) -> Result<HexDigest<N>> {
    // Neither step can fail (HMAC takes keys of any length; `N` fits the
    // tag), but an error beats a panic should that ever change.
    let cannot = || {
        Error::new(
            ErrorCode::InvalidArg,
            ErrorKind::Plain,
            "cannot compute the HMAC",
        )
    };
    let mut mac = <M as KeyInit>::new_from_slice(secret.as_bytes()).map_err(|_| cannot())?;
    mac.update(body);
    let mut hex = HexDigest([0; N]);
    base16ct::lower::encode(&mac.finalize().into_bytes(), &mut hex.0).map_err(|_| cannot())?;
    Ok(hex)
}

/// A hex digest in a stack buffer (ASCII hex digits only).
struct HexDigest<const N: usize>([u8; N]);

impl<const N: usize> HexDigest<N> {
    fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    fn to_hex_string(&self) -> String {
        String::from_utf8_lossy(&self.0).into_owned()
    }
}

/// Whether any comma-separated value of `header` equals `expected` (lower-case
/// hex), ignoring surrounding whitespace and hex case. Every value is compared
/// in constant time, with no early exit.
fn header_matches(header: &str, expected: &[u8]) -> bool {
    if header.len() > MAX_SIGNATURE_HEADER_BYTES {
        return false;
    }
    let mut found = Choice::from(0);
    for value in header.split(',') {
        let value = value.trim().to_ascii_lowercase();
        // Unequal lengths compare unequal; a length is not a secret.
        found |= value.as_bytes().ct_eq(expected);
    }
    found.into()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::webhook::DEFAULT_MAX_BYTES;

    // Agora's published vector (docs.agora.io, "Signature verification" of the
    // Notification Center Service): secret "secret" and this body give these
    // two hex values. The same numbers are checked from JavaScript against
    // Node's crypto and Python's hmac in __test__/webhooks.signature.test.mjs.
    const AGORA_BODY: &str = r#"{"eventMs":1560408533119,"eventType":10,"noticeId":"4eb720f0-8da7-11e9-a43e-53f411c2761f","notifyMs":1560408533119,"payload":{"a":"1","b":2},"productId":1}"#;
    const AGORA_SHA256: &str = "6d3320c60b11101395b7fc8f9068748808a0aa1bfa064438e39d1bc2c7d74d99";
    const AGORA_SHA1: &str = "033c62f40f687675f17f0f41f91a40c71c0f134c";

    fn check(body: &str, v2: Option<&str>, v1: Option<&str>) -> bool {
        let received = ReceivedSignatures { v2, v1 };
        verify(
            Body::Bytes(body.as_bytes()),
            received,
            "secret",
            DEFAULT_MAX_BYTES,
        )
        .unwrap()
    }

    #[test]
    fn signs_agoras_published_vector() {
        let s = sign(AGORA_BODY.as_bytes(), "secret").unwrap();
        assert_eq!(s.sha256, AGORA_SHA256);
        assert_eq!(s.sha1, AGORA_SHA1);
    }

    #[test]
    fn v2_is_preferred_and_sha1_only_counts_without_it() {
        assert!(check(AGORA_BODY, Some(AGORA_SHA256), None));
        assert!(check(AGORA_BODY, None, Some(AGORA_SHA1)));
        assert!(check(AGORA_BODY, Some(AGORA_SHA256), Some("bad")));
        // A wrong (or empty) V2 is not rescued by a right SHA-1.
        assert!(!check(
            AGORA_BODY,
            Some(&AGORA_SHA256[1..]),
            Some(AGORA_SHA1)
        ));
        assert!(!check(AGORA_BODY, Some(""), Some(AGORA_SHA1)));
        assert!(!check(AGORA_BODY, None, None));
    }

    #[test]
    fn hex_case_whitespace_and_joined_values() {
        assert!(check(AGORA_BODY, Some(&AGORA_SHA256.to_uppercase()), None));
        assert!(check(AGORA_BODY, None, Some(&format!("  {AGORA_SHA1}\t"))));
        assert!(check(
            AGORA_BODY,
            Some(&format!("deadbeef, {AGORA_SHA256}")),
            None
        ));
        // The SHA-1 value in the V2 header (wrong algorithm) does not match.
        assert!(!check(AGORA_BODY, Some(AGORA_SHA1), None));
    }

    #[test]
    fn any_changed_byte_fails() {
        let mut body = AGORA_BODY.as_bytes().to_vec();
        for i in [0, body.len() / 2, body.len() - 1] {
            body[i] ^= 1;
            let received = ReceivedSignatures {
                v2: Some(AGORA_SHA256),
                v1: Some(AGORA_SHA1),
            };
            assert!(!verify(Body::Bytes(&body), received, "secret", DEFAULT_MAX_BYTES).unwrap());
            body[i] ^= 1;
        }
        let received = ReceivedSignatures {
            v2: Some(AGORA_SHA256),
            v1: None,
        };
        assert!(!verify(
            Body::Bytes(AGORA_BODY.as_bytes()),
            received,
            "Secret",
            DEFAULT_MAX_BYTES
        )
        .unwrap());
    }

    #[test]
    fn bounds_and_secret() {
        let received = ReceivedSignatures {
            v2: Some(AGORA_SHA256),
            v1: None,
        };
        let len = AGORA_BODY.len();
        let body = Body::Bytes(AGORA_BODY.as_bytes());
        assert!(verify(body, received, "secret", len).unwrap());
        assert!(!verify(body, received, "secret", len - 1).unwrap());
        assert!(!verify(Body::TooLarge(len), received, "secret", len - 1).unwrap());
        let padded = format!("{AGORA_SHA256}{}", ",".repeat(MAX_SIGNATURE_HEADER_BYTES));
        assert!(!check(AGORA_BODY, Some(&padded), None));
        assert!(verify(Body::Bytes(b""), received, "", len).is_err());
        assert!(sign(b"", "").is_err());
    }
}
