//! ECDSA public keys on P-256, P-384 and P-521 (ES256/ES384/ES512, RFC 7518 §3.4).
//!
//! The point is decoded and validated once, in [`EcPublicKey::init_in`]: each coordinate must be
//! exactly the curve's coordinate length (RFC 7518 §6.2.1.2-3), below the field prime, and the
//! point must satisfy the curve equation (which also excludes the identity, as it has no affine
//! coordinates). Verification then hashes the signing input with the curve's JWS hash
//! (P-256: SHA-256, P-384: SHA-384, P-521: SHA-512; RFC 7518 §3.4) and checks the fixed-width
//! `r || s` signature.
//!
//! High-s signatures are accepted: JWS (RFC 7518 §3.4) has no low-s rule, and the `p256`,
//! `p384` and `p521` crates set `NORMALIZE_S = false` for verification.

#[cfg(any(feature = "es384", feature = "es512"))]
use signature::hazmat::PrehashVerifier as _;

// The field of P-256, shaped per word size: 4×64-bit Montgomery limbs on 64-bit targets,
// 8×32-bit limbs with the prime's fast reduction on the others (Cortex-M, RISC-V 32, i686).
#[cfg(all(feature = "es256", target_pointer_width = "64"))]
mod p256_field;
#[cfg(all(feature = "es256", not(target_pointer_width = "64")))]
#[path = "ec/p256_field_32.rs"]
mod p256_field;
// The scalars (modulo the group order): `p256`'s on 64-bit targets, our own on the others.
#[cfg(all(feature = "es256", target_pointer_width = "64"))]
mod p256_scalar;
#[cfg(all(feature = "es256", not(target_pointer_width = "64")))]
#[path = "ec/p256_scalar_32.rs"]
mod p256_scalar;
#[cfg(feature = "es256")]
mod p256_verify;

/// 64 hex digits as 32 bytes, for the field's constants (compile time; a bad digit reads as
/// zero). Shared by both shapes of `p256_field`.
// Indices stay below 32 and below the text's length; a digit's value fits a nibble.
#[cfg(feature = "es256")]
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const fn hex32(hex: &str) -> [u8; 32] {
    const fn digit(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => 0,
        }
    }
    let h = hex.as_bytes();
    let mut out = [0u8; 32];
    let mut i = 0;
    while i < 32 && 2 * i + 1 < h.len() {
        out[i] = digit(h[2 * i]) << 4 | digit(h[2 * i + 1]);
        i += 1;
    }
    out
}

use crate::error::Error;
use crate::keys::curve::Curve;
use crate::keys::key::Material;
use sha2::Digest as _;

/// Longest SEC1 uncompressed point: `0x04 || x || y` on P-521.
#[cfg(any(feature = "es384", feature = "es512"))]
const MAX_SEC1_LEN: usize = 1 + 2 * Curve::P521.coordinate_len();

/// `0x04 || x || y` in `buf`; `None` if it does not fit.
#[cfg(any(feature = "es384", feature = "es512"))]
fn sec1_uncompressed<'a>(x: &[u8], y: &[u8], buf: &'a mut [u8; MAX_SEC1_LEN]) -> Option<&'a [u8]> {
    let (tag, rest) = buf.split_first_mut()?;
    *tag = 0x04;
    let (bx, rest) = rest.split_at_mut_checked(x.len())?;
    let (by, _) = rest.split_at_mut_checked(y.len())?;
    bx.copy_from_slice(x);
    by.copy_from_slice(y);
    buf.get(..=x.len().checked_add(y.len())?)
}

/// A validated ECDSA public key (point decoded and checked once).
#[derive(Clone)]
pub(crate) struct EcPublicKey {
    inner: Inner,
}

// The P-256 variant holds its tables (1 KiB) inline: with no heap there is nothing to box
// them into (a key set holds keys inline by design, and an RSA key is larger still).
#[allow(clippy::large_enum_variant)]
#[derive(Clone)]
enum Inner {
    /// Validated by [`p256_on_curve`], verified by [`p256_verify`] with precomputed tables.
    #[cfg(feature = "es256")]
    P256(p256_verify::P256Key),
    #[cfg(feature = "es384")]
    P384(p384::ecdsa::VerifyingKey),
    #[cfg(feature = "es512")]
    P521(p521::ecdsa::VerifyingKey),
}

