//! The Conversational AI REST client (docs/agents.md, docs/rest-api.md,
//! docs/rest-client.md): reqwest on tokio with rustls, one keep-alive pool
//! per client, retries that never duplicate an agent, failover across the
//! region's hosts, and a bound on everything a server sends back.

pub mod agent;
mod body;
mod call;
pub mod client;
pub mod config;
pub mod error;
mod json_budget;
pub mod pages;
pub mod path;
mod proxy;
mod query;
pub mod region;
pub mod response;
pub mod retry;
pub mod retry_after;
pub mod transport;

pub use agent::StartAgent;
pub use call::CallOptions;
pub use client::Client;
pub use config::ClientOptions;
pub use error::{ApiError, CallError};
pub use pages::{AgentPages, CursorTrail};
pub use query::ListQuery;
