//! The ConvoAI client: one method per REST call of docs/agents.md and the console
//! project listing, and what it remembers of the agents it started.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use reqwest::Method;
use serde_json::Value;

use super::agent::{self, Identity, Prepared, StartAgent};
use super::call::{json_bytes, Call, CallOptions, Engine, Target};
use super::config::{ClientOptions, Config};
use super::error::{ApiError, CallError};
use super::keep_alive::{EndReason, StopSignal};
use super::pages::Pages;
use super::path;
use super::query::{self, ListQuery};
use super::response;
use super::retry::Safety;
use super::transport::Response;
use crate::error::Result;

/// Agents remembered for header tokens; beyond this an arbitrary entry makes room.
const MAX_KNOWN_AGENTS: usize = 10_000;

/// A ConvoAI REST client: cheap to clone (clones share the pool).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    engine: Engine,
    known: Mutex<HashMap<String, Identity>>,
    /// Running keep-alives (keep_alive.rs), so stopping an agent ends its own.
    keep_alives: Mutex<HashMap<String, Arc<StopSignal>>>,
}

fn check_agent_id(id: &str) -> Result<()> {
    path::segment(id, "agentId")
}

impl Client {
    pub fn new(options: &ClientOptions) -> Result<Self> {
        let engine = Engine::new(Config::new(options)?)?;
        Ok(Self {
            inner: Arc::new(Inner {
                engine,
                known: Mutex::new(HashMap::new()),
                keep_alives: Mutex::new(HashMap::new()),
            }),
        })
    }

    pub(super) fn config(&self) -> &Config {
        &self.inner.engine.config
    }

    pub(super) async fn execute(
        &self,
        call: Call<'_>,
        options: CallOptions,
    ) -> std::result::Result<Response, CallError> {
        self.inner.engine.execute(call, options).await
    }

    fn remembered(&self, agent_id: &str) -> Option<Identity> {
        self.inner
            .known
            .lock()
            .ok()
            .and_then(|m| m.get(agent_id).cloned())
    }

    fn remember(&self, agent_id: &str, who: Identity) {
        if let Ok(mut m) = self.inner.known.lock() {
            if m.len() >= MAX_KNOWN_AGENTS {
                let any = m.keys().next().cloned();
                any.map(|k| m.remove(&k));
            }
            m.insert(agent_id.to_string(), who);
        }
    }

    /// Forgets an agent that is gone, and ends its keep-alive.
    pub(super) fn forget(&self, agent_id: &str) {
        if let Ok(mut m) = self.inner.known.lock() {
            m.remove(agent_id);
        }
        self.end_keep_alive(agent_id, EndReason::AgentStopped);
    }

    pub(super) fn keep_alives(&self) -> &Mutex<HashMap<String, Arc<StopSignal>>> {
        &self.inner.keep_alives
    }

