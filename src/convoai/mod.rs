//! ConvoAI exports: `ConvoAIClient`, `startAgent`, `listProjects`,
//! `checkCredentials`, `AgoraApiError`. JS values are converted once into
//! core types; the core's futures run on napi's tokio runtime.

mod client;
mod functions;
mod options;
mod pages;
mod promise;
mod renewal;
mod telephony;

use napi::bindgen_prelude::{
    FnArgs, FromNapiValue, Function, FunctionRef, JsObjectValue, Object, Unknown,
};
use napi::{Env, Error, JsValue, Result};
use napi_derive::napi;
use serde_json::Value;

/// The helpers `install.js` returns, kept per environment (instance data).
pub(crate) struct JsHelpers {
    /// `makeError(spec)`: the error object a failed call rejects with.
    pub make_error: FunctionRef<Value, Unknown<'static>>,
    /// `listAllAgents(client, query, options)`: an async generator. Stored
    /// untyped; see [`list_all_agents`].
    list_all_agents: FunctionRef<(), Unknown<'static>>,
}

/// Runs `install.js` against the exports object (it adds `AgoraApiError`).
#[napi(module_exports)]
pub fn install(exports: Object, env: Env) -> Result<()> {
    let install: Function<Object, Object> = env.run_script(include_str!("install.js"))?;
    let helpers = install.call(exports)?;
    let make_error: Function<Value, Unknown<'static>> = helpers.get_named_property("makeError")?;
    let list_all_agents: Function<(), Unknown<'static>> =
        helpers.get_named_property("listAllAgents")?;
    let helpers = JsHelpers {
        make_error: make_error.create_ref()?,
        list_all_agents: list_all_agents.create_ref()?,
    };
    env.set_instance_data(helpers, (), |_| {})
}

pub(crate) fn helpers(env: &Env) -> Result<&'static JsHelpers> {
    match env.get_instance_data::<JsHelpers>()? {
        Some(h) => Ok(h),
        None => Err(Error::from_reason(
            "the ConvoAI JS helpers are not installed",
        )),
    }
}

/// `(client, query, options)` of `listAllAgents`.
pub(crate) type ListAllArgs<'env> = (Unknown<'env>, Option<Unknown<'env>>, Option<Unknown<'env>>);

/// Calls `install.js`'s `listAllAgents(client, query, options)`.
pub(crate) fn list_all_agents<'env>(
    env: &'env Env,
    args: ListAllArgs<'env>,
) -> Result<Unknown<'env>> {
    let stored = helpers(env)?.list_all_agents.borrow_back(env)?;
    // SAFETY: re-reads the same live function handle with this call's argument types.
    let f: Function<'env, FnArgs<ListAllArgs<'env>>, Unknown<'env>> =
        unsafe { Function::from_napi_value(env.raw(), stored.raw()) }?;
    f.call(FnArgs { data: args })
}
