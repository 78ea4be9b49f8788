//! Ed25519 public keys (EdDSA, RFC 8037 / RFC 8032).
//!
//! Verification accepts and refuses exactly the signatures that ed25519-dalek's
//! `verify_strict` does (a differential test below checks it), computed with curve25519-dalek
//! directly so that it does less work. `verify_strict` rejects a non-canonical `S` (`S >= L`,
//! RFC 8032 §5.1.7), compares `R` by its encoding with the re-computed `R' = [S]B - [k]A`, and
//! additionally rejects signatures whose `R`, or whose key `A`, has small order. No honest
//! signer produces those (`R = r·B` for a hash-derived `r`), and they are the classic Ed25519
//! edge cases (a small-order key makes one signature "valid" for many messages), so the
//! stricter check costs nothing for real tokens. Both `verify_strict` and plain `verify` pass
//! every Wycheproof `ed25519_test.json` vector (88 valid accepted, 63 invalid rejected; see
//! `tests/wycheproof_ecdsa_eddsa_hmac.rs`).
//!
//! What is done differently, with the same outcome:
//! - Small-order keys are refused when the key is built, as is any non-canonical point
//!   encoding (RFC 8032 §5.1.3: `y >= p`, or `x = 0` with the sign bit set); `-A` is
//!   decompressed and negated once, there.
//! - `R` is never decompressed (a square root). The final comparison is of encodings, and a
//!   compressed point is always the canonical encoding of a point, so a signature can only be
//!   accepted if its `R` bytes are a canonical encoding; a canonical encoding is that of a
//!   small-order point exactly when it is one of the eight in [`SMALL_ORDER_ENCODINGS`]. So
//!   refusing those eight byte strings, then comparing encodings, refuses what decompressing
//!   `R` and testing its order would have refused (an `R` that is not a point, or not
//!   canonical, never equals a compressed point).

use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;
use sha2::{Digest as _, Sha512};

use crate::error::Error;

/// The canonical encodings of the eight points of small order (the 8-torsion subgroup):
/// the identity, the point of order 2, both points of order 4 and the four of order 8.
/// Checked against curve25519-dalek's `EIGHT_TORSION` and `is_small_order` in the tests.
const SMALL_ORDER_ENCODINGS: [[u8; 32]; 8] = [
    // y = 1 (identity).
    [
        0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0,
    ],
    // y = p - 1 (order 2).
    [
        0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0x7f,
    ],
    // y = 0, both signs of x (order 4).
    [0; 32],
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0x80,
    ],
    // The two y of the points of order 8, both signs of x each.
    [
        0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98,
        0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53,
        0xfc, 0x05,
    ],
    [
        0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98,
        0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53,
        0xfc, 0x85,
    ],
    [
        0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67,
        0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac,
        0x03, 0x7a,
    ],
    [
        0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67,
        0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac,
        0x03, 0xfa,
    ],
];

/// A decoded Ed25519 public key.
#[derive(Clone)]
pub(crate) struct Ed25519PublicKey {
    /// The key's canonical encoding `A`, hashed into every challenge.
    encoded: [u8; 32],
    /// `-A`, the point the verification equation `R = [S]B + [k](-A)` multiplies.
    minus_a: EdwardsPoint,
}

impl Ed25519PublicKey {
    /// Decodes the 32-byte public key `A` (JWK `x`, RFC 8037 §2).
    ///
    /// # Errors
    /// [`Error::InvalidKey`] if it is not 32 bytes, not a canonical encoding of a curve point,
    /// or a point of small order (which can never verify under strict verification).
    pub(crate) fn new(x: &[u8]) -> Result<Self, Error> {
        let bytes: &[u8; 32] = x.try_into().map_err(|_| Error::InvalidKey)?;
        // Decompression reduces y mod p and ignores the sign bit of x = 0: both non-canonical
        // forms are refused from the bytes first (re-encoding the point would cost an
        // inversion).
        if !is_canonical(bytes) {
            return Err(Error::InvalidKey);
        }
        let point = CompressedEdwardsY(*bytes)
            .decompress()
            .ok_or(Error::InvalidKey)?;
        if point.is_small_order() {
            return Err(Error::InvalidKey);
        }
        // Negating a point is group arithmetic (x -> p - x): nothing can overflow or panic.
        #[allow(clippy::arithmetic_side_effects)]
        let minus_a = -point;
        Ok(Ed25519PublicKey {
            encoded: *bytes,
            minus_a,
        })
    }

