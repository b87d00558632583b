//! The `ConvoAIClient` class: one core client (one connection pool) per
//! instance. Every method is the same skeleton, [`ConvoAIClient::call`]:
//! read the call options, convert the arguments, run the core call.
//! (`listAllAgents` is JavaScript, lib/convoai.js, over `agentPages`.)

use std::future::Future;

use agora_convoai_core::convoai::{self as core, CallError, CallOptions};
use napi::bindgen_prelude::{PromiseRaw, Unknown};
use napi::{Env, Result};
use napi_derive::napi;
use serde_json::Value;

use super::options::{
    from_js, optional, ClientOptions, ListAgentsQuery, SpeakRequest, TurnsQuery, UpdateAgentRequest,
};
use super::pages::ListingPages;
use super::promise::run;
use crate::args::FromArg;
use crate::error::or_throw;

/// Client of the Agora Conversational AI REST API. Holds one keep-alive
/// connection pool: make one per set of credentials and reuse it.
#[napi(js_name = "ConvoAIClient")]
pub struct ConvoAIClient {
    pub(super) inner: core::Client,
}

fn read_agent_id(value: Unknown) -> std::result::Result<String, CallError> {
    Ok(String::from_arg(&value, "agentId")?)
}

impl ConvoAIClient {
    /// A method's promise: `options` (`CallOptions`: signal, deadline) is
    /// read first, then `make` converts the other arguments and returns the
    /// core call to run with this client; a bad argument rejects.
    pub(super) fn call<'env, T, Fut>(
        &self,
        env: &'env Env,
        options: Option<Unknown>,
        make: impl FnOnce(core::Client, CallOptions) -> std::result::Result<Fut, CallError>,
    ) -> Result<PromiseRaw<'env, T>>
    where
        T: super::completions::Settled,
        Fut: Future<Output = std::result::Result<T, CallError>> + Send + 'static,
    {
        let client = self.inner.clone();
        run(env, options, true, |call| make(client, call))
    }
}

#[napi]
impl ConvoAIClient {
    /// Validates the options (credentials, base URLs, CA certificates) and
    /// sets up the connection pool. No request is sent.
    #[napi(catch_unwind, constructor, ts_args_type = "options: ClientOptions")]
    pub fn new(env: Env, options: Unknown) -> Result<Self> {
        let options: ClientOptions = or_throw(&env, from_js(options, "options"))?;
        let inner = or_throw(&env, core::Client::new(&options.into()))?;
        Ok(Self { inner })
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
        agent_id: Unknown,
        options: Option<Unknown>,
    ) -> Result<PromiseRaw<'env, ()>> {
        self.call(env, options, |client, call| {
            let id = read_agent_id(agent_id)?;
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
        agent_id: Unknown,
        update: Unknown,
        options: Option<Unknown>,
    ) -> Result<PromiseRaw<'env, Value>> {
        self.call(env, options, |client, call| {
            let id = read_agent_id(agent_id)?;
            let u: UpdateAgentRequest = from_js(update, "update")?;
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
        agent_id: Unknown,
        options: Option<Unknown>,
    ) -> Result<PromiseRaw<'env, Value>> {
        self.call(env, options, |client, call| {
            let id = read_agent_id(agent_id)?;
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
        self.call(env, options, |client, call| {
            let q: Option<ListAgentsQuery> = optional(query, "query")?;
            let q = q.map(core::ListQuery::from).unwrap_or_default();
            Ok(async move { client.list_agents(q, call).await })
        })
    }

    /// The page walk behind `listAllAgents` (lib/convoai.js): the core's, which
    /// ends with `ERR_BAD_RESPONSE` on a cursor seen before and at a page cap.
    /// Throws `ERR_INVALID_ARG` for a bad query.
    #[napi(
        catch_unwind,
        skip_typescript,
        ts_args_type = "query?: ListAgentsQuery"
    )]
    pub fn agent_pages(&self, env: Env, query: Option<Unknown>) -> Result<ListingPages> {
        let q: Option<ListAgentsQuery> = or_throw(&env, optional(query, "query"))?;
        let q = q.map(core::ListQuery::from).unwrap_or_default();
        Ok(ListingPages::new(self.inner.agent_pages(q)))
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
        agent_id: Unknown,
        request: Unknown,
        options: Option<Unknown>,
    ) -> Result<PromiseRaw<'env, ()>> {
        self.call(env, options, |client, call| {
            let id = read_agent_id(agent_id)?;
            let r: SpeakRequest = from_js(request, "request")?;
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
        agent_id: Unknown,
        options: Option<Unknown>,
    ) -> Result<PromiseRaw<'env, ()>> {
        self.call(env, options, |client, call| {
            let id = read_agent_id(agent_id)?;
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
        agent_id: Unknown,
        request: Unknown,
        options: Option<Unknown>,
    ) -> Result<PromiseRaw<'env, ()>> {
        self.call(env, options, |client, call| {
            let id = read_agent_id(agent_id)?;
            let r: Value = from_js(request, "request")?;
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
        agent_id: Unknown,
        options: Option<Unknown>,
    ) -> Result<PromiseRaw<'env, Value>> {
        self.call(env, options, |client, call| {
            let id = read_agent_id(agent_id)?;
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
        agent_id: Unknown,
        query: Option<Unknown>,
        options: Option<Unknown>,
    ) -> Result<PromiseRaw<'env, Value>> {
        self.call(env, options, |client, call| {
            let id = read_agent_id(agent_id)?;
            let q: Option<TurnsQuery> = optional(query, "query")?;
            let (index, size) = q.map_or((None, None), |q| (q.page_index, q.page_size));
            Ok(async move { client.get_turns(&id, index, size, call).await })
        })
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
        self.call(env, options, |client, call| {
            Ok(async move { client.list_projects(call).await })
        })
    }
}
