//! The body as JSON: bounded in depth and size, without `__proto__` keys.
//! The event goes to JavaScript as JSON text, which `JSON.parse` turns into
//! objects far faster than N-API can build them a property at a time.

use serde_json::Value;

use super::limits::{MAX_DEPTH, MAX_VALUES};
use crate::{Error, ErrorCode, ErrorKind, Result};

/// `ERR_INVALID_WEBHOOK` with `message`.
pub fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidWebhook, ErrorKind::Plain, message)
}

/// Parses `body` (already size-checked). serde_json stops at 128 levels on
/// its own, so parsing cannot overflow the stack; then nesting is held to
/// [`MAX_DEPTH`], the count of values to [`MAX_VALUES`], and `__proto__`
/// keys are dropped: `JSON.parse` would keep them as own properties, which
/// is how deep-merge helpers get tricked into changing `Object.prototype`.
pub fn parse_body(body: &[u8]) -> Result<Value> {
    // serde_json's messages give a position and a reason, never the input.
    let mut value: Value =
        serde_json::from_slice(body).map_err(|e| invalid(format!("the body is not JSON: {e}")))?;
    let mut values_left = MAX_VALUES;
    check(&mut value, 1, &mut values_left)?;
    Ok(value)
}

/// Checks `value` (at level `depth`, from 1) and drops its `__proto__` keys.
fn check(value: &mut Value, depth: usize, values_left: &mut usize) -> Result<()> {
    *values_left = values_left
        .checked_sub(1)
        .ok_or_else(|| invalid(format!("the body holds more than {MAX_VALUES} JSON values")))?;
    if depth > MAX_DEPTH {
        return Err(invalid(format!(
            "the body nests deeper than {MAX_DEPTH} levels"
        )));
    }
    match value {
        Value::Array(items) => items
            .iter_mut()
            .try_for_each(|v| check(v, depth + 1, values_left)),
        Value::Object(map) => {
            map.shift_remove("__proto__");
            map.values_mut()
                .try_for_each(|v| check(v, depth + 1, values_left))
        }
        _ => Ok(()),
    }
}

/// `value` as a JSON number, written as an integer when it is one (`101`,
/// not `101.0`).
pub fn number(value: f64) -> Value {
    if value.fract() == 0.0 && value.abs() <= 9_007_199_254_740_992.0 {
        Value::from(value as i64)
    } else {
        Value::from(value)
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
    fn proto_keys_go_at_every_level() {
        let v =
            parse_body(br#"{"__proto__":{"x":1},"a":[{"__proto__":1,"k":"v"}],"n":1}"#).unwrap();
        assert_eq!(v, serde_json::json!({"a": [{"k": "v"}], "n": 1}));
    }

    #[test]
    fn numbers_are_integers_when_whole() {
        assert_eq!(number(101.0).to_string(), "101");
        assert_eq!(number(-2.0).to_string(), "-2");
        assert_eq!(number(1715000000.123).to_string(), "1715000000.123");
        assert_eq!(number(1e300).to_string(), "1e+300");
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