    /// Verifies the 64-byte signature `R || S` over `msg` (RFC 8032 §5.1.7, strict; see the
    /// module documentation).
    ///
    /// # Errors
    /// [`Error::BadSignature`] for a wrong length, `S >= L`, an `R` that is not a point or has
    /// small order, or a signature that does not verify.
    #[inline(never)]
    pub(crate) fn verify(&self, msg: &[u8], sig: &[u8]) -> Result<(), Error> {
        let (r, s) = sig.split_first_chunk::<32>().ok_or(Error::BadSignature)?;
        let s: [u8; 32] = s.try_into().map_err(|_| Error::BadSignature)?;
        let s =
            Option::<Scalar>::from(Scalar::from_canonical_bytes(s)).ok_or(Error::BadSignature)?;
        if SMALL_ORDER_ENCODINGS.contains(r) {
            return Err(Error::BadSignature);
        }
        let digest: [u8; 64] = Sha512::new()
            .chain_update(r)
            .chain_update(self.encoded)
            .chain_update(msg)
            .finalize()
            .into();
        let k = Scalar::from_bytes_mod_order_wide(&digest);
        let expected = EdwardsPoint::vartime_double_scalar_mul_basepoint(&k, &self.minus_a, &s);
        if expected.compress().as_bytes() == r {
            Ok(())
        } else {
            Err(Error::BadSignature)
        }
    }
}

/// True if `bytes` is the canonical encoding of a y-coordinate and the sign of x
/// (RFC 8032 §5.1.3): `y < p = 2^255 - 19`, and the sign bit clear when `x = 0`, which is
/// when `y^2 = 1`, that is `y = 1` or `y = p - 1`. Says nothing about whether a point has this
/// y-coordinate.
fn is_canonical(bytes: &[u8; 32]) -> bool {
    let Some((&top, rest)) = bytes.split_last() else {
        return false;
    };
    let Some((&low, middle)) = rest.split_first() else {
        return false;
    };
    let sign = top & 0x80 != 0;
    let top = top & 0x7f;
    // y >= p: every bit from 8 to 254 set, and the low byte at least 0xed.
    let high_all_ones = top == 0x7f && middle.iter().all(|b| *b == 0xff);
    if high_all_ones && low >= 0xed {
        return false;
    }
    let y_is_one = top == 0 && low == 1 && middle.iter().all(|b| *b == 0);
    let y_is_p_minus_one = high_all_ones && low == 0xec;
    !(sign && (y_is_one || y_is_p_minus_one))
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic
)]
mod tests {
    use super::*;
    use crate::alg::Alg;
    use crate::keys::key::Key;
    use ed25519_dalek::{Signer as _, SigningKey, Verifier as _, VerifyingKey};

    const MSG: &[u8] = b"eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ0ZXN0In0";

