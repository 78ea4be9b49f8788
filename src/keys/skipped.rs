//! The JWKs a load skipped, remembered with their reason, so that a token naming one is
//! refused for that reason instead of as an unknown `kid` (which a host treats as its cue to
//! refetch the JWKS, and would refetch for ever).

use crate::error::Error;
use crate::keys::jwk::Kid;

/// Why [`KeySet::load_jwks`](crate::KeySet::load_jwks) skipped a JWK.
///
/// Each reason has a stable snake_case code ([`SkipReason::code`]) and number
/// ([`SkipReason::number`], the C API's `IDGATE_SKIP_*`). A token whose `kid` names a skipped
/// key is refused with [`SkipReason::token_error`], never [`Error::UnknownKid`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum SkipReason {
    /// `weak`: an RSA modulus below [`MIN_RSA_BITS`](crate::limits::MIN_RSA_BITS)
    /// (RFC 7518 §3.3, RFC 8725 §3.5).
    Weak = 1,
    /// `unsupported_kty`: a key type this build cannot verify with, or `oct` (HMAC secrets are
    /// never taken from a JWKS; see [`KeySet::add_hmac`](crate::KeySet::add_hmac)).
    UnsupportedKty = 2,
    /// `unsupported_crv`: a curve this build cannot verify with (X25519, secp256k1, ...).
    UnsupportedCrv = 3,
    /// `unsupported_alg`: a JWK `alg` that is unknown, `none`, or not built in.
    UnsupportedAlg = 4,
    /// `alg_mismatch`: the JWK's own `alg` does not fit its key (RSA key with `alg` ES256, an
    /// RSA `alg` on an EC key, ...).
    AlgMismatch = 5,
    /// `not_for_signature`: `use` other than `sig` (RFC 7517 §4.2).
    NotForSignature = 6,
    /// `no_verify_op`: `key_ops` without `verify` (RFC 7517 §4.3).
    NoVerifyOp = 7,
    /// `malformed`: not a JSON object, a missing member (`kty`, `crv`, `n`, ...) or a member
    /// of the wrong JSON type or encoding.
    Malformed = 8,
    /// `invalid_key`: key material that is not a valid key (even RSA modulus, point not on
    /// the curve, RSA above [`MAX_RSA_BITS`](crate::limits::MAX_RSA_BITS), ...).
    InvalidKey = 9,
    /// `kid_too_long`: a `kid` over [`MAX_KID_LEN`](crate::limits::MAX_KID_LEN) bytes (the
    /// record then has no `kid`).
    KidTooLong = 10,
}

impl SkipReason {
    /// Every reason, in the order of their numbers.
    pub const ALL: [SkipReason; 10] = [
        SkipReason::Weak,
        SkipReason::UnsupportedKty,
        SkipReason::UnsupportedCrv,
        SkipReason::UnsupportedAlg,
        SkipReason::AlgMismatch,
        SkipReason::NotForSignature,
        SkipReason::NoVerifyOp,
        SkipReason::Malformed,
        SkipReason::InvalidKey,
        SkipReason::KidTooLong,
    ];

