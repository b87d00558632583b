//! Little-endian packing shared by AccessToken2 and 006 (token-format.md §1.2).

use crate::error::{Error, ErrorCode, Result};

/// Longest string or byte field the wire can carry (u16 length prefix).
pub const MAX_FIELD_LEN: usize = u16::MAX as usize;

/// Appends wire primitives to a byte buffer.
#[derive(Default)]
pub struct Writer {
    pub buf: Vec<u8>,
}

impl Writer {
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            buf: Vec::with_capacity(capacity),
        }
    }
    pub fn u16(&mut self, v: u16) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn i16(&mut self, v: i16) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    /// u16 length prefix then the bytes; `what` names the field in the error.
    pub fn bytes(&mut self, v: &[u8], what: &str) -> Result<()> {
        let len = u16::try_from(v.len()).map_err(|_| {
            Error::range_error(
                ErrorCode::InvalidArg,
                format!(
                    "{what} is {} bytes; a token field holds at most {MAX_FIELD_LEN}",
                    v.len()
                ),
            )
        })?;
        self.u16(len);
        self.buf.extend_from_slice(v);
        Ok(())
    }
    pub fn str(&mut self, v: &str, what: &str) -> Result<()> {
        self.bytes(v.as_bytes(), what)
    }
    /// A privilege map; `entries` must already be sorted by key and unique.
    pub fn map(&mut self, entries: &[(u16, u32)]) {
        // A map never has more than a handful of keys (they are u16 privilege ids).
        self.u16(entries.len() as u16);
        for &(k, v) in entries {
            self.u16(k);
            self.u32(v);
        }
    }
}

/// Reads wire primitives; every read is bounds-checked and fails with
/// `ERR_INVALID_TOKEN` instead of panicking.
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Self { data, pos: 0 }
    }
    pub fn position(&self) -> usize {
        self.pos
    }
    pub fn is_empty(&self) -> bool {
        self.pos >= self.data.len()
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.data.len());
        match end.and_then(|e| self.data.get(self.pos..e)) {
            Some(s) => {
                self.pos += n;
                Ok(s)
            }
            None => Err(Error::invalid_token("token content is truncated")),
        }
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }
    pub fn u16(&mut self) -> Result<u16> {
        Ok(u16::from_le_bytes(self.array()?))
    }
    pub fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    pub fn i16(&mut self) -> Result<i16> {
        Ok(i16::from_le_bytes(self.array()?))
    }
    pub fn bytes(&mut self) -> Result<&'a [u8]> {
        let len = self.u16()? as usize;
        self.take(len)
    }
    pub fn string(&mut self) -> Result<String> {
        let raw = self.bytes()?;
        String::from_utf8(raw.to_vec())
            .map_err(|_| Error::invalid_token("a token string field is not valid UTF-8"))
    }
    pub fn map(&mut self) -> Result<Vec<(u16, u32)>> {
        let count = self.u16()? as usize;
        // Each entry is 6 bytes: refuse counts the remaining data cannot hold
        // before allocating for them.
        if count.saturating_mul(6) > self.data.len().saturating_sub(self.pos) {
            return Err(Error::invalid_token("token privilege map is truncated"));
        }
        let mut out = Vec::with_capacity(count);
        for _ in 0..count {
            let k = self.u16()?;
            let v = self.u32()?;
            out.push((k, v));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_primitive() {
        let mut w = Writer::default();
        w.u16(0xBEEF);
        w.u32(0xDEADBEEF);
        w.i16(-1);
        w.str("hé", "s").ok();
        w.map(&[(1, 600), (2, 7)]);
        let mut r = Reader::new(&w.buf);
        assert_eq!(r.u16(), Ok(0xBEEF));
        assert_eq!(r.u32(), Ok(0xDEADBEEF));
        assert_eq!(r.i16(), Ok(-1));
        assert_eq!(r.string().as_deref(), Ok("hé"));
        assert_eq!(r.map(), Ok(vec![(1, 600), (2, 7)]));
        assert!(r.is_empty());
        assert_eq!(r.u16().map_err(|e| e.code), Err(ErrorCode::InvalidToken));
    }

    #[test]
    fn refuses_fields_the_wire_cannot_carry() {
        let mut w = Writer::default();
        assert!(w.bytes(&vec![b'a'; MAX_FIELD_LEN], "x").is_ok());
        let err = w.bytes(&vec![b'a'; MAX_FIELD_LEN + 1], "channelName");
        assert_eq!(err.map_err(|e| e.code), Err(ErrorCode::InvalidArg));
    }

    #[test]
    fn refuses_a_map_count_larger_than_the_data() {
        let mut r = Reader::new(&[0xFF, 0xFF, 1, 0]);
        assert!(r.map().is_err());
    }
}
