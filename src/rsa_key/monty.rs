//! Fixed-width Montgomery arithmetic for the RSA public operation `s^e mod n`.
//!
//! Numbers are arrays of `L` little-endian limbs of crypto-bigint's [`Word`] (`u64` on 64-bit
//! targets, `u32` on 32-bit ones), with [`WideWord`] (twice as wide) for limb products.
//! `R = 2^(L * Word::BITS)`; the modulus is any odd number below `R`.
//!
//! Everything handled here is public (modulus, exponent, signature), so the code branches on
//! data where that is simpler or faster: the exponent's bits and the final subtraction.

use crypto_bigint::{WideWord, Word};

/// Bytes per limb.
pub(super) const WORD_BYTES: usize = core::mem::size_of::<Word>();
/// Limbs of the 2048-bit width class.
pub(super) const L2048: usize = 256 / WORD_BYTES;
/// Limbs of the 3072-bit width class.
pub(super) const L3072: usize = 384 / WORD_BYTES;
/// Limbs of the 4096-bit width class.
pub(super) const L4096: usize = 512 / WORD_BYTES;

/// `a + b * c + d` as `(low, high)` limbs.
///
/// Cannot overflow the wide word: with `B = 2^w` the sum is at most
/// `(B - 1) + (B - 1)^2 + (B - 1) = B^2 - 1`. The casts widen, or keep exactly the low and the
/// high half of the wide result.
#[inline(always)]
#[allow(clippy::arithmetic_side_effects, clippy::as_conversions)]
const fn mac(a: Word, b: Word, c: Word, d: Word) -> (Word, Word) {
    let t = (a as WideWord) + (b as WideWord) * (c as WideWord) + (d as WideWord);
    (t as Word, (t >> Word::BITS) as Word)
}

/// `a + b + c` as `(low, high)` limbs; cannot overflow the wide word (at most `3 * (B - 1)`).
#[inline(always)]
#[allow(clippy::arithmetic_side_effects, clippy::as_conversions)]
const fn add3(a: Word, b: Word, c: Word) -> (Word, Word) {
    let t = (a as WideWord) + (b as WideWord) + (c as WideWord);
    (t as Word, (t >> Word::BITS) as Word)
}

/// `a - b - borrow` (borrow 0 or 1) as `(difference mod B, borrow out 0 or 1)`.
#[inline(always)]
fn sbb(a: Word, b: Word, borrow: Word) -> (Word, Word) {
    let (d, o1) = a.overflowing_sub(b);
    let (d, o2) = d.overflowing_sub(borrow);
    (d, Word::from(o1 | o2))
}

/// `a < b` for numbers of the same number of limbs (variable-time).
fn lt(a: &[Word], b: &[Word]) -> bool {
    for (x, y) in a.iter().rev().zip(b.iter().rev()) {
        if x != y {
            return x < y;
        }
    }
    false
}

/// `x -= y` in place (mod `R`).
fn sub_assign(x: &mut [Word], y: &[Word]) {
    let mut borrow = 0;
    for (a, b) in x.iter_mut().zip(y) {
        let (d, bo) = sbb(*a, *b, borrow);
        *a = d;
        borrow = bo;
    }
}

/// `-n0^-1 mod 2^w` for odd `n0`, by Newton's iteration `x <- x (2 - n0 x)`: `x = n0` is
/// correct modulo `2^3`, and each step doubles the number of correct low bits (3, 6, 12, 24,
/// 48, 96 >= 64).
fn neg_inv(n0: Word) -> Word {
    let two: Word = 2;
    let mut x = n0;
    for _ in 0..5 {
        x = x.wrapping_mul(two.wrapping_sub(n0.wrapping_mul(x)));
    }
    x.wrapping_neg()
}

