//! Runs a core future as a JS promise: the caller's `AbortSignal` drops the
//! future (which closes its HTTP request), and failures become coded errors
//! built on the JS thread by lib/errors.js's `makeError`.

use std::cell::RefCell;
use std::future::Future;

use agora_convoai_core::convoai::CallError;
use agora_convoai_core::{Error as CoreError, ErrorCode, ErrorKind};
use napi::bindgen_prelude::{AbortSignal, PromiseRaw, ToNapiValue};
use napi::{Env, Error, Result};
use serde_json::{json, Map, Value};

use crate::env_data;

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

fn spec(err: CallError) -> Value {
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

/// A promise rejected with `err` before any I/O (bad arguments): async
/// functions report argument errors by rejecting, as Node's own do.
pub fn reject<'env, T>(env: &'env Env, err: impl Into<CallError>) -> Result<PromiseRaw<'env, T>>
where
    T: ToNapiValue + Send + 'static,
{
    let err = err.into();
    spawn(env, Signal::None, async move { Err(err) })
}

/// Spawns `fut`, racing it against the signal.
pub fn spawn<'env, T, F>(env: &'env Env, signal: Signal, fut: F) -> Result<PromiseRaw<'env, T>>
where
    T: ToNapiValue + Send + 'static,
    F: Future<Output = std::result::Result<T, CallError>> + Send + 'static,
{
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
    let raced = async move {
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
        Ok(tokio::select! {
            biased;
            () = aborted => Err(aborted_error()),
            result = fut => result,
        })
    };
    env.spawn_future_with_callback(raced, |env, result| result.map_err(|e| js_error(env, e)))
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
    T: ToNapiValue + Send + 'static,
    Fut: Future<Output = std::result::Result<T, CallError>> + Send + 'static,
{
    let prepared = super::options::call_options(options, deadline)
        .and_then(|(call, signal)| Ok((make(call)?, signal)));
    match prepared {
        Ok((fut, signal)) => spawn(env, signal, fut),
        Err(e) => reject(env, e),
    }
}
