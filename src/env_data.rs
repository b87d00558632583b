//! What the addon keeps per JavaScript environment (the main thread and
//! each worker has its own): the JavaScript it calls back into, handed over
//! by index.js at load through [`init`], and the queue its calls settle
//! through. One struct for the whole addon, stored as N-API instance data,
//! so it dies with its environment.

use std::cell::Cell;
use std::sync::Arc;

use napi::bindgen_prelude::{Function, FunctionRef, Unknown};
use napi::{Env, Result};
use napi_derive::napi;
use serde_json::Value;

use crate::convoai::Completions;

pub struct EnvData {
    /// `makeError(spec)` of lib/errors.js: the error a failed ConvoAI call
    /// rejects with (an `AgoraApiError` for API errors).
    pub make_error: FunctionRef<Value, Unknown<'static>>,
    /// `track(id)` of lib/calls.js: the promise of call `id`.
    pub track: FunctionRef<u32, Unknown<'static>>,
    /// `rejected(spec)` of lib/calls.js: a promise rejected with `makeError(spec)`.
    pub rejected: FunctionRef<Value, Unknown<'static>>,
    /// Where this environment's calls report (src/convoai/completions.rs).
    pub completions: Arc<Completions>,
    /// The id of the next call (ids of settled calls are free again long before it wraps).
    next_id: Cell<u32>,
}

impl EnvData {
    pub fn next_call_id(&self) -> u32 {
        let id = self.next_id.get();
        self.next_id.set(id.wrapping_add(1));
        id
    }
}

/// Called once by index.js when the package loads.
#[napi(skip_typescript)]
pub fn init(
    env: Env,
    make_error: FunctionRef<Value, Unknown<'static>>,
    track: FunctionRef<u32, Unknown<'static>>,
    settle: Function<String, Unknown<'static>>,
    rejected: FunctionRef<Value, Unknown<'static>>,
) -> Result<()> {
    let data = EnvData {
        make_error,
        track,
        rejected,
        completions: Completions::new(settle)?,
        next_id: Cell::new(0),
    };
    match env.get_instance_data::<EnvData>()? {
        // Loaded again in the same environment (a cleared require cache):
        // calls made before settle through the JavaScript of their load.
        Some(old) => *old = data,
        None => env.set_instance_data(data, (), |_| {})?,
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