/// Big-endian bytes (any length, leading zeros allowed) into `L` little-endian limbs; `None`
/// if the value does not fit.
pub(super) fn from_be_bytes<const L: usize>(bytes: &[u8]) -> Option<[Word; L]> {
    let mut out = [0; L];
    let mut chunks = bytes.rchunks(WORD_BYTES);
    for (limb, chunk) in out.iter_mut().zip(chunks.by_ref()) {
        *limb = chunk
            .iter()
            .fold(0, |acc: Word, b| acc.wrapping_shl(8) | Word::from(*b));
    }
    if chunks.any(|c| c.iter().any(|b| *b != 0)) {
        return None;
    }
    Some(out)
}

/// Writes `x` big-endian into all of `out`; false if `x` does not fit in `out.len()` bytes.
pub(super) fn to_be_bytes(x: &[Word], out: &mut [u8]) -> bool {
    let mut limbs = x.iter();
    for (chunk, limb) in out.rchunks_mut(WORD_BYTES).zip(limbs.by_ref()) {
        let bytes = limb.to_be_bytes();
        let mut src = bytes.iter().rev();
        for (d, s) in chunk.iter_mut().rev().zip(src.by_ref()) {
            *d = *s;
        }
        // A short first chunk: the limb's remaining high bytes must be zero.
        if src.any(|b| *b != 0) {
            return false;
        }
    }
    limbs.all(|l| *l == 0)
}

/// An odd modulus `n < R` with what Montgomery multiplication needs, computed once.
#[derive(Clone)]
pub(super) struct Monty<const L: usize> {
    /// The modulus.
    n: [Word; L],
    /// `R^2 mod n`, to move into Montgomery form.
    rr: [Word; L],
    /// `-n^-1 mod 2^w`.
    n0inv: Word,
}

impl<const L: usize> Monty<L> {
    /// Precomputes the Montgomery parameters of the odd modulus `n` of `bits` bits (big-endian
    /// bytes, `n >= 2`). `None` if `n` is even, does not have `bits` bits or does not fit.
    pub(super) fn new(n: &[u8], bits: usize) -> Option<Self> {
        let n = from_be_bytes::<L>(n)?;
        let n_low = *n.first()?;
        if n_low & 1 == 0 || bits < 2 {
            return None;
        }
        let w = L.checked_mul(WORD_BYTES)?.checked_mul(8)?;
        if bits > w {
            return None;
        }
        let mut m = Monty {
            n,
            rr: [0; L],
            n0inv: neg_inv(n_low),
        };

        // x = 2^(bits - 1) < n (n is odd with exactly `bits` bits, so larger).
        let top = bits.checked_sub(1)?;
        let word_bits = WORD_BYTES.checked_mul(8)?;
        let mut x: [Word; L] = [0; L];
        let bit = u32::try_from(top.checked_rem(word_bits)?).ok()?;
        *x.get_mut(top.checked_div(word_bits)?)? = Word::from(1_u8).checked_shl(bit)?;
        if !lt(&x, &m.n) {
            return None;
        }

        // w = j * 2^s with j odd (1 or 3 here). Double x up to 2^(w + j) mod n, which is 2^j
        // in Montgomery form; s Montgomery squarings then give (2^j)^(2^s) = 2^w = R in
        // Montgomery form, which is R^2 mod n.
        let s = w.trailing_zeros();
        let j = w.checked_shr(s)?;
        let doublings = w.checked_add(j)?.checked_sub(top)?;
        for _ in 0..doublings {
            m.double_assign(&mut x);
        }
        for _ in 0..s {
            m.sqr_assign(&mut x);
        }
        m.rr = x;
        Some(m)
    }

    /// `x < n`.
    pub(super) fn lt_n(&self, x: &[Word; L]) -> bool {
        lt(x, &self.n)
    }

    /// `x = 2x mod n`, for `x < n`.
    fn double_assign(&self, x: &mut [Word; L]) {
        let mut carry: Word = 0;
        for limb in x.iter_mut() {
            let high = limb.wrapping_shr(Word::BITS.wrapping_sub(1));
            *limb = limb.wrapping_shl(1) | carry;
            carry = high;
        }
        if carry != 0 || !lt(x, &self.n) {
            sub_assign(x, &self.n);
        }
    }

