//! HMAC secrets for HS256/HS384/HS512 (RFC 7518 §3.2), compared in constant time.
//!
//! The secret itself is not kept: only the three keyed HMAC states (inner and outer hash cores
//! that already absorbed the padded key), so verification does only the message work. Only the
//! hash cores are stored, not `Hmac`'s block buffer: that halves the size of an `HmacKey`
//! (a key set holds several keys, possibly on a microcontroller). Nothing here implements
//! `Debug`.

use hmac::digest::block_api::CoreProxy;
use hmac::{KeyInit as _, Mac as _};

use crate::error::Error;
use crate::keys::hash::HashAlg;
use crate::limits::MAX_HMAC_SECRET_LEN;

/// Shortest secret accepted at all: the HS256 minimum (RFC 7518 §3.2). HS384 and HS512 demand
/// 48 and 64 bytes, checked by `Key::fits` through [`HmacKey::len`].
const MIN_HMAC_SECRET_LEN: usize = 32;

/// An HMAC secret, with the keyed hash states precomputed.
#[derive(Clone)]
pub(crate) struct HmacKey {
    len: usize,
    s256: Core<sha2::Sha256>,
    s384: Core<sha2::Sha384>,
    s512: Core<sha2::Sha512>,
}

/// The keyed state of `Hmac<D>`: inner and outer hash cores, each having absorbed one block
/// (the padded key XOR ipad / opad), without `Hmac`'s message buffer.
type Core<D> = hmac::block_api::HmacCore<D>;

/// Keys the HMAC core with `secret`. HMAC takes keys of any length (longer than a block:
/// hashed first), so this cannot fail; the error is mapped rather than unwrapped.
fn keyed<D: hmac::EagerHash>(secret: &[u8]) -> Result<Core<D>, Error> {
    Core::<D>::new_from_slice(secret).map_err(|_| Error::InvalidKey)
}

/// A fresh `Hmac<D>` from a stored keyed core and an empty buffer, ready for the message.
fn resume<D: hmac::EagerHash>(core: &Core<D>) -> hmac::Hmac<D> {
    hmac::Hmac::<D>::compose(core.clone(), Default::default())
}

impl HmacKey {
    /// Keys the three HMAC states with `secret` (its raw bytes).
    ///
    /// # Errors
    /// [`Error::WeakKey`] below 32 bytes; [`Error::TooLarge`] above
    /// [`MAX_HMAC_SECRET_LEN`].
    pub(crate) fn new(secret: &[u8]) -> Result<Self, Error> {
        let len = secret.len();
        if len < MIN_HMAC_SECRET_LEN {
            return Err(Error::WeakKey);
        }
        if len > MAX_HMAC_SECRET_LEN {
            return Err(Error::TooLarge);
        }
        Ok(HmacKey {
            len,
            s256: keyed::<sha2::Sha256>(secret)?,
            s384: keyed::<sha2::Sha384>(secret)?,
            s512: keyed::<sha2::Sha512>(secret)?,
        })
    }

    /// Length of the secret in bytes.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Checks `tag`, which must be the full HMAC output for `hash` (JWS never truncates),
    /// in constant time.
    ///
    /// # Errors
    /// [`Error::BadSignature`] for a tag of the wrong length or value.
    pub(crate) fn verify(&self, hash: HashAlg, msg: &[u8], tag: &[u8]) -> Result<(), Error> {
        if tag.len() != hash.len() {
            return Err(Error::BadSignature);
        }
        // `verify_slice` also demands the exact output length and compares with `subtle`.
        let result = match hash {
            HashAlg::Sha256 => resume(&self.s256).chain_update(msg).verify_slice(tag),
            HashAlg::Sha384 => resume(&self.s384).chain_update(msg).verify_slice(tag),
            HashAlg::Sha512 => resume(&self.s512).chain_update(msg).verify_slice(tag),
        };
        result.map_err(|_| Error::BadSignature)
    }
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

    const MSG: &[u8] = b"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0";

    fn tag(hash: HashAlg, key: &[u8], msg: &[u8]) -> ([u8; 64], usize) {
        let mut out = [0u8; 64];
        match hash {
            HashAlg::Sha256 => out[..32].copy_from_slice(
                &hmac::Hmac::<sha2::Sha256>::new_from_slice(key)
                    .unwrap()
                    .chain_update(msg)
                    .finalize()
                    .into_bytes(),
            ),
            HashAlg::Sha384 => out[..48].copy_from_slice(
                &hmac::Hmac::<sha2::Sha384>::new_from_slice(key)
                    .unwrap()
                    .chain_update(msg)
                    .finalize()
                    .into_bytes(),
            ),
            HashAlg::Sha512 => out.copy_from_slice(
                &hmac::Hmac::<sha2::Sha512>::new_from_slice(key)
                    .unwrap()
                    .chain_update(msg)
                    .finalize()
                    .into_bytes(),
            ),
        }
        (out, hash.len())
    }

