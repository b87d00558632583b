//! HMAC-SHA256 signatures of both token generations.

use sha2::compress256;
use sha2::digest::consts::U64;
use sha2::digest::generic_array::GenericArray;

/// The unit `compress256` consumes.
type Block = GenericArray<u8, U64>;

/// SHA-256 initial hash value (FIPS 180-4 §5.3.3).
const IV: [u32; 8] = [
    0x6a09_e667,
    0xbb67_ae85,
    0x3c6e_f372,
    0xa54f_f53a,
    0x510e_527f,
    0x9b05_688c,
    0x1f83_d9ab,
    0x5be0_cd19,
];

/// Blocks buffered per `compress256` call. SHA-NI pays a fixed cost per
/// call (feature check, state shuffled in and out), so a run of blocks per
/// call beats one call per block. Five blocks hold a whole HMAC inner hash
/// of up to 247 message bytes (pad block + message + 9 bytes of padding),
/// which covers AccessToken2 signing info (~140–190 bytes); the buffer is
/// zeroed for every hash, so it is not made larger than that (8 blocks
/// measured slower in a first version of this code).
const RUN: usize = 5;

/// SHA-256 over `compress256` of an optional first block (`key` XOR `pad`,
/// the start of an HMAC hash) followed by the concatenated `parts`.
///
/// The `hmac`/`sha2` wrappers copy each part through their own block
/// buffers, call the compression once per block and clone precomputed pad
/// states, which showed up as overhead next to the compressions a token
/// needs. Here everything is written in place into one stack buffer of
/// `RUN` blocks and padded by hand. (`compress256` wants `&[Block]`, and a
/// byte slice cannot be viewed as blocks without `unsafe`, hence the copy.)
/// `side`, an HMAC's outer pad block, is compressed right after the first
/// run (see `run`).
fn sha256(first: Option<(&[u8], u8)>, parts: &[&[u8]], mut side: Side<'_>) -> [u8; 32] {
    let mut state = IV;
    let mut blocks: [Block; RUN] = Default::default();
    // Bytes buffered in `blocks`, kept below `RUN * 64` between writes.
    let mut fill = 0usize;
    // Bytes hashed in all, for the length field.
    let mut len = 0u64;
    if let (Some((key, pad)), Some(block)) = (first, blocks.first_mut()) {
        write_pad_block(block, key, pad);
        fill = 64;
        len = 64;
    }
    for part in parts {
        len = len.wrapping_add(part.len() as u64);
        let mut data: &[u8] = part;
        while !data.is_empty() {
            let (index, offset) = (fill / 64, fill % 64);
            let n = data.len().min(64 - offset);
            let (head, rest) = data.split_at(n);
            // `fill < RUN * 64` holds, so the block and range always exist;
            // `get_mut` only keeps the indexing free of panic paths.
            if let Some(dst) = blocks
                .get_mut(index)
                .and_then(|b| b.get_mut(offset..offset + n))
            {
                dst.copy_from_slice(head);
            }
            data = rest;
            fill += n;
            if fill == RUN * 64 {
                run(&mut state, &blocks, &mut side);
                fill = 0;
            }
        }
    }

    // Padding (FIPS 180-4 §5.1.1): 0x80, zeros, then the 64-bit big-endian
    // bit length in the last 8 bytes of a block.
    let (mut index, offset) = (fill / 64, fill % 64);
    if let Some(block) = blocks.get_mut(index) {
        if let Some(tail) = block.get_mut(offset..) {
            tail.fill(0);
        }
        if let Some(b) = block.get_mut(offset) {
            *b = 0x80;
        }
    }
    if offset >= 56 {
        // No room left for the length: it goes into one more block, which
        // may first need the full buffer hashed.
        index += 1;
        if index == RUN {
            run(&mut state, &blocks, &mut side);
            index = 0;
        }
        if let Some(block) = blocks.get_mut(index) {
            block.fill(0);
        }
    }
    if let Some(dst) = blocks.get_mut(index).and_then(|b| b.get_mut(56..)) {
        dst.copy_from_slice(&len.wrapping_mul(8).to_be_bytes());
    }
    run(
        &mut state,
        blocks.get(..=index).unwrap_or_default(),
        &mut side,
    );
    state_bytes(&state)
}

/// An independent one-block compression (the HMAC outer pad block) to run
/// next to the first compression of a hash.
type Side<'a> = Option<(&'a mut [u32; 8], &'a Block)>;

/// Compresses `blocks`, then the pending side block if any. SHA-NI
/// compression is bound by latency, not throughput: two independent
/// compressions issued back to back overlap in the out-of-order core
/// (measured ~26 ns per block instead of ~39), so the outer pad block is
/// kept off the critical path of the inner chain.
fn run(state: &mut [u32; 8], blocks: &[Block], side: &mut Side<'_>) {
    compress256(state, blocks);
    if let Some((side_state, block)) = side.take() {
        compress256(side_state, core::slice::from_ref(block));
    }
}

