//! Core errors → JavaScript errors carrying a `code`, thrown as `TypeError`,
//! `RangeError` or `Error` as the core says.

use agora_convoai_core::{Error as CoreError, ErrorCode, ErrorKind};
use napi::{Env, Error, JsError, JsRangeError, JsTypeError, Status};

/// Throws `err` into `env` and returns the marker error napi-rs expects for
/// an exception that is already pending.
pub fn throw(env: &Env, err: CoreError) -> Error {
    let js = Error::new(err.code.as_str().to_string(), err.message);
    // SAFETY: `env` is the live environment of the current call.
    unsafe {
        match err.kind {
            ErrorKind::Type => JsTypeError::from(js).throw_into(env.raw()),
            ErrorKind::Range => JsRangeError::from(js).throw_into(env.raw()),
            ErrorKind::Plain => JsError::from(js).throw_into(env.raw()),
        }
    }
    Error::new(Status::PendingException, String::new())
}

/// A JS value napi could not convert to the declared Rust type (wrong type,
/// missing field, unknown enum value): `TypeError` with `ERR_INVALID_ARG`.
///
/// napi's own messages quote the offending value, which may be a secret put in
/// the wrong field, so only the field path survives.
pub fn invalid_arg(err: Error) -> CoreError {
    let message = if err.reason.starts_with("Missing field") {
        err.reason
    } else {
        match err.reason.rsplit_once(" on ") {
            Some((_, path)) => format!("{path} has the wrong type or an unsupported value"),
            None => "an argument has the wrong type".to_string(),
        }
    };
    CoreError::type_error(ErrorCode::InvalidArg, message)
}

/// Runs `f`, throwing its core error as a coded JavaScript error.
pub fn or_throw<T>(env: &Env, result: Result<T, CoreError>) -> napi::Result<T> {
    result.map_err(|e| throw(env, e))
}
