//! The ConvoAI client: one connection pool, the retry/failover loop and one
//! method per REST call of api.md §3 and the console listing of issue 7.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use reqwest::Method;
use serde_json::Value;

use super::agent::{self, Identity, StartAgent};
use super::config::{ClientOptions, Config};
use super::error::{redact, redact_tokens, ApiError, CallError};
use super::region::Base;
use super::response;
use super::retry::{self, Safety};
use super::transport::{Failure, Request, Response, Transport};
use crate::error::{Error, ErrorCode, ErrorKind, Result};
use crate::validate::UidInput;

/// Per-call options (api.md `CallOptions`; the signal is the binding's job).
#[derive(Clone, Copy, Debug, Default)]
pub struct CallOptions {
    /// Deadline for the whole call, retries and waits included.
    pub timeout: Option<Duration>,
}

/// Query of `listAgents`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListQuery {
    pub channel: Option<String>,
    pub from_time: Option<f64>,
    pub to_time: Option<f64>,
    pub state: Vec<String>,
    pub limit: Option<f64>,
    pub cursor: Option<String>,
}

/// Lifetime of a header token: one request needs seconds, not hours.
const HEADER_TOKEN_EXPIRE: f64 = 600.0;
/// The official SDKs' header identity for calls about an agent they did not start.
const PLACEHOLDER_CHANNEL: &str = "stop";
/// Agents remembered for header tokens; beyond this an arbitrary entry makes room.
const MAX_KNOWN_AGENTS: usize = 10_000;
const STATES: [&str; 7] = [
    "IDLE",
    "STARTING",
    "RUNNING",
    "STOPPING",
    "STOPPED",
    "RECOVERING",
    "FAILED",
];

enum Target {
    /// Path after `/v2/projects/{appid}`.
    Agent(String),
    /// Path after the console origin.
    Console(&'static str),
}

struct Call<'a> {
    method: Method,
    target: Target,
    query: Vec<(&'static str, String)>,
    body: Option<Bytes>,
    safety: Safety,
    /// Who the header token names (token auth with a certificate).
    identity: Option<&'a Identity>,
    secrets: Vec<String>,
}

#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    transport: Transport,
    known: Mutex<HashMap<String, Identity>>,
}

fn invalid(message: impl Into<String>) -> Error {
    Error::type_error(ErrorCode::InvalidArg, message)
}

fn check_agent_id(id: &str) -> Result<()> {
    let ok = !id.is_empty()
        && id.len() <= 128
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.');
    if ok {
        Ok(())
    } else {
        Err(invalid(
            "agentId must be a non-empty string of letters, digits, '-', '_' or '.'",
        ))
    }
}

fn json_bytes(v: &Value) -> Bytes {
    Bytes::from(serde_json::to_vec(v).unwrap_or_default())
}

fn timeout_error(what: &str) -> CallError {
    CallError::Other(Error::new(
        ErrorCode::Timeout,
        ErrorKind::Plain,
        what.to_string(),
    ))
}

impl Client {
    pub fn new(options: &ClientOptions) -> Result<Self> {
        let config = Config::new(options)?;
        let transport = Transport::new(&config)?;
        Ok(Self {
            inner: Arc::new(Inner {
                config,
                transport,
                known: Mutex::new(HashMap::new()),
            }),
        })
    }

