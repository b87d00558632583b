//! Legacy AccessToken ("006", docs/token-format.md): uncompressed, signed with
//! the certificate as HMAC key, channel and uid carried only as CRC-32.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;

use crate::error::{Error, Result};
use crate::token::limits::{self, MAX_ENTRIES, MAX_TOKEN_CHARS};
use crate::token::pack::{sorted_merged, Reader, Writer};
use crate::token::signature::{sign_006, signature_matches};
use crate::validate;

pub const VERSION: &str = "006";

/// The message part of a 006 token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub salt: u32,
    /// Absolute Unix time the token expires.
    pub ts: u32,
    /// Privilege id → absolute Unix expiry (0 = none), sorted by id.
    pub privileges: Vec<(u16, u32)>,
}

impl Message {
    fn pack(&self) -> Result<Vec<u8>> {
        let mut w = Writer::with_capacity(10 + 6 * self.privileges.len());
        w.u32(self.salt);
        w.u32(self.ts);
        w.map(&self.privileges)?;
        Ok(w.buf)
    }
}

fn sign(app_id: &str, app_certificate: &str, channel: &str, uid: &str, m: &[u8]) -> [u8; 32] {
    sign_006(
        app_certificate,
        &[app_id.as_bytes(), channel.as_bytes(), uid.as_bytes(), m],
    )
}

/// Builds a 006 token; `uid` is the packed uid string ("" for 0).
pub fn build(
    app_id: &str,
    app_certificate: &str,
    channel_name: &str,
    uid: &str,
    message: &Message,
) -> Result<String> {
    validate::app_id(app_id)?;
    validate::app_certificate(app_certificate)?;
    // Sorted, one value per id, the last given (re-adding a key overwrites
    // it, as in the official maps).
    let privileges = sorted_merged(message.privileges.clone(), |value, last| *value = last);
    limits::check_build(privileges.len(), MAX_ENTRIES, "privileges")?;
    let m = Message {
        privileges,
        ..message.clone()
    }
    .pack()?;
    let signature = sign(app_id, app_certificate, channel_name, uid, &m);
    let mut w = Writer::with_capacity(50 + m.len());
    w.bytes(&signature, "signature")?;
    w.u32(crc32fast::hash(channel_name.as_bytes()));
    w.u32(crc32fast::hash(uid.as_bytes()));
    w.bytes(&m, "message")?;
    let mut token = format!("{VERSION}{app_id}");
    BASE64.encode_string(&w.buf, &mut token);
    limits::check_build(token.len(), MAX_TOKEN_CHARS, "characters")?;
    Ok(token)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed006 {
    pub app_id: String,
    pub signature: Vec<u8>,
    pub crc_channel_name: u32,
    pub crc_uid: u32,
    pub message: Message,
    raw_message: Vec<u8>,
}

pub fn parse(token: &str) -> Result<Parsed006> {
    let rest = token
        .strip_prefix(VERSION)
        .ok_or_else(|| Error::invalid_token("a legacy token starts with \"006\""))?;
    limits::check_text(token)?;
    let (app_id, body) = match (rest.get(..32), rest.get(32..)) {
        (Some(a), Some(b)) => (a, b),
        _ => {
            return Err(Error::invalid_token(
                "006 token is too short for its App ID",
            ))
        }
    };
    let content = BASE64
        .decode(body)
        .map_err(|_| Error::invalid_token("token is not valid standard base64"))?;
    let mut r = Reader::new(&content);
    let signature = r.bytes()?.to_vec();
    let crc_channel_name = r.u32()?;
    let crc_uid = r.u32()?;
    let raw_message = r.bytes()?.to_vec();
    if !r.is_empty() {
        return Err(Error::invalid_token("trailing bytes after the 006 content"));
    }
    let mut m = Reader::new(&raw_message);
    let message = Message {
        salt: m.u32()?,
        ts: m.u32()?,
        privileges: m.map()?,
    };
    if !m.is_empty() {
        return Err(Error::invalid_token("trailing bytes after the 006 message"));
    }
    Ok(Parsed006 {
        app_id: app_id.to_string(),
        signature,
        crc_channel_name,
        crc_uid,
        message,
        raw_message,
    })
}

impl Parsed006 {
    /// Constant-time check; the signature covers channel and uid, so both are
    /// needed (uid as packed: "" for numeric 0).
    pub fn verify(&self, app_certificate: &str, channel_name: &str, uid: &str) -> bool {
        if validate::app_id(&self.app_id).is_err()
            || validate::app_certificate(app_certificate).is_err()
        {
            return false;
        }
        let expected = sign(
            &self.app_id,
            app_certificate,
            channel_name,
            uid,
            &self.raw_message,
        );
        signature_matches(&expected, &self.signature)
    }
}
