//! Arithmetic modulo the P-256 prime `p = 2^256 - 2^224 + 2^192 + 2^96 - 1`, for ES256
//! verification on 32-bit targets (Cortex-M, RISC-V 32, i686): eight 32-bit limbs, elements
//! kept fully reduced in plain (not Montgomery) form. (Compiled only where pointers are not
//! 64 bits wide: see `p256_field` for the others.)
//!
//! A product is the schoolbook 8×8 limb product (36 limb products for a square), then the
//! reduction special to this prime (FIPS 186-4 §D.2.3, "fast reduction"): as
//! `2^256 = 2^224 - 2^192 - 2^96 + 1 (mod p)`, each of the 16 product words folds into the
//! low 8 by additions and subtractions of permuted words, with no multiplication. The limb
//! loops are unrolled by a macro, so that a size-optimised build (opt-level "z", as device
//! libraries are built) keeps the multiply-accumulates in straight-line code (`umaal` on
//! Armv7E-M, `umull` with adds on Armv7-M) instead of a loop over memory.
//!
//! `p256`'s own field element, used here before, is slower on these targets (its 32-bit
//! product goes through a generic wide multiplication and a generic reduction): a C firmware's
//! ES256 verify took 4.16 M instructions on a Cortex-M4 and 4.42 M on a Cortex-M3 with it,
//! 1.58 M and 1.76 M with this field alone (opt-level "z"). A product costs about 480
//! instructions on the M4 (64 `umaal`/`umull`/`umlal`, the rest loads, stores, additions).
//! Everything here handles public data (keys, signatures, digests), so it may branch on
//! values. Checked against `p256`'s field element on random and edge values in the tests (run
//! them with `--target i686-unknown-linux-gnu`), and through ECDSA by the Wycheproof P-256
//! vectors.

// Limb indices are constants within the length of their arrays (unrolled by `unroll!`); the
// wide sums cannot overflow their double words (each bound is noted where it is formed), and
// the casts keep the low half of a double word on purpose.
#![allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::as_conversions,
    clippy::cast_possible_truncation
)]

use p256::FieldBytes;

use super::hex32;

/// Limbs per element.
const L: usize = 8;

/// `p`, little-endian 32-bit limbs.
const P: [u32; L] = [
    0xffff_ffff,
    0xffff_ffff,
    0xffff_ffff,
    0,
    0,
    0,
    1,
    0xffff_ffff,
];

/// Repeats `$body` with `$i` bound to each listed index (straight-line code at any
/// optimisation level).
macro_rules! unroll {
    ($i:ident in [$($n:literal)*] $body:block) => {
        $( { let $i: usize = $n; $body } )*
    };
}

/// An element of the field, fully reduced (below `p`), little-endian 32-bit limbs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Fe([u32; L]);

impl Fe {
    pub(crate) const ZERO: Fe = Fe([0; L]);
    pub(crate) const ONE: Fe = Fe([1, 0, 0, 0, 0, 0, 0, 0]);

    /// The element of 64 hex digits (big-endian), for constants, which must be below `p`.
    pub(crate) const fn from_hex_vartime(hex: &str) -> Fe {
        Fe(limbs(&hex32(hex)))
    }

    /// The element of 32 big-endian bytes; `None` unless they are below `p`.
    pub(crate) fn from_repr(bytes: FieldBytes) -> Option<Fe> {
        let b: [u8; 32] = bytes.into();
        let x = limbs(&b);
        // x < p exactly when x - p borrows.
        let (_, borrow) = sub_limbs(&x, &P);
        borrow.then_some(Fe(x))
    }

    /// The 32 big-endian bytes of the element.
    #[cfg(test)]
    pub(crate) fn to_repr(self) -> FieldBytes {
        let mut out = [0u8; 32];
        for (chunk, limb) in out.rchunks_exact_mut(4).zip(self.0.iter()) {
            chunk.copy_from_slice(&limb.to_be_bytes());
        }
        FieldBytes::from(out)
    }

    #[inline(never)]
    pub(crate) fn multiply(&self, other: &Fe) -> Fe {
        Fe(reduce_wide(&mul_wide(&self.0, &other.0)))
    }

    #[inline(never)]
    pub(crate) fn square(&self) -> Fe {
        Fe(reduce_wide(&sqr_wide(&self.0)))
    }