    /// Runs a call about one agent listed under `collection` (`/agents`, or
    /// `/calls` for the agent of a phone call), naming it in the header
    /// token when known.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn about(
        &self,
        collection: &str,
        agent_id: &str,
        method: Method,
        suffix: &str,
        body: Option<Value>,
        safety: Safety,
        options: CallOptions,
    ) -> std::result::Result<Response, CallError> {
        check_agent_id(agent_id)?;
        let mut call = Call::agent(
            method,
            format!("{collection}/{agent_id}{suffix}"),
            body,
            safety,
        );
        let who = self.remembered(agent_id);
        call.identity = who.as_ref();
        self.execute(call, options).await
    }

    pub async fn start_agent(
        &self,
        request: StartAgent,
        options: CallOptions,
    ) -> std::result::Result<Value, CallError> {
        let c = self.config();
        let prepared = request.prepare(&c.app_id, c.app_certificate.as_deref())?;
        self.start("/join", prepared, response::agent, options)
            .await
    }

    /// Sends a prepared start (`/join`, `/call`) once — it is not
    /// idempotent — and remembers the new agent's identity for header tokens.
    pub(super) async fn start(
        &self,
        path: &str,
        prepared: Prepared,
        parse: fn(&[u8]) -> crate::error::Result<Value>,
        options: CallOptions,
    ) -> std::result::Result<Value, CallError> {
        let Prepared {
            body,
            identity,
            secrets,
        } = prepared;
        let call = Call {
            method: Method::POST,
            target: Target::Agent(path.into()),
            query: Vec::new(),
            body: Some(json_bytes(&body)),
            safety: Safety::Once,
            identity: Some(&identity),
            secrets,
        };
        let resp = self.execute(call, options).await?;
        let result = parse(&resp.body)?;
        if let Some(id) = result.get("agentId").and_then(Value::as_str) {
            self.remember(id, identity);
        }
        Ok(result)
    }

    /// Resolves when the agent is stopped, stopping, or already gone (404).
    pub async fn stop_agent(
        &self,
        agent_id: &str,
        options: CallOptions,
    ) -> std::result::Result<(), CallError> {
        self.end("/agents", agent_id, "/leave", None, options).await
    }

    /// A request that ends an agent (leave, hang-up): repeating it is
    /// harmless, and it resolves when the agent is already over (404, or
    /// "already shutting down"). The agent is then forgotten.
    pub(super) async fn end(
        &self,
        collection: &str,
        agent_id: &str,
        suffix: &str,
        body: Option<Value>,
        options: CallOptions,
    ) -> std::result::Result<(), CallError> {
        let result = self
            .about(
                collection,
                agent_id,
                Method::POST,
                suffix,
                body,
                Safety::Idempotent,
                options,
            )
            .await;
        match result {
            Ok(_) => {}
            Err(CallError::Api(e)) if is_already_stopped(&e) => {}
            Err(e) => return Err(e),
        }
        self.forget(agent_id);
        Ok(())
    }

    /// A read about one agent (`GET {collection}/{id}{suffix}`), parsed.
    pub(super) async fn read(
        &self,
        collection: &str,
        agent_id: &str,
        suffix: &str,
        parse: fn(&[u8]) -> crate::error::Result<Value>,
        options: CallOptions,
    ) -> std::result::Result<Value, CallError> {
        let resp = self
            .about(
                collection,
                agent_id,
                Method::GET,
                suffix,
                None,
                Safety::Idempotent,
                options,
            )
            .await?;
        Ok(parse(&resp.body)?)
    }

    pub async fn update_agent(
        &self,
        agent_id: &str,
        token: Option<String>,
        llm: Option<Value>,
        mllm: Option<Value>,
        options: CallOptions,
    ) -> std::result::Result<Value, CallError> {
        let body = agent::update_body(token, llm, mllm)?;
        let resp = self
            .about(
                "/agents",
                agent_id,
                Method::POST,
                "/update",
                Some(body),
                Safety::Once,
                options,
            )
            .await?;
        Ok(response::agent(&resp.body)?)
    }

    pub async fn get_agent(
        &self,
        agent_id: &str,
        options: CallOptions,
    ) -> std::result::Result<Value, CallError> {
        self.read("/agents", agent_id, "", response::agent, options)
            .await
    }

    pub async fn list_agents(
        &self,
        q: ListQuery,
        options: CallOptions,
    ) -> std::result::Result<Value, CallError> {
        let mut call = Call::agent(Method::GET, "/agents".into(), None, Safety::Idempotent);
        call.query = q.pairs()?;
        let resp = self.execute(call, options).await?;
        Ok(response::agent_list(&resp.body)?)
    }

    /// Every agent of `q`, page by page (pages.rs says when a walk stops).
    pub fn agent_pages(&self, q: ListQuery) -> Pages {
        Pages::agents(self.clone(), q)
    }

    pub async fn speak(
        &self,
        agent_id: &str,
        text: &str,
        priority: Option<&str>,
        interruptable: Option<bool>,
        options: CallOptions,
    ) -> std::result::Result<(), CallError> {
        let body = agent::speak_body(text, priority, interruptable)?;
        self.about(
            "/agents",
            agent_id,
            Method::POST,
            "/speak",
            Some(body),
            Safety::Once,
            options,
        )
        .await
        .map(drop)
    }

    pub async fn interrupt(
        &self,
        agent_id: &str,
        options: CallOptions,
    ) -> std::result::Result<(), CallError> {
        let body = Value::Object(serde_json::Map::new());
        self.about(
            "/agents",
            agent_id,
            Method::POST,
            "/interrupt",
            Some(body),
            Safety::Idempotent,
            options,
        )
        .await
        .map(drop)
    }

    pub async fn think(
        &self,
        agent_id: &str,
        request: Value,
        options: CallOptions,
    ) -> std::result::Result<(), CallError> {
        let body = agent::think_body(request)?;
        self.about(
            "/agents",
            agent_id,
            Method::POST,
            "/think",
            Some(body),
            Safety::Once,
            options,
        )
        .await
        .map(drop)
    }

    pub async fn get_history(
        &self,
        agent_id: &str,
        options: CallOptions,
    ) -> std::result::Result<Value, CallError> {
        self.read("/agents", agent_id, "/history", response::agent, options)
            .await
    }

    pub async fn get_turns(
        &self,
        agent_id: &str,
        page_index: Option<f64>,
        page_size: Option<f64>,
        options: CallOptions,
    ) -> std::result::Result<Value, CallError> {
        check_agent_id(agent_id)?;
        let mut call = Call::agent(
            Method::GET,
            format!("/agents/{agent_id}/turns"),
            None,
            Safety::Idempotent,
        );
        call.query = query::turns_pairs(page_index, page_size)?;
        let who = self.remembered(agent_id);
        call.identity = who.as_ref();
        let resp = self.execute(call, options).await?;
        Ok(response::object(&resp.body)?)
    }

    async fn projects_response(
        &self,
        options: CallOptions,
    ) -> std::result::Result<Response, CallError> {
        let call = Call {
            method: Method::GET,
            target: Target::Console("/dev/v1/projects"),
            query: Vec::new(),
            body: None,
            safety: Safety::Idempotent,
            identity: None,
            secrets: Vec::new(),
        };
        // Checked before I/O so a token-only client fails fast.
        self.inner.engine.authorization(&call)?;
        self.execute(call, options).await
    }

    /// `GET /dev/v1/projects` (Basic auth only).
    pub async fn list_projects(
        &self,
        options: CallOptions,
    ) -> std::result::Result<Value, CallError> {
        let resp = self.projects_response(options).await?;
        Ok(response::projects(&resp.body)?)
    }

    /// `{ ok: true, projects: n }` on 200, `{ ok: false, status }` on 401/403.
    pub async fn check_credentials(
        &self,
        options: CallOptions,
    ) -> std::result::Result<Value, CallError> {
        match self.projects_response(options).await {
            Ok(resp) => {
                let n = response::projects(&resp.body)?
                    .as_array()
                    .map_or(0, Vec::len);
                Ok(serde_json::json!({ "ok": true, "projects": n }))
            }
            Err(CallError::Api(e)) if e.status == 401 || e.status == 403 => {
                Ok(serde_json::json!({ "ok": false, "status": e.status }))
            }
            Err(e) => Err(e),
        }
    }
}

/// 404, or Agora's "already in the process of shutting down" answer.
fn is_already_stopped(e: &ApiError) -> bool {
    e.status == 404
        || e.detail
            .as_deref()
            .is_some_and(|d| d.to_ascii_lowercase().contains("shutting down"))
}
