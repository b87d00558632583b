//! Rough per-call cost of the core token functions (no napi), and of the
//! worst hostile tokens against a normal one:
//! `cargo run --release -p agora-convoai-core --example token_speed`.

#[path = "../tests/support/hostile.rs"]
mod hostile;

use agora_convoai_core::token::rtc::{
    build_rtc_rtm_token, build_rtc_token, RtcTokenOptions, RtmExtras,
};
use agora_convoai_core::token::{self, access_token2, signature, zlib};
use std::hint::black_box;
use std::time::Instant;

fn time(name: &str, n: u32, f: impl FnMut()) -> f64 {
    let us = micros(n, f);
    println!("{name}: {us:.2} µs");
    us
}

fn micros(n: u32, mut f: impl FnMut()) -> f64 {
    let start = Instant::now();
    for _ in 0..n {
        f();
    }
    start.elapsed().as_secs_f64() * 1e6 / f64::from(n)
}

fn main() {
    let certificate = "5CFd2fd1755d40ecb72977518be15d3b";
    let o = RtcTokenOptions::new(
        "970CA35de60c44645bbae8a215061b33",
        certificate,
        "7d72365eb983485397e3e3f9d460bdda",
        "user-2882341273".into(),
    );
    let extras = RtmExtras::default();
    // Iterations per measurement; a small count suits valgrind/callgrind.
    let n = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200_000);
    time("build_rtc_token", n, || {
        black_box(build_rtc_token(o).ok());
    });
    time("build_rtc_rtm_token", n, || {
        black_box(build_rtc_rtm_token(o, extras).ok());
    });
    let t = build_rtc_rtm_token(o, extras).unwrap_or_default();
    let content = access_token2::unwrap(&t).unwrap_or_default();
    time("sign_007", n, || {
        black_box(signature::sign_007(
            certificate,
            1_700_000_000,
            black_box(5),
            &content,
        ));
    });
    let rtc_content = access_token2::unwrap(&build_rtc_token(o).unwrap_or_default());
    let rtc_content = rtc_content.unwrap_or_default();
    time(
        &format!("zlib compress ({} bytes, RTC)", rtc_content.len()),
        n,
        || {
            black_box(zlib::compress(&rtc_content));
        },
    );
    time(
        &format!("zlib compress ({} bytes, RTC+RTM)", content.len()),
        n,
        || {
            black_box(zlib::compress(&content));
        },
    );
    // Above 192 bytes the dynamic-Huffman block may be built: an RTC+RTM
    // token with a UUID account (common; its fixed block is as short) and
    // an RTC token whose strings are all digits (few characters: it needs
    // the dynamic block to stay within the length rule).
    let uuid = RtcTokenOptions::new(
        o.app_id,
        certificate,
        o.channel_name,
        "user-3f2504e0-4f89-11d3-9a0c-0305e82c3301".into(),
    );
    let uuid = build_rtc_rtm_token(uuid, extras).unwrap_or_default();
    // Digits without repeats (xorshift), the longest channel name.
    let digits = |n: usize, mut x: u32| -> String {
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                char::from(b'0' + (x % 10) as u8)
            })
            .collect()
    };
    let (channel, account) = (digits(63, 0x2545_f491), digits(79, 0x9e37_79b9));
    let digits = RtcTokenOptions::new(o.app_id, certificate, &channel, account.as_str().into());
    let digits = build_rtc_token(digits).unwrap_or_default();
    for (what, t) in [("RTC+RTM, UUID account", uuid), ("RTC, digits", digits)] {
        let content = access_token2::unwrap(&t).unwrap_or_default();
        time(
            &format!("zlib compress ({} bytes, {what})", content.len()),
            n,
            || {
                black_box(zlib::compress(&content));
            },
        );
    }
    let compressed = zlib::compress(&content);
    time("zlib decompress", n, || {
        black_box(zlib::decompress(&compressed).ok());
    });
    time("parse", n, || {
        black_box(access_token2::parse(&t).ok());
    });
    time("parse+verify", n, || {
        black_box(
            token::parse(&t)
                .map(|p| token::verify(&p, certificate, None))
                .ok(),
        );
    });
    time("parse+to_json", n, || {
        black_box(token::parse(&t).map(|p| p.to_json()).ok());
    });
    hostile_tokens(certificate, n);
}

/// Parse + verify of each hostile token, and the worst against a normal
/// RTC+RTM token.
fn hostile_tokens(certificate: &str, n: u32) {
    let parse_verify = |t: &str| {
        black_box(
            token::parse(t)
                .map(|p| token::verify(&p, certificate, None))
                .ok(),
        );
    };
    let normal = hostile::normal_token();
    let base = time("normal RTC+RTM parse+verify", n, || parse_verify(&normal));
    let mut worst = (0.0, "");
    for h in hostile::all() {
        let us = micros((n / 200).max(20), || parse_verify(&h.token));
        println!("  hostile: {us:8.2} µs  {:6.1}×  {}", us / base, h.name);
        if us > worst.0 {
            worst = (us, h.name);
        }
    }
    println!(
        "worst hostile parse+verify: {:.1} µs, {:.0}× a normal token ({})",
        worst.0,
        worst.0 / base,
        worst.1
    );
}
