//! The scalars of ES256 verification on 32-bit targets: arithmetic modulo the group order
//! `n` of P-256 on eight 32-bit limbs, in place of `p256`'s `Scalar` (which, with its
//! constant-time inversion, took about 4 KiB of a Cortex-M firmware's flash for three
//! multiplications and one inversion per verification). (Compiled only where pointers are not
//! 64 bits wide: see `p256_scalar` for the others.)
//!
//! Small rather than fast where it runs a few times per verification (the products); the
//! additions, subtractions and comparisons of the inversion are unrolled. The inversion is the binary extended
//! Euclidean algorithm, in variable time (a signature is public); the products are
//! Montgomery products (`R = 2^256`), arranged so that no conversion constant is needed.
//! Checked against `p256`'s `Scalar` in the tests (run them with
//! `--target i686-unknown-linux-gnu`), and through ECDSA by the Wycheproof P-256 vectors.

// Limb loops run over fixed-size arrays with bounds equal to their length; wide products
// cannot overflow the double word (`(B-1) + (B-1)^2 + (B-1) = B^2 - 1`), and the casts keep
// the low or the high half of a double word on purpose.
#![allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::as_conversions,
    clippy::cast_possible_truncation
)]

/// Limbs per scalar.
const L: usize = 8;
type Limbs = [u32; L];

/// `n`, little-endian 32-bit limbs.
const N: Limbs = [
    0xfc63_2551,
    0xf3b9_cac2,
    0xa717_9e84,
    0xbce6_faad,
    0xffff_ffff,
    0xffff_ffff,
    0,
    0xffff_ffff,
];
/// `-n^-1 mod 2^32`, for the Montgomery reduction.
const N0: u32 = neg_inv(N[0]);
const ONE: Limbs = [1, 0, 0, 0, 0, 0, 0, 0];

/// Repeats `$body` with `$i` bound to each listed index (straight-line code at any
/// optimisation level: the limb loops run for every step of the inversion).
macro_rules! unroll {
    ($i:ident in [$($n:literal)*] $body:block) => {
        $( { let $i: usize = $n; $body } )*
    };
}

/// `u1 = z/s` and `u2 = r/s` modulo `n`, big-endian, for the 32-byte digest `z` (reduced
/// modulo `n`, SEC 1 §4.1.4) and the signature `(r, s)`; `None` unless `r` and `s` are in
/// `[1, n-1]`.
pub(crate) fn u1_u2(z: &[u8; 32], r: &[u8; 32], s: &[u8; 32]) -> Option<([u8; 32], [u8; 32])> {
    let r = in_range(limbs(r))?;
    let s = in_range(limbs(s))?;
    // z < 2^256 < 2n.
    let mut z = limbs(z);
    if !less(&z, &N) {
        sub(&mut z, &N);
    }
    // s/R, its inverse R/s, then the Montgomery products z (R/s) / R and r (R/s) / R.
    let w = invert(mont_mul(&s, &ONE))?;
    Some((bytes(&mont_mul(&z, &w)), bytes(&mont_mul(&r, &w))))
}

/// `x` if it is in `[1, n-1]`.
fn in_range(x: Limbs) -> Option<Limbs> {
    (x != [0; L] && less(&x, &N)).then_some(x)
}

/// `x + y z + c` as (low, high).
#[inline(always)]
fn mac(x: u32, y: u32, z: u32, c: u32) -> (u32, u32) {
    let t = u64::from(x) + u64::from(y) * u64::from(z) + u64::from(c);
    (t as u32, (t >> 32) as u32)
}

