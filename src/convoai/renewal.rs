//! `ConvoAIClient.renewAgentToken` (stateless) and `keepAgentAlive` (in
//! process), docs/telephony.md. The keep-alive loop is the core's future,
//! spawned on napi's runtime; its reports reach JavaScript through weak
//! thread-safe functions, so neither the loop nor the callbacks keep the
//! process alive.

use agora_convoai_core::convoai::{
    self as core, CallError, KeepAliveEvent, KeepAliveOptions, Renewal,
};
use agora_convoai_core::{Error as CoreError, ErrorCode};
use napi::bindgen_prelude::{spawn, Either, Function, Object, PromiseRaw, Unknown};
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{Env, Result, Status};
use napi_derive::napi;
use serde_json::Value;

use super::client::ConvoAIClient;
use super::options::{from_js, uid};
use super::promise::js_error;
use crate::args::FromArg;
use crate::error::{invalid_field, or_throw};

/// The agent whose token {@link ConvoAIClient.renewAgentToken} renews.
#[napi(object, object_to_js = false)]
pub struct RenewAgentTokenRequest {
    /// The agent's channel.
    pub channel: String,
    /// The agent's uid, as given to `startAgent` / `startCall`.
    #[napi(ts_type = "Uid")]
    pub agent_uid: Either<f64, String>,
    /// Lifetime of the new token in seconds, 1..86400. Default 86400.
    pub token_expire: Option<f64>,
}

/// When {@link ConvoAIClient.keepAgentAlive} renews and checks.
#[napi(object, object_to_js = false)]
pub struct KeepAliveSchedule {
    /// Renew this many seconds before a token expires. Default min(600, tokenExpire / 5).
    pub renew_before_s: Option<f64>,
    /// Unix seconds when the agent's current token expires (e.g. `createTs + tokenExpire`
    /// of a token this client minted). Default: unknown, so the first renewal is at once.
    pub expires_at: Option<f64>,
    /// Seconds between checks that the agent still runs. Default 300.
    pub check_interval_s: Option<f64>,
}

impl From<RenewAgentTokenRequest> for Renewal {
    fn from(r: RenewAgentTokenRequest) -> Self {
        Self {
            channel: r.channel,
            agent_uid: uid(r.agent_uid),
            token_expire: r.token_expire,
        }
    }
}

/// A weak thread-safe function: calling it never keeps Node alive.
type Weak<T, A> = ThreadsafeFunction<T, (), A, Status, false, true>;

/// The callbacks of `keepAgentAlive`, callable from the loop's thread.
struct Callbacks {
    on_error: Weak<CallError, napi::Error>,
    on_renewed: Option<Weak<Value, Value>>,
    on_end: Option<Weak<Value, Value>>,
}

fn weak_json(f: Function<Value, ()>) -> Result<Weak<Value, Value>> {
    f.build_threadsafe_function::<Value>()
        .weak::<true>()
        .build_callback(|ctx| Ok(ctx.value))
}

impl Callbacks {
    fn read(options: &Object) -> std::result::Result<Self, CoreError> {
        let function = |key: &str| {
            options
                .get::<Function<Value, ()>>(key)
                .map_err(|e| invalid_field(e, "options"))
        };
        let on_error = function("onError")?.ok_or_else(|| {
            CoreError::type_error(
                ErrorCode::InvalidArg,
                "keepAgentAlive needs onError(error): renewal failures are reported there",
            )
        })?;
        let on_error = on_error
            .build_threadsafe_function::<CallError>()
            .weak::<true>()
            .build_callback(|ctx| Ok(js_error(&ctx.env, ctx.value)))
            .map_err(|e| invalid_field(e, "options"))?;
        Ok(Self {
            on_error,
            on_renewed: function("onRenewed")?
                .map(weak_json)
                .transpose()
                .map_err(|e| invalid_field(e, "options"))?,
            on_end: function("onEnd")?
                .map(weak_json)
                .transpose()
                .map_err(|e| invalid_field(e, "options"))?,
        })
    }

