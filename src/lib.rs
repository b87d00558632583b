//! napi-rs binding of `agora-convoai-core`. Each module only converts
//! JavaScript values to core types and core errors to coded JS errors.

#![deny(clippy::all)]

mod convoai;
mod error;
mod token;
