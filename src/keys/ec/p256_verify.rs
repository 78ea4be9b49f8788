//! ES256 verification by variable-time multi-scalar multiplication, for speed.
//!
//! ECDSA verification computes `R = u1·G + u2·Q` with `u1 = z/s`, `u2 = r/s` and accepts when
//! `x(R) mod n = r`. Everything in it is public (key, message, signature), so it may run in
//! variable time. The `p256` crate does it with complete projective formulas and 5-bit wNAF
//! tables rebuilt on each call, then an inversion for `x(R)`. Here, with a field implementation for this prime
//! (`p256_field`: 4×64-bit Montgomery limbs on 64-bit targets, 8×32-bit limbs with the fast
//! reduction of this prime on the others):
//!
//! - each scalar is split in two, `u1 = a1 + 2^128·b1` and `u2 = a2 + 2^S·b2` (`S =
//!   Q_SPLIT`: 72 on 64-bit targets, fewer doublings when a key is loaded and more
//!   per verification; 128 on 32-bit ones, the fastest verification), so that
//!   `R = a1·G + b1·(2^128·G) + a2·Q + b2·(2^S·Q)` needs `256 - S` doublings, not 256;
//! - the tables of odd multiples are affine, so additions are mixed (Jacobian + affine): for
//!   `G` and `2^128·G` they are constants (16 points each, window 6), for `Q` and `2^S·Q`
//!   they are computed once when the key is built (8 points each, window 5; by co-Z
//!   additions in Jacobian coordinates, then all made affine with one shared inversion);
//! - Jacobian doubling with `a = -3` (dbl-2001-b, with its result scaled by 1/2 so that it
//!   takes 4M + 4S and few additions) and mixed addition (madd-2004-hmv, 8M + 3S, with half
//!   the additions of madd-2007-bl's 7M + 4S) from the Explicit-Formulas Database, with the
//!   exceptional cases handled explicitly (identity, doubling, inverse points);
//! - `x(R) = X/Z²` is compared without an inversion: `r·Z² = X`, or `(r + n)·Z² = X` when
//!   `r + n < p`.
//!
//! Keys are validated first (`ec::p256_on_curve`, with the same field); `r` and `s` must be
//! in `[1, n-1]` (`p256_scalar`: `p256`'s `Scalar` on 64-bit targets, our own arithmetic
//! modulo `n` on the others); the result is
//! checked against `p256`'s own verification on random keys and tampered signatures, and by
//! the Wycheproof ECDSA P-256 vectors (including the edge cases of Shamir's trick and of
//! `x(R) >= n`).

use p256::FieldBytes;

use super::p256_field::Fe;
use super::p256_scalar;

/// An affine point (never the identity).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Affine {
    x: Fe,
    y: Fe,
}

/// A point in Jacobian coordinates, `(X/Z², Y/Z³)`; `Z = 0` is the identity.
#[derive(Clone, Copy)]
struct Jacobian {
    x: Fe,
    y: Fe,
    z: Fe,
}

impl Jacobian {
    const IDENTITY: Jacobian = Jacobian {
        x: Fe::ONE,
        y: Fe::ONE,
        z: Fe::ZERO,
    };

    fn from_affine(a: &Affine) -> Jacobian {
        Jacobian {
            x: a.x,
            y: a.y,
            z: Fe::ONE,
        }
    }

    fn is_identity(&self) -> bool {
        self.z.is_zero()
    }

    /// `2·P` (dbl-2001-b, for `a = -3`), its result scaled by `λ = 1/2`: `(X/4, Y/8, Z/2)`,
    /// the same point. With `α' = α/2 = (3/2)(X - δ)(X + δ)`, `X' = α'^2 - 2β`,
    /// `Y' = α'(β - X') - γ^2` and `Z' = Y Z`: 4M + 4S and eight additions, subtractions and
    /// halvings, where the unscaled formula takes 3M + 5S and fifteen.
    fn double(&self) -> Jacobian {
        if self.is_identity() {
            return *self;
        }
        let delta = self.z.square_inline();
        let gamma = self.y.square_inline();
        let beta = self.x.multiply_inline(&gamma);
        let t = self.x.sub(&delta).multiply_inline(&self.x.add(&delta));
        let alpha = t.add(&t.half());
        let x = alpha.square_inline().sub(&beta.double());
        let z = self.y.multiply_inline(&self.z);
        let y = alpha
            .multiply_inline(&beta.sub(&x))
            .sub(&gamma.square_inline());
        Jacobian { x, y, z }
    }