impl EcPublicKey {
    /// Decodes the affine point `(x, y)` into `out`, where the key is kept (a P-256 key with
    /// its tables is 1 KiB: it is written in place, not returned and moved); each coordinate
    /// must be exactly [`Curve::coordinate_len`] bytes, big-endian. On error `out` holds no
    /// usable key (the caller discards it). With no `out`, only the checks
    /// ([`EcPublicKey::check`]).
    ///
    /// # Errors
    /// [`Error::InvalidKey`] for a wrong coordinate length, a coordinate not below the field
    /// prime, or a point that is not on the curve.
    pub(crate) fn init_in(
        out: Option<&mut Material>,
        curve: Curve,
        x: &[u8],
        y: &[u8],
    ) -> Result<(), Error> {
        let n = curve.coordinate_len();
        if x.len() != n || y.len() != n {
            return Err(Error::InvalidKey);
        }
        // P-384 and P-521 take the SEC1 uncompressed encoding, so that their crates do the
        // field-range and on-curve checks (and the identity, encoded as a lone 0x00, can never
        // be produced).
        #[cfg(any(feature = "es384", feature = "es512"))]
        let mut buf = [0u8; MAX_SEC1_LEN];
        #[cfg(any(feature = "es384", feature = "es512"))]
        let sec1 = sec1_uncompressed(x, y, &mut buf).ok_or(Error::InvalidKey)?;

        match curve {
            #[cfg(feature = "es256")]
            // Checked with our own field, not `p256`'s: its point decoding would link a
            // second P-256 field into the firmware for this one check.
            Curve::P256 => {
                if !p256_on_curve(x, y) {
                    return Err(Error::InvalidKey);
                }
                let Some(out) = out else {
                    return Ok(());
                };
                // The tables are written as zero in place, then computed there.
                *out = Material::Ec(EcPublicKey {
                    inner: Inner::P256(p256_verify::P256Key::ZERO),
                });
                let built = match out {
                    Material::Ec(EcPublicKey {
                        inner: Inner::P256(key),
                    }) => key.init(x, y),
                    _ => None,
                };
                built.ok_or(Error::InvalidKey)
            }
            #[cfg(feature = "es384")]
            Curve::P384 => {
                let vk = p384::ecdsa::VerifyingKey::from_sec1_bytes(sec1)
                    .map_err(|_| Error::InvalidKey)?;
                if let Some(out) = out {
                    *out = Material::Ec(EcPublicKey {
                        inner: Inner::P384(vk),
                    });
                }
                Ok(())
            }
            #[cfg(feature = "es512")]
            Curve::P521 => {
                let vk = p521::ecdsa::VerifyingKey::from_sec1_bytes(sec1)
                    .map_err(|_| Error::InvalidKey)?;
                if let Some(out) = out {
                    *out = Material::Ec(EcPublicKey {
                        inner: Inner::P521(vk),
                    });
                }
                Ok(())
            }
            #[allow(unreachable_patterns)]
            _ => Err(Error::UnsupportedAlg),
        }
    }

    /// The key built by [`EcPublicKey::init_in`], returned (for the tests).
    #[cfg(all(test, feature = "ecdsa"))]
    pub(crate) fn new(curve: Curve, x: &[u8], y: &[u8]) -> Result<Self, Error> {
        let mut out = Material::Empty;
        Self::init_in(Some(&mut out), curve, x, y)?;
        match out {
            Material::Ec(key) => Ok(key),
            _ => Err(Error::InvalidKey),
        }
    }

    /// The checks of [`EcPublicKey::init_in`] alone: on P-256 without the tables, which cannot
    /// fail for a point that passes them (a point of the prime-order group other than the
    /// identity has none of the exceptional cases the table additions refuse).
    ///
    /// # Errors
    /// As [`EcPublicKey::init_in`].
    pub(crate) fn check(curve: Curve, x: &[u8], y: &[u8]) -> Result<(), Error> {
        Self::init_in(None, curve, x, y)
    }

