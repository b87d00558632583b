//! When a failed attempt may be repeated and how long to wait
//! (docs/rest-client.md, "Retries and failover").

use std::time::Duration;

use super::retry_after::MAX_RETRY_AFTER;
use super::transport::Failure;

/// Whether repeating a request could apply it twice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Safety {
    /// Reads, stop, interrupt: repeating is harmless.
    Idempotent,
    /// Start (and update/speak/think): repeat only when the server cannot
    /// have acted on it — the connection never opened, or it answered 429
    /// (rate limited) or 503 (the documented "startup failed, retry").
    Once,
}

impl Safety {
    pub fn retries_status(self, status: u16) -> bool {
        match self {
            Self::Idempotent => status == 408 || status == 429 || status >= 500,
            Self::Once => status == 429 || status == 503,
        }
    }

    pub fn retries_failure(self, failure: &Failure) -> bool {
        match failure {
            Failure::Connect(_) => true,
            Failure::Network(_) | Failure::Timeout => self == Self::Idempotent,
            Failure::BadResponse(_) => false,
        }
    }
}

const BASE_DELAY: Duration = Duration::from_millis(200);
const MAX_DELAY: Duration = Duration::from_secs(8);

/// Delay before retry number `retry` (0-based): the server's `Retry-After`
/// when given (retry_after.rs has capped it; capped again here so no caller
/// can hold a request longer), else exponential backoff with full jitter in
/// [base·2ⁿ/2, base·2ⁿ].
pub fn delay(retry: u32, retry_after: Option<Duration>) -> Duration {
    if let Some(d) = retry_after {
        return d.min(MAX_RETRY_AFTER);
    }
    let ceiling = BASE_DELAY
        .saturating_mul(1u32 << retry.min(16))
        .min(MAX_DELAY);
    let half = ceiling / 2;
    half + half.mul_f64(rand::random::<f64>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_is_retried_only_when_it_cannot_have_run() {
        let once = Safety::Once;
        assert!(once.retries_status(503) && once.retries_status(429));
        for s in [500, 502, 504, 408, 409, 400, 404] {
            assert!(!once.retries_status(s), "{s}");
        }
        assert!(once.retries_failure(&Failure::Connect(String::new())));
        assert!(!once.retries_failure(&Failure::Timeout));
        assert!(!once.retries_failure(&Failure::Network(String::new())));
        let idem = Safety::Idempotent;
        for s in [408, 429, 500, 502, 503, 504] {
            assert!(idem.retries_status(s), "{s}");
        }
        assert!(!idem.retries_status(404) && !idem.retries_status(409));
        assert!(idem.retries_failure(&Failure::Timeout));
        for s in [once, idem] {
            assert!(!s.retries_failure(&Failure::BadResponse(String::new())));
        }
    }

    #[test]
    fn delays_grow_and_honour_retry_after() {
        assert_eq!(
            delay(0, Some(Duration::from_secs(1))),
            Duration::from_secs(1)
        );
        assert_eq!(delay(0, Some(Duration::from_secs(999))), MAX_RETRY_AFTER);
        for _ in 0..100 {
            let d = delay(0, None);
            assert!(d >= Duration::from_millis(100) && d <= Duration::from_millis(200));
            assert!(delay(30, None) <= MAX_DELAY);
        }
    }
}
