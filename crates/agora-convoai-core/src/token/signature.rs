//! HMAC-SHA256 signatures of both token generations, through RustCrypto's
//! `hmac` and `sha2`, compared in constant time with `subtle`.
//!
//! What stays of the speed work is caching, never hashing: a keyed HMAC
//! state (two SHA-256 compressions of the padded key) is kept per thread
//! for the last key that repeats, and cloned per token.
//! - 006 signs with the certificate as the key: its keyed state is kept per
//!   certificate.
//! - 007 signs with keys derived from the certificate, the issue time and
//!   the salt (docs/token-format.md, "Signature"). The first, `HMAC(issue_ts,
//!   certificate)`, is the same for every token a server issues within one
//!   second, so it is kept per certificate and second. The salt is random
//!   per token, so the rest is computed each time.

use std::cell::RefCell;

use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

type HmacSha256 = Hmac<Sha256>;

/// SHA-256's block size, the length keys are padded to.
const BLOCK: usize = 64;

/// A fresh HMAC-SHA256 state keyed with `key`. `Mac::new_from_slice`
/// returns a `Result` it never fails for HMAC; zero-padding the key to a
/// block (after hashing one longer than a block) is RFC 2104's own first
/// step, and lets the infallible `KeyInit::new` do the rest.
fn keyed(key: &[u8]) -> HmacSha256 {
    let mut block = hmac::digest::Key::<HmacSha256>::default();
    let hashed;
    let key = if key.len() > BLOCK {
        hashed = Sha256::digest(key);
        hashed.as_slice()
    } else {
        key
    };
    if let Some(dst) = block.get_mut(..key.len()) {
        dst.copy_from_slice(key);
    }
    <HmacSha256 as KeyInit>::new(&block)
}

fn finish(mac: HmacSha256) -> [u8; 32] {
    mac.finalize().into_bytes().into()
}

/// HMAC-SHA256 (RFC 2104) of the concatenated `parts`.
pub fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut mac = keyed(key);
    for part in parts {
        mac.update(part);
    }
    finish(mac)
}

/// The 006 signature: HMAC keyed with the certificate, over the
/// concatenated `parts`. The keyed state is kept for the last certificate
/// on this thread.
pub(crate) fn sign_006(app_certificate: &str, parts: &[&[u8]]) -> [u8; 32] {
    thread_local! {
        static LAST: RefCell<Option<(String, HmacSha256)>> = const { RefCell::new(None) };
    }
    let cached = LAST.try_with(|last| {
        let mut last = last.try_borrow_mut().ok()?;
        match last.as_ref() {
            Some((certificate, mac)) if certificate == app_certificate => Some(mac.clone()),
            _ => {
                let mac = keyed(app_certificate.as_bytes());
                *last = Some((app_certificate.to_owned(), mac.clone()));
                Some(mac)
            }
        }
    });
    let mut mac = cached
        .ok()
        .flatten()
        .unwrap_or_else(|| keyed(app_certificate.as_bytes()));
    for part in parts {
        mac.update(part);
    }
    finish(mac)
}

/// AccessToken2 signature (docs/token-format.md, "Signature"): the timestamp and salt are
/// the HMAC *keys*, the certificate's ASCII text the first message.
pub fn sign_007(app_certificate: &str, issue_ts: u32, salt: u32, signing_info: &[u8]) -> [u8; 32] {
    hmac_sha256(
        &signing_key_007(app_certificate, issue_ts, salt),
        &[signing_info],
    )
}

/// The key [`sign_007`] signs with: `HMAC(u32le(salt), k1)`. A builder
/// computes it before packing the signing info, which does not depend on
/// it, so the CPU can overlap the packing with this chain of SHA-256
/// compressions.
pub fn signing_key_007(app_certificate: &str, issue_ts: u32, salt: u32) -> [u8; 32] {
    let k1 = first_key(app_certificate, issue_ts);
    hmac_sha256(&salt.to_le_bytes(), &[&k1])
}

/// `HMAC(u32le(issue_ts), certificate)`. A server builds its tokens with
/// one certificate and `issue_ts` = now, so this only changes once a second:
/// the last value per thread is kept, keyed by the full certificate text
/// and the timestamp, which saves one of the three HMACs per token.
fn first_key(app_certificate: &str, issue_ts: u32) -> [u8; 32] {
    thread_local! {
        static LAST: RefCell<(String, u32, [u8; 32])> = const { RefCell::new((String::new(), 0, [0; 32])) };
    }
    let compute = || hmac_sha256(&issue_ts.to_le_bytes(), &[app_certificate.as_bytes()]);
    LAST.try_with(|last| {
        let mut last = last.try_borrow_mut().ok()?;
        if last.1 != issue_ts || last.0 != app_certificate || last.0.is_empty() {
            let k1 = compute();
            last.0.clear();
            last.0.push_str(app_certificate);
            last.1 = issue_ts;
            last.2 = k1;
        }
        Some(last.2)
    })
    .ok()
    .flatten()
    .unwrap_or_else(compute)
}

