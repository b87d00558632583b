//! Host pools per region (docs/rest-api.md, "Hosts and paths"). Order is the failover order of
//! Agora's documented REST reliability ladder: the same region on the other
//! domain first (agora.io ↔ sd-rtn.com), then the sibling region.

use crate::error::{Error, ErrorCode, Result};

/// One host of a pool: where the agent API and the console API live.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Base {
    /// Prefix of `/v2/projects/{appid}/…`, e.g. `https://api.agora.io/api/conversational-ai-agent`.
    pub agent: String,
    /// Prefix of `/dev/v1/projects`, e.g. `https://api.agora.io`.
    pub console: String,
}

const AGENT_PATH: &str = "/api/conversational-ai-agent";
const CN_AGENT_PATH: &str = "/cn/api/conversational-ai-agent";

/// The pool of a `region` name (docs/agents.md).
pub fn pool(region: &str) -> Result<Vec<Base>> {
    let (prefixes, domains, path): (&[&str], [&str; 2], &str) = match region {
        "global" => (&["api"], ["agora.io", "sd-rtn.com"], AGENT_PATH),
        "us" => (
            &["api-us-west-1", "api-us-east-1"],
            ["agora.io", "sd-rtn.com"],
            AGENT_PATH,
        ),
        "eu" => (
            &["api-eu-west-1", "api-eu-central-1"],
            ["agora.io", "sd-rtn.com"],
            AGENT_PATH,
        ),
        "ap" => (
            &["api-ap-southeast-1", "api-ap-northeast-1"],
            ["agora.io", "sd-rtn.com"],
            AGENT_PATH,
        ),
        "cn" => (
            &["api-cn-east-1", "api-cn-north-1"],
            ["sd-rtn.com", "agora.io"],
            CN_AGENT_PATH,
        ),
        _ => {
            return Err(Error::type_error(
                ErrorCode::InvalidArg,
                "region must be one of 'global', 'us', 'eu', 'ap', 'cn'",
            ))
        }
    };
    let mut bases = Vec::with_capacity(prefixes.len() * 2);
    for prefix in prefixes {
        for domain in domains {
            bases.push(Base {
                agent: format!("https://{prefix}.{domain}{path}"),
                // The console API lives only on the two global hosts.
                console: format!("https://api.{domain}"),
            });
        }
    }
    Ok(bases)
}

/// A user-given origin (`scheme://host[:port][/prefix]`): agent calls go to
/// `origin/api/conversational-ai-agent/v2/…`, console calls to `origin/dev/v1/…`.
/// `http://` only to loopback hosts.
pub fn from_url(raw: &str) -> Result<Base> {
    let url = reqwest::Url::parse(raw).map_err(|_| {
        Error::type_error(
            ErrorCode::InvalidArg,
            "baseUrl must be an absolute http(s) URL such as 'https://api.agora.io'",
        )
    })?;
    if url.query().is_some()
        || url.fragment().is_some()
        || !url.username().is_empty()
        || url.password().is_some()
    {
        return Err(Error::type_error(
            ErrorCode::InvalidArg,
            "baseUrl must not carry credentials, a query or a fragment",
        ));
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(Error::type_error(
                ErrorCode::InsecureUrl,
                "baseUrl uses http:// with a host that is not loopback; use https:// (http:// is only allowed for localhost, 127.0.0.0/8 and ::1)",
            ))
        }
        _ => {
            return Err(Error::type_error(
                ErrorCode::InvalidArg,
                "baseUrl must start with https:// (or http:// for loopback)",
            ))
        }
    }
    let origin = url.as_str().trim_end_matches('/').to_string();
    Ok(Base {
        agent: format!("{origin}{AGENT_PATH}"),
        console: origin,
    })
}

fn is_loopback(url: &reqwest::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pools_follow_the_failover_ladder() {
        let us = pool("us").unwrap_or_default();
        let agents: Vec<&str> = us.iter().map(|b| b.agent.as_str()).collect();
        assert_eq!(
            agents,
            [
                "https://api-us-west-1.agora.io/api/conversational-ai-agent",
                "https://api-us-west-1.sd-rtn.com/api/conversational-ai-agent",
                "https://api-us-east-1.agora.io/api/conversational-ai-agent",
                "https://api-us-east-1.sd-rtn.com/api/conversational-ai-agent",
            ]
        );
        let cn = pool("cn").unwrap_or_default();
        assert_eq!(
            cn.first().map(|b| b.agent.as_str()),
            Some("https://api-cn-east-1.sd-rtn.com/cn/api/conversational-ai-agent")
        );
        let global = pool("global").unwrap_or_default();
        assert_eq!(
            global.first().map(|b| b.console.as_str()),
            Some("https://api.agora.io")
        );
        assert!(pool("mars").is_err());
    }

    #[test]
    fn http_only_to_loopback() {
        assert!(from_url("http://127.0.0.1:8080").is_ok());
        assert!(from_url("http://[::1]:8080/").is_ok());
        assert!(from_url("http://localhost").is_ok());
        assert_eq!(
            from_url("http://example.com").map_err(|e| e.code),
            Err(ErrorCode::InsecureUrl)
        );
        assert_eq!(
            from_url("http://10.0.0.1").map_err(|e| e.code),
            Err(ErrorCode::InsecureUrl)
        );
        assert_eq!(
            from_url("ftp://x").map_err(|e| e.code),
            Err(ErrorCode::InvalidArg)
        );
        let b = from_url("https://gw.example.com/prefix/");
        assert_eq!(
            b.map(|b| (b.agent, b.console)),
            Ok((
                "https://gw.example.com/prefix/api/conversational-ai-agent".to_string(),
                "https://gw.example.com/prefix".to_string()
            ))
        );
    }
}
