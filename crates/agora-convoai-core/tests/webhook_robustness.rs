//! Property tests of webhook parsing, with fixed seeds:
//! - mutated notifications, signed after mutation so parsing goes past the
//!   signature, end in an event or `ERR_INVALID_WEBHOOK`, never a panic;
//! - a well-formed envelope around any payload (documented field names with
//!   values of any type) is always an event: payloads never make it fail.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use agora_convoai_core::webhook::{
    parse, sign, Body, ParseOptions, ReceivedSignatures, DEFAULT_MAX_BYTES,
};
use agora_convoai_core::{ErrorCode, Result};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};

const SECRET: &str = "webhook-secret";
const CASES: usize = 20_000;

/// Field names of the documented payloads, and a few others.
const NAMES: &[&str] = &[
    "agent_id",
    "name",
    "channel",
    "start_ts",
    "stop_ts",
    "status",
    "message",
    "labels",
    "contents",
    "role",
    "content",
    "turn_id",
    "errors",
    "module",
    "code",
    "metrics",
    "llm_ttfb",
    "total_turn_count",
    "is_truncated",
    "turns",
    "start",
    "end",
    "start_at",
    "end_at",
    "type",
    "metadata",
    "segmented_latency_ms",
    "state",
    "report_ms",
    "__proto__",
    "x",
];

fn parse_signed(body: &[u8]) -> Result<Value> {
    let s = sign(body, SECRET).unwrap();
    let received = ReceivedSignatures {
        v2: Some(&s.sha256),
        v1: None,
    };
    let options = ParseOptions {
        max_age_ms: None,
        now_ms: None,
        max_bytes: DEFAULT_MAX_BYTES,
    };
    parse(Body::Bytes(body), received, SECRET, &options)
}

fn random_value(rng: &mut StdRng, depth: usize) -> Value {
    match rng.gen_range(0..if depth > 4 { 6 } else { 8 }) {
        0 => Value::Null,
        1 => json!(rng.gen::<bool>()),
        2 => json!(rng.gen_range(-1e15..1e15_f64).round()),
        3 => json!(rng.gen::<f64>()),
        4 => json!(["", "0", "12", "STOPPED", "x y", "1e3"][rng.gen_range(0..6)]),
        5 => json!(rng.gen::<u64>()),
        6 => Value::Array(
            (0..rng.gen_range(0..4))
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        ),
        _ => random_object(rng, depth + 1),
    }
}

fn random_object(rng: &mut StdRng, depth: usize) -> Value {
    let mut map = serde_json::Map::new();
    for _ in 0..rng.gen_range(0..8) {
        map.insert(
            NAMES[rng.gen_range(0..NAMES.len())].to_string(),
            random_value(rng, depth),
        );
    }
    Value::Object(map)
}

fn envelope(event_type: u32, payload: Value) -> Value {
    json!({"noticeId": "n", "productId": 17, "eventType": event_type, "notifyMs": 1, "payload": payload})
}

const TYPES: &[u32] = &[101, 102, 103, 104, 110, 111, 112, 201, 202, 999];

/// A payload with every field `event_type` requires.
fn documented(event_type: u32) -> Value {
    let mut p = json!({"agent_id": "A", "channel": "c", "start_ts": 1, "stop_ts": 2, "status": "STOPPED",
        "message": "OK", "contents": [], "errors": [], "metrics": [], "total_turn_count": 0,
        "is_truncated": false, "turns": [], "state": "START", "report_ms": 1});
    if event_type == 201 || event_type == 202 {
        p.as_object_mut().unwrap().remove("start_ts");
    }
    p
}

#[test]
fn any_payload_in_a_good_envelope_is_an_event() {
    let mut rng = StdRng::seed_from_u64(20261215);
    let mut known = 0;
    for _ in 0..CASES {
        let event_type = TYPES[rng.gen_range(0..TYPES.len())];
        // Half start from a documented payload; random fields then overwrite some of it.
        let mut payload = if rng.gen() {
            documented(event_type)
        } else {
            json!({})
        };
        if let (Value::Object(p), Value::Object(extra)) = (&mut payload, random_object(&mut rng, 1))
        {
            p.extend(extra);
        }
        let body = envelope(event_type, payload).to_string();
        let event = parse_signed(body.as_bytes());
        assert!(event.is_ok(), "{event:?}: {body}");
        let event = event.unwrap();
        assert!(event["payload"].is_object());
        known += usize::from(event["known"] == json!(true));
    }
    // Some payloads keep every required field intact, others lose one.
    assert!(known > 0 && known < CASES, "{known}");
}

#[test]
fn mutated_notifications_never_panic() {
    let mut rng = StdRng::seed_from_u64(7);
    let seeds: Vec<Vec<u8>> = TYPES
        .iter()
        .map(|&t| {
            envelope(t, random_object(&mut rng, 1))
                .to_string()
                .into_bytes()
        })
        .collect();
    for _ in 0..CASES {
        let mut body = seeds[rng.gen_range(0..seeds.len())].clone();
        for _ in 0..rng.gen_range(1..4) {
            match rng.gen_range(0..4) {
                0 if !body.is_empty() => {
                    let i = rng.gen_range(0..body.len());
                    body[i] = rng.gen();
                }
                1 if !body.is_empty() => body.truncate(rng.gen_range(0..body.len())),
                2 => {
                    let i = rng.gen_range(0..=body.len());
                    body.insert(i, b"{}[]\",:0-e\\"[rng.gen_range(0..11)]);
                }
                _ => {
                    let i = rng.gen_range(0..=body.len());
                    let copy = body[rng.gen_range(0..=i)..i].to_vec();
                    body.splice(i..i, copy);
                }
            }
        }
        if let Err(e) = parse_signed(&body) {
            assert_eq!(e.code, ErrorCode::InvalidWebhook, "{e}");
        }
    }
}
