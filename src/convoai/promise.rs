//! Runs a core future as a JS promise: the caller's `AbortSignal` drops the
//! future (which closes its HTTP request), and failures become coded errors
//! built on the JS thread by lib/errors.js's `makeError`. The promise is
//! lib/calls.js's and is settled through completions.rs.

use std::cell::RefCell;
use std::future::Future;
use std::panic::AssertUnwindSafe;

use agora_convoai_core::convoai::CallError;
use agora_convoai_core::{Error as CoreError, ErrorCode, ErrorKind};
use futures_util::FutureExt;
use napi::bindgen_prelude::{AbortSignal, PromiseRaw};
use napi::{Env, Error, JsValue, Result};
use serde_json::{json, Map, Value};

use super::completions::Settled;
use crate::env_data::{self, EnvData};

/// What a call knows about its caller's signal.
pub enum Signal {
    None,
    /// Already aborted when the call was made: nothing is sent.
    Aborted,
    Live(AbortSignal),
}

pub fn aborted_error() -> CallError {
    CallError::Other(CoreError::new(
        ErrorCode::Aborted,
        ErrorKind::Plain,
        "The operation was aborted",
    ))
}

/// The description of `err` that `makeError` turns into an error object.
pub(super) fn spec(err: CallError) -> Value {
    match err {
        CallError::Api(e) => {
            let mut m = Map::new();
            m.insert("api".into(), Value::Bool(true));
            m.insert("message".into(), Value::String(e.message()));
            m.insert("status".into(), Value::from(e.status));
            for (k, v) in [
                ("reason", e.reason),
                ("detail", e.detail),
                ("requestId", e.request_id),
            ] {
                if let Some(v) = v {
                    m.insert(k.into(), Value::String(v));
                }
            }
            m.insert("retryable".into(), Value::Bool(e.retryable));
            m.insert("attempts".into(), Value::from(e.attempts));
            Value::Object(m)
        }
        CallError::Other(e) => {
            let kind = match e.kind {
                ErrorKind::Type => "type",
                ErrorKind::Range => "range",
                ErrorKind::Plain => "plain",
            };
            json!({ "kind": kind, "code": e.code.as_str(), "message": e.message })
        }
    }
}

/// The JS error object for `err` (JS thread only).
pub fn js_error(env: &Env, err: CallError) -> Error {
    let Some(data) = env_data::get(env) else {
        // The generated loader was loaded without index.js: no factory, so
        // the message without its code.
        return Error::from_reason(err.to_string());
    };
    match data
        .make_error
        .borrow_back(env)
        .and_then(|f| f.call(spec(err)))
    {
        Ok(obj) => Error::from(obj),
        Err(e) => e,
    }
}

/// The package's entry, index.js, gives the addon what calls need (src/env_data.rs).
fn entry_data(env: &Env) -> Result<&'static EnvData> {
    env_data::get(env).ok_or_else(|| {
        Error::from_reason("load agora-convoai-native through its entry (index.js), not binding.js")
    })
}

fn promise<'env, T>(value: napi::bindgen_prelude::Unknown<'env>) -> PromiseRaw<'env, T> {
    let raw = value.value();
    PromiseRaw::new(raw.env, raw.value)
}

/// A promise rejected with `err` before any I/O (bad arguments): async
/// functions report argument errors by rejecting, as Node's own do.
pub fn reject<'env, T>(env: &'env Env, err: impl Into<CallError>) -> Result<PromiseRaw<'env, T>> {
    let data = entry_data(env)?;
    let rejected = data.rejected.borrow_back(env)?.call(spec(err.into()))?;
    Ok(promise(rejected))
}

fn panicked() -> CallError {
    CallError::Other(CoreError::new(
        // No code of api.md fits better: a panic would come from the HTTP stack.
        ErrorCode::Network,
        ErrorKind::Plain,
        "the call failed unexpectedly (a panic in the client)",
    ))
}

/// Spawns `fut` on the runtime, racing it against the signal; its outcome
/// settles the returned promise.
pub fn spawn<'env, T, F>(env: &'env Env, signal: Signal, fut: F) -> Result<PromiseRaw<'env, T>>
where
    T: Settled,
    F: Future<Output = std::result::Result<T, CallError>> + Send + 'static,
{
    let data = entry_data(env)?;
    // Boxed first: a call's future is several kilobytes, and every move of
    // it (into the race, the unwind guard, the runtime's task) would copy
    // all of it on this thread.
    let fut = Box::pin(fut);
    let abort = match signal {
        Signal::None => None,
        Signal::Aborted => return reject(env, aborted_error()),
        Signal::Live(s) => {
            let (tx, rx) = tokio::sync::oneshot::channel::<()>();
            let tx = RefCell::new(Some(tx));
            s.on_abort(move || {
                if let Some(tx) = tx.borrow_mut().take() {
                    tx.send(()).ok();
                }
            });
            Some(rx)
        }
    };
    let id = data.next_call_id();
    let completions = data.completions.clone();
    napi::bindgen_prelude::spawn(async move {
        let aborted = async move {
            let fired = match abort {
                Some(rx) => rx.await.is_ok(),
                None => false,
            };
            // No signal, or its sender dropped (signal collected): never fires.
            if !fired {
                std::future::pending::<()>().await
            }
        };
        let raced = async move {
            tokio::select! {
                biased;
                () = aborted => Err(aborted_error()),
                result = fut => result,
            }
        };
        // A panic (in a dependency: the client's own code does not panic)
        // rejects the call instead of leaving its promise pending forever.
        let outcome = AssertUnwindSafe(raced)
            .catch_unwind()
            .await
            .unwrap_or_else(|_| Err(panicked()));
        completions.finish(id, outcome);
    });
    // The outcome cannot be settled before this: settling runs on this thread.
    let tracked = data.track.borrow_back(env)?.call(id)?;
    data.completions.begin(env);
    Ok(promise(tracked))
}

/// Reads the call options, then spawns the future `make` builds; any error
/// on the way rejects the promise instead of throwing.
pub fn run<'env, T, Fut>(
    env: &'env Env,
    options: Option<napi::bindgen_prelude::Unknown>,
    deadline: bool,
    make: impl FnOnce(agora_convoai_core::convoai::CallOptions) -> std::result::Result<Fut, CallError>,
) -> Result<PromiseRaw<'env, T>>
where
    T: Settled,
    Fut: Future<Output = std::result::Result<T, CallError>> + Send + 'static,
{
    let prepared = super::options::call_options(options, deadline)
        .and_then(|(call, signal)| Ok((make(call)?, signal)));
    match prepared {
        Ok((fut, signal)) => spawn(env, signal, fut),
        Err(e) => reject(env, e),
    }
}
