//! The options of `buildRtcToken` and `buildRtcRtmToken`, declared once.
//!
//! [`token_options!`] turns one list of fields into everything that must
//! agree on it: the two `#[napi(object)]` structs (their doc comments become
//! the JSDoc of `RtcTokenOptions` / `RtcRtmTokenOptions` in index.d.ts), the
//! two exports, which take the fields as positional arguments in declaration
//! order, and [`token_option_names`], from which the build generates
//! lib/generated/token-options.js: the JavaScript that reads an options
//! object, each option once and in declaration order, and makes that call.
//!
//! Adding an option is one field (and its doc) in the list below, plus its
//! use in `rtc_options` or `build_rtc_rtm` (src/token.rs); see
//! docs/binding.md. Docs are `#[doc = "…"]` lines: `///` comments reach
//! napi-rs through `macro_rules!` as raw strings, which it copies into
//! index.d.ts with their `r"`. __test__/tokens.options.test.mjs fails when
//! index.d.ts and the options read disagree, and
//! __test__/binding.generated.test.mjs when the committed JavaScript is stale.

use napi::bindgen_prelude::{Either, Latin1String, Unknown};
use napi::Env;
use napi_derive::napi;
use serde_json::{json, Value};

use crate::args::{self, FromArg};

/// RTC role: a publisher may join and publish audio, video and data; a
/// subscriber may only join.
#[napi(string_enum = "lowercase")]
pub enum RtcRole {
    Publisher,
    Subscriber,
}

impl FromArg for Option<RtcRole> {
    fn from_arg(value: &Unknown, name: &str) -> args::Result<Self> {
        let wrong = || {
            let name = args::js_name(name);
            agora_convoai_core::Error::type_error(
                agora_convoai_core::ErrorCode::InvalidArg,
                format!("{name} must be 'publisher' or 'subscriber'"),
            )
        };
        match Option::<String>::from_arg(value, name).map_err(|_| wrong())? {
            None => Ok(None),
            Some(s) if s == "publisher" => Ok(Some(RtcRole::Publisher)),
            Some(s) if s == "subscriber" => Ok(Some(RtcRole::Subscriber)),
            Some(_) => Err(wrong()),
        }
    }
}

