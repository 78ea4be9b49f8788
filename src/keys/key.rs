//! One public key (or HMAC secret), ready to verify: the material is decoded and validated
//! once, when the key is built, and everything verification needs is precomputed.

use crate::alg::Alg;
use crate::error::Error;
use crate::keys::curve::Curve;
#[cfg(any(feature = "rsa", feature = "hmac"))]
use crate::keys::hash::HashAlg;

/// What kind of key a [`Key`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum KeyKind {
    /// An RSA public key of this many modulus bits.
    Rsa {
        /// Modulus size in bits.
        bits: u16,
    },
    /// An ECDSA public key on this curve.
    Ec(Curve),
    /// An Ed25519 public key.
    Ed25519,
    /// An HMAC secret.
    Hmac,
}

/// A verification key: an RSA, EC or Ed25519 public key, or an HMAC secret.
///
/// Keys are immutable once built, `Send` and `Sync`, and hold no pointers: a key set can live
/// in a `static` or in memory provided by C.
#[derive(Clone)]
pub struct Key {
    pub(crate) material: Material,
}

// Variants differ in size (an RSA-4096 key is largest); with no heap there is nothing to box
// them into, and a key set holds them inline by design.
#[allow(clippy::large_enum_variant)]
#[derive(Clone)]
pub(crate) enum Material {
    /// No key yet: what a key set's slot holds while its key is built there, in place (a key
    /// is up to 1 KiB, so it is never built elsewhere and moved in). A slot whose key fails
    /// to build is emptied again; no key the API hands out is ever `Empty`.
    Empty,
    #[cfg(feature = "rsa")]
    Rsa(crate::keys::rsa::RsaPublicKey),
    #[cfg(feature = "_ec")]
    Ec(crate::keys::ec::EcPublicKey),
    #[cfg(feature = "eddsa")]
    Ed25519(crate::keys::ed25519::Ed25519PublicKey),
    #[cfg(feature = "hmac")]
    Hmac(crate::keys::hmac::HmacKey),
}

impl core::fmt::Debug for Key {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Never print key material (an HMAC secret is a secret).
        f.debug_struct("Key").field("kind", &self.kind()).finish()
    }
}

impl Key {
    /// No key (see [`Material::Empty`]): the state a key is built from in place.
    pub(crate) const EMPTY: Key = Key {
        material: Material::Empty,
    };

    /// [`Key::EMPTY`] as a value written where it is used (a constant of a key's size would
    /// be copied from flash, all 1 KiB of it; this writes the variant's tag alone).
    #[inline(always)]
    pub(crate) fn empty() -> Key {
        Key {
            material: Material::Empty,
        }
    }

    /// Makes this key [`Material::Empty`], in place (the tag alone is written).
    pub(crate) fn clear(&mut self) {
        self.material = Material::Empty;
    }

    /// True for [`Material::Empty`].
    pub(crate) fn is_empty(&self) -> bool {
        matches!(self.material, Material::Empty)
    }

    /// An RSA public key from its big-endian modulus `n` and exponent `e` (leading zero bytes
    /// are ignored). Montgomery parameters are computed here, once.
    ///
    /// # Errors
    /// [`Error::WeakKey`] below [`MIN_RSA_BITS`](crate::limits::MIN_RSA_BITS);
    /// [`Error::InvalidKey`] above [`MAX_RSA_BITS`](crate::limits::MAX_RSA_BITS), for an even
    /// modulus, or for `e` even, 1, or longer than
    /// [`MAX_RSA_EXPONENT_LEN`](crate::limits::MAX_RSA_EXPONENT_LEN);
    /// [`Error::UnsupportedAlg`] if this build has no RSA.
    pub fn rsa(n: &[u8], e: &[u8]) -> Result<Key, Error> {
        let mut key = Key::empty();
        key.init_rsa(n, e)?;
        Ok(key)
    }

    /// An ECDSA public key from its affine coordinates, each exactly
    /// [`Curve::coordinate_len`] bytes, big-endian (RFC 7518 §6.2.1.2-3).
    ///
    /// # Errors
    /// [`Error::InvalidKey`] if a coordinate has the wrong length or the point is not on the
    /// curve (or is the identity); [`Error::UnsupportedAlg`] if this build has no ECDSA.
    pub fn ec(curve: Curve, x: &[u8], y: &[u8]) -> Result<Key, Error> {
        let mut key = Key::empty();
        key.init_ec(curve, x, y)?;
        Ok(key)
    }

