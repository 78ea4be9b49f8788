//! The one error type of the crate.
//!
//! Every variant has a stable snake_case code ([`Error::code`]) and a stable number
//! ([`Error::number`]). Both are a public contract shared with the C API and the CLI: a code is
//! never renamed and a number is never reused.

use core::fmt;

/// Why a token, a key set or an argument was refused.
///
/// Each variant names the check that failed. The codes (see [`Error::code`]) are stable.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Error {
    /// `malformed`: the input is not a well-formed compact JWS, JSON document or JWK: wrong
    /// number of segments, bytes outside the base64url alphabet, padding, non-canonical trailing
    /// bits, invalid JSON or UTF-8, lone surrogates, duplicate member names, a required member
    /// of the wrong JSON type (RFC 7515 §7.1, RFC 8259, RFC 7519 §7.2).
    Malformed,
    /// `too_large`: a named limit of [`crate::limits`] was exceeded (token length, JSON nesting
    /// depth, member count, string length).
    TooLarge,
    /// `buffer_too_small`: the caller's scratch buffer cannot hold the decoded token; see
    /// [`crate::scratch_len`].
    BufferTooSmall,
    /// `unsupported_alg`: the header `alg` is missing, `none`, unknown (algorithm names are
    /// case-sensitive), or an algorithm this build does not implement; also a JWE (five
    /// segments), which this verifier does not decrypt.
    UnsupportedAlg,
    /// `alg_not_allowed`: the header `alg` is valid but not in the caller's allow-list
    /// (RFC 8725 §3.1).
    AlgNotAllowed,
    /// `crit_unsupported`: the header `crit` is empty, names an extension this verifier (or the
    /// caller, through the policy) does not understand, or names a parameter the header lacks
    /// (RFC 7515 §4.1.11); also any `b64` header parameter (RFC 7797 is not for JWTs).
    CritUnsupported,
    /// `unknown_kid`: no key in the key set carries the header `kid`, or the header has no
    /// `kid` and not exactly one key fits the `alg`. A host usually refetches its JWKS on this.
    UnknownKid,
    /// `key_mismatch`: keys with the header `kid` exist, but none fits the `alg` (key type,
    /// curve, the key's own `alg`, `use` or `key_ops`).
    KeyMismatch,
    /// `weak_key`: an RSA modulus below 2048 bits, or an HMAC secret shorter than the hash
    /// output (RFC 7518 §3.2).
    WeakKey,
    /// `invalid_key`: a key given explicitly is not a usable public key (bad encoding, point
    /// not on the curve, RSA exponent even or 1, modulus above 4096 bits).
    InvalidKey,
    /// `no_usable_key`: a JWKS document held no key this verifier can use.
    NoUsableKey,
    /// `key_set_full`: the key set's fixed capacity is reached.
    KeySetFull,
    /// `bad_signature`: the signature does not verify over the signing input with the chosen
    /// key, or has the wrong length or encoding (RFC 7518 §3).
    BadSignature,
    /// `typ_mismatch`: the header `typ` is not the one the policy requires (RFC 8725 §3.11,
    /// RFC 9068 §4).
    TypMismatch,
    /// `invalid_claim`: a claim has the wrong JSON type or an out-of-range value (RFC 7519 §4.1).
    InvalidClaim,
    /// `missing_claim`: a claim the policy requires is absent.
    MissingClaim,
    /// `expired`: `now >= exp + leeway` (RFC 7519 §4.1.4).
    Expired,
    /// `not_yet_valid`: `nbf` or `iat` lies in the future beyond the leeway (RFC 7519 §4.1.5).
    NotYetValid,
    /// `issuer_mismatch`: `iss` is not exactly an expected issuer (OIDC Core 3.1.3.7 step 2).
    IssuerMismatch,
    /// `audience_mismatch`: `aud` does not contain the expected audience (OIDC Core 3.1.3.7
    /// step 3, RFC 7519 §4.1.3).
    AudienceMismatch,
    /// `azp_mismatch`: `azp` is present and is not the expected client id (OIDC Core 3.1.3.7
    /// steps 4-5).
    AzpMismatch,
    /// `nonce_mismatch`: the policy expects a nonce and the token's `nonce` is absent or
    /// different (OIDC Core 3.1.3.7 step 11).
    NonceMismatch,
    /// `acr_not_allowed`: the policy lists acceptable `acr` values and the token's is absent or
    /// not among them (OIDC Core 3.1.3.7 step 12).
    AcrNotAllowed,
    /// `auth_too_old`: `max_age` is set and `auth_time + max_age + leeway < now`, or
    /// `auth_time` is absent (OIDC Core 3.1.3.7 step 13).
    AuthTooOld,
}

impl Error {
    /// Every variant, in the order of their numbers.
    pub const ALL: [Error; 24] = [
        Error::Malformed,
        Error::TooLarge,
        Error::BufferTooSmall,
        Error::UnsupportedAlg,
        Error::AlgNotAllowed,
        Error::CritUnsupported,
        Error::UnknownKid,
        Error::KeyMismatch,
        Error::WeakKey,
        Error::InvalidKey,
        Error::NoUsableKey,
        Error::KeySetFull,
        Error::BadSignature,
        Error::TypMismatch,
        Error::InvalidClaim,
        Error::MissingClaim,
        Error::Expired,
        Error::NotYetValid,
        Error::IssuerMismatch,
        Error::AudienceMismatch,
        Error::AzpMismatch,
        Error::NonceMismatch,
        Error::AcrNotAllowed,
        Error::AuthTooOld,
    ];

