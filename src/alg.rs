//! JWS signature algorithms (RFC 7518 §3, RFC 8037, RFC 9864) and allow-lists of them.

use core::fmt;

use sha2::Digest as _;

/// A JWS `alg` value this crate knows. Names are matched case-sensitively (RFC 7515 §4.1.1).
///
/// `none` is deliberately not a variant: an unsecured JWS never verifies.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Alg {
    /// HMAC with SHA-256.
    HS256,
    /// HMAC with SHA-384.
    HS384,
    /// HMAC with SHA-512.
    HS512,
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    RS256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    RS384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    RS512,
    /// RSASSA-PSS with SHA-256, MGF1 with SHA-256, salt length 32.
    PS256,
    /// RSASSA-PSS with SHA-384, MGF1 with SHA-384, salt length 48.
    PS384,
    /// RSASSA-PSS with SHA-512, MGF1 with SHA-512, salt length 64.
    PS512,
    /// ECDSA on P-256 with SHA-256, signature `r || s` of 64 bytes.
    ES256,
    /// ECDSA on P-384 with SHA-384, signature `r || s` of 96 bytes.
    ES384,
    /// ECDSA on P-521 with SHA-512, signature `r || s` of 132 bytes.
    ES512,
    /// EdDSA (RFC 8037); this crate verifies it with Ed25519 keys only.
    EdDSA,
    /// Ed25519 by its fully-specified name (RFC 9864).
    Ed25519,
}

/// The hash function an algorithm uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HashAlg {
    Sha256,
    Sha384,
    Sha512,
}

impl HashAlg {
    /// Output length in bytes.
    pub(crate) const fn len(self) -> usize {
        match self {
            HashAlg::Sha256 => 32,
            HashAlg::Sha384 => 48,
            HashAlg::Sha512 => 64,
        }
    }

    /// Hashes `msg`; the digest is the first [`HashAlg::len`] bytes of the result.
    pub(crate) fn digest(self, msg: &[u8]) -> DigestBuf {
        let mut out = [0u8; 64];
        match self {
            HashAlg::Sha256 => copy_prefix(&mut out, &sha2::Sha256::digest(msg)),
            HashAlg::Sha384 => copy_prefix(&mut out, &sha2::Sha384::digest(msg)),
            HashAlg::Sha512 => copy_prefix(&mut out, &sha2::Sha512::digest(msg)),
        }
        DigestBuf {
            bytes: out,
            len: self.len(),
        }
    }
}

fn copy_prefix(dst: &mut [u8; 64], src: &[u8]) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d = *s;
    }
}

/// A message digest of up to 64 bytes, on the stack.
#[derive(Clone, Copy)]
pub(crate) struct DigestBuf {
    bytes: [u8; 64],
    len: usize,
}

impl DigestBuf {
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or(&[])
    }
}

impl Alg {
    /// Every algorithm, in a fixed order (the bit order of [`AlgSet`]).
    pub const ALL: [Alg; 14] = [
        Alg::HS256,
        Alg::HS384,
        Alg::HS512,
        Alg::RS256,
        Alg::RS384,
        Alg::RS512,
        Alg::PS256,
        Alg::PS384,
        Alg::PS512,
        Alg::ES256,
        Alg::ES384,
        Alg::ES512,
        Alg::EdDSA,
        Alg::Ed25519,
    ];

    /// The registered JWS name, e.g. `"RS256"`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Alg::HS256 => "HS256",
            Alg::HS384 => "HS384",
            Alg::HS512 => "HS512",
            Alg::RS256 => "RS256",
            Alg::RS384 => "RS384",
            Alg::RS512 => "RS512",
            Alg::PS256 => "PS256",
            Alg::PS384 => "PS384",
            Alg::PS512 => "PS512",
            Alg::ES256 => "ES256",
            Alg::ES384 => "ES384",
            Alg::ES512 => "ES512",
            Alg::EdDSA => "EdDSA",
            Alg::Ed25519 => "Ed25519",
        }
    }

    /// Parses a JWS `alg` name, case-sensitively.
    ///
    /// # Errors
    /// [`Error::UnsupportedAlg`](crate::Error::UnsupportedAlg) for `none` and every name that
    /// is not a variant of [`Alg`].
    pub fn from_name(name: &[u8]) -> Result<Alg, crate::Error> {
        // A match on the bytes: a few word compares, where a search of `ALL` made up to
        // fourteen calls to `memcmp` per token. `names_round_trip_and_are_case_sensitive` keeps it in step with
        // `name`.
        Ok(match name {
            b"HS256" => Alg::HS256,
            b"HS384" => Alg::HS384,
            b"HS512" => Alg::HS512,
            b"RS256" => Alg::RS256,
            b"RS384" => Alg::RS384,
            b"RS512" => Alg::RS512,
            b"PS256" => Alg::PS256,
            b"PS384" => Alg::PS384,
            b"PS512" => Alg::PS512,
            b"ES256" => Alg::ES256,
            b"ES384" => Alg::ES384,
            b"ES512" => Alg::ES512,
            b"EdDSA" => Alg::EdDSA,
            b"Ed25519" => Alg::Ed25519,
            _ => return Err(crate::Error::UnsupportedAlg),
        })
    }

    /// True for the HMAC algorithms, whose keys are shared secrets.
    #[must_use]
    pub const fn is_symmetric(self) -> bool {
        matches!(self, Alg::HS256 | Alg::HS384 | Alg::HS512)
    }

    /// The hash function the algorithm applies to the signing input. Ed25519 hashes
    /// internally (SHA-512 inside the scheme), reported here as SHA-512.
    pub(crate) const fn hash(self) -> HashAlg {
        match self {
            Alg::HS256 | Alg::RS256 | Alg::PS256 | Alg::ES256 => HashAlg::Sha256,
            Alg::HS384 | Alg::RS384 | Alg::PS384 | Alg::ES384 => HashAlg::Sha384,
            Alg::HS512 | Alg::RS512 | Alg::PS512 | Alg::ES512 | Alg::EdDSA | Alg::Ed25519 => {
                HashAlg::Sha512
            }
        }
    }

    const fn bit(self) -> u16 {
        match self {
            Alg::HS256 => 1 << 0,
            Alg::HS384 => 1 << 1,
            Alg::HS512 => 1 << 2,
            Alg::RS256 => 1 << 3,
            Alg::RS384 => 1 << 4,
            Alg::RS512 => 1 << 5,
            Alg::PS256 => 1 << 6,
            Alg::PS384 => 1 << 7,
            Alg::PS512 => 1 << 8,
            Alg::ES256 => 1 << 9,
            Alg::ES384 => 1 << 10,
            Alg::ES512 => 1 << 11,
            Alg::EdDSA => 1 << 12,
            Alg::Ed25519 => 1 << 13,
        }
    }
}

