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

/// `r += (x0 + x1 2^w) * v + c_in` where `r` has `v.len() + 1` limbs (an "addmul_2"): two
/// rows of a schoolbook product in one pass, with two independent carry chains. Returns the
/// two limbs that carry out of `r` (low, high; high is 0 or 1).
#[inline(always)]
fn addmul_2(r: &mut [Word], x0: Word, x1: Word, v: &[Word], c_in: Word) -> (Word, Word) {
    let Some((r0, r_rest)) = r.split_first_mut() else {
        return (c_in, 0);
    };
    let Some((&v0, v_rest)) = v.split_first() else {
        let (lo, hi) = add3(*r0, c_in, 0);
        *r0 = lo;
        return (hi, 0);
    };
    let Some((r_last, r_mid)) = r_rest.split_last_mut() else {
        return (0, 0);
    };
    // Position 0: x0 v0; position k: x0 v_k + x1 v_{k-1}; position len: x1 v_{len-1}.
    let (x, mut c1) = mac(*r0, x0, v0, c_in);
    *r0 = x;
    let mut c2: Word = 0;
    let mut v_prev = v0;
    let mut step = |rk: &mut Word, vk: Word| {
        let (x, c1n) = mac(*rk, x0, vk, c1);
        let (y, c2n) = mac(x, x1, v_prev, c2);
        *rk = y;
        c1 = c1n;
        c2 = c2n;
        v_prev = vk;
    };
    // Two positions per iteration (less loop overhead per limb product).
    let mut r_pairs = r_mid.chunks_exact_mut(2);
    let mut v_pairs = v_rest.chunks_exact(2);
    for (rk, vk) in r_pairs.by_ref().zip(v_pairs.by_ref()) {
        if let ([ra, rb], [va, vb]) = (rk, vk) {
            step(ra, *va);
            step(rb, *vb);
        }
    }
    for (rk, vk) in r_pairs.into_remainder().iter_mut().zip(v_pairs.remainder()) {
        step(rk, *vk);
    }
    let (x, hi1) = mac(*r_last, x1, v_prev, c1);
    let (y, hi2) = add3(x, c2, 0);
    *r_last = y;
    add3(hi1, hi2, 0)
}