    /// The same as [`Fe::multiply`], which stays a call here (the 64-bit field inlines it
    /// into the point formulas; this one's product is too large for that on a device).
    #[inline(always)]
    pub(crate) fn multiply_inline(&self, other: &Fe) -> Fe {
        self.multiply(other)
    }

    /// The same as [`Fe::square`] (see [`Fe::multiply_inline`]).
    #[inline(always)]
    pub(crate) fn square_inline(&self) -> Fe {
        self.square()
    }

    #[inline(never)]
    pub(crate) fn add(&self, other: &Fe) -> Fe {
        let mut s = [0u32; L];
        let mut carry = 0u64;
        unroll!(i in [0 1 2 3 4 5 6 7] {
            // At most 2 (2^32 - 1) + 1.
            let t = u64::from(self.0[i]) + u64::from(other.0[i]) + carry;
            s[i] = t as u32;
            carry = t >> 32;
        });
        // Below 2^256 - 2^224 < p unless the top limb is all ones: no subtraction then
        // (nearly always: the values are public, so the branch may depend on them).
        if carry == 0 && s[L - 1] != u32::MAX {
            return Fe(s);
        }
        // a + b < 2p: one subtraction of p at most.
        let (d, borrow) = sub_limbs(&s, &P);
        if carry != 0 || !borrow { Fe(d) } else { Fe(s) }
    }

    pub(crate) fn double(&self) -> Fe {
        self.add(self)
    }

    // The carry out of the last limb is dropped (see below).
    #[allow(unused_assignments)]
    #[inline(never)]
    pub(crate) fn sub(&self, other: &Fe) -> Fe {
        let (d, borrow) = sub_limbs(&self.0, &other.0);
        if !borrow {
            return Fe(d);
        }
        // a - b + 2^256 and p - 2^256 cancel the borrow: add p, dropping the carry.
        let mut out = [0u32; L];
        let mut carry = 0u64;
        unroll!(i in [0 1 2 3 4 5 6 7] {
            let t = u64::from(d[i]) + u64::from(P[i]) + carry;
            out[i] = t as u32;
            carry = t >> 32;
        });
        Fe(out)
    }

    /// `x/2`: `x >> 1` for even `x`, `(x + p) >> 1` for odd (below `p` either way).
    #[inline(never)]
    pub(crate) fn half(&self) -> Fe {
        let mut s = self.0;
        let mut carry = 0u64;
        if s[0] & 1 == 1 {
            unroll!(i in [0 1 2 3 4 5 6 7] {
                // At most 2 (2^32 - 1) + 1.
                let t = u64::from(s[i]) + u64::from(P[i]) + carry;
                s[i] = t as u32;
                carry = t >> 32;
            });
        }
        let mut out = [0u32; L];
        unroll!(i in [0 1 2 3 4 5 6] {
            out[i] = s[i] >> 1 | s[i + 1] << 31;
        });
        out[L - 1] = s[L - 1] >> 1 | (carry as u32) << 31;
        Fe(out)
    }

    pub(crate) fn neg(&self) -> Fe {
        Fe::ZERO.sub(self)
    }

    pub(crate) fn is_zero(&self) -> bool {
        // Unrolled: `==` on arrays is a call to `memcmp`.
        let mut any = 0;
        unroll!(i in [0 1 2 3 4 5 6 7] {
            any |= self.0[i];
        });
        any == 0
    }

    /// Equality (variable time: the values are public).
    pub(crate) fn ct_eq(&self, other: &Fe) -> bool {
        self == other
    }

    /// `1/x` by Fermat's little theorem, `x^(p-2)`, with a fixed addition chain (255
    /// squarings, 11 multiplications); `None` for zero.
    pub(crate) fn invert(&self) -> Option<Fe> {
        if self.is_zero() {
            return None;
        }
        // x_k = x^(2^k - 1).
        let x = *self;
        let x2 = x.square().multiply(&x);
        let x3 = x2.square().multiply(&x);
        let x6 = x3.square_n(3).multiply(&x3);
        let x12 = x6.square_n(6).multiply(&x6);
        let x15 = x12.square_n(3).multiply(&x3);
        let x30 = x15.square_n(15).multiply(&x15);
        let x32 = x30.square_n(2).multiply(&x2);
        // p - 2 = ffffffff 00000001 00000000 00000000 00000000 ffffffff ffffffff fffffffd.
        let t = x32.square_n(32).multiply(&x);
        let t = t.square_n(128).multiply(&x32);
        let t = t.square_n(32).multiply(&x32);
        let t = t.square_n(30).multiply(&x30);
        Some(t.square_n(2).multiply(&x))
    }

