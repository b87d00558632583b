//! A small inflater (RFC 1951) for token content.
//!
//! Why not miniz_oxide: a token is one short block, and miniz rebuilds its
//! Huffman lookup tables for every block, fixed ones included, which cost
//! ~2 µs of the ~3 µs a token parse took. Here the fixed tables are built
//! once per process and a dynamic block builds a 512-entry table. Every
//! malformed stream is an error, never a panic; the output is capped.

// Indexes are into fixed-size arrays with values bounded by the bit widths
// they were read with (or checked right before); the rest use `get`.
#![allow(clippy::indexing_slicing)]

use crate::token::deflate_tables::{DIST_BASE, DIST_EXTRA, LENGTH_BASE, LENGTH_EXTRA};
use std::sync::OnceLock;

use crate::error::{Error, Result};

/// Codes up to this many bits decode with one table lookup; longer ones
/// (only in dynamic blocks) take the bit-by-bit path.
const FAST_BITS: u32 = 9;
const MAX_BITS: usize = 15;

fn corrupt() -> Error {
    Error::invalid_token("token is not a valid zlib stream")
}

/// LSB-first bit reader over a byte slice.
struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
    buf: u64,
    count: u32,
}

impl<'a> Bits<'a> {
    #[inline(always)]
    fn refill(&mut self) {
        // Fast path: eight bytes at once, keeping whole bytes only (bits
        // above `count` must stay zero for the next refill's OR).
        if let Some(chunk) = self.data.get(self.pos..self.pos + 8) {
            if self.count < 56 {
                let mut word = [0u8; 8];
                word.copy_from_slice(chunk);
                let bytes = (63 - self.count) / 8;
                self.buf |= u64::from_le_bytes(word) << self.count;
                self.pos += bytes as usize;
                self.count += bytes * 8;
                self.buf &= (1u64 << self.count) - 1;
                return;
            }
        }
        while self.count <= 56 {
            let Some(&b) = self.data.get(self.pos) else {
                break;
            };
            self.buf |= u64::from(b) << self.count;
            self.pos += 1;
            self.count += 8;
        }
    }
    fn take(&mut self, n: u32) -> Result<u32> {
        if self.count < n {
            self.refill();
            if self.count < n {
                return Err(corrupt());
            }
        }
        let v = (self.buf & ((1u64 << n) - 1)) as u32;
        self.buf >>= n;
        self.count -= n;
        Ok(v)
    }
    /// Drops the bits of a partial byte; returns the position of the next
    /// unread input byte.
    fn align(&mut self) -> usize {
        let partial = self.count % 8;
        self.buf >>= partial;
        self.count -= partial;
        self.pos - (self.count / 8) as usize
    }
    /// Restarts byte-wise reading at `pos` (after `align`).
    fn seek(&mut self, pos: usize) {
        self.pos = pos;
        self.buf = 0;
        self.count = 0;
    }
}

/// Canonical Huffman decoder.
struct Huffman {
    /// By the next FAST_BITS input bits: `(length << 9) | symbol`, 0 = longer code.
    fast: [u16; 1 << FAST_BITS],
    /// Number of codes of each length.
    count: [u16; MAX_BITS + 1],
    /// Symbols ordered by code.
    symbols: [u16; 288],
}

