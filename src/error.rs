//! The one error type of the crate, derived from one table.
//!
//! Every variant has a stable snake_case code ([`Error::code`]), a stable number
//! ([`Error::number`], shared with the C API's `IDGATE_ERR_*`) and a message
//! ([`Error::message`]). All of them, the list [`Error::ALL`], the lookups and the C API's
//! compile-time checks come from the table in [`__error_table!`](crate::__error_table): a code
//! is never renamed, a number never reused, and new errors are appended.

use core::fmt;

/// The table of errors: per row the variant's documentation, the variant, its number, its
/// code, the name of its C constant and its message.
///
/// It is replayed into a callback macro: `define_errors!` below builds [`Error`] from it, and
/// the C API checks its `IDGATE_ERR_*` constants against it at compile time. Not a public API.
#[doc(hidden)]
#[macro_export]
macro_rules! __error_table {
    ($callback:ident) => {
        $callback! {
        /// `malformed`: the input is not a well-formed compact JWS, JSON document or JWK: wrong
        /// number of segments, bytes outside the base64url alphabet, padding, non-canonical trailing
        /// bits, invalid JSON or UTF-8, lone surrogates, duplicate member names, a required member
        /// of the wrong JSON type (RFC 7515 §7.1, RFC 8259, RFC 7519 §7.2).
        Malformed = 1, "malformed", IDGATE_ERR_MALFORMED,
            "the token, JSON or key is not well-formed (segments, base64url, JSON or member types)";
        /// `too_large`: a named limit of [`crate::limits`] was exceeded (token length, JSON nesting
        /// depth, member count, string length).
        TooLarge = 2, "too_large", IDGATE_ERR_TOO_LARGE,
            "an input exceeds a documented limit (length, nesting or count)";
        /// `buffer_too_small`: the caller's scratch buffer cannot hold the decoded token; see
        /// [`crate::scratch_len`].
        BufferTooSmall = 3, "buffer_too_small", IDGATE_ERR_BUFFER_TOO_SMALL,
            "the scratch buffer is too small for this token";
        /// `unsupported_alg`: the header `alg` is missing, `none`, unknown (algorithm names are
        /// case-sensitive), or an algorithm this build does not implement; also a JWE (five
        /// segments), which this verifier does not decrypt.
        UnsupportedAlg = 4, "unsupported_alg", IDGATE_ERR_UNSUPPORTED_ALG,
            "the header alg is missing, none or not supported";
        /// `alg_not_allowed`: the header `alg` is valid but not in the caller's allow-list
        /// (RFC 8725 §3.1).
        AlgNotAllowed = 5, "alg_not_allowed", IDGATE_ERR_ALG_NOT_ALLOWED,
            "the header alg is not in the allowed list";
        /// `crit_unsupported`: the header `crit` is empty, names an extension this verifier (or the
        /// caller, through the policy) does not understand, or names a parameter the header lacks
        /// (RFC 7515 §4.1.11); also any `b64` header parameter (RFC 7797 is not for JWTs).
        CritUnsupported = 6, "crit_unsupported", IDGATE_ERR_CRIT_UNSUPPORTED,
            "the header crit names an extension that is not understood";
        /// `unknown_kid`: no key in the key set carries the header `kid`, or the header has no
        /// `kid` and not exactly one key fits the `alg`. A host usually refetches its JWKS on this.
        UnknownKid = 7, "unknown_kid", IDGATE_ERR_UNKNOWN_KID,
            "no key in the key set matches the token's kid";
        /// `key_mismatch`: keys with the header `kid` exist, but none fits the `alg` (key type,
        /// curve, the key's own `alg`, `use` or `key_ops`).
        KeyMismatch = 8, "key_mismatch", IDGATE_ERR_KEY_MISMATCH,
            "the key with this kid does not fit the token's alg";
        /// `weak_key`: an RSA modulus below 2048 bits, or an HMAC secret shorter than the hash
        /// output (RFC 7518 §3.2).
        WeakKey = 9, "weak_key", IDGATE_ERR_WEAK_KEY,
            "the key is too weak (RSA below 2048 bits or short HMAC secret)";
        /// `invalid_key`: a key given explicitly is not a usable public key (bad encoding, point
        /// not on the curve, RSA exponent even or 1, modulus above 4096 bits).
        InvalidKey = 10, "invalid_key", IDGATE_ERR_INVALID_KEY,
            "the key is not a valid public key";
        /// `no_usable_key`: a JWKS document held no key this verifier can use.
        NoUsableKey = 11, "no_usable_key", IDGATE_ERR_NO_USABLE_KEY,
            "the key set holds no usable signing key";
        /// `key_set_full`: the key set's fixed capacity is reached.
        KeySetFull = 12, "key_set_full", IDGATE_ERR_KEY_SET_FULL,
            "the key set is full";
        /// `bad_signature`: the signature does not verify over the signing input with the chosen
        /// key, or has the wrong length or encoding (RFC 7518 §3).
        BadSignature = 13, "bad_signature", IDGATE_ERR_BAD_SIGNATURE,
            "the signature does not verify";
        /// `typ_mismatch`: the header `typ` is not the one the policy requires (RFC 8725 §3.11,
        /// RFC 9068 §4).
        TypMismatch = 14, "typ_mismatch", IDGATE_ERR_TYP_MISMATCH,
            "the header typ is not the expected type";
        /// `invalid_claim`: a claim has the wrong JSON type or an out-of-range value (RFC 7519 §4.1).
        InvalidClaim = 15, "invalid_claim", IDGATE_ERR_INVALID_CLAIM,
            "a claim has the wrong JSON type or an out-of-range value";
        /// `missing_claim`: a claim the policy requires is absent.
        MissingClaim = 16, "missing_claim", IDGATE_ERR_MISSING_CLAIM,
            "a required claim is missing";
        /// `expired`: `now >= exp + leeway` (RFC 7519 §4.1.4).
        Expired = 17, "expired", IDGATE_ERR_EXPIRED,
            "the token has expired (exp)";
        /// `not_yet_valid`: `nbf` or `iat` lies in the future beyond the leeway (RFC 7519 §4.1.5).
        NotYetValid = 18, "not_yet_valid", IDGATE_ERR_NOT_YET_VALID,
            "the token is not yet valid (nbf or iat in the future)";
        /// `issuer_mismatch`: `iss` is not exactly an expected issuer (OIDC Core 3.1.3.7 step 2).
        IssuerMismatch = 19, "issuer_mismatch", IDGATE_ERR_ISSUER_MISMATCH,
            "the issuer (iss) is not the expected one";
        /// `audience_mismatch`: `aud` does not contain the expected audience (OIDC Core 3.1.3.7
        /// step 3, RFC 7519 §4.1.3).
        AudienceMismatch = 20, "audience_mismatch", IDGATE_ERR_AUDIENCE_MISMATCH,
            "the audience (aud) does not contain the expected client";
        /// `azp_mismatch`: `azp` is present and is not the expected client id (OIDC Core 3.1.3.7
        /// steps 4-5).
        AzpMismatch = 21, "azp_mismatch", IDGATE_ERR_AZP_MISMATCH,
            "the authorized party (azp) is not the expected client";
        /// `nonce_mismatch`: the policy expects a nonce and the token's `nonce` is absent or
        /// different (OIDC Core 3.1.3.7 step 11).
        NonceMismatch = 22, "nonce_mismatch", IDGATE_ERR_NONCE_MISMATCH,
            "the nonce is missing or not the expected one";
        /// `acr_not_allowed`: the policy lists acceptable `acr` values and the token's is absent or
        /// not among them (OIDC Core 3.1.3.7 step 12).
        AcrNotAllowed = 23, "acr_not_allowed", IDGATE_ERR_ACR_NOT_ALLOWED,
            "the acr value is missing or not allowed";
        /// `auth_too_old`: `max_age` is set and `auth_time + max_age + leeway < now`, or
        /// `auth_time` is absent (OIDC Core 3.1.3.7 step 13).
        AuthTooOld = 24, "auth_too_old", IDGATE_ERR_AUTH_TOO_OLD,
            "the authentication is too old for max_age (auth_time)";
        /// `at_hash_mismatch`: the policy holds the access token issued with this ID token and
        /// the token's `at_hash` is not the left half of its hash (OIDC Core 3.1.3.8, 3.2.2.9).
        AtHashMismatch = 25, "at_hash_mismatch", IDGATE_ERR_AT_HASH_MISMATCH,
            "the at_hash claim does not match the access token";
        /// `c_hash_mismatch`: the policy holds the authorization code returned with this ID
        /// token and the token's `c_hash` is not the left half of its hash (OIDC Core 3.3.2.11).
        CHashMismatch = 26, "c_hash_mismatch", IDGATE_ERR_C_HASH_MISMATCH,
            "the c_hash claim does not match the authorization code";
        /// `dpop_proof_invalid`: a DPoP proof fails a check of RFC 9449 §4.3 (structure, `typ`,
        /// `alg`, the `jwk` header, signature, `htm`, `htu`, `iat`, `jti`, `ath`, `nonce`); the
        /// detail ([`crate::DpopCheck`]) names which.
        DpopProofInvalid = 27, "dpop_proof_invalid", IDGATE_ERR_DPOP_PROOF_INVALID,
            "the DPoP proof is invalid";
        /// `binding_mismatch`: the access token's `cnf` does not bind it to the presented key or
        /// certificate: `cnf.jkt` is not the DPoP key's thumbprint (RFC 9449 §7.1), `cnf` has no
        /// `x5t#S256` equal to the client certificate's (RFC 8705 §3), or a token carries a `cnf`
        /// the caller did not check (see [`crate::Policy::allow_unchecked_cnf`]).
        BindingMismatch = 28, "binding_mismatch", IDGATE_ERR_BINDING_MISMATCH,
            "the token is not bound to the presented key or certificate (cnf)";
        /// `dpop_replay`: a DPoP proof with this `jti` (for this key) was already accepted
        /// within the window (RFC 9449 §11.1).
        DpopReplay = 29, "dpop_replay", IDGATE_ERR_DPOP_REPLAY,
            "the DPoP proof was already used (jti replayed)";
        /// `replay_cache_full`: the replay cache has no free or expired slot: the proof is
        /// refused, never accepted unrecorded.
        ReplayCacheFull = 30, "replay_cache_full", IDGATE_ERR_REPLAY_CACHE_FULL,
            "the DPoP replay cache is full";
        }
    };
}

