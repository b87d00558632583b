//! Token exports: JS options → core options, core errors → JS errors. No
//! token logic lives here.

use agora_convoai_core::token::rtc::{self, RtcRole as CoreRole, RtmExtras};
use agora_convoai_core::token::spec;
use agora_convoai_core::validate::{UidArg, UidInput};
use agora_convoai_core::{auth, token};
use agora_convoai_core::{Error as CoreError, ErrorCode};
use napi::bindgen_prelude::{Either, FromNapiValue, ToNapiValue, Unknown, ValueType};
use napi::{sys, Env, JsValue};
use napi_derive::napi;
use serde_json::Value;

use crate::error::{invalid_arg, or_throw, throw};

mod fields;
mod js_helpers;
mod parsed_js;
use fields::{with_string_arg, Fields, Key, OPTION_KEYS, RTC_KEY_COUNT};

/// RTC role: a publisher may join and publish audio, video and data; a
/// subscriber may only join.
#[napi(string_enum = "lowercase")]
pub enum RtcRole {
    Publisher,
    Subscriber,
}

/// Options of {@link buildRtcToken}.
#[napi(object, object_to_js = false)]
// Declares the TypeScript type and its docs; values are read by `fields`.
#[allow(dead_code)]
pub struct RtcTokenOptions {
    /// App ID: 32 hexadecimal characters, case kept.
    pub app_id: String,
    /// App Certificate: 32 hexadecimal characters, case kept. Never logged.
    pub app_certificate: String,
    /// Channel name: 1-63 bytes of a-z, A-Z, 0-9, space and `!#$%&()+-:;<=.>?@[]^_{}|~,`.
    pub channel_name: String,
    /// A numeric uid (integer 0..4294967295; 0 = any user) or a string user
    /// account (1-255 bytes of the same characters as channel names).
    pub uid: Either<f64, String>,
    /// Default `'publisher'`.
    pub role: Option<RtcRole>,
    /// Token lifetime in seconds from `issueTs` (not a timestamp), 1..86400. Default 3600.
    pub token_expire: Option<f64>,
    /// Privilege lifetime in seconds from `issueTs`, 0..86400. Default `tokenExpire`.
    pub privilege_expire: Option<f64>,
    /// Per-privilege override (seconds from `issueTs`). When any override is
    /// given, all four privileges are written, each defaulting to
    /// `privilegeExpire`, and `role` is ignored.
    pub join_channel_expire: Option<f64>,
    /// See `joinChannelExpire`.
    pub publish_audio_expire: Option<f64>,
    /// See `joinChannelExpire`.
    pub publish_video_expire: Option<f64>,
    /// See `joinChannelExpire`.
    pub publish_data_expire: Option<f64>,
    /// Unix seconds the token is issued at. Default now; set it for reproducible tokens.
    pub issue_ts: Option<f64>,
    /// 1..99999999. Default random.
    pub salt: Option<f64>,
}

/// Options of {@link buildRtcRtmToken}: those of {@link RtcTokenOptions} plus RTM.
#[napi(object, object_to_js = false)]
// Declares the TypeScript type and its docs; values are read by `fields`.
#[allow(dead_code)]
pub struct RtcRtmTokenOptions {
    /// App ID: 32 hexadecimal characters, case kept.
    pub app_id: String,
    /// App Certificate: 32 hexadecimal characters, case kept. Never logged.
    pub app_certificate: String,
    /// Channel name: 1-63 bytes of a-z, A-Z, 0-9, space and `!#$%&()+-:;<=.>?@[]^_{}|~,`.
    pub channel_name: String,
    /// A numeric uid (integer 0..4294967295; 0 = any user) or a string user account.
    pub uid: Either<f64, String>,
    /// Default `'publisher'`.
    pub role: Option<RtcRole>,
    /// Token lifetime in seconds from `issueTs` (not a timestamp), 1..86400. Default 3600.
    pub token_expire: Option<f64>,
    /// RTC privilege lifetime in seconds from `issueTs`, 0..86400. Default `tokenExpire`.
    pub privilege_expire: Option<f64>,
    /// Per-privilege override; see {@link RtcTokenOptions.joinChannelExpire}.
    pub join_channel_expire: Option<f64>,
    /// Per-privilege override.
    pub publish_audio_expire: Option<f64>,
    /// Per-privilege override.
    pub publish_video_expire: Option<f64>,
    /// Per-privilege override.
    pub publish_data_expire: Option<f64>,
    /// Unix seconds the token is issued at. Default now.
    pub issue_ts: Option<f64>,
    /// 1..99999999. Default random.
    pub salt: Option<f64>,
    /// RTM user id. Default: the uid as a decimal string, or the account.
    pub rtm_user_id: Option<String>,
    /// RTM login privilege lifetime in seconds from `issueTs`. Default `tokenExpire`.
    pub rtm_token_expire: Option<f64>,
    /// Also add the ConvoAI service (type 9). Default false.
    pub convoai: Option<bool>,
}

