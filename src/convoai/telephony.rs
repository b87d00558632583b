//! `ConvoAIClient`'s phone calls and phone numbers (docs/telephony.md):
//! each method converts its arguments and runs one core call.
//! (`listAllCalls` is JavaScript, over `callPages`: lib/convoai.js.)

use agora_convoai_core::convoai::{self as core, CallQuery, ImportPhoneNumber, UpdatePhoneNumber};
use agora_convoai_core::Error as CoreError;
use napi::bindgen_prelude::{
    Either, FnArgs, Function, JsObjectValue, Object, PromiseRaw, Unknown, ValueType,
};
use napi::{Env, JsValue, Result};
use napi_derive::napi;
use serde_json::Value;

use super::client::ConvoAIClient;
use super::options::{from_js, optional, uid, StartAgentRequest};
use super::pages::ListingPages;
use crate::args::FromArg;
use crate::error::{invalid_field, or_throw};

/// The phone leg of {@link ConvoAIClient.startCall} (with every
/// `StartAgentRequest` field but `remoteUids`, optional here).
#[napi(object, object_to_js = false)]
pub struct CallLeg {
    /// Who is called: E.164, e.g. `'+14155550123'` (`sip.to_number`).
    pub to_number: String,
    /// Caller ID: an E.164 number imported to your account (`sip.from_number`).
    pub from_number: String,
    /// The uid the SIP gateway joins the channel with (`sip.rtc_uid`, a string on the wire).
    #[napi(ts_type = "Uid")]
    pub sip_uid: Either<f64, String>,
    /// `sip.rtc_token`. Default: an RTC token minted for (channel, sipUid), `tokenExpire` long.
    pub sip_token: Option<String>,
    /// Uids the agent listens to. Default `[sipUid]`: the person on the phone.
    #[napi(ts_type = "Uid[]")]
    pub remote_uids: Option<Vec<Either<f64, String>>>,
}

/// The query of {@link ConvoAIClient.listCalls}.
#[napi(object, object_to_js = false)]
pub struct ListCallsQuery {
    /// E.164; matches the caller or the callee.
    pub number: Option<String>,
    /// Unix seconds. Server default: 60 days ago.
    pub from_time: Option<f64>,
    /// Unix seconds. Server default: now.
    pub to_time: Option<f64>,
    /// Default: both.
    #[napi(ts_type = "'inbound' | 'outbound'")]
    pub r#type: Option<String>,
    /// Page size. Server default 20.
    pub limit: Option<f64>,
    /// From the previous page's `cursor`.
    pub cursor: Option<String>,
}

/// The request of {@link ConvoAIClient.importPhoneNumber}.
#[napi(object, object_to_js = false)]
pub struct ImportPhoneNumberRequest {
    /// `'byo'` (your own SIP trunk) or `'twilio'`.
    #[napi(ts_type = "'byo' | 'twilio'")]
    pub provider: String,
    /// E.164, e.g. `'+14155550123'`: the number's id from now on.
    pub phone_number: String,
    /// A display name, 1 to 256 bytes.
    pub label: String,
    /// Whether it takes inbound calls. Server default true.
    pub inbound: Option<bool>,
    /// Whether it places outbound calls. Server default true.
    pub outbound: Option<bool>,
    /// Who may send calls to it: `allowedAddresses` (IPs or CIDRs). Default `{}`.
    #[napi(ts_type = "{ allowedAddresses?: string[]; [k: string]: unknown }")]
    pub inbound_config: Option<Value>,
    /// Where its outbound calls go: `address` (e.g. `'user:pass@sip.example.com'`, a secret),
    /// `transport` (`'tls'`, `'tcp'`, `'udp'`), `prefix`. Default `{}`.
    #[napi(
        ts_type = "{ address?: string; transport?: 'tls' | 'tcp' | 'udp' | (string & {}); prefix?: string; [k: string]: unknown }"
    )]
    pub outbound_config: Option<Value>,
}

impl From<ListCallsQuery> for CallQuery {
    fn from(q: ListCallsQuery) -> Self {
        Self {
            number: q.number,
            from_time: q.from_time,
            to_time: q.to_time,
            kind: q.r#type,
            limit: q.limit,
            cursor: q.cursor,
        }
    }
}

impl From<ImportPhoneNumberRequest> for ImportPhoneNumber {
    fn from(r: ImportPhoneNumberRequest) -> Self {
        Self {
            provider: r.provider,
            phone_number: r.phone_number,
            label: r.label,
            inbound: r.inbound,
            outbound: r.outbound,
            inbound_config: r.inbound_config,
            outbound_config: r.outbound_config,
        }
    }
}

