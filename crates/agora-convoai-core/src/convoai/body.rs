//! Reading a response body with a byte cap (`maxResponseBytes`).
//!
//! The client asks for `Accept-Encoding: identity` and links no inflater, so
//! the bytes counted here are the bytes parsed: a compressed answer (a gzip
//! bomb turns ~0.5 MB into 512 MiB) is refused from its header, a declared
//! `Content-Length` over the cap is refused before a byte of body is read,
//! and an undeclared body (chunked, or close-delimited HTTP/1.0) is read in
//! chunks until it ends or passes the cap. Time is bounded by the caller's
//! per-attempt timeout, which covers the whole read.

use std::future::Future;

use bytes::Bytes;
use reqwest::header::{HeaderMap, CONTENT_ENCODING};

/// Default of `ClientOptions.maxResponseBytes`: Agora's answers are a few
/// kilobytes; a 10,000-agent list page is well under 2 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 8 * 1024 * 1024;

/// Why a body was not accepted (the transport adds the host).
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// `Content-Encoding` other than `identity`, which the client did not ask for.
    Encoded,
    /// Declared or actual size over the cap.
    TooLarge,
}

impl Refusal {
    pub fn describe(&self, cap: usize) -> String {
        match self {
            Self::Encoded => {
                "the response has a Content-Encoding the client did not accept (it asks for identity)"
                    .into()
            }
            Self::TooLarge => format!("the response body exceeds maxResponseBytes ({cap} bytes)"),
        }
    }
}

/// Refuses, from the headers alone, a body that cannot be accepted.
pub fn check_headers(
    headers: &HeaderMap,
    content_length: Option<u64>,
    cap: usize,
) -> Result<(), Refusal> {
    let encoded = headers.get_all(CONTENT_ENCODING).iter().any(|v| {
        !v.to_str()
            .is_ok_and(|s| s.trim().eq_ignore_ascii_case("identity") || s.trim().is_empty())
    });
    if encoded {
        return Err(Refusal::Encoded);
    }
    match content_length {
        Some(n) if n > cap as u64 => Err(Refusal::TooLarge),
        _ => Ok(()),
    }
}

/// A body arriving in chunks (`reqwest::Response`, or a list in tests).
pub trait Chunks {
    type Error;
    /// The next chunk, `None` at the end of the body.
    fn next_chunk(&mut self) -> impl Future<Output = Result<Option<Bytes>, Self::Error>>;
}

impl Chunks for reqwest::Response {
    type Error = reqwest::Error;
    fn next_chunk(&mut self) -> impl Future<Output = Result<Option<Bytes>, Self::Error>> {
        self.chunk()
    }
}

/// Reads the body to its end, refusing once its size passes `cap`. Each
/// chunk is copied at once (a chunk keeps the read buffer it was cut from
/// alive, so holding a million one-byte chunks would cost far more than
/// their bytes). `size_hint` (a checked `Content-Length`) only sizes the
/// first allocation.
pub async fn collect<C: Chunks>(
    body: &mut C,
    size_hint: Option<u64>,
    cap: usize,
) -> Result<Result<Bytes, Refusal>, C::Error> {
    let first = size_hint
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(0)
        .min(cap);
    let mut out = Vec::with_capacity(first);
    while let Some(chunk) = body.next_chunk().await? {
        if chunk.len() > cap.saturating_sub(out.len()) {
            return Ok(Err(Refusal::TooLarge));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(Ok(Bytes::from(out)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    /// Chunks of the given sizes.
    struct Sizes(std::vec::IntoIter<usize>);

    impl Chunks for Sizes {
        type Error = ();
        fn next_chunk(&mut self) -> impl Future<Output = Result<Option<Bytes>, ()>> {
            std::future::ready(Ok(self.0.next().map(|n| Bytes::from(vec![b'x'; n]))))
        }
    }

    fn read(list: Vec<usize>, hint: Option<u64>, cap: usize) -> Result<usize, Refusal> {
        let mut body = Sizes(list.into_iter());
        let fut = collect(&mut body, hint, cap);
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        rt.block_on(fut).unwrap().map(|b| b.len())
    }

    #[test]
    fn bodies_up_to_the_cap_are_whole() {
        assert_eq!(read(vec![], None, 10), Ok(0));
        assert_eq!(read(vec![10], Some(10), 10), Ok(10));
        assert_eq!(read(vec![4, 3, 3], None, 10), Ok(10));
        assert_eq!(read(vec![5, 5], Some(5), 10), Ok(10));
    }

    #[test]
    fn one_byte_past_the_cap_is_refused_whatever_the_chunking() {
        assert_eq!(read(vec![11], None, 10), Err(Refusal::TooLarge));
        assert_eq!(read(vec![4, 4, 3], None, 10), Err(Refusal::TooLarge));
        assert_eq!(read(vec![10, 1], Some(10), 10), Err(Refusal::TooLarge));
        // A lying Content-Length does not widen the cap.
        assert_eq!(read(vec![6, 6], Some(6), 10), Err(Refusal::TooLarge));
    }

    #[test]
    fn headers_refuse_encodings_and_declared_sizes() {
        let mut h = HeaderMap::new();
        assert_eq!(check_headers(&h, Some(10), 10), Ok(()));
        assert_eq!(check_headers(&h, Some(11), 10), Err(Refusal::TooLarge));
        assert_eq!(
            check_headers(&h, Some(u64::MAX), 10),
            Err(Refusal::TooLarge)
        );
        h.insert(CONTENT_ENCODING, HeaderValue::from_static("Identity"));
        assert_eq!(check_headers(&h, None, 10), Ok(()));
        for enc in ["gzip", "br", "deflate", "identity, gzip"] {
            h.insert(CONTENT_ENCODING, HeaderValue::from_static(enc));
            assert_eq!(check_headers(&h, None, 10), Err(Refusal::Encoded), "{enc}");
        }
        h.insert(CONTENT_ENCODING, HeaderValue::from_bytes(b"\xff").unwrap());
        assert_eq!(check_headers(&h, None, 10), Err(Refusal::Encoded));
    }
}
