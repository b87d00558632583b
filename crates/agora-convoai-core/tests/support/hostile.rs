//! Hostile token texts, each the costliest of its shape that the limits of
//! `token::limits` let through, or the first one they refuse. Shared by
//! `tests/hostile_tokens.rs` (what each parses to) and
//! `examples/token_speed.rs` (what each costs).
// Each user takes the part it needs.
#![allow(dead_code, clippy::indexing_slicing)]

use agora_convoai_core::token::limits::{MAX_CONTENT, MAX_ENTRIES, MAX_SERVICES, MAX_TOKEN_CHARS};
use agora_convoai_core::token::signature::{hmac_sha256, sign_007};
use agora_convoai_core::token::{access_token2, zlib};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;

pub const CERTIFICATE: &str = "5CFd2fd1755d40ecb72977518be15d3b";
pub const APP_ID: &str = "970CA35de60c44645bbae8a215061b33";

/// What parsing a hostile token must give.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    Refused,
    /// Parsed with this many services and privileges + RTM2 entries, and
    /// signed with [`CERTIFICATE`].
    Parsed {
        services: usize,
        entries: usize,
    },
}

pub struct Hostile {
    pub name: &'static str,
    pub token: String,
    pub expect: Expect,
}

/// Little-endian packing (docs/token-format.md), by hand.
#[derive(Default)]
pub struct Pack(pub Vec<u8>);

impl Pack {
    pub fn u16(&mut self, v: u16) -> &mut Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    pub fn u32(&mut self, v: u32) -> &mut Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    pub fn bytes(&mut self, v: &[u8]) -> &mut Self {
        self.u16(v.len() as u16);
        self.0.extend_from_slice(v);
        self
    }
    pub fn map(&mut self, entries: impl ExactSizeIterator<Item = (u16, u32)>) -> &mut Self {
        self.u16(entries.len() as u16);
        for (k, v) in entries {
            self.u16(k).u32(v);
        }
        self
    }
}

/// Signing info: the header fields, `count` declared services, then
/// `services` as packed.
pub fn signing_info(count: u16, services: &[u8]) -> Vec<u8> {
    let mut p = Pack::default();
    p.bytes(APP_ID.as_bytes())
        .u32(1_700_000_000)
        .u32(600)
        .u32(7);
    p.u16(count);
    p.0.extend_from_slice(services);
    p.0
}

/// The content of a token with `signing_info`, signed with [`CERTIFICATE`].
pub fn signed(signing_info: &[u8]) -> Vec<u8> {
    let signature = sign_007(CERTIFICATE, 1_700_000_000, 7, signing_info);
    let mut p = Pack::default();
    p.bytes(&signature);
    p.0.extend_from_slice(signing_info);
    p.0
}

/// A signed 007 token of `count` declared services packed as `services`.
pub fn token_007(count: u16, services: &[u8]) -> String {
    access_token2::wrap(&signed(&signing_info(count, services)))
}

/// An RTC service with `privileges` and the two strings.
pub fn rtc(
    privileges: impl ExactSizeIterator<Item = (u16, u32)>,
    channel: &[u8],
    uid: &[u8],
) -> Vec<u8> {
    let mut p = Pack::default();
    p.u16(1).map(privileges).bytes(channel).bytes(uid);
    p.0
}

/// LSB-first bits, for deflate streams no encoder would write.
#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn put(&mut self, v: u64, n: u32) {
        self.acc |= v << self.n;
        self.n += n;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }
    fn align(&mut self) {
        if self.n > 0 {
            self.put(0, 8 - self.n);
        }
    }
}

/// A non-final fixed-Huffman block holding only its end (10 bits).
fn empty_fixed_block(b: &mut Bits) {
    b.put(0b010, 3);
    b.put(0, 7);
}

/// A non-final dynamic-Huffman block holding only its end: 257 literal /
/// length code lengths and one distance code length to decode first, so
/// the inflater builds its tables for nothing (90 bits).
fn empty_dynamic_block(b: &mut Bits) {
    b.put(0b100, 3); // not final, BTYPE = 10
    b.put(0, 5); // 257 literal/length codes
    b.put(0, 5); // 1 distance code
    b.put(14, 4); // 18 code-length codes
                  // Code-length code: symbols 1 and 18 get 1-bit codes ('0' and '1').
    for symbol in [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1] {
        b.put(u64::from(symbol == 18 || symbol == 1), 3);
    }
    b.put(0, 1); // literal 0: length 1
    b.put(1, 1); // 138 zeros
    b.put(127, 7);
    b.put(1, 1); // 117 zeros
    b.put(106, 7);
    b.put(0, 1); // end of block (256): length 1
    b.put(0, 1); // the distance code: length 1
    b.put(1, 1); // the data: end of block
}

