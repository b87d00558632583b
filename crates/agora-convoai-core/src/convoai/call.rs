//! One REST call end to end: the `Authorization` header per attempt, the URL
//! per host, and the retry/failover loop of docs/rest-client.md.

use std::time::Duration;

use bytes::Bytes;
use reqwest::Method;
use serde_json::Value;

use super::agent::{self, Identity};
use super::config::Config;
use super::error::{
    redact, redact_tokens, server_text, ApiError, CallError, MAX_SERVER_TEXT_BYTES,
};
use super::response;
use super::retry::{self, Safety};
use super::transport::{Failure, Request, Response, Transport};
use super::urls::Prefixes;
use crate::error::{Error, ErrorCode, ErrorKind, Result};
use crate::validate::UidInput;

/// Per-call options (`CallOptions` of docs/agents.md; the signal is the binding's job).
#[derive(Clone, Copy, Debug, Default)]
pub struct CallOptions {
    /// Deadline for the whole call, retries and waits included.
    pub timeout: Option<Duration>,
}

/// A `reason` is one CamelCase word such as `TaskConflict`.
const MAX_REASON_BYTES: usize = 128;
/// Lifetime of a header token: one request needs seconds, not hours.
const HEADER_TOKEN_EXPIRE: f64 = 600.0;
/// The official SDKs' header identity for calls about an agent they did not start.
const PLACEHOLDER_CHANNEL: &str = "stop";

/// Where a call goes, below a host of the pool.
pub(super) enum Target {
    /// Path after `/v2/projects/{appid}`.
    Agent(String),
    /// Path after `/v2` of the agent API, outside any project: the
    /// account-wide phone numbers (`/phone-numbers…`).
    Account(String),
    /// Path after the console origin.
    Console(&'static str),
}

/// One request, as every attempt sends it.
pub(super) struct Call<'a> {
    pub method: Method,
    pub target: Target,
    pub query: Vec<(&'static str, String)>,
    pub body: Option<Bytes>,
    pub safety: Safety,
    /// Who the header token names (token auth with a certificate).
    pub identity: Option<&'a Identity>,
    /// Values to scrub from server-provided error text.
    pub secrets: Vec<String>,
}

impl<'a> Call<'a> {
    /// A call under `/v2/projects/{appid}`; `body`'s secret-looking values
    /// are remembered for scrubbing.
    pub fn agent(method: Method, path: String, body: Option<Value>, safety: Safety) -> Self {
        Self::to(Target::Agent(path), method, body, safety)
    }

    /// A call under `/v2`, outside any project (phone numbers).
    pub fn account(method: Method, path: String, body: Option<Value>, safety: Safety) -> Self {
        Self::to(Target::Account(path), method, body, safety)
    }

    fn to(target: Target, method: Method, body: Option<Value>, safety: Safety) -> Self {
        let mut secrets = Vec::new();
        if let Some(b) = &body {
            agent::collect_secrets(b, &mut secrets);
        }
        Call {
            method,
            target,
            query: Vec::new(),
            body: body.as_ref().map(json_bytes),
            safety,
            identity: None,
            secrets,
        }
    }
}

/// The configuration and connection pool every call of a client runs on.
pub(super) struct Engine {
    pub config: Config,
    transport: Transport,
    /// The parsed URL prefixes of `config.bases`, in the same order.
    prefixes: Vec<Prefixes>,
}

impl Engine {
    pub fn new(config: Config) -> Result<Self> {
        let transport = Transport::new(&config)?;
        let prefixes = config
            .bases
            .iter()
            .map(|b| Prefixes::new(b, &config.app_id))
            .collect::<Result<_>>()?;
        Ok(Self {
            config,
            transport,
            prefixes,
        })
    }

    /// The `Authorization` value for one attempt: Basic when a customer pair
    /// is configured, else a fresh token for the agent's identity, else the
    /// given `authToken`. Console calls take Basic only.
    pub(super) fn authorization(&self, call: &Call<'_>) -> Result<String> {
        let c = &self.config;
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

    pub(super) async fn execute(
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
        let c = &self.config;
        let mut attempt: u32 = 0;
        loop {
            let prefixes = self
                .prefixes
                .get(attempt as usize % self.prefixes.len().max(1))
                .ok_or_else(|| invalid("no base URL"))?;
            let authorization = self.authorization(call)?;
            let request = Request {
                method: call.method.clone(),
                url: prefixes.url(&call.target, &call.query)?,
                authorization: authorization.clone(),
                body: call.body.clone(),
            };
            // Boxed: the exchange is most of a call's state, and every future
            // around it (execute, start, the binding's) would copy it on creation.
            let result = Box::pin(self.transport.send(request, c.timeout)).await;
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
        let body = response::parse_json(&resp.body).unwrap_or(Value::Null);
        // Secrets are scrubbed from the whole text before it is cut, so a cut
        // cannot leave half a secret behind.
        let text = |keys: &[&str], max: usize| {
            keys.iter()
                .find_map(|k| body.get(*k).and_then(Value::as_str))
                .map(|s| {
                    let scrubbed = redact(s, call_secrets);
                    let scrubbed = redact_tokens(&redact(&scrubbed, &self.config.secrets));
                    server_text(&scrubbed, max)
                })
        };
        // Agent calls answer `{detail, reason}`; telephony and phone-number
        // calls `{error_type, description}`; older gateways `{message, statusCode}`.
        CallError::Api(Box::new(ApiError {
            status: resp.status,
            reason: text(&["reason", "error_type", "statusCode"], MAX_REASON_BYTES),
            detail: text(&["detail", "description", "message"], MAX_SERVER_TEXT_BYTES),
            request_id: resp.request_id.clone(),
            retryable,
            attempts,
        }))
    }
}

fn invalid(message: impl Into<String>) -> Error {
    Error::type_error(ErrorCode::InvalidArg, message)
}

pub(super) fn json_bytes(v: &Value) -> Bytes {
    Bytes::from(serde_json::to_vec(v).unwrap_or_default())
}

fn timeout_error(what: &str) -> CallError {
    CallError::Other(Error::new(
        ErrorCode::Timeout,
        ErrorKind::Plain,
        what.to_string(),
    ))
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
        Failure::BadResponse(m) => (ErrorCode::BadResponse, format!("{m}{tries}")),
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
