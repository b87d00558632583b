//! Agora access tokens: AccessToken2 ("007") and the legacy "006".

pub mod access_token2;
mod deflate;
pub mod legacy006;
pub mod limits;
pub mod pack;
pub mod parsed_view;
pub mod rtc;
pub mod service;
pub mod signature;
pub mod spec;
pub mod zlib;

use std::rc::Rc;

use crate::error::{Error, ErrorCode, Result};
use crate::validate::{self, Decimal, Uid, UidInput};

/// A token of either generation, parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParsedToken {
    V007(access_token2::Parsed007),
    V006(legacy006::Parsed006),
}

/// Parses a "007" or "006" token without the certificate, within the
/// bounds of [`limits`]: every failure is `ERR_INVALID_TOKEN`.
pub fn parse(token: &str) -> Result<ParsedToken> {
    match token.get(..3) {
        Some(access_token2::VERSION) => access_token2::parse(token).map(ParsedToken::V007),
        Some(legacy006::VERSION) => legacy006::parse(token).map(ParsedToken::V006),
        _ => Err(Error::invalid_token(
            "not an Agora token: expected the prefix \"007\" or \"006\"",
        )),
    }
}

thread_local! {
    /// The last token parsed on this thread and its parse.
    static LAST: std::cell::RefCell<Option<(String, Rc<ParsedToken>)>> =
        const { std::cell::RefCell::new(None) };
}

/// [`parse`], shared with the previous call on this thread when it was for
/// the same token: a token is usually parsed and then verified (the
/// inspector, a server checking a client's token), and the official
/// libraries verify the object they parsed. Only the parse is shared; a
/// verification always recomputes the signature. What is kept per thread
/// is bounded by [`limits`]: one token of 4 KiB and its parse of 64 KiB.
pub fn parse_shared(token: &str) -> Result<Rc<ParsedToken>> {
    let remembered = LAST
        .try_with(|last| {
            let last = last.try_borrow().ok()?;
            let (text, parsed) = last.as_ref()?;
            (text == token).then(|| Rc::clone(parsed))
        })
        .ok()
        .flatten();
    if let Some(parsed) = remembered {
        return Ok(parsed);
    }
    let parsed = Rc::new(parse(token)?);
    let entry = (token.to_owned(), Rc::clone(&parsed));
    let _ = LAST.try_with(|last| last.try_borrow_mut().map(|mut l| *l = Some(entry)));
    Ok(parsed)
}

impl ParsedToken {
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Self::V007(p) => spec::parsed_007_json(p),
            Self::V006(p) => spec::parsed_006_json(p),
        }
    }
}

/// The uid as packed in a token: "" for the numeric wildcard 0, any string as is.
pub fn packed_uid(uid: &UidInput) -> Result<String> {
    match uid {
        UidInput::Account(s) => Ok(s.clone()),
        UidInput::Number(n) => {
            let v = validate::integer(*n, 0, u32::MAX, "context.uid", ErrorCode::InvalidUid)?;
            Ok(Uid::Number(Decimal::new(v)).packed().to_owned())
        }
    }
}

/// Signature check, plus a channel/uid check when `context` is given.
///
/// 006 needs `context` (its signature covers channel and uid). For 007 the
/// context must match one RTC service: same channel, and the same uid or the
/// any-user wildcard "". A certificate that is not 32 hex characters is
/// `ERR_INVALID_APP_CERTIFICATE`, not `false`: a misconfigured server must
/// not mistake every client's token for a forgery.
pub fn verify(
    parsed: &ParsedToken,
    app_certificate: &str,
    context: Option<&(String, UidInput)>,
) -> Result<bool> {
    validate::app_certificate(app_certificate)?;
    let context = match context {
        Some((channel, uid)) => Some((channel.as_str(), packed_uid(uid)?)),
        None => None,
    };
    match parsed {
        ParsedToken::V006(p) => {
            let (channel, uid) = context.ok_or_else(|| {
                Error::type_error(
                    ErrorCode::InvalidArg,
                    "a 006 token's signature covers channel and uid: pass context { channelName, uid }",
                )
            })?;
            Ok(p.verify(app_certificate, channel, &uid))
        }
        ParsedToken::V007(p) => {
            let signed = p.verify(app_certificate);
            Ok(signed
                && context.is_none_or(|(channel, uid)| {
                    p.token.services.iter().any(|s| match &s.body {
                        service::ServiceBody::Rtc {
                            channel_name,
                            uid: packed,
                        } => channel_name == channel && (packed == &uid || packed.is_empty()),
                        _ => false,
                    })
                }))
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::token::access_token2::AccessToken2;
    use crate::token::service::{Privileges, Service, ServiceBody};

    const CERTIFICATE: &str = "5CFd2fd1755d40ecb72977518be15d3b";

    fn token(user_id: &str) -> String {
        let body = ServiceBody::Rtm {
            user_id: user_id.into(),
        };
        AccessToken2 {
            app_id: "970CA35de60c44645bbae8a215061b33".into(),
            issue_ts: 1_700_000_000,
            expire: 600,
            salt: 1,
            services: vec![Service::new(body, Privileges::new().with(1, 0))],
        }
        .build(CERTIFICATE)
        .unwrap()
    }

    #[test]
    fn parse_shared_reuses_only_the_same_token() {
        let (a, b) = (token("a"), token("b"));
        let first = parse_shared(&a).unwrap();
        assert!(Rc::ptr_eq(&first, &parse_shared(&a).unwrap()));
        let other = parse_shared(&b).unwrap();
        assert!(!Rc::ptr_eq(&first, &other));
        assert_eq!(*other, parse(&b).unwrap());
        // `a` was displaced: parsed afresh, to the same result.
        let again = parse_shared(&a).unwrap();
        assert!(!Rc::ptr_eq(&first, &again));
        assert_eq!(*again, *first);
    }

    #[test]
    fn parse_shared_does_not_remember_errors() {
        let good = token("a");
        let remembered = parse_shared(&good).unwrap();
        let bad = format!("{good}x");
        assert_eq!(
            parse_shared(&bad).unwrap_err().code,
            ErrorCode::InvalidToken
        );
        assert!(Rc::ptr_eq(&remembered, &parse_shared(&good).unwrap()));
    }
}
