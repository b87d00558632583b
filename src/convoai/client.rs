//! The `ConvoAIClient` class: one core client (one connection pool) per
//! instance; every method converts its arguments and runs the core call.

use agora_convoai_core::convoai as core;
use agora_convoai_core::{Error as CoreError, ErrorCode};
use napi::bindgen_prelude::{FromNapiValue, Object, PromiseRaw, This, Unknown};
use napi::{Env, JsValue, Result};
use napi_derive::napi;
use serde_json::Value;

use super::options::{
    from_js, optional, ClientOptions, ListAgentsQuery, SpeakRequest, StartAgentRequest, TurnsQuery,
    UpdateAgentRequest,
};
use super::pages::ListingPages;
use super::promise::run;
use crate::error::or_throw;

/// Client of the Agora Conversational AI REST API. Holds one keep-alive
/// connection pool: make one per set of credentials and reuse it.
#[napi(js_name = "ConvoAIClient")]
pub struct ConvoAIClient {
    pub(super) inner: core::Client,
}

fn agent_id(env: &Env, value: Unknown) -> std::result::Result<String, CoreError> {
    let id = match value.get_type() {
        Ok(napi::ValueType::String) => {
            unsafe { String::from_napi_value(env.raw(), value.raw()) }.ok()
        }
        _ => None,
    };
    id.ok_or_else(|| CoreError::type_error(ErrorCode::InvalidArg, "agentId must be a string"))
}

#[napi]
impl ConvoAIClient {
    /// Validates the options (credentials, base URLs, CA certificates) and
    /// sets up the connection pool. No request is sent.
    #[napi(catch_unwind, constructor, ts_args_type = "options: ClientOptions")]
    pub fn new(env: Env, options: Unknown) -> Result<Self> {
        let options: ClientOptions = or_throw(&env, from_js(&env, options, "options"))?;
        let inner = or_throw(&env, core::Client::new(&options.into()))?;
        Ok(Self { inner })
    }

