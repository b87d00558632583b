//! Reads the fields of an options object with plain N-API calls: one
//! `napi_get_named_property` and one `napi_typeof` per field, strings copied
//! through a stack buffer. The derived `FromNapiValue` of a `#[napi(object)]`
//! struct made half of a token call's cost (a type check per conversion, two
//! string calls plus a heap buffer per string, error decoration); this keeps
//! its semantics and messages exactly:
//! - `undefined` (or absent) is "not given"; a required field then fails with
//!   "Missing field `name`";
//! - any other value of the wrong type, `null` included, fails with
//!   "Struct.name has the wrong type or an unsupported value" (never the
//!   value: it may be a secret put in the wrong field);
//! - an exception thrown by a getter stays the pending exception.

use std::ffi::CStr;

use agora_convoai_core::{Error as CoreError, ErrorCode};
use napi::bindgen_prelude::{Either, Unknown, ValueType};
use napi::{sys, Env, JsValue, Status};

use crate::error::throw;

/// The fields of one options object; `owner` names its TypeScript type in
/// messages.
pub struct Fields<'a> {
    env: &'a Env,
    object: sys::napi_value,
    owner: &'static str,
}

/// What the next read found: a value of a known type, or nothing.
type Raw = Option<(sys::napi_value, sys::napi_valuetype)>;

impl<'a> Fields<'a> {
    /// `object` must be a live handle of the current call that is a JS object.
    pub fn new(env: &'a Env, object: sys::napi_value, owner: &'static str) -> Self {
        Self { env, object, owner }
    }

    fn raw(&self, key: &CStr) -> napi::Result<Raw> {
        let mut value = std::ptr::null_mut();
        let mut kind = sys::ValueType::napi_undefined;
        // SAFETY: live handles, NUL-terminated key, valid out pointers.
        let status = unsafe {
            match sys::napi_get_named_property(
                self.env.raw(),
                self.object,
                key.as_ptr(),
                &mut value,
            ) {
                sys::Status::napi_ok => sys::napi_typeof(self.env.raw(), value, &mut kind),
                status => status,
            }
        };
        match status {
            sys::Status::napi_ok if kind == sys::ValueType::napi_undefined => Ok(None),
            sys::Status::napi_ok => Ok(Some((value, kind))),
            // A throwing getter: leave its exception pending.
            status => Err(napi::Error::new(Status::from(status), String::new())),
        }
    }

    fn wrong_type(&self, key: &CStr) -> napi::Error {
        let name = key.to_str().unwrap_or("field");
        let message = format!(
            "{}.{name} has the wrong type or an unsupported value",
            self.owner
        );
        throw(
            self.env,
            CoreError::type_error(ErrorCode::InvalidArg, message),
        )
    }

    fn missing(&self, key: &CStr) -> napi::Error {
        let name = key.to_str().unwrap_or("field");
        throw(
            self.env,
            CoreError::type_error(ErrorCode::InvalidArg, format!("Missing field `{name}`")),
        )
    }

    fn number_of(
        &self,
        key: &CStr,
        (value, kind): (sys::napi_value, sys::napi_valuetype),
    ) -> napi::Result<f64> {
        if kind != sys::ValueType::napi_number {
            return Err(self.wrong_type(key));
        }
        let mut n = 0.0;
        // SAFETY: `value` is a live number handle.
        let status = unsafe { sys::napi_get_value_double(self.env.raw(), value, &mut n) };
        match status {
            sys::Status::napi_ok => Ok(n),
            _ => Err(self.wrong_type(key)),
        }
    }

    fn string_of(
        &self,
        key: &CStr,
        (value, kind): (sys::napi_value, sys::napi_valuetype),
    ) -> napi::Result<String> {
        if kind != sys::ValueType::napi_string {
            return Err(self.wrong_type(key));
        }
        read_string(self.env.raw(), value).ok_or_else(|| self.wrong_type(key))
    }