/// `a b / R mod n` for `a, b < n` (coarsely integrated operand scanning).
fn mont_mul(a: &Limbs, b: &Limbs) -> Limbs {
    // t < 2n after each step: L limbs and a top limb (0 or 1).
    let mut t = [0u32; L];
    let mut top = 0u32;
    for &ai in a {
        // t + ai b < 2n + (2^32 - 1) n: the high part fits in two words.
        let mut c = 0u32;
        for (tj, &bj) in t.iter_mut().zip(b) {
            (*tj, c) = mac(*tj, ai, bj, c);
        }
        let hi = u64::from(top) + u64::from(c);
        // Add m n, which clears the low limb (m = -t_0 / n mod 2^32), and shift it out.
        let m = t[0].wrapping_mul(N0);
        let (_, mut c) = mac(t[0], m, N[0], 0);
        for j in 1..L {
            (t[j - 1], c) = mac(t[j], m, N[j], c);
        }
        let hi = hi + u64::from(c);
        t[L - 1] = hi as u32;
        top = (hi >> 32) as u32;
    }
    if top != 0 || !less(&t, &N) {
        sub(&mut t, &N);
    }
    t
}

/// `1/a mod n` for `a` in `[1, n-1]` (binary extended Euclid: `x1 a = u`, `x2 a = v` modulo
/// `n` throughout, and `gcd(u, v) = 1`); `None` for zero.
fn invert(a: Limbs) -> Option<Limbs> {
    if a == [0; L] {
        return None;
    }
    let (mut u, mut v) = (a, N);
    let (mut x1, mut x2) = (ONE, [0; L]);
    loop {
        // Neither is zero (their gcd is 1, and a zero one would have left the other 1).
        make_odd(&mut u, &mut x1);
        make_odd(&mut v, &mut x2);
        if is_one(&u) {
            return Some(x1);
        }
        if is_one(&v) {
            return Some(x2);
        }
        // Both odd and distinct (the gcd is 1): the difference is even and not zero.
        if less(&u, &v) {
            sub(&mut v, &u);
            sub_mod(&mut x2, &x1);
        } else {
            sub(&mut u, &v);
            sub_mod(&mut x1, &x2);
        }
    }
}

/// Divides the non-zero `u` by its largest power of two `2^k`, and `x < n` by the same
/// modulo `n`, up to 31 bits at a time.
fn make_odd(u: &mut Limbs, x: &mut Limbs) {
    while u[0] & 1 == 0 {
        let k = u[0].trailing_zeros().min(31);
        // u >> k.
        unroll!(i in [0 1 2 3 4 5 6] {
            u[i] = u[i] >> k | u[i + 1] << (32 - k);
        });
        u[L - 1] >>= k;
        // (x + m n) / 2^k, with m = -x / n mod 2^k so that the sum is divisible by 2^k;
        // it is at most ((n - 1) + (2^k - 1) n) / 2^k < n, and the sum fits in 9 limbs.
        let m = x[0].wrapping_mul(N0) & ((1 << k) - 1);
        let mut c = 0u32;
        for i in 0..L {
            (x[i], c) = mac(x[i], m, N[i], c);
        }
        unroll!(i in [0 1 2 3 4 5 6] {
            x[i] = x[i] >> k | x[i + 1] << (32 - k);
        });
        x[L - 1] = x[L - 1] >> k | c << (32 - k);
    }
}

/// `x - y mod n` for `x, y < n`.
fn sub_mod(x: &mut Limbs, y: &Limbs) {
    if sub(x, y) {
        add(x, &N);
    }
}

/// `x += y`; the carry out.
fn add(x: &mut Limbs, y: &Limbs) -> u32 {
    let mut c = 0u64;
    unroll!(i in [0 1 2 3 4 5 6 7] {
        c += u64::from(x[i]) + u64::from(y[i]);
        x[i] = c as u32;
        c >>= 32;
    });
    c as u32
}

/// `x -= y` modulo `2^256`; whether it borrowed.
fn sub(x: &mut Limbs, y: &Limbs) -> bool {
    let mut borrow = 0i64;
    unroll!(i in [0 1 2 3 4 5 6 7] {
        borrow += i64::from(x[i]) - i64::from(y[i]);
        x[i] = borrow as u32;
        borrow >>= 32;
    });
    borrow != 0
}

/// `x = 1` (unrolled: `==` on arrays is a call to `memcmp`).
fn is_one(x: &Limbs) -> bool {
    let mut high = 0;
    unroll!(i in [1 2 3 4 5 6 7] {
        high |= x[i];
    });
    x[0] == 1 && high == 0
}