/// `startCall`'s request read twice: its phone leg, and its agent fields as
/// a `StartAgentRequest` (from a copy whose `remoteUids` defaults to `[]`;
/// the core then uses the gateway's uid).
fn start_call_request(
    env: &Env,
    request: Unknown,
) -> std::result::Result<core::StartCall, CoreError> {
    let leg: CallLeg = from_js(request, "request")?;
    let object: Object = from_js(request, "request")?;
    // `Object` is a function: read as a value, then as the object it also is.
    let assign: Function<FnArgs<(Object, Object)>, Object> = env
        .get_global()
        .and_then(|g| g.get_named_property::<Unknown>("Object"))
        .and_then(|o| o.coerce_to_object())
        .and_then(|o| o.get_named_property("assign"))
        .map_err(|e| invalid_field(e, "request"))?;
    let mut defaults = Object::new(env).map_err(|e| invalid_field(e, "request"))?;
    defaults
        .set("remoteUids", Vec::<u32>::new())
        .map_err(|e| invalid_field(e, "request"))?;
    let copy = assign
        .call(FnArgs::from((defaults, object)))
        .map_err(|e| invalid_field(e, "request"))?;
    let agent = StartAgentRequest::read(copy.to_unknown(), "request")?;
    let mut agent = core::StartAgent::from(agent);
    if let Some(remote) = leg.remote_uids {
        agent.remote_uids = remote.into_iter().map(uid).collect();
    }
    Ok(core::StartCall {
        agent,
        to_number: leg.to_number,
        from_number: leg.from_number,
        sip_uid: Some(uid(leg.sip_uid)),
        sip_token: leg.sip_token,
    })
}

/// `{ inboundConfig?, outboundConfig? }` of `updatePhoneNumber`: an absent
/// key leaves that config alone, `null` clears it.
fn phone_number_update(update: Unknown) -> std::result::Result<UpdatePhoneNumber, CoreError> {
    let object: Object = from_js(update, "update")?;
    let read = |key: &str| -> std::result::Result<Option<Value>, CoreError> {
        let value = object
            .get::<Unknown>(key)
            .map_err(|e| invalid_field(e, "update"))?;
        match value.map(|v| (v.get_type(), v)) {
            None | Some((Ok(ValueType::Undefined), _)) => Ok(None),
            // `null` unbinds: sent as null.
            Some((Ok(ValueType::Null), _)) => Ok(Some(Value::Null)),
            Some((_, v)) => from_js(v, &format!("update.{key}")).map(Some),
        }
    };
    Ok(UpdatePhoneNumber {
        inbound_config: read("inboundConfig")?,
        outbound_config: read("outboundConfig")?,
    })
}

