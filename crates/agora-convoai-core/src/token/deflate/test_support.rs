//! Test helpers shared by the encoder's modules and the zlib stream: a
//! reference decoder, and token contents as the builders pack them.
#![allow(clippy::indexing_slicing)]

use crate::token::limits::MAX_CONTENT;
use crate::token::zlib::{adler32, decompress, ZLIB_HEADER};
use rand::Rng;

/// A second inflater, independent of the zlib-rs one [`decompress`] runs:
/// miniz_oxide with the same rules (output capped at `MAX_CONTENT`, no
/// byte after the stream).
pub(crate) fn reference(data: &[u8]) -> Option<Vec<u8>> {
    reference_up_to(data, MAX_CONTENT)
}

fn reference_up_to(data: &[u8], cap: usize) -> Option<Vec<u8>> {
    use miniz_oxide::inflate::stream::{inflate, InflateState};
    use miniz_oxide::{DataFormat, MZFlush, MZStatus};
    let mut state = InflateState::new_boxed(DataFormat::Zlib);
    let mut out = vec![0; cap + 1];
    let result = inflate(&mut state, data, &mut out, MZFlush::Finish);
    let ended = result.status == Ok(MZStatus::StreamEnd);
    out.truncate(result.bytes_written);
    (ended && result.bytes_consumed == data.len() && out.len() <= cap).then_some(out)
}

/// `z`, a zlib stream of `data`, inflates to `data` with miniz_oxide and,
/// up to the cap, with [`decompress`] (which refuses longer content). The
/// encoder itself has no cap: content up to 1 MiB is checked.
pub(crate) fn assert_inflates(z: &[u8], data: &[u8]) {
    let n = data.len();
    assert_eq!(
        reference_up_to(z, 1 << 20).as_deref(),
        Some(data),
        "len {n}"
    );
    match decompress(z) {
        Ok(content) => assert!(n <= MAX_CONTENT && content == data, "len {n}"),
        Err(e) => assert!(n > MAX_CONTENT, "len {n}: {e}"),
    }
}

/// `block` (a block of `data`) as a zlib stream that zlib-rs and
/// miniz_oxide both decode to `data`.
pub(crate) fn assert_block_inflates(block: &[u8], data: &[u8]) {
    let mut z = ZLIB_HEADER.to_vec();
    z.extend_from_slice(block);
    z.extend_from_slice(&adler32(data).to_be_bytes());
    assert_inflates(&z, data);
}

/// Characters a user may put in a channel name or account.
pub(crate) const USER_CHARS: &[u8] =
    b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !#$%&()+-:;<=.>?@[]^_{}|~,";

/// A user string of `len` bytes: random, one repeated character, a
/// random period repeated, digits, or hex.
pub(crate) fn user_text(rng: &mut rand::rngs::StdRng, len: usize) -> Vec<u8> {
    let pick = |rng: &mut rand::rngs::StdRng, set: &[u8]| set[rng.gen_range(0..set.len())];
    match rng.gen_range(0..7) {
        0 => vec![pick(rng, USER_CHARS); len],
        6 => {
            // A few distinct characters at random: no repeats to
            // match, but codes of 3 or 4 bits for level 6.
            let k = rng.gen_range(2..=16);
            (0..len).map(|_| USER_CHARS[rng.gen_range(0..k)]).collect()
        }
        1 | 2 => {
            let period: Vec<u8> = (0..rng.gen_range(1..=len.clamp(1, 80)))
                .map(|_| pick(rng, USER_CHARS))
                .collect();
            period.iter().copied().cycle().take(len).collect()
        }
        3 => (0..len).map(|_| pick(rng, b"0123456789")).collect(),
        4 => (0..len).map(|_| pick(rng, b"0123456789abcdef")).collect(),
        _ => (0..len).map(|_| pick(rng, USER_CHARS)).collect(),
    }
}