/// Adds `lo + hi 2^w` at the bottom of `p`, rippling the carry upward; returns what carries
/// out of the top of `p` (0 or 1 where it is used: the numbers there are bounded).
#[inline(always)]
fn add_carry(p: Option<&mut [Word]>, lo: Word, hi: Word) -> Word {
    let (mut c, mut c2) = (lo, hi);
    for w in p.into_iter().flatten() {
        if c == 0 && c2 == 0 {
            return 0;
        }
        let (s, o) = add3(*w, c, 0);
        *w = s;
        // o is 0 or 1 and c2 is 0 or 1: no wrap.
        c = o.wrapping_add(c2);
        c2 = 0;
    }
    c.wrapping_add(c2)
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

/// Big-endian bytes (any length, leading zeros allowed) into little-endian limbs; false if
/// the value does not fit in `out`.
pub(super) fn from_be_bytes(bytes: &[u8], out: &mut [Word]) -> bool {
    out.fill(0);
    let mut chunks = bytes.rchunks(WORD_BYTES);
    for (limb, chunk) in out.iter_mut().zip(chunks.by_ref()) {
        *limb = chunk
            .iter()
            .fold(0, |acc: Word, b| acc.wrapping_shl(8) | Word::from(*b));
    }
    !chunks.any(|c| c.iter().any(|b| *b != 0))
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

/// `out = x 2^sh`; `None` if bits would be shifted out of `out`.
fn shl_into(x: &[Word], sh: usize, out: &mut [Word]) -> Option<()> {
    let word_bits = usize::try_from(Word::BITS).ok()?;
    let limbs = sh.checked_div(word_bits)?;
    let bits = u32::try_from(sh.checked_rem(word_bits)?).ok()?;
    out.fill(0);
    let mut carry: Word = 0;
    let mut src = x.iter();
    for (o, xi) in out.iter_mut().skip(limbs).zip(src.by_ref()) {
        let (lo, hi) = shl_wide(*xi, bits);
        *o = lo | carry;
        carry = hi;
    }
    // Whatever did not fit must be zero.
    (carry == 0 && src.all(|w| *w == 0)).then_some(())
}

/// `out = x / 2^sh`; `None` unless `x` is a multiple of `2^sh`.
fn shr_into(x: &[Word], sh: usize, out: &mut [Word]) -> Option<()> {
    let word_bits = usize::try_from(Word::BITS).ok()?;
    let limbs = sh.checked_div(word_bits)?;
    let bits = u32::try_from(sh.checked_rem(word_bits)?).ok()?;
    let (low, high) = x.split_at_checked(limbs)?;
    let (first, _) = high.split_first()?;
    // The low bits shifted out must be zero.
    let dropped = shl_wide(*first, Word::BITS.checked_sub(bits)?).0;
    if low.iter().any(|w| *w != 0) || (bits != 0 && dropped != 0) {
        return None;
    }
    out.fill(0);
    let mut next = high.iter().skip(1);
    for (o, xi) in out.iter_mut().zip(high) {
        let above = next.next().copied().unwrap_or(0);
        // (above : xi) >> bits, the low limb.
        *o = shl_wide(above, Word::BITS.checked_sub(bits)?).0 | shr_word(*xi, bits);
    }
    Some(())
}

/// `(low, high)` limbs of `x 2^k`, for `k <= Word::BITS` (zero above).
#[inline(always)]
fn shl_wide(x: Word, k: u32) -> (Word, Word) {
    match Word::BITS.checked_sub(k) {
        Some(0) => (0, x),
        Some(back) if k > 0 => (x.wrapping_shl(k), x.wrapping_shr(back)),
        Some(_) => (x, 0),
        None => (0, 0),
    }
}

/// `x = (x 2^k) - q m` over one limb more than `x` (and `m`, as long), where `shift` gives the `(low, high)` limbs of one
/// limb times `2^k`; returns the top limb and the borrow out of it (1 if `x 2^k < q m`).
#[inline(always)]
fn sub_shifted_mul(
    x: &mut [Word],
    m: &[Word],
    q: Word,
    shift: impl Fn(Word) -> (Word, Word),
) -> (Word, Word) {
    let mut shifted_in: Word = 0;
    // What is still to subtract at this limb: the high limb of the last product plus the
    // last borrow. It stays below 2^w: with c <= B - 1, q m_i + c <= B^2 - B, whose high limb
    // is B - 1 only with a zero low limb, which cannot borrow.
    let mut c: Word = 0;
    let mut step = |xi: &mut Word, mi: Word| {
        let (lo, hi) = shift(*xi);
        let t = lo | shifted_in;
        let (p, p_hi) = mac(0, q, mi, c);
        *xi = t.wrapping_sub(p);
        c = p_hi.wrapping_add(Word::from(t < p));
        shifted_in = hi;
    };
    // Two limbs per iteration (less loop overhead per limb product).
    let mut x_pairs = x.chunks_exact_mut(2);
    let mut m_pairs = m.chunks_exact(2);
    for (xp, mp) in x_pairs.by_ref().zip(m_pairs.by_ref()) {
        if let ([xa, xb], [ma, mb]) = (xp, mp) {
            step(xa, *ma);
            step(xb, *mb);
        }
    }
    for (xi, mi) in x_pairs.into_remainder().iter_mut().zip(m_pairs.remainder()) {
        step(xi, *mi);
    }
    let (top, b) = shifted_in.overflowing_sub(c);
    (top, Word::from(b))
}

/// `x >> k`, 0 for `k >= Word::BITS`.
#[inline(always)]
fn shr_word(x: Word, k: u32) -> Word {
    x.checked_shr(k).unwrap_or(0)
}

/// `x = x 2^k mod m` for `x < m` and `1 <= k <= Word::BITS`, where the top bit of `m`'s top
/// limb is set (a normalized divisor).
///
/// With `t = x 2^k` (one limb longer than `m`), the quotient `q = floor(t / m)` is below
/// `2^w` (as `x < m`). It is estimated from the top limbs as in Knuth's long division
/// (TAOCP vol. 2, 4.3.1, algorithm D, step D3): `q' = min(floor((t_L 2^w + t_{L-1}) /
/// m_{L-1}), 2^w - 1)`, which satisfies `q <= q' <= q + 2` for a normalized `m` (Theorem B),
/// then lowered while the next limbs show it too large, after which `q' <= q + 1`. `t - q' m`
/// is computed in one pass with the shift; if it is negative (rarely), adding `m` once makes it
/// the remainder (twice is allowed for safety). `None` if that does not happen.
fn shl_mod(x: &mut [Word], m: &[Word], k: u32) -> Option<()> {
    // The top three limbs of t (t_L, t_{L-1}, t_{L-2}) and of m (m_{L-1}, m_{L-2}).
    let [.., x_next, x_top] = &*x else {
        return None;
    };
    let [.., m_next, m_top] = m else {
        return None;
    };
    let (x_next, x_top, m_next, m_top) = (*x_next, *x_top, *m_next, *m_top);
    let (t_l1, t_l) = shl_wide(x_top, k);
    let (next_lo, next_hi) = shl_wide(x_next, k);
    let t_l1 = t_l1 | next_hi;
    let third_hi = x.iter().rev().nth(2).map_or(0, |x3| shl_wide(*x3, k).1);
    let t_l2 = next_lo | third_hi;
    let divisor = WideWord::from(m_top);
    // q' and r = (t_L 2^w + t_{L-1}) - q' m_{L-1} (r may exceed a limb after capping).
    let (mut q, mut r): (Word, WideWord) = if t_l >= m_top {
        // t_L = m_{L-1} (t_L > m_{L-1} is excluded by x < m): the quotient is at least 2^w,
        // capped; then r = t_{L-1} + m_{L-1}.
        (Word::MAX, WideWord::from(t_l1).checked_add(divisor)?)
    } else {
        let top = wide(t_l1, t_l);
        let q = Word::try_from(top.checked_div(divisor)?).ok()?;
        (q, top.checked_rem(divisor)?)
    };
    // While q' m_{L-2} > (r B + t_{L-2}) (and r < B), q' is too large by at least one.
    for _ in 0..2 {
        let Ok(r_word) = Word::try_from(r) else {
            break;
        };
        if WideWord::from(q).checked_mul(WideWord::from(m_next))? <= wide(t_l2, r_word) {
            break;
        }
        q = q.checked_sub(1)?;
        r = r.checked_add(divisor)?;
    }

    // x = t - q m over L + 1 limbs, t formed on the fly; a borrow out of the top limb means
    // t < q m. A whole-limb shift (every step but one) moves limbs and shifts no bits.
    // (On 32-bit targets one loop serves both, for flash.)
    let (mut top, b) = if k == Word::BITS && cfg!(target_pointer_width = "64") {
        sub_shifted_mul(x, m, q, |xi| (0, xi))
    } else {
        sub_shifted_mul(x, m, q, |xi| shl_wide(xi, k))
    };
    let mut negative = b != 0;
    for _ in 0..2 {
        if !negative {
            break;
        }
        // x += m; the sum of a negative x >= -m and m carries out of the top limb.
        let mut c: Word = 0;
        for (xi, mi) in x.iter_mut().zip(m) {
            let (s, o) = add3(*xi, *mi, c);
            *xi = s;
            c = o;
        }
        let (s, o) = top.overflowing_add(c);
        top = s;
        negative = !o;
    }
    // The remainder is below m: nothing above the L limbs.
    (!negative && top == 0 && lt(x, m)).then_some(())
}

/// `lo + hi 2^w` as a wide word.
#[inline(always)]
#[allow(clippy::arithmetic_side_effects, clippy::as_conversions)]
fn wide(lo: Word, hi: Word) -> WideWord {
    (lo as WideWord) | ((hi as WideWord) << Word::BITS)
}

/// `rr = R^2 mod n` for the odd `n` of exactly `bits` bits, `R = 2^w` with `w` the bits of
/// `n.len()` limbs; `x` is scratch space as long as `n` (and `rr`).
///
/// Computed modulo the normalized modulus `m = n 2^sh` (the top bit of its top limb set) by
/// shifting a power of two left a limb at a time ([`shl_mod`]): each shift costs one quotient
/// estimate from the top limbs and one pass of `L` limb products, so all of `R^2` costs about
/// `L^2` limb products, less than one Montgomery squaring. With `x = a 2^sh`,
/// `(x 2^k mod m) = (a 2^k mod n) 2^sh`, so every value stays a multiple of `2^sh` and the
/// result is shifted back down at the end. Over slices, so one copy of the code serves every
/// width class (flash on small devices).
fn r2_mod(n: &[Word], bits: usize, rr: &mut [Word], x: &mut [Word]) -> Option<()> {
    let w = n.len().checked_mul(WORD_BYTES)?.checked_mul(8)?;
    let sh = w.checked_sub(bits)?;
    if rr.len() != n.len() || x.len() != n.len() {
        return None;
    }
    // m lives in `rr` until the result replaces it (one number less on the stack).
    shl_into(n, sh, rr)?;
    let m: &[Word] = rr;
    // x = 2^(w - 1), which is 2^(bits - 1) < n in the normalized scale (n is odd with exactly
    // `bits` bits, so larger).
    x.fill(0);
    *x.last_mut()? = Word::from(1_u8).checked_shl(Word::BITS.checked_sub(1)?)?;
    if !lt(x, m) {
        return None;
    }
    // 2^(bits - 1) times 2^(w + sh + 1) is 2^(2w) = R^2.
    let mut left = w.checked_add(sh)?.checked_add(1)?;
    while left > 0 {
        let k = left.min(usize::try_from(Word::BITS).ok()?);
        shl_mod(x, m, u32::try_from(k).ok()?)?;
        left = left.checked_sub(k)?;
    }
    shr_into(x, sh, rr)
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
    /// All zero: to be filled in place by [`Monty::init`].
    pub(super) const ZERO: Self = Monty {
        n: [0; L],
        rr: [0; L],
        n0inv: 0,
    };

    /// Sets the odd modulus `n` of `bits` bits (big-endian bytes, `n >= 2`) and precomputes
    /// its Montgomery parameters, in place (a 4096-bit `Monty` is 1 KiB: it is not moved
    /// around). False if `n` is even, does not have `bits` bits or does not fit.
    pub(super) fn init(&mut self, n: &[u8], bits: usize) -> bool {
        self.init_inner(n, bits).is_some()
    }

    fn init_inner(&mut self, n: &[u8], bits: usize) -> Option<()> {
        if !from_be_bytes(n, &mut self.n) {
            return None;
        }
        let n_low = *self.n.first()?;
        if n_low & 1 == 0 || bits < 2 {
            return None;
        }
        let w = L.checked_mul(WORD_BYTES)?.checked_mul(8)?;
        if bits > w {
            return None;
        }
        self.n0inv = neg_inv(n_low);

        let mut x: [Word; L] = [0; L];
        r2_mod(&self.n, bits, &mut self.rr, &mut x)
    }

    /// `R^2 mod n` (for the tests' oracle comparison).
    #[cfg(test)]
    pub(super) fn rr(&self) -> &[Word; L] {
        &self.rr
    }

    /// `e < n`.
    // `u64::from(Word)` is the identity on 64-bit targets, a widening on 32-bit ones.
    #[allow(clippy::useless_conversion)]
    pub(super) fn gt_u64(&self, e: u64) -> bool {
        // The limbs holding the low 64 bits of n (one or two), and those above.
        let low_limbs = 8 / WORD_BYTES;
        let low = self.n.iter().take(low_limbs).rev().fold(0_u64, |acc, w| {
            acc.checked_shl(Word::BITS).unwrap_or(0) | u64::from(*w)
        });
        self.n.iter().skip(low_limbs).any(|w| *w != 0) || low > e
    }

    /// `x < n`.
    pub(super) fn lt_n(&self, x: &[Word; L]) -> bool {
        lt(x, &self.n)
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

    /// `a = a^2 / R mod n`, for `a < n`, as a CIOS product of `a` with itself.
    fn sqr_cios(&self, a: &mut [Word; L]) {
        let (t, t_hi) = self.cios(a, a);
        self.reduce_once(&t, t_hi, a);
    }

    /// `a = a^2 / R mod n`, for `a < n`: on 64-bit targets the full square into `wide` (at
    /// least `2L` limbs), then a separate Montgomery reduction; on 32-bit ones a fused CIOS
    /// product of `a` with itself.
    ///
    /// Each cross product `a_i a_j` (`i < j`) is computed once and doubled, so a square costs
    /// about `L^2 / 2 + L^2` limb products against `2 L^2` for a general product. Both the
    /// cross products and the reduction go two rows at a time ([`addmul_2`]), which gives the
    /// processor two independent carry chains, as the fused CIOS loop does.
    pub(super) fn sqr_assign(&self, a: &mut [Word; L], wide: &mut [Word]) {
        // On 32-bit processors the fused CIOS loop is faster: the two-row loops below need
        // more registers than a Cortex-M has and spill (QEMU instruction counts of an
        // RS256-2048 verify on a Cortex-M3: 2.10 M with them, 1.37 M with CIOS; a one-row
        // squaring, 1.65 M). 64-bit processors gain from the separate squaring.
        if cfg!(target_pointer_width = "32") {
            return self.sqr_cios(a);
        }
        let Some(p) = wide.get_mut(..L.wrapping_mul(2)) else {
            return self.sqr_cios(a);
        };
        let (Some(&n0), Some(&n1)) = (self.n.first(), self.n.get(1)) else {
            return self.sqr_cios(a);
        };
        if L & 1 != 0 {
            return self.sqr_cios(a);
        }
        p.fill(0);
        // Index arithmetic below cannot wrap: i < L <= 128.

        // 1. Cross products a_i a_j (i < j) at p[i+j]. Rows i and i+1 (i even): a_i a_{i+1}
        // at p[2i+1], then a_i a[i+2..] at p[2i+2..] together with a_{i+1} a[i+2..] at
        // p[2i+3..]; the carry lands in p[i+L+1], which no earlier row reached.
        for i in (0..L).step_by(2) {
            let (Some(&x0), Some(&x1), Some(v)) =
                (a.get(i), a.get(i | 1), a.get(i.wrapping_add(2)..))
            else {
                break;
            };
            let Some((first, r)) = p
                .get_mut(i.wrapping_mul(2).wrapping_add(1)..=i.wrapping_add(L))
                .and_then(|w| w.split_first_mut())
            else {
                break;
            };
            let (lo, c) = mac(*first, x0, x1, 0);
            *first = lo;
            let (c_lo, c_hi) = addmul_2(r, x0, x1, v, c);
            add_carry(p.get_mut(i.wrapping_add(L).wrapping_add(1)..), c_lo, c_hi);
        }

        // 2. Double the cross products and add the squares a_i^2 at p[2i].
        let mut shifted: Word = 0;
        let mut c: Word = 0;
        for (pair, &ai) in p.chunks_exact_mut(2).zip(a.iter()) {
            if let [p0, p1] = pair {
                let d0 = p0.wrapping_shl(1) | shifted;
                let d1 = p1.wrapping_shl(1) | p0.wrapping_shr(Word::BITS.wrapping_sub(1));
                shifted = p1.wrapping_shr(Word::BITS.wrapping_sub(1));
                let (sq_lo, sq_hi) = mac(0, ai, ai, 0);
                let (r0, c0) = add3(d0, sq_lo, c);
                let (r1, c1) = add3(d1, sq_hi, c0);
                *p0 = r0;
                *p1 = r1;
                c = c1;
            }
        }

        // 3. Montgomery reduction, two limbs at a time: m0 clears p[i], m1 (computed from
        // what p[i+1] becomes after adding m0 n) clears p[i+1]; (m0 + m1 2^w) n is added at
        // p[i..] in one pass, its carry rippled upward. What overflows p goes to t_hi.
        let mut t_hi: Word = 0;
        for i in (0..L).step_by(2) {
            let Some(r) = p.get_mut(i..=i.wrapping_add(L)) else {
                break;
            };
            let (Some(&r0), Some(&r1)) = (r.first(), r.get(1)) else {
                break;
            };
            let m0 = r0.wrapping_mul(self.n0inv);
            let (_, c) = mac(r0, m0, n0, 0);
            let (x, _) = mac(r1, m0, n1, c);
            let m1 = x.wrapping_mul(self.n0inv);
            let (c_lo, c_hi) = addmul_2(r, m0, m1, &self.n, 0);
            let over = add_carry(p.get_mut(i.wrapping_add(L).wrapping_add(1)..), c_lo, c_hi);
            t_hi = t_hi.wrapping_add(over);
        }

        // (a^2 + M n) / R < 2n sits in p[L..2L] and t_hi.
        if let Some(high) = p.get(L..).and_then(|h| h.first_chunk::<L>()) {
            self.reduce_once(high, t_hi, a);
        }
    }

    /// `out = s^e mod n` for `s < n` and odd `e >= 1`, by left-to-right square-and-multiply
    /// over the public exponent's bits (variable-time on purpose: `e` is public). For
    /// `e = 65537` that is one conversion into Montgomery form, 16 squarings and one final
    /// multiplication by the plain `s`, which also leaves Montgomery form.
    /// `wide` is scratch space for squaring, `2L` limbs.
    pub(super) fn pow_public(&self, s: &[Word; L], e: u64, out: &mut [Word; L], wide: &mut [Word]) {
        let top = e.checked_ilog2().unwrap_or(0);
        if top == 0 {
            *out = *s;
            return;
        }
        // out = s R mod n: s in Montgomery form.
        *out = *s;
        self.mul_assign(out, &self.rr);
        let base = *out;
        // After the step for bit i: out = s^(e >> i) R mod n.
        for i in (1..top).rev() {
            self.sqr_assign(out, wide);
            if e.wrapping_shr(i) & 1 == 1 {
                self.mul_assign(out, &base);
            }
        }
        // Bit 0 is set (e is odd): square, then multiply by the plain s, which divides the
        // extra R out: s^(e-1) R * s / R = s^e mod n.
        self.sqr_assign(out, wide);
        self.mul_assign(out, s);
    }
}
