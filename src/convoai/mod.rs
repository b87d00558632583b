//! ConvoAI exports: `ConvoAIClient`, `startAgent`, `listProjects`,
//! `checkCredentials` (`AgoraApiError` and `listAllAgents` are JavaScript:
//! lib/errors.js, lib/convoai.js). JS values are converted once into core
//! types; the core's futures run on napi's tokio runtime (one worker thread,
//! src/lib.rs) and settle their promises through completions.rs.

mod client;
mod completions;
mod functions;
mod options;
mod pages;
mod promise;
mod renewal;
mod start_request;
mod telephony;

pub(crate) use completions::{flush_held, Completions};