    pub(crate) fn curve(&self) -> Curve {
        match self.inner {
            #[cfg(feature = "es256")]
            Inner::P256(_) => Curve::P256,
            #[cfg(feature = "es384")]
            Inner::P384(_) => Curve::P384,
            #[cfg(feature = "es512")]
            Inner::P521(_) => Curve::P521,
        }
    }

    /// Verifies `sig`, raw `r || s` with each exactly the curve's coordinate length
    /// (RFC 7518 §3.4; ASN.1 DER is not accepted), over `msg` hashed with the curve's JWS hash.
    ///
    /// # Errors
    /// [`Error::BadSignature`] for a wrong length, `r` or `s` outside `[1, n-1]`, or a
    /// signature that does not verify.
    pub(crate) fn verify(&self, msg: &[u8], sig: &[u8]) -> Result<(), Error> {
        // Exactly 2 * coordinate_len bytes and r, s in [1, n-1]: `Signature::from_slice` on
        // P-384 and P-521, `p256_scalar::u1_u2` on P-256.
        // The digest is truncated to the bit length of n inside `verify_prehash` (a no-op here:
        // each hash is no longer than its curve's order), as ECDSA specifies.
        let ok = match &self.inner {
            #[cfg(feature = "es256")]
            Inner::P256(vk) => verify_p256(vk, msg, sig),
            #[cfg(feature = "es384")]
            Inner::P384(vk) => verify_p384(vk, msg, sig),
            #[cfg(feature = "es512")]
            Inner::P521(vk) => verify_p521(vk, msg, sig),
        };
        if ok { Ok(()) } else { Err(Error::BadSignature) }
    }
}

/// Whether `(x, y)`, 32 big-endian bytes each, is a point of P-256: both coordinates below
/// `p`, and `y^2 = x^3 - 3x + b` (which the identity, having no affine coordinates, never is).
#[cfg(feature = "es256")]
fn p256_on_curve(x: &[u8], y: &[u8]) -> bool {
    use p256_field::Fe;
    /// The curve's `b`.
    const B: Fe =
        Fe::from_hex_vartime("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b");
    let fe = |b: &[u8]| p256::FieldBytes::try_from(b).ok().and_then(Fe::from_repr);
    let (Some(x), Some(y)) = (fe(x), fe(y)) else {
        return false;
    };
    let three = Fe::ONE.double().add(&Fe::ONE);
    let rhs = x.square().sub(&three).multiply(&x).add(&B);
    y.square().ct_eq(&rhs)
}

// One function per curve, never inlined: inlined together into `Key::verify`, the three
// curves' point tables shared one stack frame of 16 KiB on thumbv7m (opt-level "z", LTO), so
// an ES256 verify needed the stack of all three curves at once.

#[cfg(feature = "es256")]
#[inline(never)]
fn verify_p256(key: &p256_verify::P256Key, msg: &[u8], sig: &[u8]) -> bool {
    // r || s, 32 bytes each; their range is checked with the arithmetic.
    let Ok(sig) = <&[u8; 64]>::try_from(sig) else {
        return false;
    };
    let (Some(r), Some(s)) = (sig.first_chunk::<32>(), sig.last_chunk::<32>()) else {
        return false;
    };
    let digest: [u8; 32] = sha2::Sha256::digest(msg).into();
    key.verify(&digest, r, s)
}

#[cfg(feature = "es384")]
#[inline(never)]
fn verify_p384(vk: &p384::ecdsa::VerifyingKey, msg: &[u8], sig: &[u8]) -> bool {
    p384::ecdsa::Signature::from_slice(sig)
        .and_then(|s| vk.verify_prehash(&sha2::Sha384::digest(msg), &s))
        .is_ok()
}

#[cfg(feature = "es512")]
#[inline(never)]
fn verify_p521(vk: &p521::ecdsa::VerifyingKey, msg: &[u8], sig: &[u8]) -> bool {
    p521::ecdsa::Signature::from_slice(sig)
        .and_then(|s| vk.verify_prehash(&sha2::Sha512::digest(msg), &s))
        .is_ok()
}

