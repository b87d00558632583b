//! The LSB-first bit writer the deflate blocks are written with.

/// LSB-first bit packer (deflate's bit order) over a buffer sized up front:
/// every write stores the whole 64-bit accumulator and advances by the
/// complete bytes in it, so there is no flush branch and no capacity check.
pub(crate) struct BitWriter<'a> {
    buf: &'a mut [u8],
    pos: usize,
    acc: u64,
    /// Pending bits in `acc`, at most 7 between writes.
    nbits: u32,
}

impl<'a> BitWriter<'a> {
    pub(crate) fn new(buf: &'a mut [u8]) -> Self {
        Self {
            buf,
            pos: 0,
            acc: 0,
            nbits: 0,
        }
    }
    /// Appends the low `n` <= 56 bits of `value` (the bits above must be 0).
    #[inline(always)]
    pub(crate) fn bits(&mut self, value: u64, n: u32) {
        self.acc |= value << self.nbits;
        self.nbits += n;
        if let Some(word) = self.buf.get_mut(self.pos..self.pos + 8) {
            word.copy_from_slice(&self.acc.to_le_bytes());
        }
        let whole = self.nbits & !7;
        self.pos += (whole / 8) as usize;
        // whole <= 56 + 7 rounded down to a byte: the shift stays below 64.
        self.acc >>= whole;
        self.nbits &= 7;
    }
    /// Appends all 64 bits of `value`.
    #[inline(always)]
    pub(crate) fn word(&mut self, value: u64) {
        if let Some(word) = self.buf.get_mut(self.pos..self.pos + 8) {
            word.copy_from_slice(&(self.acc | value << self.nbits).to_le_bytes());
        }
        self.pos += 8;
        // The bits of `value` that did not fit; none if nothing was pending.
        self.acc = (value >> (63 - self.nbits)) >> 1;
    }
    /// Stores the pending bits, padded to a byte; returns the bytes written.
    pub(crate) fn finish(mut self) -> usize {
        self.bits(0, 7);
        self.pos
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_keep_the_pending_bits() {
        let word = 0x8123_4567_89AB_CDEFu64;
        for pending in 0..8 {
            let mut buf = [0u8; 24];
            let mut bits = BitWriter::new(&mut buf);
            bits.bits(0x55 & ((1 << pending) - 1), pending);
            bits.word(word);
            bits.bits(0b101, 3);
            let len = bits.finish();
            let expected = (u128::from(0x55u8 & ((1 << pending) - 1)))
                | u128::from(word) << pending
                | 0b101u128 << (pending + 64);
            assert_eq!(len, (pending as usize + 67).div_ceil(8));
            assert_eq!(buf[..16], expected.to_le_bytes(), "pending {pending}");
        }
    }
}
