//! The zlib (RFC 1950) wrapper of AccessToken2 content.
//!
//! Decompression runs on untrusted tokens, so it is a well-kept, fuzzed
//! inflater: zlib-rs through `flate2`, one `Decompress` reused per thread
//! (reset per token: a fresh one allocates and sets up ~50 KB of state).
//! Chosen by measurement with that reuse: zlib-rs inflates a token's
//! stream in ~0.5 µs where miniz_oxide took 2-3 µs (it rebuilds its
//! Huffman tables for every block, fixed ones included, which also makes
//! a stream of empty fixed blocks cost it ~5 µs per compressed byte; zlib-rs
//! ~20 ns). The output is capped at [`MAX_CONTENT`] while inflating.
//!
//! Compression is the small deflate encoder of `token::deflate` (its
//! header says what it replaces and why): greedy LZ77 over a one-probe
//! hash table, emitted as one fixed-Huffman block or, for longer content
//! over few characters, a dynamic-Huffman block of the same matches; this
//! module picks among those and stored blocks.

use std::cell::RefCell;

use flate2::{Decompress, FlushDecompress, Status};

use crate::error::{Error, Result};
use crate::token::deflate::{
    dynamic_huffman_block, dynamic_may_pay, fixed_huffman_block, fixed_huffman_block_of,
    fixed_huffman_bound, lazy_repeats,
};
use crate::token::limits::MAX_CONTENT;

/// zlib header: deflate, 32 KB window, "default compression" level hint. The
/// level bits are informational (RFC 1950 §2.2); `78 9c` keeps the familiar
/// `007eJ` token prefix.
pub(crate) const ZLIB_HEADER: [u8; 2] = [0x78, 0x9c];

/// Content longer than this is matched by the lazy matcher and also gets a
/// dynamic-Huffman block of the same matches. Short content (a numeric uid, a short account) gains nothing
/// from code tables that cost 30-60 bytes to describe; longer text over
/// few characters does: digits need 3-4 bits, not fixed Huffman's 8.
/// Above ~205 bytes, content of 32 random signature bytes and digits (all
/// valid: a hex App ID, a numeric channel, a numeric string account) made
/// the fixed block alone more than 20% longer than zlib level 6 (up to
/// 25% at 256 bytes), the most a token may differ; at 192 the worst seen
/// is 17%.
pub(crate) const DYNAMIC_HUFFMAN_FROM: usize = 192;

/// Compresses `data` into a zlib stream: the smaller of a fixed-Huffman
/// block (or stored blocks) and, for longer content where it may pay, a
/// dynamic-Huffman block. Pure Rust, so the output is the same on every
/// platform. The length rule (a token at most 20% longer than at zlib
/// level 6) is held by the sweep test below, over packed token contents of
/// every shape up to the longest a builder makes (worst seen: 1.151).
pub fn compress(data: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::new();
    compress_into(data, &mut bytes);
    bytes
}

/// [`compress`], appended to `out` (a caller's reused buffer).
pub fn compress_into(data: &[u8], out: &mut Vec<u8>) {
    let start = out.len();
    out.reserve(ZLIB_HEADER.len() + fixed_huffman_bound(data.len()) + 4);
    out.extend_from_slice(&ZLIB_HEADER);
    let body = start + ZLIB_HEADER.len();
    // Longer content gets the thorough matcher, whose repeats both blocks
    // code; short content (the hot path) the greedy one.
    let mut found = Vec::new();
    let coded = if data.len() > DYNAMIC_HUFFMAN_FROM {
        found.reserve(data.len() / 8);
        let matched = lazy_repeats(data, &mut found);
        if matched {
            fixed_huffman_block_of(data, &found, out);
        }
        matched
    } else {
        fixed_huffman_block(data, out)
    };
    if !coded || out.len() - start > stored_len(data.len()) {
        // Incompressible input (unusual for tokens): stored blocks never grow
        // the data by more than 5 bytes per 64 KB.
        out.truncate(body);
        stored_blocks(data, out);
    }
    let coded_len = out.len() - body;
    if coded && data.len() > DYNAMIC_HUFFMAN_FROM && dynamic_may_pay(data, &found, coded_len) {
        let block = dynamic_huffman_block(data, &found);
        if block.len() < coded_len {
            out.truncate(body);
            out.extend_from_slice(&block);
        }
    }
    out.extend_from_slice(&adler32(data).to_be_bytes());
}

thread_local! {
    /// This thread's inflater, reset for each token.
    static INFLATER: RefCell<Option<Decompress>> = const { RefCell::new(None) };
}

