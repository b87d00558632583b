//! Typed payloads: a known event's documented fields (schema.rs), camel-cased,
//! with turn ids as numbers and timestamps in seconds. Fields the tables do
//! not list are left out here; the event's `raw` keeps the whole notification
//! as sent.

use serde_json::{Map, Value};

use super::json::number;
use super::schema::{Field, Kind};

/// The typed payload, or `None` when a required field is missing or holds
/// another type (then the payload is not the documented event). An optional
/// field that is null or holds another type is left out.
pub fn typed_payload(payload: &Map<String, Value>, fields: &[Field]) -> Option<Map<String, Value>> {
    let mut out = Map::new();
    for field in fields {
        match payload.get(field.wire).and_then(|v| convert(v, field.kind)) {
            Some(value) => {
                out.insert(field.js.to_string(), value);
            }
            None if field.required => return None,
            None => {}
        }
    }
    Some(out)
}

fn convert(value: &Value, kind: Kind) -> Option<Value> {
    match (kind, value) {
        (Kind::Str, Value::String(_))
        | (Kind::Num, Value::Number(_))
        | (Kind::Bool, Value::Bool(_)) => Some(value.clone()),
        (Kind::Seconds, Value::Number(n)) => n.as_f64().map(|t| number(seconds(t))),
        (Kind::TurnId, _) => turn_id(value).map(number),
        (Kind::Labels, Value::Object(labels)) if labels.values().all(Value::is_string) => {
            Some(value.clone())
        }
        (Kind::Object(fields), Value::Object(object)) => {
            typed_payload(object, fields).map(Value::Object)
        }
        (Kind::List(fields), Value::Array(items)) => items
            .iter()
            .map(|item| typed_payload(item.as_object()?, fields).map(Value::Object))
            .collect::<Option<Vec<_>>>()
            .map(Value::Array),
        _ => None,
    }
}

/// Seconds from a timestamp in seconds or, from 1e11 up, in milliseconds.
fn seconds(t: f64) -> f64 {
    if t >= 1e11 {
        t / 1000.0
    } else {
        t
    }
}

/// A number, or a string of 1 to 15 decimal digits (exact as a double).
fn turn_id(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s)
            if (1..=15).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) =>
        {
            s.parse().ok()
        }
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::schema::payload_fields;
    use super::*;
    use serde_json::json;

    fn typed(event_type: f64, payload: Value) -> Option<Value> {
        let fields = payload_fields(event_type).unwrap();
        typed_payload(payload.as_object().unwrap(), fields).map(Value::Object)
    }

    #[test]
    fn left_event_keeps_documented_fields_and_drops_others() {
        let p = json!({"agent_id": "A", "name": "n", "start_ts": 1737111452, "stop_ts": 1737111455,
            "channel": "c", "status": "STOPPED", "message": "OK", "labels": {"campaign_id": "x"}, "future": 1});
        assert_eq!(
            typed(102.0, p).unwrap(),
            json!({"agentId": "A", "name": "n", "channel": "c", "startTs": 1737111452, "stopTs": 1737111455,
                "status": "STOPPED", "message": "OK", "labels": {"campaign_id": "x"}})
        );
    }

    #[test]
    fn required_fields_decide_the_event() {
        let p = json!({"agent_id": "A", "channel": "c", "start_ts": 1});
        assert!(typed(101.0, p.clone()).is_some());
        assert!(typed(102.0, p).is_none());
        assert!(typed(101.0, json!({"agent_id": 5, "channel": "c", "start_ts": 1})).is_none());
        assert!(typed(
            101.0,
            json!({"agent_id": "A", "channel": "c", "start_ts": null})
        )
        .is_none());
        // A wrong optional field is left out, the event stays.
        let t = typed(
            101.0,
            json!({"agent_id": "A", "channel": "c", "start_ts": 1, "name": 3, "labels": {"k": 1}}),
        )
        .unwrap();
        assert_eq!(t, json!({"agentId": "A", "channel": "c", "startTs": 1}));
    }

    #[test]
    fn turn_ids_and_timestamps_are_normalized() {
        let p = json!({"agent_id": "A", "channel": "c", "start_ts": 1, "turn_id": "",
            "errors": [{"module": "llm", "turn_id": "2", "code": 503, "message": "m"},
                       {"module": "agent", "turn_id": 0, "code": 4001},
                       {"module": "sip", "turn_id": "x", "code": 1}]});
        let t = typed(110.0, p).unwrap();
        assert!(t.get("turnId").is_none());
        assert_eq!(t["errors"][0]["turnId"], json!(2));
        assert_eq!(t["errors"][1]["turnId"], json!(0));
        assert!(t["errors"][2].get("turnId").is_none());
        let p = json!({"agent_id": "A", "channel": "c", "start_ts": 1715000000123u64, "stop_ts": 1715000005000u64,
            "total_turn_count": 1, "is_truncated": false, "turns": [{"turn_id": 1}]});
        let t = typed(112.0, p).unwrap();
        assert_eq!(t["startTs"], json!(1715000000.123));
        assert_eq!(t["stopTs"], json!(1715000005));
    }

    #[test]
    fn list_entries_must_match() {
        let base = json!({"agent_id": "A", "channel": "c", "start_ts": 1, "stop_ts": 2});
        let mut p = base.clone();
        p["contents"] = json!([{"role": "user", "content": "hi"}, {"role": "assistant"}]);
        assert!(typed(103.0, p).is_none());
        let mut p = base;
        p["metrics"] = json!([{"turn_id": 1, "llm_ttfb": 300}, {}]);
        let t = typed(111.0, p).unwrap();
        assert_eq!(t["metrics"], json!([{"turnId": 1, "llmTtfb": 300}, {}]));
    }
}
