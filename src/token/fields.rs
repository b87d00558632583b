//! Reads the fields of an options object. `readOptions` of helpers.js
//! reads them in JS (one call; JS property loads are cached by V8) and
//! leaves each field's type, the value of numbers and booleans and the
//! length of strings in a shared Float64Array; the strings come back joined
//! and are copied out in one more N-API call. The derived
//! `FromNapiValue` of a `#[napi(object)]` struct (a named-property lookup,
//! typeof and conversion per field) was half of a token call. Its semantics
//! and messages are kept:
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
use crate::token::js_helpers::{self, create};

/// Every option name read, in [`Key`] order: those of `RtcTokenOptions`
/// first, then the RTM ones of `RtcRtmTokenOptions`.
pub const OPTION_KEYS: [&CStr; 16] = [
    c"appId",
    c"appCertificate",
    c"channelName",
    c"uid",
    c"role",
    c"tokenExpire",
    c"privilegeExpire",
    c"joinChannelExpire",
    c"publishAudioExpire",
    c"publishVideoExpire",
    c"publishDataExpire",
    c"issueTs",
    c"salt",
    c"rtmUserId",
    c"rtmTokenExpire",
    c"convoai",
];

/// An option; its index into [`OPTION_KEYS`].
#[derive(Clone, Copy)]
pub enum Key {
    AppId,
    AppCertificate,
    ChannelName,
    Uid,
    Role,
    TokenExpire,
    PrivilegeExpire,
    JoinChannelExpire,
    PublishAudioExpire,
    PublishVideoExpire,
    PublishDataExpire,
    IssueTs,
    Salt,
    RtmUserId,
    RtmTokenExpire,
    Convoai,
}

/// How many leading keys `RtcTokenOptions` has.
pub const RTC_KEY_COUNT: usize = Key::RtmUserId as usize;

const N: usize = OPTION_KEYS.len();

/// The option counts [`Fields::read`] is called with (readers are
/// generated for these only).
pub const READ_COUNTS: [usize; 2] = [RTC_KEY_COUNT, N];

/// A field's type as `readOptions` reports it; the discriminants are the
/// codes the readers write (js_helpers.rs).
#[derive(Clone, Copy, PartialEq)]
#[repr(u8)]
pub enum Kind {
    Undefined = 0,
    Number = 1,
    String = 2,
    Boolean = 3,
    Other = 4,
}

impl Kind {
    /// Indexed by code.
    const BY_CODE: [Self; 5] = [
        Self::Undefined,
        Self::Number,
        Self::String,
        Self::Boolean,
        Self::Other,
    ];
}

/// The fields of one options object; `owner` names its TypeScript type in
/// messages.
pub struct Fields<'a> {
    env: &'a Env,
    owner: &'static str,
    /// The string fields, joined, as UTF-8.
    text: String,
    /// Where each string field starts in `text`, and its length, in bytes.
    spans: [(usize, usize); N],
    kinds: [Kind; N],
    numbers: [f64; N],
}

impl<'a> Fields<'a> {
    /// Reads the first `count` options of `object` (a live JS object).
    pub fn read(
        env: &'a Env,
        object: sys::napi_value,
        count: usize,
        owner: &'static str,
    ) -> napi::Result<Self> {
        let raw = env.raw();
        let pending = |status| napi::Error::new(Status::from(status), String::new());
        let helpers = js_helpers::get(raw).map_err(pending)?;
        // SAFETY (both blocks): live env and handles, valid out pointers.
        let count_value = create(|out| unsafe { sys::napi_create_uint32(raw, count as u32, out) })
            .map_err(pending)?;
        let this = create(|out| unsafe { sys::napi_get_undefined(raw, out) }).map_err(pending)?;
        let read_options = helpers.read_options().map_err(pending)?;
        let argv = [object, count_value];
        // A throwing getter leaves its exception pending: passed on as is.
        let text = create(|out| unsafe {
            sys::napi_call_function(raw, this, read_options, 2, argv.as_ptr(), out)
        })
        .map_err(pending)?;
        let mut fields = Self {
            env,
            owner,
            text: String::new(),
            spans: [(0, 0); N],
            kinds: [Kind::Undefined; N],
            numbers: [0.0; N],
        };
        // SAFETY: `slots` holds at least 2 * N f64s (checked when the
        // helpers were compiled), written by the call above; no JS runs in
        // between.
        let slots = unsafe { std::slice::from_raw_parts(helpers.slots.cast_const(), 2 * N) };
        let (numbers, kinds) = slots.split_at(N);
        let mut joined = 0;
        for i in 0..count.min(N) {
            let (Some(kind), Some(number), Some(span)) = (
                fields.kinds.get_mut(i),
                fields.numbers.get_mut(i),
                fields.spans.get_mut(i),
            ) else {
                continue;
            };
            *number = numbers.get(i).copied().unwrap_or_default();
            let code = kinds.get(i).copied().unwrap_or_default() as usize;
            *kind = Kind::BY_CODE.get(code).copied().unwrap_or(Kind::Other);
            if *kind == Kind::String {
                // A JS string's length is below 2^30.
                let len = *number as usize;
                *span = (joined, len);
                joined += len;
            }
        }
        fields.text = match read_text(raw, text, joined).map_err(pending)? {
            Text::Ascii(text) => text,
            Text::Wide(units) => fields.wide_to_utf8(&units),
        };
        Ok(fields)
    }

