//! One HTTP exchange over a pooled reqwest client (rustls with the `ring`
//! provider: smaller than aws-lc-rs and needs no C build tooling beyond `cc`).
//!
//! A semaphore caps the requests in flight per client, which also caps the
//! connections the keep-alive pool opens: 1000 concurrent calls share
//! `maxConnections` sockets instead of opening 1000.

use std::sync::Once;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use reqwest::Method;
use tokio::sync::Semaphore;

use super::config::Config;
use crate::error::{Error, ErrorCode, Result};

pub struct Transport {
    http: reqwest::Client,
    permits: Semaphore,
}

pub struct Request {
    pub method: Method,
    pub url: String,
    pub authorization: String,
    pub body: Option<Bytes>,
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub request_id: Option<String>,
    pub retry_after: Option<Duration>,
    pub body: Bytes,
}

/// Why an exchange produced no response.
#[derive(Debug, PartialEq, Eq)]
pub enum Failure {
    /// Connect, DNS or TLS failure: the request cannot have reached the server.
    Connect(String),
    /// The connection failed after the request may have been sent.
    Network(String),
    Timeout,
}

const USER_AGENT: &str = concat!("agora-convoai-native/", env!("CARGO_PKG_VERSION"));
const REQUEST_ID_HEADERS: [&str; 3] = ["x-request-id", "agora-request-id", "x-agora-request-id"];

fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    // Err means another provider is already the process default: use that.
    ONCE.call_once(|| drop(rustls::crypto::ring::default_provider().install_default()));
}

impl Transport {
    pub fn new(config: &Config) -> Result<Self> {
        install_crypto_provider();
        let mut roots = Vec::with_capacity(config.ca_certificates.len());
        for (i, pem) in config.ca_certificates.iter().enumerate() {
            let certs = reqwest::Certificate::from_pem_bundle(pem.as_bytes())
                .ok()
                .filter(|c| !c.is_empty());
            roots.extend(certs.ok_or_else(|| {
                Error::type_error(
                    ErrorCode::InvalidArg,
                    format!("caCertificates[{i}] is not a PEM certificate"),
                )
            })?);
        }
        let http = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .pool_max_idle_per_host(config.max_connections as usize)
            .pool_idle_timeout(Duration::from_secs(50))
            .tcp_nodelay(true)
            .tls_version_min(reqwest::tls::Version::TLS_1_2)
            .tls_certs_merge(roots)
            // A redirect would resend the Authorization header elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| {
                Error::new(
                    ErrorCode::InvalidArg,
                    crate::error::ErrorKind::Plain,
                    format!("could not set up the HTTP client: {}", innermost(&e)),
                )
            })?;
        Ok(Self {
            http,
            permits: Semaphore::new(config.max_connections as usize),
        })
    }

    /// Sends `req` and reads the whole body within `timeout`.
    pub async fn send(
        &self,
        req: Request,
        timeout: Duration,
    ) -> std::result::Result<Response, Failure> {
        // The semaphore is never closed, so acquire cannot fail.
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| Failure::Network("client closed".into()))?;
        let host = host_of(&req.url);
        let authorization = HeaderValue::from_str(&req.authorization)
            .map(|mut v| {
                v.set_sensitive(true);
                v
            })
            .map_err(|_| Failure::Connect("the Authorization header is not valid".into()))?;
        let mut builder = self
            .http
            .request(req.method, &req.url)
            .header(AUTHORIZATION, authorization);
        if let Some(body) = req.body {
            builder = builder
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(body);
        }
        let exchange = async {
            let resp = builder.send().await.map_err(|e| classify(&e, &host))?;
            let status = resp.status().as_u16();
            let headers = resp.headers();
            let request_id = REQUEST_ID_HEADERS
                .iter()
                .find_map(|h| headers.get(*h))
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            let retry_after = headers
                .get(RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(parse_retry_after);
            let body = resp.bytes().await.map_err(|e| classify(&e, &host))?;
            Ok(Response {
                status,
                request_id,
                retry_after,
                body,
            })
        };
        let result = match tokio::time::timeout(timeout, exchange).await {
            Ok(result) => result,
            Err(_) => Err(Failure::Timeout),
        };
        // hyper hands a finished connection back to the pool from another
        // task; yielding once before freeing the permit lets that happen, so
        // the next request reuses it instead of opening one more.
        tokio::task::yield_now().await;
        result
    }
}

/// `Retry-After` in seconds (delta form; HTTP dates fall back to backoff).
pub fn parse_retry_after(v: &str) -> Option<Duration> {
    let secs: f64 = v.trim().parse().ok()?;
    (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs))
}

fn host_of(url: &str) -> String {
    reqwest::Url::parse(url)
        .ok()
        .and_then(|u| {
            u.host_str().map(|h| match u.port() {
                Some(p) => format!("{h}:{p}"),
                None => h.to_string(),
            })
        })
        .unwrap_or_default()
}

/// The root cause's text: reqwest's own Display repeats the URL and hides the
/// cause (for example "Connection refused").
fn innermost(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

fn classify(e: &reqwest::Error, host: &str) -> Failure {
    let cause = innermost(e);
    if e.is_connect() {
        Failure::Connect(format!("could not connect to {host}: {cause}"))
    } else {
        Failure::Network(format!("connection to {host} failed: {cause}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds() {
        assert_eq!(parse_retry_after("1"), Some(Duration::from_secs(1)));
        assert_eq!(parse_retry_after(" 0.5 "), Some(Duration::from_millis(500)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(parse_retry_after("-1"), None);
    }
}
