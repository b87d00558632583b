//! Which requests go through a proxy, read from the environment once per
//! client (docs/rest-client.md, "Proxies").
//!
//! reqwest on its own applies `HTTP_PROXY` and `ALL_PROXY` to every URL,
//! including an `http://127.0.0.1` sandbox, whose `Authorization` would then
//! cross the proxy in clear text. The rule here is Node's own
//! (`NODE_USE_ENV_PROXY`) for HTTPS, plus Go's and curl's habit of never
//! proxying loopback:
//! - `http://` URLs (loopback only, by `region::from_url`) never use a proxy;
//! - `https://` URLs use `HTTPS_PROXY` (or `https_proxy`), except for hosts
//!   listed in `NO_PROXY` (or `no_proxy`) and loopback hosts;
//! - `HTTP_PROXY` and `ALL_PROXY` are not read.

use reqwest::{NoProxy, Proxy};

use crate::error::{Error, ErrorCode, Result};

/// Hosts no proxy can reach on our behalf: the proxy's loopback is not ours.
const LOOPBACK: &str = "localhost,127.0.0.0/8,::1";

/// The first non-empty value among `names`.
fn env_value(names: &[&str], env: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    names
        .iter()
        .find_map(|n| env(n).filter(|v| !v.trim().is_empty()))
}

/// The proxy for `https://` requests, if the environment names one.
pub fn from_env(env: &dyn Fn(&str) -> Option<String>) -> Result<Option<Proxy>> {
    let Some(url) = env_value(&["HTTPS_PROXY", "https_proxy"], env) else {
        return Ok(None);
    };
    // The value may carry credentials: the message does not quote it.
    let proxy = Proxy::https(url.trim()).map_err(|_| {
        Error::type_error(
            ErrorCode::InvalidArg,
            "HTTPS_PROXY is not a valid proxy URL (expected http://host:port or https://host:port)",
        )
    })?;
    let listed = env_value(&["NO_PROXY", "no_proxy"], env).unwrap_or_default();
    Ok(Some(proxy.no_proxy(NoProxy::from_string(&format!(
        "{listed},{LOOPBACK}"
    )))))
}

/// The process environment, as [`from_env`] reads it.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn only_https_proxy_is_read() {
        let none = from_env(&env(&[
            ("HTTP_PROXY", "http://p:1"),
            ("ALL_PROXY", "http://p:2"),
            ("HTTPS_PROXY", " "),
        ]));
        assert!(matches!(none, Ok(None)));
        assert!(matches!(
            from_env(&env(&[("https_proxy", "http://p:3")])),
            Ok(Some(_))
        ));
    }

    #[test]
    fn a_bad_proxy_url_is_invalid_arg_without_its_value() {
        let e = from_env(&env(&[("HTTPS_PROXY", "http://user:hunter2@[bad")]));
        match e {
            Err(e) => {
                assert_eq!(e.code, ErrorCode::InvalidArg);
                assert!(!e.message.contains("hunter2"));
            }
            Ok(_) => unreachable!("a malformed proxy URL was accepted"),
        }
    }
}
