//! What the addon keeps per JavaScript environment (the main thread and
//! each worker has its own): the JavaScript it calls back into, handed over
//! by index.js at load through [`init`]. One struct for the whole addon,
//! stored as N-API instance data, so it dies with its environment.

use napi::bindgen_prelude::{FunctionRef, Unknown};
use napi::{Env, Result};
use napi_derive::napi;
use serde_json::Value;

pub struct EnvData {
    /// `makeError(spec)` of lib/errors.js: the error a failed ConvoAI call
    /// rejects with (an `AgoraApiError` for API errors).
    pub make_error: FunctionRef<Value, Unknown<'static>>,
}

/// Called once by index.js when the package loads.
#[napi(skip_typescript)]
pub fn init(env: Env, make_error: FunctionRef<Value, Unknown<'static>>) -> Result<()> {
    match env.get_instance_data::<EnvData>()? {
        // Loaded again in the same environment (a cleared require cache).
        Some(data) => data.make_error = make_error,
        None => env.set_instance_data(EnvData { make_error }, (), |_| {})?,
    }
    Ok(())
}

/// This environment's data; `None` when the package's entry was bypassed
/// (the generated loader required on its own).
pub fn get(env: &Env) -> Option<&'static EnvData> {
    env.get_instance_data::<EnvData>()
        .ok()
        .flatten()
        .map(|d| &*d)
}
