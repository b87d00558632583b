//! Input rules of docs/tokens.md, "Errors", shared by every builder. Messages name the
//! field and the rule, never the value (values may be secrets).

use crate::error::{Error, ErrorCode, Result};

/// Longest token lifetime Agora documents: 24 hours.
pub const MAX_EXPIRE: u32 = 86_400;
/// Salt range of the official Node builder.
pub const MAX_SALT: u32 = 99_999_999;
pub const MAX_CHANNEL_NAME_BYTES: usize = 63;
pub const MAX_ACCOUNT_BYTES: usize = 255;

/// A membership table per byte: one load per character instead of a chain
/// of range checks (these run on every token build).
// Only evaluated at compile time: a bad index fails the build.
#[allow(clippy::indexing_slicing)]
const fn byte_set(alphanumeric: bool, extra: &[u8]) -> [bool; 256] {
    let mut set = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        set[b] = if alphanumeric {
            c.is_ascii_alphanumeric()
        } else {
            c.is_ascii_hexdigit()
        };
        b += 1;
    }
    let mut i = 0;
    while i < extra.len() {
        set[extra[i] as usize] = true;
        i += 1;
    }
    set
}

const HEX_DIGITS: [bool; 256] = byte_set(false, b"");
const AGORA_CHARS: [bool; 256] = byte_set(true, b" !#$%&()+-:;<=.>?@[]^_{}|~,");

fn is_hex32(s: &str) -> bool {
    s.len() == 32
        && s.bytes()
            .all(|b| HEX_DIGITS.get(usize::from(b)) == Some(&true))
}

pub fn app_id(s: &str) -> Result<()> {
    if is_hex32(s) {
        Ok(())
    } else {
        Err(Error::type_error(
            ErrorCode::InvalidAppId,
            "appId must be exactly 32 hexadecimal characters",
        ))
    }
}

pub fn app_certificate(s: &str) -> Result<()> {
    if is_hex32(s) {
        Ok(())
    } else {
        Err(Error::type_error(
            ErrorCode::InvalidAppCertificate,
            "appCertificate must be exactly 32 hexadecimal characters",
        ))
    }
}

/// Agora's 89 characters for channel names and user accounts: a-z, A-Z, 0-9,
/// space and ``!#$%&()+-:;<=.>?@[]^_{}|~,``.
pub fn is_agora_char(b: u8) -> bool {
    AGORA_CHARS.get(usize::from(b)) == Some(&true)
}

pub fn channel_name(s: &str) -> Result<()> {
    let code = ErrorCode::InvalidChannelName;
    if s.is_empty() {
        return Err(Error::range_error(code, "channelName must not be empty"));
    }
    if s.len() > MAX_CHANNEL_NAME_BYTES {
        return Err(Error::range_error(
            code,
            format!("channelName must be less than 64 bytes (got {})", s.len()),
        ));
    }
    if !s.bytes().all(is_agora_char) {
        return Err(Error::type_error(
            code,
            "channelName may only contain a-z, A-Z, 0-9, space and !#$%&()+-:;<=.>?@[]^_{}|~,",
        ));
    }
    Ok(())
}

/// A user id as JavaScript passes it: a number or a string account.
#[derive(Clone, Debug, PartialEq)]
pub enum UidInput {
    Number(f64),
    Account(String),
}

impl UidInput {
    pub fn as_arg(&self) -> UidArg<'_> {
        match self {
            Self::Number(n) => UidArg::Number(*n),
            Self::Account(s) => UidArg::Account(s),
        }
    }
}

impl From<u32> for UidInput {
    fn from(v: u32) -> Self {
        Self::Number(f64::from(v))
    }
}
impl From<&str> for UidInput {
    fn from(v: &str) -> Self {
        Self::Account(v.to_string())
    }
}

/// [`UidInput`], borrowed: what the token builders take, so a uid read from
/// JavaScript is not copied.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum UidArg<'a> {
    Number(f64),
    Account(&'a str),
}