impl Huffman {
    fn new(lengths: &[u8]) -> Result<Self> {
        let mut h = Self {
            fast: [0; 1 << FAST_BITS],
            count: [0; MAX_BITS + 1],
            symbols: [0; 288],
        };
        for &len in lengths {
            *h.count.get_mut(usize::from(len)).ok_or_else(corrupt)? += 1;
        }
        h.count[0] = 0;
        // Refuse over-subscribed code sets; incomplete ones are allowed (a
        // missing code then fails at decode time), as in zlib.
        let mut left = 1i32;
        let mut offsets = [0u16; MAX_BITS + 2];
        for len in 1..=MAX_BITS {
            left = (left << 1) - i32::from(h.count[len]);
            if left < 0 {
                return Err(corrupt());
            }
            offsets[len + 1] = offsets[len] + h.count[len];
        }
        let mut next_code = [0u32; MAX_BITS + 1];
        let mut code = 0u32;
        for (len, next) in next_code.iter_mut().enumerate().skip(1) {
            code = (code + u32::from(h.count[len - 1])) << 1;
            *next = code;
        }
        for (symbol, &len) in lengths.iter().enumerate() {
            let len = usize::from(len);
            if len == 0 {
                continue;
            }
            let slot = &mut offsets[len];
            *h.symbols.get_mut(usize::from(*slot)).ok_or_else(corrupt)? = symbol as u16;
            *slot += 1;
            let code = next_code[len];
            next_code[len] += 1;
            if len <= FAST_BITS as usize {
                let reversed = (code.reverse_bits() >> (32 - len)) as usize;
                let entry = ((len as u16) << 9) | symbol as u16;
                let mut i = reversed;
                while i < h.fast.len() {
                    h.fast[i] = entry;
                    i += 1 << len;
                }
            }
        }
        Ok(h)
    }

    #[inline(always)]
    fn decode(&self, bits: &mut Bits<'_>) -> Result<u16> {
        if bits.count < FAST_BITS {
            bits.refill();
        }
        let entry = self.fast[(bits.buf & ((1 << FAST_BITS) - 1)) as usize];
        let len = u32::from(entry >> 9);
        if entry != 0 && len <= bits.count {
            bits.buf >>= len;
            bits.count -= len;
            return Ok(entry & 0x1FF);
        }
        self.decode_slow(bits)
    }

    /// Bit-by-bit canonical decode (puff.c), for codes longer than FAST_BITS
    /// and for the last few bits of the input.
    fn decode_slow(&self, bits: &mut Bits<'_>) -> Result<u16> {
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for len in 1..=MAX_BITS {
            code |= bits.take(1)? as i32;
            let count = i32::from(self.count[len]);
            if code - count < first {
                return self
                    .symbols
                    .get((index + code - first) as usize)
                    .copied()
                    .ok_or_else(corrupt);
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        Err(corrupt())
    }
}

fn fixed_tables() -> &'static (Huffman, Huffman) {
    static TABLES: OnceLock<(Huffman, Huffman)> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut lengths = [8u8; 288];
        lengths[144..256].fill(9);
        lengths[256..280].fill(7);
        // Both code sets are complete, so construction cannot fail; the
        // fallback (an empty code that decodes nothing) keeps this total.
        let empty = || Huffman {
            fast: [0; 1 << FAST_BITS],
            count: [0; MAX_BITS + 1],
            symbols: [0; 288],
        };
        (
            Huffman::new(&lengths).unwrap_or_else(|_| empty()),
            Huffman::new(&[5u8; 30]).unwrap_or_else(|_| empty()),
        )
    })
}

fn too_big() -> Error {
    Error::invalid_token("token content inflates beyond 1 MiB")
}

/// One Huffman-coded block's symbols into `out`.
fn codes(
    bits: &mut Bits<'_>,
    out: &mut Vec<u8>,
    lit: &Huffman,
    dist: &Huffman,
    cap: usize,
) -> Result<()> {
    loop {
        let symbol = lit.decode(bits)?;
        match symbol {
            0..=255 => {
                if out.len() >= cap {
                    return Err(too_big());
                }
                out.push(symbol as u8);
            }
            256 => return Ok(()),
            _ => {
                let i = usize::from(symbol - 257);
                let (base, extra) = LENGTH_BASE
                    .get(i)
                    .zip(LENGTH_EXTRA.get(i))
                    .ok_or_else(corrupt)?;
                let len = usize::from(*base) + bits.take(u32::from(*extra))? as usize;
                let d = usize::from(dist.decode(bits)?);
                let (base, extra) = DIST_BASE
                    .get(d)
                    .zip(DIST_EXTRA.get(d))
                    .ok_or_else(corrupt)?;
                let distance = usize::from(*base) + bits.take(u32::from(*extra))? as usize;
                if distance > out.len() {
                    return Err(corrupt());
                }
                if out.len() + len > cap {
                    return Err(too_big());
                }
                let start = out.len() - distance;
                if distance >= len {
                    out.extend_from_within(start..start + len);
                } else {
                    // Overlapping copy: a run repeating the last `distance` bytes.
                    for k in start..start + len {
                        let b = out.get(k).copied().ok_or_else(corrupt)?;
                        out.push(b);
                    }
                }
            }
        }
    }
}