    /// `P + A` for an affine `A` (madd-2004-hmv), including `P = identity`, `P = A` and
    /// `P = -A`.
    ///
    /// Not inlined: inlined into its one caller, [`P256Key::verify`], it costs about 1 % more
    /// instructions per verification (x86-64, callgrind).
    #[inline(never)]
    fn add_affine(&self, a: &Affine) -> Jacobian {
        if self.is_identity() {
            return Jacobian::from_affine(a);
        }
        let z1z1 = self.z.square_inline();
        let u2 = a.x.multiply_inline(&z1z1);
        let s2 = a.y.multiply_inline(&self.z).multiply_inline(&z1z1);
        let h = u2.sub(&self.x);
        let r = s2.sub(&self.y);
        if h.is_zero() {
            return if r.is_zero() {
                self.double()
            } else {
                Jacobian::IDENTITY
            };
        }
        let hh = h.square_inline();
        let hhh = h.multiply_inline(&hh);
        let v = self.x.multiply_inline(&hh);
        let x = r.square_inline().sub(&hhh).sub(&v.double());
        let y = r
            .multiply_inline(&v.sub(&x))
            .sub(&self.y.multiply_inline(&hhh));
        let z = self.z.multiply_inline(&h);
        Jacobian { x, y, z }
    }

    /// `(2P, P')` with `P'` the point `P` in coordinates sharing `2P`'s `Z` ("co-Z"), for
    /// [`odd_multiples`]; `None` for the identity. The doubling is [`Jacobian::double`]'s, whose
    /// `β = X Y^2` and `γ^2 = Y^4` are `P` scaled by `λ = Y`: `(λ^2 X, λ^3 Y, λ Z)`, and
    /// `λ Z = Y Z` is the double's `Z`. (Not shared with `double`, which inlines its products
    /// for the verification loop; this one runs twice per key.)
    fn double_co_z(&self) -> Option<(Jacobian, Jacobian)> {
        if self.is_identity() {
            return None;
        }
        let delta = self.z.square();
        let gamma = self.y.square();
        let beta = self.x.multiply(&gamma);
        let t = self.x.sub(&delta).multiply(&self.x.add(&delta));
        let alpha = t.add(&t.half());
        let x = alpha.square().sub(&beta.double());
        let z = self.y.multiply(&self.z);
        let gamma2 = gamma.square();
        let y = alpha.multiply(&beta.sub(&x)).sub(&gamma2);
        Some((
            Jacobian { x, y, z },
            Jacobian {
                x: beta,
                y: gamma2,
                z,
            },
        ))
    }

    /// `(P + Q, P')` for `P` and `Q` sharing their `Z`, with `P'` the point `P` in coordinates
    /// sharing the sum's `Z`: Meloni's co-Z addition (5M + 2S). With `d = X_P - X_Q` and
    /// `C = d^2`: `W_1 = X_P C`, `W_2 = X_Q C`, `A = Y_P (W_1 - W_2)`, `X = (Y_P - Y_Q)^2 -
    /// W_1 - W_2`, `Y = (Y_P - Y_Q)(W_1 - X) - A`, `Z = Z d`, and `P' = (W_1, A, Z)`. `None`
    /// if either is the identity or `x(P) = x(Q)` (`P = ±Q`), which the formula does not
    /// handle. It does not involve the curve's `a` or `b`.
    fn add_co_z(&self, q: &Jacobian) -> Option<(Jacobian, Jacobian)> {
        let d = self.x.sub(&q.x);
        if self.is_identity() || d.is_zero() {
            return None;
        }
        let dy = self.y.sub(&q.y);
        let c = d.square();
        let w1 = self.x.multiply(&c);
        let w2 = q.x.multiply(&c);
        let a = self.y.multiply(&w1.sub(&w2));
        let x = dy.square().sub(&w1).sub(&w2);
        let y = dy.multiply(&w1.sub(&x)).sub(&a);
        let z = self.z.multiply(&d);
        Some((Jacobian { x, y, z }, Jacobian { x: w1, y: a, z }))
    }

    /// The affine point, given `1/Z`.
    fn normalized(&self, z_inv: &Fe) -> Affine {
        let z2 = z_inv.square();
        Affine {
            x: self.x.multiply(&z2),
            y: self.y.multiply(&z2.multiply(z_inv)),
        }
    }
}

/// Odd multiples `P, 3P, ..., (2N-1)P` in Jacobian coordinates, given `D = 2P` and `P`
/// sharing `D`'s `Z` ([`Jacobian::double_co_z`]): each addition of `D` is a co-Z addition,
/// which also gives `D` in the sum's `Z` for the next; `None` if one meets an exceptional
/// case (impossible for a point of prime order `n > 2N`).
fn odd_multiples(d: &Jacobian, p: &Jacobian, out: &mut [Jacobian]) -> Option<()> {
    let (first, rest) = out.split_first_mut()?;
    *first = *p;
    let mut d = *d;
    let mut acc = *p;
    for slot in rest {
        (acc, d) = d.add_co_z(&acc)?;
        *slot = acc;
    }
    Some(())
}

