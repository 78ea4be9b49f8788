//! Byte searches eight bytes at a time ("SWAR": SIMD within a register), in safe, portable
//! code: the token split looks for `.`, the JSON scanner for the bytes that end a plain run of
//! string content. Tokens and JSON documents are public, so data-dependent timing is fine.
//!
//! Each word is read little-endian, so its lowest byte is the first in memory. The classic
//! zero-byte test `(x - 0x01..01) & !x & 0x80..80` can flag a byte spuriously only *above* a
//! byte that truly matched (through the borrow), never below: the lowest flagged byte is
//! always a true match, which is all a forward search needs.

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// High bit set in (at least) the lowest byte of `w` that is below `n` (`n <= 0x80`).
#[inline(always)]
fn below(w: u64, n: u8) -> u64 {
    // `LO * n` for a byte `n` cannot overflow: it is `n` repeated in each byte.
    w.wrapping_sub(LO.wrapping_mul(u64::from(n))) & !w & HI
}

/// High bit set in (at least) the lowest byte of `w` equal to `b`.
#[inline(always)]
fn equal(w: u64, b: u8) -> u64 {
    below(w ^ LO.wrapping_mul(u64::from(b)), 1)
}

/// High bit set in (at least) the lowest byte of `w` (eight bytes, little-endian) that ends a
/// plain run of JSON string content; see [`string_stop`].
#[inline(always)]
pub(crate) fn string_stops(w: u64, controls: bool) -> u64 {
    let m = equal(w, b'"') | equal(w, b'\\');
    if controls { m | below(w, 0x20) } else { m }
}

/// High bit set in every byte of `w` that is not an ASCII digit, exactly (no borrow crosses
/// a byte: the seven low bits of each byte are added to, never subtracted from).
#[cfg(target_pointer_width = "64")]
#[inline(always)]
pub(crate) fn non_digits(w: u64) -> u64 {
    let low = w & !HI;
    // Per byte: at least `0` (0x30), at least `:` (0x3A); a byte with its high bit set is both.
    let ge_zero = (low.wrapping_add(LO.wrapping_mul(0x80 - 0x30)) | w) & HI;
    let past_nine = (low.wrapping_add(LO.wrapping_mul(0x80 - 0x3A)) | w) & HI;
    (ge_zero ^ HI) | past_nine
}

/// Number of ASCII digits in a row at `from` in `hay` (JSON numbers: dates are ten digits),
/// eight bytes at a time on 64-bit targets.
#[cfg(target_pointer_width = "64")]
#[inline]
pub(crate) fn digit_run(hay: &[u8], from: usize) -> usize {
    let Some(rest) = hay.get(from..) else {
        return 0;
    };
    let (words, tail) = rest.as_chunks::<8>();
    let mut n = 0usize;
    for w in words {
        let m = non_digits(u64::from_le_bytes(*w));
        if m != 0 {
            return n.wrapping_add(first(m));
        }
        // At most `rest.len()`.
        n = n.wrapping_add(8);
    }
    n.wrapping_add(tail.iter().take_while(|b| b.is_ascii_digit()).count())
}

/// [`digit_run`] a byte at a time on 32-bit targets, where 64-bit words cost flash and gain
/// little.
#[cfg(not(target_pointer_width = "64"))]
pub(crate) fn digit_run(hay: &[u8], from: usize) -> usize {
    hay.get(from..).map_or(0, |rest| {
        rest.iter().take_while(|b| b.is_ascii_digit()).count()
    })
}

/// Index of the first set flag (a non-zero mask from [`below`] / [`equal`]).
#[inline(always)]
pub(crate) fn first(mask: u64) -> usize {
    // trailing_zeros / 8 is at most 8.
    usize::try_from(mask.trailing_zeros() >> 3).unwrap_or(8)
}

/// True if one of the 32 bytes of `block` (also given as its four words) is `needle`. On
/// targets with 16-byte vectors in their baseline (x86-64's SSE2, AArch64's NEON) a fold over
/// the bytes, which the compiler turns into two vector compares and one mask test (about a
/// third of the instructions of the word test); elsewhere (microcontrollers) the word test.
#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
#[inline(always)]
fn any_equal(block: &[u8; 32], _words: &[[u8; 8]], needle: u8) -> bool {
    // `|`, not `||`: no early exit, so the fold vectorizes.
    block.iter().fold(false, |any, b| any | (*b == needle))
}

/// [`any_equal`] eight bytes at a time, for targets without baseline vectors.
#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
#[inline(always)]
fn any_equal(_block: &[u8; 32], words: &[[u8; 8]], needle: u8) -> bool {
    words
        .iter()
        .fold(0u64, |m, w| m | equal(u64::from_le_bytes(*w), needle))
        != 0
}

