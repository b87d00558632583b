//! Errors of a REST call: an API answer with a non-2xx status, or one of the
//! coded core errors (network, timeout, bad response, invalid argument…).

use std::fmt;

use crate::error::Error;

/// A non-2xx answer (`ERR_AGORA_API`, JS class `AgoraApiError`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    /// `body.reason` (telephony: `error_type`; legacy: `statusCode`), e.g. `TaskConflict`.
    pub reason: Option<String>,
    /// `body.detail` (telephony: `description`; legacy: `message`), with known secrets redacted.
    pub detail: Option<String>,
    /// From the `X-Request-Id` / `Agora-Request-Id` response header.
    pub request_id: Option<String>,
    /// Whether the client's policy would retry this status for this call.
    pub retryable: bool,
    pub attempts: u32,
}

impl ApiError {
    pub fn message(&self) -> String {
        let mut m = format!("Agora API answered HTTP {}", self.status);
        if let Some(r) = &self.reason {
            m.push_str(&format!(" {r}"));
        }
        if let Some(d) = &self.detail {
            m.push_str(&format!(": {d}"));
        }
        if self.attempts > 1 {
            m.push_str(&format!(" (after {} attempts)", self.attempts));
        }
        m
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallError {
    Api(Box<ApiError>),
    Other(Error),
}

impl From<Error> for CallError {
    fn from(e: Error) -> Self {
        Self::Other(e)
    }
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api(e) => write!(f, "ERR_AGORA_API: {}", e.message()),
            Self::Other(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for CallError {}

/// Replaces every occurrence of each secret in `text` (secrets shorter than
/// 4 bytes are ignored: they would only mangle ordinary words).
pub fn redact(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_string();
    for s in secrets.iter().filter(|s| s.len() >= 4) {
        if out.contains(s.as_str()) {
            out = out.replace(s.as_str(), "[redacted]");
        }
    }
    out
}

/// Shortest run of base64 after "007"/"006" taken for a token: real tokens
/// are well over 100 characters, words never this long.
const MIN_TOKEN_BODY: usize = 32;

/// Replaces anything shaped like an Agora token ("007"/"006" + base64): the
/// server may quote a token the client does not know, e.g. one minted for an
/// earlier attempt.
pub fn redact_tokens(text: &str) -> String {
    let bytes = text.as_bytes();
    let is_b64 = |b: u8| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=';
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while let Some(pos) = text.get(i..).and_then(|rest| rest.find("00")) {
        let start = i + pos;
        let version = bytes.get(start + 2).copied();
        if matches!(version, Some(b'6' | b'7')) {
            let body = bytes.get(start + 3..).unwrap_or_default();
            let len = body.iter().take_while(|b| is_b64(**b)).count();
            if len >= MIN_TOKEN_BODY {
                out.push_str(text.get(copied..start).unwrap_or_default());
                out.push_str("[redacted]");
                copied = start + 3 + len;
                i = copied;
                continue;
            }
        }
        i = start + 1;
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    out
}

/// Longest server-provided text kept in an error: enough for any real
/// `detail`, small enough that a hostile body cannot make every log line
/// megabytes long.
pub const MAX_SERVER_TEXT_BYTES: usize = 1024;

/// Server-provided text made safe to print: the first `max` bytes (cut on a
/// character boundary and marked with a trailing `…` when longer), control
/// characters (newlines, terminal escapes, bidi overrides) replaced by `�`,
/// so a server cannot forge log lines or restyle a terminal through an error
/// message.
pub fn server_text(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max));
    for c in text.chars() {
        let c = if c.is_control() || is_bidi_control(c) {
            char::REPLACEMENT_CHARACTER
        } else {
            c
        };
        if out.len() + c.len_utf8() > max {
            out.push('…');
            break;
        }
        out.push(c);
    }
    out
}

/// Unicode bidirectional controls (not `Cc`, so `is_control` misses them).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_text_is_bounded_and_printable() {
        assert_eq!(server_text("plain detail", 100), "plain detail");
        assert_eq!(
            server_text("a\nfake: line\u{1b}[31m\u{202e}", 100),
            "a\u{fffd}fake: line\u{fffd}[31m\u{fffd}"
        );
        assert_eq!(server_text("ééé", 5), "éé…");
        assert_eq!(
            server_text(&"x".repeat(1 << 20), MAX_SERVER_TEXT_BYTES).len(),
            MAX_SERVER_TEXT_BYTES + 3
        );
    }

    #[test]
    fn redacts_known_secrets() {
        let s = vec!["007abcdef".to_string(), "ab".to_string()];
        assert_eq!(
            redact("bad token 007abcdef here", &s),
            "bad token [redacted] here"
        );
        assert_eq!(redact("ab cd", &s), "ab cd");
    }

    #[test]
    fn redacts_token_shapes() {
        let t = format!(
            "007{}",
            "eJxTYFC456G83V5ez6+Z9fr/b69fxz7T7tzFHf3Br0Zm4bvzHjoKDAaGRsYmpmbmFpaJSckp"
        );
        assert_eq!(
            redact_tokens(&format!("auth=agora token={t} end")),
            "auth=agora token=[redacted] end"
        );
        assert_eq!(
            redact_tokens("code 007 and 0067 are fine"),
            "code 007 and 0067 are fine"
        );
        assert_eq!(redact_tokens(&format!("{t}{t}")), "[redacted]");
    }
}
