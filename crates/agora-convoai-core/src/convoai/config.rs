//! Client options (api.md §3 `ClientOptions`), validated once when a client
//! is made, so a call never fails on configuration after I/O began.

use std::time::Duration;

use super::region::{self, Base};
use crate::auth;
use crate::error::{Error, ErrorCode, Result};
use crate::validate;

/// Options as JavaScript passes them (numbers as f64).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClientOptions {
    pub app_id: String,
    pub app_certificate: Option<String>,
    pub customer_id: Option<String>,
    pub customer_secret: Option<String>,
    pub auth_token: Option<String>,
    pub region: Option<String>,
    /// Empty: use the region's pool.
    pub base_urls: Vec<String>,
    pub timeout_ms: Option<f64>,
    pub max_retries: Option<f64>,
    pub ca_certificates: Vec<String>,
    pub max_connections: Option<f64>,
}

pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// Concurrent requests (so connections) per client; more calls queue.
pub const DEFAULT_MAX_CONNECTIONS: u32 = 64;

/// Validated options.
#[derive(Clone, Debug)]
pub struct Config {
    pub app_id: String,
    pub app_certificate: Option<String>,
    /// `Basic …` header value when a customer pair is given.
    pub basic_header: Option<String>,
    /// `agora token=…` header value when `authToken` is given.
    pub token_header: Option<String>,
    pub bases: Vec<Base>,
    pub timeout: Duration,
    pub max_retries: u32,
    pub ca_certificates: Vec<String>,
    pub max_connections: u32,
    /// Every secret of the options, to scrub from server-provided text.
    pub secrets: Vec<String>,
}

fn number(n: Option<f64>, default: u32, min: u32, max: u32, field: &str) -> Result<u32> {
    match n {
        Some(n) => validate::integer(n, min, max, field, ErrorCode::InvalidArg),
        None => Ok(default),
    }
}

fn non_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

impl Config {
    pub fn new(o: &ClientOptions) -> Result<Self> {
        validate::app_id(&o.app_id)?;
        let app_certificate = match non_empty(&o.app_certificate) {
            Some(c) => {
                validate::app_certificate(c)?;
                Some(c.to_string())
            }
            None => None,
        };
        let basic_header = match (non_empty(&o.customer_id), non_empty(&o.customer_secret)) {
            (Some(id), Some(secret)) => Some(auth::basic_auth_header(id, secret)?),
            (None, None) => None,
            _ => {
                return Err(Error::type_error(
                    ErrorCode::InvalidArg,
                    "customerId and customerSecret must be given together",
                ))
            }
        };
        let token_header = non_empty(&o.auth_token)
            .map(auth::token_auth_header)
            .transpose()?;
        if app_certificate.is_none() && basic_header.is_none() && token_header.is_none() {
            return Err(Error::type_error(
                ErrorCode::InvalidArg,
                "no credentials: give customerId + customerSecret (Basic auth), appCertificate (token auth) or authToken",
            ));
        }
        let bases = if o.base_urls.is_empty() {
            region::pool(o.region.as_deref().unwrap_or("global"))?
        } else {
            o.base_urls
                .iter()
                .map(|u| region::from_url(u))
                .collect::<Result<_>>()?
        };
        let mut secrets: Vec<String> = [
            &app_certificate,
            &o.customer_secret,
            &o.auth_token,
            &basic_header,
        ]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
        if let Some(h) = &basic_header {
            secrets.extend(h.strip_prefix("Basic ").map(str::to_string));
        }
        Ok(Self {
            app_id: o.app_id.clone(),
            app_certificate,
            basic_header,
            token_header,
            bases,
            timeout: Duration::from_millis(u64::from(number(
                o.timeout_ms,
                DEFAULT_TIMEOUT_MS,
                1,
                3_600_000,
                "timeoutMs",
            )?)),
            max_retries: number(o.max_retries, DEFAULT_MAX_RETRIES, 0, 10, "maxRetries")?,
            ca_certificates: o.ca_certificates.clone(),
            max_connections: number(
                o.max_connections,
                DEFAULT_MAX_CONNECTIONS,
                1,
                4096,
                "maxConnections",
            )?,
            secrets,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const APP_ID: &str = "970CA35de60c44645bbae8a215061b33";

    #[test]
    fn credentials_are_required_before_any_io() {
        let o = ClientOptions {
            app_id: APP_ID.into(),
            ..Default::default()
        };
        assert_eq!(
            Config::new(&o).map(|_| ()).map_err(|e| e.code),
            Err(ErrorCode::InvalidArg)
        );
        let o = ClientOptions {
            app_id: APP_ID.into(),
            customer_id: Some("id".into()),
            ..Default::default()
        };
        assert!(Config::new(&o).is_err());
        let o = ClientOptions {
            app_id: APP_ID.into(),
            auth_token: Some("007abc".into()),
            ..Default::default()
        };
        let c = Config::new(&o);
        assert!(c
            .as_ref()
            .is_ok_and(|c| c.bases.len() == 2 && c.max_retries == 2));
    }

    #[test]
    fn insecure_base_url_is_refused() {
        let o = ClientOptions {
            app_id: APP_ID.into(),
            auth_token: Some("007abc".into()),
            base_urls: vec!["http://example.com".into()],
            ..Default::default()
        };
        assert_eq!(
            Config::new(&o).map(|_| ()).map_err(|e| e.code),
            Err(ErrorCode::InsecureUrl)
        );
    }
}
