//! Property test: random and mutated tokens never panic; parsing always ends
//! in a result or `ERR_INVALID_TOKEN`. 120k cases with a fixed seed (set
//! `TOKEN_FUZZ_CASES` for a longer run; `cargo fuzz` is not needed for this).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use agora_convoai_core::token::rtc::{build_rtc_rtm_token, RtcTokenOptions, RtmExtras};
use agora_convoai_core::token::{self, access_token2};
use agora_convoai_core::ErrorCode;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

fn cases() -> usize {
    std::env::var("TOKEN_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(120_000)
}

fn seed_contents() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for (uid, convoai) in [("2882341273", false), ("user-account", true)] {
        let mut o = RtcTokenOptions::new(
            "970CA35de60c44645bbae8a215061b33",
            "5CFd2fd1755d40ecb72977518be15d3b",
            "channel",
            uid.into(),
        );
        o.issue_ts = Some(1111111.0);
        o.salt = Some(1.0);
        let extras = RtmExtras {
            convoai,
            ..Default::default()
        };
        let t = build_rtc_rtm_token(o, extras).unwrap();
        out.push(access_token2::unwrap(&t).unwrap());
    }
    out
}

fn mutate(rng: &mut StdRng, mut data: Vec<u8>) -> Vec<u8> {
    for _ in 0..rng.gen_range(1..4) {
        match rng.gen_range(0..5) {
            0 if !data.is_empty() => {
                let i = rng.gen_range(0..data.len());
                data[i] = rng.gen();
            }
            1 if !data.is_empty() => data.truncate(rng.gen_range(0..data.len())),
            2 => {
                let i = rng.gen_range(0..=data.len());
                data.insert(i, rng.gen());
            }
            3 => data.extend((0..rng.gen_range(1..8)).map(|_| rng.gen::<u8>())),
            _ if data.len() > 2 => {
                // Overlong length prefixes are the classic parser trap.
                let i = rng.gen_range(0..data.len() - 1);
                data[i] = 0xFF;
                data[i + 1] = 0xFF;
            }
            _ => {}
        }
    }
    data
}

fn check(token: &str) {
    match token::parse(token) {
        Ok(parsed) => {
            let _ = token::verify(&parsed, "5CFd2fd1755d40ecb72977518be15d3b", None);
            let _ = parsed.to_json();
        }
        Err(e) => assert_eq!(e.code, ErrorCode::InvalidToken, "{token}"),
    }
}

#[test]
fn random_and_mutated_tokens_never_panic() {
    let mut rng = StdRng::seed_from_u64(0x5EED);
    let seeds = seed_contents();
    for case in 0..cases() {
        let token = match case % 4 {
            // mutated content, valid zlib and base64
            0 | 1 => {
                let seed = seeds[case % seeds.len()].clone();
                access_token2::wrap(&mutate(&mut rng, seed))
            }
            // mutated compressed bytes
            2 => {
                let seed = &seeds[case % seeds.len()];
                let z = BASE64.decode(&access_token2::wrap(seed)[3..]).unwrap();
                format!("007{}", BASE64.encode(mutate(&mut rng, z)))
            }
            // random text after a real prefix
            _ => {
                let prefix = ["007", "006", "", "007eJ"][rng.gen_range(0..4)];
                let len = rng.gen_range(0..120);
                let body: String = (0..len)
                    .map(|_| char::from(rng.gen_range(b' '..=b'~')))
                    .collect();
                format!("{prefix}{body}")
            }
        };
        check(&token);
    }
}

#[test]
fn a_zlib_bomb_is_refused_without_inflating_it_all() {
    let bomb = access_token2::wrap(&vec![0u8; 8 << 20]);
    assert!(bomb.len() < 100_000);
    let err = token::parse(&bomb).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidToken);
}
