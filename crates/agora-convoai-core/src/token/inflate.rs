//! A small inflater (RFC 1951) for token content.
//!
//! Why not miniz_oxide: a token is one short block, and miniz rebuilds its
//! Huffman lookup tables for every block, fixed ones included, which cost
//! ~2 µs of the ~3 µs a token parse took. Here the fixed tables are built
//! once per process and a dynamic block builds its tables on the stack. Every
//! malformed stream is an error, never a panic; the output is capped.
//!
//! Speed (a token is ~150 symbols, nearly all literals): the bit buffer is a
//! u64 refilled eight bytes at a time, kept in locals through the decode
//! loop; one table lookup yields a whole symbol (kind, value, code length and
//! the count of extra bits); the output is written by index into a buffer
//! that is grown ahead, not pushed byte by byte; and the fixed code decodes
//! runs of 8-bit literal codes a byte of the buffer at a time, with lookups
//! that do not wait on each other.

// Indexes are into fixed-size arrays with values masked to their size (or
// checked right before); the rest use `get`.
#![allow(clippy::indexing_slicing)]

use crate::token::deflate_tables::{DIST_BASE, DIST_EXTRA, LENGTH_BASE, LENGTH_EXTRA};
use std::sync::OnceLock;

use crate::error::{Error, Result};

const MAX_BITS: usize = 15;

/// Lookup entry layout (u32). An entry of 0 means "no code of at most the
/// table's bits starts here": the canonical bit-by-bit decode settles it.
///
/// bits 0..5   code length (the bits the table lookup consumes)
/// bits 8..12  extra bits that follow the code (lengths and distances)
/// bits 12..16 kind: one of the flags below
/// bits 16..32 value: literal byte, length or distance base, or the symbol
const LEN_MASK: u32 = 0x1F;
const LITERAL: u32 = 1 << 12;
/// A length (lit/len table) or a distance (distance table): `value` is the
/// base, `(entry >> 8) & 15` the extra bits.
const BASE: u32 = 1 << 13;
const END: u32 = 1 << 14;
/// A symbol the format reserves (lit/len 286-287, distance 30-31).
const INVALID: u32 = 1 << 15;

#[cold]
#[inline(never)]
fn corrupt() -> Error {
    Error::invalid_token("token is not a valid zlib stream")
}

#[cold]
#[inline(never)]
fn too_big() -> Error {
    Error::invalid_token("token content inflates beyond 1 MiB")
}

/// What a decoded symbol means, as a table entry without its code length.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Alphabet {
    /// Literal/length symbols 0-287.
    LitLen,
    /// Distance symbols 0-31.
    Dist,
    /// Code length symbols 0-18: the value is the symbol itself.
    CodeLen,
}

impl Alphabet {
    fn entry(self, symbol: u16) -> u32 {
        let s = usize::from(symbol);
        match self {
            Self::LitLen => match s {
                0..=255 => LITERAL | u32::from(symbol) << 16,
                256 => END,
                _ => match LENGTH_BASE.get(s - 257).zip(LENGTH_EXTRA.get(s - 257)) {
                    Some((&base, &extra)) => BASE | u32::from(extra) << 8 | u32::from(base) << 16,
                    None => INVALID,
                },
            },
            Self::Dist => match DIST_BASE.get(s).zip(DIST_EXTRA.get(s)) {
                Some((&base, &extra)) => BASE | u32::from(extra) << 8 | u32::from(base) << 16,
                None => INVALID,
            },
            Self::CodeLen => LITERAL | u32::from(symbol) << 16,
        }
    }
}

/// Canonical Huffman decoder with an `N`-entry (power of two) lookup table.
struct Table<const N: usize> {
    /// By the next log2(N) input bits: the entry of the code they start with.
    fast: [u32; N],
    /// Number of codes of each length (for codes longer than the table).
    count: [u16; MAX_BITS + 1],
    /// Symbols ordered by code.
    symbols: [u16; 288],
    alphabet: Alphabet,
}

impl<const N: usize> Table<N> {
    const BITS: u32 = N.trailing_zeros();

    fn empty(alphabet: Alphabet) -> Self {
        Self {
            fast: [0; N],
            count: [0; MAX_BITS + 1],
            symbols: [0; 288],
            alphabet,
        }
    }

