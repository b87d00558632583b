//! Pure-Rust core of agora-convoai-native: Agora AccessToken2/006 tokens,
//! REST `Authorization` headers and (later) the Conversational AI REST
//! client. No Node.js types here: the napi binding lives in the root crate.
//! No `unsafe` either: what needs it (SIMD checksums, the inflater's
//! buffers) lives in well-kept crates.
#![forbid(unsafe_code)]

pub mod auth;
pub mod convoai;
pub mod dev_certificates;
pub mod error;
pub mod token;
pub mod validate;
pub mod webhook;

pub use error::{Error, ErrorCode, ErrorKind, Result};
