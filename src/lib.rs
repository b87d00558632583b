//! napi-rs binding of `agora-convoai-core`: converts JavaScript arguments to
//! core types and core errors to coded JavaScript errors. The JavaScript
//! half of the package (`index.js`, `lib/`) reads option objects and builds
//! `parseToken`'s results; docs/binding.md shows how the two halves meet.

#![deny(clippy::all)]
// napi-derive registers exports only outside `cfg(test)`, so in the test
// build (`clippy --all-targets`, `cargo test`) every export looks unused.
#![cfg_attr(test, allow(dead_code))]

mod args;
mod convoai;
mod dev_certificates;
mod env_data;
mod error;
mod token;
mod webhook;

/// The tokio runtime every ConvoAI call runs on, handed to napi-rs before
/// its first use: one worker thread instead of one per core. The JavaScript
/// thread and this worker share each call (docs/benchmarks.md, "Where the
/// time goes"); a second worker only added futex wake-ups and cache
/// traffic between the two (on 2 cores: ~30% more CPU per call at
/// concurrency 1, no gain at 16 or 64).
// Registered outside the test build only: that build links no Node.js.
#[cfg_attr(not(test), napi_derive::module_init)]
fn init_runtime() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("agora-convoai")
        // Settle the calls finished in this busy spell with one wake of
        // JavaScript (src/convoai/completions.rs).
        .on_thread_park(convoai::flush_held)
        .enable_all()
        .build();
    // Err: no thread could be started; napi-rs then builds its default
    // runtime on first use, which fails the same way or works.
    if let Ok(runtime) = runtime {
        napi::bindgen_prelude::create_custom_tokio_runtime(runtime);
    }
}