macro_rules! token_options {
    (
        rtc { $( $(#[$rtc_attr:meta])* $rtc:ident: $rtc_ty:ty, )* }
        rtm { $( $(#[$rtm_attr:meta])* $rtm:ident: $rtm_ty:ty, )* }
    ) => {
        /// Options of {@link buildRtcToken}.
        #[napi(object, object_to_js = false)]
        pub struct RtcTokenOptions {
            $( $(#[$rtc_attr])* pub $rtc: $rtc_ty, )*
        }

        /// Options of {@link buildRtcRtmToken}: those of {@link RtcTokenOptions}, then the RTM ones.
        #[napi(object, object_to_js = false)]
        // Declares the TypeScript type; `build_rtc_rtm_token` reads its
        // fields into an `RtcTokenOptions` and an `RtmOptions`.
        #[allow(dead_code)]
        pub struct RtcRtmTokenOptions {
            $( $(#[$rtc_attr])* pub $rtc: $rtc_ty, )*
            $( $(#[$rtm_attr])* pub $rtm: $rtm_ty, )*
        }

        /// The options `RtcRtmTokenOptions` adds to `RtcTokenOptions`.
        pub struct RtmOptions {
            $( pub $rtm: $rtm_ty, )*
        }

        /// The option names each builder reads, by export, in declaration
        /// order, as JavaScript spells them.
        #[napi(skip_typescript)]
        pub fn token_option_names() -> Value {
            let rtc = [$( stringify!($rtc) ),*];
            let rtm = [$( stringify!($rtm) ),*];
            let names = |list: &[&str]| list.iter().map(|n| args::js_name(n)).collect::<Vec<_>>();
            json!({
                "buildRtcToken": names(&rtc),
                "buildRtcRtmToken": names(&[&rtc[..], &rtm[..]].concat()),
            })
        }

        // The exports below take the options object (checked to be one) and
        // then its fields; lib/generated/token-options.js reads them. The
        // TypeScript signature is that of the public function.

        /// Builds an AccessToken2 with one RTC service (joinChannel, and the three
        /// publish privileges for a publisher). Same content as `agora-token`'s
        /// `RtcTokenBuilder.buildTokenWithUid` / `buildTokenWithUserAccount`.
        ///
        /// @throws {TypeError|RangeError} with `code` `ERR_INVALID_APP_ID`, `ERR_INVALID_APP_CERTIFICATE`,
        /// `ERR_INVALID_CHANNEL_NAME`, `ERR_INVALID_UID`, `ERR_INVALID_EXPIRE` or `ERR_INVALID_ARG`.
        #[napi(catch_unwind, ts_args_type = "options: RtcTokenOptions", ts_return_type = "string")]
        #[allow(clippy::too_many_arguments)]
        pub fn build_rtc_token(
            env: &Env,
            options: Unknown,
            $( $rtc: Unknown, )*
        ) -> napi::Result<Latin1String> {
            let read = || -> args::Result<RtcTokenOptions> {
                args::object(&options, "options")?;
                Ok(RtcTokenOptions {
                    $( $rtc: FromArg::from_arg(&$rtc, stringify!($rtc))?, )*
                })
            };
            super::build_rtc(env, read())
        }

        /// Builds an AccessToken2 with an RTC service and an RTM login service (and
        /// the ConvoAI service when `convoai` is true): one token for joining the
        /// channel and logging in to Signaling. Same content as `agora-token`'s
        /// `buildTokenWithRtm` / `buildTokenWithRtm2` / `ConvoAITokenBuilder.buildToken`.
        ///
        /// @throws {TypeError|RangeError} with the codes of {@link buildRtcToken}.
        #[napi(catch_unwind, ts_args_type = "options: RtcRtmTokenOptions", ts_return_type = "string")]
        #[allow(clippy::too_many_arguments)]
        pub fn build_rtc_rtm_token(
            env: &Env,
            options: Unknown,
            $( $rtc: Unknown, )*
            $( $rtm: Unknown, )*
        ) -> napi::Result<Latin1String> {
            let read = || -> args::Result<(RtcTokenOptions, RtmOptions)> {
                args::object(&options, "options")?;
                let rtc = RtcTokenOptions {
                    $( $rtc: FromArg::from_arg(&$rtc, stringify!($rtc))?, )*
                };
                let rtm = RtmOptions {
                    $( $rtm: FromArg::from_arg(&$rtm, stringify!($rtm))?, )*
                };
                Ok((rtc, rtm))
            };
            super::build_rtc_rtm(env, read())
        }
    };
}

token_options! {
    rtc {
        #[doc = "App ID: 32 hexadecimal characters, case kept."]
        app_id: String,
        #[doc = "App Certificate: 32 hexadecimal characters, case kept. Never logged."]
        app_certificate: String,
        #[doc = "Channel name: 1-63 bytes of a-z, A-Z, 0-9, space and `!#$%&()+-:;<=.>?@[]^_{}|~,`."]
        channel_name: String,
        #[doc = "A numeric uid (integer 0..4294967295; 0 = any user) or a string user"]
        #[doc = "account (1-255 bytes of the same characters as channel names)."]
        uid: Either<f64, String>,
        #[doc = "Default `'publisher'`."]
        role: Option<RtcRole>,
        #[doc = "Token lifetime in seconds from `issueTs` (not a timestamp), 1..86400. Default 3600."]
        token_expire: Option<f64>,
        #[doc = "Privilege lifetime in seconds from `issueTs`, 0..86400. Default `tokenExpire`."]
        privilege_expire: Option<f64>,
        #[doc = "Per-privilege override (seconds from `issueTs`). When any override is"]
        #[doc = "given, all four privileges are written, each defaulting to"]
        #[doc = "`privilegeExpire`, and `role` is ignored."]
        join_channel_expire: Option<f64>,
        #[doc = "See `joinChannelExpire`."]
        publish_audio_expire: Option<f64>,
        #[doc = "See `joinChannelExpire`."]
        publish_video_expire: Option<f64>,
        #[doc = "See `joinChannelExpire`."]
        publish_data_expire: Option<f64>,
        #[doc = "Unix seconds the token is issued at. Default now; set it for reproducible tokens."]
        issue_ts: Option<f64>,
        #[doc = "1..99999999. Default random."]
        salt: Option<f64>,
    }
    rtm {
        #[doc = "RTM user id. Default: the uid as a decimal string, or the account."]
        rtm_user_id: Option<String>,
        #[doc = "RTM login privilege lifetime in seconds from `issueTs`. Default `tokenExpire`."]
        rtm_token_expire: Option<f64>,
        #[doc = "Also add the ConvoAI service (type 9). Default false."]
        convoai: Option<bool>,
    }
}
