//! The typed `StartAgentRequest` fields added for the 2025–26 join options
//! (docs/rest-api.md, "The join body"): `labels`, `geofence`, `rtc`
//! encryption, and `parameters.data_channel` / `enable_metrics` /
//! `enable_error_message`. Each is checked against Agora's documented values
//! before anything is sent, then written into `properties` in wire names.
//! Everything else still passes through `properties` untouched.

use serde_json::{Map, Value};

use crate::error::{Error, ErrorCode, Result};

/// Most labels one agent carries. Agora documents no limit; every webhook of
/// the agent echoes them, so ours keeps them small.
pub const MAX_LABELS: usize = 100;
pub const MAX_LABEL_KEY_BYTES: usize = 256;
pub const MAX_LABEL_VALUE_BYTES: usize = 1024;

const AREAS: [&str; 6] = [
    "GLOBAL",
    "NORTH_AMERICA",
    "EUROPE",
    "ASIA",
    "INDIA",
    "JAPAN",
];
const DATA_CHANNELS: [&str; 2] = ["rtm", "datastream"];
/// `properties.rtc.encryption_salt` is 32 bytes, base64-encoded.
const SALT_BYTES: usize = 32;

/// The typed fields, as JavaScript gives them (camelCase inside `geofence`
/// and `rtc`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JoinFields {
    pub labels: Option<Value>,
    pub geofence: Option<Value>,
    pub rtc: Option<Value>,
    pub data_channel: Option<String>,
    pub enable_metrics: Option<bool>,
    pub enable_error_message: Option<bool>,
}

fn invalid(message: impl Into<String>) -> Error {
    Error::type_error(ErrorCode::InvalidArg, message)
}

/// The members of a typed object, refusing keys outside `known` (a typo
/// would otherwise be sent and ignored by Agora).
fn members(value: Value, field: &str, known: &[&str]) -> Result<Map<String, Value>> {
    let Value::Object(m) = value else {
        return Err(invalid(format!("{field} must be an object")));
    };
    if let Some(k) = m.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(invalid(format!(
            "{field} has no field {k:?}; known: {}",
            known.join(", ")
        )));
    }
    Ok(m)
}

fn one_of(value: Option<&Value>, allowed: &[&str], field: &str) -> Result<Option<String>> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if allowed.contains(&s.as_str()) => Ok(Some(s.clone())),
        Some(_) => Err(invalid(format!(
            "{field} must be one of {}",
            allowed.join(", ")
        ))),
    }
}

/// `labels`: string → string, bounded.
pub fn labels(value: Value) -> Result<Value> {
    let Value::Object(m) = value else {
        return Err(invalid("labels must be an object of strings"));
    };
    if m.len() > MAX_LABELS {
        return Err(Error::range_error(
            ErrorCode::InvalidArg,
            format!("labels may hold at most {MAX_LABELS} entries"),
        ));
    }
    for (k, v) in &m {
        let Value::String(v) = v else {
            return Err(invalid("labels values must be strings"));
        };
        if k.is_empty() || k.len() > MAX_LABEL_KEY_BYTES || v.len() > MAX_LABEL_VALUE_BYTES {
            return Err(Error::range_error(
                ErrorCode::InvalidArg,
                format!("labels keys must be 1 to {MAX_LABEL_KEY_BYTES} bytes and values at most {MAX_LABEL_VALUE_BYTES} bytes"),
            ));
        }
    }
    Ok(Value::Object(m))
}

/// `geofence: { area, excludeArea? }` → `{ area, exclude_area? }`.
fn geofence(value: Value) -> Result<Value> {
    let m = members(value, "geofence", &["area", "excludeArea"])?;
    let area = one_of(m.get("area"), &AREAS, "geofence.area")?
        .ok_or_else(|| invalid("geofence.area is required"))?;
    let exclude = one_of(m.get("excludeArea"), &AREAS[1..], "geofence.excludeArea")?;
    let mut out = Map::new();
    if exclude.is_some() && area != "GLOBAL" {
        return Err(invalid(
            "geofence.excludeArea is only allowed with area 'GLOBAL'",
        ));
    }
    out.insert("area".into(), Value::String(area));
    if let Some(x) = exclude {
        out.insert("exclude_area".into(), Value::String(x));
    }
    Ok(Value::Object(out))
}

