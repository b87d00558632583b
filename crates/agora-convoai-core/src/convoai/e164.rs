//! E.164 phone numbers (`+` and up to 15 digits, ITU-T E.164), checked
//! before a call or a phone-number request is sent: Agora's telephony
//! endpoints take no other form, and a number also goes into request paths
//! (`…/phone-numbers/{number}`), where only this form is one plain segment
//! (path.rs keeps `+` as it is).

use crate::error::{Error, ErrorCode, Result};

/// E.164's longest number: country code and subscriber number together.
pub const MAX_DIGITS: usize = 15;

/// `+`, a first digit 1–9 (no country code starts with 0), then digits:
/// 2 to 15 digits in all. `field` names the argument in the error; the
/// number itself is never quoted.
pub fn check(number: &str, field: &str) -> Result<()> {
    let digits = number.strip_prefix('+').unwrap_or_default();
    let ok = (2..=MAX_DIGITS).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0');
    if ok {
        Ok(())
    } else {
        Err(Error::type_error(
            ErrorCode::InvalidArg,
            format!(
                "{field} must be an E.164 phone number: '+', then 2 to {MAX_DIGITS} digits without spaces or dashes, not starting with 0 (e.g. '+14155550123')"
            ),
        ))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn e164_numbers_pass() {
        for n in ["+14155550123", "+861012345678", "+12", "+123456789012345"] {
            assert_eq!(check(n, "toNumber"), Ok(()), "{n}");
        }
    }

    #[test]
    fn other_spellings_are_refused() {
        for n in [
            "",
            "+",
            "14155550123",
            "+1",
            "+0123456789",
            "+1 415 555 0123",
            "+1-415-555-0123",
            "+1234567890123456",
            "++14155550123",
            "+1415555012a",
            "+١٢٣٤٥",
            "tel:+14155550123",
        ] {
            let e = check(n, "toNumber").unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidArg, "{n:?}");
            assert!(e.message.starts_with("toNumber must be"));
        }
    }
}
