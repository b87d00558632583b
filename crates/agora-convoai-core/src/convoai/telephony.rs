//! Phone calls (docs/telephony.md): `POST /call` starts an outbound call
//! and the agent that talks on it; `GET /calls/{id}`, `POST
//! /calls/{id}/hangup` and `GET /call` follow it. The body is the join body
//! of agent.rs with a `sip` leg: the field names are those of Agora's
//! official Python SDK (agora-agents 2.12), which the tests compare against.

use reqwest::Method;
use serde_json::{Map, Value};

use super::agent::{self, is_string_account, token_uid, wire_uid, Prepared, StartAgent};
use super::call::{Call, CallOptions};
use super::client::Client;
use super::e164;
use super::error::CallError;
use super::pages::Pages;
use super::query::CallQuery;
use super::response;
use super::retry::Safety;
use crate::error::{Error, ErrorCode, Result};
use crate::token::rtc::{self, RtcTokenOptions};
use crate::validate::{self, UidInput};

/// `startCall`'s request: the agent (every `startAgent` field) and the
/// phone leg.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StartCall {
    /// `remote_uids` may be empty: it then defaults to the SIP gateway's uid,
    /// the user the agent talks to.
    pub agent: StartAgent,
    pub to_number: String,
    pub from_number: String,
    /// The uid the SIP gateway joins the channel with (`sip.rtc_uid`).
    pub sip_uid: Option<UidInput>,
    /// `sip.rtc_token`. Default: an RTC token minted for (channel, sipUid).
    pub sip_token: Option<String>,
}

fn invalid(message: impl Into<String>) -> Error {
    Error::type_error(ErrorCode::InvalidArg, message)
}

impl StartCall {
    /// Validates the call and builds the `POST /call` body, minting the
    /// agent's token (RTC + RTM) and the gateway's (RTC) when not given.
    pub fn prepare(self, app_id: &str, app_certificate: Option<&str>) -> Result<Prepared> {
        e164::check(&self.to_number, "toNumber")?;
        e164::check(&self.from_number, "fromNumber")?;
        let sip_uid = self.sip_uid.ok_or_else(|| invalid("sipUid is required"))?;
        validate::uid(sip_uid.as_arg(), "sipUid")?;
        let mut request = self.agent;
        if request.remote_uids.is_empty() {
            request.remote_uids = vec![sip_uid.clone()];
        }
        let string_uid_given = request.enable_string_uid.is_some();
        let channel = request.channel.clone();
        let token_expire = request.token_expire;
        let Prepared {
            body,
            identity,
            mut secrets,
        } = request.prepare(app_id, app_certificate)?;
        let Value::Object(mut join) = body else {
            return Err(invalid("the join body is not an object"));
        };
        let mut properties = match join.remove("properties") {
            Some(Value::Object(p)) => p,
            _ => Map::new(),
        };
        let string_uid = properties.get("enable_string_uid") == Some(&Value::Bool(true));
        if is_string_account(&sip_uid) && !string_uid {
            return Err(Error::type_error(
                ErrorCode::InvalidUid,
                "sipUid is a non-numeric string account but enableStringUid is false",
            ));
        }
        // `false` is Agora's default: sent only when asked for, so the body
        // is the official SDK's for the same call.
        if !string_uid && !string_uid_given {
            properties.remove("enable_string_uid");
        }
        let sip_token = match self.sip_token {
            Some(t) if !t.is_empty() => t,
            _ => {
                let certificate = app_certificate.ok_or_else(|| {
                    invalid(
                        "sipToken is required when the client has no appCertificate to mint one",
                    )
                })?;
                let gateway = token_uid(&sip_uid, string_uid);
                let mut o = RtcTokenOptions::new(app_id, certificate, &channel, gateway.as_arg());
                o.token_expire = Some(token_expire.unwrap_or(agent::DEFAULT_AGENT_TOKEN_EXPIRE));
                rtc::build_rtc_token(o)?
            }
        };
        secrets.push(sip_token.clone());

        let mut sip = Map::new();
        sip.insert("to_number".into(), Value::String(self.to_number));
        sip.insert("from_number".into(), Value::String(self.from_number));
        sip.insert("rtc_uid".into(), Value::String(wire_uid(&sip_uid)));
        sip.insert("rtc_token".into(), Value::String(sip_token));
        // The official SDK's key order: name, sip, pipeline_id, properties.
        let mut body = Map::new();
        if let Some(name) = join.remove("name") {
            body.insert("name".into(), name);
        }
        body.insert("sip".into(), Value::Object(sip));
        body.extend(join);
        body.insert("properties".into(), Value::Object(properties));
        Ok(Prepared {
            body: Value::Object(body),
            identity,
            secrets,
        })
    }
}

impl Client {
    /// `POST …/call`: `{ agentId }`. Retried like `startAgent` (a repeat
    /// could dial twice).
    pub async fn start_call(
        &self,
        request: StartCall,
        options: CallOptions,
    ) -> std::result::Result<Value, CallError> {
        let c = self.config();
        let prepared = request.prepare(&c.app_id, c.app_certificate.as_deref())?;
        self.start("/call", prepared, response::call_started, options)
            .await
    }

    /// `GET …/calls/{agentId}`.
    pub async fn get_call(
        &self,
        agent_id: &str,
        options: CallOptions,
    ) -> std::result::Result<Value, CallError> {
        self.read("/calls", agent_id, "", response::call, options)
            .await
    }

