//! Errors of a REST call: an API answer with a non-2xx status, or one of the
//! coded core errors (network, timeout, bad response, invalid argument…).

use std::fmt;

use crate::error::Error;

/// A non-2xx answer (`ERR_AGORA_API`, JS class `AgoraApiError`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    /// `body.reason` (or the legacy `statusCode` field), e.g. `TaskConflict`.
    pub reason: Option<String>,
    /// `body.detail` (or the legacy `message`), with known secrets redacted.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_known_secrets() {
        let s = vec!["007abcdef".to_string(), "ab".to_string()];
        assert_eq!(
            redact("bad token 007abcdef here", &s),
            "bad token [redacted] here"
        );
        assert_eq!(redact("ab cd", &s), "ab cd");
    }
}
