//! Token exports: JS arguments → core options, core errors → JS errors. No
//! token logic lives here.

use agora_convoai_core::token::rtc::{self, RtcRole as CoreRole, RtmExtras};
use agora_convoai_core::token::spec;
use agora_convoai_core::validate::{self, UidArg, UidInput};
use agora_convoai_core::{auth, token};
use napi::bindgen_prelude::{Either, Float64ArraySlice, Latin1String, Unknown};
use napi::{Env, JsString};
use napi_derive::napi;
use serde_json::Value;

use crate::args::{self, FromArg};
use crate::error::or_throw;

mod options;
mod parsed;

use options::{RtcRole, RtcTokenOptions, RtmOptions};

fn uid_arg(uid: &Either<f64, String>) -> UidArg<'_> {
    match uid {
        Either::A(n) => UidArg::Number(*n),
        Either::B(s) => UidArg::Account(s),
    }
}

/// The core's options, borrowing the strings of `o`.
fn rtc_options(o: &RtcTokenOptions) -> rtc::RtcTokenOptions<'_> {
    rtc::RtcTokenOptions {
        app_id: &o.app_id,
        app_certificate: &o.app_certificate,
        channel_name: &o.channel_name,
        uid: uid_arg(&o.uid),
        role: match o.role {
            Some(RtcRole::Subscriber) => CoreRole::Subscriber,
            Some(RtcRole::Publisher) | None => CoreRole::Publisher,
        },
        token_expire: o.token_expire,
        privilege_expire: o.privilege_expire,
        privilege_overrides: [
            o.join_channel_expire,
            o.publish_audio_expire,
            o.publish_video_expire,
            o.publish_data_expire,
        ],
        issue_ts: o.issue_ts,
        salt: o.salt,
    }
}

/// `buildRtcToken` once its options are read (options.rs).
fn build_rtc(env: &Env, options: args::Result<RtcTokenOptions>) -> napi::Result<Latin1String> {
    let options = or_throw(env, options)?;
    or_throw(env, rtc::build_rtc_token(rtc_options(&options))).map(Latin1String::from)
}

/// `buildRtcRtmToken` once its options are read (options.rs).
fn build_rtc_rtm(
    env: &Env,
    options: args::Result<(RtcTokenOptions, RtmOptions)>,
) -> napi::Result<Latin1String> {
    let (rtc, rtm) = or_throw(env, options)?;
    let extras = RtmExtras {
        rtm_user_id: rtm.rtm_user_id.as_deref(),
        rtm_token_expire: rtm.rtm_token_expire,
        convoai: rtm.convoai.unwrap_or(false),
    };
    or_throw(env, rtc::build_rtc_rtm_token(rtc_options(&rtc), extras)).map(Latin1String::from)
}

/// `'Basic ' + base64(customerId + ':' + customerSecret)`: the header of
/// Agora's RESTful APIs with Customer ID/Secret (UTF-8).
///
/// @throws {TypeError} `ERR_INVALID_ARG` for an empty part or a `:` in `customerId`.
#[napi(
    catch_unwind,
    ts_args_type = "customerId: string, customerSecret: string"
)]
pub fn basic_auth_header(
    env: &Env,
    customer_id: Unknown,
    customer_secret: Unknown,
) -> napi::Result<String> {
    let id = or_throw(env, String::from_arg(&customer_id, "customerId"))?;
    let secret = or_throw(env, String::from_arg(&customer_secret, "customerSecret"))?;
    or_throw(env, auth::basic_auth_header(&id, &secret))
}

/// `'agora token=' + token`: the header for token authentication.
///
/// @throws {TypeError} `ERR_INVALID_ARG` for an empty token or one with spaces or control characters.
#[napi(catch_unwind, ts_args_type = "token: string")]
pub fn token_auth_header(env: &Env, token: Unknown) -> napi::Result<String> {
    let token = or_throw(env, String::from_arg(&token, "token"))?;
    or_throw(env, auth::token_auth_header(&token))
}

/// Builds an AccessToken2 from any list of services (the low-level door):
/// services are packed in ascending type order (stable), strings may be
/// empty, numbers are any u32, each string at most 65535 bytes.
///
/// @throws {TypeError|RangeError} `ERR_INVALID_APP_ID`, `ERR_INVALID_APP_CERTIFICATE`,
/// `ERR_INVALID_EXPIRE`, `ERR_INVALID_UID` or `ERR_INVALID_ARG`.
#[napi(catch_unwind, ts_args_type = "spec: AccessTokenSpec")]
pub fn build_access_token(env: &Env, spec: Unknown) -> napi::Result<String> {
    let spec: Value = or_throw(env, args::from_object(&spec, "spec"))?;
    let (token, certificate) = or_throw(env, spec::access_token_from_json(&spec))?;
    or_throw(env, token.build(&certificate))
}

