//! JWS signature algorithms (RFC 7518 §3, RFC 8037, RFC 9864) and allow-lists of them, from
//! one table.

use core::fmt;

use crate::error::Error;

/// The table of algorithms: per row the variant's documentation, the variant, its bit in
/// [`AlgSet`] (stable: shared with the C API), its registered name (matched case-sensitively,
/// RFC 7515 §4.1.1) and the name of its C constant.
///
/// Replayed into `define_algs!` below and into the C API's compile-time checks. Not a public
/// API.
#[doc(hidden)]
#[macro_export]
macro_rules! __alg_table {
    ($callback:ident) => {
        $callback! {
            /// HMAC with SHA-256.
            HS256 = 0, b"HS256", IDGATE_ALG_HS256;
            /// HMAC with SHA-384.
            HS384 = 1, b"HS384", IDGATE_ALG_HS384;
            /// HMAC with SHA-512.
            HS512 = 2, b"HS512", IDGATE_ALG_HS512;
            /// RSASSA-PKCS1-v1_5 with SHA-256.
            RS256 = 3, b"RS256", IDGATE_ALG_RS256;
            /// RSASSA-PKCS1-v1_5 with SHA-384.
            RS384 = 4, b"RS384", IDGATE_ALG_RS384;
            /// RSASSA-PKCS1-v1_5 with SHA-512.
            RS512 = 5, b"RS512", IDGATE_ALG_RS512;
            /// RSASSA-PSS with SHA-256, MGF1 with SHA-256, salt length 32.
            PS256 = 6, b"PS256", IDGATE_ALG_PS256;
            /// RSASSA-PSS with SHA-384, MGF1 with SHA-384, salt length 48.
            PS384 = 7, b"PS384", IDGATE_ALG_PS384;
            /// RSASSA-PSS with SHA-512, MGF1 with SHA-512, salt length 64.
            PS512 = 8, b"PS512", IDGATE_ALG_PS512;
            /// ECDSA on P-256 with SHA-256, signature `r || s` of 64 bytes.
            ES256 = 9, b"ES256", IDGATE_ALG_ES256;
            /// ECDSA on P-384 with SHA-384, signature `r || s` of 96 bytes.
            ES384 = 10, b"ES384", IDGATE_ALG_ES384;
            /// ECDSA on P-521 with SHA-512, signature `r || s` of 132 bytes.
            ES512 = 11, b"ES512", IDGATE_ALG_ES512;
            /// EdDSA (RFC 8037); this crate verifies it with Ed25519 keys only.
            EdDSA = 12, b"EdDSA", IDGATE_ALG_EDDSA;
            /// Ed25519 by its fully-specified name (RFC 9864).
            Ed25519 = 13, b"Ed25519", IDGATE_ALG_ED25519;
        }
    };
}

macro_rules! define_algs {
    ($(
        $(#[$doc:meta])*
        $variant:ident = $bit:literal, $name:literal, $c_name:ident;
    )*) => {
        /// A JWS `alg` value this crate knows. Names are matched case-sensitively
        /// (RFC 7515 §4.1.1).
        ///
        /// `none` is deliberately not a variant: an unsecured JWS never verifies.
        ///
        /// ```
        /// use idgate::{Alg, Error};
        /// assert_eq!(Alg::from_name(b"ES256"), Ok(Alg::ES256));
        /// assert_eq!(Alg::ES256.name(), "ES256");
        /// assert_eq!(Alg::from_name(b"none"), Err(Error::UnsupportedAlg));
        /// assert!(Alg::HS256.is_symmetric());
        /// ```
        #[non_exhaustive]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        pub enum Alg {
            $( $(#[$doc])* $variant, )*
        }

        /// How many algorithms there are.
        const ALG_COUNT: usize = [$($bit),*].len();

        impl Alg {
            /// Every algorithm, in a fixed order (the bit order of [`AlgSet`]).
            pub const ALL: [Alg; ALG_COUNT] = [$(Alg::$variant),*];

            /// The registered JWS name, e.g. `"RS256"`.
            #[must_use]
            pub const fn name(self) -> &'static str {
                match self {
                    $(Alg::$variant => match core::str::from_utf8($name) {
                        Ok(name) => name,
                        Err(_) => "",
                    },)*
                }
            }

            /// Parses a JWS `alg` name, case-sensitively.
            ///
            /// # Errors
            /// [`Error::UnsupportedAlg`] for `none` and every name that is not a variant of
            /// [`Alg`].
            pub fn from_name(name: &[u8]) -> Result<Alg, Error> {
                // A match on byte-string patterns: a few word compares, no `memcmp` call.
                Ok(match name {
                    $($name => Alg::$variant,)*
                    _ => return Err(Error::UnsupportedAlg),
                })
            }

            const fn bit(self) -> u16 {
                match self {
                    $(Alg::$variant => 1 << $bit,)*
                }
            }
        }
    };
}

__alg_table!(define_algs);

impl Alg {
    /// True for the HMAC algorithms, whose keys are shared secrets.
    #[must_use]
    pub const fn is_symmetric(self) -> bool {
        matches!(self, Alg::HS256 | Alg::HS384 | Alg::HS512)
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
    pub const ASYMMETRIC: AlgSet = AlgSet(all_bits() & !AlgSet::SYMMETRIC.0);
    /// The HMAC algorithms HS256, HS384, HS512.
    pub const SYMMETRIC: AlgSet = AlgSet(Alg::HS256.bit() | Alg::HS384.bit() | Alg::HS512.bit());
    /// Every algorithm.
    pub const ALL: AlgSet = AlgSet(all_bits());

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

/// The bits of every algorithm of the table.
const fn all_bits() -> u16 {
    let mut bits = 0;
    let mut rest: &[Alg] = &Alg::ALL;
    while let Some((alg, tail)) = rest.split_first() {
        bits |= alg.bit();
        rest = tail;
    }
    bits
}

impl FromIterator<Alg> for AlgSet {
    fn from_iter<I: IntoIterator<Item = Alg>>(iter: I) -> Self {
        iter.into_iter().fold(AlgSet::EMPTY, AlgSet::with)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
