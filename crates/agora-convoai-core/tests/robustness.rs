//! Property test: mutated tokens never panic, stay within the limits of
//! `token::limits` (the work a parse may do), and parse and verify exactly
//! as a straightforward reference parser written here over `flate2`'s
//! `ZlibDecoder` and the `hmac` crate does. 120k cases with a fixed seed
//! (set `TOKEN_FUZZ_CASES` for a longer run, as `npm run fuzz` does
//! without cargo-fuzz), spread over four kinds of edits: packed content
//! recompressed, compressed bytes, base64 text, and 006 tokens.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeMap;
use std::io::Read;

use agora_convoai_core::token::access_token2::{self, AccessToken2};
use agora_convoai_core::token::legacy006::{self, Message};
use agora_convoai_core::token::limits::{MAX_CONTENT, MAX_ENTRIES, MAX_SERVICES, MAX_TOKEN_CHARS};
use agora_convoai_core::token::rtc::{build_rtc_rtm_token, RtcTokenOptions, RtmExtras};
use agora_convoai_core::token::service::{Privileges, Rtm2Permissions, Service, ServiceBody};
use agora_convoai_core::token::{self, ParsedToken};
use agora_convoai_core::ErrorCode;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const CERTIFICATE: &str = "5CFd2fd1755d40ecb72977518be15d3b";
const APP_ID: &str = "970CA35de60c44645bbae8a215061b33";

fn cases() -> usize {
    std::env::var("TOKEN_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(120_000)
}

/// What the reference parser reads from a token.
#[derive(Debug, PartialEq)]
enum Reference {
    V007 {
        token: AccessToken2,
        complete: bool,
        signature: Vec<u8>,
        signed: bool,
    },
    V006 {
        app_id: String,
        signature: Vec<u8>,
        crcs: (u32, u32),
        message: Message,
    },
}

/// Bounds-checked little-endian reads; every count charged against the
/// token's entry budget.
struct Cursor<'a> {
    data: &'a [u8],
    entries: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.data.split_at_checked(n)?;
        self.data = rest;
        Some(head)
    }
    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes(self.take(2)?.try_into().ok()?))
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.u16()?;
        self.take(usize::from(n))
    }
    fn string(&mut self) -> Option<String> {
        String::from_utf8(self.bytes()?.to_vec()).ok()
    }
    fn count(&mut self) -> Option<u16> {
        let n = self.u16()?;
        self.entries += usize::from(n);
        (self.entries <= MAX_ENTRIES).then_some(n)
    }
    /// A map as the official parsers fill one: the last value of a key wins.
    fn map(&mut self) -> Option<Vec<(u16, u32)>> {
        let mut map = BTreeMap::new();
        for _ in 0..self.count()? {
            map.insert(self.u16()?, self.u32()?);
        }
        Some(map.into_iter().collect())
    }
}

