//! Status codes: `IDGATE_OK`, one `IDGATE_ERR_*` per core [`Error`] with the same number as
//! [`Error::number`], and the FFI-only codes from 100 up. Numbers are a stable contract.

use core::ffi::CStr;

use idgate::Error;

/// The result of every fallible call: `IDGATE_OK` (0) on success, else one `IDGATE_ERR_*`
/// code naming the check that failed. Turn it into text with `idgate_status_str` (the stable
/// snake_case code) or `idgate_status_message` (a plain sentence).
#[allow(non_camel_case_types)]
pub type idgate_status = u32;

/// Success.
pub const IDGATE_OK: idgate_status = 0;
/// `malformed`: not a well-formed compact JWS, JSON document or JWK.
pub const IDGATE_ERR_MALFORMED: idgate_status = 1;
/// `too_large`: an input exceeds a documented limit (token length, JWKS length, JSON nesting,
/// member count, HMAC secret length).
pub const IDGATE_ERR_TOO_LARGE: idgate_status = 2;
/// `buffer_too_small`: the scratch buffer (or the key-set storage) is too small.
pub const IDGATE_ERR_BUFFER_TOO_SMALL: idgate_status = 3;
/// `unsupported_alg`: the header `alg` is missing, `none`, unknown or not implemented; or a JWE.
pub const IDGATE_ERR_UNSUPPORTED_ALG: idgate_status = 4;
/// `alg_not_allowed`: the header `alg` is not in the policy's `algs`.
pub const IDGATE_ERR_ALG_NOT_ALLOWED: idgate_status = 5;
/// `crit_unsupported`: the header `crit` names an extension that is not understood.
pub const IDGATE_ERR_CRIT_UNSUPPORTED: idgate_status = 6;
/// `unknown_kid`: no key carries the header `kid` (a host usually refetches its JWKS on this).
pub const IDGATE_ERR_UNKNOWN_KID: idgate_status = 7;
/// `key_mismatch`: keys with the `kid` exist but none fits the `alg`.
pub const IDGATE_ERR_KEY_MISMATCH: idgate_status = 8;
/// `weak_key`: RSA modulus below 2048 bits or HMAC secret shorter than the hash.
pub const IDGATE_ERR_WEAK_KEY: idgate_status = 9;
/// `invalid_key`: a key is not a usable public key.
pub const IDGATE_ERR_INVALID_KEY: idgate_status = 10;
/// `no_usable_key`: a JWKS document held no key this verifier can use.
pub const IDGATE_ERR_NO_USABLE_KEY: idgate_status = 11;
/// `key_set_full`: the key set is full (its capacity is what its storage holds:
/// `IDGATE_KEYSET_SIZE(n)` bytes hold `n` keys).
pub const IDGATE_ERR_KEY_SET_FULL: idgate_status = 12;
/// `bad_signature`: the signature does not verify.
pub const IDGATE_ERR_BAD_SIGNATURE: idgate_status = 13;
/// `typ_mismatch`: the header `typ` is not the expected one (or is the forbidden one).
pub const IDGATE_ERR_TYP_MISMATCH: idgate_status = 14;
/// `invalid_claim`: a claim has the wrong JSON type or an out-of-range value.
pub const IDGATE_ERR_INVALID_CLAIM: idgate_status = 15;
/// `missing_claim`: a required claim is missing (also: an `idgate_claim_*` lookup found no such
/// claim).
pub const IDGATE_ERR_MISSING_CLAIM: idgate_status = 16;
/// `expired`: `now >= exp + leeway`.
pub const IDGATE_ERR_EXPIRED: idgate_status = 17;
/// `not_yet_valid`: `nbf` or `iat` lies in the future beyond the leeway.
pub const IDGATE_ERR_NOT_YET_VALID: idgate_status = 18;
/// `issuer_mismatch`: `iss` is not the expected issuer.
pub const IDGATE_ERR_ISSUER_MISMATCH: idgate_status = 19;
/// `audience_mismatch`: `aud` does not contain the expected audience.
pub const IDGATE_ERR_AUDIENCE_MISMATCH: idgate_status = 20;
/// `azp_mismatch`: `azp` is present and is not the expected client id.
pub const IDGATE_ERR_AZP_MISMATCH: idgate_status = 21;
/// `nonce_mismatch`: the nonce is missing or not the expected one.
pub const IDGATE_ERR_NONCE_MISMATCH: idgate_status = 22;
/// `acr_not_allowed`: `acr` is missing or not among the policy's `acr_values`.
pub const IDGATE_ERR_ACR_NOT_ALLOWED: idgate_status = 23;
/// `auth_too_old`: `auth_time` is missing or older than `max_age` (plus leeway).
pub const IDGATE_ERR_AUTH_TOO_OLD: idgate_status = 24;
/// `at_hash_mismatch`: `at_hash` is not the hash of the access token given in the policy.
pub const IDGATE_ERR_AT_HASH_MISMATCH: idgate_status = 25;
/// `c_hash_mismatch`: `c_hash` is not the hash of the authorization code given in the policy.
pub const IDGATE_ERR_C_HASH_MISMATCH: idgate_status = 26;
/// `dpop_proof_invalid`: a DPoP proof fails a check; the detail (`IDGATE_DPOP_CHECK_*`) says
/// which.
pub const IDGATE_ERR_DPOP_PROOF_INVALID: idgate_status = 27;
/// `binding_mismatch`: the token's `cnf` does not match the DPoP key or client certificate, or
/// a `cnf` the caller did not check.
pub const IDGATE_ERR_BINDING_MISMATCH: idgate_status = 28;
/// `dpop_replay`: a DPoP proof with this `jti` was already accepted within the window.
pub const IDGATE_ERR_DPOP_REPLAY: idgate_status = 29;
/// `replay_cache_full`: the replay cache is full; the proof is refused.
pub const IDGATE_ERR_REPLAY_CACHE_FULL: idgate_status = 30;
/// `null_argument` (FFI only): a required pointer argument is NULL, or a (pointer, length)
/// pair has a NULL pointer and a nonzero length.
pub const IDGATE_ERR_NULL_ARGUMENT: idgate_status = 100;
/// `panic` (FFI only): a Rust panic was caught at the API boundary. This is a bug in idgate;
/// no output was written. Only a library built with `panic = "unwind"` (as `make -C ffi`
/// builds it) can report it; a `panic = "abort"` build aborts the process instead.
pub const IDGATE_ERR_PANIC: idgate_status = 101;
/// `invalid_argument` (FFI only): an argument is unusable: misaligned or uninitialised key-set
/// storage, unknown bits in `algs` or `required`, a string that is not UTF-8, more than
/// `IDGATE_MAX_LIST_LEN` list entries, an output or input buffer overlapping the scratch
/// buffer, an index past the end of a list.
pub const IDGATE_ERR_INVALID_ARGUMENT: idgate_status = 102;

