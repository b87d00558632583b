//! The walk behind `listAllAgents` and `listAllCalls`: the core's `Pages`
//! (which stops on a repeated cursor and at a page cap), one page per
//! `next()`. The async generators of lib/convoai.js drive it and yield the
//! entries one by one.

use agora_convoai_core::convoai as core;
use napi::bindgen_prelude::{PromiseRaw, Unknown};
use napi::{Env, Result};
use napi_derive::napi;
use serde_json::Value;

use super::promise::run;

/// One walk over the pages of a listing: what `listAllAgents` and
/// `listAllCalls` iterate over (`for await` them instead).
#[napi]
pub struct ListingPages {
    inner: core::Pages,
}

impl ListingPages {
    pub fn new(inner: core::Pages) -> Self {
        Self { inner }
    }
}

#[napi]
impl ListingPages {
    /// The next page's entries (agents or calls), or `null` once the listing is complete.
    #[napi(
        catch_unwind,
        ts_args_type = "options?: CallOptions",
        ts_return_type = "Promise<Array<Record<string, unknown>> | null>"
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
