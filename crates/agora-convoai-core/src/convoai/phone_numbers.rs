//! The account's phone numbers (docs/telephony.md, "Phone numbers"):
//! `/v2/phone-numbers[/{number}]` of the agent API, outside any project.
//! A number in a path is E.164 and goes as it is, `+` included: what Agora's
//! official Python SDK sends (the tests capture it).

use reqwest::Method;
use serde_json::{Map, Value};

use super::agent::{collect_secrets, snake_case};
use super::call::{Call, CallOptions};
use super::client::Client;
use super::e164;
use super::error::CallError;
use super::response;
use super::retry::Safety;
use super::transport::Response;
use crate::error::{Error, ErrorCode, Result};

/// Longest `label`: Agora documents none; a label is a short display name.
pub const MAX_LABEL_BYTES: usize = 256;

/// `importPhoneNumber`'s request, configs in camelCase.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportPhoneNumber {
    /// `byo` (bring your own SIP trunk) or `twilio`.
    pub provider: String,
    pub phone_number: String,
    pub label: String,
    pub inbound: Option<bool>,
    pub outbound: Option<bool>,
    /// `{ allowedAddresses? }`.
    pub inbound_config: Option<Value>,
    /// `{ address?, transport?, prefix? }`.
    pub outbound_config: Option<Value>,
}

/// `updatePhoneNumber`'s change: `Some(Value::Null)` clears a config,
/// `None` leaves it alone.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UpdatePhoneNumber {
    pub inbound_config: Option<Value>,
    pub outbound_config: Option<Value>,
}

fn invalid(message: impl Into<String>) -> Error {
    Error::type_error(ErrorCode::InvalidArg, message)
}

/// A config object with its keys in wire case (`allowedAddresses` →
/// `allowed_addresses`); values untouched. Absent: `{}` (the official SDK
/// requires both configs on import).
fn config(value: Option<Value>, field: &str) -> Result<Value> {
    match value {
        None => Ok(Value::Object(Map::new())),
        Some(Value::Object(m)) => Ok(Value::Object(
            m.into_iter().map(|(k, v)| (snake_case(&k), v)).collect(),
        )),
        Some(_) => Err(invalid(format!("{field} must be an object"))),
    }
}

fn string_field(config: &Value, key: &str, field: &str) -> Result<()> {
    match config.get(key) {
        None | Some(Value::String(_)) => Ok(()),
        Some(_) => Err(invalid(format!("{field} must be a string"))),
    }
}

impl ImportPhoneNumber {
    /// The `POST /v2/phone-numbers` body (the official SDK's key order) and
    /// the values to scrub from error text (a SIP address may carry
    /// `user:password@`).
    pub fn body(self) -> Result<(Value, Vec<String>)> {
        if self.provider != "byo" && self.provider != "twilio" {
            return Err(invalid("provider must be 'byo' or 'twilio'"));
        }
        e164::check(&self.phone_number, "phoneNumber")?;
        if self.label.is_empty() || self.label.len() > MAX_LABEL_BYTES {
            return Err(Error::range_error(
                ErrorCode::InvalidArg,
                format!("label must be 1 to {MAX_LABEL_BYTES} bytes"),
            ));
        }
        let inbound = config(self.inbound_config, "inboundConfig")?;
        match inbound.get("allowed_addresses") {
            None => {}
            Some(Value::Array(a)) if a.iter().all(Value::is_string) => {}
            Some(_) => {
                return Err(invalid(
                    "inboundConfig.allowedAddresses must be an array of strings (IPs or CIDRs)",
                ))
            }
        }
        let outbound = config(self.outbound_config, "outboundConfig")?;
        for key in ["address", "transport", "prefix"] {
            string_field(&outbound, key, &format!("outboundConfig.{key}"))?;
        }
        let mut secrets = Vec::new();
        collect_secrets(&outbound, &mut secrets);
        if let Some(Value::String(a)) = outbound.get("address") {
            secrets.push(a.clone());
        }
        let mut body = Map::new();
        body.insert("provider".into(), Value::String(self.provider));
        body.insert("phone_number".into(), Value::String(self.phone_number));
        body.insert("label".into(), Value::String(self.label));
        if let Some(b) = self.inbound {
            body.insert("inbound".into(), Value::Bool(b));
        }
        if let Some(b) = self.outbound {
            body.insert("outbound".into(), Value::Bool(b));
        }
        body.insert("inbound_config".into(), inbound);
        body.insert("outbound_config".into(), outbound);
        Ok((Value::Object(body), secrets))
    }
}