// The C numbers are the core's numbers, checked at compile time against the core's table of
// errors: a row whose C constant is missing here, or has another number, fails the build.
macro_rules! check_error_constants {
    ($(
        $(#[$doc:meta])*
        $variant:ident = $number:literal, $code:literal, $c_name:ident, $message:literal;
    )*) => {
        const _: () = {
            $(assert!($c_name == Error::$variant.number() && $c_name == $number);)*
            // FFI-only codes stay clear of the core's range (room to grow below 100).
            assert!(Error::ALL.len() < 100);
        };
    };
}
idgate::__error_table!(check_error_constants);

/// `s` followed by a NUL byte, as an array of exactly `N = s.len() + 1` bytes.
// Compile-time only (used in `const` items below): an index out of range is a compile error.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const fn nul_terminated<const N: usize>(s: &str) -> [u8; N] {
    let mut out = [0u8; N];
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        out[i] = bytes[i];
        i += 1;
    }
    out
}

/// A `&'static CStr` holding the text of a constant `&'static str` expression, built at
/// compile time, so the C strings are the core's strings and cannot drift.
macro_rules! c_text {
    ($s:expr) => {{
        const S: &str = $s;
        const BYTES: [u8; S.len() + 1] = nul_terminated(S);
        const C: &CStr = match CStr::from_bytes_with_nul(&BYTES) {
            Ok(c) => c,
            // Unreachable for codes and messages (no interior NUL); the unit tests compare.
            Err(_) => c"",
        };
        C
    }};
}