/// `x < y`.
fn less(x: &Limbs, y: &Limbs) -> bool {
    unroll!(i in [7 6 5 4 3 2 1 0] {
        if x[i] != y[i] {
            return x[i] < y[i];
        }
    });
    false
}

/// 32 big-endian bytes as little-endian limbs.
fn limbs(b: &[u8; 32]) -> Limbs {
    let mut out = [0u32; L];
    for (limb, chunk) in out.iter_mut().zip(b.rchunks_exact(4)) {
        *limb = u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
    }
    out
}

/// Little-endian limbs as 32 big-endian bytes.
fn bytes(x: &Limbs) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (chunk, limb) in out.rchunks_exact_mut(4).zip(x) {
        chunk.copy_from_slice(&limb.to_be_bytes());
    }
    out
}

/// `-x^-1 mod 2^32` for an odd `x` (Newton's iteration doubles the correct low bits).
const fn neg_inv(x: u32) -> u32 {
    // x is its own inverse modulo 8: three correct bits, then 6, 12, 24, 48.
    let mut y = x;
    let mut i = 0;
    while i < 4 {
        y = y.wrapping_mul(2u32.wrapping_sub(x.wrapping_mul(y)));
        i += 1;
    }
    y.wrapping_neg()
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::elliptic_curve::ff::{Field as _, PrimeField as _};
    use p256::elliptic_curve::ops::Reduce as _;
    use p256::{FieldBytes, Scalar};

    fn next(seed: &mut u64) -> [u8; 32] {
        let mut b = [0u8; 32];
        for chunk in b.chunks_mut(8) {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 7;
            *seed ^= *seed << 17;
            chunk.copy_from_slice(&seed.to_be_bytes());
        }
        b
    }

    fn reference(z: &[u8; 32], r: &[u8; 32], s: &[u8; 32]) -> Option<([u8; 32], [u8; 32])> {
        let scalar = |b: &[u8; 32]| {
            Option::<Scalar>::from(Scalar::from_repr(FieldBytes::from(*b)))
                .filter(|x| !bool::from(x.is_zero()))
        };
        let (r, s) = (scalar(r)?, scalar(s)?);
        let z = Scalar::reduce(&FieldBytes::from(*z));
        let w = s.invert().unwrap();
        Some(((z * w).to_bytes().into(), (r * w).to_bytes().into()))
    }

    #[test]
    fn agrees_with_p256_scalar() {
        let n = bytes(&N);
        let mut n_minus_1 = N;
        n_minus_1[0] -= 1;
        let n_minus_1 = bytes(&n_minus_1);
        let one = bytes(&ONE);
        let mut seed = 0x0123_4567_89ab_cdef;
        let mut some = 0;
        for round in 0..400 {
            let mut z = next(&mut seed);
            let mut r = next(&mut seed);
            let mut s = next(&mut seed);
            match round % 8 {
                0 => s = one,
                1 => s = n_minus_1,
                2 => r = n_minus_1,
                3 => z = [0xff; 32],
                4 => z = n,
                5 => r = n,
                6 => s = [0; 32],
                _ => {}
            }
            let got = u1_u2(&z, &r, &s);
            assert_eq!(got, reference(&z, &r, &s), "{round}");
            some += usize::from(got.is_some());
        }
        // Random r and s are above n about once in 2^32: only the rounds of n and 0 fail.
        assert_eq!(some, 300);
    }

    #[test]
    fn inverse_and_montgomery_product() {
        assert_eq!(N0.wrapping_mul(N[0]), u32::MAX);
        assert_eq!(invert([0; L]), None);
        assert_eq!(invert(ONE), Some(ONE));
        let mut seed = 7;
        for _ in 0..100 {
            let a = limbs(&next(&mut seed));
            let Some(a) = in_range(a) else { continue };
            let inv = invert(a).unwrap();
            let ra = Scalar::from_repr(FieldBytes::from(bytes(&a))).unwrap();
            let want: [u8; 32] = ra.invert().unwrap().to_bytes().into();
            assert_eq!(bytes(&inv), want);
        }
    }
}
