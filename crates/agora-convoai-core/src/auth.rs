//! `Authorization` header values of the Agora REST APIs (docs/rest-api.md,
//! "Authentication").

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;

use crate::error::{Error, ErrorCode, Result};

/// `Basic base64(customerId:customerSecret)`.
pub fn basic_auth_header(customer_id: &str, customer_secret: &str) -> Result<String> {
    if customer_id.is_empty() || customer_secret.is_empty() {
        return Err(Error::type_error(
            ErrorCode::InvalidArg,
            "customerId and customerSecret must be non-empty strings",
        ));
    }
    if customer_id.contains(':') {
        return Err(Error::type_error(
            ErrorCode::InvalidArg,
            "customerId must not contain ':' (Basic auth splits on the first colon)",
        ));
    }
    let mut credentials = String::with_capacity(customer_id.len() + 1 + customer_secret.len());
    credentials.push_str(customer_id);
    credentials.push(':');
    credentials.push_str(customer_secret);
    let mut header = String::from("Basic ");
    BASE64.encode_string(credentials.as_bytes(), &mut header);
    Ok(header)
}

/// `agora token=<token>`.
pub fn token_auth_header(token: &str) -> Result<String> {
    if token.is_empty() || token.bytes().any(|b| b.is_ascii_control() || b == b' ') {
        return Err(Error::type_error(
            ErrorCode::InvalidArg,
            "token must be a non-empty string without spaces or control characters",
        ));
    }
    Ok(format!("agora token={token}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_header_is_base64_of_id_colon_secret() {
        assert_eq!(
            basic_auth_header("Aladdin", "open sesame").as_deref(),
            Ok("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
        );
        assert!(basic_auth_header("a:b", "c").is_err());
        assert!(basic_auth_header("", "c").is_err());
        assert!(basic_auth_header("a", "").is_err());
        assert_eq!(basic_auth_header("ü", "ß").as_deref(), Ok("Basic w7w6w58="));
    }

    #[test]
    fn token_header() {
        assert_eq!(token_auth_header("007x").as_deref(), Ok("agora token=007x"));
        assert!(token_auth_header("").is_err());
    }
}