fn uid_input(uid: Either<f64, String>) -> UidInput {
    match uid {
        Either::A(n) => UidInput::Number(n),
        Either::B(s) => UidInput::Account(s),
    }
}

/// Converts an options argument, reporting napi's conversion failures as
/// coded `TypeError`s instead of napi's own status codes.
fn convert<T: FromNapiValue>(env: &Env, value: Unknown) -> napi::Result<T> {
    // SAFETY: both handles belong to the current call.
    let converted = unsafe { T::from_napi_value(env.raw(), value.raw()) };
    or_throw(env, converted.map_err(invalid_arg))
}

/// napi reads fields without checking that the value is an object and
/// throws an uncoded error for null/undefined, so options are checked first.
fn ensure_object(env: &Env, value: &Unknown, what: &str) -> napi::Result<()> {
    if value.get_type()? != ValueType::Object {
        let message = format!("{what} must be an object");
        return Err(throw(
            env,
            CoreError::type_error(ErrorCode::InvalidArg, message),
        ));
    }
    Ok(())
}

/// Like [`convert`] for an options object.
fn convert_options<T: FromNapiValue>(env: &Env, value: Unknown, what: &str) -> napi::Result<T> {
    ensure_object(env, &value, what)?;
    convert(env, value)
}

/// The first `count` fields of an options object (checked to be one).
fn fields<'a>(
    env: &'a Env,
    value: &Unknown,
    count: usize,
    owner: &'static str,
) -> napi::Result<Fields<'a>> {
    ensure_object(env, value, "options")?;
    Fields::read(env, value.raw(), count, owner)
}

/// The core's options, borrowing the strings of `f`. Fields are checked in
/// declaration order, so the first bad one reports.
fn rtc_options<'f>(f: &'f Fields) -> napi::Result<rtc::RtcTokenOptions<'f>> {
    Ok(rtc::RtcTokenOptions {
        app_id: f.required_str(Key::AppId)?,
        app_certificate: f.required_str(Key::AppCertificate)?,
        channel_name: f.required_str(Key::ChannelName)?,
        uid: match f.number_or_str(Key::Uid)? {
            Either::A(n) => UidArg::Number(n),
            Either::B(s) => UidArg::Account(s),
        },
        role: match f.choice(Key::Role, &["publisher", "subscriber"])? {
            Some(1) => CoreRole::Subscriber,
            _ => CoreRole::Publisher,
        },
        token_expire: f.number(Key::TokenExpire)?,
        privilege_expire: f.number(Key::PrivilegeExpire)?,
        privilege_overrides: [
            f.number(Key::JoinChannelExpire)?,
            f.number(Key::PublishAudioExpire)?,
            f.number(Key::PublishVideoExpire)?,
            f.number(Key::PublishDataExpire)?,
        ],
        issue_ts: f.number(Key::IssueTs)?,
        salt: f.number(Key::Salt)?,
    })
}

/// A built token. Tokens are ASCII ("007" + base64), so V8 gets them as
/// Latin-1: a plain copy instead of UTF-8 decoding.
pub struct AsciiToken(String);

impl ToNapiValue for AsciiToken {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        if !val.0.is_ascii() {
            // SAFETY: forwarded from the caller.
            return unsafe { String::to_napi_value(env, val.0) };
        }
        let mut out = std::ptr::null_mut();
        // SAFETY: pointer and length describe the string; `out` is valid.
        napi::check_status!(unsafe {
            sys::napi_create_string_latin1(
                env,
                val.0.as_ptr().cast(),
                val.0.len() as isize,
                &mut out,
            )
        })?;
        Ok(out)
    }
}