/// Order in which code length code lengths are sent (RFC 1951 §3.2.7).
const CLEN_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

fn dynamic_tables(bits: &mut Bits<'_>) -> Result<(Huffman, Huffman)> {
    let nlen = bits.take(5)? as usize + 257;
    let ndist = bits.take(5)? as usize + 1;
    let ncode = bits.take(4)? as usize + 4;
    if nlen > 286 || ndist > 30 {
        return Err(corrupt());
    }
    let mut clen = [0u8; 19];
    for &i in CLEN_ORDER.iter().take(ncode) {
        clen[i] = bits.take(3)? as u8;
    }
    let clen = Huffman::new(&clen)?;
    let mut lengths = [0u8; 286 + 30];
    let mut i = 0;
    while i < nlen + ndist {
        let symbol = clen.decode(bits)?;
        let (value, repeat) = match symbol {
            0..=15 => (symbol as u8, 1),
            16 => {
                let prev = i
                    .checked_sub(1)
                    .and_then(|p| lengths.get(p))
                    .ok_or_else(corrupt)?;
                (*prev, 3 + bits.take(2)? as usize)
            }
            17 => (0, 3 + bits.take(3)? as usize),
            _ => (0, 11 + bits.take(7)? as usize),
        };
        if i + repeat > nlen + ndist {
            return Err(corrupt());
        }
        lengths[i..i + repeat].fill(value);
        i += repeat;
    }
    if lengths[256] == 0 {
        return Err(corrupt()); // no end-of-block code
    }
    Ok((
        Huffman::new(&lengths[..nlen])?,
        Huffman::new(&lengths[nlen..nlen + ndist])?,
    ))
}

/// Inflates a raw deflate stream from the start of `data`. Returns the
/// output and the number of input bytes the stream used.
pub fn inflate(data: &[u8], cap: usize) -> Result<(Vec<u8>, usize)> {
    let mut out = Vec::with_capacity(data.len().saturating_mul(3).min(cap).min(4096));
    let mut bits = Bits {
        data,
        pos: 0,
        buf: 0,
        count: 0,
    };
    loop {
        let last = bits.take(1)? == 1;
        match bits.take(2)? {
            0 => {
                let pos = bits.align();
                let header = data.get(pos..pos + 4).ok_or_else(corrupt)?;
                let len = usize::from(u16::from_le_bytes([header[0], header[1]]));
                let nlen = u16::from_le_bytes([header[2], header[3]]);
                if nlen != !(len as u16) {
                    return Err(corrupt());
                }
                let body = data.get(pos + 4..pos + 4 + len).ok_or_else(corrupt)?;
                if out.len() + len > cap {
                    return Err(too_big());
                }
                out.extend_from_slice(body);
                bits.seek(pos + 4 + len);
            }
            1 => {
                let (lit, dist) = fixed_tables();
                codes(&mut bits, &mut out, lit, dist, cap)?;
            }
            2 => {
                let (lit, dist) = dynamic_tables(&mut bits)?;
                codes(&mut bits, &mut out, &lit, &dist, cap)?;
            }
            _ => return Err(corrupt()),
        }
        if last {
            return Ok((out, bits.align()));
        }
    }
}