    #[test]
    fn rfc4231_case_6_long_key() {
        // RFC 4231 test case 6 (131-byte key 0xaa.., longer than a block: hashed first).
        let key = [0xaau8; 131];
        let msg = b"Test Using Larger Than Block-Size Key - Hash Key First";
        let k = HmacKey::new(&key).unwrap();
        let t256 = hex(b"60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
        assert_eq!(k.verify(HashAlg::Sha256, msg, &t256), Ok(()));
        let (t, n) = tag(HashAlg::Sha512, &key, msg);
        assert_eq!(
            &t[..8],
            &[0x80, 0xb2, 0x42, 0x63, 0xc7, 0xc1, 0xa3, 0xeb],
            "RFC 4231 case 6, HMAC-SHA-512 prefix"
        );
        assert_eq!(k.verify(HashAlg::Sha512, msg, &t[..n]), Ok(()));
    }

    fn hex(s: &[u8]) -> [u8; 32] {
        let mut out = [0u8; 32];
        for (i, o) in out.iter_mut().enumerate() {
            let pair = core::str::from_utf8(&s[2 * i..2 * i + 2]).unwrap();
            *o = u8::from_str_radix(pair, 16).unwrap();
        }
        out
    }

    #[test]
    fn round_trip_all_hashes_and_reuse() {
        let secret = [0x5au8; 64];
        let k = HmacKey::new(&secret).unwrap();
        assert_eq!(k.len(), 64);
        for hash in [HashAlg::Sha256, HashAlg::Sha384, HashAlg::Sha512] {
            let (t, n) = tag(hash, &secret, MSG);
            // Twice: the precomputed state must not be consumed by a verification.
            assert_eq!(k.verify(hash, MSG, &t[..n]), Ok(()));
            assert_eq!(k.verify(hash, MSG, &t[..n]), Ok(()));
            assert_eq!(k.verify(hash, b"other", &t[..n]), Err(Error::BadSignature));
            let mut bad = t;
            bad[n - 1] ^= 1;
            assert_eq!(k.verify(hash, MSG, &bad[..n]), Err(Error::BadSignature));
        }
    }

    #[test]
    fn secret_length_limits() {
        assert!(matches!(HmacKey::new(&[]), Err(Error::WeakKey)));
        assert!(matches!(HmacKey::new(&[7u8; 31]), Err(Error::WeakKey)));
        assert_eq!(HmacKey::new(&[7u8; 32]).unwrap().len(), 32);
        assert_eq!(
            HmacKey::new(&[7u8; MAX_HMAC_SECRET_LEN]).unwrap().len(),
            MAX_HMAC_SECRET_LEN
        );
        assert!(matches!(
            HmacKey::new(&[7u8; MAX_HMAC_SECRET_LEN + 1]),
            Err(Error::TooLarge)
        ));
    }

    #[test]
    fn truncated_or_extended_tag_is_bad_signature() {
        let secret = [0x42u8; 64];
        let k = HmacKey::new(&secret).unwrap();
        for hash in [HashAlg::Sha256, HashAlg::Sha384, HashAlg::Sha512] {
            let (t, n) = tag(hash, &secret, MSG);
            assert_eq!(k.verify(hash, MSG, &t[..n / 2]), Err(Error::BadSignature));
            assert_eq!(k.verify(hash, MSG, &t[..n - 1]), Err(Error::BadSignature));
            assert_eq!(k.verify(hash, MSG, &[]), Err(Error::BadSignature));
            let mut ext = [0u8; 65];
            ext[..n].copy_from_slice(&t[..n]);
            assert_eq!(k.verify(hash, MSG, &ext[..=n]), Err(Error::BadSignature));
        }
        // A SHA-256 tag offered for SHA-512 (right length for neither check).
        let (t, _) = tag(HashAlg::Sha256, &secret, MSG);
        assert_eq!(
            k.verify(HashAlg::Sha512, MSG, &t[..32]),
            Err(Error::BadSignature)
        );
    }

    #[test]
    fn key_wrapper_enforces_hash_length_minimum() {
        let s32 = [0x11u8; 32];
        let key = Key::hmac(&s32).unwrap();
        let (t, n) = tag(HashAlg::Sha256, &s32, MSG);
        assert_eq!(key.verify(Alg::HS256, MSG, &t[..n]), Ok(()));
        let (t, n) = tag(HashAlg::Sha384, &s32, MSG);
        assert_eq!(key.verify(Alg::HS384, MSG, &t[..n]), Err(Error::WeakKey));
        let (t, n) = tag(HashAlg::Sha512, &s32, MSG);
        assert_eq!(key.verify(Alg::HS512, MSG, &t[..n]), Err(Error::WeakKey));
        assert_eq!(
            key.verify(Alg::ES256, MSG, &t[..n]),
            Err(Error::KeyMismatch)
        );

        let s48 = [0x22u8; 48];
        let key = Key::hmac(&s48).unwrap();
        let (t, n) = tag(HashAlg::Sha384, &s48, MSG);
        assert_eq!(key.verify(Alg::HS384, MSG, &t[..n]), Ok(()));
        let (t, n) = tag(HashAlg::Sha512, &s48, MSG);
        assert_eq!(key.verify(Alg::HS512, MSG, &t[..n]), Err(Error::WeakKey));

        let s64 = [0x33u8; 64];
        let key = Key::hmac(&s64).unwrap();
        let (t, n) = tag(HashAlg::Sha512, &s64, MSG);
        assert_eq!(key.verify(Alg::HS512, MSG, &t[..n]), Ok(()));

        assert!(matches!(Key::hmac(&[0u8; 16]), Err(Error::WeakKey)));
    }

    #[test]
    fn debug_never_shows_the_secret() {
        extern crate std;
        let key = Key::hmac(b"super-secret-value-0123456789abcdef").unwrap();
        let s = std::format!("{key:?}");
        assert!(!s.contains("super"), "{s}");
        assert!(!s.contains("0x73"), "{s}");
    }
}
