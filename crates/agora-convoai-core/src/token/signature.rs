//! HMAC-SHA256 signatures of both token generations.

use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

pub fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC takes keys of any length, so construction cannot fail; the
    // fallback only keeps this function total without a panic path.
    let Ok(mut mac) = HmacSha256::new_from_slice(key) else {
        return [0; 32];
    };
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// AccessToken2 signature (token-format.md §1.4): the timestamp and salt are
/// the HMAC *keys*, the certificate's ASCII text the first message.
pub fn sign_007(app_certificate: &str, issue_ts: u32, salt: u32, signing_info: &[u8]) -> [u8; 32] {
    let k1 = first_key(app_certificate, issue_ts);
    let k2 = hmac_sha256(&salt.to_le_bytes(), &[&k1]);
    hmac_sha256(&k2, &[signing_info])
}

/// `HMAC(u32le(issue_ts), certificate)`. A server builds its tokens with
/// one certificate and `issue_ts` = now, so this only changes once a second:
/// the last value per thread is kept, keyed by the full certificate text
/// and the timestamp, which saves one of the three HMACs per token.
fn first_key(app_certificate: &str, issue_ts: u32) -> [u8; 32] {
    use std::cell::RefCell;
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

/// Compares two byte strings in time independent of where they differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        for nibble in [b >> 4, b & 15] {
            s.push(char::from(
                DIGITS.get(usize::from(nibble)).copied().unwrap_or(b'0'),
            ));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn constant_time_eq_compares_content_and_length() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