fn hmac(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

fn is_hex32(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn reference(token: &str) -> Option<Reference> {
    if token.len() > MAX_TOKEN_CHARS {
        return None;
    }
    match token.get(..3)? {
        "007" => reference_007(token.get(3..)?),
        "006" => reference_006(token.get(3..35)?, token.get(35..)?),
        _ => None,
    }
}

fn reference_007(body: &str) -> Option<Reference> {
    let compressed = BASE64.decode(body).ok()?;
    let mut decoder = flate2::read::ZlibDecoder::new(&compressed[..]);
    let mut content = Vec::new();
    (&mut decoder)
        .take(MAX_CONTENT as u64 + 1)
        .read_to_end(&mut content)
        .ok()?;
    if content.len() > MAX_CONTENT || decoder.total_in() != compressed.len() as u64 {
        return None;
    }
    let mut r = Cursor {
        data: &content,
        entries: 0,
    };
    let signature = r.bytes()?.to_vec();
    let signing_info = r.data;
    let app_id = r.string()?;
    let (issue_ts, expire, salt) = (r.u32()?, r.u32()?, r.u32()?);
    let count = r.u16()?;
    if usize::from(count) > MAX_SERVICES {
        return None;
    }
    let mut services = Vec::new();
    let mut complete = true;
    for _ in 0..count {
        let kind = r.u16()?;
        let mut privileges = Privileges::new();
        for (k, v) in r.map()? {
            privileges.set(k, v);
        }
        let body = match kind {
            1 => ServiceBody::Rtc {
                channel_name: r.string()?,
                uid: r.string()?,
            },
            2 => ServiceBody::Rtm {
                user_id: r.string()?,
            },
            3 => ServiceBody::Streaming {
                channel_name: r.string()?,
                account: r.string()?,
            },
            4 => ServiceBody::Fpa,
            5 => ServiceBody::Chat {
                user_id: r.string()?,
            },
            6 => ServiceBody::Fcdn {
                channel_name: r.string()?,
                account: r.string()?,
            },
            7 => ServiceBody::Apaas {
                room_uuid: r.string()?,
                user_uuid: r.string()?,
                role: r.u16()? as i16,
            },
            8 => {
                let user_id = r.string()?;
                let mut permissions = Rtm2Permissions::default();
                for _ in 0..r.count()? {
                    let resource = r.u16()?;
                    for _ in 0..r.count()? {
                        let permission = r.u16()?;
                        let names = (0..r.count()?)
                            .map(|_| r.string())
                            .collect::<Option<Vec<_>>>()?;
                        permissions.add(resource, permission, names);
                    }
                }
                ServiceBody::Rtm2 {
                    user_id,
                    permissions,
                }
            }
            9 => ServiceBody::ConvoAi,
            10 => ServiceBody::Stt,
            _ => {
                complete = false;
                break;
            }
        };
        services.push(Service::new(body, privileges));
    }
    if complete && !r.data.is_empty() {
        return None;
    }
    let k1 = hmac(&issue_ts.to_le_bytes(), CERTIFICATE.as_bytes());
    let k2 = hmac(&salt.to_le_bytes(), &k1);
    let signed = is_hex32(&app_id) && hmac(&k2, signing_info) == signature;
    let token = AccessToken2 {
        app_id,
        issue_ts,
        expire,
        salt,
        services,
    };
    Some(Reference::V007 {
        token,
        complete,
        signature,
        signed,
    })
}

fn reference_006(app_id: &str, body: &str) -> Option<Reference> {
    let content = BASE64.decode(body).ok()?;
    let mut r = Cursor {
        data: &content,
        entries: 0,
    };
    let signature = r.bytes()?.to_vec();
    let crcs = (r.u32()?, r.u32()?);
    let mut m = Cursor {
        data: r.bytes()?,
        entries: 0,
    };
    let message = Message {
        salt: m.u32()?,
        ts: m.u32()?,
        privileges: m.map()?,
    };
    (r.data.is_empty() && m.data.is_empty()).then(|| Reference::V006 {
        app_id: app_id.to_owned(),
        signature,
        crcs,
        message,
    })
}

/// Parses and verifies `token` both ways and checks that they agree.
fn check(token: &str) {
    let ours = token::parse(token);
    let expected = reference(token);
    let ours = match (ours, expected.is_some()) {
        (Ok(parsed), true) => parsed,
        (Err(e), false) => return assert_eq!(e.code, ErrorCode::InvalidToken, "{token}"),
        (ours, _) => panic!("{token}: ours {ours:?}, reference {expected:?}"),
    };
    let got = match &ours {
        ParsedToken::V007(p) => {
            // The work a parse did, bounded by the limits.
            assert!(p.signature().len() + p.signing_info().len() + 2 <= MAX_CONTENT);
            assert!(p.token.services.len() <= MAX_SERVICES);
            Reference::V007 {
                token: p.token.clone(),
                complete: p.complete,
                signature: p.signature().to_vec(),
                signed: token::verify(&ours, CERTIFICATE, None).unwrap(),
            }
        }
        ParsedToken::V006(p) => {
            let _ = token::verify(&ours, CERTIFICATE, Some(&("c".into(), "".into())));
            Reference::V006 {
                app_id: p.app_id.clone(),
                signature: p.signature.clone(),
                crcs: (p.crc_channel_name, p.crc_uid),
                message: p.message.clone(),
            }
        }
    };
    assert_eq!(Some(got), expected, "{token}");
    let _ = ours.to_json();
}

/// Packed contents to mutate: builder tokens of every service, unknown
/// types, maps out of order.
fn seed_contents() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for (uid, convoai) in [("2882341273", false), ("user-account", true)] {
        let mut o = RtcTokenOptions::new(APP_ID, CERTIFICATE, "channel", uid.into());
        o.issue_ts = Some(1111111.0);
        o.salt = Some(1.0);
        let extras = RtmExtras {
            convoai,
            ..Default::default()
        };
        let t = build_rtc_rtm_token(o, extras).unwrap();
        out.push(access_token2::unwrap(&t).unwrap());
    }
    let mut permissions = Rtm2Permissions::default();
    permissions.add(0, 0, ["a".to_owned(), "b".to_owned()]);
    permissions.add(4, 1, ["c".to_owned()]);
    let all = vec![
        Service::new(
            ServiceBody::Rtm2 {
                user_id: "u".into(),
                permissions,
            },
            Privileges::new().with(1, 9),
        ),
        Service::new(
            ServiceBody::Apaas {
                room_uuid: "r".into(),
                user_uuid: "é".into(),
                role: -1,
            },
            Privileges::new().with(1, 1).with(3, 3),
        ),
        Service::new(ServiceBody::Fpa, Privileges::new()),
        Service::new(
            ServiceBody::Streaming {
                channel_name: "s".into(),
                account: "a".into(),
            },
            Privileges::new().with(2, 2),
        ),
    ];
    let token = AccessToken2 {
        app_id: APP_ID.into(),
        issue_ts: 5,
        expire: 6,
        salt: 7,
        services: all,
    };
    out.push(token.content(CERTIFICATE).unwrap());
    out
}

fn seed_006() -> String {
    let message = Message {
        salt: 1,
        ts: 2,
        privileges: vec![(1, 3), (2, 4), (1000, 5)],
    };
    legacy006::build(APP_ID, CERTIFICATE, "c", "", &message).unwrap()
}

/// One to three edits of `data`, biased towards what trips parsers:
/// counts and lengths at their limits, entries out of order, repeats.
fn mutate(rng: &mut StdRng, mut data: Vec<u8>) -> Vec<u8> {
    const COUNTS: [u16; 9] = [0, 1, 2, 64, 65, 255, 256, 257, 0xFFFF];
    for _ in 0..rng.gen_range(1..4) {
        let n = data.len();
        match rng.gen_range(0..7) {
            0 if n > 0 => data[rng.gen_range(0..n)] = rng.gen(),
            1 if n > 0 => data.truncate(rng.gen_range(0..n)),
            2 => data.insert(rng.gen_range(0..=n), rng.gen()),
            3 => data.extend((0..rng.gen_range(1..8)).map(|_| rng.gen::<u8>())),
            4 if n > 2 => {
                let i = rng.gen_range(0..n - 1);
                let v = COUNTS[rng.gen_range(0..COUNTS.len())];
                data[i..i + 2].copy_from_slice(&v.to_le_bytes());
            }
            // Two 6-byte runs swapped: privilege entries out of order.
            5 if n > 12 => {
                let i = rng.gen_range(0..n - 12);
                let (a, b) = data[i..i + 12].split_at_mut(6);
                a.swap_with_slice(b);
            }
            // A stretch repeated in place: a repeated service or entry.
            _ if n > 2 => {
                let from = rng.gen_range(0..n - 1);
                let to = rng.gen_range(from + 1..=n.min(from + 40));
                let copy = data[from..to].to_vec();
                data.splice(to..to, copy);
            }
            _ => {}
        }
    }
    data
}

/// Edits of the token text: base64 characters replaced, inserted or
/// removed, padding, characters outside the alphabet, truncation.
fn mutate_text(rng: &mut StdRng, token: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const ODD: &[&str] = &["=", "==", " ", "\n", "-", "_", "é", "\0"];
    let mut chars: Vec<String> = token.chars().map(String::from).collect();
    for _ in 0..rng.gen_range(1..3) {
        let n = chars.len();
        let letter =
            |rng: &mut StdRng| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]).to_string();
        match rng.gen_range(0..5) {
            0 if n > 3 => chars[rng.gen_range(3..n)] = letter(rng),
            1 => {
                let at = rng.gen_range(3.min(n)..=n);
                chars.insert(at, letter(rng));
            }
            2 if n > 3 => {
                chars.remove(rng.gen_range(3..n));
            }
            3 => chars.insert(
                rng.gen_range(0..=n),
                ODD[rng.gen_range(0..ODD.len())].to_owned(),
            ),
            _ if n > 3 => chars.truncate(rng.gen_range(3..n)),
            _ => {}
        }
    }
    chars.concat()
}

