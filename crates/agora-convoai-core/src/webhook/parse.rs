//! `parseWebhook`: size, signature, JSON, envelope, freshness, in that order,
//! and the event object JavaScript receives:
//!
//! `{ noticeId, productId, eventType, notifyMs, sid?, known, payload, raw }`
//!
//! `known` is true for a ConvoAI (product 17) event type of schema.rs whose
//! payload has the documented required fields; `payload` is then typed
//! (event.rs). Otherwise `known` is false and `payload` is the payload as
//! sent. `raw` is always the whole notification as sent, so fields this
//! version does not type are never lost.

use serde_json::{Map, Value};

use super::event::typed_payload;
use super::json::{invalid, number, parse_body};
use super::limits::{check_secret, Body};
use super::schema::{payload_fields, CONVOAI_PRODUCT_ID};
use super::signature::{verify, ReceivedSignatures};
use crate::{Error, ErrorCode, ErrorKind, Result};

/// Options of [`parse`].
#[derive(Clone, Copy, Debug)]
pub struct ParseOptions {
    /// Reject notifications whose `notifyMs` is more than this many ms
    /// before `now_ms`.
    pub max_age_ms: Option<f64>,
    /// Current Unix time in ms; default the system clock.
    pub now_ms: Option<f64>,
    /// Body limit ([`super::DEFAULT_MAX_BYTES`] by default).
    pub max_bytes: usize,
}

/// Verifies and parses one notification.
pub fn parse(
    body: Body<'_>,
    received: ReceivedSignatures<'_>,
    secret: &str,
    options: &ParseOptions,
) -> Result<Value> {
    check_secret(secret)?;
    let freshness = Freshness::new(options)?;
    let body = body.within(options.max_bytes)?;
    if !verify(Body::Bytes(body), received, secret, options.max_bytes)? {
        return Err(signature_error(received));
    }
    let raw = parse_body(body)?;
    let Some(notification) = raw.as_object() else {
        return Err(invalid("the body is not a JSON object"));
    };
    let envelope = Envelope::read(notification)?;
    freshness.check(envelope.notify_ms)?;
    let mut event = envelope.event();
    event.insert("raw".into(), raw);
    Ok(Value::Object(event))
}

fn signature_error(received: ReceivedSignatures<'_>) -> Error {
    let message = if received.v2.is_none() && received.v1.is_none() {
        "no Agora-Signature-V2 or Agora-Signature header"
    } else {
        "the signature does not match the body: check the webhook secret, and pass the raw body bytes \
         (not JSON re-serialized from a parsed object)"
    };
    Error::new(ErrorCode::InvalidSignature, ErrorKind::Plain, message)
}

/// The `maxAgeMs` check, its arguments validated up front.
struct Freshness {
    max_age_ms: Option<f64>,
    now_ms: f64,
}

impl Freshness {
    fn new(options: &ParseOptions) -> Result<Self> {
        let finite = |value: f64, rule: &str| {
            if value.is_finite() && value >= 0.0 {
                Ok(value)
            } else {
                Err(Error::range_error(ErrorCode::InvalidArg, rule.to_string()))
            }
        };
        let max_age_ms = options
            .max_age_ms
            .map(|ms| finite(ms, "maxAgeMs must be a number of milliseconds >= 0"))
            .transpose()?;
        let now_ms = match options.now_ms {
            Some(now) => finite(now, "now must be a Unix time in milliseconds")?,
            None => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0.0, |d| d.as_millis() as f64),
        };
        Ok(Self { max_age_ms, now_ms })
    }

    fn check(&self, notify_ms: f64) -> Result<()> {
        match self.max_age_ms {
            Some(max) if self.now_ms - notify_ms > max => Err(invalid(format!(
                "the notification is {} ms old (notifyMs), over maxAgeMs ({max})",
                self.now_ms - notify_ms
            ))),
            _ => Ok(()),
        }
    }
}

/// The envelope fields every notification has.
struct Envelope<'a> {
    notice_id: &'a str,
    product_id: f64,
    event_type: f64,
    notify_ms: f64,
    sid: Option<&'a str>,
    payload: &'a Map<String, Value>,
}

impl<'a> Envelope<'a> {
    fn read(n: &'a Map<String, Value>) -> Result<Self> {
        let notice_id = match n.get("noticeId") {
            Some(Value::String(id)) if !id.is_empty() => id.as_str(),
            _ => return Err(invalid("noticeId must be a non-empty string")),
        };
        let Some(Value::Object(payload)) = n.get("payload") else {
            return Err(invalid("payload must be an object"));
        };
        Ok(Self {
            notice_id,
            product_id: whole_number(n, "productId")?,
            event_type: whole_number(n, "eventType")?,
            notify_ms: whole_number(n, "notifyMs")?,
            // Optional ("session ID", listed by the English docs only).
            sid: n.get("sid").and_then(Value::as_str),
            payload,
        })
    }

