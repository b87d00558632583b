//! The request of `ConvoAIClient.startAgent`, declared once.
//!
//! [`start_agent_request!`] turns one list of fields into everything that
//! must agree on it: the `#[napi(object)]` struct (its doc comments become
//! the JSDoc of `StartAgentRequest` in index.d.ts), its reader for the
//! top-level `startAgent` and `startCall` (`StartAgentRequest::read`), the
//! method `ConvoAIClient.startAgent`, which takes the fields as positional
//! arguments after `request` and `options`, and [`start_agent_request_names`],
//! from which the build generates lib/generated/start-agent.js: the method
//! as JavaScript sees it, which reads the request object, each field once and
//! in declaration order, and makes that call.
//!
//! What it replaces, measured: napi-rs's conversion of the object looks each
//! of the 25 fields up through N-API, building and interning the key string
//! every time (`napi_get_named_property`): 42,000 of the 61,000 instructions
//! the JavaScript thread spent per `startAgent` (callgrind, docs/benchmarks.md).
//! Plain property reads in JavaScript are cached by V8 per call site.
//!
//! Adding a field: one line (and its doc) in the list below, its use in
//! `From<StartAgentRequest> for core::StartAgent` (options.rs), then
//! `npm run build` and commit lib/generated/start-agent.js.
//! `__test__/agent.request.test.mjs` fails when index.d.ts and the fields read
//! disagree; `__test__/binding.generated.test.mjs` when the committed
//! JavaScript is stale.

use napi::bindgen_prelude::{Either, JsObjectValue, Object, PromiseRaw, Unknown};
use napi::{Env, Result};
use napi_derive::napi;
use serde_json::Value;

use super::client::ConvoAIClient;
use super::options::from_js;
use crate::args::{self, FromArg};
use crate::error::invalid_field;

macro_rules! start_agent_request {
    ( $( $(#[$attr:meta])* $field:ident: $ty:ty, )* ) => {
        /// The request of {@link ConvoAIClient.startAgent}.
        #[napi(object, object_from_js = false, object_to_js = false)]
        pub struct StartAgentRequest {
            $( $(#[$attr])* pub $field: $ty, )*
        }

        impl StartAgentRequest {
            /// Reads the fields from the object argument called `what` (the
            /// top-level `startAgent`'s options, `startCall`'s request) with
            /// the conversions `startAgent` applies to its arguments.
            pub fn read(value: Unknown, what: &str) -> args::Result<Self> {
                let object: Object = from_js(value, what)?;
                let field = |name: &str| {
                    object
                        .get_named_property::<Unknown>(&args::js_name(name))
                        .map_err(|e| invalid_field(e, what))
                };
                Ok(Self {
                    $( $field: FromArg::from_arg(&field(stringify!($field))?, stringify!($field))?, )*
                })
            }
        }

        /// The fields `ConvoAIClient.startAgent` reads, in declaration
        /// order, as JavaScript spells them.
        #[napi(skip_typescript)]
        pub fn start_agent_request_names() -> Vec<String> {
            [$( stringify!($field) ),*].iter().map(|n| args::js_name(n)).collect()
        }

        #[napi]
        impl ConvoAIClient {
            /// Starts an agent (`POST …/join`). Retried only when the request cannot
            /// have reached the server, on 429 and on 503.
            #[napi(
                catch_unwind,
                ts_args_type = "request: StartAgentRequest, options?: CallOptions",
                ts_return_type = "Promise<StartAgentResult>"
            )]
            #[allow(clippy::too_many_arguments)]
            pub fn start_agent<'env>(
                &self,
                env: &'env Env,
                request: Unknown,
                options: Option<Unknown>,
                $( $field: Unknown, )*
            ) -> Result<PromiseRaw<'env, Value>> {
                self.call(env, options, |client, call| {
                    args::object(&request, "request")?;
                    let request = StartAgentRequest {
                        $( $field: FromArg::from_arg(&$field, stringify!($field))?, )*
                    };
                    Ok(async move { client.start_agent(request.into(), call).await })
                })
            }
        }
    };
}

start_agent_request! {
    #[doc = "Unique instance name. Default: generated, unique per call."]
    name: Option<String>,
    #[doc = "RTC channel the agent joins."]
    channel: String,
    #[doc = "The agent's uid (sent as a string in `properties.agent_rtc_uid`)."]
    #[napi(ts_type = "Uid")]
    agent_uid: Either<f64, String>,
    #[doc = "Uids the agent listens to (`['*']` = everyone)."]
    #[napi(ts_type = "Uid[]")]
    remote_uids: Vec<Either<f64, String>>,
    #[doc = "`properties.token`. Default: minted RTC+RTM token for (channel, agentUid)."]
    token: Option<String>,
    #[doc = "Lifetime of the minted token in seconds, 1..86400. Default 86400."]
    token_expire: Option<f64>,
    #[doc = "Default: true iff agentUid or a remote uid is a non-numeric string."]
    enable_string_uid: Option<bool>,
    #[doc = "`properties.idle_timeout` in seconds."]
    idle_timeout: Option<f64>,
    #[doc = "`properties.advanced_features.enable_rtm`."]
    enable_rtm: Option<bool>,
    #[doc = "`properties.llm`, wire format."]
    #[napi(ts_type = "VendorConfig")]
    llm: Option<Value>,
    #[doc = "`properties.asr`, wire format."]
    #[napi(ts_type = "VendorConfig")]
    asr: Option<Value>,
    #[doc = "`properties.tts`, wire format."]
    #[napi(ts_type = "VendorConfig")]
    tts: Option<Value>,
    #[doc = "`properties.mllm`, wire format (`enable: true` runs the realtime model)."]
    #[napi(ts_type = "MllmConfig")]
    mllm: Option<Value>,
    #[doc = "`properties.avatar`, wire format."]
    #[napi(ts_type = "Record<string, unknown>")]
    avatar: Option<Value>,
    #[doc = "`properties.turn_detection`, wire format."]
    #[napi(ts_type = "Record<string, unknown>")]
    turn_detection: Option<Value>,
    #[doc = "`properties.parameters`, wire format."]
    #[napi(ts_type = "Record<string, unknown>")]
    parameters: Option<Value>,
    #[doc = "Any other `properties` fields, wire format (snake_case), passed through."]
    #[napi(ts_type = "Record<string, unknown>")]
    properties: Option<Value>,
    #[doc = "Top-level `pipeline_id`."]
    pipeline_id: Option<String>,
    #[doc = "Top-level `preset`."]
    preset: Option<String>,
    #[doc = "`properties.labels`: echoed in every webhook of this agent (at most 100)."]
    #[doc = "Put what a webhook handler needs here, e.g. the agent uid for token renewal."]
    #[napi(ts_type = "Record<string, string>")]
    labels: Option<Value>,
    #[doc = "`properties.geofence`: the regions whose servers may carry the agent."]
    #[napi(ts_type = "Geofence")]
    geofence: Option<Value>,
    #[doc = "`properties.rtc`: media encryption, as the channel's users set it."]
    #[napi(ts_type = "RtcEncryption")]
    rtc: Option<Value>,
    #[doc = "`properties.parameters.data_channel`; `'rtm'` needs `enableRtm`."]
    #[napi(ts_type = "'rtm' | 'datastream'")]
    data_channel: Option<String>,
    #[doc = "`properties.parameters.enable_metrics` (over RTM: needs `enableRtm`)."]
    enable_metrics: Option<bool>,
    #[doc = "`properties.parameters.enable_error_message` (over RTM: needs `enableRtm`)."]
    enable_error_message: Option<bool>,
}