    /// An Ed25519 public key from its 32-byte encoding (RFC 8037 §2, JWK `x`).
    ///
    /// # Errors
    /// [`Error::InvalidKey`] if it is not 32 bytes or not a valid point encoding;
    /// [`Error::UnsupportedAlg`] if this build has no EdDSA.
    pub fn ed25519(x: &[u8]) -> Result<Key, Error> {
        let mut key = Key::empty();
        key.init_ed25519(x)?;
        Ok(key)
    }

    /// Builds the key of [`Key::rsa`] in `self`, where it is kept (a key set's slot): the key
    /// is never moved. On error `self` holds no usable key; the caller discards it.
    pub(crate) fn init_rsa(&mut self, n: &[u8], e: &[u8]) -> Result<(), Error> {
        #[cfg(feature = "rsa")]
        {
            crate::keys::rsa::RsaPublicKey::init_in(&mut self.material, n, e)
        }
        #[cfg(not(feature = "rsa"))]
        {
            let _ = (n, e);
            Err(Error::UnsupportedAlg)
        }
    }

    /// Builds the key of [`Key::ec`] in `self`, as [`Key::init_rsa`].
    pub(crate) fn init_ec(&mut self, curve: Curve, x: &[u8], y: &[u8]) -> Result<(), Error> {
        #[cfg(feature = "_ec")]
        {
            crate::keys::ec::EcPublicKey::init_in(Some(&mut self.material), curve, x, y)
        }
        #[cfg(not(feature = "_ec"))]
        {
            let _ = (curve, x, y);
            Err(Error::UnsupportedAlg)
        }
    }

    /// Builds the key of [`Key::ed25519`] in `self`, as [`Key::init_rsa`].
    pub(crate) fn init_ed25519(&mut self, x: &[u8]) -> Result<(), Error> {
        #[cfg(feature = "eddsa")]
        {
            self.material = Material::Ed25519(crate::keys::ed25519::Ed25519PublicKey::new(x)?);
            Ok(())
        }
        #[cfg(not(feature = "eddsa"))]
        {
            let _ = x;
            Err(Error::UnsupportedAlg)
        }
    }

    /// An HMAC secret for HS256/HS384/HS512, such as an OIDC `client_secret` (its raw bytes).
    ///
    /// Each HS algorithm then demands a secret at least as long as its hash output
    /// (RFC 7518 §3.2): a 32-byte secret verifies HS256 but not HS384.
    ///
    /// # Errors
    /// [`Error::WeakKey`] below 32 bytes; [`Error::TooLarge`] above
    /// [`MAX_HMAC_SECRET_LEN`](crate::limits::MAX_HMAC_SECRET_LEN);
    /// [`Error::UnsupportedAlg`] if this build has no HMAC.
    pub fn hmac(secret: &[u8]) -> Result<Key, Error> {
        #[cfg(feature = "hmac")]
        {
            crate::keys::hmac::HmacKey::new(secret).map(|k| Key {
                material: Material::Hmac(k),
            })
        }
        #[cfg(not(feature = "hmac"))]
        {
            let _ = secret;
            Err(Error::UnsupportedAlg)
        }
    }

    /// The checks of [`Key::rsa`] without the precomputation, which cannot fail for a key
    /// that passes them: whether (and why not) that key could be built.
    pub(crate) fn check_rsa(n: &[u8], e: &[u8]) -> Result<(), Error> {
        #[cfg(feature = "rsa")]
        {
            crate::keys::rsa::RsaPublicKey::check(n, e)
        }
        #[cfg(not(feature = "rsa"))]
        {
            let _ = (n, e);
            Err(Error::UnsupportedAlg)
        }
    }

    /// The checks of [`Key::ec`] without the precomputation (as [`Key::check_rsa`]).
    pub(crate) fn check_ec(curve: Curve, x: &[u8], y: &[u8]) -> Result<(), Error> {
        #[cfg(feature = "_ec")]
        {
            crate::keys::ec::EcPublicKey::check(curve, x, y)
        }
        #[cfg(not(feature = "_ec"))]
        {
            let _ = (curve, x, y);
            Err(Error::UnsupportedAlg)
        }
    }

