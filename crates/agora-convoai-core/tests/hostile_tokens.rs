//! Hostile tokens (tests/support/hostile.rs) parse to what the limits of
//! `token::limits` allow, or are refused with `ERR_INVALID_TOKEN`; none is
//! timed here (`cargo run --release --example token_speed` and
//! `npm run bench` time them). Also: the builders refuse what the parser
//! would, and never cut a count.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

#[path = "support/hostile.rs"]
mod hostile;

use agora_convoai_core::token::access_token2::{self, AccessToken2};
use agora_convoai_core::token::legacy006::{self, Message};
use agora_convoai_core::token::limits::{MAX_CONTENT, MAX_ENTRIES, MAX_SERVICES, MAX_TOKEN_CHARS};
use agora_convoai_core::token::service::{Privileges, Rtm2Permissions, Service, ServiceBody};
use agora_convoai_core::token::{self, ParsedToken};
use agora_convoai_core::ErrorCode;
use hostile::{Expect, APP_ID, CERTIFICATE};

#[test]
fn every_hostile_token_parses_within_the_limits_or_is_refused() {
    let all = hostile::all();
    assert!(all.len() >= 25);
    for h in all {
        let got = match token::parse(&h.token) {
            Err(e) => {
                assert_eq!(e.code, ErrorCode::InvalidToken, "{}: {e}", h.name);
                Expect::Refused
            }
            Ok(ParsedToken::V007(p)) => {
                assert!(p.complete, "{}", h.name);
                assert!(p.verify(CERTIFICATE), "{}: not signed", h.name);
                let services = &p.token.services;
                Expect::Parsed {
                    services: services.len(),
                    entries: services.iter().map(Service::entries).sum(),
                }
            }
            Ok(ParsedToken::V006(p)) => {
                assert!(p.verify(CERTIFICATE, "c", ""), "{}: not signed", h.name);
                let keys = p.message.privileges.iter().map(|e| e.0);
                assert!(keys.clone().zip(keys.skip(1)).all(|(a, b)| a < b));
                Expect::Parsed {
                    services: 0,
                    entries: p.message.privileges.len(),
                }
            }
        };
        assert_eq!(got, h.expect, "{}", h.name);
    }
}

#[test]
fn descending_and_repeated_keys_read_as_the_official_parsers_read_them() {
    // Privileges: sorted, the last value of a key wins (a map filled in
    // wire order).
    let services = hostile::rtc([(4, 1), (1, 2), (4, 3), (2, 4)].into_iter(), b"c", b"u");
    let parsed = access_token2::parse(&hostile::token_007(1, &services)).unwrap();
    assert_eq!(
        parsed.token.services[0].privileges.entries(),
        &[(1, 2), (2, 4), (4, 3)]
    );
    // RTM2: types sorted, the lists of equal types joined in wire order, as
    // `Rtm2Permissions::add` joins them.
    let mut p = hostile::Pack::default();
    p.u16(8).map(std::iter::empty()).bytes(b"u").u16(3);
    p.u16(4)
        .u16(2)
        .u16(1)
        .u16(1)
        .bytes(b"w1")
        .u16(0)
        .u16(1)
        .bytes(b"r1");
    p.u16(0).u16(1).u16(0).u16(1).bytes(b"m");
    p.u16(4).u16(1).u16(1).u16(1).bytes(b"w2");
    let parsed = access_token2::parse(&hostile::token_007(1, &p.0)).unwrap();
    let mut expected = Rtm2Permissions::default();
    for (resource, permission, name) in [(4, 1, "w1"), (4, 0, "r1"), (0, 0, "m"), (4, 1, "w2")] {
        expected.add(resource, permission, [name.to_owned()]);
    }
    let body = ServiceBody::Rtm2 {
        user_id: "u".into(),
        permissions: expected.clone(),
    };
    assert_eq!(parsed.token.services[0].body, body);
    assert_eq!(
        expected.0[1].1,
        vec![
            (0, vec!["r1".to_owned()]),
            (1, vec!["w1".to_owned(), "w2".to_owned()])
        ]
    );
}