/// Writes the affine forms of `points` (none the identity) into `out`, with one inversion
/// for all of them (Montgomery's trick); `None` if one is the identity.
fn normalize_all(points: &[Jacobian], out: &mut [Affine]) -> Option<()> {
    if points.len() != out.len() {
        return None;
    }
    // Each output's x holds the product of the Z coordinates before its point until the pass
    // back down replaces it (no separate array of prefix products on the stack).
    let mut run = Fe::ONE;
    for (o, j) in out.iter_mut().zip(points) {
        o.x = run;
        run = run.multiply(&j.z);
    }
    // inv = 1 / (Z_0 ... Z_i) going down, so inv * (Z_0 ... Z_{i-1}) = 1 / Z_i.
    let mut inv = run.invert()?;
    for (o, j) in out.iter_mut().zip(points).rev() {
        let z_inv = inv.multiply(&o.x);
        inv = inv.multiply(&j.z);
        *o = j.normalized(&z_inv);
    }
    Some(())
}

/// wNAF window of the public-key tables (8 odd multiples).
const Q_WINDOW: u32 = 5;
const Q_TABLE: usize = 1 << (Q_WINDOW - 2);
/// wNAF window of the generator tables (16 odd multiples).
const G_WINDOW: u32 = 6;
const G_TABLE: usize = 1 << (G_WINDOW - 2);
/// Where `u2` is split: `u2 = a + b·2^Q_SPLIT` with `a < 2^Q_SPLIT` and `b < 2^(256 - Q_SPLIT)`,
/// and the key holds the odd multiples of `Q` and of `2^Q_SPLIT·Q`. Building `2^Q_SPLIT·Q`
/// takes `Q_SPLIT` doublings when the key is loaded, and the verification loop runs over
/// `max(Q_SPLIT, 256 - Q_SPLIT, 128) + 1` digits (`u1` keeps its 128-bit halves, for the
/// constant tables of `G` and `2^128·G`): below 128, a key loads faster and each verification
/// takes `128 - Q_SPLIT` more doublings.
///
/// On 64-bit targets (gateways, hosts) 72: a 4-key JWKS load (RSA-2048, RSA-4096, P-256,
/// Ed25519) then takes about 0.75 of one ES256 verification in time (issue #16, target 5),
/// against 0.93 at 104, where the bench's runs put it between 0.89 and 1.00, for 11 % more
/// instructions and time per verification than at 104 (x86-64: 363,123 and 572,039
/// instructions for the load and the verification, against 416,289 and 515,930; the table
/// for 104 to 72 is in bench/README.md, "Key load"). On 32-bit targets (devices, which verify
/// far more often than they load keys) it stays 128: the fastest verification (Cortex-M4
/// ES256 1.23 M instructions, against 1.33 M at 104).
const Q_SPLIT: usize = if cfg!(target_pointer_width = "64") {
    72
} else {
    128
};
/// Where `u1` is split (the constant tables `G_LO` and `G_HI`).
const G_SPLIT: usize = 128;
/// Bits of a scalar.
const SCALAR_BITS: usize = 256;
/// wNAF digits of the longest part of a split scalar: a `k`-bit number has at most `k + 1`.
const DIGITS: usize = max(
    max(Q_SPLIT, SCALAR_BITS.wrapping_sub(Q_SPLIT)),
    max(G_SPLIT, SCALAR_BITS.wrapping_sub(G_SPLIT)),
)
.wrapping_add(1);
const _: () = assert!(Q_SPLIT > 0 && Q_SPLIT < SCALAR_BITS);

const fn max(a: usize, b: usize) -> usize {
    if a > b { a } else { b }
}

/// A P-256 public key with its precomputed tables: odd multiples of `Q` and of
/// `2^Q_SPLIT·Q` (1 KiB).
#[derive(Clone, Debug)]
pub(crate) struct P256Key {
    /// The odd multiples of `Q`, then those of `2^Q_SPLIT·Q`.
    points: [Affine; 2 * Q_TABLE],
}

impl P256Key {
    /// No tables yet: the state a key is written in before [`P256Key::init`] fills it in
    /// place (a key is 1 KiB; it is built where it is kept, not moved there).
    pub(crate) const ZERO: P256Key = P256Key {
        points: [Affine {
            x: Fe::ZERO,
            y: Fe::ZERO,
        }; 2 * Q_TABLE],
    };

    /// Precomputes the tables of the point `(x, y)`, which the caller has validated (on the
    /// curve, coordinates below `p`), into `self`; `None` if they do not decode (`self` then
    /// holds no usable key).
    pub(crate) fn init(&mut self, x: &[u8], y: &[u8]) -> Option<()> {
        let fe = |b: &[u8]| -> Option<Fe> {
            let bytes = FieldBytes::try_from(b).ok()?;
            Fe::from_repr(bytes)
        };
        let q = Jacobian::from_affine(&Affine {
            x: fe(x)?,
            y: fe(y)?,
        });
        // 2Q, 2^S·Q and 2^(S+1)·Q (S = Q_SPLIT), all Jacobian, with Q and 2^S·Q again in
        // their doubles' Z.
        let (q2, q_co) = q.double_co_z()?;
        let mut q_hi = q2;
        for _ in 1..Q_SPLIT {
            q_hi = q_hi.double();
        }
        let (q_hi2, q_hi_co) = q_hi.double_co_z()?;
        // Both tables in Jacobian coordinates, then made affine with one inversion.
        let mut jac = [Jacobian::IDENTITY; 2 * Q_TABLE];
        let (jac_lo, jac_hi) = jac.split_at_mut(Q_TABLE);
        odd_multiples(&q2, &q_co, jac_lo)?;
        odd_multiples(&q_hi2, &q_hi_co, jac_hi)?;
        normalize_all(&jac, &mut self.points)
    }