/// `{ pipelineId? } | null` → `{ pipeline_id? } | null`.
fn binding(value: Value, field: &str) -> Result<Value> {
    match value {
        Value::Null => Ok(Value::Null),
        Value::Object(m) => {
            let m: Map<String, Value> = m.into_iter().map(|(k, v)| (snake_case(&k), v)).collect();
            string_field(
                &Value::Object(m.clone()),
                "pipeline_id",
                &format!("{field}.pipelineId"),
            )?;
            Ok(Value::Object(m))
        }
        _ => Err(invalid(format!("{field} must be an object or null"))),
    }
}

impl UpdatePhoneNumber {
    /// The `PATCH` body: only the configs given; `null` clears one.
    pub fn body(self) -> Result<Value> {
        let mut body = Map::new();
        if let Some(v) = self.inbound_config {
            body.insert("inbound_config".into(), binding(v, "inboundConfig")?);
        }
        if let Some(v) = self.outbound_config {
            body.insert("outbound_config".into(), binding(v, "outboundConfig")?);
        }
        if body.is_empty() {
            return Err(invalid(
                "updatePhoneNumber needs inboundConfig or outboundConfig (an object, or null to clear it)",
            ));
        }
        Ok(Value::Object(body))
    }
}

impl Client {
    async fn numbers_call(
        &self,
        method: Method,
        number: Option<&str>,
        body: Option<Value>,
        safety: Safety,
        options: CallOptions,
    ) -> std::result::Result<Response, CallError> {
        let path = match number {
            Some(n) => {
                e164::check(n, "phoneNumber")?;
                format!("/phone-numbers/{n}")
            }
            None => "/phone-numbers".into(),
        };
        self.execute(Call::account(method, path, body, safety), options)
            .await
    }

    /// `GET /v2/phone-numbers`: every number of the account.
    pub async fn list_phone_numbers(
        &self,
        options: CallOptions,
    ) -> std::result::Result<Value, CallError> {
        let resp = self
            .numbers_call(Method::GET, None, None, Safety::Idempotent, options)
            .await?;
        Ok(response::array(&resp.body)?)
    }

    /// `POST /v2/phone-numbers` (201). Not repeated after it may have run: a
    /// second import answers 409.
    pub async fn import_phone_number(
        &self,
        request: ImportPhoneNumber,
        options: CallOptions,
    ) -> std::result::Result<Value, CallError> {
        let (body, secrets) = request.body()?;
        let mut call = Call::account(
            Method::POST,
            "/phone-numbers".into(),
            Some(body),
            Safety::Once,
        );
        call.secrets.extend(secrets);
        let resp = self.execute(call, options).await?;
        Ok(response::object(&resp.body)?)
    }

    /// `GET /v2/phone-numbers/{number}`.
    pub async fn get_phone_number(
        &self,
        number: &str,
        options: CallOptions,
    ) -> std::result::Result<Value, CallError> {
        let resp = self
            .numbers_call(Method::GET, Some(number), None, Safety::Idempotent, options)
            .await?;
        Ok(response::object(&resp.body)?)
    }

