//! A count bound on the JSON values of a response, checked before parsing.
//!
//! What it adds to serde_json: serde_json bounds nesting (128 levels) but not
//! how many values a document holds, and a `serde_json::Value` costs 72 bytes
//! plus its container's share, so a body within `maxResponseBytes` can still
//! cost far more once parsed. Measured with serde_json 1.0.154
//! (`preserve_order`), 8 MiB bodies: `[0,0,…]` grew peak RSS by 288 MiB,
//! `[[],[],…]` and `[{},{},…]` by 192 MiB, `{"0":0,"1":0,…}` by 118 MiB.
//! No JSON crate offers a value budget, so this module counts.
//!
//! The count is an upper bound found in one pass, without allocating:
//! outside strings, every value but the first is preceded by `[`, `,` or `:`
//! and every key by `{` or `,`, so `1 + #'[' + #'{' + #',' + #':'` bounds
//! values and keys together. Strings are skipped by their quotes and
//! backslash escapes; anything malformed is left for serde_json to refuse.
//! Tests: the unit tests below and `hostile-json.test.mjs`.

/// The largest real answer, a 10,000-agent `listAgents` page, counts about
/// 70,000; a turns page (50 turns) about 2,000.
pub const MAX_JSON_TOKENS: usize = 250_000;

/// Whether `body` holds at most `max` values and keys (by the bound above).
pub fn within(body: &[u8], max: usize) -> bool {
    let mut count: usize = 1;
    let mut in_string = false;
    let mut escaped = false;
    for &b in body {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else if b == b'"' {
            in_string = true;
        } else if matches!(b, b'[' | b'{' | b',' | b':') {
            count += 1;
            if count > max {
                return false;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_structure_outside_strings_only() {
        assert!(within(b"0", 1));
        assert!(within(b"[]", 2) && !within(b"[]", 1));
        // Five values and two keys.
        assert!(within(br#"{"a":1,"b":[2,3]}"#, 7));
        assert!(!within(br#"{"a":1,"b":[2,3]}"#, 6));
        // Structure inside strings, escaped quotes included, is not counted.
        assert!(within(br#""[,{:]\",[,:""#, 1));
        assert!(within(br#"{"k\\":"v"}"#, 3));
    }

    #[test]
    fn a_real_page_fits_and_a_flat_flood_does_not() {
        let agent =
            r#"{"agent_id":"1NT29X10YHxxxxxWJOXLYHNYB","start_ts":1737111452,"status":"RUNNING"}"#;
        let page = format!(
            r#"{{"data":{{"count":10000,"list":[{}]}},"meta":{{"cursor":"x","total":10000}},"status":"ok"}}"#,
            vec![agent; 10_000].join(",")
        );
        assert!(within(page.as_bytes(), MAX_JSON_TOKENS));
        let flood = format!("[{}0]", "0,".repeat(MAX_JSON_TOKENS));
        assert!(!within(flood.as_bytes(), MAX_JSON_TOKENS));
    }
}