    fn config(&self) -> &Config {
        &self.inner.config
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

    fn forget(&self, agent_id: &str) {
        if let Ok(mut m) = self.inner.known.lock() {
            m.remove(agent_id);
        }
    }

    /// The `Authorization` value for one attempt: Basic when a customer pair
    /// is configured, else a fresh token for the agent's identity, else the
    /// given `authToken`. Console calls take Basic only.
    fn authorization(&self, call: &Call<'_>) -> Result<String> {
        let c = self.config();
        if let Some(basic) = &c.basic_header {
            return Ok(basic.clone());
        }
        if let Target::Console(_) = call.target {
            return Err(invalid(
                "the console API (listProjects, checkCredentials) takes Basic auth only: give customerId and customerSecret",
            ));
        }
        if let Some(cert) = &c.app_certificate {
            let placeholder;
            let who = match call.identity {
                Some(who) => who,
                None => {
                    placeholder = Identity {
                        channel: PLACEHOLDER_CHANNEL.into(),
                        uid: UidInput::Number(0.0),
                    };
                    &placeholder
                }
            };
            let token = agent::mint(&c.app_id, cert, who, Some(HEADER_TOKEN_EXPIRE))?;
            return crate::auth::token_auth_header(&token);
        }
        c.token_header
            .clone()
            .ok_or_else(|| invalid("no credentials for this call"))
    }

    fn url(&self, base: &Base, call: &Call<'_>) -> Result<String> {
        let raw = match &call.target {
            Target::Agent(path) => {
                format!("{}/v2/projects/{}{path}", base.agent, self.config().app_id)
            }
            Target::Console(path) => format!("{}{path}", base.console),
        };
        if call.query.is_empty() {
            return Ok(raw);
        }
        let mut url = reqwest::Url::parse(&raw).map_err(|_| invalid("invalid request URL"))?;
        url.query_pairs_mut()
            .extend_pairs(call.query.iter().map(|(k, v)| (*k, v.as_str())));
        Ok(url.into())
    }

    async fn execute(
        &self,
        call: Call<'_>,
        options: CallOptions,
    ) -> std::result::Result<Response, CallError> {
        match options.timeout {
            Some(limit) => match tokio::time::timeout(limit, self.attempts(&call)).await {
                Ok(result) => result,
                Err(_) => Err(timeout_error(&format!(
                    "the call did not finish within its timeoutMs of {} ms",
                    limit.as_millis()
                ))),
            },
            None => self.attempts(&call).await,
        }
    }

    /// The retry loop: each attempt goes to the next host of the pool.
    async fn attempts(&self, call: &Call<'_>) -> std::result::Result<Response, CallError> {
        let c = self.config();
        let mut attempt: u32 = 0;
        loop {
            let base = c
                .bases
                .get(attempt as usize % c.bases.len().max(1))
                .ok_or_else(|| invalid("no base URL"))?;
            let authorization = self.authorization(call)?;
            let request = Request {
                method: call.method.clone(),
                url: self.url(base, call)?,
                authorization: authorization.clone(),
                body: call.body.clone(),
            };
            let result = self.inner.transport.send(request, c.timeout).await;
            attempt += 1;
            let last = attempt > c.max_retries;
            let retry_after = match result {
                Ok(resp) if (200..300).contains(&resp.status) => return Ok(resp),
                Ok(resp) => {
                    let retryable = call.safety.retries_status(resp.status);
                    if !retryable || last {
                        let mut secrets = call.secrets.clone();
                        secrets.push(authorization);
                        return Err(self.api_error(&resp, retryable, attempt, &secrets));
                    }
                    resp.retry_after
                }
                Err(failure) => {
                    let retryable = call.safety.retries_failure(&failure);
                    if !retryable || last {
                        return Err(failure_error(failure, attempt, c.timeout, call.safety));
                    }
                    None
                }
            };
            tokio::time::sleep(retry::delay(attempt - 1, retry_after)).await;
        }
    }

    fn api_error(
        &self,
        resp: &Response,
        retryable: bool,
        attempts: u32,
        call_secrets: &[String],
    ) -> CallError {
        let body: Value = serde_json::from_slice(&resp.body).unwrap_or(Value::Null);
        let text = |keys: &[&str]| {
            keys.iter()
                .find_map(|k| body.get(*k).and_then(Value::as_str))
                .map(|s| {
                    let scrubbed = redact(s, call_secrets);
                    redact_tokens(&redact(&scrubbed, &self.config().secrets))
                })
        };
        CallError::Api(Box::new(ApiError {
            status: resp.status,
            reason: text(&["reason", "statusCode"]),
            detail: text(&["detail", "message"]),
            request_id: resp.request_id.clone(),
            retryable,
            attempts,
        }))
    }

    fn agent_call<'a>(
        method: Method,
        path: String,
        body: Option<Value>,
        safety: Safety,
    ) -> Call<'a> {
        Call {
            method,
            target: Target::Agent(path),
            query: Vec::new(),
            body: body.as_ref().map(json_bytes),
            safety,
            identity: None,
            secrets: body.as_ref().map(secrets_of).unwrap_or_default(),
        }
    }

    /// Runs a call about one agent, naming it in the header token when known.
    async fn about(
        &self,
        agent_id: &str,
        method: Method,
        suffix: &str,
        body: Option<Value>,
        safety: Safety,
        options: CallOptions,
    ) -> std::result::Result<Response, CallError> {
        check_agent_id(agent_id)?;
        let mut call =
            Self::agent_call(method, format!("/agents/{agent_id}{suffix}"), body, safety);
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
        let call = Call {
            method: Method::POST,
            target: Target::Agent("/join".into()),
            query: Vec::new(),
            body: Some(json_bytes(&prepared.body)),
            safety: Safety::Once,
            identity: Some(&prepared.identity),
            secrets: prepared.secrets.clone(),
        };
        let resp = self.execute(call, options).await?;
        let result = response::agent(&resp.body)?;
        if let Some(id) = result.get("agentId").and_then(Value::as_str) {
            self.remember(id, prepared.identity);
        }
        Ok(result)
    }

    /// Resolves when the agent is stopped, stopping, or already gone (404).
    pub async fn stop_agent(
        &self,
        agent_id: &str,
        options: CallOptions,
    ) -> std::result::Result<(), CallError> {
        let result = self
            .about(
                agent_id,
                Method::POST,
                "/leave",
                None,
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
        let resp = self
            .about(agent_id, Method::GET, "", None, Safety::Idempotent, options)
            .await?;
        Ok(response::agent(&resp.body)?)
    }

    pub async fn list_agents(
        &self,
        q: ListQuery,
        options: CallOptions,
    ) -> std::result::Result<Value, CallError> {
        let mut call = Self::agent_call(Method::GET, "/agents".into(), None, Safety::Idempotent);
        call.query = list_query(q)?;
        let resp = self.execute(call, options).await?;
        Ok(response::agent_list(&resp.body)?)
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
        let resp = self
            .about(
                agent_id,
                Method::GET,
                "/history",
                None,
                Safety::Idempotent,
                options,
            )
            .await?;
        Ok(response::agent(&resp.body)?)
    }

    pub async fn get_turns(
        &self,
        agent_id: &str,
        page_index: Option<f64>,
        page_size: Option<f64>,
        options: CallOptions,
    ) -> std::result::Result<Value, CallError> {
        check_agent_id(agent_id)?;
        let mut call = Self::agent_call(
            Method::GET,
            format!("/agents/{agent_id}/turns"),
            None,
            Safety::Idempotent,
        );
        for (key, field, value) in [
            ("page_index", "pageIndex", page_index),
            ("page_size", "pageSize", page_size),
        ] {
            if let Some(n) = value {
                let n = crate::validate::integer(n, 1, 100_000, field, ErrorCode::InvalidArg)?;
                call.query.push((key, n.to_string()));
            }
        }
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
        self.authorization(&call)?;
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

fn secrets_of(body: &Value) -> Vec<String> {
    let mut out = Vec::new();
    agent::collect_secrets(body, &mut out);
    out
}

/// 404, or Agora's "already in the process of shutting down" answer.
fn is_already_stopped(e: &ApiError) -> bool {
    e.status == 404
        || e.detail
            .as_deref()
            .is_some_and(|d| d.to_ascii_lowercase().contains("shutting down"))
}

fn failure_error(
    failure: Failure,
    attempts: u32,
    per_attempt: Duration,
    safety: Safety,
) -> CallError {
    let tries = if attempts > 1 {
        format!(" (after {attempts} attempts)")
    } else {
        String::new()
    };
    let (code, message) = match failure {
        Failure::Connect(m) => (ErrorCode::Network, format!("{m}{tries}")),
        Failure::Network(m) => (
            ErrorCode::Network,
            match safety {
                Safety::Once => format!("{m}{tries}; not retried: the server may already have acted on the request"),
                Safety::Idempotent => format!("{m}{tries}"),
            },
        ),
        Failure::Timeout => (
            ErrorCode::Timeout,
            match safety {
                Safety::Once => format!(
                    "no answer within timeoutMs ({} ms){tries}; not retried: the server may already have acted on the request",
                    per_attempt.as_millis()
                ),
                Safety::Idempotent => format!("no answer within timeoutMs ({} ms){tries}", per_attempt.as_millis()),
            },
        ),
    };
    CallError::Other(Error::new(code, ErrorKind::Plain, message))
}

fn list_query(q: ListQuery) -> Result<Vec<(&'static str, String)>> {
    let mut out = Vec::new();
    if let Some(c) = q.channel {
        crate::validate::channel_name(&c)?;
        out.push(("channel", c));
    }
    for (key, field, value) in [
        ("from_time", "fromTime", q.from_time),
        ("to_time", "toTime", q.to_time),
    ] {
        if let Some(n) = value {
            out.push((
                key,
                crate::validate::integer(n, 0, u32::MAX, field, ErrorCode::InvalidArg)?.to_string(),
            ));
        }
    }
    if !q.state.is_empty() {
        let mut codes = Vec::with_capacity(q.state.len());
        for s in &q.state {
            let code = STATES.iter().position(|x| x == s).ok_or_else(|| {
                invalid("state entries must be IDLE, STARTING, RUNNING, STOPPING, STOPPED, RECOVERING or FAILED")
            })?;
            codes.push(code.to_string());
        }
        out.push(("state", codes.join(",")));
    }
    if let Some(n) = q.limit {
        out.push((
            "limit",
            crate::validate::integer(n, 1, 10_000, "limit", ErrorCode::InvalidArg)?.to_string(),
        ));
    }
    if let Some(c) = q.cursor.filter(|c| !c.is_empty()) {
        out.push(("cursor", c));
    }
    Ok(out)
}