    /// The stable snake_case code, as printed by the CLI and returned by the C API's
    /// `idgate_status_str`.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Error::Malformed => "malformed",
            Error::TooLarge => "too_large",
            Error::BufferTooSmall => "buffer_too_small",
            Error::UnsupportedAlg => "unsupported_alg",
            Error::AlgNotAllowed => "alg_not_allowed",
            Error::CritUnsupported => "crit_unsupported",
            Error::UnknownKid => "unknown_kid",
            Error::KeyMismatch => "key_mismatch",
            Error::WeakKey => "weak_key",
            Error::InvalidKey => "invalid_key",
            Error::NoUsableKey => "no_usable_key",
            Error::KeySetFull => "key_set_full",
            Error::BadSignature => "bad_signature",
            Error::TypMismatch => "typ_mismatch",
            Error::InvalidClaim => "invalid_claim",
            Error::MissingClaim => "missing_claim",
            Error::Expired => "expired",
            Error::NotYetValid => "not_yet_valid",
            Error::IssuerMismatch => "issuer_mismatch",
            Error::AudienceMismatch => "audience_mismatch",
            Error::AzpMismatch => "azp_mismatch",
            Error::NonceMismatch => "nonce_mismatch",
            Error::AcrNotAllowed => "acr_not_allowed",
            Error::AuthTooOld => "auth_too_old",
        }
    }

    /// The stable number of this error in the C API (`IDGATE_ERR_*`); 0 is success there.
    #[must_use]
    pub const fn number(self) -> u32 {
        match self {
            Error::Malformed => 1,
            Error::TooLarge => 2,
            Error::BufferTooSmall => 3,
            Error::UnsupportedAlg => 4,
            Error::AlgNotAllowed => 5,
            Error::CritUnsupported => 6,
            Error::UnknownKid => 7,
            Error::KeyMismatch => 8,
            Error::WeakKey => 9,
            Error::InvalidKey => 10,
            Error::NoUsableKey => 11,
            Error::KeySetFull => 12,
            Error::BadSignature => 13,
            Error::TypMismatch => 14,
            Error::InvalidClaim => 15,
            Error::MissingClaim => 16,
            Error::Expired => 17,
            Error::NotYetValid => 18,
            Error::IssuerMismatch => 19,
            Error::AudienceMismatch => 20,
            Error::AzpMismatch => 21,
            Error::NonceMismatch => 22,
            Error::AcrNotAllowed => 23,
            Error::AuthTooOld => 24,
        }
    }

    /// The error with this code, if any.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Error> {
        Error::ALL.into_iter().find(|e| e.code() == code)
    }

    /// The error with this C API number, if any.
    #[must_use]
    pub fn from_number(number: u32) -> Option<Error> {
        Error::ALL.into_iter().find(|e| e.number() == number)
    }

    /// One plain sentence naming the check that failed.
    #[must_use]
    pub const fn message(self) -> &'static str {
        match self {
            Error::Malformed => {
                "the token, JSON or key is not well-formed (segments, base64url, JSON or member types)"
            }
            Error::TooLarge => "an input exceeds a documented limit (length, nesting or count)",
            Error::BufferTooSmall => "the scratch buffer is too small for this token",
            Error::UnsupportedAlg => "the header alg is missing, none or not supported",
            Error::AlgNotAllowed => "the header alg is not in the allowed list",
            Error::CritUnsupported => "the header crit names an extension that is not understood",
            Error::UnknownKid => "no key in the key set matches the token's kid",
            Error::KeyMismatch => "the key with this kid does not fit the token's alg",
            Error::WeakKey => "the key is too weak (RSA below 2048 bits or short HMAC secret)",
            Error::InvalidKey => "the key is not a valid public key",
            Error::NoUsableKey => "the key set holds no usable signing key",
            Error::KeySetFull => "the key set is full",
            Error::BadSignature => "the signature does not verify",
            Error::TypMismatch => "the header typ is not the expected type",
            Error::InvalidClaim => "a claim has the wrong JSON type or an out-of-range value",
            Error::MissingClaim => "a required claim is missing",
            Error::Expired => "the token has expired (exp)",
            Error::NotYetValid => "the token is not yet valid (nbf or iat in the future)",
            Error::IssuerMismatch => "the issuer (iss) is not the expected one",
            Error::AudienceMismatch => "the audience (aud) does not contain the expected client",
            Error::AzpMismatch => "the authorized party (azp) is not the expected client",
            Error::NonceMismatch => "the nonce is missing or not the expected one",
            Error::AcrNotAllowed => "the acr value is missing or not allowed",
            Error::AuthTooOld => "the authentication is too old for max_age (auth_time)",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl core::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::Error;

    #[test]
    fn codes_and_numbers_are_unique_and_round_trip() {
        for (i, e) in Error::ALL.iter().enumerate() {
            assert_eq!(Error::from_code(e.code()), Some(*e));
            assert_eq!(Error::from_number(e.number()), Some(*e));
            assert_eq!(usize::try_from(e.number()).ok(), Some(i + 1));
            assert!(
                e.code()
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'_')
            );
        }
        assert_eq!(Error::from_number(0), None);
        assert_eq!(Error::from_code("nope"), None);
    }
}
