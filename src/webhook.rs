//! Webhook exports (docs/webhooks.md): JavaScript values in, core calls, coded
//! errors out. The signature header values arrive as strings: the JS glue
//! (lib/webhooks/headers.js) reads them from Node header objects and Fetch
//! `Headers` alike. `verifyWebhook` and `parseWebhook` are that glue; the
//! natives here are typed by hand in types/header.d.ts (its webhooks part).

use agora_convoai_core::webhook::{
    self, max_bytes_option, raw_body_type_error, Body, ParseOptions, ReceivedSignatures,
    MAX_BYTES_CEILING,
};
use agora_convoai_core::{Error as CoreError, ErrorCode};
use napi::bindgen_prelude::{Either, Either3, Object, Uint8Array, Unknown};
use napi::{Env, JsString, JsStringUtf8};
use napi_derive::napi;
use serde_json::{json, Value};

use crate::error::or_throw;

/// A raw body as passed: a string (its UTF-8 bytes are signed), any
/// Uint8Array (a Buffer is one), or anything else (an error that says how to
/// get the raw body).
type RawBodyArg<'env> = Either3<JsString<'env>, Uint8Array, Unknown<'env>>;

/// A raw body read from its argument.
enum RawBody<'env> {
    Text(JsStringUtf8<'env>),
    Bytes(Uint8Array),
    /// Over the limit: only its length was read (a string is measured
    /// before it is copied).
    TooLarge(usize),
}

impl RawBody<'_> {
    fn body(&self) -> Body<'_> {
        match self {
            Self::Text(text) => Body::Bytes(text.as_slice()),
            Self::Bytes(bytes) => Body::Bytes(bytes),
            Self::TooLarge(len) => Body::TooLarge(*len),
        }
    }
}

fn read_body(arg: RawBodyArg<'_>, max_bytes: usize) -> Result<RawBody<'_>, CoreError> {
    let unreadable = |_| CoreError::type_error(ErrorCode::InvalidArg, "rawBody could not be read");
    match arg {
        Either3::A(text) => match text.utf8_len().map_err(unreadable)? {
            len if len > max_bytes => Ok(RawBody::TooLarge(len)),
            _ => Ok(RawBody::Text(text.into_utf8().map_err(unreadable)?)),
        },
        Either3::B(bytes) if bytes.len() > max_bytes => Ok(RawBody::TooLarge(bytes.len())),
        Either3::B(bytes) => Ok(RawBody::Bytes(bytes)),
        Either3::C(_) => Err(raw_body_type_error()),
    }
}

/// The secret: a string (the core checks the rest).
type SecretArg<'env> = Either<String, Unknown<'env>>;

/// An options object, or anything else (an error).
type OptionsArg<'env> = Option<Either<Object<'env>, Unknown<'env>>>;

fn secret_arg(secret: SecretArg<'_>) -> Result<String, CoreError> {
    match secret {
        Either::A(secret) => Ok(secret),
        Either::B(_) => Err(CoreError::type_error(
            ErrorCode::InvalidArg,
            "secret must be a string: the webhook secret from Agora Console",
        )),
    }
}

/// The number options `names` of an optional options object, in order.
fn number_options<const N: usize>(
    options: OptionsArg<'_>,
    names: [&str; N],
) -> Result<[Option<f64>; N], CoreError> {
    let mut values = [None; N];
    let options = match options {
        None => return Ok(values),
        Some(Either::A(options)) => options,
        Some(Either::B(_)) => {
            return Err(CoreError::type_error(
                ErrorCode::InvalidArg,
                "options must be an object",
            ))
        }
    };
    for (value, name) in values.iter_mut().zip(names) {
        *value = match options.get::<Either<f64, Unknown>>(name) {
            Ok(None) => None,
            Ok(Some(Either::A(number))) => Some(number),
            _ => {
                return Err(CoreError::type_error(
                    ErrorCode::InvalidArg,
                    format!("{name} must be a number"),
                ))
            }
        };
    }
    Ok(values)
}

/// A delivery as `verifyWebhook` and `parseWebhook` pass it: the raw body,
/// the `Agora-Signature-V2` and `Agora-Signature` values, the secret.
struct Delivery<'env> {
    body: RawBody<'env>,
    signatures: [Option<String>; 2],
    secret: String,
}

