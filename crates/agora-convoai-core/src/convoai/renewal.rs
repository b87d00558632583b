//! Token renewal (docs/telephony.md, "Agents that outlive their token"): a
//! token lives at most 24 h, an agent up to 72 h. `renewAgentToken` mints a
//! fresh RTC + RTM token for the agent's channel and uid and sends it with
//! `POST …/agents/{id}/update` `{"properties":{"token":…}}`. It needs no
//! memory of the agent, so any instance of a deployment can renew any agent
//! (from a 104 webhook, say); keep_alive.rs repeats it in process.

use reqwest::Method;
use serde_json::Value;

use super::agent::{self, Identity, DEFAULT_AGENT_TOKEN_EXPIRE};
use super::call::{Call, CallOptions};
use super::client::Client;
use super::error::CallError;
use super::path;
use super::response;
use super::retry::Safety;
use crate::error::{Error, ErrorCode, Result};
use crate::validate::{self, UidInput};

/// Whom a renewed token is for, and how long it lives.
#[derive(Clone, Debug, PartialEq)]
pub struct Renewal {
    pub channel: String,
    /// The agent's uid as given at start (`agentUid`).
    pub agent_uid: UidInput,
    /// Seconds, 1..=86400. Default 86400.
    pub token_expire: Option<f64>,
}

impl Renewal {
    /// The checked identity and lifetime (seconds).
    pub(super) fn checked(&self) -> Result<(Identity, u32)> {
        validate::channel_name(&self.channel)?;
        validate::uid(self.agent_uid.as_arg(), "agentUid")?;
        let expire = validate::expire(
            self.token_expire.unwrap_or(DEFAULT_AGENT_TOKEN_EXPIRE),
            1,
            "tokenExpire",
        )?;
        let identity = Identity {
            channel: self.channel.clone(),
            uid: self.agent_uid.clone(),
        };
        Ok((identity, expire))
    }
}

/// The certificate renewal mints with, or why there is none.
pub(super) fn certificate(client: &Client) -> Result<&str> {
    client.config().app_certificate.as_deref().ok_or_else(|| {
        Error::type_error(
            ErrorCode::InvalidArg,
            "token renewal mints the new token with the App Certificate: give appCertificate in the client options",
        )
    })
}

impl Client {
    /// Mints a token for the agent's identity and sends it with `/update`.
    /// The result is the update's (`{ agentId, createTs, status }`) plus
    /// `tokenExpiresAt` (Unix seconds). Re-sending the same token is
    /// harmless, so it is retried like a read.
    pub async fn renew_agent_token(
        &self,
        agent_id: &str,
        renewal: &Renewal,
        options: CallOptions,
    ) -> std::result::Result<Value, CallError> {
        path::segment(agent_id, "agentId")?;
        let (identity, expire) = renewal.checked()?;
        let cert = certificate(self)?;
        let issued = validate::now_unix();
        let token = agent::mint(
            &self.config().app_id,
            cert,
            &identity,
            Some(f64::from(expire)),
        )?;
        let body = agent::update_body(Some(token), None, None)?;
        let mut call = Call::agent(
            Method::POST,
            format!("/agents/{agent_id}/update"),
            Some(body),
            Safety::Idempotent,
        );
        // The header token names the agent too, as for the calls of agents
        // this client started.
        call.identity = Some(&identity);
        let resp = self.execute(call, options).await?;
        let mut result = response::agent(&resp.body)?;
        if let Value::Object(m) = &mut result {
            m.insert(
                "tokenExpiresAt".into(),
                Value::from(u64::from(issued) + u64::from(expire)),
            );
        }
        Ok(result)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn identity_and_lifetime_are_checked() {
        let r = |channel: &str, uid: UidInput, expire: Option<f64>| Renewal {
            channel: channel.into(),
            agent_uid: uid,
            token_expire: expire,
        };
        assert_eq!(
            r("room", UidInput::Number(7.0), None)
                .checked()
                .map(|c| c.1),
            Ok(86_400)
        );
        assert_eq!(
            r("room", "bob".into(), Some(5.0)).checked().map(|c| c.1),
            Ok(5)
        );
        let code = |x: Renewal| x.checked().unwrap_err().code;
        assert_eq!(
            code(r("", UidInput::Number(7.0), None)),
            ErrorCode::InvalidChannelName
        );
        assert_eq!(
            code(r("room", UidInput::Number(-1.0), None)),
            ErrorCode::InvalidUid
        );
        assert_eq!(
            code(r("room", UidInput::Number(7.0), Some(86_401.0))),
            ErrorCode::InvalidExpire
        );
        assert_eq!(
            code(r("room", UidInput::Number(7.0), Some(0.0))),
            ErrorCode::InvalidExpire
        );
    }
}