    /// RFC 8032 §7.1 TEST 1: secret key, public key, and signature of the empty message.
    fn rfc8032_test1() -> ([u8; 32], [u8; 32], [u8; 64]) {
        let sk = hex32("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        let pk = hex32("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        let mut sig = [0u8; 64];
        sig[..32].copy_from_slice(&hex32(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155",
        ));
        sig[32..].copy_from_slice(&hex32(
            "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
        ));
        (sk, pk, sig)
    }

    fn hex32(s: &str) -> [u8; 32] {
        let mut out = [0u8; 32];
        for (i, o) in out.iter_mut().enumerate() {
            *o = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap();
        }
        out
    }

    #[test]
    fn rfc8032_vector_verifies() {
        let (sk, pk, sig) = rfc8032_test1();
        let k = Ed25519PublicKey::new(&pk).unwrap();
        assert_eq!(k.verify(b"", &sig), Ok(()));
        assert_eq!(k.verify(b"x", &sig), Err(Error::BadSignature));
        let signing = SigningKey::from_bytes(&sk);
        assert_eq!(signing.verifying_key().to_bytes(), pk);
        let sig2 = signing.sign(MSG).to_bytes();
        assert_eq!(k.verify(MSG, &sig2), Ok(()));
        let mut flipped = sig2;
        flipped[10] ^= 0x01;
        assert_eq!(k.verify(MSG, &flipped), Err(Error::BadSignature));
    }

    #[test]
    fn wrong_lengths() {
        let (_, pk, sig) = rfc8032_test1();
        assert!(matches!(
            Ed25519PublicKey::new(&pk[..31]),
            Err(Error::InvalidKey)
        ));
        let mut pk33 = [0u8; 33];
        pk33[..32].copy_from_slice(&pk);
        assert!(matches!(
            Ed25519PublicKey::new(&pk33),
            Err(Error::InvalidKey)
        ));
        assert!(matches!(Ed25519PublicKey::new(&[]), Err(Error::InvalidKey)));
        let k = Ed25519PublicKey::new(&pk).unwrap();
        assert_eq!(k.verify(b"", &sig[..63]), Err(Error::BadSignature));
        let mut long = [0u8; 65];
        long[..64].copy_from_slice(&sig);
        assert_eq!(k.verify(b"", &long), Err(Error::BadSignature));
        assert_eq!(k.verify(b"", &[]), Err(Error::BadSignature));
    }

    #[test]
    fn non_canonical_s_is_rejected() {
        let (_, pk, sig) = rfc8032_test1();
        let k = Ed25519PublicKey::new(&pk).unwrap();
        // S + L: the same scalar mod L, so only a range check rejects it.
        let l = hex32("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
        let mut s = [0u8; 32];
        s.copy_from_slice(&sig[32..]);
        let mut carry = 0u16;
        for (a, b) in s.iter_mut().zip(l) {
            let v = u16::from(*a) + u16::from(b) + carry;
            *a = v.to_le_bytes()[0];
            carry = v >> 8;
        }
        assert_eq!(carry, 0);
        let mut mall = sig;
        mall[32..].copy_from_slice(&s);
        assert_eq!(k.verify(b"", &mall), Err(Error::BadSignature));
        // S = L exactly.
        let mut at_l = sig;
        at_l[32..].copy_from_slice(&l);
        assert_eq!(k.verify(b"", &at_l), Err(Error::BadSignature));
    }

    #[test]
    fn invalid_and_weak_keys_are_invalid_key() {
        // y = 2 is not the y-coordinate of any curve point.
        let mut not_a_point = [0u8; 32];
        not_a_point[0] = 2;
        assert!(matches!(
            Ed25519PublicKey::new(&not_a_point),
            Err(Error::InvalidKey)
        ));
        // The identity (y = 1) and the point of order 2 (y = -1): small order.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        assert!(matches!(
            Ed25519PublicKey::new(&identity),
            Err(Error::InvalidKey)
        ));
        let mut minus_one = [0xffu8; 32];
        minus_one[0] = 0xec;
        minus_one[31] = 0x7f;
        assert!(matches!(
            Ed25519PublicKey::new(&minus_one),
            Err(Error::InvalidKey)
        ));
        // Non-canonical y: p + 1 encodes y = 1 (identity) non-canonically...
        let mut y_p1 = [0xffu8; 32];
        y_p1[0] = 0xee;
        y_p1[31] = 0x7f;
        assert!(matches!(
            Ed25519PublicKey::new(&y_p1),
            Err(Error::InvalidKey)
        ));
        // ...and x = 0 with the sign bit set (identity, "negative zero").
        let mut neg_zero = identity;
        neg_zero[31] |= 0x80;
        assert!(matches!(
            Ed25519PublicKey::new(&neg_zero),
            Err(Error::InvalidKey)
        ));
        // A valid key with its x sign bit flipped is the negated point: still valid.
        let (_, pk, _) = rfc8032_test1();
        let mut neg = pk;
        neg[31] ^= 0x80;
        assert!(Ed25519PublicKey::new(&neg).is_ok());
    }