/// Index of the first `needle` in `hay` at or after `from`.
pub(crate) fn find_byte(hay: &[u8], from: usize, needle: u8) -> Option<usize> {
    let rest = hay.get(from..)?;
    let mut base = from;
    // Thirty-two bytes per step, one branch (tokens are mostly long runs without a dot); the
    // word that matched is found afterwards, word by word.
    let (blocks, rest) = rest.as_chunks::<32>();
    for block in blocks {
        let (words, _) = block.as_chunks::<8>();
        if any_equal(block, words, needle) {
            let mut at = base;
            for w in words {
                let m = equal(u64::from_le_bytes(*w), needle);
                if m != 0 {
                    return Some(at.wrapping_add(first(m)));
                }
                at = at.wrapping_add(8);
            }
        }
        base = base.wrapping_add(32);
    }
    let (words, tail) = rest.as_chunks::<8>();
    for w in words {
        let m = equal(u64::from_le_bytes(*w), needle);
        if m != 0 {
            return Some(base.wrapping_add(first(m)));
        }
        base = base.wrapping_add(8);
    }
    tail.iter()
        .position(|b| *b == needle)
        .map(|p| base.wrapping_add(p))
}

/// `a == b`, inline, eight bytes per step: the strings compared per token (kid, issuer,
/// audience, nonce) are short, where a call to the C library's `memcmp` costs more than the
/// comparison. Not constant-time: only for public values.
#[inline]
pub(crate) fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (wa, ta) = a.as_chunks::<8>();
    let (wb, tb) = b.as_chunks::<8>();
    wa.iter()
        .zip(wb)
        .all(|(x, y)| u64::from_le_bytes(*x) == u64::from_le_bytes(*y))
        && ta.iter().zip(tb).all(|(x, y)| x == y)
}

/// [`bytes_eq`] for strings.
#[inline]
pub(crate) fn str_eq(a: &str, b: &str) -> bool {
    bytes_eq(a.as_bytes(), b.as_bytes())
}

/// Index of the first byte at or after `from` that ends a plain run of JSON string content:
/// `"`, `\`, or a control character below 0x20 (when `controls`); `hay.len()` if none.
#[inline]
pub(crate) fn string_stop(hay: &[u8], from: usize, controls: bool) -> usize {
    let Some(rest) = hay.get(from..) else {
        return hay.len();
    };
    let mut base = from;
    let (words, tail) = rest.as_chunks::<8>();
    for w in words {
        let m = string_stops(u64::from_le_bytes(*w), controls);
        if m != 0 {
            return base.wrapping_add(first(m));
        }
        base = base.wrapping_add(8);
    }
    let stop = |b: &u8| *b == b'"' || *b == b'\\' || (controls && *b < 0x20);
    match tail.iter().position(stop) {
        Some(p) => base.wrapping_add(p),
        None => hay.len(),
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    fn naive_find(hay: &[u8], from: usize, needle: u8) -> Option<usize> {
        hay.iter()
            .enumerate()
            .skip(from)
            .find(|(_, b)| **b == needle)
            .map(|(i, _)| i)
    }

    fn naive_stop(hay: &[u8], from: usize, controls: bool) -> usize {
        hay.iter()
            .enumerate()
            .skip(from)
            .find(|(_, b)| **b == b'"' || **b == b'\\' || (controls && **b < 0x20))
            .map_or(hay.len(), |(i, _)| i)
    }

    #[test]
    fn agrees_with_naive_search() {
        // Every byte value at every position of buffers of several lengths, on backgrounds
        // that provoke borrows (0x00, 0x01, 0x21, 0x80, 0xff) and plain text.
        for len in [0usize, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 40, 63, 64, 71] {
            for bg in [
                0x00u8, 0x01, 0x21, 0x2d, 0x2f, b'0', b'9', b':', 0x5b, 0x80, 0xb0, 0xff, b'a',
            ] {
                for pos in 0..len {
                    for v in 0..=255u8 {
                        let mut hay = [bg; 72];
                        hay[pos] = v;
                        let hay = &hay[..len];
                        for from in [0, 1, pos, len] {
                            assert_eq!(
                                find_byte(hay, from, b'.'),
                                naive_find(hay, from, b'.'),
                                "{hay:?} {from}"
                            );
                            assert_eq!(
                                digit_run(hay, from),
                                hay.iter()
                                    .skip(from)
                                    .take_while(|b| b.is_ascii_digit())
                                    .count(),
                                "{hay:?} {from}"
                            );
                            for controls in [false, true] {
                                assert_eq!(
                                    string_stop(hay, from, controls),
                                    naive_stop(hay, from, controls),
                                    "{hay:?} {from} {controls}"
                                );
                            }
                        }
                    }
                }
            }
        }
        assert_eq!(find_byte(b"abc", 4, b'.'), None);
        let text = b"0123456789abcdefghijklmnopq";
        for i in 0..text.len() {
            for j in 0..text.len() {
                for k in 0..text.len() {
                    let (a, b) = (
                        &text[i..j.max(i)],
                        &text[k..(k + j.max(i) - i).min(text.len())],
                    );
                    assert_eq!(bytes_eq(a, b), a == b, "{a:?} {b:?}");
                }
            }
        }
        let mut x = *text;
        x[20] = b'!';
        assert!(!bytes_eq(text, &x));
        assert!(bytes_eq(&x, &x));
        assert_eq!(string_stop(b"abc", 4, true), 3);
    }
}
