//! AccessToken2 ("007"): build, parse and verify (docs/token-format.md).

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;

use crate::error::{Error, ErrorCode, Result};
use crate::token::limits::{self, MAX_CONTENT, MAX_ENTRIES, MAX_SERVICES, MAX_TOKEN_CHARS};
use crate::token::pack::{Reader, Writer};
use crate::token::service::Service;
use crate::token::signature::{hmac_sha256, sign_007, signature_matches, signing_key_007};
use crate::token::zlib;
use crate::validate;

pub const VERSION: &str = "007";

/// Everything that goes into a token besides the certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessToken2 {
    pub app_id: String,
    pub issue_ts: u32,
    /// Seconds after `issue_ts`.
    pub expire: u32,
    pub salt: u32,
    /// Packed in ascending type order; equal types keep this order.
    pub services: Vec<Service>,
}

/// Bytes before the signing info in the content: `u16le(32) || signature`.
const SIGNATURE_FIELD: usize = 34;

/// The fields the signing info starts with (docs/token-format.md).
#[derive(Clone, Copy)]
pub(crate) struct Header<'a> {
    pub app_id: &'a str,
    pub issue_ts: u32,
    pub expire: u32,
    pub salt: u32,
}

/// Signed, uncompressed content, `bytes(signature) || signing_info`, for a
/// header and `service_count` services that `write_services` packs in
/// ascending type order. App ID and certificate must be valid already.
/// Content the parser would refuse (more than [`MAX_SERVICES`] services or
/// [`MAX_CONTENT`] bytes) is `ERR_INVALID_ARG`.
pub(crate) fn signed_content(
    header: Header,
    app_certificate: &str,
    service_count: usize,
    write_services: impl FnOnce(&mut Writer) -> Result<()>,
) -> Result<Vec<u8>> {
    limits::check_build(service_count, MAX_SERVICES, "services")?;
    let key = signing_key_007(app_certificate, header.issue_ts, header.salt);
    // The signing info is written after room for the signature, which is
    // filled in once computed: one buffer, no copy.
    let mut w = Writer::with_capacity(SIGNATURE_FIELD + 96 + 64 * service_count);
    w.buf.resize(SIGNATURE_FIELD, 0);
    w.str(header.app_id, "appId")?;
    w.u32(header.issue_ts);
    w.u32(header.expire);
    w.u32(header.salt);
    w.count(service_count, "services")?;
    write_services(&mut w)?;
    limits::check_build(w.buf.len(), MAX_CONTENT, "bytes of content")?;
    let (field, signing_info) = w.buf.split_at_mut(SIGNATURE_FIELD);
    let signature = hmac_sha256(&key, &[signing_info]);
    let (length, value) = field.split_at_mut(2);
    length.copy_from_slice(&32u16.to_le_bytes());
    value.copy_from_slice(&signature);
    Ok(w.buf)
}

impl AccessToken2 {
    /// Packs the services in ascending type order (stable).
    fn write_services(&self, w: &mut Writer) -> Result<()> {
        if self.services.is_sorted_by_key(Service::type_id) {
            // The usual case, without sorting a copy.
            self.services.iter().try_for_each(|s| s.pack(w))
        } else {
            let mut order: Vec<&Service> = self.services.iter().collect();
            order.sort_by_key(|s| s.type_id()); // stable: equal types keep insertion order
            order.into_iter().try_for_each(|s| s.pack(w))
        }
    }

    /// Signed, uncompressed content: `bytes(signature) || signing_info`.
    pub fn content(&self, app_certificate: &str) -> Result<Vec<u8>> {
        validate::app_id(&self.app_id)?;
        validate::app_certificate(app_certificate)?;
        if self.services.is_empty() {
            return Err(Error::type_error(
                ErrorCode::InvalidArg,
                "a token needs at least one service",
            ));
        }
        let entries = self.services.iter().map(Service::entries).sum();
        limits::check_build(
            entries,
            MAX_ENTRIES,
            "privileges and RTM2 permission entries",
        )?;
        let header = Header {
            app_id: &self.app_id,
            issue_ts: self.issue_ts,
            expire: self.expire,
            salt: self.salt,
        };
        signed_content(header, app_certificate, self.services.len(), |w| {
            self.write_services(w)
        })
    }

    /// The token string: `"007" + base64(zlib(content))`.
    pub fn build(&self, app_certificate: &str) -> Result<String> {
        let token = wrap(&self.content(app_certificate)?);
        limits::check_build(token.len(), MAX_TOKEN_CHARS, "characters")?;
        Ok(token)
    }
}

