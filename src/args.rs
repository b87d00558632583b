//! Reads JavaScript arguments into Rust values with messages that name the
//! argument (`appCertificate must be a string`) and never quote its value:
//! a value in the wrong place may be a secret.
//!
//! `undefined` is "not given"; `null` is a wrong type, as in the options of
//! Node's own APIs. Strings are read by [`with_text`]; other values have
//! their type checked, then go through napi-rs's conversion ([`cast`]).

use agora_convoai_core::token::limits;
use agora_convoai_core::{Error as CoreError, ErrorCode};
use napi::bindgen_prelude::{Either, FromNapiValue, Unknown, ValueType};
use napi::{sys, JsString, JsValue};

use crate::error::invalid_field;

/// A failed read: the message to throw.
pub type Result<T> = std::result::Result<T, CoreError>;

/// `name` as JavaScript spells it: Rust field names are snake_case, and
/// napi-rs (whose rule this is) exposes them in camelCase.
pub fn js_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        match c {
            '_' => upper = true,
            c if upper => {
                out.push(c.to_ascii_uppercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
    out
}

fn invalid(name: &str, expected: &str) -> CoreError {
    let name = js_name(name);
    CoreError::type_error(ErrorCode::InvalidArg, format!("{name} must be {expected}"))
}

fn required(name: &str) -> CoreError {
    let name = js_name(name);
    CoreError::type_error(ErrorCode::InvalidArg, format!("{name} is required"))
}

/// `napi_typeof` fails only for a handle that is not a value.
fn type_of(value: &Unknown, name: &str) -> Result<ValueType> {
    value
        .get_type()
        .map_err(|_| invalid(name, "a JavaScript value"))
}

/// napi-rs's conversion of `value` to `T`; its error messages may quote the
/// value, so callers replace them.
fn cast<T: FromNapiValue>(value: &Unknown) -> napi::Result<T> {
    // SAFETY: `value` is a live handle of the current call (`Unknown<'env>`
    // cannot outlive its scope) and carries that call's env;
    // `from_napi_value` checks the value's type itself and reports a
    // mismatch as an error, so it is sound for any JS value.
    unsafe { value.cast::<T>() }
}

/// Bytes of UTF-8 read without allocating: tokens (~200-500 characters),
/// certificates, ids and names fit.
const STACK_TEXT: usize = 1024;

/// Runs `f` on the text of a string value (a lone surrogate becomes U+FFFD).
///
/// Text that fits [`STACK_TEXT`] is read in one N-API call into a stack
/// buffer; napi-rs's own conversion measures the string in a first pass and
/// allocates, which was a fifth of a `verifyToken`.
pub fn with_text<R>(value: &Unknown, name: &str, f: impl FnOnce(&str) -> R) -> Result<R> {
    let wrong = || invalid(name, "a string");
    let mut buf = [0u8; STACK_TEXT];
    let mut written = 0;
    let raw = value.value();
    // SAFETY: `buf` is writable for `buf.len()` bytes, N-API writes at most
    // that many (the NUL included) and stores the count in `written`;
    // `raw` is a live handle of the current call with that call's env. A
    // value that is not a string only makes the call fail.
    let status = unsafe {
        sys::napi_get_value_string_utf8(
            raw.env,
            raw.value,
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut written,
        )
    };
    if status != sys::Status::napi_ok {
        return Err(wrong());
    }
    // N-API never splits a character, so a string it cut short fills the
    // buffer to within 3 bytes of its NUL.
    if written + 4 < buf.len() {
        let text = buf.get(..written).ok_or_else(wrong)?;
        return std::str::from_utf8(text).map(f).map_err(|_| wrong());
    }
    let long: String = cast(value).map_err(|_| wrong())?;
    Ok(f(&long))
}

/// [`with_text`] for a token: a string longer than any token is refused
/// (`ERR_INVALID_TOKEN`) from its length, an O(1) query made before the
/// string is read at all, so a hostile 16 MiB "token" costs nothing to turn
/// away (reading even its first bytes would make V8 flatten a concatenated
/// string, a copy of all of it).
pub fn with_token_text<R>(value: &Unknown, f: impl FnOnce(&str) -> R) -> Result<R> {
    if let Ok(text) = cast::<JsString>(value) {
        // UTF-16 units: characters for an ASCII token; the core checks the
        // bytes of what is read again.
        let units = text.utf16_len().map_err(|_| invalid("token", "a string"))?;
        limits::check_text_len(units)?;
    }
    with_text(value, "token", f)
}

/// The text of a string value, owned.
fn text(value: &Unknown, name: &str) -> Result<String> {
    with_text(value, name, str::to_owned)
}

fn double(value: &Unknown, name: &str) -> Result<f64> {
    cast(value).map_err(|_| invalid(name, "a number"))
}

/// A value read from one argument (or one option) called `name` (in
/// snake_case or camelCase).
pub trait FromArg: Sized {
    fn from_arg(value: &Unknown, name: &str) -> Result<Self>;
}

impl FromArg for String {
    fn from_arg(value: &Unknown, name: &str) -> Result<Self> {
        // Nearly always a string: read first, ask the type only to explain
        // a failure.
        text(value, name).or_else(|_| match type_of(value, name)? {
            ValueType::Undefined => Err(required(name)),
            _ => Err(invalid(name, "a string")),
        })
    }
}

impl FromArg for Option<String> {
    fn from_arg(value: &Unknown, name: &str) -> Result<Self> {
        match type_of(value, name)? {
            ValueType::Undefined => Ok(None),
            ValueType::String => text(value, name).map(Some),
            _ => Err(invalid(name, "a string")),
        }
    }
}

impl FromArg for Option<f64> {
    fn from_arg(value: &Unknown, name: &str) -> Result<Self> {
        match type_of(value, name)? {
            ValueType::Undefined => Ok(None),
            ValueType::Number => double(value, name).map(Some),
            _ => Err(invalid(name, "a number")),
        }
    }
}

impl FromArg for Option<bool> {
    fn from_arg(value: &Unknown, name: &str) -> Result<Self> {
        match type_of(value, name)? {
            ValueType::Undefined => Ok(None),
            ValueType::Boolean => cast(value)
                .map(Some)
                .map_err(|_| invalid(name, "a boolean")),
            _ => Err(invalid(name, "a boolean")),
        }
    }
}

/// A uid: a number or a string account.
impl FromArg for Either<f64, String> {
    fn from_arg(value: &Unknown, name: &str) -> Result<Self> {
        match type_of(value, name)? {
            ValueType::Number => double(value, name).map(Either::A),
            ValueType::String => text(value, name).map(Either::B),
            ValueType::Undefined => Err(required(name)),
            _ => Err(invalid(name, "a number or a string")),
        }
    }
}

/// Uids: an array of numbers and strings.
impl FromArg for Vec<Either<f64, String>> {
    fn from_arg(value: &Unknown, name: &str) -> Result<Self> {
        let wrong = || invalid(name, "an array of numbers and strings");
        match type_of(value, name)? {
            ValueType::Undefined => Err(required(name)),
            ValueType::Object => cast(value).map_err(|_| wrong()),
            _ => Err(wrong()),
        }
    }
}

/// A JSON value passed through (a vendor configuration): `null` is JSON's
/// null; napi-rs's conversion bounds its depth and size.
impl FromArg for Option<serde_json::Value> {
    fn from_arg(value: &Unknown, name: &str) -> Result<Self> {
        match type_of(value, name)? {
            ValueType::Undefined => Ok(None),
            _ => cast(value)
                .map(Some)
                .map_err(|e| invalid_field(e, &js_name(name))),
        }
    }
}

/// An argument that must be an object (an options object, a spec).
pub fn object(value: &Unknown, name: &str) -> Result<()> {
    match type_of(value, name)? {
        ValueType::Object => Ok(()),
        _ => Err(invalid(name, "an object")),
    }
}

/// `undefined` or `null`: an optional argument left out.
pub fn is_nullish(value: &Unknown) -> bool {
    matches!(value.get_type(), Ok(ValueType::Undefined | ValueType::Null))
}

/// Converts an object argument with napi-rs's own conversion (`#[napi(object)]`
/// structs, JSON values): napi-rs checks each field and bounds JSON depth
/// and size. Its messages quote values, so they are reduced to the field
/// path ([`invalid_field`]).
pub fn from_object<T: FromNapiValue>(value: &Unknown, name: &str) -> Result<T> {
    object(value, name)?;
    cast(value).map_err(|e| invalid_field(e, name))
}

#[cfg(test)]
mod tests {
    use super::js_name;

    #[test]
    fn js_names_are_napi_rs_camel_case() {
        assert_eq!(js_name("app_certificate"), "appCertificate");
        assert_eq!(js_name("rtm_user_id"), "rtmUserId");
        assert_eq!(js_name("convoai"), "convoai");
        assert_eq!(js_name("appCertificate"), "appCertificate");
    }
}