/// A non-final dynamic-Huffman block whose codes use every literal/length
/// and distance symbol (226 8-bit and 60 9-bit codes, 2 4-bit and 28
/// 5-bit distance codes, all complete), holding only its end: the most
/// table to build that run-length coding lets a block describe in ~30
/// bytes.
fn full_dynamic_block(b: &mut Bits) {
    b.put(0b100, 3);
    b.put(29, 5); // 286 literal/length codes
    b.put(29, 5); // 30 distance codes
    b.put(8, 4); // 12 code-length codes: up to symbol 4 in the order
                 // Code-length code: 16 (repeat the previous 3-6 times) gets '0', 4, 5,
                 // 8 and 9 get 3-bit codes ('100', '101', '110', '111' in that order).
    for symbol in [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4] {
        let len = match symbol {
            16 => 1,
            4 | 5 | 8 | 9 => 3,
            _ => 0,
        };
        b.put(len, 3);
    }
    // Canonical codes go in MSB-first: reversed for this LSB-first writer.
    let code = |b: &mut Bits, symbol: u64| match symbol {
        4 => b.put(0b001, 3),
        5 => b.put(0b101, 3),
        8 => b.put(0b011, 3),
        _ => b.put(0b111, 3),
    };
    let run = |b: &mut Bits, symbol: u64, mut n: u32| {
        code(b, symbol);
        n -= 1;
        while n >= 3 {
            let k = n.min(6);
            b.put(0, 1);
            b.put(u64::from(k - 3), 2);
            n -= k;
        }
        for _ in 0..n {
            code(b, symbol);
        }
    };
    run(b, 8, 226);
    run(b, 9, 60);
    run(b, 4, 2);
    run(b, 5, 28);
    // End of block (256) is the 31st 9-bit code: after the 226 8-bit
    // codes, 9-bit codes start at 226 * 2 = 452, so its code is 482.
    b.put(u64::from(482u32.reverse_bits() >> 23), 9);
}

/// A zlib stream of as many `block`s as fit before a final stored block of
/// `content`, the whole at most `room` bytes.
fn padded_stream(content: &[u8], room: usize, block: fn(&mut Bits)) -> Vec<u8> {
    let block_bits = {
        let mut one = Bits::default();
        block(&mut one);
        one.out.len() * 8 + one.n as usize
    };
    let mut b = Bits::default();
    b.out.extend_from_slice(&[0x78, 0x9c]);
    // Then: a byte of alignment, the stored block (5 + content), Adler-32.
    while (b.out.len() * 8 + b.n as usize + block_bits) / 8 + 10 + content.len() <= room {
        block(&mut b);
    }
    b.put(1, 3); // final, stored
    b.align();
    let len = content.len() as u16;
    b.out.extend_from_slice(&len.to_le_bytes());
    b.out.extend_from_slice(&(!len).to_le_bytes());
    b.out.extend_from_slice(content);
    b.out
        .extend_from_slice(&zlib::adler32(content).to_be_bytes());
    b.out
}

/// Compressed bytes that fit in a token of [`MAX_TOKEN_CHARS`] characters.
pub const MAX_COMPRESSED: usize = (MAX_TOKEN_CHARS - 3) / 4 * 3;

fn token_of_stream(stream: &[u8]) -> String {
    format!("007{}", BASE64.encode(stream))
}

/// A normal RTC+RTM token's services: the yardstick of the hostile ones.
pub fn normal_services() -> (u16, Vec<u8>) {
    let mut services = rtc(
        [(1, 3600), (2, 3600), (3, 3600), (4, 3600)].into_iter(),
        b"7d72365eb983485397e3e3f9d460bdda",
        b"user-2882341273",
    );
    let mut p = Pack::default();
    p.u16(2)
        .map([(1, 3600)].into_iter())
        .bytes(b"user-2882341273");
    services.extend_from_slice(&p.0);
    (2, services)
}

pub fn normal_token() -> String {
    let (count, services) = normal_services();
    token_007(count, &services)
}

