//! Core errors → JavaScript errors carrying a `code`, thrown as `TypeError`,
//! `RangeError` or `Error` as the core says.

use agora_convoai_core::{Error as CoreError, ErrorCode, ErrorKind};
use napi::{Env, Error, Status};

/// Throws `err` into `env` and returns the marker error napi-rs expects for
/// an exception that is already pending.
pub fn throw(env: &Env, err: CoreError) -> Error {
    let code = Some(err.code.as_str());
    let thrown = match err.kind {
        ErrorKind::Type => env.throw_type_error(&err.message, code),
        ErrorKind::Range => env.throw_range_error(&err.message, code),
        ErrorKind::Plain => env.throw_error(&err.message, code),
    };
    match thrown {
        Ok(()) => Error::new(Status::PendingException, String::new()),
        Err(e) => e,
    }
}

/// Returns `result`'s value, or throws its core error as a coded JavaScript error.
pub fn or_throw<T>(env: &Env, result: Result<T, CoreError>) -> napi::Result<T> {
    result.map_err(|e| throw(env, e))
}

/// A JS value napi-rs could not convert to a `#[napi(object)]` struct:
/// `TypeError` with `ERR_INVALID_ARG` naming the field.
///
/// napi-rs's own messages quote the offending value, which may be a secret
/// put in the wrong field, so only the field path survives: napi-rs ends its
/// messages with `on Struct.field`.
pub fn invalid_field(err: Error, what: &str) -> CoreError {
    let message = if err.reason.starts_with("Missing field") {
        err.reason
    } else {
        match err.reason.rsplit_once(" on ") {
            Some((_, path)) => format!("{path} has the wrong type or an unsupported value"),
            None => format!("{what} has the wrong type or an unsupported value"),
        }
    };
    CoreError::type_error(ErrorCode::InvalidArg, message)
}