    /// The checks of [`Key::ed25519`] (decoding the point is all of its work), the key
    /// dropped.
    pub(crate) fn check_ed25519(x: &[u8]) -> Result<(), Error> {
        #[cfg(feature = "eddsa")]
        {
            crate::keys::ed25519::Ed25519PublicKey::new(x).map(|_| ())
        }
        #[cfg(not(feature = "eddsa"))]
        {
            let _ = x;
            Err(Error::UnsupportedAlg)
        }
    }

    /// What kind of key this is.
    #[must_use]
    pub fn kind(&self) -> KeyKind {
        match &self.material {
            #[cfg(feature = "rsa")]
            Material::Rsa(k) => KeyKind::Rsa { bits: k.bits() },
            #[cfg(feature = "_ec")]
            Material::Ec(k) => KeyKind::Ec(k.curve()),
            #[cfg(feature = "eddsa")]
            Material::Ed25519(_) => KeyKind::Ed25519,
            #[cfg(feature = "hmac")]
            Material::Hmac(_) => KeyKind::Hmac,
            // Never handed out (see `Material::Empty`); were it, it would be what no token
            // of the JWKS algorithms fits.
            Material::Empty => KeyKind::Hmac,
        }
    }

    /// True if `alg` can be verified with this key's type: RS*/PS* with RSA, ES256 with P-256,
    /// ES384 with P-384, ES512 with P-521, EdDSA/Ed25519 with Ed25519, HS* with an HMAC secret
    /// long enough for the hash. This is the guard against algorithm confusion (RFC 8725 §2.1).
    #[must_use]
    pub fn fits(&self, alg: Alg) -> bool {
        match &self.material {
            #[cfg(feature = "rsa")]
            Material::Rsa(_) => matches!(
                alg,
                Alg::RS256 | Alg::RS384 | Alg::RS512 | Alg::PS256 | Alg::PS384 | Alg::PS512
            ),
            #[cfg(feature = "_ec")]
            Material::Ec(k) => matches!(
                (k.curve(), alg),
                (Curve::P256, Alg::ES256) | (Curve::P384, Alg::ES384) | (Curve::P521, Alg::ES512)
            ),
            #[cfg(feature = "eddsa")]
            Material::Ed25519(_) => matches!(alg, Alg::EdDSA | Alg::Ed25519),
            #[cfg(feature = "hmac")]
            Material::Hmac(k) => alg.is_symmetric() && k.len() >= HashAlg::of(alg).len(),
            Material::Empty => false,
        }
    }

    /// Verifies `signature` over `signing_input` with `alg` and this key: the JWS primitive
    /// (RFC 7515 §5.2 step 8) without any parsing. `signing_input` is `header.payload` exactly
    /// as it appears in the token.
    ///
    /// # Errors
    /// [`Error::KeyMismatch`] if `alg` does not fit the key (see [`Key::fits`]);
    /// [`Error::WeakKey`] for an HMAC secret shorter than the hash;
    /// [`Error::BadSignature`] if the signature has the wrong length or encoding or does not
    /// verify.
    pub fn verify(&self, alg: Alg, signing_input: &[u8], signature: &[u8]) -> Result<(), Error> {
        if !self.fits(alg) {
            #[cfg(feature = "hmac")]
            if let Material::Hmac(_) = &self.material
                && alg.is_symmetric()
            {
                return Err(Error::WeakKey);
            }
            return Err(Error::KeyMismatch);
        }
        match &self.material {
            #[cfg(feature = "rsa")]
            Material::Rsa(k) => match alg {
                Alg::RS256 | Alg::RS384 | Alg::RS512 => {
                    k.verify_pkcs1v15(HashAlg::of(alg), signing_input, signature)
                }
                _ => k.verify_pss(HashAlg::of(alg), signing_input, signature),
            },
            #[cfg(feature = "_ec")]
            Material::Ec(k) => k.verify(signing_input, signature),
            #[cfg(feature = "eddsa")]
            Material::Ed25519(k) => k.verify(signing_input, signature),
            #[cfg(feature = "hmac")]
            Material::Hmac(k) => k.verify(HashAlg::of(alg), signing_input, signature),
            Material::Empty => Err(Error::KeyMismatch),
        }
    }
}