    /// The stable snake_case code, e.g. `"weak"`.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            SkipReason::Weak => "weak",
            SkipReason::UnsupportedKty => "unsupported_kty",
            SkipReason::UnsupportedCrv => "unsupported_crv",
            SkipReason::UnsupportedAlg => "unsupported_alg",
            SkipReason::AlgMismatch => "alg_mismatch",
            SkipReason::NotForSignature => "not_for_signature",
            SkipReason::NoVerifyOp => "no_verify_op",
            SkipReason::Malformed => "malformed",
            SkipReason::InvalidKey => "invalid_key",
            SkipReason::KidTooLong => "kid_too_long",
        }
    }

    /// The stable number (the C API's `IDGATE_SKIP_*`), from 1.
    #[must_use]
    pub const fn number(self) -> u32 {
        // Explicit discriminants above; a fieldless enum converts exactly.
        #[allow(clippy::as_conversions)]
        let n = self as u32;
        n
    }

    /// The reason with this number, if any.
    #[must_use]
    pub fn from_number(number: u32) -> Option<SkipReason> {
        SkipReason::ALL.into_iter().find(|r| r.number() == number)
    }

    /// The error a token naming a key skipped for this reason gets:
    ///
    /// | reason | token refused with |
    /// |---|---|
    /// | `weak` | [`Error::WeakKey`] |
    /// | `unsupported_kty`, `unsupported_crv`, `unsupported_alg` | [`Error::UnsupportedAlg`] |
    /// | `alg_mismatch`, `not_for_signature`, `no_verify_op`, `malformed`, `invalid_key`, `kid_too_long` | [`Error::KeyMismatch`] |
    ///
    /// `key_mismatch` is the code for "the key this `kid` names cannot verify this token"; the
    /// load report says why.
    #[must_use]
    pub const fn token_error(self) -> Error {
        match self {
            SkipReason::Weak => Error::WeakKey,
            SkipReason::UnsupportedKty
            | SkipReason::UnsupportedCrv
            | SkipReason::UnsupportedAlg => Error::UnsupportedAlg,
            SkipReason::AlgMismatch
            | SkipReason::NotForSignature
            | SkipReason::NoVerifyOp
            | SkipReason::Malformed
            | SkipReason::InvalidKey
            | SkipReason::KidTooLong => Error::KeyMismatch,
        }
    }

    /// The error [`KeySet::add_jwk`](crate::KeySet::add_jwk) returns for a JWK it would skip.
    pub(crate) const fn add_error(self) -> Error {
        match self {
            SkipReason::Weak => Error::WeakKey,
            SkipReason::Malformed => Error::Malformed,
            SkipReason::InvalidKey => Error::InvalidKey,
            SkipReason::KidTooLong => Error::TooLarge,
            SkipReason::UnsupportedKty
            | SkipReason::UnsupportedCrv
            | SkipReason::UnsupportedAlg
            | SkipReason::AlgMismatch
            | SkipReason::NotForSignature
            | SkipReason::NoVerifyOp => Error::UnsupportedAlg,
        }
    }
}

impl core::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.code())
    }
}

/// One JWK a load skipped: its `kid` (if it had one of at most
/// [`MAX_KID_LEN`](crate::limits::MAX_KID_LEN) bytes) and why.
///
/// A key set keeps the first [`MAX_SKIPPED_KEYS`](crate::limits::MAX_SKIPPED_KEYS) of them
/// from its last [`KeySet::load_jwks`](crate::KeySet::load_jwks)
/// ([`KeySetView::skipped_keys`](crate::KeySetView::skipped_keys), also in the
/// [`LoadReport`](crate::LoadReport)).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct SkippedKey {
    kid: Option<Kid>,
    reason: SkipReason,
}

impl SkippedKey {
    pub(crate) fn new(kid: Option<Kid>, reason: SkipReason) -> SkippedKey {
        SkippedKey { kid, reason }
    }

    /// The skipped JWK's `kid`, decoded; `None` if it had none (or one too long to keep).
    #[must_use]
    pub fn kid(&self) -> Option<&str> {
        // A decoded JSON string is valid UTF-8 (the parser refuses anything else).
        self.kid.as_ref().and_then(|k| core::str::from_utf8(k).ok())
    }

    /// The `kid`'s bytes, as [`SkippedKey::kid`].
    pub(crate) fn kid_bytes(&self) -> Option<&[u8]> {
        self.kid.as_deref()
    }

    /// Why it was skipped.
    #[must_use]
    pub fn reason(&self) -> SkipReason {
        self.reason
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_codes_are_unique_and_round_trip() {
        for (i, r) in SkipReason::ALL.iter().enumerate() {
            assert_eq!(usize::try_from(r.number()).ok(), Some(i + 1));
            assert_eq!(SkipReason::from_number(r.number()), Some(*r));
            let same_code = SkipReason::ALL
                .iter()
                .filter(|o| o.code() == r.code())
                .count();
            assert_eq!(same_code, 1);
        }
        assert_eq!(SkipReason::from_number(0), None);
        assert_eq!(SkipReason::from_number(11), None);
    }

    #[test]
    fn token_errors() {
        let errors: [Error; 10] = SkipReason::ALL.map(SkipReason::token_error);
        use Error::{KeyMismatch as M, UnsupportedAlg as U, WeakKey as W};
        assert_eq!(errors, [W, U, U, U, M, M, M, M, M, M]);
    }
}
