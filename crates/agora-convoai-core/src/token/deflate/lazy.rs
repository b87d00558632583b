//! The thorough matcher for longer content (above `DYNAMIC_HUFFMAN_FROM`
//! bytes): every position linked into hash chains, up to [`CHAIN_DEPTH`]
//! earlier candidates tried per position, and zlib's lazy evaluation (a
//! match is kept only if the next position does not start a longer one).
//!
//! Why: against real zlib level 6 (zlib-rs, and Node's zlib, which walk up
//! to 128 candidates), the one-probe greedy matcher of `matcher.rs` made
//! tokens up to 24% longer on content of 220-280 bytes whose strings use
//! 2-3 characters: short repeats everywhere, mostly missed by one probe.
//! With this matcher the worst of the length sweep (zlib.rs) is the same
//! as for short content, which keeps the greedy matcher. Costs ~1 µs more
//! than the greedy matcher on a 240-byte content.

use super::matcher::{common_prefix, hash, with_matcher, word_at, Matcher, Repeat, MAX_DIST};
use super::symbols::MAX_MATCH;

/// Candidates tried per position. 8 and 32 gave the same worst ratio over
/// the sweep; 1 (every position linked, no depth) left it at 1.19.
const CHAIN_DEPTH: usize = 8;

/// The shortest repeat deflate codes.
const MIN_MATCH: usize = 3;

/// zlib's rule: a 3-byte repeat farther than this costs more than its
/// literals.
const TOO_FAR: usize = 4096;

/// Appends the repeats of `data` to `out`, in order; false (with `out`
/// unspecified) if `data` is too long to match.
pub(crate) fn lazy_repeats(data: &[u8], out: &mut Vec<Repeat>) -> bool {
    with_matcher(|matcher| lazy_repeats_with(data, matcher, out))
}

fn lazy_repeats_with(data: &[u8], matcher: &mut Matcher, out: &mut Vec<Repeat>) -> bool {
    if !matcher.start(data.len()) {
        return false;
    }
    let base = matcher.base;
    let Matcher { head, prev, .. } = matcher;
    prev.clear();
    prev.resize(data.len(), 0);
    let mut chains = Chains {
        data,
        head,
        prev,
        base,
    };
    // A repeat found at the previous position, kept while this one is
    // tried.
    let mut pending: Option<Repeat> = None;
    let mut i = 0;
    while i < data.len() {
        let found = chains.link_and_find(i);
        match pending {
            Some(p) if found.is_none_or(|f| f.len <= p.len) => {
                out.push(p);
                // `p.at + 1` (this position) is linked already.
                for k in i + 1..p.at + p.len {
                    chains.link(k);
                }
                i = p.at + p.len;
                pending = None;
            }
            // Nothing at the previous position, or a longer repeat here: the
            // previous byte stays a literal.
            _ => {
                pending = found;
                i += 1;
            }
        }
    }
    out.extend(pending);
    matcher.base += data.len() as u32;
    true
}

/// Hash chains over `data`: `head` (shared with the greedy matcher, stamps
/// above `base` are this call's) holds the newest position per hash,
/// `prev[i]` the stamp of the position before `i` in its chain.
struct Chains<'a> {
    data: &'a [u8],
    head: &'a mut [u32],
    prev: &'a mut Vec<u32>,
    base: u32,
}

impl Chains<'_> {
    /// Links position `i` into its chain; the stamp it displaced.
    fn link(&mut self, i: usize) -> Option<u32> {
        let word = word_at(self.data, i)?;
        let slot = self.head.get_mut(hash(word))?;
        let older = std::mem::replace(slot, self.base + i as u32 + 1);
        if let Some(p) = self.prev.get_mut(i) {
            *p = older;
        }
        Some(older)
    }

    /// Links `i` and returns the longest repeat starting there among the
    /// newest [`CHAIN_DEPTH`] candidates of its chain.
    fn link_and_find(&mut self, i: usize) -> Option<Repeat> {
        let mut candidate = self.link(i)?;
        let ahead = self.data.get(i..self.data.len().min(i + MAX_MATCH))?;
        let mut best: Option<Repeat> = None;
        for _ in 0..CHAIN_DEPTH {
            // Stamps at or below `base` are from earlier calls: they wrap
            // to positions at or past `i`.
            let j = candidate.wrapping_sub(self.base + 1) as usize;
            if j >= i || i - j > MAX_DIST {
                break;
            }
            let len = common_prefix(self.data.get(j..).unwrap_or_default(), ahead);
            if len > best.map_or(MIN_MATCH - 1, |b| b.len) && (len > MIN_MATCH || i - j <= TOO_FAR)
            {
                best = Some(Repeat {
                    at: i,
                    len,
                    dist: i - j,
                });
                if len == ahead.len() {
                    break;
                }
            }
            candidate = self.prev.get(j).copied().unwrap_or_default();
        }
        best
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    /// `data` rebuilt from its repeats and literals.
    fn replay(data: &[u8], repeats: &[Repeat]) -> Vec<u8> {
        let mut out = Vec::new();
        for r in repeats {
            out.extend_from_slice(&data[out.len()..r.at]);
            assert!(r.len >= MIN_MATCH && r.len <= MAX_MATCH && r.dist <= MAX_DIST);
            assert!(r.dist <= r.at, "repeat before the start");
            for _ in 0..r.len {
                out.push(out[out.len() - r.dist]);
            }
        }
        out.extend_from_slice(&data[out.len()..]);
        out
    }

    #[test]
    fn repeats_rebuild_the_data_in_order() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(41);
        let mut matcher = Matcher::new();
        for _ in 0..2000 {
            let n = rng.gen_range(0..2000);
            let alphabet = rng.gen_range(1..=256u32);
            let data: Vec<u8> = (0..n).map(|_| rng.gen_range(0..alphabet) as u8).collect();
            let mut repeats = Vec::new();
            assert!(lazy_repeats_with(&data, &mut matcher, &mut repeats));
            assert!(repeats.windows(2).all(|w| w[0].at + w[0].len <= w[1].at));
            assert_eq!(replay(&data, &repeats), data);
        }
    }

    #[test]
    fn a_longer_repeat_one_byte_later_wins() {
        // At "abcdX" the newest "abc" is 3 bytes long; one byte later
        // "bcdXYZ" repeats in full.
        let data = b"bcdXYZ____abc-abcdXYZ";
        let mut repeats = Vec::new();
        assert!(lazy_repeats_with(data, &mut Matcher::new(), &mut repeats));
        assert_eq!(repeats.last().map(|r| (r.at, r.len)), Some((15, 6)));
    }
}