    /// The event without `raw`.
    fn event(&self) -> Map<String, Value> {
        let typed = payload_fields(self.event_type)
            .filter(|_| self.product_id == CONVOAI_PRODUCT_ID)
            .and_then(|fields| typed_payload(self.payload, fields));
        let known = typed.is_some();
        let payload = match typed {
            Some(typed) => Value::Object(typed),
            None => Value::Object(self.payload.clone()),
        };
        let mut event = Map::new();
        event.insert("noticeId".into(), self.notice_id.into());
        event.insert("productId".into(), number(self.product_id));
        event.insert("eventType".into(), number(self.event_type));
        event.insert("notifyMs".into(), number(self.notify_ms));
        if let Some(sid) = self.sid {
            event.insert("sid".into(), sid.into());
        }
        event.insert("known".into(), known.into());
        event.insert("payload".into(), payload);
        event
    }
}

/// A field holding a whole number from 0 to 2^53.
fn whole_number(n: &Map<String, Value>, name: &str) -> Result<f64> {
    match n.get(name).and_then(Value::as_f64) {
        Some(v) if v.fract() == 0.0 && (0.0..=9_007_199_254_740_992.0).contains(&v) => Ok(v),
        _ => Err(invalid(format!("{name} must be a whole number >= 0"))),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::webhook::{sign, DEFAULT_MAX_BYTES};
    use serde_json::json;

    const SECRET: &str = "webhook-secret";

    fn options() -> ParseOptions {
        ParseOptions {
            max_age_ms: None,
            now_ms: None,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }

    fn parse_signed(body: &str, options: &ParseOptions) -> Result<Value> {
        let s = sign(body.as_bytes(), SECRET).unwrap();
        let received = ReceivedSignatures {
            v2: Some(&s.sha256),
            v1: Some(&s.sha1),
        };
        parse(Body::Bytes(body.as_bytes()), received, SECRET, options)
    }

    fn joined(product_id: u32, event_type: u32) -> String {
        json!({"sid": "S", "noticeId": "2000001428:4330:107", "productId": product_id, "eventType": event_type,
            "notifyMs": 1611566412672u64, "payload": {"agent_id": "A", "channel": "c", "start_ts": 1611566412, "x_new": [1]}})
        .to_string()
    }

    #[test]
    fn known_event_is_typed_and_keeps_raw() {
        let e = parse_signed(&joined(17, 101), &options()).unwrap();
        assert_eq!(e["known"], json!(true));
        assert_eq!(e["noticeId"], json!("2000001428:4330:107"));
        assert_eq!(e["eventType"], json!(101));
        assert_eq!(e["sid"], json!("S"));
        assert_eq!(e["payload"]["agentId"], json!("A"));
        assert!(e["payload"].get("x_new").is_none());
        assert_eq!(e["raw"]["payload"]["x_new"], json!([1]));
    }

    #[test]
    fn other_products_and_types_are_generic() {
        for (product, event_type) in [(17, 999), (1, 101)] {
            let e = parse_signed(&joined(product, event_type), &options()).unwrap();
            assert_eq!(e["known"], json!(false));
            assert_eq!(e["payload"]["agent_id"], json!("A"));
        }
    }

    #[test]
    fn bad_signatures_are_invalid_signature() {
        let body = joined(17, 101);
        let s = sign(body.as_bytes(), "other").unwrap();
        for received in [
            ReceivedSignatures {
                v2: Some(&s.sha256),
                v1: None,
            },
            ReceivedSignatures::default(),
        ] {
            let err =
                parse(Body::Bytes(body.as_bytes()), received, SECRET, &options()).unwrap_err();
            assert_eq!(err.code, ErrorCode::InvalidSignature);
            assert!(!err.message.contains(SECRET));
        }
    }

    #[test]
    fn bad_envelopes_are_invalid_webhook() {
        let good: Value = serde_json::from_str(&joined(17, 101)).unwrap();
        let mut cases = vec![json!([1]), json!("s")];
        for (key, bad) in [
            ("noticeId", json!("")),
            ("noticeId", json!(1)),
            ("productId", json!("17")),
            ("eventType", json!(101.5)),
            ("eventType", json!(-1)),
            ("notifyMs", json!(null)),
            ("payload", json!([])),
        ] {
            let mut body = good.clone();
            body[key] = bad;
            cases.push(body);
        }
        let mut missing = good.clone();
        missing.as_object_mut().unwrap().remove("payload");
        cases.push(missing);
        for body in cases {
            let err = parse_signed(&body.to_string(), &options()).unwrap_err();
            assert_eq!(err.code, ErrorCode::InvalidWebhook, "{body}");
        }
    }

    #[test]
    fn freshness_uses_notify_ms() {
        let notify = 1611566412672.0;
        let at = |now: f64| ParseOptions {
            max_age_ms: Some(1000.0),
            now_ms: Some(now),
            ..options()
        };
        assert!(parse_signed(&joined(17, 101), &at(notify + 1000.0)).is_ok());
        // A future notifyMs (clock skew) is not stale.
        assert!(parse_signed(&joined(17, 101), &at(notify - 5000.0)).is_ok());
        let err = parse_signed(&joined(17, 101), &at(notify + 1001.0)).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidWebhook);
        let bad = ParseOptions {
            max_age_ms: Some(-1.0),
            ..options()
        };
        assert_eq!(
            parse_signed("{}", &bad).unwrap_err().code,
            ErrorCode::InvalidArg
        );
    }

    #[test]
    fn oversized_body_is_rejected_before_the_signature() {
        let small = ParseOptions {
            max_bytes: 10,
            ..options()
        };
        let err = parse_signed(&joined(17, 101), &small).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidWebhook);
    }
}