/// Wraps signed content into the token string.
pub fn wrap(content: &[u8]) -> String {
    with_scratch(|compressed| {
        compressed.clear();
        zlib::compress_into(content, compressed);
        let mut token = String::with_capacity(3 + compressed.len().div_ceil(3) * 4);
        token.push_str(VERSION);
        BASE64.encode_string(&compressed, &mut token);
        token
    })
}

thread_local! {
    /// The compressed bytes of the previous token, kept for the buffer's
    /// capacity.
    static COMPRESSED: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// Runs `f` with this thread's buffer for compressed bytes, as the last
/// call left it.
fn with_scratch<R>(f: impl FnOnce(&mut Vec<u8>) -> R) -> R {
    let mut buffer = COMPRESSED.try_with(|c| c.take()).unwrap_or_default();
    let result = f(&mut buffer);
    // Kept only when small: a malformed token can be megabytes.
    if buffer.capacity() <= 4096 {
        let _ = COMPRESSED.try_with(|c| c.set(buffer));
    }
    result
}

/// Inverse of [`wrap`]: the inflated content of a "007" token.
pub fn unwrap(token: &str) -> Result<Vec<u8>> {
    let body = token
        .strip_prefix(VERSION)
        .ok_or_else(|| Error::invalid_token("an AccessToken2 starts with \"007\""))?;
    limits::check_text(token)?;
    with_scratch(|buffer| {
        // Decoded over what the buffer held before: zero-filled only when
        // it has to grow.
        let needed = base64::decoded_len_estimate(body.len());
        if buffer.len() < needed {
            buffer.resize(needed, 0);
        }
        match BASE64.decode_slice(body, buffer) {
            Ok(n) => zlib::decompress(buffer.get(..n).unwrap_or_default()),
            Err(_) => Err(Error::invalid_token("token is not valid standard base64")),
        }
    })
}

/// A parsed AccessToken2 with what verification needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed007 {
    pub token: AccessToken2,
    /// False when parsing stopped at a service type this library does not
    /// know; services after it are not visible (as in the official parsers).
    pub complete: bool,
    /// The inflated content, kept whole: the signature and the signed bytes
    /// are ranges of it.
    content: Vec<u8>,
    signature_end: usize,
}

pub fn parse(token: &str) -> Result<Parsed007> {
    parse_content(unwrap(token)?)
}

pub fn parse_content(content: Vec<u8>) -> Result<Parsed007> {
    let mut r = Reader::new(&content);
    r.bytes()?;
    let signature_end = r.position();
    let app_id = r.string()?;
    let issue_ts = r.u32()?;
    let expire = r.u32()?;
    let salt = r.u32()?;
    let count = usize::from(r.u16()?);
    if count > MAX_SERVICES {
        return Err(Error::invalid_token(format!(
            "token declares {count} services; a token has at most {MAX_SERVICES}"
        )));
    }
    let mut services = Vec::with_capacity(count);
    let mut complete = true;
    for _ in 0..count {
        match Service::unpack(&mut r)? {
            Some(service) => services.push(service),
            None => {
                complete = false;
                break;
            }
        }
    }
    if complete && !r.is_empty() {
        return Err(Error::invalid_token(
            "trailing bytes after the token's services",
        ));
    }
    Ok(Parsed007 {
        token: AccessToken2 {
            app_id,
            issue_ts,
            expire,
            salt,
            services,
        },
        complete,
        content,
        signature_end,
    })
}

impl Parsed007 {
    /// The signature as packed (32 bytes in a well-formed token).
    pub fn signature(&self) -> &[u8] {
        // The length prefix of the bytes field is 2 bytes.
        self.content.get(2..self.signature_end).unwrap_or_default()
    }

    /// The signed bytes exactly as they appear in the token.
    pub fn signing_info(&self) -> &[u8] {
        self.content.get(self.signature_end..).unwrap_or_default()
    }

    /// Recomputes the signature over the original signed bytes and compares
    /// in constant time. False, as in the official libraries, when the App ID
    /// or certificate is not 32 hex characters ([`crate::token::verify`]
    /// makes a bad certificate an error).
    pub fn verify(&self, app_certificate: &str) -> bool {
        if validate::app_id(&self.token.app_id).is_err()
            || validate::app_certificate(app_certificate).is_err()
        {
            return false;
        }
        let expected = sign_007(
            app_certificate,
            self.token.issue_ts,
            self.token.salt,
            self.signing_info(),
        );
        signature_matches(&expected, self.signature())
    }

    /// Unix second at which the token dies.
    pub fn expires_at(&self) -> u64 {
        u64::from(self.token.issue_ts) + u64::from(self.token.expire)
    }
}
