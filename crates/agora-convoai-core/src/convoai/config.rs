//! Client options (`ClientOptions` of docs/rest-client.md), validated once
//! when a client is made, so a call never fails on configuration after I/O
//! began.
//!
//! Both types hold secrets, so neither derives `Debug`: theirs print
//! `[redacted]` for every secret. `ClientOptions` is `Eq + Hash` (numbers
//! compared by their bits) so a binding can key a client cache on the
//! options themselves.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::time::Duration;

use super::body::DEFAULT_MAX_RESPONSE_BYTES;
use super::region::{self, Base};
use crate::auth;
use crate::error::{Error, ErrorCode, Result};
use crate::validate;

/// Options as JavaScript passes them (numbers as f64).
#[derive(Clone, Default)]
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
    /// Largest response body accepted, in bytes. Default 8 MiB.
    pub max_response_bytes: Option<f64>,
}

/// Shown instead of a secret by the `Debug` impls.
struct Redacted<'a>(&'a Option<String>);

impl fmt::Debug for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(_) => f.write_str("Some([redacted])"),
            None => f.write_str("None"),
        }
    }
}

/// The fields as one comparable, hashable value. Destructured without `..`,
/// so a field added to the struct fails to compile here until it is keyed.
fn key(o: &ClientOptions) -> impl Eq + Hash + '_ {
    let ClientOptions {
        app_id,
        app_certificate,
        customer_id,
        customer_secret,
        auth_token,
        region,
        base_urls,
        timeout_ms,
        max_retries,
        ca_certificates,
        max_connections,
        max_response_bytes,
    } = o;
    let bits = |n: &Option<f64>| n.map(f64::to_bits);
    (
        (
            app_id,
            app_certificate,
            customer_id,
            customer_secret,
            auth_token,
        ),
        (region, base_urls, ca_certificates),
        (
            bits(timeout_ms),
            bits(max_retries),
            bits(max_connections),
            bits(max_response_bytes),
        ),
    )
}

impl PartialEq for ClientOptions {
    fn eq(&self, other: &Self) -> bool {
        key(self) == key(other)
    }
}

impl Eq for ClientOptions {}

impl Hash for ClientOptions {
    fn hash<H: Hasher>(&self, state: &mut H) {
        key(self).hash(state);
    }
}

impl fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientOptions")
            .field("app_id", &self.app_id)
            .field("app_certificate", &Redacted(&self.app_certificate))
            .field("customer_id", &self.customer_id)
            .field("customer_secret", &Redacted(&self.customer_secret))
            .field("auth_token", &Redacted(&self.auth_token))
            .field("region", &self.region)
            .field("base_urls", &self.base_urls)
            .field("timeout_ms", &self.timeout_ms)
            .field("max_retries", &self.max_retries)
            .field("ca_certificates", &self.ca_certificates.len())
            .field("max_connections", &self.max_connections)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish()
    }
}

pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// Concurrent requests (so connections) per client; more calls queue.
pub const DEFAULT_MAX_CONNECTIONS: u32 = 64;

/// Largest `maxResponseBytes` accepted: 1 GiB.
pub const MAX_MAX_RESPONSE_BYTES: u32 = 1 << 30;

/// Validated options.
#[derive(Clone)]
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
    pub max_response_bytes: usize,
    /// Every secret of the options, to scrub from server-provided text.
    pub secrets: Vec<String>,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("app_id", &self.app_id)
            .field("app_certificate", &Redacted(&self.app_certificate))
            .field("basic_header", &Redacted(&self.basic_header))
            .field("token_header", &Redacted(&self.token_header))
            .field("bases", &self.bases)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("ca_certificates", &self.ca_certificates.len())
            .field("max_connections", &self.max_connections)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("secrets", &self.secrets.len())
            .finish()
    }
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
            max_response_bytes: number(
                o.max_response_bytes,
                DEFAULT_MAX_RESPONSE_BYTES as u32,
                1,
                MAX_MAX_RESPONSE_BYTES,
                "maxResponseBytes",
            )? as usize,
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

    fn full() -> ClientOptions {
        ClientOptions {
            app_id: APP_ID.into(),
            app_certificate: Some("5CFd2fd1755d40ecb72977518be15d3b".into()),
            customer_id: Some("customer-id".into()),
            customer_secret: Some("customer-secret-xyz".into()),
            auth_token: Some("007authtokenvalue".into()),
            max_response_bytes: Some(1024.0),
            ..Default::default()
        }
    }

    #[test]
    fn debug_never_shows_a_secret() {
        let o = full();
        let c = Config::new(&o).map_err(|e| e.code);
        let texts = [
            format!("{o:?}"),
            format!("{o:#?}"),
            format!("{:?}", c.as_ref().map(|c| format!("{c:?}"))),
        ];
        let basic = c
            .as_ref()
            .ok()
            .and_then(|c| c.basic_header.clone())
            .unwrap_or_default();
        let encoded = basic.trim_start_matches("Basic ").to_string();
        for text in &texts {
            for secret in [
                "5CFd2fd1755d40ecb72977518be15d3b",
                "customer-secret-xyz",
                "007authtokenvalue",
                &basic,
                &encoded,
            ] {
                assert!(!text.contains(secret), "{text}");
            }
            assert!(
                text.contains("[redacted]") && text.contains(APP_ID),
                "{text}"
            );
        }
    }

    #[test]
    fn options_are_a_cache_key() {
        use std::collections::HashSet;
        let mut other = full();
        other.customer_secret = Some("another-secret".into());
        let mut slower = full();
        slower.timeout_ms = Some(5.0);
        let set: HashSet<ClientOptions> = [full(), full(), other.clone(), slower.clone()]
            .into_iter()
            .collect();
        assert_eq!(set.len(), 3);
        assert!(full() == full() && full() != other && full() != slower);
    }

    #[test]
    fn max_response_bytes_defaults_to_8_mib_and_is_bounded() {
        let mut o = full();
        o.max_response_bytes = None;
        assert_eq!(
            Config::new(&o).map(|c| c.max_response_bytes),
            Ok(8 * 1024 * 1024)
        );
        for bad in [0.0, -1.0, 1.5, f64::NAN, f64::INFINITY, 2e9] {
            o.max_response_bytes = Some(bad);
            assert_eq!(
                Config::new(&o).map(|_| ()).map_err(|e| e.code),
                Err(ErrorCode::InvalidArg),
                "{bad}"
            );
        }
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