    /// The byte-level canonical check agrees with re-encoding the decompressed point (what
    /// `new` did before), on every y below 32 and from p - 32 up to 2^255 - 1, with both signs,
    /// and on pseudo-random encodings.
    #[test]
    fn canonical_check_matches_reencoding() {
        fn oracle(b: &[u8; 32]) -> bool {
            VerifyingKey::from_bytes(b)
                .is_ok_and(|k| k.to_edwards().compress().as_bytes() == b && !k.is_weak())
        }
        extern crate std;
        let mut cases = std::vec::Vec::new();
        for v in 0u8..32 {
            let mut low = [0u8; 32];
            low[0] = v;
            cases.push(low);
            // p - 32 + v .. 2^255 - 1: y = p + (v - 32) for v >= 13.
            let mut high = [0xffu8; 32];
            high[31] = 0x7f;
            high[0] = 0xe0 | v;
            cases.push(high);
        }
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..200 {
            let mut b = [0u8; 32];
            for chunk in b.chunks_mut(8) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                chunk.copy_from_slice(&seed.to_le_bytes());
            }
            cases.push(b);
        }
        let (_, pk, _) = rfc8032_test1();
        cases.push(pk);
        let mut valid = 0;
        let mut noncanonical_points = 0;
        for case in cases {
            for sign in [0u8, 0x80] {
                let mut b = case;
                b[31] = (b[31] & 0x7f) | sign;
                let got = Ed25519PublicKey::new(&b).is_ok();
                assert_eq!(got, oracle(&b), "{b:02x?}");
                valid += usize::from(got);
                // Decodes (as some point), but is not canonical.
                if !is_canonical(&b) && VerifyingKey::from_bytes(&b).is_ok() {
                    noncanonical_points += 1;
                }
            }
        }
        // The cases reach both sides, and non-canonical encodings of real points.
        assert!(valid > 100, "{valid}");
        assert!(noncanonical_points > 2, "{noncanonical_points}");
    }

    #[test]
    fn key_wrapper_dispatch() {
        let (_, pk, sig) = rfc8032_test1();
        let key = Key::ed25519(&pk).unwrap();
        assert_eq!(key.verify(Alg::EdDSA, b"", &sig), Ok(()));
        assert_eq!(key.verify(Alg::Ed25519, b"", &sig), Ok(()));
        assert_eq!(key.verify(Alg::ES256, b"", &sig), Err(Error::KeyMismatch));
        assert_eq!(key.verify(Alg::HS512, b"", &sig), Err(Error::KeyMismatch));
        assert!(matches!(Key::ed25519(&pk[1..]), Err(Error::InvalidKey)));
    }

    /// The eight encodings are exactly the canonical encodings of the 8-torsion subgroup, which
    /// holds every point of small order: each decodes to a small-order point and re-encodes to
    /// itself, and the encodings of curve25519-dalek's `EIGHT_TORSION` are the same eight.
    #[test]
    fn small_order_encodings_are_the_eight_torsion() {
        extern crate std;
        use curve25519_dalek::constants::EIGHT_TORSION;
        use std::collections::BTreeSet;
        let listed: BTreeSet<[u8; 32]> = SMALL_ORDER_ENCODINGS.into_iter().collect();
        assert_eq!(listed.len(), 8);
        let torsion: BTreeSet<[u8; 32]> = EIGHT_TORSION.iter().map(|p| p.compress().0).collect();
        assert_eq!(listed, torsion);
        for enc in SMALL_ORDER_ENCODINGS {
            assert!(is_canonical(&enc), "{enc:02x?}");
            let p = CompressedEdwardsY(enc).decompress().unwrap();
            assert!(p.is_small_order(), "{enc:02x?}");
            assert_eq!(p.compress().0, enc);
            assert!(Ed25519PublicKey::new(&enc).is_err());
        }
    }

    /// xorshift64: deterministic test inputs without a random-number dependency.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn bytes<const N: usize>(&mut self) -> [u8; N] {
            let mut out = [0u8; N];
            for b in &mut out {
                *b = self.next().to_le_bytes()[0];
            }
            out
        }

        fn below(&mut self, n: usize) -> usize {
            usize::try_from(self.next() % u64::try_from(n).unwrap()).unwrap()
        }
    }

    /// The encoding `y = p + v` (not canonical; decodes as `y = v` when that is a point).
    fn y_above_p(v: u8, sign: bool) -> [u8; 32] {
        let mut b = [0xffu8; 32];
        b[0] = 0xed + v;
        b[31] = if sign { 0xff } else { 0x7f };
        b
    }

    fn challenge(r: &[u8; 32], a: &[u8; 32], msg: &[u8]) -> Scalar {
        let digest: [u8; 64] = Sha512::new()
            .chain_update(r)
            .chain_update(a)
            .chain_update(msg)
            .finalize()
            .into();
        Scalar::from_bytes_mod_order_wide(&digest)
    }

    /// Signs with secret scalar `a` for the public point `a_point` (which may carry a torsion
    /// component, making the key "mixed order": such keys are loadable).
    fn sign_raw(a: &Scalar, a_point: &EdwardsPoint, msg: &[u8], rng: &mut Rng) -> [u8; 64] {
        let r = Scalar::from_bytes_mod_order_wide(&rng.bytes::<64>());
        let r_enc = EdwardsPoint::mul_base(&r).compress().0;
        let k = challenge(&r_enc, &a_point.compress().0, msg);
        let s = r + k * a;
        let mut sig = [0u8; 64];
        sig[..32].copy_from_slice(&r_enc);
        sig[32..].copy_from_slice(s.as_bytes());
        sig
    }

    /// Adds `L` to the 256-bit little-endian `s` (wrapping): the same scalar mod L when `s < L`
    /// and the sum fits.
    fn add_l(s: &[u8]) -> [u8; 32] {
        let l = hex32("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
        let mut out = [0u8; 32];
        let mut carry = 0u16;
        for ((o, a), b) in out.iter_mut().zip(s).zip(l) {
            let v = u16::from(*a) + u16::from(b) + carry;
            *o = v.to_le_bytes()[0];
            carry = v >> 8;
        }
        out
    }

    /// Our verification agrees with ed25519-dalek's `verify_strict` on valid signatures (from
    /// ordinary keys and from mixed-order keys, where `verify_strict` accepts only some) and on
    /// every kind of mutation: flipped bits, each small-order `R` (canonical and not), `R` with
    /// `y >= p` or the sign bit of `x = 0` set, `R` not on the curve, random `R`, `S >= L`,
    /// `S + L`, random `S`, the wrong message.
    #[test]
    fn differential_against_verify_strict() {
        extern crate std;
        use curve25519_dalek::constants::EIGHT_TORSION;
        use ed25519_dalek::Signature;
        use std::vec::Vec;

        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        let mut non_canonical_small: Vec<[u8; 32]> = Vec::new();
        let mut id_neg = [0u8; 32];
        id_neg[0] = 1;
        id_neg[31] = 0x80;
        non_canonical_small.push(id_neg);
        let mut minus_one_neg = [0xffu8; 32];
        minus_one_neg[0] = 0xec;
        non_canonical_small.push(minus_one_neg);
        for v in [0u8, 1] {
            for sign in [false, true] {
                non_canonical_small.push(y_above_p(v, sign));
            }
        }
        for enc in &non_canonical_small {
            let p = CompressedEdwardsY(*enc).decompress().unwrap();
            assert!(p.is_small_order() && p.compress().0 != *enc, "{enc:02x?}");
        }

        let (mut accepted, mut rejected, mut mixed_accepted, mut mixed_rejected) = (0, 0, 0, 0);
        let mut check = |pk: &[u8; 32], msg: &[u8], sig: &[u8; 64]| -> bool {
            let oracle = VerifyingKey::from_bytes(pk)
                .unwrap()
                .verify_strict(msg, &Signature::from_bytes(sig))
                .is_ok();
            let ours = Ed25519PublicKey::new(pk).unwrap().verify(msg, sig);
            assert_eq!(
                ours.is_ok(),
                oracle,
                "pk {pk:02x?} msg {msg:02x?} sig {sig:02x?}"
            );
            if !oracle {
                assert_eq!(ours, Err(Error::BadSignature));
            }
            if oracle {
                accepted += 1;
            } else {
                rejected += 1;
            }
            oracle
        };

        // Mixed-order keys aB + T (loadable): verify_strict accepts iff [k]T is the identity.
        for _ in 0..40 {
            let msg = rng.bytes::<16>();
            let a = Scalar::from_bytes_mod_order_wide(&rng.bytes::<64>());
            let t = EIGHT_TORSION[1 + rng.below(7)];
            let a_point = EdwardsPoint::mul_base(&a) + t;
            let sig = sign_raw(&a, &a_point, &msg, &mut rng);
            let pk = a_point.compress().0;
            if check(&pk, &msg, &sig) {
                mixed_accepted += 1;
            } else {
                mixed_rejected += 1;
            }
        }
        for round in 0..8 {
            let msg_len = rng.below(200);
            let msg: Vec<u8> = (0..msg_len).map(|_| rng.bytes::<1>()[0]).collect();
            let signing = SigningKey::from_bytes(&rng.bytes::<32>());
            let sig = signing.sign(&msg).to_bytes();
            let pk = signing.verifying_key().to_bytes();
            assert!(check(&pk, &msg, &sig));
            // Flipped bits anywhere.
            for _ in 0..4 {
                let mut m = sig;
                m[rng.below(64)] ^= 1 << rng.below(8);
                check(&pk, &msg, &m);
            }
            // Each small-order R, canonical or not, with the original S; the canonical ones
            // also with a random canonical S.
            for r in SMALL_ORDER_ENCODINGS.iter().chain(&non_canonical_small) {
                let mut m = sig;
                m[..32].copy_from_slice(r);
                check(&pk, &msg, &m);
            }
            for r in SMALL_ORDER_ENCODINGS {
                let mut m = sig;
                m[..32].copy_from_slice(&r);
                m[32..].copy_from_slice(&Scalar::from_bytes_mod_order(rng.bytes()).to_bytes());
                check(&pk, &msg, &m);
            }
            // R with y >= p (both signs; y = p + v for every v < 19 over the rounds), R = y = 2
            // (not a point), R random, R with the sign bit flipped (the negated point).
            let mut rs: Vec<[u8; 32]> = [round, round + 8, round + 16]
                .into_iter()
                .filter(|v| *v < 19)
                .flat_map(|v| [y_above_p(v, false), y_above_p(v, true)])
                .collect();
            let mut two = [0u8; 32];
            two[0] = 2;
            rs.push(two);
            rs.push(rng.bytes());
            let mut neg_r = [0u8; 32];
            neg_r.copy_from_slice(&sig[..32]);
            neg_r[31] ^= 0x80;
            rs.push(neg_r);
            for r in rs {
                let mut m = sig;
                m[..32].copy_from_slice(&r);
                check(&pk, &msg, &m);
            }
            // S + L, S = L, S with the top bits set, S random (usually >= L), S = 0.
            let mut ss = Vec::from([add_l(&sig[32..]), add_l(&[0u8; 32]), rng.bytes(), [0; 32]]);
            let mut top = [0u8; 32];
            top.copy_from_slice(&sig[32..]);
            top[31] |= 0xe0;
            ss.push(top);
            for s in ss {
                let mut m = sig;
                m[32..].copy_from_slice(&s);
                check(&pk, &msg, &m);
            }
            // The wrong message.
            let mut other = msg.clone();
            other.push(0);
            check(&pk, &other, &sig);
        }
        // Only the unmutated signatures verify: the 8 ordinary ones and some mixed-order ones.
        assert_eq!(accepted, 8 + mixed_accepted);
        assert!(rejected > 8 * 40, "{rejected}");
        assert!(
            mixed_accepted > 0 && mixed_rejected > 0,
            "{mixed_accepted} {mixed_rejected}"
        );
    }

    /// A signature whose `R` has small order and that satisfies the verification equation
    /// (made with a mixed-order key aB + T, `S = k·a`, so `[S]B - [k]A = -[k]T`): comparing
    /// encodings alone would accept it; `verify_strict` and our check on `R`'s bytes refuse it.
    #[test]
    fn small_order_r_satisfying_the_equation_is_refused() {
        use curve25519_dalek::constants::EIGHT_TORSION;
        use ed25519_dalek::Signature;
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let a = Scalar::from_bytes_mod_order_wide(&rng.bytes::<64>());
        let a_point = EdwardsPoint::mul_base(&a) + EIGHT_TORSION[1];
        let pk = a_point.compress().0;
        let key = Ed25519PublicKey::new(&pk).unwrap();
        let oracle = VerifyingKey::from_bytes(&pk).unwrap();
        let mut found = 0;
        for i in 0u32..16 {
            let msg = i.to_le_bytes();
            for r in SMALL_ORDER_ENCODINGS {
                let k = challenge(&r, &pk, &msg);
                let s = k * a;
                let r_check = EdwardsPoint::vartime_double_scalar_mul_basepoint(&k, &-a_point, &s);
                if r_check.compress().0 != r {
                    continue;
                }
                found += 1;
                let mut sig = [0u8; 64];
                sig[..32].copy_from_slice(&r);
                sig[32..].copy_from_slice(s.as_bytes());
                assert!(
                    oracle
                        .verify_strict(&msg, &Signature::from_bytes(&sig))
                        .is_err()
                );
                assert!(oracle.verify(&msg, &Signature::from_bytes(&sig)).is_ok());
                assert_eq!(key.verify(&msg, &sig), Err(Error::BadSignature));
            }
        }
        assert!(found >= 4, "{found}");
    }
}
