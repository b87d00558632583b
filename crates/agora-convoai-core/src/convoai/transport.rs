//! One HTTP exchange over a pooled reqwest client (rustls with the `ring`
//! provider: smaller than aws-lc-rs and needs no C build tooling beyond `cc`).
//!
//! A semaphore caps the requests in flight per client, which also caps the
//! connections the keep-alive pool opens: 1000 concurrent calls share
//! `maxConnections` sockets instead of opening 1000.
//!
//! Everything taken from the response is bounded: the body by
//! `maxResponseBytes` (body.rs), the whole exchange by the per-attempt
//! timeout, `Retry-After` by 30 s (retry_after.rs), header text by length.

use std::sync::Once;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::header::{
    HeaderMap, HeaderValue, ACCEPT_ENCODING, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER,
};
use reqwest::Method;
use tokio::sync::Semaphore;

use super::body;
use super::config::Config;
use super::error::server_text;
use super::proxy;
use super::retry_after;
use crate::error::{Error, ErrorCode, Result};

pub struct Transport {
    http: reqwest::Client,
    permits: Semaphore,
    max_response_bytes: usize,
}

pub struct Request {
    pub method: Method,
    pub url: reqwest::Url,
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
    /// The server answered with a body the client refuses (too large, or
    /// encoded); repeating the request would only fetch it again.
    BadResponse(String),
}

const USER_AGENT: &str = concat!("agora-convoai-native/", env!("CARGO_PKG_VERSION"));
const REQUEST_ID_HEADERS: [&str; 3] = ["x-request-id", "agora-request-id", "x-agora-request-id"];
/// A request id is an opaque token of a few dozen characters.
const MAX_REQUEST_ID_BYTES: usize = 128;

fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    // Err means another provider is already the process default: use that.
    ONCE.call_once(|| drop(rustls::crypto::ring::default_provider().install_default()));
}

impl Transport {
    pub fn new(config: &Config) -> Result<Self> {
        Self::with_env(config, &proxy::process_env)
    }

    /// [`Transport::new`] with the environment that proxies are read from.
    pub fn with_env(config: &Config, env: &dyn Fn(&str) -> Option<String>) -> Result<Self> {
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
        let mut builder = reqwest::Client::builder()
            // reqwest's own proxy rule would send http:// (loopback) traffic
            // through HTTP_PROXY; proxy.rs decides instead.
            .no_proxy()
            .user_agent(USER_AGENT)
            .pool_max_idle_per_host(config.max_connections as usize)
            .pool_idle_timeout(Duration::from_secs(50))
            .tcp_nodelay(true)
            .tls_version_min(reqwest::tls::Version::TLS_1_2)
            .tls_certs_merge(roots)
            // A redirect would resend the Authorization header elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            // Every retry is call.rs's, by retry.rs's rules. reqwest's own
            // (of HTTP/2 refusals, which this HTTP/1 client never gets) would
            // still copy the headers of every request in case it retries.
            .retry(reqwest::retry::never().max_retries_per_request(0));
        if let Some(p) = proxy::from_env(env)? {
            builder = builder.proxy(p);
        }
        let http = builder.build().map_err(|e| {
            Error::new(
                ErrorCode::InvalidArg,
                crate::error::ErrorKind::Plain,
                format!("could not set up the HTTP client: {}", innermost(&e)),
            )
        })?;
        Ok(Self {
            http,
            permits: Semaphore::new(config.max_connections as usize),
            max_response_bytes: config.max_response_bytes,
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
            .request(req.method, req.url)
            .header(AUTHORIZATION, authorization)
            // Without it a server may compress (RFC 9110 §12.5.3), and the
            // client has no inflater: ask for the bytes as they are.
            .header(ACCEPT_ENCODING, HeaderValue::from_static("identity"));
        if let Some(body) = req.body {
            builder = builder
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(body);
        }
        let cap = self.max_response_bytes;
        let exchange = async {
            let mut resp = builder.send().await.map_err(|e| classify(&e, &host))?;
            let status = resp.status().as_u16();
            let headers = resp.headers();
            let request_id = request_id(headers);
            let retry_after = retry_after::applies_to(status)
                .then(|| headers.get(RETRY_AFTER))
                .flatten()
                .and_then(|v| v.to_str().ok())
                .and_then(|v| retry_after::parse(v, SystemTime::now()));
            let length = resp.content_length();
            let refused = |r: body::Refusal| {
                Failure::BadResponse(format!(
                    "{host} answered HTTP {status} but {}",
                    r.describe(cap)
                ))
            };
            body::check_headers(resp.headers(), length, cap).map_err(refused)?;
            let body = body::collect(&mut resp, length, cap)
                .await
                .map_err(|e| classify(&e, &host))?
                .map_err(refused)?;
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

/// The first request-id header that is short printable ASCII.
fn request_id(headers: &HeaderMap) -> Option<String> {
    REQUEST_ID_HEADERS
        .iter()
        .find_map(|h| headers.get(*h))
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= MAX_REQUEST_ID_BYTES)
        .map(|v| server_text(v, MAX_REQUEST_ID_BYTES))
}

fn host_of(url: &reqwest::Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        (None, _) => String::new(),
    }
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
