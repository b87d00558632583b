//! Agent request bodies in the exact wire format of docs/rest-api.md ("The join body"),
//! validated before any I/O.

use serde_json::{Map, Value};

use super::join_fields::JoinFields;
use crate::error::{Error, ErrorCode, Result};
use crate::token::rtc::{self, RtcTokenOptions, RtmExtras};
use crate::token::service::ServiceBody;
use crate::validate::{self, UidInput};

/// `startAgent`'s request (`StartAgentRequest` of docs/agents.md).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StartAgent {
    pub name: Option<String>,
    pub channel: String,
    pub agent_uid: Option<UidInput>,
    pub remote_uids: Vec<UidInput>,
    pub token: Option<String>,
    pub token_expire: Option<f64>,
    pub enable_string_uid: Option<bool>,
    pub idle_timeout: Option<f64>,
    pub enable_rtm: Option<bool>,
    /// `llm`, `asr`, `tts`, `mllm`, `avatar`, `turn_detection`, `parameters`
    /// (wire names), in that order.
    pub vendors: Vec<(&'static str, Value)>,
    /// Other `properties` fields, wire format, passed through.
    pub properties: Option<Value>,
    /// `labels`, `geofence`, `rtc`, and the typed `parameters` fields.
    pub fields: JoinFields,
    pub pipeline_id: Option<String>,
    pub preset: Option<String>,
}

/// Default lifetime of a minted `properties.token`: Agora's 24 h maximum.
pub const DEFAULT_AGENT_TOKEN_EXPIRE: f64 = 86_400.0;
pub const MAX_SPEAK_BYTES: usize = 512;

/// The agent's identity in its channel, as the header token must name it.
#[derive(Clone, Debug, PartialEq)]
pub struct Identity {
    pub channel: String,
    pub uid: UidInput,
}

/// A validated start request: its body, the identity the agent joins with,
/// and the secrets it carries (for scrubbing server text).
#[derive(Debug)]
pub struct Prepared {
    pub body: Value,
    pub identity: Identity,
    pub secrets: Vec<String>,
}

/// "*" is the everyone-wildcard of `remote_rtc_uids`, not an account.
const EVERYONE: &str = "*";

fn is_numeric(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 10
        && s.bytes().all(|b| b.is_ascii_digit())
        && s.parse::<u32>().is_ok()
}

pub(super) fn wire_uid(uid: &UidInput) -> String {
    match uid {
        UidInput::Number(n) => format!("{}", *n as u32),
        UidInput::Account(s) => s.clone(),
    }
}

pub(super) fn is_string_account(uid: &UidInput) -> bool {
    matches!(uid, UidInput::Account(s) if s != EVERYONE && !is_numeric(s))
}

fn invalid(message: impl Into<String>) -> Error {
    Error::type_error(ErrorCode::InvalidArg, message)
}

fn object(value: Option<Value>, field: &str) -> Result<Map<String, Value>> {
    match value {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(m)) => Ok(m),
        Some(_) => Err(invalid(format!("{field} must be an object"))),
    }
}

/// Generated names are unique per call: milliseconds plus 48 random bits.
fn generated_name() -> String {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    format!(
        "agent-{ms}-{:012x}",
        rand::random::<u64>() & 0xffff_ffff_ffff
    )
}

/// Whether `name` contains `word` (lowercase ASCII), ignoring ASCII case.
fn names(name: &str, word: &str) -> bool {
    name.as_bytes()
        .windows(word.len())
        .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
}