    fn new(lengths: &[u8], alphabet: Alphabet) -> Result<Self> {
        let mut h = Self::empty(alphabet);
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
            if len <= Self::BITS as usize {
                let reversed = (code.reverse_bits() >> (32 - len)) as usize;
                let entry = alphabet.entry(symbol as u16) | len as u32;
                let mut i = reversed;
                while i < N {
                    h.fast[i] = entry;
                    i += 1 << len;
                }
            }
        }
        Ok(h)
    }

    /// The entry of the code at the front of the buffer, its code length
    /// already consumed.
    #[inline(always)]
    fn decode(&self, r: &mut Reader<'_>) -> Result<u32> {
        let entry = self.fast[r.buf as usize & (N - 1)];
        let len = entry & LEN_MASK;
        if entry != 0 && len <= r.count {
            r.consume(len);
            return Ok(entry);
        }
        self.decode_slow(r)
    }

    /// Bit-by-bit canonical decode (puff.c), for codes longer than the table
    /// and for the last few bits of the input. Inlined although rare: a
    /// call taking the reader by reference kept the decode loop's bit buffer
    /// in memory instead of registers (~25% slower per token), and one
    /// taking it by value was ~20% slower.
    #[inline(always)]
    fn decode_slow(&self, r: &mut Reader<'_>) -> Result<u32> {
        r.refill();
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for len in 1..=MAX_BITS {
            if r.count == 0 {
                return Err(corrupt());
            }
            code |= (r.buf & 1) as i32;
            r.consume(1);
            let count = i32::from(self.count[len]);
            if code - count < first {
                let symbol = self
                    .symbols
                    .get((index + code - first) as usize)
                    .copied()
                    .ok_or_else(corrupt)?;
                return Ok(self.alphabet.entry(symbol));
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        Err(corrupt())
    }
}

type LitTable = Table<1024>;
type DistTable = Table<256>;

/// The fixed code (RFC 1951 §3.2.6), built once per process.
struct Fixed {
    lit: LitTable,
    dist: DistTable,
    /// By the next 8 bits: `0x100 | literal` if they are a whole (8-bit)
    /// literal code, else 0. Each byte of the buffer is looked up on its
    /// own, so a run of such literals decodes without a chain of lookups.
    bytes: [u16; 256],
}

fn fixed() -> &'static Fixed {
    static FIXED: OnceLock<Fixed> = OnceLock::new();
    FIXED.get_or_init(|| {
        let mut lengths = [8u8; 288];
        lengths[144..256].fill(9);
        lengths[256..280].fill(7);
        // Both code sets are complete, so construction cannot fail; the
        // fallback (an empty code that decodes nothing) keeps this total.
        let lit = LitTable::new(&lengths, Alphabet::LitLen)
            .unwrap_or_else(|_| LitTable::empty(Alphabet::LitLen));
        let dist = DistTable::new(&[5u8; 30], Alphabet::Dist)
            .unwrap_or_else(|_| DistTable::empty(Alphabet::Dist));
        let mut bytes = [0u16; 256];
        for (bits, slot) in bytes.iter_mut().enumerate() {
            let entry = lit.fast[bits];
            if entry & LITERAL != 0 && entry & LEN_MASK == 8 {
                *slot = 0x100 | (entry >> 16) as u16;
            }
        }
        Fixed { lit, dist, bytes }
    })
}

/// LSB-first bit reader over a byte slice. Bits of `buf` above `count` are
/// either zero or the true next bits of the input (the eight-byte refill
/// reloads bytes it had loaded before), so refills can OR without masking.
struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    buf: u64,
    count: u32,
}

impl Reader<'_> {
    /// Tops the buffer up to at least 56 bits, or to the end of the input.
    #[inline(always)]
    fn refill(&mut self) {
        if let Some(word) = self.data.get(self.pos..).and_then(<[u8]>::first_chunk::<8>) {
            self.buf |= u64::from_le_bytes(*word) << self.count;
            self.pos += ((63 - self.count) >> 3) as usize;
            self.count |= 56;
        } else {
            self.refill_tail();
        }
    }

    /// The last bytes, one at a time. Inlined for the reason given at
    /// `Table::decode_slow`.
    #[inline(always)]
    fn refill_tail(&mut self) {
        while self.count <= 56 {
            let Some(&b) = self.data.get(self.pos) else {
                break;
            };
            self.buf |= u64::from(b) << self.count;
            self.pos += 1;
            self.count += 8;
        }
    }

    #[inline(always)]
    fn consume(&mut self, n: u32) {
        self.buf >>= n;
        self.count -= n;
    }

    /// The next `n` (at most 32) bits.
    #[inline(always)]
    fn take(&mut self, n: u32) -> Result<u32> {
        if self.count < n {
            self.refill();
            if self.count < n {
                return Err(corrupt());
            }
        }
        let v = (self.buf & ((1u64 << n) - 1)) as u32;
        self.consume(n);
        Ok(v)
    }

    /// Drops the bits of a partial byte; returns the position of the next
    /// unread input byte.
    fn align(&mut self) -> usize {
        let partial = self.count % 8;
        self.consume(partial);
        self.pos - (self.count / 8) as usize
    }

    /// Restarts byte-wise reading at `pos` (after `align`).
    fn seek(&mut self, pos: usize) {
        self.pos = pos;
        self.buf = 0;
        self.count = 0;
    }
}

/// The output: `buf[..len]` is the inflated data; the rest is room written
/// ahead (`buf.len()` never exceeds the cap).
struct Output {
    buf: Vec<u8>,
    len: usize,
    cap: usize,
}