impl<'env> Delivery<'env> {
    fn read(
        raw_body: RawBodyArg<'env>,
        signatures: [Option<String>; 2],
        secret: SecretArg<'_>,
        max_bytes: usize,
    ) -> Result<Self, CoreError> {
        let secret = secret_arg(secret)?;
        let body = read_body(raw_body, max_bytes)?;
        Ok(Self {
            body,
            signatures,
            secret,
        })
    }

    fn received(&self) -> ReceivedSignatures<'_> {
        let [v2, v1] = &self.signatures;
        ReceivedSignatures {
            v2: v2.as_deref(),
            v1: v1.as_deref(),
        }
    }
}

/// Used by `verifyWebhook` (lib/webhooks/verify.js): whether the signature
/// header values sign `rawBody`. Options: `{ maxBytes? }`.
#[napi(js_name = "verifyWebhookSignatures", skip_typescript)]
pub fn verify_webhook_signatures(
    env: Env,
    raw_body: RawBodyArg<'_>,
    signature_v2: Option<String>,
    signature_v1: Option<String>,
    secret: SecretArg<'_>,
    options: OptionsArg<'_>,
) -> napi::Result<bool> {
    let result = (|| {
        let [max_bytes] = number_options(options, ["maxBytes"])?;
        let max_bytes = max_bytes_option(max_bytes)?;
        let d = Delivery::read(raw_body, [signature_v2, signature_v1], secret, max_bytes)?;
        webhook::verify(d.body.body(), d.received(), &d.secret, max_bytes)
    })();
    or_throw(&env, result)
}

/// Used by `parseWebhook` (lib/webhooks/verify.js): verifies and parses one
/// notification, and returns the event as JSON text for `JSON.parse` (which
/// builds the objects several times faster than N-API calls would).
/// Options: `{ maxAgeMs?, now?, maxBytes? }`.
#[napi(js_name = "parseSignedWebhook", skip_typescript)]
pub fn parse_signed_webhook(
    env: Env,
    raw_body: RawBodyArg<'_>,
    signature_v2: Option<String>,
    signature_v1: Option<String>,
    secret: SecretArg<'_>,
    options: OptionsArg<'_>,
) -> napi::Result<String> {
    let result = (|| {
        let [max_age_ms, now_ms, max_bytes] =
            number_options(options, ["maxAgeMs", "now", "maxBytes"])?;
        let max_bytes = max_bytes_option(max_bytes)?;
        let options = ParseOptions {
            max_age_ms,
            now_ms,
            max_bytes,
        };
        let d = Delivery::read(raw_body, [signature_v2, signature_v1], secret, max_bytes)?;
        webhook::parse(d.body.body(), d.received(), &d.secret, &options).map(|e| e.to_string())
    })();
    or_throw(&env, result)
}

/// `signWebhook(rawBody, secret)`: the `Agora-Signature` and
/// `Agora-Signature-V2` headers Agora would send with `rawBody`.
#[napi(skip_typescript)]
pub fn sign_webhook(
    env: Env,
    raw_body: RawBodyArg<'_>,
    secret: SecretArg<'_>,
) -> napi::Result<Value> {
    let result = (|| {
        let secret = secret_arg(secret)?;
        let held = read_body(raw_body, MAX_BYTES_CEILING)?;
        let Body::Bytes(body) = held.body() else {
            return Err(CoreError::range_error(
                ErrorCode::InvalidArg,
                format!("rawBody must be at most {MAX_BYTES_CEILING} bytes"),
            ));
        };
        let signatures = webhook::sign(body, &secret)?;
        Ok(json!({
            "Agora-Signature": signatures.sha1,
            "Agora-Signature-V2": signatures.sha256,
        }))
    })();
    or_throw(&env, result)
}