/// Every hostile shape we know of.
pub fn all() -> Vec<Hostile> {
    let mut out = Vec::new();
    let mut add = |name, token: String, expect| {
        out.push(Hostile {
            name,
            token,
            expect,
        })
    };
    let (count, normal) = normal_services();
    let normal_content = signed(&signing_info(count, &normal));
    let normal_parsed = Expect::Parsed {
        services: 2,
        entries: 5,
    };

    // Text.
    add(
        "16 MiB of text",
        format!("007{}", "A".repeat(16 << 20)),
        Expect::Refused,
    );
    let at_cap = "007".to_owned() + &"A".repeat(MAX_TOKEN_CHARS - 3);
    add("text at the cap, not zlib", at_cap, Expect::Refused);
    let over = normal_token() + &"A".repeat(MAX_TOKEN_CHARS);
    add("a normal token padded past the cap", over, Expect::Refused);
    let legacy = "006".to_owned() + APP_ID + &"A".repeat(MAX_TOKEN_CHARS - 35);
    add("006 text at the cap", legacy, Expect::Refused);

    // The deflate stream.
    let stream = padded_stream(&normal_content, MAX_COMPRESSED, empty_fixed_block);
    add(
        "empty fixed blocks, then a normal token",
        token_of_stream(&stream),
        normal_parsed,
    );
    let stream = padded_stream(&normal_content, MAX_COMPRESSED, full_dynamic_block);
    add(
        "full dynamic blocks, then a normal token",
        token_of_stream(&stream),
        normal_parsed,
    );
    let mut stream = padded_stream(&normal_content, MAX_COMPRESSED, empty_dynamic_block);
    add(
        "empty dynamic blocks, then a normal token",
        token_of_stream(&stream),
        normal_parsed,
    );
    if let Some(last) = stream.last_mut() {
        *last ^= 1;
    }
    add(
        "empty dynamic blocks, then a wrong Adler-32",
        token_of_stream(&stream),
        Expect::Refused,
    );
    let bomb = access_token2::wrap(&vec![0; MAX_CONTENT + 1]);
    add("zlib bomb, one byte over the cap", bomb, Expect::Refused);
    let mut dictionary = zlib::compress(&normal_content);
    dictionary[1] = 0xbb; // FDICT, header checksum still right
    add(
        "preset dictionary",
        token_of_stream(&dictionary),
        Expect::Refused,
    );

    // Content of the largest size.
    let around = signed(&signing_info(1, &rtc([(1, 0)].into_iter(), b"", b"1"))).len();
    let channel = vec![b'a'; MAX_CONTENT - around];
    let one = rtc([(1, 0)].into_iter(), &channel, b"1");
    add(
        "64 KiB of content, one long channel",
        token_007(1, &one),
        Expect::Parsed {
            services: 1,
            entries: 1,
        },
    );

    // Services.
    let fpa = [4u8, 0, 0, 0]; // FPA, no privileges
    add(
        "65535 services declared",
        token_007(u16::MAX, &fpa.repeat(16_000)),
        Expect::Refused,
    );
    let many = MAX_SERVICES as u16;
    add(
        "one service over the cap",
        token_007(many + 1, &fpa.repeat(usize::from(many) + 1)),
        Expect::Refused,
    );
    let per = MAX_ENTRIES / MAX_SERVICES;
    let privileges = || (0..per as u16).rev().map(|k| (k, u32::from(k)));
    // Each service packs 8 + 6 a privilege bytes besides its two strings.
    let long = vec![b'x'; (MAX_CONTENT - 100 - (8 + 6 * per) * MAX_SERVICES) / MAX_SERVICES / 2];
    let services = rtc(privileges(), &long, &long).repeat(MAX_SERVICES);
    add(
        "the most services and privileges (descending), 60 KiB of strings",
        token_007(many, &services),
        Expect::Parsed {
            services: MAX_SERVICES,
            entries: MAX_ENTRIES,
        },
    );
    let small = rtc(privileges(), b"", b"").repeat(MAX_SERVICES);
    add(
        "the most services and privileges (descending)",
        token_007(many, &small),
        Expect::Parsed {
            services: MAX_SERVICES,
            entries: MAX_ENTRIES,
        },
    );

    // Privilege maps.
    let map = |n: usize| rtc((0..n as u16).rev().map(|k| (k, 1)), b"c", b"u");
    add(
        "512 privileges in descending order",
        token_007(1, &map(MAX_ENTRIES)),
        Expect::Parsed {
            services: 1,
            entries: MAX_ENTRIES,
        },
    );
    add(
        "513 privileges",
        token_007(1, &map(MAX_ENTRIES + 1)),
        Expect::Refused,
    );
    let mut claim = Pack::default();
    claim.u16(1).u16(u16::MAX).u16(1).u32(1);
    add(
        "a map claiming 65535 privileges",
        token_007(1, &claim.0),
        Expect::Refused,
    );
    let same = rtc(std::iter::repeat_n((1, 5), MAX_ENTRIES), b"c", b"u");
    add(
        "one privilege 512 times",
        token_007(1, &same),
        Expect::Parsed {
            services: 1,
            entries: 1,
        },
    );

    // RTM2 permissions.
    let rtm2 = |resources: &[(u16, &[(u16, usize)])], name: &[u8]| {
        let mut p = Pack::default();
        p.u16(8).map([(1, 600)].into_iter()).bytes(b"user");
        p.u16(resources.len() as u16);
        for &(resource, perms) in resources {
            p.u16(resource).u16(perms.len() as u16);
            for &(permission, names) in perms {
                p.u16(permission).u16(names as u16);
                for _ in 0..names {
                    p.bytes(name);
                }
            }
        }
        p.0
    };
    let names = MAX_ENTRIES - 3;
    add(
        "RTM2, 509 empty names",
        token_007(1, &rtm2(&[(0, &[(0, names)])], b"")),
        Expect::Parsed {
            services: 1,
            entries: MAX_ENTRIES,
        },
    );
    add(
        "RTM2, 510 empty names",
        token_007(1, &rtm2(&[(0, &[(0, names + 1)])], b"")),
        Expect::Refused,
    );
    let long_name = vec![b'n'; 120];
    add(
        "RTM2, 509 names of 120 bytes",
        token_007(1, &rtm2(&[(0, &[(0, names)])], &long_name)),
        Expect::Parsed {
            services: 1,
            entries: MAX_ENTRIES,
        },
    );
    // Types in descending order, each twice: sorted and merged.
    let one_name: &[(u16, usize)] = &[(1, 1), (0, 1)];
    // A resource type charges 1 + 2 + 2 entries, the login privilege 1.
    let pairs = (MAX_ENTRIES - 1) / 10;
    let resources: Vec<(u16, &[(u16, usize)])> = (0..2 * pairs)
        .map(|k| (200 - k as u16 / 2, one_name))
        .collect();
    add(
        "RTM2, resource types descending, each twice",
        token_007(1, &rtm2(&resources, b"ch")),
        Expect::Parsed {
            services: 1,
            // Distinct resource types, 2 permission types each, 2 names a
            // repeat, the login privilege.
            entries: pairs + 2 * pairs + 4 * pairs + 1,
        },
    );
    let mut claim = Pack::default();
    claim
        .u16(8)
        .map([(1, 600)].into_iter())
        .bytes(b"u")
        .u16(u16::MAX);
    add(
        "RTM2 claiming 65535 resource types",
        token_007(1, &claim.0),
        Expect::Refused,
    );

    // 006.
    let legacy = |n: usize| legacy_006((0..n as u16).rev().map(|k| (k, 1_700_000_000)).collect());
    // The entry budget binds before the text cap: 256 privileges pack
    // 1,536 bytes, ~2,200 characters.
    let fit = MAX_ENTRIES;
    add(
        "006, the most privileges (descending)",
        legacy(fit),
        Expect::Parsed {
            services: 0,
            entries: fit,
        },
    );
    add(
        "006, one privilege over the budget",
        legacy(fit + 1),
        Expect::Refused,
    );
    out
}

/// A 006 token of `privileges` as packed, signed for channel "c", uid "".
pub fn legacy_006(privileges: Vec<(u16, u32)>) -> String {
    let mut m = Pack::default();
    m.u32(7).u32(1_700_000_000).map(privileges.into_iter());
    let signature = hmac_sha256(
        CERTIFICATE.as_bytes(),
        &[APP_ID.as_bytes(), b"c", b"", &m.0],
    );
    let mut p = Pack::default();
    p.bytes(&signature)
        .u32(crc32fast::hash(b"c"))
        .u32(crc32fast::hash(b""))
        .bytes(&m.0);
    format!("006{APP_ID}{}", BASE64.encode(&p.0))
}