/// `rtc: { encryptionKey, encryptionMode, encryptionSalt? }` → wire names.
/// Modes 7 and 8 (the GCM2 modes) need a salt of 32 bytes in base64.
fn rtc(value: Value) -> Result<Value> {
    let m = members(
        value,
        "rtc",
        &["encryptionKey", "encryptionMode", "encryptionSalt"],
    )?;
    let key = match m.get("encryptionKey") {
        Some(Value::String(k)) if !k.is_empty() => k.clone(),
        _ => return Err(invalid("rtc.encryptionKey must be a non-empty string")),
    };
    let mode = m
        .get("encryptionMode")
        .and_then(Value::as_f64)
        .ok_or_else(|| invalid("rtc.encryptionMode must be an integer 1 to 8"))?;
    let mode = crate::validate::integer(mode, 1, 8, "rtc.encryptionMode", ErrorCode::InvalidArg)?;
    let salt = match m.get("encryptionSalt") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if is_salt(s) => Some(s.clone()),
        Some(_) => {
            return Err(invalid(
                "rtc.encryptionSalt must be 32 bytes in base64 (44 characters)",
            ))
        }
    };
    if mode >= 7 && salt.is_none() {
        return Err(invalid(
            "rtc.encryptionMode 7 and 8 need rtc.encryptionSalt",
        ));
    }
    let mut out = Map::new();
    out.insert("encryption_key".into(), Value::String(key));
    out.insert("encryption_mode".into(), Value::from(mode));
    if let Some(s) = salt {
        out.insert("encryption_salt".into(), Value::String(s));
    }
    Ok(Value::Object(out))
}

fn is_salt(s: &str) -> bool {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(s)
        .is_ok_and(|b| b.len() == SALT_BYTES)
}

impl JoinFields {
    /// Writes the given fields into `properties` (wire names). `parameters`
    /// keeps what it already holds; the typed names win over it.
    pub fn apply(self, properties: &mut Map<String, Value>) -> Result<()> {
        if let Some(v) = self.labels {
            properties.insert("labels".into(), labels(v)?);
        }
        if let Some(v) = self.geofence {
            properties.insert("geofence".into(), geofence(v)?);
        }
        if let Some(v) = self.rtc {
            properties.insert("rtc".into(), rtc(v)?);
        }
        let data_channel = match self.data_channel {
            Some(d) => one_of(Some(&Value::String(d)), &DATA_CHANNELS, "dataChannel")?,
            None => None,
        };
        let typed = [
            ("data_channel", data_channel.map(Value::String)),
            ("enable_metrics", self.enable_metrics.map(Value::Bool)),
            (
                "enable_error_message",
                self.enable_error_message.map(Value::Bool),
            ),
        ];
        if typed.iter().all(|(_, v)| v.is_none()) {
            return Ok(());
        }
        // Agora delivers these over RTM: without it they silently do nothing.
        let needs_rtm = typed.iter().any(|(_, v)| {
            matches!(v, Some(Value::Bool(true)))
                || v.as_ref().and_then(Value::as_str) == Some("rtm")
        });
        let rtm = properties
            .get("advanced_features")
            .and_then(|a| a.get("enable_rtm"))
            == Some(&Value::Bool(true));
        if needs_rtm && !rtm {
            return Err(invalid(
                "dataChannel 'rtm', enableMetrics and enableErrorMessage need enableRtm: true",
            ));
        }
        let mut parameters = match properties.remove("parameters") {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(m)) => m,
            Some(_) => return Err(invalid("parameters must be an object")),
        };
        for (k, v) in typed {
            if let Some(v) = v {
                parameters.insert(k.into(), v);
            }
        }
        properties.insert("parameters".into(), Value::Object(parameters));
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use serde_json::json;

