//! Greedy LZ77 matching for the token encoder: one probe per position in a
//! 3-byte hash table kept per thread.

use super::symbols::MAX_MATCH;
use std::cell::RefCell;

/// Farthest match distance deflate can express.
pub(crate) const MAX_DIST: usize = 32768;

const HASH_BITS: u32 = 10;

/// The 4 bytes at `data[i..]` as a little-endian word, or None near the end.
#[inline(always)]
pub(crate) fn word_at(data: &[u8], i: usize) -> Option<u32> {
    let bytes = data.get(i..i + 4)?;
    Some(u32::from_le_bytes(bytes.try_into().ok()?))
}

/// Hash of the first 3 bytes of `word`: the key is the word shifted so the
/// 4th byte drops out.
#[inline(always)]
pub(crate) fn hash(word: u32) -> usize {
    ((word << 8).wrapping_mul(0x9E37_79B1) >> (32 - HASH_BITS)) as usize
}

/// Length of the common prefix of `a` and `b`, eight bytes at a time.
pub(crate) fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while let (Some(x), Some(y)) = (a.get(i..i + 8), b.get(i..i + 8)) {
        let (mut wx, mut wy) = ([0u8; 8], [0u8; 8]);
        wx.copy_from_slice(x);
        wy.copy_from_slice(y);
        let diff = u64::from_le_bytes(wx) ^ u64::from_le_bytes(wy);
        if diff != 0 {
            return (i + (diff.trailing_zeros() / 8) as usize).min(n);
        }
        i += 8;
    }
    i + a
        .get(i..)
        .unwrap_or_default()
        .iter()
        .zip(b.get(i..).unwrap_or_default())
        .take_while(|(x, y)| x == y)
        .count()
}

/// Hash table kept per thread between calls: clearing a fresh table per
/// token was a quarter of compressing it. Positions are stored as stamps
/// `base + position + 1`, and `base` grows by each input's length, so
/// entries from earlier calls read as empty (at or below `base`).
pub(crate) struct Matcher {
    /// Newest stamp per 3-byte hash.
    pub(crate) head: [u32; 1 << HASH_BITS],
    pub(crate) base: u32,
    /// The chains of the lazy matcher (`lazy.rs`): per position of the
    /// current input, the stamp before it in its chain.
    pub(crate) prev: Vec<u32>,
}

impl Matcher {
    pub(crate) const fn new() -> Self {
        Self {
            head: [0; 1 << HASH_BITS],
            base: 0,
            prev: Vec::new(),
        }
    }
    /// Makes room for `len` more stamps, clearing the table on wrap-around.
    /// False if `len` positions cannot be stamped at all.
    pub(crate) fn start(&mut self, len: usize) -> bool {
        let fits = |base: u32| {
            u32::try_from(len)
                .ok()
                .and_then(|len| base.checked_add(len)?.checked_add(1))
                .is_some()
        };
        if !fits(self.base) {
            self.head.fill(0);
            self.base = 0;
        }
        fits(self.base)
    }
}

/// Runs `f` with this thread's matcher, or a fresh one if that is gone
/// (thread teardown) or busy.
pub(crate) fn with_matcher<R>(mut f: impl FnMut(&mut Matcher) -> R) -> R {
    thread_local! {
        static MATCHER: RefCell<Matcher> = const { RefCell::new(Matcher::new()) };
    }
    MATCHER
        .try_with(|m| match m.try_borrow_mut() {
            Ok(mut matcher) => f(&mut matcher),
            Err(_) => f(&mut Matcher::new()),
        })
        .unwrap_or_else(|_| f(&mut Matcher::new()))
}

/// A repeat: `len` bytes at `at` that copy the bytes `dist` before them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Repeat {
    pub(crate) at: usize,
    pub(crate) len: usize,
    pub(crate) dist: usize,
}

/// The repeat [`next_repeat`] found at `i` of the bytes at `j`, extended
/// forwards and backwards over the pending literals from `done`.
pub(crate) fn extend(data: &[u8], i: usize, j: usize, done: usize) -> Repeat {
    let ahead = data
        .get(i..data.len().min(i + MAX_MATCH))
        .unwrap_or_default();
    let mut len = common_prefix(data.get(j..).unwrap_or_default(), ahead);
    let (mut at, mut from) = (i, j);
    while at > done && from > 0 && len < MAX_MATCH && data.get(at - 1) == data.get(from - 1) {
        (at, from, len) = (at - 1, from - 1, len + 1);
    }
    Repeat {
        at,
        len,
        dist: at - from,
    }
}

/// Links positions `i..` into the hash table up to the first one whose
/// 3 bytes the table has seen earlier in `data`: `(position, earlier
/// position)`, or `(_, None)` at the end.
#[allow(clippy::indexing_slicing)] // hashes are below 1 << HASH_BITS
#[inline(always)]
pub(crate) fn next_repeat(
    data: &[u8],
    head: &mut [u32; 1 << HASH_BITS],
    base: u32,
    mut i: usize,
) -> (usize, Option<usize>) {
    // `Some(j)` if position `j` (a stamp read from the table before `i`
    // was linked) starts the same 3 bytes as `word` at `i`, within reach.
    // Stamps at or below `base` are from earlier calls: they wrap to huge j.
    let repeat = |older: u32, i: usize, word: u32| {
        let j = older.wrapping_sub(base + 1) as usize;
        let same =
            j < i && i - j <= MAX_DIST && word_at(data, j).map(|w| (w ^ word) << 8) == Some(0);
        same.then_some(j)
    };
    let stamp = |k: usize| base + k as u32 + 1;
    // Two positions per step, one branch for both unless the table holds
    // a position of this call for either.
    let pairs_end = data.len().saturating_sub(7);
    while i < pairs_end {
        let Some(&group) = data.get(i..).and_then(<[u8]>::first_chunk::<8>) else {
            break;
        };
        let x = u64::from_le_bytes(group);
        let (w0, w1) = (x as u32, (x >> 8) as u32);
        let older0 = std::mem::replace(&mut head[hash(w0)], stamp(i));
        let older1 = std::mem::replace(&mut head[hash(w1)], stamp(i + 1));
        if older0.max(older1) > base {
            if let Some(j) = repeat(older0, i, w0) {
                return (i, Some(j));
            }
            if let Some(j) = repeat(older1, i + 1, w1) {
                return (i + 1, Some(j));
            }
        }
        i += 2;
    }
    // The last few positions one at a time.
    while let Some(word) = word_at(data, i) {
        let older = std::mem::replace(&mut head[hash(word)], stamp(i));
        if let Some(j) = repeat(older, i, word) {
            return (i, Some(j));
        }
        i += 1;
    }
    (i, None)
}
