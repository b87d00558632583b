//! Official token vectors (tests/fixtures/token-vectors.json, from the unit
//! tests of the official builders and agora-access-token): every 007 vector rebuilt from its inputs to identical
//! inflated content, parsed back to its inputs, verified, and refused after
//! any single-byte change; every 006 vector rebuilt to the identical string.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use agora_convoai_core::token::access_token2::{self, AccessToken2};
use agora_convoai_core::token::legacy006::{self, Message};
use agora_convoai_core::token::service::{Privileges, Service, ServiceBody};
use agora_convoai_core::token::{self, ParsedToken};
use agora_convoai_core::ErrorCode;
use serde_json::Value;

fn vectors() -> Value {
    serde_json::from_str(include_str!("fixtures/token-vectors.json")).unwrap()
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn s(v: &Value, key: &str) -> String {
    v[key].as_str().unwrap().to_string()
}

fn service(v: &Value) -> Service {
    let mut privileges = Privileges::new();
    for (k, val) in v["privileges"].as_object().unwrap() {
        privileges.set(k.parse().unwrap(), val.as_u64().unwrap() as u32);
    }
    let body = match v["name"].as_str().unwrap() {
        "rtc" => ServiceBody::Rtc {
            channel_name: s(v, "channel"),
            uid: s(v, "uid"),
        },
        "rtm" => ServiceBody::Rtm {
            user_id: s(v, "user_id"),
        },
        "streaming" => ServiceBody::Streaming {
            channel_name: s(v, "channel"),
            account: s(v, "uid"),
        },
        "fpa" => ServiceBody::Fpa,
        "chat" => ServiceBody::Chat {
            user_id: s(v, "user_id"),
        },
        "fcdn" => ServiceBody::Fcdn {
            channel_name: s(v, "channel"),
            account: s(v, "uid"),
        },
        "apaas" => ServiceBody::Apaas {
            room_uuid: s(v, "room_uuid"),
            user_uuid: s(v, "user_uuid"),
            role: v["role"].as_i64().unwrap() as i16,
        },
        other => panic!("vector service {other} not mapped"),
    };
    Service::new(body, privileges)
}

fn token_from_inputs(inputs: &Value) -> AccessToken2 {
    AccessToken2 {
        app_id: s(inputs, "app_id"),
        issue_ts: inputs["issue_ts"].as_u64().unwrap() as u32,
        expire: inputs["expire"].as_u64().unwrap() as u32,
        salt: inputs["salt"].as_u64().unwrap() as u32,
        services: inputs["services"]
            .as_array()
            .unwrap()
            .iter()
            .map(service)
            .collect(),
    }
}

#[test]
fn every_007_vector_rebuilds_parses_and_verifies() {
    let all = vectors();
    let list = all["v007"].as_array().unwrap();
    assert!(list.len() >= 10);
    for v in list {
        let inputs = &v["inputs"];
        let cert = s(inputs, "app_certificate");
        let built = token_from_inputs(inputs);
        let content = built.content(&cert).unwrap();
        assert_eq!(content, hex(v["inflated_content_hex"].as_str().unwrap()));

        // Our own string inflates to the same content and parses back.
        let ours = built.build(&cert).unwrap();
        assert_eq!(access_token2::unwrap(&ours).unwrap(), content);

        let parsed = access_token2::parse(v["token"].as_str().unwrap()).unwrap();
        assert!(parsed.complete);
        // Services come back in wire order: compare with the sorted inputs.
        let mut expected = built.clone();
        expected.services.sort_by_key(Service::type_id);
        assert_eq!(parsed.token, expected);
        assert_eq!(
            parsed.signature(),
            hex(v["signature_hex"].as_str().unwrap())
        );
        assert!(parsed.verify(&cert));
        assert!(!parsed.verify("5CFd2fd1755d40ecb72977518be15d3c"));
    }
}

#[test]
fn any_single_byte_change_fails_verification() {
    let all = vectors();
    for v in all["v007"].as_array().unwrap() {
        let cert = s(&v["inputs"], "app_certificate");
        let content = hex(v["inflated_content_hex"].as_str().unwrap());
        for i in 0..content.len() {
            let mut tampered = content.clone();
            tampered[i] ^= 0x01;
            let token = access_token2::wrap(&tampered);
            match access_token2::parse(&token) {
                Ok(p) => assert!(!p.verify(&cert), "byte {i} flipped still verifies"),
                Err(e) => assert_eq!(e.code, ErrorCode::InvalidToken),
            }
        }
    }
}

#[test]
fn the_negative_vector_is_an_invalid_token() {
    let all = vectors();
    for v in all["v007_negative"].as_array().unwrap() {
        let err = token::parse(v["token"].as_str().unwrap()).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidToken);
    }
}

#[test]
fn every_006_vector_rebuilds_to_the_same_string_and_verifies() {
    let all = vectors();
    let list = all["v006"].as_array().unwrap();
    assert!(!list.is_empty());
    for v in list {
        let i = &v["inputs"];
        let mut privileges: Vec<(u16, u32)> = i["privileges"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, val)| (k.parse().unwrap(), val.as_u64().unwrap() as u32))
            .collect();
        privileges.sort();
        let message = Message {
            salt: i["salt"].as_u64().unwrap() as u32,
            ts: i["ts"].as_u64().unwrap() as u32,
            privileges,
        };
        let (app, cert, channel, uid) = (
            s(i, "app_id"),
            s(i, "app_certificate"),
            s(i, "channel_name"),
            s(i, "uid_string"),
        );
        let built = legacy006::build(&app, &cert, &channel, &uid, &message).unwrap();
        assert_eq!(built, s(v, "token"));
        let ParsedToken::V006(p) = token::parse(&built).unwrap() else {
            panic!("not parsed as 006")
        };
        assert_eq!(p.message, message);
        assert_eq!(p.crc_channel_name, crc32fast::hash(channel.as_bytes()));
        assert!(p.verify(&cert, &channel, &uid));
        assert!(!p.verify(&cert, &channel, "1"));
        assert!(!p.verify(&cert, "other", &uid));
    }
}

#[test]
fn an_unknown_service_type_stops_parsing_but_the_signature_still_verifies() {
    // RTC behind an unknown type 0, as in the official
    // `unknownServiceBeforeKnownService` test: hand-pack the signing info.
    let cert = "5CFd2fd1755d40ecb72977518be15d3b";
    let mut info = Vec::new();
    let app = b"970CA35de60c44645bbae8a215061b33";
    info.extend_from_slice(&(app.len() as u16).to_le_bytes());
    info.extend_from_slice(app);
    for v in [1111111u32, 600, 1] {
        info.extend_from_slice(&v.to_le_bytes());
    }
    info.extend_from_slice(&2u16.to_le_bytes());
    info.extend_from_slice(&[0, 0, 0, 0]); // type 0, empty map
    info.extend_from_slice(&[1, 0, 0, 0, 0, 0, 0, 0]); // RTC, empty map, "" ""
    let sig = agora_convoai_core::token::signature::sign_007(cert, 1111111, 1, &info);
    let mut content = vec![32, 0];
    content.extend_from_slice(&sig);
    content.extend_from_slice(&info);
    let parsed = access_token2::parse(&access_token2::wrap(&content)).unwrap();
    assert!(!parsed.complete);
    assert!(parsed.token.services.is_empty());
    assert!(parsed.verify(cert));
}
