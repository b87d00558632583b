//! `listAllAgents`' walk: the core's `AgentPages` (which stops on a repeated
//! cursor and at a page cap), one page per `next()`. install.js's async
//! generator drives it and yields the agents one by one.

use agora_convoai_core::convoai as core;
use napi::bindgen_prelude::{PromiseRaw, Unknown};
use napi::{Env, Result};
use napi_derive::napi;
use serde_json::Value;

use super::promise::run;

/// One walk over the pages of a `listAgents` query (used by `listAllAgents`).
#[napi]
pub struct AgentPages {
    inner: core::AgentPages,
}

impl AgentPages {
    pub fn new(inner: core::AgentPages) -> Self {
        Self { inner }
    }
}

#[napi]
impl AgentPages {
    /// The next page's agents, or `null` once the listing is complete.
    #[napi(
        catch_unwind,
        ts_args_type = "options?: CallOptions",
        ts_return_type = "Promise<AgentSummary[] | null>"
    )]
    pub fn next<'env>(
        &self,
        env: &'env Env,
        options: Option<Unknown>,
    ) -> Result<PromiseRaw<'env, Option<Vec<Value>>>> {
        let pages = self.inner.clone();
        run(env, options, true, |call| {
            Ok(async move { pages.next(call).await })
        })
    }
}