impl Output {
    /// Makes room for `n` more bytes, or fails if they pass the cap.
    #[inline(always)]
    fn reserve(&mut self, n: usize) -> Result<()> {
        if self.buf.len() - self.len < n {
            self.grow(n)?;
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn grow(&mut self, n: usize) -> Result<()> {
        let need = self.len.checked_add(n).filter(|&need| need <= self.cap);
        let need = need.ok_or_else(too_big)?;
        // Eight bytes of slack let matches copy in whole words.
        let size = need
            .saturating_add(8)
            .max(self.buf.len().saturating_mul(2))
            .min(self.cap);
        self.buf.resize(size, 0);
        Ok(())
    }

    #[inline(always)]
    fn literal(&mut self, byte: u8) -> Result<()> {
        self.reserve(1)?;
        self.buf[self.len] = byte;
        self.len += 1;
        Ok(())
    }

    /// Copies `len` bytes from `distance` back (LZ77 match).
    #[inline(always)]
    fn copy(&mut self, distance: usize, len: usize) -> Result<()> {
        if distance > self.len {
            return Err(corrupt());
        }
        self.reserve(len)?;
        let start = self.len - distance;
        let end = self.len + len;
        if distance >= 8 && end + 8 <= self.buf.len() {
            // Whole words; a source word always lies before its destination
            // (distance >= 8), and the overshoot lands in the slack.
            let (mut from, mut to) = (start, self.len);
            while to < end {
                let word: [u8; 8] = *self.buf[from..].first_chunk().ok_or_else(corrupt)?;
                self.buf[to..to + 8].copy_from_slice(&word);
                from += 8;
                to += 8;
            }
        } else if distance >= len {
            self.buf.copy_within(start..start + len, self.len);
        } else if distance == 1 {
            let byte = self.buf[start];
            self.buf[self.len..end].fill(byte);
        } else {
            // Overlapping copy: a run repeating the last `distance` bytes.
            for k in self.len..end {
                self.buf[k] = self.buf[k - distance];
            }
        }
        self.len = end;
        Ok(())
    }
}

/// One Huffman-coded block's symbols into `out`. `bytes` is the fixed
/// code's table of 8-bit literal codes.
#[inline(always)]
fn codes<const N: usize, const D: usize>(
    r: &mut Reader<'_>,
    out: &mut Output,
    lit: &Table<N>,
    dist: &Table<D>,
    bytes: Option<&[u16; 256]>,
) -> Result<()> {
    // Copies of the reader's state in locals keep them in registers.
    let mut bits = Reader { ..*r };
    let result = codes_loop(&mut bits, out, lit, dist, bytes);
    *r = bits;
    result
}

#[inline(always)]
fn codes_loop<const N: usize, const D: usize>(
    r: &mut Reader<'_>,
    out: &mut Output,
    lit: &Table<N>,
    dist: &Table<D>,
    bytes: Option<&[u16; 256]>,
) -> Result<()> {
    loop {
        r.refill();
        if let Some(bytes) = bytes {
            // A run of up to seven 8-bit literal codes (most of a token's
            // bytes), a byte of the buffer each: the lookups do not wait on
            // each other, and the run is one eight-byte write.
            let mut word = 0u64;
            let mut k = 0;
            while k < 7 && 8 * (k + 1) <= r.count {
                let v = bytes[(r.buf >> (8 * k)) as usize & 0xFF];
                if v == 0 {
                    break;
                }
                word |= u64::from(v & 0xFF) << (8 * k);
                k += 1;
            }
            if k > 0 {
                if let Some(dst) = out.buf.get_mut(out.len..out.len + 8) {
                    dst.copy_from_slice(&word.to_le_bytes());
                    out.len += k as usize;
                    r.consume(8 * k);
                    if k == 7 {
                        continue;
                    }
                    // The run ended at another code: decode it below.
                    r.refill();
                }
            }
        }
        let mut entry = lit.decode(r)?;
        if entry & LITERAL != 0 {
            out.literal((entry >> 16) as u8)?;
            if bytes.is_some() {
                continue; // back to a run of 8-bit literals
            }
            // A second literal without a refill: 56 bits hold three codes.
            entry = lit.decode(r)?;
            if entry & LITERAL != 0 {
                out.literal((entry >> 16) as u8)?;
                continue;
            }
        }
        if entry & BASE != 0 {
            let len = (entry >> 16) as usize + r.take((entry >> 8) & 0xF)? as usize;
            r.refill();
            let d = dist.decode(r)?;
            if d & BASE == 0 {
                return Err(corrupt());
            }
            let distance = (d >> 16) as usize + r.take((d >> 8) & 0xF)? as usize;
            out.copy(distance, len)?;
        } else if entry & END != 0 {
            return Ok(());
        } else {
            return Err(corrupt()); // a reserved symbol
        }
    }
}

/// Order in which code length code lengths are sent (RFC 1951 §3.2.7).
const CLEN_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

fn dynamic_tables(r: &mut Reader<'_>) -> Result<(LitTable, DistTable)> {
    let nlen = r.take(5)? as usize + 257;
    let ndist = r.take(5)? as usize + 1;
    let ncode = r.take(4)? as usize + 4;
    if nlen > 286 || ndist > 30 {
        return Err(corrupt());
    }
    let mut clen = [0u8; 19];
    for &i in CLEN_ORDER.iter().take(ncode) {
        clen[i] = r.take(3)? as u8;
    }
    let clen = Table::<128>::new(&clen, Alphabet::CodeLen)?;
    let mut lengths = [0u8; 286 + 30];
    let mut i = 0;
    while i < nlen + ndist {
        r.refill();
        let symbol = clen.decode(r)? >> 16;
        let (value, repeat) = match symbol {
            0..=15 => (symbol as u8, 1),
            16 => {
                let prev = i
                    .checked_sub(1)
                    .and_then(|p| lengths.get(p))
                    .ok_or_else(corrupt)?;
                (*prev, 3 + r.take(2)? as usize)
            }
            17 => (0, 3 + r.take(3)? as usize),
            _ => (0, 11 + r.take(7)? as usize),
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
        Table::new(&lengths[..nlen], Alphabet::LitLen)?,
        Table::new(&lengths[nlen..nlen + ndist], Alphabet::Dist)?,
    ))
}

/// A block with its own codes; apart so its tables stay off the stack
/// frame of the common (fixed-code) path.
#[inline(never)]
fn dynamic_block(r: &mut Reader<'_>, out: &mut Output) -> Result<()> {
    let (lit, dist) = dynamic_tables(r)?;
    codes(r, out, &lit, &dist, None)
}

/// Inflates a raw deflate stream from the start of `data`. Returns the
/// output and the number of input bytes the stream used; fails on malformed
/// input and when the output would pass `cap` bytes.
pub fn inflate(data: &[u8], cap: usize) -> Result<(Vec<u8>, usize)> {
    // Token content is a little longer than its compressed form.
    let guess = data.len().saturating_mul(2).saturating_add(64);
    let size = guess.min(cap).min(4096);
    // Not `vec![0; size]`: calloc measured ~3 ns slower than malloc and
    // memset for these sizes.
    #[allow(clippy::slow_vector_initialization)]
    let buf = {
        let mut buf = Vec::with_capacity(size);
        buf.resize(size, 0);
        buf
    };
    let mut out = Output { buf, len: 0, cap };
    let mut r = Reader {
        data,
        pos: 0,
        buf: 0,
        count: 0,
    };
    loop {
        let last = r.take(1)? == 1;
        match r.take(2)? {
            0 => {
                let pos = r.align();
                let header = data.get(pos..pos + 4).ok_or_else(corrupt)?;
                let len = usize::from(u16::from_le_bytes([header[0], header[1]]));
                let nlen = u16::from_le_bytes([header[2], header[3]]);
                if nlen != !(len as u16) {
                    return Err(corrupt());
                }
                let body = data.get(pos + 4..pos + 4 + len).ok_or_else(corrupt)?;
                out.reserve(len)?;
                out.buf[out.len..out.len + len].copy_from_slice(body);
                out.len += len;
                r.seek(pos + 4 + len);
            }
            1 => {
                let f = fixed();
                codes(&mut r, &mut out, &f.lit, &f.dist, Some(&f.bytes))?;
            }
            2 => dynamic_block(&mut r, &mut out)?,
            _ => return Err(corrupt()),
        }
        if last {
            let mut buf = out.buf;
            buf.truncate(out.len);
            return Ok((buf, r.align()));
        }
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use std::io::Write;

    /// The decoder this file replaced, reduced to its definition: one bit at
    /// a time, canonical codes only (puff.c), the same checks in the same
    /// order. The fast decoder must agree with it on every input and cap.
    mod reference {
        use crate::token::deflate_tables::{DIST_BASE, DIST_EXTRA, LENGTH_BASE, LENGTH_EXTRA};

        #[derive(Debug, PartialEq, Eq)]
        pub enum Fail {
            Corrupt,
            TooBig,
        }
        use Fail::*;

        struct Bits<'a> {
            data: &'a [u8],
            bit: usize,
        }
        impl Bits<'_> {
            fn take(&mut self, n: u32) -> Result<u32, Fail> {
                let mut v = 0;
                for i in 0..n {
                    let byte = *self.data.get(self.bit / 8).ok_or(Corrupt)?;
                    v |= u32::from(byte >> (self.bit % 8) & 1) << i;
                    self.bit += 1;
                }
                Ok(v)
            }
        }

        struct Code {
            count: [i32; 16],
            symbols: Vec<u16>,
        }
        fn code(lengths: &[u8]) -> Result<Code, Fail> {
            let mut count = [0i32; 16];
            for &l in lengths {
                count[usize::from(l)] += 1;
            }
            count[0] = 0;
            let mut left = 1;
            for &c in &count[1..] {
                left = left * 2 - c;
                if left < 0 {
                    return Err(Corrupt);
                }
            }
            let mut symbols = Vec::new();
            for len in 1..16u8 {
                for (s, &l) in lengths.iter().enumerate() {
                    if l == len {
                        symbols.push(s as u16);
                    }
                }
            }
            Ok(Code { count, symbols })
        }
        fn decode(bits: &mut Bits<'_>, h: &Code) -> Result<u16, Fail> {
            let (mut code, mut first, mut index) = (0, 0, 0);
            for len in 1..16 {
                code |= bits.take(1)? as i32;
                let count = h.count[len];
                if code - count < first {
                    return h
                        .symbols
                        .get((index + code - first) as usize)
                        .copied()
                        .ok_or(Corrupt);
                }
                index += count;
                first = (first + count) << 1;
                code <<= 1;
            }
            Err(Corrupt)
        }

        pub fn inflate(data: &[u8], cap: usize) -> Result<(Vec<u8>, usize), Fail> {
            let mut bits = Bits { data, bit: 0 };
            let mut out = Vec::new();
            loop {
                let last = bits.take(1)? == 1;
                match bits.take(2)? {
                    0 => {
                        let pos = bits.bit.div_ceil(8);
                        let h = data.get(pos..pos + 4).ok_or(Corrupt)?;
                        let len = usize::from(u16::from_le_bytes([h[0], h[1]]));
                        if u16::from_le_bytes([h[2], h[3]]) != !(len as u16) {
                            return Err(Corrupt);
                        }
                        let body = data.get(pos + 4..pos + 4 + len).ok_or(Corrupt)?;
                        if out.len() + len > cap {
                            return Err(TooBig);
                        }
                        out.extend_from_slice(body);
                        bits.bit = (pos + 4 + len) * 8;
                    }
                    t @ (1 | 2) => {
                        let (lit, dist) = if t == 1 {
                            let mut l = [8u8; 288];
                            l[144..256].fill(9);
                            l[256..280].fill(7);
                            (code(&l)?, code(&[5; 30])?)
                        } else {
                            dynamic(&mut bits)?
                        };
                        loop {
                            let s = usize::from(decode(&mut bits, &lit)?);
                            if s < 256 {
                                if out.len() >= cap {
                                    return Err(TooBig);
                                }
                                out.push(s as u8);
                                continue;
                            }
                            if s == 256 {
                                break;
                            }
                            let i = s - 257;
                            let (base, extra) =
                                LENGTH_BASE.get(i).zip(LENGTH_EXTRA.get(i)).ok_or(Corrupt)?;
                            let len = usize::from(*base) + bits.take(u32::from(*extra))? as usize;
                            let d = usize::from(decode(&mut bits, &dist)?);
                            let (base, extra) =
                                DIST_BASE.get(d).zip(DIST_EXTRA.get(d)).ok_or(Corrupt)?;
                            let d = usize::from(*base) + bits.take(u32::from(*extra))? as usize;
                            if d > out.len() {
                                return Err(Corrupt);
                            }
                            if out.len() + len > cap {
                                return Err(TooBig);
                            }
                            for _ in 0..len {
                                out.push(out[out.len() - d]);
                            }
                        }
                    }
                    _ => return Err(Corrupt),
                }
                if last {
                    return Ok((out, bits.bit.div_ceil(8)));
                }
            }
        }

        fn dynamic(bits: &mut Bits<'_>) -> Result<(Code, Code), Fail> {
            let nlen = bits.take(5)? as usize + 257;
            let ndist = bits.take(5)? as usize + 1;
            let ncode = bits.take(4)? as usize + 4;
            if nlen > 286 || ndist > 30 {
                return Err(Corrupt);
            }
            let mut clen = [0u8; 19];
            for &i in super::CLEN_ORDER.iter().take(ncode) {
                clen[i] = bits.take(3)? as u8;
            }
            let clen = code(&clen)?;
            let mut lengths = Vec::new();
            while lengths.len() < nlen + ndist {
                let (value, repeat) = match decode(bits, &clen)? {
                    s @ 0..=15 => (s as u8, 1),
                    16 => (*lengths.last().ok_or(Corrupt)?, 3 + bits.take(2)?),
                    17 => (0, 3 + bits.take(3)?),
                    _ => (0, 11 + bits.take(7)?),
                };
                if lengths.len() + repeat as usize > nlen + ndist {
                    return Err(Corrupt);
                }
                lengths.extend(std::iter::repeat_n(value, repeat as usize));
            }
            if lengths[256] == 0 {
                return Err(Corrupt);
            }
            Ok((code(&lengths[..nlen])?, code(&lengths[nlen..])?))
        }
    }

    /// Runs both decoders and asserts they agree (errors by message).
    fn agree(data: &[u8], cap: usize) -> Option<Vec<u8>> {
        let ours = inflate(data, cap);
        let theirs = reference::inflate(data, cap);
        match (&ours, theirs) {
            (Ok(a), Ok(b)) => assert_eq!(*a, b, "cap {cap} data {data:02x?}"),
            (Err(e), Err(f)) => {
                let expected = match f {
                    reference::Fail::Corrupt => corrupt(),
                    reference::Fail::TooBig => too_big(),
                };
                assert_eq!(*e, expected, "cap {cap} data {data:02x?}");
            }
            (a, b) => assert_eq!(
                a.is_ok(),
                b.is_ok(),
                "{a:?} vs {b:?}: cap {cap} data {data:02x?}"
            ),
        }
        ours.ok().map(|(out, _)| out)
    }

    fn raw_deflate(data: &[u8], level: u32) -> Vec<u8> {
        let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::new(level));
        e.write_all(data).ok();
        e.finish().unwrap_or_default()
    }

