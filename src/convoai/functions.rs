//! Top-level calls taking one options object (`ClientOptions & … &
//! CallOptions`). They share a client per distinct options, so repeated
//! calls reuse its connection pool.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use agora_convoai_core::convoai as core;
use agora_convoai_core::Error as CoreError;
use napi::bindgen_prelude::{PromiseRaw, Unknown};
use napi::{Env, Result};
use napi_derive::napi;
use serde_json::Value;

use super::options::{from_js, ClientOptions, StartAgentRequest};
use super::promise::run;

/// Distinct option sets kept; beyond this the cache starts over.
const MAX_SHARED_CLIENTS: usize = 32;

static CLIENTS: LazyLock<Mutex<HashMap<core::ClientOptions, core::Client>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// The client of `options` (a `ClientOptions` object), shared by calls with
/// equal options.
fn shared_client(options: Unknown) -> std::result::Result<core::Client, CoreError> {
    let options: core::ClientOptions = from_js::<ClientOptions>(options, "options")?.into();
    // Keyed by the options themselves (secrets included: two credentials
    // never share a client); the key never leaves memory.
    let mut clients = CLIENTS.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(c) = clients.get(&options) {
        return Ok(c.clone());
    }
    let client = core::Client::new(&options)?;
    if clients.len() >= MAX_SHARED_CLIENTS {
        clients.clear();
    }
    clients.insert(options, client.clone());
    Ok(client)
}

/// A top-level call's promise: one options object holds the client's
/// options, the call options (its `timeoutMs` is the client's per-attempt
/// limit, so no deadline is read) and the request.
fn call_with<'env, T, Fut>(
    env: &'env Env,
    options: Unknown,
    make: impl FnOnce(core::Client, core::CallOptions) -> std::result::Result<Fut, core::CallError>,
) -> Result<PromiseRaw<'env, T>>
where
    T: super::completions::Settled,
    Fut: std::future::Future<Output = std::result::Result<T, core::CallError>> + Send + 'static,
{
    run(env, Some(options), false, |call| {
        make(shared_client(options)?, call)
    })
}

/// Starts an agent in one call: mints the tokens, builds the wire body,
/// picks the auth header, retries safely. `timeoutMs` here is per attempt.
#[napi(
    catch_unwind,
    ts_args_type = "options: ClientOptions & StartAgentRequest & CallOptions",
    ts_return_type = "Promise<StartAgentResult>"
)]
pub fn start_agent<'env>(env: &'env Env, options: Unknown) -> Result<PromiseRaw<'env, Value>> {
    call_with(env, options, |client, call| {
        let request = StartAgentRequest::read(options, "options")?;
        Ok(async move { client.start_agent(request.into(), call).await })
    })
}

/// Lists the account's projects (`GET /dev/v1/projects`, Basic auth only).
#[napi(
    catch_unwind,
    ts_args_type = "options: ClientOptions & CallOptions",
    ts_return_type = "Promise<Project[]>"
)]
pub fn list_projects<'env>(env: &'env Env, options: Unknown) -> Result<PromiseRaw<'env, Value>> {
    call_with(env, options, |client, call| {
        Ok(async move { client.list_projects(call).await })
    })
}

/// Checks a customer ID/secret pair: `{ ok: true, projects }` on 200,
/// `{ ok: false, status }` on 401/403; other failures reject.
#[napi(
    catch_unwind,
    ts_args_type = "options: ClientOptions & CallOptions",
    ts_return_type = "Promise<CheckCredentialsResult>"
)]
pub fn check_credentials<'env>(
    env: &'env Env,
    options: Unknown,
) -> Result<PromiseRaw<'env, Value>> {
    call_with(env, options, |client, call| {
        Ok(async move { client.check_credentials(call).await })
    })
}
