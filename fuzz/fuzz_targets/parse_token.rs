//! The token parse entry point on arbitrary text: no panic, every failure
//! `ERR_INVALID_TOKEN`, every success within the limits and verifiable.
//! `npm run fuzz` (scripts/fuzz-tokens.sh) runs it; the corpus starts from
//! fuzz/corpus/parse_token.
#![no_main]

use agora_convoai_core::token::limits::{MAX_CONTENT, MAX_SERVICES};
use agora_convoai_core::token::{self, ParsedToken};
use agora_convoai_core::ErrorCode;
use libfuzzer_sys::fuzz_target;

const CERTIFICATE: &str = "5CFd2fd1755d40ecb72977518be15d3b";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match token::parse(text) {
        Err(e) => assert_eq!(e.code, ErrorCode::InvalidToken),
        Ok(parsed) => {
            if let ParsedToken::V007(p) = &parsed {
                assert!(p.signature().len() + p.signing_info().len() + 2 <= MAX_CONTENT);
                assert!(p.token.services.len() <= MAX_SERVICES);
            }
            let context = ("c".to_owned(), "".into());
            assert!(token::verify(&parsed, CERTIFICATE, Some(&context)).is_ok());
            let _ = parsed.to_json();
        }
    }
});