macro_rules! define_errors {
    ($(
        $(#[$doc:meta])*
        $variant:ident = $number:literal, $code:literal, $c_name:ident, $message:literal;
    )*) => {
        /// Why a token, a key set or an argument was refused.
        ///
        /// Each variant names the check that failed; its code ([`Error::code`]) and number
        /// ([`Error::number`]) are stable. Tests and callers match on the variant:
        ///
        /// ```
        /// use idgate::{verify, Error, KeySet, Policy};
        /// let keys = KeySet::new();
        /// let policy = Policy::id_token("https://issuer.example.com", "client-123");
        /// let mut scratch = [0u8; 256];
        /// let err = verify(b"e30.e30.", &keys, &policy, 0, &mut scratch).unwrap_err();
        /// assert_eq!(err, Error::UnsupportedAlg);
        /// assert_eq!((err.code(), err.number()), ("unsupported_alg", 4));
        /// assert_eq!(Error::from_code("expired"), Some(Error::Expired));
        /// ```
        #[non_exhaustive]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        pub enum Error {
            $( $(#[$doc])* $variant, )*
        }

        /// How many errors there are.
        const ERROR_COUNT: usize = [$($code),*].len();

        impl Error {
            /// Every variant, in the order of their numbers.
            pub const ALL: [Error; ERROR_COUNT] = [$(Error::$variant),*];

            /// The stable snake_case code, as printed by the CLI and returned by the C API's
            /// `idgate_status_str`.
            #[must_use]
            pub const fn code(self) -> &'static str {
                match self {
                    $(Error::$variant => $code,)*
                }
            }

            /// The stable number of this error in the C API (`IDGATE_ERR_*`); 0 is success
            /// there.
            #[must_use]
            pub const fn number(self) -> u32 {
                match self {
                    $(Error::$variant => $number,)*
                }
            }

            /// One plain sentence naming the check that failed.
            #[must_use]
            pub const fn message(self) -> &'static str {
                match self {
                    $(Error::$variant => $message,)*
                }
            }
        }
    };
}

__error_table!(define_errors);

impl Error {
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
            // Rows are appended: the numbers are 1, 2, 3, ... with no gap.
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