/// Builds an AccessToken2 with one RTC service (joinChannel, and the three
/// publish privileges for a publisher). Same content as `agora-token`'s
/// `RtcTokenBuilder.buildTokenWithUid` / `buildTokenWithUserAccount`.
///
/// @throws {TypeError|RangeError} with `code` `ERR_INVALID_APP_ID`, `ERR_INVALID_APP_CERTIFICATE`,
/// `ERR_INVALID_CHANNEL_NAME`, `ERR_INVALID_UID`, `ERR_INVALID_EXPIRE` or `ERR_INVALID_ARG`.
#[napi(
    catch_unwind,
    ts_args_type = "options: RtcTokenOptions",
    ts_return_type = "string"
)]
pub fn build_rtc_token(env: &Env, options: Unknown) -> napi::Result<AsciiToken> {
    let f = fields(env, &options, RTC_KEY_COUNT, "RtcTokenOptions")?;
    or_throw(env, rtc::build_rtc_token(rtc_options(&f)?)).map(AsciiToken)
}

/// Builds an AccessToken2 with an RTC service and an RTM login service (and
/// the ConvoAI service when `convoai` is true): one token for joining the
/// channel and logging in to Signaling. Same content as `agora-token`'s
/// `buildTokenWithRtm` / `buildTokenWithRtm2` / `ConvoAITokenBuilder.buildToken`.
///
/// @throws {TypeError|RangeError} with the codes of {@link buildRtcToken}.
#[napi(
    catch_unwind,
    ts_args_type = "options: RtcRtmTokenOptions",
    ts_return_type = "string"
)]
pub fn build_rtc_rtm_token(env: &Env, options: Unknown) -> napi::Result<AsciiToken> {
    let f = fields(env, &options, OPTION_KEYS.len(), "RtcRtmTokenOptions")?;
    // Same leading fields as RtcTokenOptions (the declarations mirror each
    // other for the generated TypeScript), then the RTM ones.
    let rtc_options = rtc_options(&f)?;
    let extras = RtmExtras {
        rtm_user_id: f.str(Key::RtmUserId)?,
        rtm_token_expire: f.number(Key::RtmTokenExpire)?,
        convoai: f.boolean(Key::Convoai)?.unwrap_or(false),
    };
    or_throw(env, rtc::build_rtc_rtm_token(rtc_options, extras)).map(AsciiToken)
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
    let id: String = convert(env, customer_id)?;
    let secret: String = convert(env, customer_secret)?;
    or_throw(env, auth::basic_auth_header(&id, &secret))
}

/// `'agora token=' + token`: the header for token authentication.
///
/// @throws {TypeError} `ERR_INVALID_ARG` for an empty token or one with spaces or control characters.
#[napi(catch_unwind, ts_args_type = "token: string")]
pub fn token_auth_header(env: &Env, token: Unknown) -> napi::Result<String> {
    let token: String = convert(env, token)?;
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
    let spec: Value = convert_options(env, spec, "spec")?;
    let (token, certificate) = or_throw(env, spec::access_token_from_json(&spec))?;
    or_throw(env, token.build(&certificate))
}

/// Parses a "007" or "006" token without the certificate: App ID, issue
/// time, absolute expiry, salt, signature and every service with its
/// privileges and their absolute expiry times.
///
/// @throws {Error} `ERR_INVALID_TOKEN` for anything that is not a well-formed token.
#[napi(
    catch_unwind,
    ts_args_type = "token: string",
    ts_return_type = "ParsedToken"
)]
pub fn parse_token<'env>(env: &'env Env, token: Unknown) -> napi::Result<Unknown<'env>> {
    let parsed = with_string_arg(env, &token, token::parse_shared)?;
    let parsed = or_throw(env, parsed)?;
    let object = parsed_js::to_js(env.raw(), &parsed)
        .map_err(|status| napi::Error::new(napi::Status::from(status), String::new()));
    // SAFETY: `object` was created in this call's scope.
    Ok(unsafe { Unknown::from_raw_unchecked(env.raw(), object?) })
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
    with_string_arg(env, &token, |token| {
        with_string_arg(env, &app_certificate, |certificate| {
            let context: Option<TokenContext> = match context {
                Some(c) if !matches!(c.get_type()?, ValueType::Undefined | ValueType::Null) => {
                    Some(convert_options(env, c, "context")?)
                }
                _ => None,
            };
            let context = context.map(|c| (c.channel_name, uid_input(c.uid)));
            let parsed = or_throw(env, token::parse_shared(token))?;
            or_throw(env, token::verify(&parsed, certificate, context.as_ref()))
        })?
    })?
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
    let spec: Value = convert_options(env, spec, "spec")?;
    or_throw(env, spec::legacy_token_from_json(&spec))
}