#[test]
fn a_token_just_under_every_limit_round_trips() {
    let rtm2 = |names: usize| {
        let mut permissions = Rtm2Permissions::default();
        permissions.add(0, 0, (0..names).map(|i| format!("channel-{i}")));
        Service::new(
            ServiceBody::Rtm2 {
                user_id: "u".into(),
                permissions,
            },
            Privileges::new().with(1, 600),
        )
    };
    let token = |services: Vec<Service>| AccessToken2 {
        app_id: APP_ID.into(),
        issue_ts: 1_700_000_000,
        expire: 600,
        salt: 7,
        services,
    };
    // One privilege, one resource type, one permission type: the rest of
    // the entry budget is names.
    let full = token(vec![rtm2(MAX_ENTRIES - 3)]);
    let built = full.build(CERTIFICATE).unwrap();
    assert!(built.len() <= MAX_TOKEN_CHARS);
    assert_eq!(access_token2::parse(&built).unwrap().token, full);
    let over = token(vec![rtm2(MAX_ENTRIES - 2)]).build(CERTIFICATE);
    assert_eq!(over.map_err(|e| e.code), Err(ErrorCode::InvalidArg));

    let fpa = || Service::new(ServiceBody::Fpa, Privileges::new());
    let most = token(vec![fpa(); MAX_SERVICES]);
    let built = most.build(CERTIFICATE).unwrap();
    assert_eq!(access_token2::parse(&built).unwrap().token, most);
    let over = token(vec![fpa(); MAX_SERVICES + 1]).build(CERTIFICATE);
    assert_eq!(over.map_err(|e| e.code), Err(ErrorCode::InvalidArg));
}

#[test]
fn builders_refuse_what_parsers_refuse_and_never_cut_a_count() {
    let token = |services: Vec<Service>| AccessToken2 {
        app_id: APP_ID.into(),
        issue_ts: 1,
        expire: 600,
        salt: 7,
        services,
    };
    let rtc = |channel: String| {
        let body = ServiceBody::Rtc {
            channel_name: channel,
            uid: String::new(),
        };
        Service::new(body, Privileges::new())
    };
    let code = |t: AccessToken2| t.build(CERTIFICATE).map(|_| ()).map_err(|e| e.code);
    // Compressible content up to 64 KiB builds; one byte more does not.
    let header = token(vec![rtc(String::new())])
        .content(CERTIFICATE)
        .unwrap()
        .len();
    assert_eq!(
        code(token(vec![rtc("a".repeat(MAX_CONTENT - header))])),
        Ok(())
    );
    let over = token(vec![rtc("a".repeat(MAX_CONTENT - header + 1))]);
    assert_eq!(code(over), Err(ErrorCode::InvalidArg));
    // Text that does not compress outgrows the token's characters first.
    let mut x = 1u32;
    let noise: String = (0..9_000)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            char::from(b'!' + (x >> 16) as u8 % 90)
        })
        .collect();
    assert_eq!(code(token(vec![rtc(noise)])), Err(ErrorCode::InvalidArg));
    // A count past 65535 is refused, not cut to its low 16 bits.
    let mut permissions = Rtm2Permissions::default();
    permissions.add(0, 0, std::iter::repeat_n(String::new(), 65_536));
    let rtm2 = ServiceBody::Rtm2 {
        user_id: String::new(),
        permissions,
    };
    assert_eq!(
        code(token(vec![Service::new(rtm2, Privileges::new())])),
        Err(ErrorCode::InvalidArg)
    );
    // 006: privileges past the budget.
    let message = Message {
        salt: 1,
        ts: 1,
        privileges: (0..=MAX_ENTRIES as u16).map(|k| (k, 1)).collect(),
    };
    let built = legacy006::build(APP_ID, CERTIFICATE, "c", "", &message);
    assert_eq!(built.map_err(|e| e.code), Err(ErrorCode::InvalidArg));
}

#[test]
fn a_bad_certificate_is_an_error_not_a_forgery() {
    let parsed = token::parse(&hostile::normal_token()).unwrap();
    assert_eq!(token::verify(&parsed, CERTIFICATE, None), Ok(true));
    for bad in [
        "",
        "5CFd2fd1755d40ecb72977518be15d3",
        "5CFd2fd1755d40ecb72977518be15d3g",
        &CERTIFICATE.repeat(2),
    ] {
        let err = token::verify(&parsed, bad, None).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidAppCertificate);
        assert!(!err.message.contains(bad) || bad.is_empty());
    }
    let legacy = token::parse(&hostile::legacy_006(vec![(1, 2)])).unwrap();
    let context = ("c".to_owned(), "".into());
    assert_eq!(
        token::verify(&legacy, CERTIFICATE, Some(&context)),
        Ok(true)
    );
    let err = token::verify(&legacy, "x", Some(&context)).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidAppCertificate);
}