/// Inflates a zlib stream (a bad header, preset dictionary, corrupt data,
/// wrong Adler-32 or missing end are `ERR_INVALID_TOKEN`), refusing output
/// above [`MAX_CONTENT`] bytes and trailing bytes after the stream.
pub fn decompress(data: &[u8]) -> Result<Vec<u8>> {
    let reused = INFLATER.try_with(|cell| {
        let mut slot = cell.try_borrow_mut().ok()?;
        let inflater = slot.get_or_insert_with(|| Decompress::new(true));
        inflater.reset(true);
        Some(inflate(inflater, data))
    });
    match reused.ok().flatten() {
        Some(result) => result,
        // Only while the thread is being torn down.
        None => inflate(&mut Decompress::new(true), data),
    }
}

/// Free output zlib-rs's fast loop needs (its `INFLATE_FAST_MIN_LEFT`: the
/// longest match and a margin).
const FAST_LOOP_ROOM: usize = 260;

fn inflate(inflater: &mut Decompress, data: &[u8]) -> Result<Vec<u8>> {
    let corrupt = || Error::invalid_token("token is not a valid zlib stream");
    // Token content is 1-2 times its compressed size; a bomb grows the
    // buffer by doubling up to the cap. The room past the content keeps
    // zlib-rs in its fast loop, which runs only while [`FAST_LOOP_ROOM`]
    // bytes are free: with 2× and no room, the last ~70 bytes of a normal
    // token went through the per-symbol loop (inflate 0.60 µs, now 0.46 µs,
    // `cargo run --release --example token_speed`).
    let mut out = Vec::with_capacity(
        data.len()
            .saturating_mul(3)
            .saturating_add(FAST_LOOP_ROOM)
            .min(MAX_CONTENT + 1),
    );
    loop {
        let consumed = usize::try_from(inflater.total_in()).unwrap_or(usize::MAX);
        let input = data.get(consumed..).ok_or_else(corrupt)?;
        let status = inflater
            .decompress_vec(input, &mut out, FlushDecompress::Finish)
            .map_err(|_| corrupt())?;
        if out.len() > MAX_CONTENT {
            return Err(Error::invalid_token("token content inflates beyond 64 KiB"));
        }
        match status {
            Status::StreamEnd => break,
            // Room left in the buffer but no end: the input ran out.
            _ if out.len() < out.capacity() => return Err(corrupt()),
            // One byte past the cap tells a stream of exactly MAX_CONTENT
            // bytes from a longer one.
            _ => out.reserve_exact(out.capacity().min(MAX_CONTENT + 1 - out.len())),
        }
    }
    if inflater.total_in() != data.len() as u64 {
        return Err(Error::invalid_token(
            "trailing bytes after the token's zlib stream",
        ));
    }
    Ok(out)
}

fn stored_len(n: usize) -> usize {
    ZLIB_HEADER.len() + n + 5 * n.div_ceil(0xFFFF).max(1)
}

fn stored_blocks(data: &[u8], out: &mut Vec<u8>) {
    out.reserve(stored_len(data.len()) + 4);
    let mut chunks = data.chunks(0xFFFF).peekable();
    if chunks.peek().is_none() {
        out.extend_from_slice(&[1, 0, 0, 0xFF, 0xFF]);
    }
    while let Some(chunk) = chunks.next() {
        let last = u8::from(chunks.peek().is_none());
        let len = chunk.len() as u16;
        out.push(last);
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(chunk);
    }
}

