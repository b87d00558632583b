//! napi-rs binding of `agora-convoai-core`. Each module only converts
//! JavaScript values to core types and core errors to coded JS errors.

#![deny(clippy::all)]
// napi-derive registers exports only outside `cfg(test)`, so in the test
// build (`clippy --all-targets`, `cargo test`) every export looks unused.
#![cfg_attr(test, allow(dead_code))]

mod convoai;
mod dev_certificates;
mod error;
mod token;