    /// `x^(2^n)`.
    fn square_n(&self, n: u32) -> Fe {
        let mut t = *self;
        for _ in 0..n {
            t = t.square();
        }
        t
    }
}

/// `x + y z + c` as (low, high); never overflows (`(B-1) + (B-1)^2 + (B-1) = B^2 - 1`).
#[inline(always)]
fn mac(x: u32, y: u32, z: u32, c: u32) -> (u32, u32) {
    let t = u64::from(x) + u64::from(y) * u64::from(z) + u64::from(c);
    (t as u32, (t >> 32) as u32)
}

/// The 16-limb product `a b`, row by row.
#[inline(always)]
fn mul_wide(a: &[u32; L], b: &[u32; L]) -> [u32; 2 * L] {
    let mut t = [0u32; 2 * L];
    unroll!(i in [0 1 2 3 4 5 6 7] {
        let x = a[i];
        let mut c = 0u32;
        unroll!(j in [0 1 2 3 4 5 6 7] {
            (t[i + j], c) = mac(t[i + j], x, b[j], c);
        });
        t[i + L] = c;
    });
    t
}

/// The 16-limb square `a^2`: each cross product `a_i a_j` (`i < j`) once, doubled, plus the
/// squares `a_i^2` (36 limb products where [`mul_wide`] takes 64).
// The carry and the bit out of the last word are zero (a^2 < 2^512).
#[allow(unused_assignments)]
#[inline(always)]
fn sqr_wide(a: &[u32; L]) -> [u32; 2 * L] {
    let mut t = [0u32; 2 * L];
    // Cross products: row i holds a_i a_j for j > i, at t_(i+j).
    macro_rules! row {
        ($i:literal: $($j:literal)*) => {{
            let x = a[$i];
            let mut c = 0u32;
            $( (t[$i + $j], c) = mac(t[$i + $j], x, a[$j], c); )*
            t[$i + L] = c;
        }};
    }
    row!(0: 1 2 3 4 5 6 7);
    row!(1: 2 3 4 5 6 7);
    row!(2: 3 4 5 6 7);
    row!(3: 4 5 6 7);
    row!(4: 5 6 7);
    row!(5: 6 7);
    row!(6: 7);
    // Doubled, plus the squares a_i^2 at t_(2i); the sum is below 2^512 (it is a^2).
    let mut carry = 0u64;
    let mut top = 0u32; // the bit shifted out of the previous word
    unroll!(i in [0 1 2 3 4 5 6 7] {
        let sq = u64::from(a[i]) * u64::from(a[i]);
        let lo = t[2 * i];
        let hi = t[2 * i + 1];
        // Each at most (2^32 - 1) + (2^32 - 1) + 1.
        let s = u64::from(lo << 1 | top) + (sq & 0xffff_ffff) + carry;
        t[2 * i] = s as u32;
        let s = u64::from(hi << 1 | lo >> 31) + (sq >> 32) + (s >> 32);
        t[2 * i + 1] = s as u32;
        carry = s >> 32;
        top = hi >> 31;
    });
    t
}

/// `t mod p` for `t < p^2` (a product of two elements), fully reduced.
#[inline(always)]
fn reduce_wide(t: &[u32; 2 * L]) -> [u32; L] {
    let c = |k: usize| i64::from(t[k]);
    // The low 8 words plus the high ones folded with 2^256 = 2^224 - 2^192 - 2^96 + 1:
    // s1 + 2 s2 + 2 s3 + s4 + s5 - s6 - s7 - s8 - s9 of FIPS 186-4 §D.2.3, word by word
    // (w_j, with the carry of w_(j-1); each sum stays within ±2^36).
    let w: [i64; L] = [
        c(0) + c(8) + c(9) - c(11) - c(12) - c(13) - c(14),
        c(1) + c(9) + c(10) - c(12) - c(13) - c(14) - c(15),
        c(2) + c(10) + c(11) - c(13) - c(14) - c(15),
        c(3) + 2 * (c(11) + c(12)) + c(13) - c(15) - c(8) - c(9),
        c(4) + 2 * (c(12) + c(13)) + c(14) - c(9) - c(10),
        c(5) + 2 * (c(13) + c(14)) + c(15) - c(10) - c(11),
        c(6) + 3 * c(14) + 2 * c(15) + c(13) - c(8) - c(9),
        c(7) + 3 * c(15) + c(8) - c(10) - c(11) - c(12) - c(13),
    ];
    let mut r = [0u32; L];
    let mut acc = 0i64;
    unroll!(i in [0 1 2 3 4 5 6 7] {
        acc += w[i];
        r[i] = acc as u32;
        acc >>= 32;
    });
    // The value is r + acc 2^256 with a small acc (|acc| < 8): fold acc in again until it
    // vanishes (at most twice: after a fold, acc is -1, 0 or 1, and the next one cannot
    // wrap again).
    while acc != 0 {
        let k = acc;
        acc = 0;
        unroll!(i in [0 1 2 3 4 5 6 7] {
            acc += i64::from(r[i]) + k * FOLD[i];
            r[i] = acc as u32;
            acc >>= 32;
        });
    }
    // r < 2^256 < 2p; r < 2^256 - 2^224 < p unless its top limb is all ones.
    if r[L - 1] != u32::MAX {
        return r;
    }
    let (d, borrow) = sub_limbs(&r, &P);
    if borrow { r } else { d }
}

