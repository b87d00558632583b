//! Query strings of `listAgents`, `listCalls` and `getTurns` (docs/rest-api.md, "Calls").

use crate::error::{Error, ErrorCode, Result};
use crate::validate;

/// Query of `listAgents`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListQuery {
    pub channel: Option<String>,
    pub from_time: Option<f64>,
    pub to_time: Option<f64>,
    pub state: Vec<String>,
    pub limit: Option<f64>,
    pub cursor: Option<String>,
}

const STATES: [&str; 7] = [
    "IDLE",
    "STARTING",
    "RUNNING",
    "STOPPING",
    "STOPPED",
    "RECOVERING",
    "FAILED",
];

impl ListQuery {
    /// Validated `(name, value)` pairs in wire names; states as numeric codes.
    pub fn pairs(self) -> Result<Vec<(&'static str, String)>> {
        let q = self;

        let mut out = Vec::new();
        if let Some(c) = q.channel {
            validate::channel_name(&c)?;
            out.push(("channel", c));
        }
        times(&mut out, q.from_time, q.to_time)?;
        if !q.state.is_empty() {
            let mut codes = Vec::with_capacity(q.state.len());
            for s in &q.state {
                let code = STATES.iter().position(|x| x == s).ok_or_else(|| {
                Error::type_error(ErrorCode::InvalidArg, "state entries must be IDLE, STARTING, RUNNING, STOPPING, STOPPED, RECOVERING or FAILED")
            })?;
                codes.push(code.to_string());
            }
            out.push(("state", codes.join(",")));
        }
        page(&mut out, q.limit, q.cursor)?;
        Ok(out)
    }
}

/// Query of `listCalls` (`GET …/call`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CallQuery {
    /// E.164; matches the caller or the callee.
    pub number: Option<String>,
    pub from_time: Option<f64>,
    pub to_time: Option<f64>,
    /// `inbound` or `outbound`.
    pub kind: Option<String>,
    pub limit: Option<f64>,
    pub cursor: Option<String>,
}

impl CallQuery {
    /// Validated `(name, value)` pairs in wire names.
    pub fn pairs(self) -> Result<Vec<(&'static str, String)>> {
        let q = self;
        let mut out = Vec::new();
        if let Some(n) = q.number {
            super::e164::check(&n, "number")?;
            out.push(("number", n));
        }
        times(&mut out, q.from_time, q.to_time)?;
        if let Some(t) = q.kind {
            if t != "inbound" && t != "outbound" {
                return Err(Error::type_error(
                    ErrorCode::InvalidArg,
                    "type must be 'inbound' or 'outbound'",
                ));
            }
            out.push(("type", t));
        }
        page(&mut out, q.limit, q.cursor)?;
        Ok(out)
    }
}

/// `from_time` / `to_time`: Unix seconds.
fn times(out: &mut Vec<(&'static str, String)>, from: Option<f64>, to: Option<f64>) -> Result<()> {
    for (key, field, value) in [("from_time", "fromTime", from), ("to_time", "toTime", to)] {
        if let Some(n) = value {
            out.push((
                key,
                validate::integer(n, 0, u32::MAX, field, ErrorCode::InvalidArg)?.to_string(),
            ));
        }
    }
    Ok(())
}

/// `limit` and `cursor` of a cursor-paged listing.
fn page(
    out: &mut Vec<(&'static str, String)>,
    limit: Option<f64>,
    cursor: Option<String>,
) -> Result<()> {
    if let Some(n) = limit {
        out.push((
            "limit",
            validate::integer(n, 1, 10_000, "limit", ErrorCode::InvalidArg)?.to_string(),
        ));
    }
    if let Some(c) = cursor.filter(|c| !c.is_empty()) {
        out.push(("cursor", c));
    }
    Ok(())
}

/// `page_index`/`page_size` of `getTurns`.
pub fn turns_pairs(
    page_index: Option<f64>,
    page_size: Option<f64>,
) -> Result<Vec<(&'static str, String)>> {
    let mut out = Vec::new();
    for (key, field, value) in [
        ("page_index", "pageIndex", page_index),
        ("page_size", "pageSize", page_size),
    ] {
        if let Some(n) = value {
            out.push((
                key,
                validate::integer(n, 1, 100_000, field, ErrorCode::InvalidArg)?.to_string(),
            ));
        }
    }
    Ok(out)
}