#[cfg(all(test, feature = "ecdsa"))]
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
    use p256::ecdsa::signature::Signer as _;

    const MSG: &[u8] = b"eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0";

    fn coords(sec1: &[u8], n: usize) -> (&[u8], &[u8]) {
        assert_eq!(sec1.len(), 1 + 2 * n);
        assert_eq!(sec1[0], 0x04);
        (&sec1[1..=n], &sec1[1 + n..])
    }

    /// A deterministic P-256 key pair and a valid signature over `MSG`.
    fn p256_fixture() -> (EcPublicKey, [u8; 64]) {
        let sk = p256::ecdsa::SigningKey::from_slice(&[0x11; 32]).unwrap();
        let pt = sk.verifying_key().to_sec1_point(false);
        let (x, y) = coords(pt.as_bytes(), 32);
        let key = EcPublicKey::new(Curve::P256, x, y).unwrap();
        let sig: p256::ecdsa::Signature = sk.sign(MSG);
        (key, sig.to_bytes().into())
    }

    #[test]
    fn round_trip_every_curve() {
        let (k, sig) = p256_fixture();
        assert_eq!(k.curve(), Curve::P256);
        assert_eq!(k.verify(MSG, &sig), Ok(()));
        assert_eq!(k.verify(b"other", &sig), Err(Error::BadSignature));

        let sk = p384::ecdsa::SigningKey::from_slice(&[0x22; 48]).unwrap();
        let pt = sk.verifying_key().to_sec1_point(false);
        let (x, y) = coords(pt.as_bytes(), 48);
        let k = EcPublicKey::new(Curve::P384, x, y).unwrap();
        assert_eq!(k.curve(), Curve::P384);
        let sig: p384::ecdsa::Signature = sk.sign(MSG);
        assert_eq!(sig.to_bytes().len(), 96);
        assert_eq!(k.verify(MSG, &sig.to_bytes()), Ok(()));
        assert_eq!(
            k.verify(b"other", &sig.to_bytes()),
            Err(Error::BadSignature)
        );

        let mut d = [0x33; 66];
        d[0] = 0x01;
        let sk = p521::ecdsa::SigningKey::from_slice(&d).unwrap();
        let pt = sk.verifying_key().to_sec1_point(false);
        let (x, y) = coords(pt.as_bytes(), 66);
        let k = EcPublicKey::new(Curve::P521, x, y).unwrap();
        assert_eq!(k.curve(), Curve::P521);
        let sig: p521::ecdsa::Signature = sk.sign(MSG);
        assert_eq!(sig.to_bytes().len(), 132);
        assert_eq!(k.verify(MSG, &sig.to_bytes()), Ok(()));
        assert_eq!(
            k.verify(b"other", &sig.to_bytes()),
            Err(Error::BadSignature)
        );
    }

    #[test]
    fn wrong_coordinate_length_is_invalid_key() {
        let sk = p256::ecdsa::SigningKey::from_slice(&[0x11; 32]).unwrap();
        let pt = sk.verifying_key().to_sec1_point(false);
        let (x, y) = coords(pt.as_bytes(), 32);
        // Leading zero byte added, or one byte missing: RFC 7518 §6.2.1.2 wants full length.
        let mut x33 = [0u8; 33];
        x33[1..].copy_from_slice(x);
        assert!(matches!(
            EcPublicKey::new(Curve::P256, &x33, y),
            Err(Error::InvalidKey)
        ));
        assert!(matches!(
            EcPublicKey::new(Curve::P256, &x[1..], y),
            Err(Error::InvalidKey)
        ));
        assert!(matches!(
            EcPublicKey::new(Curve::P256, x, &y[1..]),
            Err(Error::InvalidKey)
        ));
        assert!(matches!(
            EcPublicKey::new(Curve::P256, &[], &[]),
            Err(Error::InvalidKey)
        ));
        // A P-256 point offered as P-384 or P-521.
        assert!(matches!(
            EcPublicKey::new(Curve::P384, x, y),
            Err(Error::InvalidKey)
        ));
        assert!(matches!(
            EcPublicKey::new(Curve::P521, x, y),
            Err(Error::InvalidKey)
        ));
    }

    #[test]
    fn off_curve_and_identity_are_invalid_key() {
        let sk = p256::ecdsa::SigningKey::from_slice(&[0x11; 32]).unwrap();
        let pt = sk.verifying_key().to_sec1_point(false);
        let (x, y) = coords(pt.as_bytes(), 32);
        let mut y2 = [0u8; 32];
        y2.copy_from_slice(y);
        y2[31] ^= 1;
        assert!(matches!(
            EcPublicKey::new(Curve::P256, x, &y2),
            Err(Error::InvalidKey)
        ));
        for curve in [Curve::P256, Curve::P384, Curve::P521] {
            let zero = [0u8; 66];
            let z = &zero[..curve.coordinate_len()];
            assert!(matches!(
                EcPublicKey::new(curve, z, z),
                Err(Error::InvalidKey)
            ));
            let ones = [0xffu8; 66];
            let o = &ones[..curve.coordinate_len()];
            assert!(matches!(
                EcPublicKey::new(curve, o, o),
                Err(Error::InvalidKey)
            ));
        }
    }

    /// The P-256 point check agrees with `p256`'s decoding: on random points, the same with
    /// one bit of a coordinate flipped, and coordinates at or above `p`.
    #[test]
    fn p256_point_check_agrees_with_p256() {
        let p: [u8; 32] = [
            0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff,
            0xff, 0xff, 0xff, 0xff,
        ];
        let mut accepted = 0;
        for round in 0..200u32 {
            let mut d = [0x5au8; 32];
            d[..4].copy_from_slice(&round.to_le_bytes());
            let sk = p256::ecdsa::SigningKey::from_slice(&d).unwrap();
            let pt = sk.verifying_key().to_sec1_point(false);
            let mut sec1 = [0u8; 65];
            sec1.copy_from_slice(pt.as_bytes());
            if round % 2 == 1 {
                sec1[1 + usize::try_from(round * 5).unwrap() % 64] ^= 1 << (round % 8);
            }
            if round % 50 == 2 {
                // x = p: the residue 0, but not below p.
                sec1[1..33].copy_from_slice(&p);
            }
            let reference = p256::ecdsa::VerifyingKey::from_sec1_bytes(&sec1).is_ok();
            let (x, y) = coords(&sec1, 32);
            assert_eq!(p256_on_curve(x, y), reference, "{round}");
            assert_eq!(EcPublicKey::new(Curve::P256, x, y).is_ok(), reference);
            accepted += usize::from(reference);
        }
        assert_eq!(accepted, 96);
        // (0, 0) is not on the curve (b is not zero).
        assert!(!p256_on_curve(&[0; 32], &[0; 32]));
        assert!(!p256_on_curve(&p, &p));
    }

    #[test]
    fn coordinate_not_below_field_prime_is_invalid_key() {
        // On P-521 a 66-byte coordinate can hold values up to 2^528 - 1, far above
        // p = 2^521 - 1: G.x + p is the same residue as G.x, in 66 bytes, but not canonical.
        let mut p = [0xffu8; 66];
        p[0] = 0x01;
        let g = p521::AffinePoint::GENERATOR;
        let enc = p521::elliptic_curve::sec1::ToSec1Point::to_sec1_point(&g, false);
        let (x, y) = coords(enc.as_bytes(), 66);
        assert!(EcPublicKey::new(Curve::P521, x, y).is_ok());
        let add_p = |v: &[u8]| {
            let mut out = [0u8; 66];
            let mut carry = 0u16;
            for i in (0..66).rev() {
                let sum = u16::from(v[i]) + u16::from(p[i]) + carry;
                out[i] = sum.to_le_bytes()[0];
                carry = sum >> 8;
            }
            assert_eq!(carry, 0);
            out
        };
        assert!(matches!(
            EcPublicKey::new(Curve::P521, &add_p(x), y),
            Err(Error::InvalidKey)
        ));
        assert!(matches!(
            EcPublicKey::new(Curve::P521, x, &add_p(y)),
            Err(Error::InvalidKey)
        ));
        // x = p itself (≡ 0).
        assert!(matches!(
            EcPublicKey::new(Curve::P521, &p, y),
            Err(Error::InvalidKey)
        ));
    }

    #[test]
    fn der_and_wrong_length_signatures_are_bad_signature() {
        let (k, sig) = p256_fixture();
        let (r, s) = sig.split_at(32);
        // ASN.1 DER SEQUENCE { INTEGER r, INTEGER s } with positive-padding zero bytes.
        let mut der = [0u8; 72];
        der[..4].copy_from_slice(&[0x30, 70, 0x02, 33]);
        der[5..37].copy_from_slice(r);
        der[37..39].copy_from_slice(&[0x02, 33]);
        der[40..].copy_from_slice(s);
        assert_eq!(k.verify(MSG, &der), Err(Error::BadSignature));
        assert_eq!(k.verify(MSG, &sig[..63]), Err(Error::BadSignature));
        let mut long = [0u8; 65];
        long[..64].copy_from_slice(&sig);
        assert_eq!(k.verify(MSG, &long), Err(Error::BadSignature));
        // Leading zero byte prepended to r (a 65-byte "r || s").
        let mut padded = [0u8; 65];
        padded[1..].copy_from_slice(&sig);
        assert_eq!(k.verify(MSG, &padded), Err(Error::BadSignature));
        assert_eq!(k.verify(MSG, &[]), Err(Error::BadSignature));
    }

    #[test]
    fn out_of_range_r_s_are_bad_signature() {
        let (k, sig) = p256_fixture();
        let n: [u8; 32] = [
            0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
            0xff, 0xff, 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2,
            0xfc, 0x63, 0x25, 0x51,
        ];
        let mut bad = sig;
        bad[..32].fill(0);
        assert_eq!(k.verify(MSG, &bad), Err(Error::BadSignature)); // r = 0
        let mut bad = sig;
        bad[32..].fill(0);
        assert_eq!(k.verify(MSG, &bad), Err(Error::BadSignature)); // s = 0
        assert_eq!(k.verify(MSG, &[0u8; 64]), Err(Error::BadSignature));
        let mut bad = sig;
        bad[..32].copy_from_slice(&n);
        assert_eq!(k.verify(MSG, &bad), Err(Error::BadSignature)); // r = n
        let mut bad = sig;
        bad[32..].copy_from_slice(&n);
        assert_eq!(k.verify(MSG, &bad), Err(Error::BadSignature)); // s = n
        assert_eq!(k.verify(MSG, &[0xff; 64]), Err(Error::BadSignature));
    }

    #[test]
    fn high_s_is_accepted() {
        let (k, sig) = p256_fixture();
        let parsed = p256::ecdsa::Signature::from_slice(&sig).unwrap();
        let (r, s) = parsed.split_scalars();
        let neg = p256::ecdsa::Signature::from_scalars(r.to_bytes(), (-*s).to_bytes()).unwrap();
        let neg: [u8; 64] = neg.to_bytes().into();
        assert_ne!(neg, sig);
        // Exactly one of (r, s) and (r, n - s) is high-s; both verify.
        assert_eq!(k.verify(MSG, &sig), Ok(()));
        assert_eq!(k.verify(MSG, &neg), Ok(()));
    }

    #[test]
    fn key_wrapper_dispatch() {
        let sk = p256::ecdsa::SigningKey::from_slice(&[0x11; 32]).unwrap();
        let pt = sk.verifying_key().to_sec1_point(false);
        let (x, y) = coords(pt.as_bytes(), 32);
        let key = Key::ec(Curve::P256, x, y).unwrap();
        let sig: p256::ecdsa::Signature = sk.sign(MSG);
        let sig = sig.to_bytes();
        assert_eq!(key.verify(Alg::ES256, MSG, &sig), Ok(()));
        assert_eq!(key.verify(Alg::ES384, MSG, &sig), Err(Error::KeyMismatch));
        assert_eq!(key.verify(Alg::HS256, MSG, &sig), Err(Error::KeyMismatch));
        assert_eq!(key.verify(Alg::EdDSA, MSG, &sig), Err(Error::KeyMismatch));
        assert!(matches!(
            Key::ec(Curve::P256, x, &x[..31]),
            Err(Error::InvalidKey)
        ));
    }
}
