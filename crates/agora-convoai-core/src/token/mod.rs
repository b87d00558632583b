//! Agora access tokens: AccessToken2 ("007") and the legacy "006".

pub mod access_token2;
mod deflate_tables;
mod inflate;
pub mod legacy006;
pub mod pack;
pub mod parsed_view;
pub mod rtc;
pub mod service;
pub mod signature;
pub mod spec;
pub mod zlib;

use crate::error::{Error, ErrorCode, Result};
use crate::validate::{self, UidInput};

/// A token of either generation, parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParsedToken {
    V007(access_token2::Parsed007),
    V006(legacy006::Parsed006),
}

/// Parses a "007" or "006" token without the certificate.
pub fn parse(token: &str) -> Result<ParsedToken> {
    match token.get(..3) {
        Some(access_token2::VERSION) => access_token2::parse(token).map(ParsedToken::V007),
        Some(legacy006::VERSION) => legacy006::parse(token).map(ParsedToken::V006),
        _ => Err(Error::invalid_token(
            "not an Agora token: expected the prefix \"007\" or \"006\"",
        )),
    }
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
            Ok(if v == 0 { String::new() } else { v.to_string() })
        }
    }
}

/// Signature check, plus a channel/uid check when `context` is given.
///
/// 006 needs `context` (its signature covers channel and uid). For 007 the
/// context must match one RTC service: same channel, and the same uid or the
/// any-user wildcard "".
pub fn verify(
    parsed: &ParsedToken,
    app_certificate: &str,
    context: Option<&(String, UidInput)>,
) -> Result<bool> {
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
