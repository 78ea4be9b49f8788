//! The elliptic curves of ECDSA keys: a name for every build, whatever curves it implements.

/// An elliptic curve for ECDSA keys (JWK `crv`, RFC 7518 §6.2.1.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Curve {
    /// NIST P-256 (`"P-256"`), for ES256.
    P256,
    /// NIST P-384 (`"P-384"`), for ES384.
    P384,
    /// NIST P-521 (`"P-521"`), for ES512.
    P521,
}

impl Curve {
    /// Length in bytes of one coordinate, and of `r` and `s` in a signature.
    #[must_use]
    pub const fn coordinate_len(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }
}