impl From<u32> for UidArg<'_> {
    fn from(v: u32) -> Self {
        Self::Number(f64::from(v))
    }
}
impl<'a> From<&'a str> for UidArg<'a> {
    fn from(v: &'a str) -> Self {
        Self::Account(v)
    }
}

/// A validated uid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Uid<'a> {
    Number(Decimal),
    Account(&'a str),
}

impl Uid<'_> {
    /// As packed in the RTC service: "" for the numeric wildcard 0.
    pub fn packed(&self) -> &str {
        match self {
            Self::Number(d) if d.value() == 0 => "",
            _ => self.as_user_id(),
        }
    }
    /// As a user id for RTM: the decimal number (also "0") or the account.
    pub fn as_user_id(&self) -> &str {
        match self {
            Self::Number(d) => d.as_str(),
            Self::Account(s) => s,
        }
    }
}

/// A u32 in decimal, formatted without allocating.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decimal {
    value: u32,
    /// Right-aligned digits; `digits[start..]` is the text.
    digits: [u8; 10],
    start: u8,
}

impl Decimal {
    pub fn new(value: u32) -> Self {
        let mut digits = [b'0'; 10];
        let mut start = digits.len();
        let mut rest = value;
        for slot in digits.iter_mut().rev() {
            *slot = b'0' + (rest % 10) as u8;
            start -= 1;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        Self {
            value,
            digits,
            start: start as u8,
        }
    }
    pub fn value(&self) -> u32 {
        self.value
    }
    pub fn as_str(&self) -> &str {
        let digits = self.digits.get(usize::from(self.start)..);
        std::str::from_utf8(digits.unwrap_or_default()).unwrap_or_default()
    }
}

pub fn uid<'a>(input: UidArg<'a>, field: &str) -> Result<Uid<'a>> {
    match input {
        UidArg::Number(n) => {
            let v = integer(n, 0, u32::MAX, field, ErrorCode::InvalidUid)?;
            Ok(Uid::Number(Decimal::new(v)))
        }
        UidArg::Account(s) => {
            account(s, field)?;
            Ok(Uid::Account(s))
        }
    }
}

pub fn account(s: &str, field: &str) -> Result<()> {
    let code = ErrorCode::InvalidUid;
    if s.is_empty() || s.len() > MAX_ACCOUNT_BYTES {
        return Err(Error::range_error(
            code,
            format!(
                "{field} as a string account must be 1 to 255 bytes (got {})",
                s.len()
            ),
        ));
    }
    if !s.bytes().all(is_agora_char) {
        return Err(Error::type_error(
            code,
            format!(
                "{field} may only contain a-z, A-Z, 0-9, space and !#$%&()+-:;<=.>?@[]^_{{}}|~,"
            ),
        ));
    }
    Ok(())
}

/// An integer in `min..=max` given as a JavaScript number.
pub fn integer(n: f64, min: u32, max: u32, field: &str, code: ErrorCode) -> Result<u32> {
    if !n.is_finite() || n.fract() != 0.0 {
        return Err(Error::range_error(
            code,
            format!("{field} must be an integer (got {n})"),
        ));
    }
    if n < f64::from(min) || n > f64::from(max) {
        return Err(Error::range_error(
            code,
            format!("{field} must be between {min} and {max} (got {n})"),
        ));
    }
    Ok(n as u32)
}

/// An expiry in seconds from `issueTs`, within `min..=MAX_EXPIRE`.
pub fn expire(n: f64, min: u32, field: &str) -> Result<u32> {
    let code = ErrorCode::InvalidExpire;
    if n.is_finite() && n.fract() == 0.0 && n > f64::from(MAX_EXPIRE) {
        return Err(Error::range_error(
            code,
            format!(
                "{field} must be at most {MAX_EXPIRE} (24 hours); 007 expiries are seconds from now (e.g. 3600), not Unix timestamps (got {n})"
            ),
        ));
    }
    integer(n, min, MAX_EXPIRE, field, code).map_err(|e| {
        Error::range_error(
            code,
            format!(
                "{}; 007 expiries are seconds from now, e.g. 3600",
                e.message
            ),
        )
    })
}

