//! The URL of every attempt, from the client's base URLs parsed once.
//!
//! Parsing the whole URL of each attempt (scheme, host with its IDNA
//! mapping, path) and again to name its host in errors was ~4 µs of every
//! `startAgent` (docs/benchmarks.md, "Where the time goes"). Each base's
//! prefixes are parsed when the client is made; an attempt clones one and
//! sets only its path (and query). Tests: the unit test below, and every
//! call of `__test__/agent*.test.mjs` and `hostile-paths.test.mjs`.

use reqwest::Url;

use super::call::Target;
use super::region::Base;
use crate::error::{Error, ErrorCode, Result};

/// The parsed prefixes of one base URL.
pub(super) struct Prefixes {
    /// `{agent}/v2/projects/{appid}`.
    project: Url,
    /// `{agent}/v2`.
    account: Url,
    /// The console origin.
    console: Url,
}

fn parse(raw: &str) -> Result<Url> {
    Url::parse(raw).map_err(|_| invalid())
}

fn invalid() -> Error {
    Error::type_error(ErrorCode::InvalidArg, "invalid request URL")
}

impl Prefixes {
    pub fn new(base: &Base, app_id: &str) -> Result<Self> {
        Ok(Self {
            project: parse(&format!("{}/v2/projects/{app_id}", base.agent))?,
            account: parse(&format!("{}/v2", base.agent))?,
            console: parse(&base.console)?,
        })
    }

    /// The URL of `target` with `query`, as if its prefix and path were
    /// written out and parsed together.
    pub fn url(&self, target: &Target, query: &[(&'static str, String)]) -> Result<Url> {
        let (prefix, path) = match target {
            Target::Agent(path) => (&self.project, path.as_str()),
            Target::Account(path) => (&self.account, path.as_str()),
            Target::Console(path) => (&self.console, *path),
        };
        let mut url = prefix.clone();
        // An origin's path is "/", which the call's path replaces.
        url.set_path(&format!("{}{path}", prefix.path().trim_end_matches('/')));
        if !query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        if url.cannot_be_a_base() {
            return Err(invalid());
        }
        Ok(url)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::convoai::region;

    #[test]
    fn same_urls_as_writing_them_out() {
        let app = "970CA35de60c44645bbae8a215061b33";
        let mut bases = region::pool("us").unwrap();
        bases.push(region::from_url("http://127.0.0.1:8080").unwrap());
        bases.push(region::from_url("https://gw.example.com/prefix/").unwrap());
        let q = vec![("channel", "a b&c".to_string()), ("limit", "5".to_string())];
        for base in &bases {
            let p = Prefixes::new(base, app).unwrap();
            for (target, written) in [
                (
                    Target::Agent("/agents/A1/leave".into()),
                    format!("{}/v2/projects/{app}/agents/A1/leave", base.agent),
                ),
                (
                    Target::Account("/phone-numbers/+15551234".into()),
                    format!("{}/v2/phone-numbers/+15551234", base.agent),
                ),
                (
                    Target::Console("/dev/v1/projects"),
                    format!("{}/dev/v1/projects", base.console),
                ),
            ] {
                assert_eq!(p.url(&target, &[]).unwrap(), Url::parse(&written).unwrap());
                let mut with_query = Url::parse(&written).unwrap();
                with_query
                    .query_pairs_mut()
                    .extend_pairs(q.iter().map(|(k, v)| (*k, v.as_str())));
                assert_eq!(p.url(&target, &q).unwrap(), with_query);
            }
        }
    }
}