    fn applied(f: JoinFields, start: Value) -> Result<Value> {
        let Value::Object(mut p) = start else {
            unreachable!()
        };
        f.apply(&mut p).map(|()| Value::Object(p))
    }

    #[test]
    fn typed_fields_land_in_wire_names() {
        let f = JoinFields {
            labels: Some(json!({"campaign": "spring", "agentUid": "1001"})),
            geofence: Some(json!({"area": "GLOBAL", "excludeArea": "EUROPE"})),
            rtc: Some(
                json!({"encryptionKey": "k3y", "encryptionMode": 8, "encryptionSalt": "A".repeat(43) + "="}),
            ),
            data_channel: Some("rtm".into()),
            enable_metrics: Some(true),
            enable_error_message: Some(false),
        };
        let p = applied(
            f,
            json!({"advanced_features": {"enable_rtm": true}, "parameters": {"audio_scenario": "chorus", "enable_metrics": false}}),
        )
        .unwrap();
        assert_eq!(
            p["labels"],
            json!({"campaign": "spring", "agentUid": "1001"})
        );
        assert_eq!(
            p["geofence"],
            json!({"area": "GLOBAL", "exclude_area": "EUROPE"})
        );
        assert_eq!(p["rtc"]["encryption_mode"], 8);
        assert_eq!(p["rtc"]["encryption_key"], "k3y");
        assert_eq!(
            p["parameters"],
            json!({"audio_scenario": "chorus", "enable_metrics": true, "data_channel": "rtm", "enable_error_message": false})
        );
    }

    #[test]
    fn documented_values_only() {
        let bad = [
            JoinFields {
                labels: Some(json!({"a": 1})),
                ..Default::default()
            },
            JoinFields {
                labels: Some(json!(["a"])),
                ..Default::default()
            },
            JoinFields {
                geofence: Some(json!({"area": "MARS"})),
                ..Default::default()
            },
            JoinFields {
                geofence: Some(json!({})),
                ..Default::default()
            },
            JoinFields {
                geofence: Some(json!({"area": "ASIA", "excludeArea": "JAPAN"})),
                ..Default::default()
            },
            JoinFields {
                geofence: Some(json!({"area": "GLOBAL", "exclude_area": "ASIA"})),
                ..Default::default()
            },
            JoinFields {
                rtc: Some(json!({"encryptionKey": "k", "encryptionMode": 9})),
                ..Default::default()
            },
            JoinFields {
                rtc: Some(json!({"encryptionKey": "k", "encryptionMode": 7})),
                ..Default::default()
            },
            JoinFields {
                rtc: Some(
                    json!({"encryptionKey": "k", "encryptionMode": 7, "encryptionSalt": "c2hvcnQ="}),
                ),
                ..Default::default()
            },
            JoinFields {
                rtc: Some(json!({"encryptionMode": 1})),
                ..Default::default()
            },
            JoinFields {
                data_channel: Some("udp".into()),
                ..Default::default()
            },
            // Metrics travel over RTM.
            JoinFields {
                enable_metrics: Some(true),
                ..Default::default()
            },
        ];
        for f in bad {
            let err = applied(f.clone(), json!({})).unwrap_err();
            assert_eq!(err.code, ErrorCode::InvalidArg, "{f:?}");
        }
        let many: Map<String, Value> = (0..=MAX_LABELS)
            .map(|i| (i.to_string(), json!("v")))
            .collect();
        assert!(labels(Value::Object(many)).is_err());
        assert!(labels(json!({"k": "v".repeat(MAX_LABEL_VALUE_BYTES + 1)})).is_err());
        // Nothing typed: properties untouched (no empty `parameters` added).
        assert_eq!(
            applied(JoinFields::default(), json!({"x": 1})).unwrap(),
            json!({"x": 1})
        );
        let ok = JoinFields {
            data_channel: Some("datastream".into()),
            ..Default::default()
        };
        assert_eq!(
            applied(ok, json!({})).unwrap(),
            json!({"parameters": {"data_channel": "datastream"}})
        );
    }
}