    /// LSB-first bit writer, and a block encoder over given code lengths,
    /// so tests choose the codes (and their lengths) exactly.
    #[derive(Default)]
    struct Writer {
        out: Vec<u8>,
        acc: u64,
        n: u32,
    }
    impl Writer {
        fn bits(&mut self, v: u32, n: u32) {
            self.acc |= u64::from(v) << self.n;
            self.n += n;
            while self.n >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.n -= 8;
            }
        }
        /// A Huffman code: its bits go most significant first.
        fn code(&mut self, (code, len): (u32, u32)) {
            for i in (0..len).rev() {
                self.bits(code >> i & 1, 1);
            }
        }
        fn finish(mut self) -> Vec<u8> {
            if self.n > 0 {
                self.out.push(self.acc as u8);
            }
            self.out
        }
    }

    fn canonical(lengths: &[u8]) -> Vec<(u32, u32)> {
        let mut codes = vec![(0, 0); lengths.len()];
        let mut code = 0;
        for len in 1..=15u8 {
            for (s, &l) in lengths.iter().enumerate() {
                if l == len {
                    codes[s] = (code, u32::from(len));
                    code += 1;
                }
            }
            code <<= 1;
        }
        codes
    }

    #[derive(Clone, Copy, Debug)]
    enum Sym {
        Lit(u8),
        Match(usize, usize),
    }

    fn expected(symbols: &[Sym]) -> Vec<u8> {
        let mut out = Vec::new();
        for &s in symbols {
            match s {
                Sym::Lit(b) => out.push(b),
                Sym::Match(len, dist) => {
                    for _ in 0..len {
                        out.push(out[out.len() - dist]);
                    }
                }
            }
        }
        out
    }

    fn length_code(len: usize) -> (usize, u32) {
        let i = LENGTH_BASE.partition_point(|&b| usize::from(b) <= len) - 1;
        (i, (len - usize::from(LENGTH_BASE[i])) as u32)
    }
    fn dist_code(dist: usize) -> (usize, u32) {
        let i = DIST_BASE.partition_point(|&b| usize::from(b) <= dist) - 1;
        (i, (dist - usize::from(DIST_BASE[i])) as u32)
    }

    /// A dynamic block (final) with the given code lengths; the code length
    /// code is a complete 4/5-bit one, lengths are sent without repeats.
    fn dynamic_block(lit: &[u8], dist: &[u8], symbols: &[Sym]) -> Vec<u8> {
        let mut w = Writer::default();
        w.bits(1, 1);
        w.bits(2, 2);
        w.bits((lit.len() - 257) as u32, 5);
        w.bits((dist.len() - 1) as u32, 5);
        w.bits(19 - 4, 4);
        let mut clen = [0u8; 19];
        for (i, l) in clen.iter_mut().enumerate() {
            *l = if i < 13 { 4 } else { 5 };
        }
        for &i in &CLEN_ORDER {
            w.bits(u32::from(clen[i]), 3);
        }
        let clen_codes = canonical(&clen);
        for &l in lit.iter().chain(dist) {
            w.code(clen_codes[usize::from(l)]);
        }
        let (lit_codes, dist_codes) = (canonical(lit), canonical(dist));
        write_symbols(w, &lit_codes, &dist_codes, symbols)
    }

    /// Writes `symbols` and the end-of-block code with the given codes.
    fn write_symbols(
        mut w: Writer,
        lit_codes: &[(u32, u32)],
        dist_codes: &[(u32, u32)],
        symbols: &[Sym],
    ) -> Vec<u8> {
        for &s in symbols {
            match s {
                Sym::Lit(b) => w.code(lit_codes[usize::from(b)]),
                Sym::Match(len, dist) => {
                    let (i, extra) = length_code(len);
                    w.code(lit_codes[257 + i]);
                    w.bits(extra, u32::from(LENGTH_EXTRA[i]));
                    let (i, extra) = dist_code(dist);
                    w.code(dist_codes[i]);
                    w.bits(extra, u32::from(DIST_EXTRA[i]));
                }
            }
        }
        w.code(lit_codes[256]);
        w.finish()
    }

    fn fixed_block(symbols: &[Sym]) -> Vec<u8> {
        let mut lit = [8u8; 288];
        lit[144..256].fill(9);
        lit[256..280].fill(7);
        let (lit_codes, dist_codes) = (canonical(&lit), canonical(&[5; 30]));
        let mut w = Writer::default();
        w.bits(1, 1);
        w.bits(1, 2);
        write_symbols(w, &lit_codes, &dist_codes, symbols)
    }

    /// Decodes `stream` (expecting `want`), then checks the cap at and
    /// below the output size and every truncation.
    fn check(stream: &[u8], want: &[u8]) {
        assert_eq!(
            inflate(stream, usize::MAX),
            Ok((want.to_vec(), stream.len()))
        );
        assert_eq!(agree(stream, want.len()).as_deref(), Some(want));
        if !want.is_empty() {
            assert_eq!(inflate(stream, want.len() - 1), Err(too_big()));
            agree(stream, want.len() - 1);
        }
        // Every cut of a short stream; of a long one, a sample and its end.
        let step = stream.len() / 500 + 1;
        let ends = stream.len().saturating_sub(64)..stream.len();
        for n in (0..stream.len()).step_by(step).chain(ends) {
            assert_eq!(inflate(&stream[..n], usize::MAX), Err(corrupt()), "{n}");
            agree(&stream[..n], usize::MAX);
        }
        // Trailing bytes are not read.
        let mut longer = stream.to_vec();
        longer.extend_from_slice(&[0xA5; 9]);
        assert_eq!(
            inflate(&longer, usize::MAX),
            Ok((want.to_vec(), stream.len()))
        );
    }

    #[test]
    fn decodes_codes_of_every_length_up_to_15_bits() {
        // One lit/len code of each length 1..=14 and two of 15 (a complete
        // code); most are longer than the 10-bit table.
        let used: [usize; 16] = [
            97, 256, 98, 257, 265, 99, 0, 255, 269, 273, 277, 281, 284, 285, 100, 144,
        ];
        let mut lit = vec![0u8; 286];
        for (i, &s) in used.iter().enumerate() {
            lit[s] = (i as u8 + 1).min(15);
        }
        let mut dist = vec![0u8; 30];
        for i in 0..16 {
            dist[i * 2 % 30 + usize::from(i >= 15)] = (i as u8 + 1).min(15);
        }
        let mut rng = rand::rngs::StdRng::seed_from_u64(11);
        let lits = [b'a', b'b', b'c', 0, 255, b'd', 144];
        let dists: Vec<usize> = (0..30).filter(|&d| dist[d] > 0).collect();
        let mut symbols: Vec<Sym> = (0..40).map(|i| Sym::Lit(lits[i % 7])).collect();
        let mut produced = 40;
        for round in 0..400 {
            if round % 3 == 0 {
                symbols.push(Sym::Lit(lits[rng.gen_range(0..7)]));
                produced += 1;
                continue;
            }
            let code = [0, 8, 12, 16, 20, 24, 27, 28][rng.gen_range(0..8)];
            let len =
                usize::from(LENGTH_BASE[code]) + rng.gen_range(0..1usize << LENGTH_EXTRA[code]);
            let d = dists[rng.gen_range(0..dists.len())];
            let distance = usize::from(DIST_BASE[d]) + rng.gen_range(0..1usize << DIST_EXTRA[d]);
            if distance <= produced {
                symbols.push(Sym::Match(len, distance));
                produced += len;
            }
        }
        let stream = dynamic_block(&lit, &dist, &symbols);
        check(&stream, &expected(&symbols));
    }

    #[test]
    fn decodes_every_length_and_distance_code() {
        // 8/9-bit lit/len codes for all 286 symbols, 4/5-bit distance codes
        // for all 30, and the fixed code; every code, every extra value at
        // its ends.
        let mut lit = vec![8u8; 286];
        lit[226..].fill(9);
        let mut dist = vec![5u8; 30];
        dist[..2].fill(4);
        let mut symbols: Vec<Sym> = (0..=255u8).map(Sym::Lit).collect();
        symbols.extend((0..=255u8).map(Sym::Lit));
        symbols.extend(std::iter::repeat_n(Sym::Match(258, 1), 130));
        let mut produced = 512 + 130 * 258;
        for (i, &base) in LENGTH_BASE.iter().enumerate() {
            let top = usize::from(base) + (1 << LENGTH_EXTRA[i]) - 1;
            for len in [usize::from(base), top.min(258)] {
                for (d, &dbase) in DIST_BASE.iter().enumerate() {
                    let dtop = usize::from(dbase) + (1 << DIST_EXTRA[d]) - 1;
                    for distance in [usize::from(dbase), dtop] {
                        assert!(distance <= produced);
                        symbols.push(Sym::Match(len, distance));
                        produced += len;
                    }
                }
            }
        }
        let want = expected(&symbols);
        check(&dynamic_block(&lit, &dist, &symbols), &want);
        let fixed = fixed_block(&symbols);
        assert_eq!(inflate(&fixed, usize::MAX), Ok((want.clone(), fixed.len())));
        for cap in [
            want.len(),
            want.len() - 1,
            want.len() - 258,
            300,
            256,
            255,
            0,
        ] {
            agree(&fixed, cap);
        }
    }

    #[test]
    fn overlapping_and_short_matches() {
        for dist in 1..=20 {
            for len in [3, 4, 7, 8, 9, 15, 16, 17, 31, 100, 258] {
                let mut symbols: Vec<Sym> = (0..dist).map(|i| Sym::Lit(b'a' + i as u8)).collect();
                symbols.push(Sym::Match(len, dist));
                symbols.push(Sym::Lit(b'z'));
                symbols.push(Sym::Match(len, dist + 1));
                check(&fixed_block(&symbols), &expected(&symbols));
            }
        }
    }

    #[test]
    fn refuses_what_the_format_forbids() {
        // A distance before the start of the output.
        let stream = fixed_block(&[Sym::Lit(b'a'), Sym::Match(3, 2)]);
        assert_eq!(inflate(&stream, 100), Err(corrupt()));
        // Reserved lit/len symbols 286 and 287, distance symbols 30 and 31.
        let mut lit = [8u8; 288];
        lit[144..256].fill(9);
        lit[256..280].fill(7);
        let codes = canonical(&lit);
        for symbol in [286, 287] {
            let mut w = Writer::default();
            w.bits(1, 1);
            w.bits(1, 2);
            w.code(codes[usize::from(b'x')]);
            w.code(codes[symbol]);
            w.bits(0, 16);
            assert_eq!(agree(&w.finish(), 100), None);
        }
        for d in [30, 31] {
            let mut w = Writer::default();
            w.bits(1, 1);
            w.bits(1, 2);
            w.code(codes[usize::from(b'x')]);
            w.code(codes[257]);
            w.code((d, 5));
            w.bits(0, 16);
            assert_eq!(agree(&w.finish(), 100), None);
        }
        // Block type 3; a stored block whose length check fails.
        assert_eq!(inflate(&[0b111, 0, 0], 100), Err(corrupt()));
        assert_eq!(inflate(&[1, 2, 0, 0xFD, 0xFE, 1, 2], 100), Err(corrupt()));
        assert_eq!(
            inflate(&[1, 2, 0, 0xFD, 0xFF, 1, 2], 100),
            Ok((vec![1, 2], 7))
        );
        assert_eq!(inflate(&[1, 2, 0, 0xFD, 0xFF, 1, 2], 1), Err(too_big()));
    }

    #[test]
    fn agrees_with_miniz_streams_at_every_level_and_cap() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(5);
        for round in 0..1500 {
            let n = rng.gen_range(0..2500);
            let data: Vec<u8> = match round % 3 {
                // Skewed: long codes in dynamic blocks.
                0 => (0..n)
                    .map(|_| (rng.gen::<u32>() | 1 << 30).trailing_zeros() as u8 * 9)
                    .collect(),
                1 => {
                    let alphabet = rng.gen_range(1..=256u32);
                    (0..n).map(|_| rng.gen_range(0..alphabet) as u8).collect()
                }
                _ => (0..n).map(|i| b"user-2882341273 "[i % 16]).collect(),
            };
            let stream = raw_deflate(&data, round % 10);
            assert_eq!(
                inflate(&stream, usize::MAX),
                Ok((data.clone(), stream.len()))
            );
            for cap in [
                0,
                1,
                data.len() / 2,
                data.len().saturating_sub(1),
                data.len(),
            ] {
                agree(&stream, cap);
            }
            let mut damaged = stream.clone();
            for _ in 0..rng.gen_range(1..4) {
                if !damaged.is_empty() {
                    let i = rng.gen_range(0..damaged.len());
                    damaged[i] ^= 1 << rng.gen_range(0..8);
                }
            }
            agree(&damaged, rng.gen_range(0..3000));
            let cut = rng.gen_range(0..=stream.len());
            agree(&stream[..cut], usize::MAX);
        }
    }

    #[test]
    fn agrees_on_random_bytes() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(9);
        for _ in 0..200_000 {
            let n = rng.gen_range(0..40);
            let mut data: Vec<u8> = (0..n).map(|_| rng.gen()).collect();
            if let Some(first) = data.first_mut() {
                // Mostly fixed and dynamic blocks.
                *first = *first & !6 | [2, 4, 2, 4, 0, 6][rng.gen_range(0..6)];
            }
            agree(&data, rng.gen_range(0..600));
        }
    }
}