/// `2^256 mod p = 2^224 - 2^192 - 2^96 + 1` as signed little-endian word coefficients.
const FOLD: [i64; L] = [1, 0, 0, -1, 0, 0, -1, 1];

/// `a - b mod 2^256` and whether it borrowed (`a < b`).
#[inline(always)]
fn sub_limbs(a: &[u32; L], b: &[u32; L]) -> ([u32; L], bool) {
    let mut out = [0u32; L];
    let mut borrow = 0i64;
    unroll!(i in [0 1 2 3 4 5 6 7] {
        // Within [-2^32, 2^32).
        let t = i64::from(a[i]) - i64::from(b[i]) + borrow;
        out[i] = t as u32;
        borrow = t >> 32;
    });
    (out, borrow != 0)
}

/// 32 big-endian bytes as little-endian limbs.
const fn limbs(b: &[u8; 32]) -> [u32; L] {
    let mut out = [0u32; L];
    let mut i = 0;
    while i < 32 {
        // Byte i (big-endian) is bits 8 (31 - i) .. of the number.
        let pos = 31 - i;
        out[pos / 4] |= (b[i] as u32) << (8 * (pos % 4));
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::NistP256;
    use p256::elliptic_curve::ff::PrimeField as _;
    use p256::elliptic_curve::hazmat::FieldArithmetic;

    type Ref = <NistP256 as FieldArithmetic>::FieldElement;

    fn from_bytes(b: [u8; 32]) -> (Fe, Ref) {
        let fe = Fe::from_repr(FieldBytes::from(b)).unwrap();
        let r = Option::<Ref>::from(Ref::from_repr(FieldBytes::from(b))).unwrap();
        (fe, r)
    }

    /// A random element; one in four has runs of all-ones or all-zero limbs (near p, near
    /// 2^256, near 0), where carries and folds go furthest.
    fn pair(seed: &mut u64) -> (Fe, Ref) {
        let mut next = || {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 7;
            *seed ^= *seed << 17;
            *seed
        };
        let mut b = [0u8; 32];
        let shape = next();
        for (k, chunk) in b.chunks_mut(4).enumerate() {
            let word = match (shape >> (2 * k)) & 3 {
                0 if shape & 0x300_0000 == 0 => 0xffff_ffff,
                1 if shape & 0x300_0000 == 0 => 0,
                _ => next() as u32,
            };
            chunk.copy_from_slice(&word.to_be_bytes());
        }
        if Option::<Ref>::from(Ref::from_repr(FieldBytes::from(b))).is_none() {
            // Not below p: reduce by clearing the top bit.
            b[0] &= 0x7f;
        }
        from_bytes(b)
    }

    fn same(a: Fe, b: Ref) -> bool {
        a.to_repr() == b.to_repr()
    }

    #[test]
    fn agrees_with_p256_field() {
        let mut seed = 0x1234_5678_9abc_def1;
        for _ in 0..5000 {
            let (a, ra) = pair(&mut seed);
            let (b, rb) = pair(&mut seed);
            assert!(same(a.multiply(&b), ra.multiply(&rb)), "{a:?} {b:?}");
            assert!(same(a.square(), ra.square()), "{a:?}");
            assert!(same(a.add(&b), ra.add(&rb)));
            assert!(same(a.sub(&b), ra.sub(&rb)));
            assert!(same(b.sub(&a), rb.sub(&ra)));
            assert!(same(a.double(), ra.double()));
            assert!(same(a.neg(), ra.neg()));
            assert_eq!(a.half().double(), a);
            assert!(same(a.half(), ra.multiply(&Ref::TWO_INV)));
        }
        for _ in 0..20 {
            let (a, ra) = pair(&mut seed);
            let inv = a.invert().unwrap();
            assert!(same(inv, Option::<Ref>::from(ra.invert()).unwrap()));
            assert_eq!(inv.multiply(&a), Fe::ONE);
        }
    }

    /// Products whose result has an all-ones top limb (the reductions' rare path): `a (c/a)`
    /// for such `c`.
    #[test]
    fn products_near_p() {
        let cs = [
            hex32("ffffffff00000001000000000000000000000000fffffffffffffffffffffffe"),
            hex32("ffffffff00000000ffffffffffffffffffffffffffffffffffffffffffffffff"),
            hex32("ffffffff00000000000000000000000000000000000000000000000000000000"),
            hex32("ffffffff0000000000000000000000000000000000000000000000000000abcd"),
        ];
        let mut seed = 0x5eed_u64;
        for c in cs {
            let (c, rc) = from_bytes(c);
            for _ in 0..50 {
                let (a, ra) = pair(&mut seed);
                let (x, rx) = (
                    c.multiply(&a.invert().unwrap()),
                    rc.multiply(&ra.invert().unwrap()),
                );
                assert!(same(x, rx));
                assert_eq!(a.multiply(&x), c);
                assert_eq!(x.multiply(&a), c);
            }
        }
    }

    #[test]
    fn edges() {
        let p_minus_1 = hex32("ffffffff00000001000000000000000000000000fffffffffffffffffffffffe");
        let (m1, _) = from_bytes(p_minus_1);
        assert_eq!(m1, Fe::ONE.neg());
        assert_eq!(m1.add(&Fe::ONE), Fe::ZERO);
        assert_eq!(m1.square(), Fe::ONE);
        assert_eq!(m1.multiply(&m1), Fe::ONE);
        assert_eq!(Fe::ZERO.neg(), Fe::ZERO);
        assert_eq!(Fe::ZERO.invert(), None);
        assert_eq!(Fe::ONE.invert(), Some(Fe::ONE));
        assert_eq!(m1.invert(), Some(m1));
        // Halves: of 0, 1 (odd: (1 + p) / 2), p - 1 (even) and 2.
        assert_eq!(Fe::ZERO.half(), Fe::ZERO);
        assert_eq!(Fe::ONE.half().double(), Fe::ONE);
        assert_eq!(m1.half(), Fe::ONE.half().neg());
        assert_eq!(Fe::ONE.double().half(), Fe::ONE);
        let p = hex32("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
        assert_eq!(Fe::from_repr(FieldBytes::from(p)), None);
        assert_eq!(Fe::from_repr(FieldBytes::from([0xff; 32])), None);
        assert_eq!(
            <[u8; 32]>::from(Fe::ONE.to_repr()),
            hex32("0000000000000000000000000000000000000000000000000000000000000001")
        );
        assert!(same(Fe::ONE, Ref::ONE));
        // Values whose products stress the fold: every limb pattern of ones, zeros and p-1's
        // words, against the reference.
        let specials: [[u8; 32]; 6] = [
            p_minus_1,
            hex32("ffffffff00000000ffffffffffffffffffffffffffffffffffffffffffffffff"),
            hex32("fffffffeffffffffffffffffffffffffffffffffffffffffffffffffffffffff"),
            hex32("00000000ffffffffffffffffffffffff00000000000000000000000000000000"),
            hex32("0000000100000000000000000000000000000000000000000000000000000000"),
            hex32("ffffffff00000000000000000000000000000000000000000000000000000000"),
        ];
        for x in specials {
            for y in specials {
                let (a, ra) = from_bytes(x);
                let (b, rb) = from_bytes(y);
                assert!(same(a.multiply(&b), ra.multiply(&rb)));
                assert!(same(a.add(&b), ra.add(&rb)));
                assert!(same(a.sub(&b), ra.sub(&rb)));
            }
            let (a, ra) = from_bytes(x);
            assert!(same(a.square(), ra.square()));
        }
    }
}