    pub fn number(&self, key: &CStr) -> napi::Result<Option<f64>> {
        self.raw(key)?
            .map(|raw| self.number_of(key, raw))
            .transpose()
    }

    pub fn string(&self, key: &CStr) -> napi::Result<Option<String>> {
        self.raw(key)?
            .map(|raw| self.string_of(key, raw))
            .transpose()
    }

    pub fn required_string(&self, key: &CStr) -> napi::Result<String> {
        self.string(key)?.ok_or_else(|| self.missing(key))
    }

    pub fn boolean(&self, key: &CStr) -> napi::Result<Option<bool>> {
        let Some((value, kind)) = self.raw(key)? else {
            return Ok(None);
        };
        if kind != sys::ValueType::napi_boolean {
            return Err(self.wrong_type(key));
        }
        let mut b = false;
        // SAFETY: `value` is a live boolean handle.
        match unsafe { sys::napi_get_value_bool(self.env.raw(), value, &mut b) } {
            sys::Status::napi_ok => Ok(Some(b)),
            _ => Err(self.wrong_type(key)),
        }
    }

    /// A required number-or-string field (a uid).
    pub fn number_or_string(&self, key: &CStr) -> napi::Result<Either<f64, String>> {
        match self.raw(key)? {
            None => Err(self.missing(key)),
            Some(raw) if raw.1 == sys::ValueType::napi_number => {
                self.number_of(key, raw).map(Either::A)
            }
            Some(raw) => self.string_of(key, raw).map(Either::B),
        }
    }

    /// A string that must be one of `choices`; the index of the match.
    pub fn choice(&self, key: &CStr, choices: &[&str]) -> napi::Result<Option<usize>> {
        let Some(s) = self.string(key)? else {
            return Ok(None);
        };
        choices
            .iter()
            .position(|c| *c == s)
            .map(Some)
            .ok_or_else(|| self.wrong_type(key))
    }
}

/// A string argument, with the message napi's own conversion gave (it
/// never shows the value).
pub fn string_arg(env: &Env, value: &Unknown) -> napi::Result<String> {
    let text = match value.get_type()? {
        ValueType::String => read_string(env.raw(), value.raw()),
        _ => None,
    };
    text.ok_or_else(|| {
        throw(
            env,
            CoreError::type_error(ErrorCode::InvalidArg, "an argument has the wrong type"),
        )
    })
}

/// A JS string's UTF-8 text: one call into a stack buffer for the usual
/// short field, a second sized call only for long ones.
fn read_string(env: sys::napi_env, value: sys::napi_value) -> Option<String> {
    let mut buf = [0u8; 256];
    let mut written = 0;
    // SAFETY: `buf` is writable for its length; N-API NUL-terminates within it.
    let status = unsafe {
        sys::napi_get_value_string_utf8(
            env,
            value,
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut written,
        )
    };
    if status != sys::Status::napi_ok {
        return None;
    }
    // N-API never splits a character, so a cut-off copy ends within 3 bytes
    // (one partial character) of the buffer's last non-NUL byte.
    if written + 4 < buf.len() {
        return String::from_utf8(buf.get(..written)?.to_vec()).ok();
    }
    let mut len = 0;
    // SAFETY: a null buffer asks for the length only.
    let status =
        unsafe { sys::napi_get_value_string_utf8(env, value, std::ptr::null_mut(), 0, &mut len) };
    if status != sys::Status::napi_ok {
        return None;
    }
    let mut long = vec![0u8; len + 1];
    // SAFETY: `long` is writable for its length.
    let status = unsafe {
        sys::napi_get_value_string_utf8(
            env,
            value,
            long.as_mut_ptr().cast(),
            long.len(),
            &mut written,
        )
    };
    if status != sys::Status::napi_ok {
        return None;
    }
    long.truncate(written);
    String::from_utf8(long).ok()
}
