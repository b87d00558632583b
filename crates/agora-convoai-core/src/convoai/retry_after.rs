//! `Retry-After` (RFC 9110 §10.2.3) as a bounded wait. The header comes from
//! the server, so nothing in it may panic or stall a call: the value is
//! clamped to [`MAX_RETRY_AFTER`] while it is still a number, before any
//! `Duration` exists (`Duration::from_secs_f64(1e20)` panics), and anything
//! that is neither delta-seconds nor an HTTP-date is ignored (the caller
//! falls back to its own backoff).

use std::time::{Duration, SystemTime};

/// A server may ask for a long pause; more than this is not worth holding a
/// request for (the caller's own timeout still applies).
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

/// Statuses whose `Retry-After` is read (RFC 9110: 503 and 429 give it a
/// meaning for the next request; on any other status it is ignored).
pub fn applies_to(status: u16) -> bool {
    status == 429 || status == 503
}

/// The wait a `Retry-After` value asks for, at most [`MAX_RETRY_AFTER`];
/// `None` when it is malformed or negative. `now` is the clock HTTP-dates are
/// measured against.
pub fn parse(value: &str, now: SystemTime) -> Option<Duration> {
    let v = value.trim();
    if v.bytes().next().is_some_and(|b| b.is_ascii_digit()) {
        delta_seconds(v)
    } else {
        let date = httpdate::parse_http_date(v).ok()?;
        // A date already past means "now".
        Some(
            date.duration_since(now)
                .unwrap_or(Duration::ZERO)
                .min(MAX_RETRY_AFTER),
        )
    }
}

/// Digits with an optional fraction (RFC 9110 allows only digits; a fraction
/// is accepted because some gateways send one). Exponents, signs, `inf` and
/// `NaN`, which `f64::from_str` would take, are refused.
fn delta_seconds(v: &str) -> Option<Duration> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let well_formed = match v.split_once('.') {
        None => digits(v),
        Some((whole, fraction)) => digits(whole) && digits(fraction),
    };
    if !well_formed {
        return None;
    }
    let cap = MAX_RETRY_AFTER.as_secs_f64();
    // Any run of digits parses (to infinity at worst); clamp before converting.
    let secs = v.parse::<f64>().ok()?.min(cap);
    // In [0, 30] by construction, so the conversion is exact enough and cannot panic.
    Some(Duration::from_millis((secs * 1000.0).round() as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> SystemTime {
        // Wed, 21 Oct 2015 07:28:00 GMT
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480)
    }

    #[test]
    fn delta_seconds_are_clamped_before_any_duration_is_made() {
        let p = |v: &str| parse(v, now());
        assert_eq!(p("1"), Some(Duration::from_secs(1)));
        assert_eq!(p(" 0.5 "), Some(Duration::from_millis(500)));
        assert_eq!(p("0"), Some(Duration::ZERO));
        assert_eq!(p("120"), Some(MAX_RETRY_AFTER));
        assert_eq!(p(&"9".repeat(400)), Some(MAX_RETRY_AFTER));
        assert_eq!(p("18446744073709551616"), Some(MAX_RETRY_AFTER));
    }

    #[test]
    fn garbage_and_negative_values_are_ignored() {
        for v in [
            "", " ", "-1", "+1", "1e20", "1E3", "inf", "NaN", "1.2.3", ".5", "5.", "1 2", "soon",
            "0x10", "١",
        ] {
            assert_eq!(parse(v, now()), None, "{v:?}");
        }
    }

    #[test]
    fn http_dates_are_measured_from_now_and_clamped() {
        let p = |v: &str| parse(v, now());
        assert_eq!(
            p("Wed, 21 Oct 2015 07:28:10 GMT"),
            Some(Duration::from_secs(10))
        );
        assert_eq!(p("Wed, 21 Oct 2015 07:27:00 GMT"), Some(Duration::ZERO));
        assert_eq!(p("Fri, 31 Dec 9999 23:59:59 GMT"), Some(MAX_RETRY_AFTER));
        assert_eq!(p("Thu, 01 Jan 1970 00:00:00 GMT"), Some(Duration::ZERO));
        // Obsolete forms RFC 9110 still asks recipients to accept.
        assert_eq!(
            p("Wednesday, 21-Oct-15 07:28:05 GMT"),
            Some(Duration::from_secs(5))
        );
        assert_eq!(p("Wed Oct 21 07:28:01 2015"), Some(Duration::from_secs(1)));
        assert_eq!(p("Wed, 32 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(p("Wed, 21 Oct 2015 25:28:00 GMT"), None);
    }

    #[test]
    fn only_429_and_503_carry_a_wait() {
        assert!(applies_to(429) && applies_to(503));
        for s in [200, 202, 301, 408, 500, 502, 504] {
            assert!(!applies_to(s), "{s}");
        }
    }
}
