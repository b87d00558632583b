//! Rough per-call cost of the core builders (no napi): `cargo run --release --example token_speed`.
use agora_convoai_core::token::access_token2;
use agora_convoai_core::token::rtc::{build_rtc_rtm_token, build_rtc_token, RtcTokenOptions, RtmExtras};
use std::time::Instant;

fn time(name: &str, n: u32, mut f: impl FnMut()) {
    let start = Instant::now();
    for _ in 0..n {
        f();
    }
    println!("{name}: {:.2} µs", start.elapsed().as_secs_f64() * 1e6 / f64::from(n));
}

fn main() {
    let o = RtcTokenOptions::new(
        "970CA35de60c44645bbae8a215061b33",
        "5CFd2fd1755d40ecb72977518be15d3b",
        "7d72365eb983485397e3e3f9d460bdda",
        2882341273u32.into(),
    );
    let extras = RtmExtras::default();
    let n = 200_000;
    time("build_rtc_token", n, || {
        std::hint::black_box(build_rtc_token(&o).ok());
    });
    time("build_rtc_rtm_token", n, || {
        std::hint::black_box(build_rtc_rtm_token(&o, &extras).ok());
    });
    let t = build_rtc_rtm_token(&o, &extras).unwrap_or_default();
    let content = access_token2::unwrap(&t).unwrap_or_default();
    time("zlib compress", n, || {
        std::hint::black_box(agora_convoai_core::token::zlib::compress(&content));
    });
    time("parse", n, || {
        std::hint::black_box(access_token2::parse(&t).ok());
    });
    time("parse+to_json", n, || {
        std::hint::black_box(agora_convoai_core::token::parse(&t).map(|p| p.to_json()).ok());
    });
}