/// The code and message of every core error, as C strings, from the core's table of errors.
macro_rules! error_texts {
    ($(
        $(#[$doc:meta])*
        $variant:ident = $number:literal, $code:literal, $c_name:ident, $message:literal;
    )*) => {
        fn error_code(e: Error) -> &'static CStr {
            match e {
                $(Error::$variant => c_text!($code),)*
                _ => UNKNOWN_CODE,
            }
        }

        fn error_message(e: Error) -> &'static CStr {
            match e {
                $(Error::$variant => c_text!($message),)*
                _ => UNKNOWN_MESSAGE,
            }
        }
    };
}
idgate::__error_table!(error_texts);

const UNKNOWN_CODE: &CStr = c"unknown_status";
const UNKNOWN_MESSAGE: &CStr = c"unknown status code";

/// The stable snake_case code of a status (`"ok"`, `"expired"`, ..., `"unknown_status"`).
pub(crate) fn code(status: idgate_status) -> &'static CStr {
    match status {
        IDGATE_OK => c"ok",
        IDGATE_ERR_NULL_ARGUMENT => c"null_argument",
        IDGATE_ERR_PANIC => c"panic",
        IDGATE_ERR_INVALID_ARGUMENT => c"invalid_argument",
        n => Error::from_number(n).map_or(UNKNOWN_CODE, error_code),
    }
}

/// One plain sentence describing a status.
pub(crate) fn message(status: idgate_status) -> &'static CStr {
    match status {
        IDGATE_OK => c"success",
        IDGATE_ERR_NULL_ARGUMENT => c"a required pointer argument is NULL",
        IDGATE_ERR_PANIC => c"an internal error (Rust panic) was caught at the API boundary",
        IDGATE_ERR_INVALID_ARGUMENT => {
            c"an argument is invalid (storage alignment, unknown bits, UTF-8, list length or overlap)"
        }
        n => Error::from_number(n).map_or(UNKNOWN_MESSAGE, error_message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_core_error_maps_to_its_number_and_strings() {
        for e in Error::ALL {
            assert_eq!(code(e.number()).to_str(), Ok(e.code()));
            assert_eq!(message(e.number()).to_str(), Ok(e.message()));
        }
    }

    #[test]
    fn constant_names_match_codes() {
        macro_rules! check {
            ($(
                $(#[$doc:meta])*
                $variant:ident = $number:literal, $code:literal, $c_name:ident, $message:literal;
            )*) => {$(
                assert_eq!(
                    stringify!($c_name),
                    std::format!("IDGATE_ERR_{}", Error::$variant.code().to_uppercase())
                );
            )*};
        }
        idgate::__error_table!(check);
    }

    #[test]
    fn ffi_codes_and_unknown_values() {
        let ffi = [
            (IDGATE_OK, "ok"),
            (IDGATE_ERR_NULL_ARGUMENT, "null_argument"),
            (IDGATE_ERR_PANIC, "panic"),
            (IDGATE_ERR_INVALID_ARGUMENT, "invalid_argument"),
        ];
        for (n, s) in ffi {
            assert_eq!(code(n).to_str(), Ok(s));
            assert!(Error::from_number(n).is_none());
            assert!(!message(n).to_bytes().is_empty());
        }
        let next = Error::ALL
            .iter()
            .map(|e| e.number())
            .max()
            .unwrap_or(0)
            .saturating_add(1);
        for n in [next, 99, 103, 1000, u32::MAX] {
            assert_eq!(code(n).to_str(), Ok("unknown_status"));
            assert_eq!(message(n).to_str(), Ok("unknown status code"));
        }
    }
}
