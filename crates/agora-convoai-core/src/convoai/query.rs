//! Query strings of `listAgents` and `getTurns` (docs/rest-api.md, "Calls").

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
        for (key, field, value) in [
            ("from_time", "fromTime", q.from_time),
            ("to_time", "toTime", q.to_time),
        ] {
            if let Some(n) = value {
                out.push((
                    key,
                    validate::integer(n, 0, u32::MAX, field, ErrorCode::InvalidArg)?.to_string(),
                ));
            }
        }
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
        if let Some(n) = q.limit {
            out.push((
                "limit",
                validate::integer(n, 1, 10_000, "limit", ErrorCode::InvalidArg)?.to_string(),
            ));
        }
        if let Some(c) = q.cursor.filter(|c| !c.is_empty()) {
            out.push(("cursor", c));
        }
        Ok(out)
    }
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