/// Parses a "007" or "006" token without the certificate: App ID, issue
/// time, absolute expiry, salt, signature and every service with its
/// privileges and their absolute expiry times.
///
/// @throws {Error} `ERR_INVALID_TOKEN` for anything that is not a well-formed token.
//
// lib/parsed-token.js calls this with a Float64Array for the numbers of the
// result and builds the objects (parsed.rs).
#[napi(
    catch_unwind,
    ts_args_type = "token: string",
    ts_return_type = "ParsedToken"
)]
pub fn parse_token<'env>(
    env: &'env Env,
    token: Unknown,
    mut numbers: Float64ArraySlice,
) -> napi::Result<Option<JsString<'env>>> {
    let parsed = args::with_token_text(&token, token::parse_shared);
    let parsed = or_throw(env, parsed.and_then(|p| p))?;
    // SAFETY: napi-rs marks this unsafe because JavaScript may write the
    // array's buffer at any time. Not during this call: the JS thread is
    // running it, and `write` runs no JavaScript (it only creates a string),
    // so nothing else reads, writes, detaches or resizes the buffer while
    // the slice lives. The array is a live argument of this call (the handle
    // scope keeps it alive) and `Float64ArraySlice` checked its element type.
    parsed::write(env, &parsed, unsafe { numbers.as_mut() })
}

/// Where the token is meant to be used. 006 tokens need it (their signature
/// covers channel and uid); for 007 it adds a check that an RTC service is
/// for this channel and this uid (or the any-user wildcard).
#[napi(object, object_to_js = false)]
pub struct TokenContext {
    pub channel_name: String,
    /// Number (0 = packed as "") or string account, as the token was built.
    pub uid: Either<f64, String>,
}

/// Checks a token's signature in constant time over its original signed
/// bytes. Returns false on a signature mismatch (or, with `context`, a
/// channel/uid mismatch); expiry is not checked (see `parseToken().expiresAt`).
///
/// @throws {TypeError} `ERR_INVALID_APP_CERTIFICATE` when `appCertificate` is not
/// 32 hexadecimal characters: a misconfigured certificate must not look like a
/// forged token.
/// @throws {Error} `ERR_INVALID_TOKEN` for malformed input; `ERR_INVALID_ARG`
/// for a 006 token without `context`.
#[napi(
    catch_unwind,
    ts_args_type = "token: string, appCertificate: string, context?: TokenContext"
)]
pub fn verify_token(
    env: &Env,
    token: Unknown,
    app_certificate: Unknown,
    context: Option<Unknown>,
) -> napi::Result<bool> {
    let verified = args::with_text(&app_certificate, "appCertificate", |certificate| {
        // Before the token: a bad certificate is the server's mistake,
        // whatever the client sent.
        validate::app_certificate(certificate)?;
        let context = match context.filter(|c| !args::is_nullish(c)) {
            Some(c) => Some(token_context(args::from_object(&c, "context")?)),
            None => None,
        };
        let parsed = args::with_token_text(&token, token::parse_shared)??;
        token::verify(&parsed, certificate, context.as_ref())
    });
    or_throw(env, verified.and_then(|v| v))
}

fn token_context(c: TokenContext) -> (String, UidInput) {
    let uid = match c.uid {
        Either::A(n) => UidInput::Number(n),
        Either::B(s) => UidInput::Account(s),
    };
    (c.channel_name, uid)
}

/// Builds a legacy AccessToken ("006"). Used by
/// `agora-convoai-native/compat/access-token`; prefer AccessToken2.
///
/// `uid`: a number (0 packs as "") or a string account. `salt`: any u32,
/// default random per token. `ts`: absolute Unix expiry of the token,
/// default now + 24 h. `privileges`: by 006 name (`joinChannel`,
/// `publishAudioStream`, … `rtmLogin`) or numeric id, absolute Unix seconds.
///
/// @throws {TypeError|RangeError} `ERR_INVALID_APP_ID`, `ERR_INVALID_APP_CERTIFICATE`,
/// `ERR_INVALID_UID` or `ERR_INVALID_ARG`.
#[napi(
    catch_unwind,
    ts_args_type = "spec: { appId: string; appCertificate: string; channelName: string; uid: Uid; salt?: number; ts?: number; privileges: Record<string, number> }"
)]
pub fn build_legacy_token(env: &Env, spec: Unknown) -> napi::Result<String> {
    let spec: Value = or_throw(env, args::from_object(&spec, "spec"))?;
    or_throw(env, spec::legacy_token_from_json(&spec))
}
