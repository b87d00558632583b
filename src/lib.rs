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
