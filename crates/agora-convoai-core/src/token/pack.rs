//! Little-endian packing shared by AccessToken2 and 006 (docs/token-format.md).

use crate::error::{Error, ErrorCode, Result};
use crate::token::limits::MAX_ENTRIES;

/// Longest string or byte field the wire can carry (u16 length prefix).
pub const MAX_FIELD_LEN: usize = u16::MAX as usize;

/// `n` as a u16 count or length prefix: a larger one is refused, never cut
/// (a cut count would still sign, over fewer entries than were given).
fn wire_u16(n: usize, what: &str) -> Result<u16> {
    u16::try_from(n).map_err(|_| {
        Error::range_error(
            ErrorCode::InvalidArg,
            format!("{what} has {n} entries or bytes; the wire holds at most {MAX_FIELD_LEN}"),
        )
    })
}

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
    /// The u16 count of `n` entries; `what` names them in the error.
    pub fn count(&mut self, n: usize, what: &str) -> Result<()> {
        let n = wire_u16(n, what)?;
        self.u16(n);
        Ok(())
    }
    /// u16 length prefix then the bytes; `what` names the field in the error.
    pub fn bytes(&mut self, v: &[u8], what: &str) -> Result<()> {
        self.count(v.len(), what)?;
        self.buf.extend_from_slice(v);
        Ok(())
    }
    pub fn str(&mut self, v: &str, what: &str) -> Result<()> {
        self.bytes(v.as_bytes(), what)
    }
    /// A privilege map; `entries` must already be sorted by key and unique.
    pub fn map(&mut self, entries: &[(u16, u32)]) -> Result<()> {
        self.count(entries.len(), "a privilege map")?;
        for &(k, v) in entries {
            self.u16(k);
            self.u32(v);
        }
        Ok(())
    }
}

/// Reads wire primitives; every read is bounds-checked and fails with
/// `ERR_INVALID_TOKEN` instead of panicking. Every count of entries it
/// reads is charged against one budget of [`MAX_ENTRIES`] per reader (per
/// token), before any of those entries is read.
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    entries_left: usize,
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Self {
            data,
            pos: 0,
            entries_left: MAX_ENTRIES,
        }
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
    /// A u16 count of entries, each at least `min_size` bytes: refused
    /// when the rest of the data cannot hold them or the token's entry
    /// budget is spent, before anything is allocated for them.
    pub fn count(&mut self, min_size: usize) -> Result<usize> {
        let count = usize::from(self.u16()?);
        if count.saturating_mul(min_size) > self.data.len().saturating_sub(self.pos) {
            return Err(Error::invalid_token("token content is truncated"));
        }
        self.entries_left = self.entries_left.checked_sub(count).ok_or_else(|| {
            Error::invalid_token(format!(
                "token has more than {MAX_ENTRIES} privileges and RTM2 permission entries"
            ))
        })?;
        Ok(count)
    }
    /// A privilege map, keys ascending and unique. Every official writer
    /// sorts the keys; other orders are sorted here (O(n log n)) and, as in
    /// the official parsers, which fill a map, the last value of a key wins.
    pub fn map(&mut self) -> Result<Vec<(u16, u32)>> {
        let count = self.count(6)?;
        let mut out = Vec::with_capacity(count);
        for _ in 0..count {
            let k = self.u16()?;
            let v = self.u32()?;
            out.push((k, v));
        }
        Ok(sorted_merged(out, |value, last| *value = last))
    }
}

/// `entries` sorted by key, one entry per key: the values of equal keys
/// `merge`d in wire order. O(n) when the keys already ascend (as every
/// official writer packs them), O(n log n) otherwise.
pub(crate) fn sorted_merged<V>(
    mut entries: Vec<(u16, V)>,
    merge: impl Fn(&mut V, V),
) -> Vec<(u16, V)> {
    if entries.is_sorted_by(|a, b| a.0 < b.0) {
        return entries;
    }
    entries.sort_by_key(|e| e.0); // stable: equal keys keep their order
    let mut out: Vec<(u16, V)> = Vec::with_capacity(entries.len());
    for (key, value) in entries {
        match out.last_mut() {
            Some((last, into)) if *last == key => merge(into, value),
            _ => out.push((key, value)),
        }
    }
    out
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
        w.map(&[(1, 600), (2, 7)]).ok();
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
    fn refuses_counts_the_wire_cannot_carry() {
        let mut w = Writer::default();
        assert!(w.count(65_535, "x").is_ok());
        let err = w.count(65_536, "a privilege map");
        assert_eq!(err.map_err(|e| e.code), Err(ErrorCode::InvalidArg));
        let many: Vec<(u16, u32)> = (0..=65_535u32).map(|k| (k as u16, k)).collect();
        assert_eq!(w.map(&many).map_err(|e| e.code), Err(ErrorCode::InvalidArg));
    }

    #[test]
    fn refuses_a_map_count_larger_than_the_data() {
        let mut r = Reader::new(&[0xFF, 0xFF, 1, 0]);
        assert!(r.map().is_err());
    }

    fn packed_map(entries: &[(u16, u32)]) -> Vec<u8> {
        let mut w = Writer::default();
        w.map(entries).ok();
        w.buf
    }

    #[test]
    fn maps_come_back_sorted_with_the_last_value_of_a_key() {
        let wire = packed_map(&[(4, 1), (1, 2), (4, 3), (2, 4), (1, 5)]);
        assert_eq!(Reader::new(&wire).map(), Ok(vec![(1, 5), (2, 4), (4, 3)]));
        let sorted = [(1, 9), (2, 8), (65_535, 7)];
        assert_eq!(Reader::new(&packed_map(&sorted)).map(), Ok(sorted.to_vec()));
    }

    #[test]
    fn counts_share_one_budget_per_reader() {
        let half: Vec<(u16, u32)> = (0..MAX_ENTRIES as u16 / 2).map(|k| (k, 0)).collect();
        let twice = [packed_map(&half), packed_map(&half)].concat();
        let mut r = Reader::new(&twice);
        assert!(r.map().is_ok() && r.map().is_ok());
        let thrice = [&twice[..], &packed_map(&[(1, 0)])].concat();
        let mut r = Reader::new(&thrice);
        assert!(r.map().is_ok() && r.map().is_ok());
        assert_eq!(r.map().map_err(|e| e.code), Err(ErrorCode::InvalidToken));
    }
}