    /// Verifies the signature `(r, s)` (32 big-endian bytes each; false unless each is in
    /// `[1, n-1]`) over the 32-byte digest `z`.
    pub(crate) fn verify(&self, z: &[u8; 32], r: &[u8; 32], s: &[u8; 32]) -> bool {
        // The digest is exactly the bit length of n: it is reduced mod n (SEC 1 §4.1.4).
        let Some((u1, u2)) = p256_scalar::u1_u2(z, r, s) else {
            return false;
        };
        let (u1, u2) = (limbs(&u1), limbs(&u2));
        let digits = [
            wnaf::<G_WINDOW>(&u1, 0, G_SPLIT),
            wnaf::<G_WINDOW>(&u1, G_SPLIT, SCALAR_BITS),
            wnaf::<Q_WINDOW>(&u2, 0, Q_SPLIT),
            wnaf::<Q_WINDOW>(&u2, Q_SPLIT, SCALAR_BITS),
        ];
        let (q_lo, q_hi) = self.points.split_at(Q_TABLE);
        let tables: [&[Affine]; 4] = [&G_LO, &G_HI, q_lo, q_hi];
        let mut acc = Jacobian::IDENTITY;
        for i in (0..DIGITS).rev() {
            acc = acc.double();
            for (d, table) in digits.iter().zip(tables) {
                if let Some(point) = d.get(i).and_then(|d| pick(table, *d)) {
                    acc = acc.add_affine(&point);
                }
            }
        }
        if acc.is_identity() {
            return false;
        }
        // x(R) = X/Z²; r = x(R) mod n, and x(R) < p < 2n: x(R) is r or r + n.
        let z2 = acc.z.square();
        let Some(r_fe) = Fe::from_repr(FieldBytes::from(*r)) else {
            return false;
        };
        if r_fe.multiply(&z2).ct_eq(&acc.x) {
            return true;
        }
        r.as_slice() < P_MINUS_N.as_slice() && r_fe.add(&N).multiply(&z2).ct_eq(&acc.x)
    }
}

/// The table entry for a wNAF digit: `|d|·P` from the odd multiples, negated for `d < 0`;
/// `None` for a zero digit.
fn pick(table: &[Affine], d: i8) -> Option<Affine> {
    if d == 0 {
        return None;
    }
    let a = *table.get(usize::from(d.unsigned_abs() >> 1))?;
    Some(if d < 0 {
        Affine {
            x: a.x,
            y: a.y.neg(),
        }
    } else {
        a
    })
}

/// A big-endian 256-bit scalar as four 64-bit limbs, least significant first.
fn limbs(b: &[u8; 32]) -> [u64; 4] {
    let mut out = [0u64; 4];
    for (limb, chunk) in out.iter_mut().zip(b.rchunks_exact(8)) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        *limb = u64::from_be_bytes(word);
    }
    out
}

/// Bits `[at, at + W)` of the scalar `k` (four limbs, least significant first), those at or
/// above `end` read as zeros. `W` is at most 7.
fn window<const W: u32>(k: &[u64; 4], at: usize, end: usize) -> u8 {
    let Some(avail) = end.checked_sub(at).filter(|&a| a > 0) else {
        return 0;
    };
    let limb = |i: usize| k.get(i).copied().unwrap_or(0);
    let (index, shift) = (at / 64, at % 64);
    let mut bits = limb(index) >> shift;
    if shift > 0 {
        bits |= limb(index.wrapping_add(1)) << 64usize.wrapping_sub(shift);
    }
    let width = u32::try_from(avail).map_or(W, |a| a.min(W));
    u8::try_from(bits & (1u64 << width).wrapping_sub(1)).unwrap_or(0)
}

/// Width-`W` non-adjacent form of bits `[start, end)` of the scalar `k` (four limbs, least
/// significant first; `end - start < DIGITS`, `W` in `[2, 7]`): digits odd in
/// `(-2^(W-1), 2^(W-1))` or zero, least significant first, at most one non-zero digit in any
/// `W` consecutive ones.
fn wnaf<const W: u32>(k: &[u64; 4], start: usize, end: usize) -> [i8; DIGITS] {
    let mut out = [0i8; DIGITS];
    let half = 1u8 << W.wrapping_sub(1);
    let step = usize::try_from(W).unwrap_or(1);
    // The digits below `i` are written; what is left to write is the value of the bits
    // `[start + i, end)` plus `carry` (0 or 1, owed by a negative digit).
    let mut carry = 0u8;
    let mut i = 0usize;
    while let Some(slot) = out.get_mut(i) {
        let at = start.wrapping_add(i);
        if at >= end && carry == 0 {
            break;
        }
        // The low `W` bits of what is left, plus one for bit `W` when all of them are set
        // and a carry is owed: at most 2^W.
        let value = window::<W>(k, at, end).wrapping_add(carry);
        if value & 1 == 0 {
            // `t` zero digits (`t` trailing zeros, or `W` for 0 and 2^W); the carry stays:
            // the bits skipped were all zero without one, all one with one.
            let t = value.trailing_zeros().min(W);
            i = i.wrapping_add(usize::try_from(t).unwrap_or(1).max(1));
            continue;
        }
        if value < half {
            *slot = i8::try_from(value).unwrap_or(0);
            carry = 0;
        } else {
            // `value - 2^W`, in `(-2^(W-1), 0)`, with one owed to bit `W` of the window.
            let neg = (1u8 << W).wrapping_sub(value);
            *slot = i8::try_from(neg).map_or(0, i8::wrapping_neg);
            carry = 1;
        }
        i = i.wrapping_add(step);
    }
    out
}