    fn report(&self, event: KeepAliveEvent) {
        let mode = ThreadsafeFunctionCallMode::NonBlocking;
        // A call fails only while Node shuts down; there is no one left to tell.
        match event {
            KeepAliveEvent::Failed(e) => {
                self.on_error.call(e, mode);
            }
            KeepAliveEvent::Renewed(v) => {
                if let Some(f) = &self.on_renewed {
                    f.call(v, mode);
                }
            }
            KeepAliveEvent::Ended(v) => {
                if let Some(f) = &self.on_end {
                    f.call(v, mode);
                }
            }
        }
    }
}

/// A running {@link ConvoAIClient.keepAgentAlive}.
#[napi]
pub struct AgentKeepAlive {
    inner: core::KeepAlive,
}

#[napi]
impl AgentKeepAlive {
    /// The agent kept alive.
    #[napi(getter)]
    pub fn agent_id(&self) -> String {
        self.inner.agent_id().to_string()
    }

    /// False once it has ended (stopped, the agent stopped, or replaced).
    #[napi(getter)]
    pub fn active(&self) -> bool {
        self.inner.is_active()
    }

    /// Stops renewing (an in-flight request is dropped); `onEnd` gets
    /// `reason: 'stopped'`. Idempotent.
    #[napi]
    pub fn stop(&self) {
        self.inner.stop();
    }
}

#[napi]
impl ConvoAIClient {
    /// Mints a fresh RTC + RTM token for the agent's channel and uid and
    /// sends it (`POST …/agents/{agentId}/update`). Needs no memory of the
    /// agent: any instance can renew any agent, e.g. on a 104 webhook.
    #[napi(
        catch_unwind,
        ts_args_type = "agentId: string, request: RenewAgentTokenRequest, options?: CallOptions",
        ts_return_type = "Promise<RenewAgentTokenResult>"
    )]
    pub fn renew_agent_token<'env>(
        &self,
        env: &'env Env,
        agent_id: Unknown,
        request: Unknown,
        options: Option<Unknown>,
    ) -> Result<PromiseRaw<'env, Value>> {
        self.call(env, options, |client, call| {
            let id = String::from_arg(&agent_id, "agentId")?;
            let r: RenewAgentTokenRequest = from_js(request, "request")?;
            let renewal = Renewal::from(r);
            Ok(async move { client.renew_agent_token(&id, &renewal, call).await })
        })
    }

    /// Renews the agent's token before each expiry until the agent stops
    /// (`stopAgent`/`hangupCall` on this client, or the API reports it
    /// gone) or `stop()` is called. For long-running single servers; use
    /// `renewAgentToken` from a 104 webhook when several instances serve.
    /// Failures go to `onError` and the loop goes on.
    #[napi(
        catch_unwind,
        ts_args_type = "agentId: string, options: KeepAgentAliveOptions"
    )]
    pub fn keep_agent_alive(
        &self,
        env: Env,
        agent_id: Unknown,
        options: Unknown,
    ) -> Result<AgentKeepAlive> {
        let id = or_throw(&env, String::from_arg(&agent_id, "agentId"))?;
        let request: RenewAgentTokenRequest = or_throw(&env, from_js(options, "options"))?;
        let schedule: KeepAliveSchedule = or_throw(&env, from_js(options, "options"))?;
        let object: Object = or_throw(&env, from_js(options, "options"))?;
        let callbacks = or_throw(&env, Callbacks::read(&object))?;
        let options = KeepAliveOptions {
            renewal: request.into(),
            renew_before: schedule.renew_before_s,
            expires_at: schedule.expires_at,
            check_interval: schedule.check_interval_s,
        };
        let report = Box::new(move |event| callbacks.report(event));
        let (handle, run) = or_throw(&env, self.inner.keep_agent_alive(&id, options, report))?;
        spawn(run);
        Ok(AgentKeepAlive { inner: handle })
    }
}
