//! The one error type of the core. Each error carries a stable code (the
//! contract in docs/tokens.md, "Errors") and the JavaScript class the binding should throw,
//! so the binding layer never has to guess.

use std::fmt;

/// Stable error codes shared with the JavaScript surface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    InvalidArg,
    InvalidAppId,
    InvalidAppCertificate,
    InvalidChannelName,
    InvalidUid,
    InvalidExpire,
    InvalidToken,
    AgoraApi,
    Network,
    Timeout,
    Aborted,
    BadResponse,
    InsecureUrl,
    InvalidSignature,
    InvalidWebhook,
}

impl ErrorCode {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::InvalidArg => "ERR_INVALID_ARG",
            Self::InvalidAppId => "ERR_INVALID_APP_ID",
            Self::InvalidAppCertificate => "ERR_INVALID_APP_CERTIFICATE",
            Self::InvalidChannelName => "ERR_INVALID_CHANNEL_NAME",
            Self::InvalidUid => "ERR_INVALID_UID",
            Self::InvalidExpire => "ERR_INVALID_EXPIRE",
            Self::InvalidToken => "ERR_INVALID_TOKEN",
            Self::AgoraApi => "ERR_AGORA_API",
            Self::Network => "ERR_NETWORK",
            Self::Timeout => "ERR_TIMEOUT",
            Self::Aborted => "ERR_ABORTED",
            Self::BadResponse => "ERR_BAD_RESPONSE",
            Self::InsecureUrl => "ERR_INSECURE_URL",
            Self::InvalidSignature => "ERR_INVALID_SIGNATURE",
            Self::InvalidWebhook => "ERR_INVALID_WEBHOOK",
        }
    }
}

/// Which JavaScript constructor the error maps to: `TypeError` when the value
/// has the wrong type or shape, `RangeError` when a number or length is out of
/// range, `Error` otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    Type,
    Range,
    Plain,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub code: ErrorCode,
    pub kind: ErrorKind,
    /// Never contains a secret: messages name fields, not their values.
    pub message: String,
}

impl Error {
    pub fn new(code: ErrorCode, kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            code,
            kind,
            message: message.into(),
        }
    }
    pub fn type_error(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::new(code, ErrorKind::Type, message)
    }
    pub fn range_error(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::new(code, ErrorKind::Range, message)
    }
    pub fn invalid_token(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidToken, ErrorKind::Plain, message)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;