/// Whether `signature` is `expected`, in time independent of where they
/// differ (a length mismatch is answered at once: lengths are public).
pub fn signature_matches(expected: &[u8; 32], signature: &[u8]) -> bool {
    expected.as_slice().ct_eq(signature).into()
}

/// Lower-case hex of `bytes` (`parseToken`'s `signature`, the tests' vectors).
pub fn to_hex(bytes: &[u8]) -> String {
    base16ct::lower::encode_string(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deterministic, non-repeating-looking bytes.
    fn bytes(len: usize, seed: u32) -> Vec<u8> {
        let mut x = seed.wrapping_mul(0x9e37_79b9) | 1;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x.to_le_bytes()[0]
            })
            .collect()
    }

    /// The `hmac` crate's own key handling, which [`keyed`] stands in for.
    fn by_slice(key: &[u8], message: &[u8]) -> [u8; 32] {
        let Ok(mut mac) = <HmacSha256 as Mac>::new_from_slice(key) else {
            return [0; 32];
        };
        mac.update(message);
        finish(mac)
    }

    #[test]
    fn padded_keys_sign_as_the_crate_does_for_every_key_length() {
        let message = bytes(100, 1);
        for key_len in 0..=130 {
            let key = bytes(key_len, 2 + key_len as u32);
            let (a, b) = message.split_at(key_len % 100);
            assert_eq!(
                hmac_sha256(&key, &[a, b]),
                by_slice(&key, &message),
                "key {key_len} bytes"
            );
        }
    }

    #[test]
    fn rfc4231_vector() {
        // RFC 4231 test case 2 (key shorter than the output).
        let mac = hmac_sha256(b"Jefe", &[b"what do ya want ", b"for nothing?"]);
        assert_eq!(
            to_hex(&mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn canonical_intermediate_keys() {
        let cert = "5CFd2fd1755d40ecb72977518be15d3b";
        let k1 = hmac_sha256(&1111111u32.to_le_bytes(), &[cert.as_bytes()]);
        assert_eq!(
            to_hex(&k1),
            "e0f6141e54329d72102500478ec18e0020a5eeef53bbcccc442c6c2f7f178251"
        );
        let k2 = hmac_sha256(&1u32.to_le_bytes(), &[&k1]);
        assert_eq!(
            to_hex(&k2),
            "cee2fa8dcbe868c30ca8c959d97fad4a5049c634da48449f1b8f59c14fa61073"
        );
    }

    #[test]
    fn cached_first_key_follows_certificate_and_time() {
        let info = b"signing info";
        let direct = |cert: &str, ts: u32| {
            let k1 = hmac_sha256(&ts.to_le_bytes(), &[cert.as_bytes()]);
            hmac_sha256(&hmac_sha256(&7u32.to_le_bytes(), &[&k1]), &[info])
        };
        let a = "5CFd2fd1755d40ecb72977518be15d3b";
        let b = "5CFd2fd1755d40ecb72977518be15d3c";
        for (cert, ts) in [
            (a, 1),
            (a, 1),
            (b, 1),
            (a, 1),
            (a, 2),
            ("", 2),
            ("", 2),
            (a, 2),
        ] {
            assert_eq!(sign_007(cert, ts, 7, info), direct(cert, ts));
        }
    }

    #[test]
    fn cached_006_key_follows_the_certificate() {
        let parts: [&[u8]; 2] = [b"app", b"message"];
        let a = "5CFd2fd1755d40ecb72977518be15d3b";
        let b = "5CFd2fd1755d40ecb72977518be15d3c";
        for cert in [a, a, b, a, "", a] {
            assert_eq!(sign_006(cert, &parts), hmac_sha256(cert.as_bytes(), &parts));
        }
    }

    #[test]
    fn signatures_match_on_content_and_length() {
        let expected = hmac_sha256(b"k", &[b"m"]);
        assert!(signature_matches(&expected, &expected));
        let mut other = expected;
        other[31] ^= 1;
        assert!(!signature_matches(&expected, &other));
        assert!(!signature_matches(&expected, &expected[..31]));
    }
}