#[napi]
impl ConvoAIClient {
    /// Places an outbound phone call answered by a new agent (`POST …/call`).
    /// The agent's token (RTC + RTM) and the SIP gateway's (RTC) are minted
    /// when not given. Retried like `startAgent`: a repeat could dial twice.
    #[napi(
        catch_unwind,
        ts_args_type = "request: StartCallRequest, options?: CallOptions",
        ts_return_type = "Promise<{ agentId: string }>"
    )]
    pub fn start_call<'env>(
        &self,
        env: &'env Env,
        request: Unknown,
        options: Option<Unknown>,
    ) -> Result<PromiseRaw<'env, Value>> {
        self.call(env, options, |client, call| {
            let request = start_call_request(env, request)?;
            Ok(async move { client.start_call(request, call).await })
        })
    }

    /// A call's record (`GET …/calls/{agentId}`).
    #[napi(
        catch_unwind,
        ts_args_type = "agentId: string, options?: CallOptions",
        ts_return_type = "Promise<CallInfo>"
    )]
    pub fn get_call<'env>(
        &self,
        env: &'env Env,
        agent_id: Unknown,
        options: Option<Unknown>,
    ) -> Result<PromiseRaw<'env, Value>> {
        self.call(env, options, |client, call| {
            let id = String::from_arg(&agent_id, "agentId")?;
            Ok(async move { client.get_call(&id, call).await })
        })
    }

    /// Hangs up (`POST …/calls/{agentId}/hangup`): the agent ends the call
    /// and leaves. Resolves when the call is already over (404).
    #[napi(
        catch_unwind,
        ts_args_type = "agentId: string, options?: CallOptions",
        ts_return_type = "Promise<void>"
    )]
    pub fn hangup_call<'env>(
        &self,
        env: &'env Env,
        agent_id: Unknown,
        options: Option<Unknown>,
    ) -> Result<PromiseRaw<'env, ()>> {
        self.call(env, options, |client, call| {
            let id = String::from_arg(&agent_id, "agentId")?;
            Ok(async move { client.hangup_call(&id, call).await })
        })
    }

    /// One page of call records (`GET …/call`); see also `listAllCalls`.
    #[napi(
        catch_unwind,
        ts_args_type = "query?: ListCallsQuery, options?: CallOptions",
        ts_return_type = "Promise<CallList>"
    )]
    pub fn list_calls<'env>(
        &self,
        env: &'env Env,
        query: Option<Unknown>,
        options: Option<Unknown>,
    ) -> Result<PromiseRaw<'env, Value>> {
        self.call(env, options, |client, call| {
            let q: Option<ListCallsQuery> = optional(query, "query")?;
            let q = q.map(CallQuery::from).unwrap_or_default();
            Ok(async move { client.list_calls(q, call).await })
        })
    }

    /// The page walk behind `listAllCalls`. Throws `ERR_INVALID_ARG` for a bad query.
    #[napi(catch_unwind, skip_typescript, ts_args_type = "query?: ListCallsQuery")]
    pub fn call_pages(&self, env: Env, query: Option<Unknown>) -> Result<ListingPages> {
        let q: Option<ListCallsQuery> = or_throw(&env, optional(query, "query"))?;
        let q = q.map(CallQuery::from).unwrap_or_default();
        Ok(ListingPages::new(self.inner.call_pages(q)))
    }

    /// The account's phone numbers (`GET /v2/phone-numbers`).
    #[napi(
        catch_unwind,
        ts_args_type = "options?: CallOptions",
        ts_return_type = "Promise<PhoneNumber[]>"
    )]
    pub fn list_phone_numbers<'env>(
        &self,
        env: &'env Env,
        options: Option<Unknown>,
    ) -> Result<PromiseRaw<'env, Value>> {
        self.call(env, options, |client, call| {
            Ok(async move { client.list_phone_numbers(call).await })
        })
    }

    /// Imports a number you own (`POST /v2/phone-numbers`, 201).
    #[napi(
        catch_unwind,
        ts_args_type = "request: ImportPhoneNumberRequest, options?: CallOptions",
        ts_return_type = "Promise<PhoneNumber>"
    )]
    pub fn import_phone_number<'env>(
        &self,
        env: &'env Env,
        request: Unknown,
        options: Option<Unknown>,
    ) -> Result<PromiseRaw<'env, Value>> {
        self.call(env, options, |client, call| {
            let r: ImportPhoneNumberRequest = from_js(request, "request")?;
            Ok(async move { client.import_phone_number(r.into(), call).await })
        })
    }

    /// One number (`GET /v2/phone-numbers/{phoneNumber}`).
    #[napi(
        catch_unwind,
        ts_args_type = "phoneNumber: string, options?: CallOptions",
        ts_return_type = "Promise<PhoneNumber>"
    )]
    pub fn get_phone_number<'env>(
        &self,
        env: &'env Env,
        phone_number: Unknown,
        options: Option<Unknown>,
    ) -> Result<PromiseRaw<'env, Value>> {
        self.call(env, options, |client, call| {
            let n = String::from_arg(&phone_number, "phoneNumber")?;
            Ok(async move { client.get_phone_number(&n, call).await })
        })
    }

    /// Binds or unbinds the pipelines that answer (inbound) and place
    /// (outbound) the number's calls (`PATCH /v2/phone-numbers/{phoneNumber}`);
    /// `null` clears a config.
    #[napi(
        catch_unwind,
        ts_args_type = "phoneNumber: string, update: UpdatePhoneNumberRequest, options?: CallOptions",
        ts_return_type = "Promise<PhoneNumber>"
    )]
    pub fn update_phone_number<'env>(
        &self,
        env: &'env Env,
        phone_number: Unknown,
        update: Unknown,
        options: Option<Unknown>,
    ) -> Result<PromiseRaw<'env, Value>> {
        self.call(env, options, |client, call| {
            let n = String::from_arg(&phone_number, "phoneNumber")?;
            let u = phone_number_update(update)?;
            Ok(async move { client.update_phone_number(&n, u, call).await })
        })
    }

    /// Removes a number from Agora (`DELETE /v2/phone-numbers/{phoneNumber}`,
    /// 204); the number stays yours at its carrier. Resolves when already gone.
    #[napi(
        catch_unwind,
        ts_args_type = "phoneNumber: string, options?: CallOptions",
        ts_return_type = "Promise<void>"
    )]
    pub fn delete_phone_number<'env>(
        &self,
        env: &'env Env,
        phone_number: Unknown,
        options: Option<Unknown>,
    ) -> Result<PromiseRaw<'env, ()>> {
        self.call(env, options, |client, call| {
            let n = String::from_arg(&phone_number, "phoneNumber")?;
            Ok(async move { client.delete_phone_number(&n, call).await })
        })
    }
}