impl fmt::Display for Alg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A set of algorithms: the caller's allow-list (RFC 8725 §3.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct AlgSet(u16);

impl AlgSet {
    /// No algorithm.
    pub const EMPTY: AlgSet = AlgSet(0);
    /// Every asymmetric algorithm: RS*, PS*, ES*, EdDSA/Ed25519. The default allow-list.
    pub const ASYMMETRIC: AlgSet = AlgSet(0x3FF8);
    /// The HMAC algorithms HS256, HS384, HS512.
    pub const SYMMETRIC: AlgSet = AlgSet(0x0007);
    /// Every algorithm.
    pub const ALL: AlgSet = AlgSet(0x3FFF);

    /// The set holding just `alg`.
    #[must_use]
    pub const fn only(alg: Alg) -> AlgSet {
        AlgSet(alg.bit())
    }

    /// This set with `alg` added.
    #[must_use]
    pub const fn with(self, alg: Alg) -> AlgSet {
        AlgSet(self.0 | alg.bit())
    }

    /// This set with `alg` removed.
    #[must_use]
    pub const fn without(self, alg: Alg) -> AlgSet {
        AlgSet(self.0 & !alg.bit())
    }

    /// The union of two sets.
    #[must_use]
    pub const fn union(self, other: AlgSet) -> AlgSet {
        AlgSet(self.0 | other.0)
    }

    /// True if `alg` is in the set.
    #[must_use]
    pub const fn contains(self, alg: Alg) -> bool {
        self.0 & alg.bit() != 0
    }

    /// True if the set is empty.
    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The raw bits (stable: bit `n` is the `n`-th algorithm of [`Alg::ALL`]), as used by the
    /// C API's `IDGATE_ALG_*` constants.
    #[must_use]
    pub const fn bits(self) -> u16 {
        self.0
    }

    /// The set with these raw bits (see [`AlgSet::bits`]); unknown bits are dropped.
    #[must_use]
    pub const fn from_bits(bits: u16) -> AlgSet {
        AlgSet(bits & AlgSet::ALL.0)
    }

    /// The algorithms in the set, in [`Alg::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Alg> {
        Alg::ALL.into_iter().filter(move |a| self.contains(*a))
    }
}

impl FromIterator<Alg> for AlgSet {
    fn from_iter<I: IntoIterator<Item = Alg>>(iter: I) -> Self {
        iter.into_iter().fold(AlgSet::EMPTY, AlgSet::with)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    #[test]
    fn names_round_trip_and_are_case_sensitive() {
        for a in Alg::ALL {
            assert_eq!(Alg::from_name(a.name().as_bytes()), Ok(a));
        }
        assert_eq!(Alg::from_name(b"hs256"), Err(Error::UnsupportedAlg));
        assert_eq!(Alg::from_name(b"none"), Err(Error::UnsupportedAlg));
        assert_eq!(Alg::from_name(b"None"), Err(Error::UnsupportedAlg));
        assert_eq!(Alg::from_name(b""), Err(Error::UnsupportedAlg));
        assert_eq!(Alg::from_name(b"RS256 "), Err(Error::UnsupportedAlg));
    }

    #[test]
    fn sets() {
        let all: AlgSet = Alg::ALL.into_iter().collect();
        assert_eq!(all, AlgSet::ALL);
        assert_eq!(AlgSet::ASYMMETRIC.union(AlgSet::SYMMETRIC), AlgSet::ALL);
        for a in Alg::ALL {
            assert_eq!(AlgSet::ASYMMETRIC.contains(a), !a.is_symmetric());
            assert!(!AlgSet::ALL.without(a).contains(a));
        }
        assert_eq!(AlgSet::only(Alg::ES256).iter().count(), 1);
        for (i, a) in Alg::ALL.into_iter().enumerate() {
            assert_eq!(AlgSet::only(a).bits(), 1 << i);
            assert_eq!(AlgSet::from_bits(1 << i), AlgSet::only(a));
        }
        assert_eq!(AlgSet::from_bits(0xFFFF), AlgSet::ALL);
    }

    #[test]
    fn digests() {
        assert_eq!(HashAlg::Sha256.digest(b"abc").as_bytes().len(), 32);
        assert_eq!(HashAlg::Sha384.digest(b"abc").as_bytes().len(), 48);
        assert_eq!(
            HashAlg::Sha512.digest(b"abc").as_bytes().get(..4),
            Some(&[0xdd, 0xaf, 0x35, 0xa1][..])
        );
    }
}