    /// Starts an agent (`POST …/join`). Retried only when the request cannot
    /// have reached the server, on 429 and on 503.
    #[napi(
        catch_unwind,
        ts_args_type = "request: StartAgentRequest, options?: CallOptions",
        ts_return_type = "Promise<StartAgentResult>"
    )]
    pub fn start_agent<'env>(
        &self,
        env: &'env Env,
        request: Unknown,
        options: Option<Unknown>,
    ) -> Result<PromiseRaw<'env, Value>> {
        let client = self.inner.clone();
        run(env, options, true, |call| {
            let request: StartAgentRequest = from_js(env, request, "request")?;
            Ok(async move { client.start_agent(request.into(), call).await })
        })
    }

    /// Stops an agent (`POST …/leave`). Resolves when it is already gone (404)
    /// or already shutting down.
    #[napi(
        catch_unwind,
        ts_args_type = "agentId: string, options?: CallOptions",
        ts_return_type = "Promise<void>"
    )]
    pub fn stop_agent<'env>(
        &self,
        env: &'env Env,
        agent_id_: Unknown,
        options: Option<Unknown>,
    ) -> Result<PromiseRaw<'env, ()>> {
        let client = self.inner.clone();
        run(env, options, true, |call| {
            let id = agent_id(env, agent_id_)?;
            Ok(async move { client.stop_agent(&id, call).await })
        })
    }

    /// Updates a running agent's token, llm or mllm (`POST …/update`).
    #[napi(
        catch_unwind,
        ts_args_type = "agentId: string, update: UpdateAgentRequest, options?: CallOptions",
        ts_return_type = "Promise<StartAgentResult>"
    )]
    pub fn update_agent<'env>(
        &self,
        env: &'env Env,
        agent_id_: Unknown,
        update: Unknown,
        options: Option<Unknown>,
    ) -> Result<PromiseRaw<'env, Value>> {
        let client = self.inner.clone();
        run(env, options, true, |call| {
            let id = agent_id(env, agent_id_)?;
            let u: UpdateAgentRequest = from_js(env, update, "update")?;
            Ok(async move { client.update_agent(&id, u.token, u.llm, u.mllm, call).await })
        })
    }

    /// Queries an agent's status (`GET …/agents/{agentId}`).
    #[napi(
        catch_unwind,
        ts_args_type = "agentId: string, options?: CallOptions",
        ts_return_type = "Promise<AgentInfo>"
    )]
    pub fn get_agent<'env>(
        &self,
        env: &'env Env,
        agent_id_: Unknown,
        options: Option<Unknown>,
    ) -> Result<PromiseRaw<'env, Value>> {
        let client = self.inner.clone();
        run(env, options, true, |call| {
            let id = agent_id(env, agent_id_)?;
            Ok(async move { client.get_agent(&id, call).await })
        })
    }

    /// One page of agents (`GET …/agents`); see also `listAllAgents`.
    #[napi(
        catch_unwind,
        ts_args_type = "query?: ListAgentsQuery, options?: CallOptions",
        ts_return_type = "Promise<AgentList>"
    )]
    pub fn list_agents<'env>(
        &self,
        env: &'env Env,
        query: Option<Unknown>,
        options: Option<Unknown>,
    ) -> Result<PromiseRaw<'env, Value>> {
        let client = self.inner.clone();
        run(env, options, true, |call| {
            let q: Option<ListAgentsQuery> = optional(env, query, "query")?;
            let q = q.map(core::ListQuery::from).unwrap_or_default();
            Ok(async move { client.list_agents(q, call).await })
        })
    }

    /// Makes the agent say `text` (`POST …/speak`; at most 512 bytes).
    #[napi(
        catch_unwind,
        ts_args_type = "agentId: string, request: SpeakRequest, options?: CallOptions",
        ts_return_type = "Promise<void>"
    )]
    pub fn speak<'env>(
        &self,
        env: &'env Env,
        agent_id_: Unknown,
        request: Unknown,
        options: Option<Unknown>,
    ) -> Result<PromiseRaw<'env, ()>> {
        let client = self.inner.clone();
        run(env, options, true, |call| {
            let id = agent_id(env, agent_id_)?;
            let r: SpeakRequest = from_js(env, request, "request")?;
            Ok(async move {
                client
                    .speak(&id, &r.text, r.priority.as_deref(), r.interruptable, call)
                    .await
            })
        })
    }

    /// Stops the agent speaking or thinking (`POST …/interrupt`).
    #[napi(
        catch_unwind,
        ts_args_type = "agentId: string, options?: CallOptions",
        ts_return_type = "Promise<void>"
    )]
    pub fn interrupt<'env>(
        &self,
        env: &'env Env,
        agent_id_: Unknown,
        options: Option<Unknown>,
    ) -> Result<PromiseRaw<'env, ()>> {
        let client = self.inner.clone();
        run(env, options, true, |call| {
            let id = agent_id(env, agent_id_)?;
            Ok(async move { client.interrupt(&id, call).await })
        })
    }

    /// Injects an instruction as if the user said it (`POST …/think`). Other
    /// fields (`onListeningAction`, `metadata`, …) are sent in wire case.
    #[napi(
        catch_unwind,
        ts_args_type = "agentId: string, request: { text: string; [k: string]: unknown }, options?: CallOptions",
        ts_return_type = "Promise<void>"
    )]
    pub fn think<'env>(
        &self,
        env: &'env Env,
        agent_id_: Unknown,
        request: Unknown,
        options: Option<Unknown>,
    ) -> Result<PromiseRaw<'env, ()>> {
        let client = self.inner.clone();
        run(env, options, true, |call| {
            let id = agent_id(env, agent_id_)?;
            let r: Value = from_js(env, request, "request")?;
            Ok(async move { client.think(&id, r, call).await })
        })
    }

    /// The agent's short-term history (`GET …/history`; 404 once stopped).
    #[napi(
        catch_unwind,
        ts_args_type = "agentId: string, options?: CallOptions",
        ts_return_type = "Promise<AgentHistory>"
    )]
    pub fn get_history<'env>(
        &self,
        env: &'env Env,
        agent_id_: Unknown,
        options: Option<Unknown>,
    ) -> Result<PromiseRaw<'env, Value>> {
        let client = self.inner.clone();
        run(env, options, true, |call| {
            let id = agent_id(env, agent_id_)?;
            Ok(async move { client.get_history(&id, call).await })
        })
    }

    /// Turn analytics (`GET …/turns`), camel-cased.
    #[napi(
        catch_unwind,
        ts_args_type = "agentId: string, query?: TurnsQuery, options?: CallOptions",
        ts_return_type = "Promise<Record<string, unknown>>"
    )]
    pub fn get_turns<'env>(
        &self,
        env: &'env Env,
        agent_id_: Unknown,
        query: Option<Unknown>,
        options: Option<Unknown>,
    ) -> Result<PromiseRaw<'env, Value>> {
        let client = self.inner.clone();
        run(env, options, true, |call| {
            let id = agent_id(env, agent_id_)?;
            let q: Option<TurnsQuery> = optional(env, query, "query")?;
            let (index, size) = q.map_or((None, None), |q| (q.page_index, q.page_size));
            Ok(async move { client.get_turns(&id, index, size, call).await })
        })
    }

    /// The page walk behind `listAllAgents`. Throws `ERR_INVALID_ARG` for a bad query.
    #[napi(catch_unwind, ts_args_type = "query?: ListAgentsQuery")]
    pub fn agent_pages(&self, env: Env, query: Option<Unknown>) -> Result<ListingPages> {
        let q: Option<ListAgentsQuery> = or_throw(&env, optional(&env, query, "query"))?;
        let q = q.map(core::ListQuery::from).unwrap_or_default();
        Ok(ListingPages::new(self.inner.agent_pages(q)))
    }

    /// Every agent matching `query`, fetching pages as the loop consumes them:
    /// `for await (const agent of client.listAllAgents({ channel }))`.
    #[napi(
        catch_unwind,
        ts_args_type = "query?: ListAgentsQuery, options?: CallOptions",
        ts_return_type = "AsyncIterableIterator<AgentSummary>"
    )]
    pub fn list_all_agents<'env>(
        &self,
        env: &'env Env,
        this: This<Object<'env>>,
        query: Option<Unknown<'env>>,
        options: Option<Unknown<'env>>,
    ) -> Result<Unknown<'env>> {
        super::list_all_agents(env, (this.object.to_unknown(), query, options))
    }

    /// The account's projects (`GET /dev/v1/projects`; Basic auth only).
    #[napi(
        catch_unwind,
        ts_args_type = "options?: CallOptions",
        ts_return_type = "Promise<Project[]>"
    )]
    pub fn list_projects<'env>(
        &self,
        env: &'env Env,
        options: Option<Unknown>,
    ) -> Result<PromiseRaw<'env, Value>> {
        let client = self.inner.clone();
        run(env, options, true, |call| {
            Ok(async move { client.list_projects(call).await })
        })
    }
}