/// Current Unix time in seconds, saturated into u32.
pub fn now_unix() -> u32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    u32::try_from(secs).unwrap_or(u32::MAX)
}

/// `issueTs` as given, else now.
pub fn issue_ts(n: Option<f64>) -> Result<u32> {
    match n {
        Some(n) => integer(n, 0, u32::MAX, "issueTs", ErrorCode::InvalidArg),
        None => Ok(now_unix()),
    }
}

/// `salt` as given (within `1..=max`), else random in 1..=99999999.
pub fn salt(n: Option<f64>, max: u32) -> Result<u32> {
    match n {
        Some(n) => integer(n, 1, max, "salt", ErrorCode::InvalidArg),
        None => Ok(rand::Rng::gen_range(&mut rand::thread_rng(), 1..=MAX_SALT)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_ids_keep_case_and_need_32_chars() {
        assert!(app_id("970CA35de60c44645bbae8a215061b33").is_ok());
        assert!(app_id("970CA35de60c44645bbae8a215061b3").is_err());
        assert!(app_id("970CA35de60c44645bbae8a215061b3g").is_err());
        assert_eq!(
            app_certificate("").map_err(|e| e.code),
            Err(ErrorCode::InvalidAppCertificate)
        );
    }

    #[test]
    fn the_89_character_set() {
        let allowed: Vec<u8> = (0u8..=127).filter(|&b| is_agora_char(b)).collect();
        assert_eq!(allowed.len(), 89);
        assert!(channel_name("a b!#$%&()+-:;<=.>?@[]^_{}|~,").is_ok());
        assert!(channel_name("é").is_err());
        assert!(channel_name("a/b").is_err());
        assert!(channel_name(&"a".repeat(63)).is_ok());
        assert!(channel_name(&"a".repeat(64)).is_err());
        assert!(channel_name("").is_err());
    }

    #[test]
    fn uids_pack_zero_as_wildcard() {
        let both = |input: UidArg| {
            uid(input, "uid").map(|u| (u.as_user_id().to_owned(), u.packed().to_owned()))
        };
        assert_eq!(both(0u32.into()), Ok(("0".into(), String::new())));
        assert_eq!(both("0".into()), Ok(("0".into(), "0".into())));
        assert_eq!(
            both(4294967295u32.into()),
            Ok(("4294967295".into(), "4294967295".into()))
        );
        for bad in [-1.0, 4294967296.0, 1.5, f64::NAN, f64::INFINITY] {
            assert_eq!(
                uid(UidArg::Number(bad), "uid").map_err(|e| e.code),
                Err(ErrorCode::InvalidUid)
            );
        }
        let long = "a".repeat(256);
        assert!(uid(long[..255].into(), "uid").is_ok());
        assert!(uid(long.as_str().into(), "uid").is_err());
        assert!(uid("".into(), "uid").is_err());
    }

    #[test]
    fn decimals_match_std_formatting() {
        for v in [
            0,
            1,
            9,
            10,
            99,
            100,
            12345,
            999_999_999,
            1_000_000_000,
            u32::MAX,
        ] {
            assert_eq!(Decimal::new(v).as_str(), v.to_string());
            assert_eq!(Decimal::new(v).value(), v);
        }
    }

    #[test]
    fn timestamps_as_expiries_get_an_explaining_message() {
        let e = expire(1_700_000_000.0, 1, "tokenExpire");
        assert!(e
            .as_ref()
            .is_err_and(|e| e.message.contains("seconds from now")));
        assert!(expire(86_401.0, 1, "tokenExpire").is_err());
        assert!(expire(0.0, 1, "tokenExpire").is_err());
        assert_eq!(expire(0.0, 0, "privilegeExpire"), Ok(0));
        assert_eq!(expire(86_400.0, 1, "tokenExpire"), Ok(86_400));
    }
}