/// `key` (at most 64 bytes, zero-padded) XOR `pad`, in place.
fn write_pad_block(block: &mut Block, key: &[u8], pad: u8) {
    block.fill(pad);
    for (dst, k) in block.iter_mut().zip(key) {
        *dst ^= k;
    }
}

fn state_bytes(state: &[u32; 8]) -> [u8; 32] {
    let mut out = [0; 32];
    for (dst, word) in out.chunks_exact_mut(4).zip(state) {
        dst.copy_from_slice(&word.to_be_bytes());
    }
    out
}

/// HMAC-SHA256 (RFC 2104) of the concatenated `parts`.
pub fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // A key longer than a block is replaced by its hash (all AccessToken2
    // keys are 4 or 32 bytes; this keeps HMAC total anyway).
    let hashed;
    let key = if key.len() > 64 {
        hashed = sha256(None, &[key], None);
        hashed.as_slice()
    } else {
        key
    };
    // The outer hash's first block (`key` XOR opad) does not depend on the
    // inner hash: it is compressed alongside the inner one's first run.
    let mut outer: [Block; 2] = Default::default();
    let [opad, tail] = &mut outer;
    write_pad_block(opad, key, 0x5c);
    let mut state = IV;
    let inner = sha256(Some((key, 0x36)), parts, Some((&mut state, opad)));

    // The outer message is always the 32-byte inner hash, so its padding
    // is fixed.
    if let Some(dst) = tail.get_mut(..32) {
        dst.copy_from_slice(&inner);
    }
    if let Some(b) = tail.get_mut(32) {
        *b = 0x80;
    }
    if let Some(dst) = tail.get_mut(56..) {
        dst.copy_from_slice(&((64u64 + 32) * 8).to_be_bytes());
    }
    compress256(&mut state, core::slice::from_ref(tail));
    state_bytes(&state)
}

/// AccessToken2 signature (token-format.md §1.4): the timestamp and salt are
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
/// compressions (measured 1–3% of a build).
pub fn signing_key_007(app_certificate: &str, issue_ts: u32, salt: u32) -> [u8; 32] {
    let k1 = first_key(app_certificate, issue_ts);
    hmac_sha256(&salt.to_le_bytes(), &[&k1])
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
    use hmac::{Hmac, Mac};

    /// The `hmac` crate's HMAC-SHA256, the oracle for the hand-rolled one.
    fn oracle(key: &[u8], message: &[u8]) -> [u8; 32] {
        let mac = Hmac::<sha2::Sha256>::new_from_slice(key);
        assert!(mac.is_ok(), "HMAC accepts keys of any length");
        let Ok(mut mac) = mac else { return [0; 32] };
        mac.update(message);
        mac.finalize().into_bytes().into()
    }

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

    #[test]
    fn matches_hmac_crate_for_all_key_and_message_lengths() {
        let message = bytes(300, 1);
        for key_len in 0..=130 {
            let key = bytes(key_len, 2 + key_len as u32);
            for len in 0..=300 {
                let m = message.get(..len).unwrap_or_default();
                let expected = oracle(&key, m);
                // One part, then 2–4 parts split at points that move with
                // the lengths (empty parts and block-straddling ones
                // included), so the buffer sees every alignment.
                let (a, b, c) = ((len * 7 + key_len) % (len + 1), len / 2, (len * 3) / 4);
                let mut cuts = [a.min(b), a.max(b), c.max(a.max(b))];
                cuts.sort_unstable();
                let [x, y, z] = cuts;
                let part = |from: usize, to: usize| m.get(from..to).unwrap_or_default();
                let splits: [&[&[u8]]; 4] = [
                    &[m],
                    &[part(0, x), part(x, len)],
                    &[part(0, x), part(x, y), part(y, len)],
                    &[part(0, x), part(x, y), part(y, z), part(z, len)],
                ];
                for parts in splits {
                    assert_eq!(
                        hmac_sha256(&key, parts),
                        expected,
                        "key {key_len} bytes, message {len} bytes, parts {:?}",
                        parts.iter().map(|p| p.len()).collect::<Vec<_>>()
                    );
                }
            }
        }
    }

    #[test]
    fn long_message_crosses_many_buffer_runs() {
        let message = bytes(5000, 3);
        for key_len in [0, 4, 32, 64, 65, 200] {
            let key = bytes(key_len, 4);
            let expected = oracle(&key, &message);
            assert_eq!(hmac_sha256(&key, &[&message]), expected);
            let (a, b) = message.split_at(1234);
            assert_eq!(hmac_sha256(&key, &[a, &[], b]), expected);
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
    fn constant_time_eq_compares_content_and_length() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
