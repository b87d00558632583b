//! The JS option objects of the ConvoAI calls and their conversion to core
//! types. Vendor objects (llm, asr, tts, …) stay JSON: the core passes them
//! through.

use agora_convoai_core::convoai::{self as core, CallError, CallOptions as CoreCall};
use agora_convoai_core::validate::UidInput;
use agora_convoai_core::Error as CoreError;
use agora_convoai_core::ErrorCode;
use napi::bindgen_prelude::{AbortSignal, Either, FromNapiValue, Object, Unknown};
use napi::JsValue;
use napi_derive::napi;
use serde_json::Value;

use super::promise::Signal;
pub use super::start_request::StartAgentRequest;
use crate::args;
use crate::error::invalid_field;

/// Options of {@link ConvoAIClient} (and of the top-level calls).
#[napi(object, object_to_js = false)]
pub struct ClientOptions {
    /// App ID: 32 hexadecimal characters.
    pub app_id: String,
    /// App Certificate. With it, requests carry `agora token=<fresh RTC+RTM token>`
    /// (unless a customer pair is given) and `properties.token` is minted. Never logged.
    pub app_certificate: Option<String>,
    /// Customer ID of a RESTful API key: Basic auth (used for the header when given).
    pub customer_id: Option<String>,
    /// Customer secret of that key. Never logged.
    pub customer_secret: Option<String>,
    /// A token built elsewhere, sent as `agora token=<authToken>`.
    pub auth_token: Option<String>,
    /// Host pool and failover order. Default `'global'`.
    #[napi(ts_type = "Region")]
    pub region: Option<String>,
    /// Origin(s) overriding `region`, in failover order (`https://`, or `http://` to loopback only).
    pub base_url: Option<Either<String, Vec<String>>>,
    /// Per-attempt time limit in ms. Default 30000.
    pub timeout_ms: Option<f64>,
    /// Retries after the first attempt. Default 2.
    pub max_retries: Option<f64>,
    /// Extra trusted root certificates, PEM.
    pub ca_certificates: Option<Vec<String>>,
    /// Requests in flight (so connections) per client; more calls queue. Default 64.
    pub max_connections: Option<f64>,
    /// Largest response body accepted, in bytes (1..2^30). A longer body, or a
    /// `Content-Length` over it, fails the call with `ERR_BAD_RESPONSE`. Default 8 MiB.
    pub max_response_bytes: Option<f64>,
}

/// The update of {@link ConvoAIClient.updateAgent}.
#[napi(object, object_to_js = false)]
pub struct UpdateAgentRequest {
    /// A new `properties.token` (renew before the old one expires).
    pub token: Option<String>,
    /// `properties.llm` (its `params` replace the whole object set at start).
    #[napi(ts_type = "Record<string, unknown>")]
    pub llm: Option<Value>,
    /// `properties.mllm`.
    #[napi(ts_type = "Record<string, unknown>")]
    pub mllm: Option<Value>,
}

/// The request of {@link ConvoAIClient.speak}.
#[napi(object, object_to_js = false)]
pub struct SpeakRequest {
    /// At most 512 bytes of UTF-8.
    pub text: String,
    #[napi(ts_type = "'INTERRUPT' | 'APPEND' | 'IGNORE'")]
    pub priority: Option<String>,
    /// Whether user speech may cut the broadcast.
    pub interruptable: Option<bool>,
}

/// The query of {@link ConvoAIClient.listAgents}.
#[napi(object, object_to_js = false)]
pub struct ListAgentsQuery {
    pub channel: Option<String>,
    /// Unix seconds. Server default: now − 2 h.
    pub from_time: Option<f64>,
    /// Unix seconds. Server default: now.
    pub to_time: Option<f64>,
    #[napi(ts_type = "AgentStatus[]")]
    pub state: Option<Vec<String>>,
    /// Page size. Server default 20.
    pub limit: Option<f64>,
    /// From the previous page's `cursor`.
    pub cursor: Option<String>,
}

/// The query of {@link ConvoAIClient.getTurns}.
#[napi(object, object_to_js = false)]
pub struct TurnsQuery {
    /// 1-based.
    pub page_index: Option<f64>,
    pub page_size: Option<f64>,
}

/// Converts an object argument called `what` to `T` (args.rs).
pub fn from_js<T: FromNapiValue>(value: Unknown, what: &str) -> Result<T, CoreError> {
    args::from_object(&value, what)
}