#[test]
fn mutated_tokens_never_panic_and_agree_with_the_reference() {
    let mut rng = StdRng::seed_from_u64(0x5EED);
    let seeds = seed_contents();
    let legacy = seed_006();
    for case in 0..cases() {
        let seed = &seeds[case % seeds.len()];
        let token = match case % 4 {
            0 => access_token2::wrap(&mutate(&mut rng, seed.clone())),
            1 => {
                let z = BASE64.decode(&access_token2::wrap(seed)[3..]).unwrap();
                format!("007{}", BASE64.encode(mutate(&mut rng, z)))
            }
            2 => mutate_text(&mut rng, &access_token2::wrap(seed)),
            _ if case % 8 == 3 => {
                let content = BASE64.decode(&legacy[35..]).unwrap();
                format!(
                    "{}{}",
                    &legacy[..35],
                    BASE64.encode(mutate(&mut rng, content))
                )
            }
            _ => mutate_text(&mut rng, &legacy),
        };
        check(&token);
    }
}

#[test]
fn the_seeds_parse_and_verify_both_ways() {
    for seed in seed_contents() {
        let token = access_token2::wrap(&seed);
        check(&token);
        assert!(matches!(
            reference(&token),
            Some(Reference::V007 { signed: true, .. })
        ));
    }
    check(&seed_006());
    assert!(matches!(
        reference(&seed_006()),
        Some(Reference::V006 { .. })
    ));
}

#[test]
fn a_zlib_bomb_is_refused_without_inflating_it_all() {
    // 256 KiB of zeros compress to ~1.6 KB: within the text cap.
    let bomb = access_token2::wrap(&vec![0u8; 256 << 10]);
    assert!(bomb.len() < MAX_TOKEN_CHARS);
    let err = token::parse(&bomb).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidToken);
}