    /// `POST …/calls/{agentId}/hangup` with `{}` (as the official SDK
    /// sends it). Resolves when the call is already over (404), like
    /// `stopAgent`; repeating a hang-up is harmless, so it is retried.
    pub async fn hangup_call(
        &self,
        agent_id: &str,
        options: CallOptions,
    ) -> std::result::Result<(), CallError> {
        let empty = Value::Object(Map::new());
        self.end("/calls", agent_id, "/hangup", Some(empty), options)
            .await
    }

    /// `GET …/call`: one page of call records, `{ calls, cursor?, total }`.
    pub async fn list_calls(
        &self,
        q: CallQuery,
        options: CallOptions,
    ) -> std::result::Result<Value, CallError> {
        let mut call = Call::agent(Method::GET, "/call".into(), None, Safety::Idempotent);
        call.query = q.pairs()?;
        let resp = self.execute(call, options).await?;
        Ok(response::call_list(&resp.body)?)
    }

    /// Every call record of `q`, page by page (pages.rs says when a walk stops).
    pub fn call_pages(&self, q: CallQuery) -> Pages {
        Pages::calls(self.clone(), q)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::token;
    use serde_json::json;

    const APP_ID: &str = "970CA35de60c44645bbae8a215061b33";
    const CERT: &str = "5CFd2fd1755d40ecb72977518be15d3b";

    fn request() -> StartCall {
        StartCall {
            agent: StartAgent {
                name: Some("support-line".into()),
                channel: "call-1".into(),
                agent_uid: Some(UidInput::Number(111.0)),
                pipeline_id: Some("pipe-1".into()),
                ..Default::default()
            },
            to_number: "+19876543210".into(),
            from_number: "+11234567890".into(),
            sip_uid: Some(UidInput::Number(100.0)),
            sip_token: None,
        }
    }

    #[test]
    fn body_is_the_official_sdk_shape() {
        let p = request().prepare(APP_ID, Some(CERT)).unwrap();
        let b = &p.body;
        let keys: Vec<&str> = b.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["name", "sip", "pipeline_id", "properties"]);
        assert_eq!(b["sip"]["to_number"], "+19876543210");
        assert_eq!(b["sip"]["rtc_uid"], "100");
        assert_eq!(
            b["properties"]["remote_rtc_uids"],
            json!(["100"]),
            "the gateway is the user the agent talks to"
        );
        assert!(b["properties"].get("enable_string_uid").is_none());
        // The gateway's token: RTC only, for its own uid in the agent's channel.
        let sip = b["sip"]["rtc_token"].as_str().unwrap();
        let parsed = token::parse(sip).unwrap();
        assert!(token::verify(
            &parsed,
            CERT,
            Some(&("call-1".into(), UidInput::Number(100.0)))
        )
        .unwrap());
        assert!(!parsed.to_json().to_string().contains("\"rtm\""));
        let agent_token = b["properties"]["token"].as_str().unwrap();
        assert!(token::parse(agent_token)
            .unwrap()
            .to_json()
            .to_string()
            .contains("\"rtm\""));
        assert!(p.secrets.iter().any(|s| s == sip));
    }

    #[test]
    fn numbers_uids_and_tokens_are_checked_first() {
        let mut r = request();
        r.to_number = "0044 20 7946 0000".into();
        assert_eq!(
            r.prepare(APP_ID, Some(CERT)).unwrap_err().code,
            ErrorCode::InvalidArg
        );
        let mut r = request();
        r.from_number = "11234567890".into();
        assert_eq!(
            r.prepare(APP_ID, Some(CERT)).unwrap_err().code,
            ErrorCode::InvalidArg
        );
        let mut r = request();
        r.sip_uid = None;
        assert_eq!(
            r.prepare(APP_ID, Some(CERT)).unwrap_err().code,
            ErrorCode::InvalidArg
        );
        let mut r = request();
        r.sip_uid = Some("gateway".into());
        r.agent.enable_string_uid = Some(false);
        assert_eq!(
            r.prepare(APP_ID, Some(CERT)).unwrap_err().code,
            ErrorCode::InvalidUid
        );
        // No certificate: both tokens must be given.
        let mut r = request();
        r.agent.token = Some("007agent".into());
        assert_eq!(
            r.clone().prepare(APP_ID, None).unwrap_err().code,
            ErrorCode::InvalidArg
        );
        r.sip_token = Some("007sip".into());
        let p = r.prepare(APP_ID, None).unwrap();
        assert_eq!(p.body["sip"]["rtc_token"], "007sip");
    }

    #[test]
    fn string_accounts_and_explicit_remote_uids() {
        let mut r = request();
        r.sip_uid = Some("gateway".into());
        r.agent.remote_uids = vec!["gateway".into(), "supervisor".into()];
        let p = r.prepare(APP_ID, Some(CERT)).unwrap();
        assert_eq!(p.body["properties"]["enable_string_uid"], true);
        assert_eq!(
            p.body["properties"]["remote_rtc_uids"],
            json!(["gateway", "supervisor"])
        );
        assert_eq!(p.body["sip"]["rtc_uid"], "gateway");
        let mut r = request();
        r.agent.enable_string_uid = Some(false);
        let p = r.prepare(APP_ID, Some(CERT)).unwrap();
        assert_eq!(
            p.body["properties"]["enable_string_uid"], false,
            "kept when asked for"
        );
    }
}