/// `n` (the group order) as a field element (`n < p`).
const N: Fe =
    Fe::from_hex_vartime("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");

/// `p - n`, big-endian: `r + n < p` exactly when `r < p - n`.
const P_MINUS_N: [u8; 32] = [
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x43, 0x19, 0x05, 0x53, 0x58, 0xe8, 0x61, 0x7b, 0x0c, 0x46, 0x35, 0x3d, 0x03, 0x9c, 0xda, 0xae,
];

const fn aff(x: &str, y: &str) -> Affine {
    Affine {
        x: Fe::from_hex_vartime(x),
        y: Fe::from_hex_vartime(y),
    }
}

/// `G, 3G, ..., 31G` (generated with Python's integers; checked against `p256` in the tests).
static G_LO: [Affine; G_TABLE] = [
    // 1G
    aff(
        "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296",
        "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5",
    ),
    // 3G
    aff(
        "5ecbe4d1a6330a44c8f7ef951d4bf165e6c6b721efada985fb41661bc6e7fd6c",
        "8734640c4998ff7e374b06ce1a64a2ecd82ab036384fb83d9a79b127a27d5032",
    ),
    // 5G
    aff(
        "51590b7a515140d2d784c85608668fdfef8c82fd1f5be52421554a0dc3d033ed",
        "e0c17da8904a727d8ae1bf36bf8a79260d012f00d4d80888d1d0bb44fda16da4",
    ),
    // 7G
    aff(
        "8e533b6fa0bf7b4625bb30667c01fb607ef9f8b8a80fef5b300628703187b2a3",
        "73eb1dbde03318366d069f83a6f5900053c73633cb041b21c55e1a86c1f400b4",
    ),
    // 9G
    aff(
        "ea68d7b6fedf0b71878938d51d71f8729e0acb8c2c6df8b3d79e8a4b90949ee0",
        "2a2744c972c9fce787014a964a8ea0c84d714feaa4de823fe85a224a4dd048fa",
    ),
    // 11G
    aff(
        "3ed113b7883b4c590638379db0c21cda16742ed0255048bf433391d374bc21d1",
        "9099209accc4c8a224c843afa4f4c68a090d04da5e9889dae2f8eefce82a3740",
    ),
    // 13G
    aff(
        "177c837ae0ac495a61805df2d85ee2fc792e284b65ead58a98e15d9d46072c01",
        "63bb58cd4ebea558a24091adb40f4e7226ee14c3a1fb4df39c43bbe2efc7bfd8",
    ),
    // 15G
    aff(
        "f0454dc6971abae7adfb378999888265ae03af92de3a0ef163668c63e59b9d5f",
        "b5b93ee3592e2d1f4e6594e51f9643e62a3b21ce75b5fa3f47e59cde0d034f36",
    ),
    // 17G
    aff(
        "47776904c0f1cc3a9c0984b66f75301a5fa68678f0d64af8ba1abce34738a73e",
        "aa005ee6b5b957286231856577648e8381b2804428d5733f32f787ff71f1fcdc",
    ),
    // 19G
    aff(
        "cb6d2861102c0c25ce39b7c17108c507782c452257884895c1fc7b74ab03ed83",
        "58d7614b24d9ef515c35e7100d6d6ce4a496716e30fa3e03e39150752bcecdaa",
    ),
    // 21G
    aff(
        "3250fcf686637c7b2e4ac86eb473bca53a582139f42b1523fd76364e67399e83",
        "42e7c342667d359397b3090d1d7eb88c897cd3c33b566a8215de24a071d48c09",
    ),
    // 23G
    aff(
        "0e91c7239c2640d7d28a3e39d4583fa63c0bc0a5df64a4fe672e573045ca7896",
        "5df65c3b550dba221a22733bb8e0bd6d7e68833575e7a5ae138046543140ad55",
    ),
    // 25G
    aff(
        "3a67e2554b0c0bb685f4f52d8c07fa8441652fc5b76f1b2484a4dc45f200d687",
        "27d0f1872f1fcf4326daf267163afb0d8c188af735a7618aa9ed16b302f79324",
    ),
    // 27G
    aff(
        "184ffa5819d80d51deba2fac4611f378576355bd683e54abf2e201173b0883d1",
        "c0a66e276688f359a4c6d90826cb999545bdeccc63f0491620d242c260906e6f",
    ),
    // 29G
    aff(
        "d6d33adefa195b07a7c36da090853b8cfd8cd1c688b58a41dedd693d1c784def",
        "84aaba16ee195d7e3f78245f558a5dcb09a166ab4b95eded550c124593d1bca6",
    ),
    // 31G
    aff(
        "301d9e502dc7e05da85da026a7ae9aa0fac9db7d52a95b3e3e3f9aa0a1b45b8b",
        "6551b6f6b3061223e0d23c026b017d72298d9ae46887ca61d58db6aea17ee267",
    ),
];