/// Values of fields whose name says they hold a key, token or secret.
pub fn collect_secrets(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(m) => {
            for (k, v) in m {
                let sensitive = ["key", "token", "secret", "credential", "password"]
                    .iter()
                    .any(|w| names(k, w));
                match v {
                    Value::String(s) if sensitive => out.push(s.clone()),
                    _ => collect_secrets(v, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|v| collect_secrets(v, out)),
        _ => {}
    }
}

impl StartAgent {
    /// Validates the request and builds the join body, minting
    /// `properties.token` (RTC + RTM) when none is given.
    pub fn prepare(self, app_id: &str, app_certificate: Option<&str>) -> Result<Prepared> {
        validate::channel_name(&self.channel)?;
        let agent_uid = self
            .agent_uid
            .ok_or_else(|| invalid("agentUid is required"))?;
        validate::uid(agent_uid.as_arg(), "agentUid")?;
        if self.remote_uids.is_empty() {
            return Err(Error::range_error(
                ErrorCode::InvalidArg,
                "remoteUids must list at least one uid (or '*' for everyone)",
            ));
        }
        for (i, uid) in self.remote_uids.iter().enumerate() {
            if !matches!(uid, UidInput::Account(s) if s == EVERYONE) {
                validate::uid(uid.as_arg(), &format!("remoteUids[{i}]"))?;
            }
        }
        let any_account =
            is_string_account(&agent_uid) || self.remote_uids.iter().any(is_string_account);
        let string_uid = self.enable_string_uid.unwrap_or(any_account);
        if !string_uid && any_account {
            return Err(Error::type_error(
                ErrorCode::InvalidUid,
                "agentUid and remoteUids hold a non-numeric string account but enableStringUid is false",
            ));
        }
        let identity = Identity {
            channel: self.channel.clone(),
            uid: token_uid(&agent_uid, string_uid),
        };
        let mut secrets = Vec::new();
        let token = match self.token {
            Some(t) if !t.is_empty() => {
                if self.enable_rtm == Some(true) && lacks_rtm(&t) {
                    return Err(invalid(
                        "enableRtm needs a token with the RTM service: build it with buildRtcRtmToken, or omit token to have one minted",
                    ));
                }
                t
            }
            _ => {
                let certificate = app_certificate.ok_or_else(|| {
                    invalid("token is required when the client has no appCertificate to mint one")
                })?;
                mint(
                    app_id,
                    certificate,
                    &identity,
                    Some(self.token_expire.unwrap_or(DEFAULT_AGENT_TOKEN_EXPIRE)),
                )?
            }
        };
        secrets.push(token.clone());

        let mut properties = object(self.properties, "properties")?;
        properties.insert("channel".into(), Value::String(self.channel));
        properties.insert("token".into(), Value::String(token));
        properties.insert("agent_rtc_uid".into(), Value::String(wire_uid(&agent_uid)));
        properties.insert(
            "remote_rtc_uids".into(),
            Value::Array(
                self.remote_uids
                    .iter()
                    .map(|u| Value::String(wire_uid(u)))
                    .collect(),
            ),
        );
        properties.insert("enable_string_uid".into(), Value::Bool(string_uid));
        if let Some(t) = self.idle_timeout {
            let t = validate::integer(t, 0, 259_200, "idleTimeout", ErrorCode::InvalidArg)?;
            properties.insert("idle_timeout".into(), Value::from(t));
        }
        if let Some(rtm) = self.enable_rtm {
            let mut advanced = object(
                properties.remove("advanced_features"),
                "properties.advanced_features",
            )?;
            advanced.insert("enable_rtm".into(), Value::Bool(rtm));
            properties.insert("advanced_features".into(), Value::Object(advanced));
        }
        for (field, value) in self.vendors {
            properties.insert(field.into(), value);
        }
        self.fields.apply(&mut properties)?;
        let properties = Value::Object(properties);
        collect_secrets(&properties, &mut secrets);

        let mut body = Map::new();
        let name = match self.name {
            Some(n) if !n.is_empty() => n,
            Some(_) => return Err(invalid("name must not be empty")),
            None => generated_name(),
        };
        body.insert("name".into(), Value::String(name));
        body.insert("properties".into(), properties);
        if let Some(p) = self.pipeline_id {
            body.insert("pipeline_id".into(), Value::String(p));
        }
        if let Some(p) = self.preset {
            body.insert("preset".into(), Value::String(p));
        }
        Ok(Prepared {
            body: Value::Object(body),
            identity,
            secrets,
        })
    }
}

/// The uid a token is built for: with numeric uids a numeric string means
/// that number (so "0" is the any-uid wildcard, as for 0); with string uids
/// it is an account.
pub(super) fn token_uid(uid: &UidInput, string_uid: bool) -> UidInput {
    match (uid, string_uid) {
        (UidInput::Account(s), false) => {
            UidInput::Number(s.parse::<u32>().map(f64::from).unwrap_or(0.0))
        }
        (uid, _) => uid.clone(),
    }
}

/// True for a readable 007 token that has no RTM service. The agent would
/// join, then fail its RTM login with no REST error.
fn lacks_rtm(token: &str) -> bool {
    match crate::token::parse(token) {
        Ok(crate::token::ParsedToken::V007(p)) => {
            p.complete
                && !p
                    .token
                    .services
                    .iter()
                    .any(|s| matches!(s.body, ServiceBody::Rtm { .. }))
        }
        _ => false,
    }
}

/// An RTC (publisher) + RTM (login) token for the identity: the recipe of the
/// official SDKs, for both `properties.token` and the request header.
pub fn mint(
    app_id: &str,
    app_certificate: &str,
    who: &Identity,
    expire: Option<f64>,
) -> Result<String> {
    let mut o = RtcTokenOptions::new(app_id, app_certificate, &who.channel, who.uid.as_arg());
    o.token_expire = expire;
    rtc::build_rtc_rtm_token(o, RtmExtras::default())
}

/// `speak`'s body.
pub fn speak_body(
    text: &str,
    priority: Option<&str>,
    interruptable: Option<bool>,
) -> Result<Value> {
    check_text(text, "text")?;
    let mut body = Map::new();
    body.insert("text".into(), Value::String(text.into()));
    if let Some(p) = priority {
        if !["INTERRUPT", "APPEND", "IGNORE"].contains(&p) {
            return Err(invalid(
                "priority must be 'INTERRUPT', 'APPEND' or 'IGNORE'",
            ));
        }
        body.insert("priority".into(), Value::String(p.into()));
    }
    if let Some(i) = interruptable {
        body.insert("interruptable".into(), Value::Bool(i));
    }
    Ok(Value::Object(body))
}

fn check_text(text: &str, field: &str) -> Result<()> {
    if text.is_empty() {
        return Err(Error::range_error(
            ErrorCode::InvalidArg,
            format!("{field} must not be empty"),
        ));
    }
    if text.len() > MAX_SPEAK_BYTES {
        return Err(Error::range_error(
            ErrorCode::InvalidArg,
            format!(
                "{field} must be at most {MAX_SPEAK_BYTES} bytes of UTF-8 (got {})",
                text.len()
            ),
        ));
    }
    Ok(())
}

/// `think`'s body: the request with its top-level keys in wire (snake) case;
/// values, such as `metadata`, untouched.
pub fn think_body(request: Value) -> Result<Value> {
    let request = object(Some(request), "request")?;
    let mut body = Map::new();
    for (k, v) in request {
        body.insert(snake_case(&k), v);
    }
    match body.get("text") {
        Some(Value::String(t)) if !t.is_empty() => Ok(Value::Object(body)),
        _ => Err(invalid("text must be a non-empty string")),
    }
}

/// `update`'s body: `{ properties: { token?, llm?, mllm? } }`.
pub fn update_body(
    token: Option<String>,
    llm: Option<Value>,
    mllm: Option<Value>,
) -> Result<Value> {
    let mut properties = Map::new();
    if let Some(t) = token {
        properties.insert("token".into(), Value::String(t));
    }
    if let Some(v) = llm {
        properties.insert("llm".into(), v);
    }
    if let Some(v) = mllm {
        properties.insert("mllm".into(), v);
    }
    if properties.is_empty() {
        return Err(invalid("update needs at least one of token, llm, mllm"));
    }
    let mut body = Map::new();
    body.insert("properties".into(), Value::Object(properties));
    Ok(Value::Object(body))
}

pub fn snake_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::token;

    const APP_ID: &str = "970CA35de60c44645bbae8a215061b33";
    const CERT: &str = "5CFd2fd1755d40ecb72977518be15d3b";

    fn request() -> StartAgent {
        StartAgent {
            channel: "room-1".into(),
            agent_uid: Some(UidInput::Number(1001.0)),
            remote_uids: vec![UidInput::Number(42.0)],
            ..Default::default()
        }
    }

    #[test]
    fn body_uses_wire_names_and_mints_rtc_rtm() {
        let mut r = request();
        r.enable_rtm = Some(true);
        r.idle_timeout = Some(120.0);
        r.vendors = vec![(
            "llm",
            serde_json::json!({"url": "u", "api_key": "sk-secret"}),
        )];
        r.properties = Some(
            serde_json::json!({"advanced_features": {"enable_sal": true}, "labels": {"a": "b"}}),
        );
        r.pipeline_id = Some("p1".into());
        let p = r.prepare(APP_ID, Some(CERT)).unwrap();
        let props = &p.body["properties"];
        assert_eq!(props["channel"], "room-1");
        assert_eq!(props["agent_rtc_uid"], "1001");
        assert_eq!(props["remote_rtc_uids"], serde_json::json!(["42"]));
        assert_eq!(props["enable_string_uid"], false);
        assert_eq!(props["idle_timeout"], 120);
        assert_eq!(
            props["advanced_features"],
            serde_json::json!({"enable_sal": true, "enable_rtm": true})
        );
        assert_eq!(props["labels"]["a"], "b");
        assert_eq!(p.body["pipeline_id"], "p1");
        assert!(p.body["name"].as_str().unwrap().starts_with("agent-"));
        assert!(p.secrets.iter().any(|s| s == "sk-secret"));
        let t = props["token"].as_str().unwrap();
        let parsed = token::parse(t).unwrap();
        assert!(token::verify(
            &parsed,
            CERT,
            Some(&("room-1".to_string(), UidInput::Number(1001.0)))
        )
        .unwrap());
        let json = parsed.to_json().to_string();
        assert!(json.contains("\"rtm\"") && json.contains("\"1001\""));
    }

    #[test]
    fn string_accounts_are_inferred_and_wildcard_is_not_an_account() {
        let mut r = request();
        r.agent_uid = Some("agent-bob".into());
        let p = r.prepare(APP_ID, Some(CERT)).unwrap();
        assert_eq!(p.body["properties"]["enable_string_uid"], true);
        let mut r = request();
        r.remote_uids = vec!["*".into()];
        r.agent_uid = Some("7".into());
        let p = r.prepare(APP_ID, Some(CERT)).unwrap();
        assert_eq!(p.body["properties"]["enable_string_uid"], false);
        assert_eq!(p.identity.uid, UidInput::Number(7.0));
        let mut r = request();
        r.agent_uid = Some("bob".into());
        r.enable_string_uid = Some(false);
        assert_eq!(
            r.prepare(APP_ID, Some(CERT)).unwrap_err().code,
            ErrorCode::InvalidUid
        );
    }

    #[test]
    fn validation_happens_first() {
        let mut r = request();
        r.remote_uids.clear();
        assert_eq!(
            r.prepare(APP_ID, Some(CERT)).unwrap_err().code,
            ErrorCode::InvalidArg
        );
        let mut r = request();
        r.channel = "bad/channel".into();
        assert_eq!(
            r.prepare(APP_ID, Some(CERT)).unwrap_err().code,
            ErrorCode::InvalidChannelName
        );
        assert_eq!(
            request().prepare(APP_ID, None).unwrap_err().code,
            ErrorCode::InvalidArg
        );
        let mut r = request();
        let rtc_only = rtc::build_rtc_token(RtcTokenOptions::new(
            APP_ID,
            CERT,
            "room-1",
            validate::UidArg::Number(1001.0),
        ))
        .unwrap();
        r.token = Some(rtc_only);
        r.enable_rtm = Some(true);
        assert_eq!(
            r.prepare(APP_ID, None).unwrap_err().code,
            ErrorCode::InvalidArg
        );
        let mut r = request();
        r.token = Some("007given".into());
        assert_eq!(
            r.prepare(APP_ID, None).unwrap().body["properties"]["token"],
            "007given"
        );
        assert!(speak_body(&"x".repeat(513), None, None).is_err());
        assert!(speak_body(&"x".repeat(512), Some("APPEND"), Some(true)).is_ok());
        assert!(speak_body("hi", Some("LOUD"), None).is_err());
        let t = think_body(serde_json::json!({"text": "hi", "onListeningAction": "inject", "metadata": {"kK": "v"}})).unwrap();
        assert_eq!(
            t,
            serde_json::json!({"text": "hi", "on_listening_action": "inject", "metadata": {"kK": "v"}})
        );
        assert!(update_body(None, None, None).is_err());
    }
}