/// A UUID, maybe prefixed (`user-`), lower or upper case.
pub(crate) fn uuid_account(rng: &mut rand::rngs::StdRng) -> Vec<u8> {
    let digits: &[u8] = if rng.gen_bool(0.5) {
        b"0123456789abcdef"
    } else {
        b"0123456789ABCDEF"
    };
    let mut uuid: Vec<u8> = [&b"user-"[..], b"", b"uid_"][rng.gen_range(0..3)].to_vec();
    for (k, group) in [8, 4, 4, 4, 12].into_iter().enumerate() {
        if k > 0 {
            uuid.push(b'-');
        }
        uuid.extend((0..group).map(|_| digits[rng.gen_range(0..16)]));
    }
    uuid
}

/// Token content packed as the builders pack it: signature field,
/// App ID, issue time, expiry, salt, then RTC (channel, uid) and
/// optionally RTM (user id) and ConvoAI (type 9, no privileges, no body).
pub(crate) fn token_content(rng: &mut rand::rngs::StdRng) -> Vec<u8> {
    use crate::token::pack::Writer;
    let mut w = Writer::default();
    w.buf.extend_from_slice(&32u16.to_le_bytes());
    w.buf.extend((0..32).map(|_| rng.gen::<u8>()));
    let app_id: Vec<u8> = match rng.gen_range(0..8) {
        0 => vec![b'0'; 32],
        1 => b"0123456789abcdef0123456789ABCDEF".to_vec(),
        _ => user_text(rng, 32)
            .iter()
            .map(|b| b"0123456789abcdef"[usize::from(b % 16)])
            .collect(),
    };
    let _ = w.bytes(&app_id, "appId");
    let small = |rng: &mut rand::rngs::StdRng| [0, 1, 3600, 86400, rng.gen()][rng.gen_range(0..5)];
    for _ in 0..3 {
        w.u32(small(rng));
    }
    let channel_len = rng.gen_range(0..=64);
    let channel = user_text(rng, channel_len);
    let account = match rng.gen_range(0..6) {
        0 => channel.clone(),
        5 => uuid_account(rng),
        1 => rng.gen::<u32>().to_string().into_bytes(),
        2 => [&channel[..], &channel[..]].concat(),
        _ => {
            let len = rng.gen_range(1..=255);
            user_text(rng, len)
        }
    };
    let services = rng.gen_range(1..=3u16);
    w.u16(services);
    let privileges = |rng: &mut rand::rngs::StdRng| -> Vec<(u16, u32)> {
        let same = small(rng);
        let all_same = rng.gen_bool(0.7);
        (1..=rng.gen_range(1..=4u16))
            .map(|k| (k, if all_same { same } else { small(rng) }))
            .collect()
    };
    w.u16(1);
    let _ = w.map(&privileges(rng));
    let _ = w.bytes(&channel, "channelName");
    let _ = w.bytes(&account, "uid");
    if services >= 2 {
        w.u16(2);
        let _ = w.map(&privileges(rng)[..1]);
        let user_id = if rng.gen_bool(0.7) {
            account.clone()
        } else {
            let len = rng.gen_range(1..=255);
            user_text(rng, len)
        };
        let _ = w.bytes(&user_id, "userId");
    }
    if services == 3 {
        w.u16(9);
        let _ = w.map(&[]);
    }
    w.buf
}

/// The content of an RTC token whose strings are `total` bytes in all
/// over the first `k` user characters: the closest to the length rule
/// (no repeats, short codes for level 6).
pub(crate) fn few_character_content(
    rng: &mut rand::rngs::StdRng,
    total: usize,
    k: usize,
) -> Vec<u8> {
    use crate::token::pack::Writer;
    let mut text =
        |n: usize| -> Vec<u8> { (0..n).map(|_| USER_CHARS[rng.gen_range(0..k)]).collect() };
    let (app_id, channel, account) = (
        text(32),
        text(total.min(64)),
        text(total.saturating_sub(64).max(1)),
    );
    let mut w = Writer::default();
    w.buf.extend_from_slice(&32u16.to_le_bytes());
    w.buf.extend((0..32).map(|_| rng.gen::<u8>()));
    let _ = w.bytes(&app_id, "appId");
    for _ in 0..3 {
        w.u32(rng.gen());
    }
    w.u16(1);
    w.u16(1);
    let _ = w.map(&[(1, 3600)]);
    let _ = w.bytes(&channel, "channelName");
    let _ = w.bytes(&account, "account");
    w.buf
}
