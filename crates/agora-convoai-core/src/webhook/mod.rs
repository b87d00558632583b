//! Agora Notification Center webhooks for Conversational AI (product 17):
//! signing and verifying `Agora-Signature` (HMAC-SHA1) and
//! `Agora-Signature-V2` (HMAC-SHA256) over the raw body, and parsing the
//! envelope into the event shape the JavaScript API returns.
//!
//! Everything outside is untrusted until the signature matches, so every step
//! is bounded: the body by `max_bytes` (default [`DEFAULT_MAX_BYTES`]) before
//! any hashing or parsing, signature header values by
//! [`MAX_SIGNATURE_HEADER_BYTES`], JSON nesting by [`MAX_DEPTH`] and its
//! size by [`MAX_VALUES`].

mod event;
mod json;
mod limits;
mod parse;
mod schema;
mod signature;

pub use limits::{max_bytes_option, raw_body_type_error, Body};
pub use limits::{DEFAULT_MAX_BYTES, MAX_BYTES_CEILING, MAX_DEPTH, MAX_SECRET_BYTES};
pub use limits::{MAX_SIGNATURE_HEADER_BYTES, MAX_VALUES};
pub use parse::{parse, ParseOptions};
pub use signature::{sign, verify, ReceivedSignatures, Signatures};