/// The Adler-32 of `data` (RFC 1950 §8), the zlib trailer.
pub fn adler32(data: &[u8]) -> u32 {
    zlib_rs::adler32::adler32(1, data)
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::token::deflate::test_support::{
        assert_inflates, few_character_content, reference, token_content, uuid_account,
    };
    use rand::{Rng, SeedableRng};

    fn inflate_ok(data: &[u8]) {
        let z = compress(data);
        assert_eq!(&z[..2], &ZLIB_HEADER);
        assert_inflates(&z, data);
    }

    #[test]
    fn round_trips_edge_cases() {
        inflate_ok(b"");
        inflate_ok(b"a");
        inflate_ok(b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        inflate_ok(&[0xFFu8; 1000]);
        inflate_ok(&(0..=255u8).collect::<Vec<_>>());
        let long: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        inflate_ok(&long);
    }

    #[test]
    fn round_trips_random_and_repetitive_data() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        for _ in 0..3000 {
            let n = rng.gen_range(0..1200);
            let alphabet = rng.gen_range(1..=256u32);
            let mut data: Vec<u8> = (0..n).map(|_| (rng.gen_range(0..alphabet)) as u8).collect();
            if n > 20 {
                // splice in copies of earlier runs, like an account packed twice
                let from = rng.gen_range(0..n / 2);
                let len = rng.gen_range(1..(n - from).min(300));
                let copy = data[from..from + len].to_vec();
                data.extend_from_slice(&copy);
            }
            inflate_ok(&data);
        }
    }

    fn unhex(parts: &[&str]) -> Vec<u8> {
        let hex = parts.concat();
        (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or_default())
            .collect()
    }

    #[test]
    fn token_content_compresses_to_the_same_bytes_everywhere() {
        // An RTC token's content (random text uid); the expected stream
        // was produced by this encoder and inflated with Python's zlib.
        // A change here changes the tokens every builder emits.
        let content = unhex(&[
            "2000352f665fed4b899904625277314eeaf4c1f3675d4b4d748a2b828477a282",
            "091e200042303532424536656335666630424266436331616664303842313042",
            "6343344100f15365100e0000050000000100010004000100100e00000200100e",
            "00000300100e00000400100e0000010037220035383335343736313231373034",
            "363130393338313538353639303331313539303130",
        ]);
        let expected = unhex(&[
            "789c536030d54f8b7febdd39932529a8dcd0efd597839fd363bd7d4bbab49b5a",
            "ca173571ca29303819981a39b99aa5269ba6a5193839a539271b26a6a5185838",
            "191a38253b9b38327c0c4e15e0636060656060600442162006f199c024339864",
            "01938c0ce64a0ca616c6a626e666864686e6062666860696c61686a616a66696",
            "06c68686a69606860600ef1820c8",
        ]);
        assert_eq!(compress(&content), expected);
        assert_eq!(reference(&expected), Some(content));
    }

    #[test]
    fn adler32_matches_the_bytewise_definition() {
        let data: Vec<u8> = (0..20_000u32).map(|i| (i * 7 + i / 13) as u8).collect();
        for n in [0, 1, 15, 16, 17, 100, 5551, 5552, 5553, 20_000] {
            let (mut a, mut b) = (1u64, 0u64);
            for &byte in &data[..n] {
                a = (a + u64::from(byte)) % 65521;
                b = (b + a) % 65521;
            }
            assert_eq!(adler32(&data[..n]), (b << 16 | a) as u32, "n {n}");
        }
    }

    #[test]
    fn falls_back_to_stored_blocks_for_incompressible_data() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        let data: Vec<u8> = (0..70_000).map(|_| rng.gen()).collect();
        let z = compress(&data);
        assert!(z.len() <= stored_len(data.len()) + 4);
        inflate_ok(&data);
    }

    #[test]
    fn inflates_what_zlib_deflates_at_every_level_and_agrees_with_miniz_on_damage() {
        use std::io::Write;
        let mut rng = rand::rngs::StdRng::seed_from_u64(3);
        for round in 0..2000 {
            let n = rng.gen_range(0..3000);
            let alphabet = rng.gen_range(1..=256u32);
            let data: Vec<u8> = (0..n).map(|_| (rng.gen_range(0..alphabet)) as u8).collect();
            let mut e =
                flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(round % 10));
            e.write_all(&data).ok();
            let z = e.finish().unwrap_or_default();
            assert_eq!(
                decompress(&z).ok(),
                Some(data.clone()),
                "level {}",
                round % 10
            );
            let mut damaged = z.clone();
            for _ in 0..rng.gen_range(1..4) {
                let i = rng.gen_range(0..damaged.len());
                damaged[i] ^= 1 << rng.gen_range(0..8);
            }
            if rng.gen_bool(0.2) {
                damaged.truncate(rng.gen_range(0..damaged.len()));
            }
            assert_eq!(
                decompress(&damaged).ok(),
                reference(&damaged),
                "round {round}"
            );
        }
    }

    #[test]
    fn adler32_matches_known_value() {
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
        assert_eq!(adler32(b""), 1);
    }

    #[test]
    fn refuses_bombs_and_trailing_garbage() {
        let code = |z: &[u8]| decompress(z).map_err(|e| e.code);
        let exactly = vec![0u8; MAX_CONTENT];
        assert_eq!(
            decompress(&compress(&exactly)).map(|c| c.len()),
            Ok(MAX_CONTENT)
        );
        for big in [MAX_CONTENT + 1, 8 << 20] {
            assert_eq!(
                code(&compress(&vec![0u8; big])),
                Err(ErrorCode::InvalidToken)
            );
        }
        let mut z = compress(b"hello");
        z.push(0);
        assert_eq!(code(&z), Err(ErrorCode::InvalidToken));
        // Every truncation, the empty stream included.
        let z = compress(b"hello hello hello");
        for n in 0..z.len() {
            assert_eq!(code(&z[..n]), Err(ErrorCode::InvalidToken), "{n} bytes");
        }
    }

    #[test]
    fn refuses_headers_zlib_refuses_and_preset_dictionaries() {
        let body = &compress(b"hello")[2..];
        let with = |header: [u8; 2]| [&header[..], body].concat();
        // The window size may be declared smaller, not larger than 32 KB.
        assert_eq!(
            decompress(&with([0x08, 0x1d])).as_deref(),
            Ok(&b"hello"[..])
        );
        for header in [
            [0x78, 0x9d], // header checksum off by one
            [0x88, 0x98], // a 64 KB window
            [0x79, 0x18], // method 9, checksum right
            [0x78, 0xbb], // preset dictionary (FDICT), checksum right
        ] {
            assert_eq!(
                decompress(&with(header)).map_err(|e| e.code),
                Err(ErrorCode::InvalidToken),
                "{header:02x?}"
            );
        }
    }

    #[test]
    fn digit_content_gets_the_dynamic_block_and_uuid_content_skips_it() {
        use crate::token::pack::Writer;
        let mut rng = rand::rngs::StdRng::seed_from_u64(29);
        // RTC+RTM when `rtm`, else RTC alone.
        let content = |rng: &mut rand::rngs::StdRng, channel: &[u8], account: &[u8], rtm| {
            let mut w = Writer::default();
            w.buf.extend_from_slice(&32u16.to_le_bytes());
            w.buf.extend((0..32).map(|_| rng.gen::<u8>()));
            let _ = w.bytes(b"970CA35de60c44645bbae8a215061b33", "appId");
            for _ in 0..3 {
                w.u32(rng.gen());
            }
            w.u16(1 + u16::from(rtm));
            w.u16(1);
            let _ = w.map(&[(1, 3600), (2, 3600)]);
            let _ = w.bytes(channel, "channelName");
            let _ = w.bytes(account, "uid");
            if rtm {
                w.u16(2);
                let _ = w.map(&[(1, 3600)]);
                let _ = w.bytes(account, "userId");
            }
            w.buf
        };
        // BTYPE (bits 1-2 of the block's first byte): 01 fixed, 10 dynamic.
        let btype = |z: &[u8]| z[2] >> 1 & 3;
        for _ in 0..200 {
            let digits = |rng: &mut rand::rngs::StdRng, n| -> Vec<u8> {
                (0..n).map(|_| rng.gen_range(b'0'..=b'9')).collect()
            };
            let (channel, account) = (digits(&mut rng, 63), digits(&mut rng, 81));
            let data = content(&mut rng, &channel, &account, false);
            assert!((193..=256).contains(&data.len()));
            assert_eq!(btype(&compress(&data)), 2);
            let channel = uuid_account(&mut rng);
            let account = uuid_account(&mut rng);
            let data = content(&mut rng, &channel, &account, true);
            assert!((193..=256).contains(&data.len()));
            assert_eq!(btype(&compress(&data)), 1);
        }
    }

    /// zlib level 6 (zlib-rs), the length rule's yardstick.
    fn level6(data: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
        e.write_all(data).ok();
        e.finish().unwrap_or_default()
    }

    /// `"007"` plus the base64 of `compressed`.
    fn token_len(compressed: &[u8]) -> usize {
        3 + compressed.len().div_ceil(3) * 4
    }

    #[test]
    fn tokens_stay_within_a_fifth_of_zlib_level_6() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(17);
        let mut worst = (0.0f64, Vec::new());
        let few_characters = (2..=16).flat_map(|k| (40..=180).step_by(5).map(move |n| (k, n)));
        let contents: Vec<Vec<u8>> = few_characters
            .map(|(k, n)| few_character_content(&mut rng, n, k))
            .collect();
        let random = (0..12_000)
            .map(|_| token_content(&mut rng))
            .collect::<Vec<_>>();
        for content in contents.into_iter().chain(random) {
            let ours = compress(&content);
            assert_eq!(decompress(&ours).as_deref(), Ok(&content[..]));
            assert_eq!(reference(&ours).as_deref(), Some(&content[..]));
            let level6 = level6(&content);
            let ratio = token_len(&ours) as f64 / token_len(&level6) as f64;
            if ratio > worst.0 {
                worst = (ratio, content);
            }
        }
        let (ratio, content) = worst;
        // The rule allows 1.2. Worst seen: 1.151, a 191-byte content whose
        // strings use two letters (the greedy matcher's range; above 192
        // bytes the lazy one keeps it below 1.12). Against miniz's
        // level 6, the yardstick before zlib-rs, the greedy matcher looked
        // fine above 192 bytes too; real zlib showed 1.244 there.
        assert!(ratio <= 1.16, "{ratio:.3} for {content:02x?}");
    }
}