/// `2^128·G, 3·2^128·G, ..., 31·2^128·G`.
static G_HI: [Affine; G_TABLE] = [
    // 1·2^128·G
    aff(
        "447d739beedb5e67fb982fd588c6766efc35ff7dc297eac357c84fc9d789bd85",
        "2d4825ab834131eee12e9d953a4aaff73d349b95a7fae5000c7e33c972e25b32",
    ),
    // 3·2^128·G
    aff(
        "f8b6533e03ca017f58b14df965def4f6ddfad856082632c273e1998edea6db68",
        "c30f4ef5ec4454862f046dda50aa3ec66bbd70dd9c5ca0ed69bd25b0ae760da9",
    ),
    // 5·2^128·G
    aff(
        "f35289d35582847c548ef18729edfb755f0173072cf8727c66d5d4ebf924e753",
        "75c1781ec5ec13fb93df08a1b50e1bd8c562fc57292d0f04aa45b5c2eb13a20c",
    ),
    // 7·2^128·G
    aff(
        "cfd06b74da4417164834185fb6734e01af141fffd6df23d72395cb673018017e",
        "b647b7a9b72ba9138103b39587da7950003030786b779777a0ae7be4ce0dff50",
    ),
    // 9·2^128·G
    aff(
        "0755e74c4ad5dcd11512d6d08f15dbe981089288329a247b04c81905792db860",
        "fe16afa753ad9e4dd249b2d823815bc2b2937464cfc2777a7d6600dba0d09849",
    ),
    // 11·2^128·G
    aff(
        "88fba84cc372c96968a10c0d7eb0bbdedd2ca2a496da12c3a9ef6955ea26ba6b",
        "512aef649d39be0fd266da45b514788d484a9e28e00cfdce80414781e44972f8",
    ),
    // 13·2^128·G
    aff(
        "e1a0accbec055beb8e50f6e7555c6f2c1a1ea5d41739b17e39c48a4294720cab",
        "e07968fb7e98c8541836f83077eebcbf084a2a71d080254ea6d453f574b185c9",
    ),
    // 15·2^128·G
    aff(
        "0ae93b86e6a73c7e50db358931e7e6a0249bfb7e46b11bb62a828fdfec26c42a",
        "7028f6dd14787e13a942e3edc1e20b37278a39eef5aadb6491063343b9f808ca",
    ),
    // 17·2^128·G
    aff(
        "c8a7487951995883b636d6be7360a38ffddead31929ff1c78337fae4d48d10b8",
        "e6b2288468f8feac0e00872332c474699a9e4ea0fc7e7bb8517035159033191d",
    ),
    // 19·2^128·G
    aff(
        "8b5a909ebb7f86ff975b56407a3e9fe2434cb32ad936cf0b098017668e9674c6",
        "2a71985462967236cc5e73886c5f8ec600a0c00c037afa6307317c1dd01320e5",
    ),
    // 21·2^128·G
    aff(
        "e204e3b80cad1791d1248169faace4e7653eb605c5324ef433f9741bb3b57566",
        "ec64e03f9807923e8bb92b2743b4f70a1e6b2606db95cd0c3252f006ba323372",
    ),
    // 23·2^128·G
    aff(
        "717af5df1ebee04b1634a90382a58c0ab9faf1bb8fa4ed4bb44dffc1d37f1d69",
        "66f149353bd87464c6aa95d8f0b0f32a79ce68065eafce7c7f74698432a62da3",
    ),
    // 25·2^128·G
    aff(
        "682635971bb3dead7e0c92c34a0fc7d7f7f18ec5c58ef65fefc6e95a30a8e87a",
        "b2d00ccf56e43be95a5e4e0bc828dff29aa0fa6669ad42cef3f4feaed0fe9401",
    ),
    // 27·2^128·G
    aff(
        "be4a0701d4478bc9956d5ef8f025d3f3e3095f5430d210a6babd0fc4fe7a157f",
        "36482487d1aff0c2cac237b66ef36858744db0e4e47cd2cbff4154fa1c0bac58",
    ),
    // 29·2^128·G
    aff(
        "219dc9c6f9af338bcf86834b59ecaa7515f9a664e414505183d54ee4ba9bb21c",
        "9950f506c26da9f0f5d5b2b3681f82e06560843370a20d08365863a6fc0bc8c3",
    ),
    // 31·2^128·G
    aff(
        "9233322a5f147fe3886c7e264fa40325a8a9a37eeff09739930be73fa92f6a8f",
        "952b959a44a56680dca4243e686b0d4a53ea9d2551e234e42c5cff582aeebaa7",
    ),
];

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, clippy::as_conversions)]
mod tests {
    extern crate std;
    use super::*;
    use p256::ecdsa::signature::Signer as _;
    use p256::ecdsa::signature::hazmat::PrehashVerifier as _;
    use p256::ecdsa::{Signature, SigningKey};
    use p256::elliptic_curve::Group as _;
    use p256::elliptic_curve::sec1::ToSec1Point as _;
    use p256::{AffinePoint, ProjectivePoint, Scalar};
    use sha2::Digest as _;