    fn kind(&self, key: Key) -> Kind {
        self.kinds
            .get(key as usize)
            .copied()
            .unwrap_or(Kind::Undefined)
    }

    fn number_at(&self, key: Key) -> f64 {
        self.numbers.get(key as usize).copied().unwrap_or_default()
    }

    fn name(key: Key) -> &'static str {
        OPTION_KEYS
            .get(key as usize)
            .and_then(|k| k.to_str().ok())
            .unwrap_or("field")
    }

    fn wrong_type(&self, key: Key) -> napi::Error {
        let message = format!(
            "{}.{} has the wrong type or an unsupported value",
            self.owner,
            Self::name(key)
        );
        throw(
            self.env,
            CoreError::type_error(ErrorCode::InvalidArg, message),
        )
    }

    fn missing(&self, key: Key) -> napi::Error {
        let message = format!("Missing field `{}`", Self::name(key));
        throw(
            self.env,
            CoreError::type_error(ErrorCode::InvalidArg, message),
        )
    }

    /// Re-encodes the string fields of non-ASCII `units` as UTF-8 and
    /// moves their spans to it; as N-API's own conversion, a lone surrogate
    /// becomes U+FFFD.
    fn wide_to_utf8(&mut self, units: &[u16]) -> String {
        let mut text = String::new();
        for (span, kind) in self.spans.iter_mut().zip(self.kinds) {
            if kind == Kind::String {
                let (start, len) = *span;
                let field = units.get(start..start + len).unwrap_or_default();
                let at = text.len();
                text.extend(
                    char::decode_utf16(field.iter().copied())
                        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)),
                );
                *span = (at, text.len() - at);
            }
        }
        text
    }

    fn str_at(&self, key: Key) -> &str {
        let (start, len) = self.spans.get(key as usize).copied().unwrap_or_default();
        self.text.get(start..start + len).unwrap_or_default()
    }

    pub fn number(&self, key: Key) -> napi::Result<Option<f64>> {
        match self.kind(key) {
            Kind::Undefined => Ok(None),
            Kind::Number => Ok(Some(self.number_at(key))),
            _ => Err(self.wrong_type(key)),
        }
    }

    pub fn str(&self, key: Key) -> napi::Result<Option<&str>> {
        match self.kind(key) {
            Kind::Undefined => Ok(None),
            Kind::String => Ok(Some(self.str_at(key))),
            _ => Err(self.wrong_type(key)),
        }
    }

    pub fn required_str(&self, key: Key) -> napi::Result<&str> {
        self.str(key)?.ok_or_else(|| self.missing(key))
    }

    pub fn boolean(&self, key: Key) -> napi::Result<Option<bool>> {
        match self.kind(key) {
            Kind::Undefined => Ok(None),
            Kind::Boolean => Ok(Some(self.number_at(key) != 0.0)),
            _ => Err(self.wrong_type(key)),
        }
    }

    /// A required number-or-string field (a uid).
    pub fn number_or_str(&self, key: Key) -> napi::Result<Either<f64, &str>> {
        match self.kind(key) {
            Kind::Undefined => Err(self.missing(key)),
            Kind::Number => Ok(Either::A(self.number_at(key))),
            Kind::String => Ok(Either::B(self.str_at(key))),
            _ => Err(self.wrong_type(key)),
        }
    }

    /// A string that must be one of `choices`; the index of the match.
    pub fn choice(&self, key: Key, choices: &[&str]) -> napi::Result<Option<usize>> {
        let Some(s) = self.str(key)? else {
            return Ok(None);
        };
        choices
            .iter()
            .position(|c| *c == s)
            .map(Some)
            .ok_or_else(|| self.wrong_type(key))
    }
}

/// The joined string options: as is when all ASCII (nearly always; then a
/// UTF-16 unit is a byte), else UTF-16 units.
enum Text {
    Ascii(String),
    Wide(Vec<u16>),
}