    /// `PATCH /v2/phone-numbers/{number}`: binds (or with `null` unbinds) the
    /// pipelines that answer and place its calls. Setting the same values
    /// again is harmless, so it is retried like a read.
    pub async fn update_phone_number(
        &self,
        number: &str,
        update: UpdatePhoneNumber,
        options: CallOptions,
    ) -> std::result::Result<Value, CallError> {
        let body = update.body()?;
        let resp = self
            .numbers_call(
                Method::PATCH,
                Some(number),
                Some(body),
                Safety::Idempotent,
                options,
            )
            .await?;
        Ok(response::object(&resp.body)?)
    }

    /// `DELETE /v2/phone-numbers/{number}` (204). Resolves when the number
    /// is already gone (404), so a retry after a lost answer succeeds.
    pub async fn delete_phone_number(
        &self,
        number: &str,
        options: CallOptions,
    ) -> std::result::Result<(), CallError> {
        match self
            .numbers_call(
                Method::DELETE,
                Some(number),
                None,
                Safety::Idempotent,
                options,
            )
            .await
        {
            Ok(_) => Ok(()),
            Err(CallError::Api(e)) if e.status == 404 => Ok(()),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use serde_json::json;

    fn import() -> ImportPhoneNumber {
        ImportPhoneNumber {
            provider: "byo".into(),
            phone_number: "+11234567890".into(),
            label: "Sales".into(),
            inbound: Some(true),
            outbound: None,
            inbound_config: Some(json!({"allowedAddresses": ["112.126.15.64/27"]})),
            outbound_config: Some(
                json!({"address": "user:pw@sip.example.com", "transport": "tls"}),
            ),
        }
    }

    #[test]
    fn import_body_in_wire_names() {
        let (b, secrets) = import().body().unwrap();
        let keys: Vec<&str> = b.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "provider",
                "phone_number",
                "label",
                "inbound",
                "inbound_config",
                "outbound_config"
            ]
        );
        assert_eq!(
            b["inbound_config"],
            json!({"allowed_addresses": ["112.126.15.64/27"]})
        );
        assert_eq!(b["outbound_config"]["transport"], "tls");
        assert!(secrets.contains(&"user:pw@sip.example.com".to_string()));
        let mut r = import();
        r.inbound_config = None;
        r.outbound_config = None;
        let (b, _) = r.body().unwrap();
        assert_eq!(
            (&b["inbound_config"], &b["outbound_config"]),
            (&json!({}), &json!({}))
        );
    }

    #[test]
    fn import_is_checked_before_sending() {
        let cases: [fn(&mut ImportPhoneNumber); 6] = [
            |r| r.provider = "vonage".into(),
            |r| r.phone_number = "1234567890".into(),
            |r| r.label = String::new(),
            |r| r.inbound_config = Some(json!({"allowedAddresses": "10.0.0.0/8"})),
            |r| r.outbound_config = Some(json!(["sip.example.com"])),
            |r| r.outbound_config = Some(json!({"transport": 1})),
        ];
        for (i, change) in cases.iter().enumerate() {
            let mut r = import();
            change(&mut r);
            assert_eq!(
                r.body().unwrap_err().code,
                ErrorCode::InvalidArg,
                "case {i}"
            );
        }
    }

    #[test]
    fn update_binds_and_clears() {
        let u = UpdatePhoneNumber {
            inbound_config: Some(json!({"pipelineId": "p-1"})),
            outbound_config: Some(Value::Null),
        };
        assert_eq!(
            u.body().unwrap(),
            json!({"inbound_config": {"pipeline_id": "p-1"}, "outbound_config": null})
        );
        assert!(UpdatePhoneNumber::default().body().is_err());
        let bad = UpdatePhoneNumber {
            inbound_config: Some(json!("p-1")),
            ..Default::default()
        };
        assert!(bad.body().is_err());
        let bad = UpdatePhoneNumber {
            inbound_config: Some(json!({"pipelineId": 7})),
            ..Default::default()
        };
        assert!(bad.body().is_err());
    }
}