    fn be(x: &Scalar) -> [u8; 32] {
        x.to_bytes().into()
    }

    fn coords(p: &ProjectivePoint) -> ([u8; 32], [u8; 32]) {
        let enc = AffinePoint::from(*p).to_sec1_point(false);
        let b = enc.as_bytes();
        (b[1..33].try_into().unwrap(), b[33..65].try_into().unwrap())
    }

    fn bytes(a: &Affine) -> ([u8; 32], [u8; 32]) {
        (a.x.to_repr().into(), a.y.to_repr().into())
    }

    #[test]
    fn constants() {
        use p256::U256;
        let p =
            U256::from_be_hex("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
        let n =
            U256::from_be_hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
        assert_eq!(U256::from_be_slice(&P_MINUS_N).wrapping_add(&n), p);
        assert_eq!(N.to_repr().as_slice(), n.to_be_bytes().as_slice());
    }

    #[test]
    fn generator_tables_match_p256() {
        let mut hi = ProjectivePoint::GENERATOR;
        for _ in 0..128 {
            hi = hi.double();
        }
        for (k, (lo_entry, hi_entry)) in G_LO.iter().zip(G_HI.iter()).enumerate() {
            let m = Scalar::from(2 * k as u64 + 1);
            assert_eq!(
                bytes(lo_entry),
                coords(&(ProjectivePoint::GENERATOR * m)),
                "{k}"
            );
            assert_eq!(bytes(hi_entry), coords(&(hi * m)), "{k}");
        }
    }

    /// A key built by [`P256Key::init`], if it builds.
    fn built(x: &[u8], y: &[u8]) -> Option<P256Key> {
        let mut key = P256Key::ZERO;
        key.init(x, y).map(|()| key)
    }

    #[test]
    fn key_tables_match_p256() {
        // Several keys, among them the generator (secret 1) and -G (secret n - 1).
        let n_minus_1: [u8; 32] =
            hex::decode("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632550")
                .unwrap()
                .try_into()
                .unwrap();
        let mut one = [0u8; 32];
        one[31] = 1;
        let mut secrets = std::vec![one, n_minus_1];
        for i in 0..8u8 {
            secrets.push([0x5a ^ i.wrapping_mul(37); 32]);
        }
        for secret in secrets {
            let sk = SigningKey::from_slice(&secret).unwrap();
            let q = ProjectivePoint::from(*sk.verifying_key().as_affine());
            let (x, y) = coords(&q);
            let key = built(&x, &y).unwrap();
            let mut q_hi = q;
            for _ in 0..Q_SPLIT {
                q_hi = q_hi.double();
            }
            let (key_lo, key_hi) = key.points.split_at(Q_TABLE);
            for (k, (lo, hi)) in key_lo.iter().zip(key_hi).enumerate() {
                let m = Scalar::from(2 * k as u64 + 1);
                assert_eq!(bytes(lo), coords(&(q * m)), "{secret:02x?} {k}");
                assert_eq!(bytes(hi), coords(&(q_hi * m)), "{secret:02x?} {k}");
            }
            assert!(built(&x[1..], &y).is_none());
        }
    }

    /// Bits `[start, end)` of `k`, shifted down to bit 0.
    fn bit_range(k: &[u64; 4], start: usize, end: usize) -> [u64; 4] {
        let mut out = [0u64; 4];
        for b in start..end {
            if k[b / 64] >> (b % 64) & 1 == 1 {
                let o = b - start;
                out[o / 64] |= 1 << (o % 64);
            }
        }
        out
    }

    /// `sum d_i 2^i` modulo 2^256, by Horner's rule from the top digit.
    fn from_digits(digits: &[i8]) -> [u64; 4] {
        let mut acc = [0u64; 4];
        for &d in digits.iter().rev() {
            let mut carry = 0u64;
            for limb in acc.iter_mut() {
                let top = *limb >> 63;
                *limb = *limb << 1 | carry;
                carry = top;
            }
            // Add d, sign-extended to 256 bits.
            let ext = if d < 0 { u64::MAX } else { 0 };
            let add = [d as i64 as u64, ext, ext, ext];
            let mut c = false;
            for (limb, a) in acc.iter_mut().zip(add) {
                let (s1, o1) = limb.overflowing_add(a);
                let (s2, o2) = s1.overflowing_add(u64::from(c));
                *limb = s2;
                c = o1 || o2;
            }
        }
        acc
    }

    fn check_wnaf(k: &[u64; 4], start: usize, end: usize) {
        for (digits, w) in [
            (wnaf::<5>(k, start, end), 5u32),
            (wnaf::<6>(k, start, end), 6),
        ] {
            let mut last_nonzero: Option<usize> = None;
            for (i, &d) in digits.iter().enumerate() {
                if d != 0 {
                    assert!(d % 2 != 0 && (d.unsigned_abs() as u32) < 1 << (w - 1));
                    if let Some(j) = last_nonzero {
                        assert!(i - j >= w as usize, "adjacent digits in {k:x?}");
                    }
                    // No digit above the part's length (`k` bits: at most `k + 1` digits).
                    assert!(i <= end - start, "{k:x?} [{start}, {end}) digit {i}");
                    last_nonzero = Some(i);
                }
            }
            assert_eq!(
                from_digits(&digits),
                bit_range(k, start, end),
                "{k:x?} [{start}, {end}) w={w}"
            );
        }
    }

    #[test]
    fn wnaf_digits_reconstruct_the_scalar() {
        let mut x: u64 = 0x0123_4567_89ab_cdef;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut scalars: std::vec::Vec<[u64; 4]> = (0..2000)
            .map(|_| [next(), next(), next(), next()])
            .collect();
        // Extremes of every part: 0, 1, all ones (2^(256-S) - 1 for u2's high part), a lone
        // top bit, and runs of ones across limb boundaries.
        let ones = [u64::MAX; 4];
        let lone = |b: usize| {
            let mut k = [0u64; 4];
            k[b / 64] |= 1 << (b % 64);
            k
        };
        scalars.extend([[0; 4], [1, 0, 0, 0], ones, [u64::MAX - 1; 4]]);
        for b in [0, 63, 64, Q_SPLIT - 1, Q_SPLIT, G_SPLIT - 1, G_SPLIT, 255] {
            scalars.push(lone(b));
        }
        for k in &scalars {
            // The parts the verification uses, and a few other splits that fit in DIGITS.
            for (start, end) in [
                (0, G_SPLIT),
                (G_SPLIT, SCALAR_BITS),
                (0, Q_SPLIT),
                (Q_SPLIT, SCALAR_BITS),
                (0, DIGITS - 1),
                (SCALAR_BITS - (DIGITS - 1), SCALAR_BITS),
                (3, 67),
                (0, 0),
            ] {
                check_wnaf(k, start, end);
            }
        }
        // All ones: the top part of u2 is 2^(256-S) - 1, whose wNAF ends in a carry to bit
        // 256 - S.
        let top = wnaf::<5>(&ones, Q_SPLIT, SCALAR_BITS);
        assert_eq!(top.get(SCALAR_BITS - Q_SPLIT), Some(&1));
        assert_eq!(wnaf::<5>(&[0; 4], Q_SPLIT, SCALAR_BITS), [0; DIGITS]);
        let one = wnaf::<6>(&[1, 0, 0, 0], 0, Q_SPLIT);
        assert_eq!(one.iter().position(|&d| d != 0), Some(0));
        assert_eq!(one.iter().filter(|&&d| d != 0).count(), 1);
    }

    /// Agrees with `p256`'s own verification on valid, high-s and tampered signatures.
    #[test]
    fn agrees_with_p256() {
        let mut seed = [0x3cu8; 32];
        for round in 0..64u32 {
            seed[..4].copy_from_slice(&round.to_le_bytes());
            let sk = SigningKey::from_slice(&seed).unwrap();
            let vk = sk.verifying_key();
            let (x, y) = coords(&ProjectivePoint::from(*vk.as_affine()));
            let key = built(&x, &y).unwrap();
            let msg = std::format!("message {round}");
            let digest: [u8; 32] = sha2::Sha256::digest(msg.as_bytes()).into();
            let sig: Signature = sk.sign(msg.as_bytes());
            let (r_scalar, s_scalar) = sig.split_scalars();
            let (r, s) = (be(&r_scalar), be(&s_scalar));
            assert!(key.verify(&digest, &r, &s), "{round}");
            // The other s of the pair (one of them is high-s): also valid.
            let neg_s = be(&-*s_scalar);
            assert!(key.verify(&digest, &r, &neg_s), "{round}");
            // Another digest, swapped scalars, a flipped bit anywhere.
            let mut other = digest;
            other[(round % 32) as usize] ^= 1;
            assert!(!key.verify(&other, &r, &s));
            assert!(!key.verify(&digest, &s, &r));
            let mut raw: [u8; 64] = sig.to_bytes().into();
            raw[(round as usize * 7) % 64] ^= 1 << (round % 8);
            if let Ok(bad) = Signature::from_slice(&raw) {
                let (br, bs) = bad.split_scalars();
                assert_eq!(
                    key.verify(&digest, &be(&br), &be(&bs)),
                    vk.verify_prehash(&digest, &bad).is_ok()
                );
            }
        }
    }
}