thread_local! {
    /// The text buffer of the previous call, kept for its capacity.
    static SPARE_TEXT: std::cell::Cell<String> = const { std::cell::Cell::new(String::new()) };
}

/// A JS string of `len` UTF-16 units.
fn read_text(
    env: sys::napi_env,
    value: sys::napi_value,
    len: usize,
) -> Result<Text, sys::napi_status> {
    let mut bytes = SPARE_TEXT
        .try_with(|t| t.take())
        .unwrap_or_default()
        .into_bytes();
    bytes.clear();
    // One more byte for the NUL N-API always writes.
    bytes.reserve(len + 1);
    let mut written = 0;
    // SAFETY: the spare capacity is writable for `len + 1` bytes; `value`
    // is a live string.
    js_helpers::check(unsafe {
        sys::napi_get_value_string_utf8(
            env,
            value,
            bytes.spare_capacity_mut().as_mut_ptr().cast(),
            len + 1,
            &mut written,
        )
    })?;
    // SAFETY: N-API initialized the first `written` bytes.
    unsafe { bytes.set_len(written) };
    // Any non-ASCII character (a lone surrogate too) takes more UTF-8
    // bytes than UTF-16 units: `len` bytes are the whole string, all ASCII.
    if written == len {
        if let Ok(text) = String::from_utf8(bytes) {
            return Ok(Text::Ascii(text));
        }
    }
    let mut units = vec![0u16; len + 1];
    // SAFETY: `units` is writable for its length.
    js_helpers::check(unsafe {
        sys::napi_get_value_string_utf16(env, value, units.as_mut_ptr(), units.len(), &mut written)
    })?;
    if written != len {
        return Err(sys::Status::napi_generic_failure);
    }
    units.truncate(len);
    Ok(Text::Wide(units))
}

impl Drop for Fields<'_> {
    fn drop(&mut self) {
        // Kept only when small: an option can be a megabyte of text.
        if self.text.capacity() <= 4096 {
            let text = std::mem::take(&mut self.text);
            let _ = SPARE_TEXT.try_with(|t| t.set(text));
        }
    }
}

/// Runs `f` on a string argument's text; a non-string gets the message
/// napi's own conversion gave (it never shows the value). Text up to 1 KiB
/// (tokens, certificates) is read into a stack buffer, not allocated.
pub fn with_string_arg<R>(
    env: &Env,
    value: &Unknown,
    f: impl FnOnce(&str) -> R,
) -> napi::Result<R> {
    let wrong_type = || {
        throw(
            env,
            CoreError::type_error(ErrorCode::InvalidArg, "an argument has the wrong type"),
        )
    };
    if value.get_type()? != ValueType::String {
        return Err(wrong_type());
    }
    let (raw, value) = (env.raw(), value.raw());
    // Not zeroed: N-API writes what is read back.
    let mut buf = [std::mem::MaybeUninit::<u8>::uninit(); 1024];
    let mut written = 0;
    // SAFETY: `buf` is writable for its length; N-API NUL-terminates within it.
    let status = unsafe {
        sys::napi_get_value_string_utf8(
            raw,
            value,
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut written,
        )
    };
    if status != sys::Status::napi_ok {
        return Err(wrong_type());
    }
    // N-API never splits a character, so a cut-off copy ends within 3 bytes
    // (one partial character) of the buffer's last non-NUL byte.
    if written + 4 < buf.len() {
        // SAFETY: N-API initialized the first `written` bytes (< buf.len()).
        let bytes = unsafe { std::slice::from_raw_parts(buf.as_ptr().cast::<u8>(), written) };
        return std::str::from_utf8(bytes)
            .ok()
            .map(f)
            .ok_or_else(wrong_type);
    }
    let mut len = 0;
    // SAFETY: a null buffer asks for the length only.
    let status =
        unsafe { sys::napi_get_value_string_utf8(raw, value, std::ptr::null_mut(), 0, &mut len) };
    if status != sys::Status::napi_ok {
        return Err(wrong_type());
    }
    let mut long = vec![0u8; len + 1];
    // SAFETY: `long` is writable for its length.
    let status = unsafe {
        sys::napi_get_value_string_utf8(
            raw,
            value,
            long.as_mut_ptr().cast(),
            long.len(),
            &mut written,
        )
    };
    if status != sys::Status::napi_ok {
        return Err(wrong_type());
    }
    long.truncate(written);
    let text = String::from_utf8(long).map_err(|_| wrong_type())?;
    Ok(f(&text))
}

#[cfg(test)]
mod tests {
    use super::Kind;

    #[test]
    fn kinds_are_indexed_by_their_codes() {
        for (code, kind) in Kind::BY_CODE.into_iter().enumerate() {
            assert_eq!(kind as usize, code);
        }
    }
}
