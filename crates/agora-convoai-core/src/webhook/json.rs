//! The body as JSON, bounded, in the form JavaScript will receive it.

use serde_json::{Map, Value};

use super::limits::{MAX_DEPTH, MAX_VALUES};
use crate::{Error, ErrorCode, ErrorKind, Result};

/// `ERR_INVALID_WEBHOOK` with `message`.
pub fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidWebhook, ErrorKind::Plain, message)
}

/// Parses `body` (already size-checked) and returns it as JavaScript should
/// see it (see [`View`]). serde_json stops at 128 levels on its own, so
/// parsing cannot overflow the stack; the view then holds nesting to
/// [`MAX_DEPTH`] and the count of values to [`MAX_VALUES`].
pub fn parse_body(body: &[u8]) -> Result<Value> {
    // serde_json's messages give a position and a reason, never the input.
    let value: Value =
        serde_json::from_slice(body).map_err(|e| invalid(format!("the body is not JSON: {e}")))?;
    View {
        values_left: MAX_VALUES,
    }
    .of(&value, 1)
}

/// A copy of a value with every number as a double and without
/// `__proto__` keys:
/// - JavaScript numbers are doubles, and napi would hand integers beyond
///   2^53 to JavaScript as BigInt; as doubles they read as `JSON.parse`
///   reads them.
/// - napi sets object properties by assignment, so a `__proto__` key would
///   replace the object's prototype instead of adding a property.
struct View {
    values_left: usize,
}

impl View {
    /// The view of `value`, whose own level is `depth` (from 1).
    fn of(&mut self, value: &Value, depth: usize) -> Result<Value> {
        self.values_left = self
            .values_left
            .checked_sub(1)
            .ok_or_else(|| invalid(format!("the body holds more than {MAX_VALUES} JSON values")))?;
        if depth > MAX_DEPTH {
            return Err(invalid(format!(
                "the body nests deeper than {MAX_DEPTH} levels"
            )));
        }
        Ok(match value {
            Value::Number(n) => n.as_f64().map_or(Value::Null, Value::from),
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|v| self.of(v, depth + 1))
                    .collect::<Result<_>>()?,
            ),
            Value::Object(map) => {
                let mut out = Map::new();
                for (key, v) in map.iter().filter(|(key, _)| key.as_str() != "__proto__") {
                    out.insert(key.clone(), self.of(v, depth + 1)?);
                }
                Value::Object(out)
            }
            other => other.clone(),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn nest(levels: usize) -> String {
        format!("{}1{}", "[".repeat(levels - 1), "]".repeat(levels - 1))
    }

    #[test]
    fn depth_is_bounded() {
        assert!(parse_body(nest(MAX_DEPTH).as_bytes()).is_ok());
        let err = parse_body(nest(MAX_DEPTH + 1).as_bytes()).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidWebhook);
        // Far past serde_json's own limit: still an error, not a crash.
        assert!(parse_body(nest(100_000).as_bytes()).is_err());
    }

    #[test]
    fn value_count_is_bounded() {
        let list = |n: usize| format!("[{}]", vec!["0"; n].join(","));
        assert!(parse_body(list(MAX_VALUES - 1).as_bytes()).is_ok());
        let err = parse_body(list(MAX_VALUES).as_bytes()).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidWebhook);
    }

    #[test]
    fn numbers_become_doubles_and_proto_keys_go() {
        let v = parse_body(br#"{"big":9007199254740993,"n":-2,"f":1.5,"__proto__":{"x":1},"o":{"__proto__":1,"k":"v"}}"#).unwrap();
        assert_eq!(v["big"].as_f64(), Some(9007199254740992.0));
        assert!(v["big"].is_f64() && v["n"].is_f64());
        assert_eq!(v.as_object().unwrap().len(), 4);
        assert_eq!(v["o"], serde_json::json!({"k": "v"}));
    }

    #[test]
    fn not_json_is_invalid_webhook() {
        for body in [&b""[..], b"{", b"\xff", b"{\"a\":1}x", b"nul"] {
            assert_eq!(
                parse_body(body).unwrap_err().code,
                ErrorCode::InvalidWebhook
            );
        }
    }
}
