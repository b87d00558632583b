//! Response bodies → the camelCase results of docs/rest-api.md. A 2xx body that
//! lacks a documented field is `ERR_BAD_RESPONSE`; the message never quotes
//! the body (it may hold secrets, e.g. a project's certificate).

use serde_json::{Map, Value};

use super::json_budget;
use crate::error::{Error, ErrorCode, ErrorKind, Result};

pub fn bad(what: &str) -> Error {
    Error::new(
        ErrorCode::BadResponse,
        ErrorKind::Plain,
        format!("the API answered 2xx but {what}"),
    )
}

/// The body as JSON, refused unparsed when it holds more values than any
/// real answer (json_budget.rs).
pub fn parse_json(body: &[u8]) -> Result<Value> {
    if !json_budget::within(body, json_budget::MAX_JSON_TOKENS) {
        return Err(bad(&format!(
            "the body holds more than {} JSON values",
            json_budget::MAX_JSON_TOKENS
        )));
    }
    // serde_json's syntax errors name the problem and a position, never the input.
    serde_json::from_slice(body).map_err(|e| bad(&format!("the body is not valid JSON ({e})")))
}

fn camel_key(k: &str) -> String {
    let mut out = String::with_capacity(k.len());
    let mut upper = false;
    for c in k.chars() {
        if c == '_' && !out.is_empty() {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Recursively renames object keys from snake_case to camelCase.
pub fn camelize(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| (camel_key(&k), camelize(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(camelize).collect()),
        other => other,
    }
}

fn take_object(v: Value) -> Result<Map<String, Value>> {
    match v {
        Value::Object(m) => Ok(m),
        _ => Err(bad("the body is not a JSON object")),
    }
}

fn require(m: &Map<String, Value>, key: &str, check: fn(&Value) -> bool) -> Result<()> {
    match m.get(key) {
        Some(v) if check(v) => Ok(()),
        _ => Err(bad(&format!("`{key}` is missing or has the wrong type"))),
    }
}

/// Start, update: `{ agentId, createTs, status }`; query: `{ agentId, status, startTs, stopTs?, message? }`;
/// history: `{ agentId, status, contents }` — all must name the agent and its status.
pub fn agent(body: &[u8]) -> Result<Value> {
    let mut m = take_object(camelize(parse_json(body)?))?;
    require(&m, "agentId", Value::is_string)?;
    require(&m, "status", Value::is_string)?;
    // A running agent has no stop time and no exit message: leave them out.
    if m.get("stopTs").and_then(Value::as_f64) == Some(0.0) {
        m.remove("stopTs");
    }
    if m.get("message").and_then(Value::as_str) == Some("") {
        m.remove("message");
    }
    Ok(Value::Object(m))
}

/// Any JSON object, camel-cased (turns, phone numbers).
pub fn object(body: &[u8]) -> Result<Value> {
    take_object(camelize(parse_json(body)?)).map(Value::Object)
}

/// `POST …/call`: `{agent_id}` → `{ agentId }`.
pub fn call_started(body: &[u8]) -> Result<Value> {
    let m = take_object(camelize(parse_json(body)?))?;
    require(&m, "agentId", Value::is_string)?;
    Ok(Value::Object(m))
}

/// `GET …/calls/{id}`: every field is optional on the wire; a live call's
/// `stop_ts` of 0 (or null) is left out, as for agents.
pub fn call(body: &[u8]) -> Result<Value> {
    let mut m = take_object(camelize(parse_json(body)?))?;
    drop_live_stop(&mut m);
    Ok(Value::Object(m))
}

/// A live call has no stop time (`stop_ts` 0 or null on the wire).
fn drop_live_stop(m: &mut Map<String, Value>) {
    if matches!(m.get("stopTs"), Some(Value::Null))
        || m.get("stopTs").and_then(Value::as_f64) == Some(0.0)
    {
        m.remove("stopTs");
    }
}

/// `GET /v2/phone-numbers`: a bare JSON array of numbers, camel-cased.
pub fn array(body: &[u8]) -> Result<Value> {
    match camelize(parse_json(body)?) {
        a @ Value::Array(_) => Ok(a),
        _ => Err(bad("the body is not a JSON array")),
    }
}

/// `GET …/agents`: `{data{count,list[]}, meta{cursor,total}}` → `{ agents, cursor?, total }`.
pub fn agent_list(body: &[u8]) -> Result<Value> {
    list(body, "agents")
}

/// `GET …/call`: the same envelope → `{ calls, cursor?, total }`, each
/// call as [`call`] gives it.
pub fn call_list(body: &[u8]) -> Result<Value> {
    let mut v = list(body, "calls")?;
    if let Some(Value::Array(calls)) = v.get_mut("calls") {
        calls
            .iter_mut()
            .filter_map(Value::as_object_mut)
            .for_each(drop_live_stop);
    }
    Ok(v)
}

/// A cursor-paged listing: `{data{count,list[]}, meta{cursor,total}}` →
/// `{ [items]: [...], cursor?, total }` (cursor left out when empty).
fn list(body: &[u8], items: &str) -> Result<Value> {
    let mut m = take_object(camelize(parse_json(body)?))?;
    let entries = match m
        .get_mut("data")
        .and_then(|d| d.get_mut("list"))
        .map(Value::take)
    {
        Some(Value::Array(a)) => a,
        Some(Value::Null) | None => Vec::new(),
        Some(_) => return Err(bad("`data.list` is not an array")),
    };
    let meta = m.remove("meta").unwrap_or(Value::Null);
    let cursor = meta
        .get("cursor")
        .and_then(Value::as_str)
        .filter(|c| !c.is_empty());
    let total = meta
        .get("total")
        .and_then(Value::as_f64)
        .unwrap_or(entries.len() as f64);
    let mut out = Map::new();
    out.insert(items.into(), Value::Array(entries));
    if let Some(c) = cursor {
        out.insert("cursor".into(), Value::String(c.into()));
    }
    out.insert(
        "total".into(),
        serde_json::Number::from_f64(total).map_or(Value::Null, Value::Number),
    );
    Ok(Value::Object(out))
}

/// Milliseconds since 1970 exceed this in seconds until the year 5138.
const MS_THRESHOLD: f64 = 100_000_000_000.0;

/// `GET /dev/v1/projects` → `Project[]`: `vendor_key` → appId,
/// `sign_key` → appCertificate (absent when ""), `status === 1` → enabled,
/// `created` in seconds whether the API sent seconds or milliseconds.
pub fn projects(body: &[u8]) -> Result<Value> {
    let v = parse_json(body)?;
    let list = match v.get("projects") {
        Some(Value::Array(a)) => a,
        _ => return Err(bad("`projects` is missing or not an array")),
    };
    let mut out = Vec::with_capacity(list.len());
    for p in list {
        let field = |k: &str| p.get(k).and_then(Value::as_str);
        let (Some(id), Some(app_id)) = (field("id"), field("vendor_key")) else {
            return Err(bad("a project lacks `id` or `vendor_key`"));
        };
        let mut m = Map::new();
        m.insert("id".into(), id.into());
        m.insert("name".into(), field("name").unwrap_or_default().into());
        m.insert("appId".into(), app_id.into());
        if let Some(cert) = field("sign_key").filter(|c| !c.is_empty()) {
            m.insert("appCertificate".into(), cert.into());
        }
        m.insert(
            "enabled".into(),
            Value::Bool(p.get("status").and_then(Value::as_f64) == Some(1.0)),
        );
        let created = p.get("created").and_then(Value::as_f64).unwrap_or(0.0);
        let created = if created >= MS_THRESHOLD {
            (created / 1000.0).floor()
        } else {
            created
        };
        m.insert(
            "createdAt".into(),
            serde_json::Number::from_f64(created).map_or(Value::Null, Value::Number),
        );
        if let Some(r) = field("recording_server").filter(|r| !r.is_empty()) {
            m.insert("recordingServer".into(), r.into());
        }
        out.push(Value::Object(m));
    }
    Ok(Value::Array(out))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn camel_cases_keys_not_values() {
        let v = camelize(
            json!({"agent_id": "A_B", "start_ts": 1, "contents": [{"speech_start_ms": 2}]}),
        );
        assert_eq!(
            v,
            json!({"agentId": "A_B", "startTs": 1, "contents": [{"speechStartMs": 2}]})
        );
    }

    #[test]
    fn start_result_and_bad_bodies() {
        let v = agent(br#"{"agent_id":"X1","create_ts":1737111452,"status":"RUNNING"}"#).unwrap();
        assert_eq!(
            v,
            json!({"agentId": "X1", "createTs": 1737111452, "status": "RUNNING"})
        );
        let v =
            agent(br#"{"agent_id":"X1","start_ts":1,"stop_ts":0,"status":"RUNNING","message":""}"#)
                .unwrap();
        assert_eq!(
            v,
            json!({"agentId": "X1", "startTs": 1, "status": "RUNNING"})
        );
        assert_eq!(agent(b"not json").unwrap_err().code, ErrorCode::BadResponse);
        assert_eq!(
            agent(br#"{"status":"RUNNING"}"#).unwrap_err().code,
            ErrorCode::BadResponse
        );
    }

    #[test]
    fn list_is_flattened() {
        let v = agent_list(br#"{"data":{"count":1,"list":[{"agent_id":"A","start_ts":5,"status":"RUNNING"}]},"meta":{"cursor":"A","total":3},"status":"ok"}"#).unwrap();
        assert_eq!(
            v,
            json!({"agents": [{"agentId": "A", "startTs": 5, "status": "RUNNING"}], "cursor": "A", "total": 3.0})
        );
        let v = agent_list(br#"{"data":{"count":0,"list":[]},"meta":{"cursor":"","total":0}}"#)
            .unwrap();
        assert!(v.get("cursor").is_none());
    }

    #[test]
    fn calls_and_phone_numbers() {
        let v = call_list(br#"{"data":{"count":1,"list":[{"agent_id":"A","to_number":"+1555","state":"answered","stop_ts":0}]},"meta":{"cursor":"A","total":4},"status":"ok"}"#).unwrap();
        assert_eq!(v["calls"][0]["toNumber"], "+1555");
        assert!(v["calls"][0].get("stopTs").is_none());
        assert_eq!(v["cursor"], "A");
        let v =
            call(br#"{"agent_id":"A","state":"answered","stop_ts":null,"create_ts":1}"#).unwrap();
        assert_eq!(
            v,
            json!({"agentId": "A", "state": "answered", "createTs": 1})
        );
        let v =
            call(br#"{"agent_id":"A","state":"hangup","reason":"request","stop_ts":9}"#).unwrap();
        assert_eq!(v["stopTs"], 9);
        assert_eq!(
            call_started(br#"{"agent_id":"A"}"#).unwrap(),
            json!({"agentId": "A"})
        );
        assert_eq!(
            call_started(b"{}").unwrap_err().code,
            ErrorCode::BadResponse
        );
        let v = array(br#"[{"phone_number":"+1555","associated_pipeline":null,"inbound_config":{"allowed_addresses":[]}}]"#).unwrap();
        assert_eq!(
            v,
            json!([{"phoneNumber": "+1555", "associatedPipeline": null, "inboundConfig": {"allowedAddresses": []}}])
        );
        assert_eq!(array(b"{}").unwrap_err().code, ErrorCode::BadResponse);
    }

    #[test]
    fn projects_normalise_created_and_hide_empty_certificate() {
        let v = projects(br#"{"projects":[
            {"id":"a","name":"n","vendor_key":"k","sign_key":"","recording_server":null,"status":1,"created":1700000000},
            {"id":"b","name":"m","vendor_key":"k2","sign_key":"c","status":0,"created":1700000000123}]}"#).unwrap();
        assert_eq!(v[0]["createdAt"].as_f64(), Some(1_700_000_000.0));
        assert_eq!(v[1]["createdAt"].as_f64(), Some(1_700_000_000.0));
        assert!(v[0].get("appCertificate").is_none());
        assert_eq!(v[1]["appCertificate"], "c");
        assert_eq!(v[0]["enabled"], true);
        assert_eq!(v[1]["enabled"], false);
    }
}