    /// `t + t_hi * R - n` into `out` if that is not negative, else `t` into `out`. With
    /// `t + t_hi * R < 2n`, the result is below `n`.
    #[inline(always)]
    fn reduce_once(&self, t: &[Word; L], t_hi: Word, out: &mut [Word; L]) {
        let mut borrow = 0;
        for ((o, a), b) in out.iter_mut().zip(t).zip(&self.n) {
            let (d, bo) = sbb(*a, *b, borrow);
            *o = d;
            borrow = bo;
        }
        // The subtraction went below zero iff its borrow exceeds the extra high limb.
        if borrow > t_hi {
            *out = *t;
        }
    }

    /// Montgomery product `a * b / R mod n` (CIOS, multiplication and reduction fused), for
    /// `a, b < n`; the unreduced result `< 2n` is returned as `(low limbs, high limb 0 or 1)`.
    #[inline(always)]
    fn cios(&self, a: &[Word; L], b: &[Word; L]) -> ([Word; L], Word) {
        let mut t: [Word; L] = [0; L];
        let mut t_hi: Word = 0;
        let (Some((&a0, a_rest)), Some((&n0, n_rest))) = (a.split_first(), self.n.split_first())
        else {
            return (t, t_hi);
        };
        for &bi in b {
            let Some((t0, t_rest)) = t.split_first_mut() else {
                break;
            };
            // t += a * bi and t += m * n with m chosen so the low limb becomes zero; then
            // shift t down by one limb.
            let (x, mut c1) = mac(*t0, a0, bi, 0);
            let m = x.wrapping_mul(self.n0inv);
            let (_, mut c2) = mac(x, m, n0, 0);
            let mut prev = t0;
            for ((tj, &aj), &nj) in t_rest.iter_mut().zip(a_rest).zip(n_rest) {
                let (x, c1n) = mac(*tj, aj, bi, c1);
                let (y, c2n) = mac(x, m, nj, c2);
                *prev = y;
                prev = tj;
                c1 = c1n;
                c2 = c2n;
            }
            let (lo, hi) = add3(t_hi, c1, c2);
            *prev = lo;
            t_hi = hi;
        }
        (t, t_hi)
    }

    /// `a = a * b / R mod n`, for `a, b < n`.
    pub(super) fn mul_assign(&self, a: &mut [Word; L], b: &[Word; L]) {
        let (t, t_hi) = self.cios(a, b);
        self.reduce_once(&t, t_hi, a);
    }

    /// `a = a^2 / R mod n`, for `a < n`.
    pub(super) fn sqr_assign(&self, a: &mut [Word; L]) {
        let (t, t_hi) = self.cios(a, a);
        self.reduce_once(&t, t_hi, a);
    }

    /// `out = s^e mod n` for `s < n` and odd `e >= 1`, by left-to-right square-and-multiply
    /// over the public exponent's bits (variable-time on purpose: `e` is public). For
    /// `e = 65537` that is one conversion into Montgomery form, 16 squarings and one final
    /// multiplication by the plain `s`, which also leaves Montgomery form.
    pub(super) fn pow_public(&self, s: &[Word; L], e: u64, out: &mut [Word; L]) {
        let top = e.checked_ilog2().unwrap_or(0);
        if top == 0 {
            *out = *s;
            return;
        }
        // out = s R mod n: s in Montgomery form.
        *out = *s;
        self.mul_assign(out, &self.rr);
        let base = *out;
        // Invariant: out = s^p R mod n for p = e >> i.
        for i in (1..top).rev() {
            self.sqr_assign(out);
            if e.wrapping_shr(i) & 1 == 1 {
                self.mul_assign(out, &base);
            }
        }
        // Bit 0 is set (e is odd): square, then multiply by the plain s, which divides the
        // extra R out: s^(e-1) R * s / R = s^e mod n.
        self.sqr_assign(out);
        self.mul_assign(out, s);
    }
}