/// `undefined`/`null` → `None`, else [`from_js`].
pub fn optional<T: FromNapiValue>(
    value: Option<Unknown>,
    what: &str,
) -> Result<Option<T>, CoreError> {
    match value.filter(|v| !args::is_nullish(v)) {
        Some(v) => from_js(v, what).map(Some),
        None => Ok(None),
    }
}

pub(super) fn uid(u: Either<f64, String>) -> UidInput {
    match u {
        Either::A(n) => UidInput::Number(n),
        Either::B(s) => UidInput::Account(s),
    }
}

impl From<ClientOptions> for core::ClientOptions {
    fn from(o: ClientOptions) -> Self {
        Self {
            app_id: o.app_id,
            app_certificate: o.app_certificate,
            customer_id: o.customer_id,
            customer_secret: o.customer_secret,
            auth_token: o.auth_token,
            region: o.region,
            base_urls: match o.base_url {
                None => Vec::new(),
                Some(Either::A(one)) => vec![one],
                Some(Either::B(list)) => list,
            },
            timeout_ms: o.timeout_ms,
            max_retries: o.max_retries,
            ca_certificates: o.ca_certificates.unwrap_or_default(),
            max_connections: o.max_connections,
            max_response_bytes: o.max_response_bytes,
        }
    }
}

impl From<StartAgentRequest> for core::StartAgent {
    fn from(r: StartAgentRequest) -> Self {
        let vendors = [
            ("llm", r.llm),
            ("asr", r.asr),
            ("tts", r.tts),
            ("mllm", r.mllm),
            ("avatar", r.avatar),
            ("turn_detection", r.turn_detection),
            ("parameters", r.parameters),
        ];
        Self {
            name: r.name,
            channel: r.channel,
            agent_uid: Some(uid(r.agent_uid)),
            remote_uids: r.remote_uids.into_iter().map(uid).collect(),
            token: r.token,
            token_expire: r.token_expire,
            enable_string_uid: r.enable_string_uid,
            idle_timeout: r.idle_timeout,
            enable_rtm: r.enable_rtm,
            vendors: vendors
                .into_iter()
                .filter_map(|(k, v)| v.map(|v| (k, v)))
                .collect(),
            properties: r.properties,
            fields: core::JoinFields {
                labels: r.labels,
                geofence: r.geofence,
                rtc: r.rtc,
                data_channel: r.data_channel,
                enable_metrics: r.enable_metrics,
                enable_error_message: r.enable_error_message,
            },
            pipeline_id: r.pipeline_id,
            preset: r.preset,
        }
    }
}

impl From<ListAgentsQuery> for core::ListQuery {
    fn from(q: ListAgentsQuery) -> Self {
        Self {
            channel: q.channel,
            from_time: q.from_time,
            to_time: q.to_time,
            state: q.state.unwrap_or_default(),
            limit: q.limit,
            cursor: q.cursor,
        }
    }
}

/// `{ signal?, timeoutMs? }` read from `options` (a `CallOptions` object, or
/// the single options object of the top-level functions).
pub fn call_options(
    options: Option<Unknown>,
    deadline: bool,
) -> Result<(CoreCall, Signal), CallError> {
    let Some(obj) = optional::<Object>(options, "options")? else {
        return Ok((CoreCall::default(), Signal::None));
    };
    let mut call = CoreCall::default();
    if deadline {
        let ms = obj.get::<f64>("timeoutMs");
        if let Some(ms) = ms.map_err(|e| invalid_field(e, "options.timeoutMs"))? {
            let ms = agora_convoai_core::validate::integer(
                ms,
                1,
                u32::MAX,
                "timeoutMs",
                ErrorCode::InvalidArg,
            )?;
            call.timeout = Some(std::time::Duration::from_millis(u64::from(ms)));
        }
    }
    let signal = obj.get::<Unknown>("signal");
    let signal = signal.map_err(|e| invalid_field(e, "options.signal"))?;
    let signal = match optional::<Object>(signal, "options.signal")? {
        Some(s) => {
            let aborted = s.get::<bool>("aborted");
            if aborted.map_err(|e| invalid_field(e, "options.signal.aborted"))? == Some(true) {
                Signal::Aborted
            } else {
                Signal::Live(from_js::<AbortSignal>(s.to_unknown(), "options.signal")?)
            }
        }
        None => Signal::None,
    };
    Ok((call, signal))
}
