//! Ed25519 public keys (EdDSA, RFC 8037 / RFC 8032).
//!
//! Verification uses ed25519-dalek's `verify_strict`, not `verify`. Both pass every Wycheproof
//! `ed25519_test.json` vector (88 valid accepted, 63 invalid rejected, checked with each; see
//! `tests/wycheproof_ecdsa_eddsa_hmac.rs`): both reject a non-canonical `S` (`S >= L`,
//! RFC 8032 §5.1.7) and compare `R` by its encoding, so they differ on none of them.
//! `verify_strict` additionally rejects signatures whose `R`, or whose key `A`, has small order.
//! No honest signer produces those (`R = r·B` for a hash-derived `r`), and they are the
//! classic Ed25519 edge cases (a small-order key makes one signature "valid" for many
//! messages), so the stricter check costs nothing for real tokens. Small-order keys are
//! therefore refused when the key is built, as is any non-canonical point encoding
//! (RFC 8032 §5.1.3: `y >= p`, or `x = 0` with the sign bit set).

use ed25519_dalek::{Signature, VerifyingKey};

use crate::error::Error;

/// A decoded Ed25519 public key.
#[derive(Clone)]
pub(crate) struct Ed25519PublicKey {
    key: VerifyingKey,
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
        let key = VerifyingKey::from_bytes(bytes).map_err(|_| Error::InvalidKey)?;
        if key.is_weak() {
            return Err(Error::InvalidKey);
        }
        Ok(Ed25519PublicKey { key })
    }

    /// Verifies the 64-byte signature `R || S` over `msg` (RFC 8032 §5.1.7, strict; see the
    /// module documentation).
    ///
    /// # Errors
    /// [`Error::BadSignature`] for a wrong length, `S >= L`, an `R` that is not a point or has
    /// small order, or a signature that does not verify.
    pub(crate) fn verify(&self, msg: &[u8], sig: &[u8]) -> Result<(), Error> {
        let bytes: &[u8; 64] = sig.try_into().map_err(|_| Error::BadSignature)?;
        let sig = Signature::from_bytes(bytes);
        self.key
            .verify_strict(msg, &sig)
            .map_err(|_| Error::BadSignature)
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
    use ed25519_dalek::{Signer as _, SigningKey};

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
}
