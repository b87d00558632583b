//! The Conversational AI REST client (docs/agents.md, docs/rest-api.md,
//! docs/rest-client.md): reqwest on tokio with rustls, one keep-alive pool
//! per client, retries that never duplicate an agent, failover across the
//! region's hosts, and a bound on everything a server sends back.

pub mod agent;
mod body;
mod call;
pub mod client;
pub mod config;
pub mod e164;
pub mod error;
pub mod join_fields;
mod json_budget;
pub mod keep_alive;
pub mod pages;
pub mod path;
pub mod phone_numbers;
mod proxy;
mod query;
pub mod region;
pub mod renewal;
pub mod response;
pub mod retry;
pub mod retry_after;
pub mod telephony;
pub mod transport;
mod urls;

pub use agent::StartAgent;
pub use call::CallOptions;
pub use client::Client;
pub use config::ClientOptions;
pub use error::{ApiError, CallError};
pub use join_fields::JoinFields;
pub use keep_alive::{EndReason, KeepAlive, KeepAliveEvent, KeepAliveOptions};
pub use pages::{AgentPages, CursorTrail, Pages};
pub use phone_numbers::{ImportPhoneNumber, UpdatePhoneNumber};
pub use query::{CallQuery, ListQuery};
pub use renewal::Renewal;
pub use telephony::StartCall;
