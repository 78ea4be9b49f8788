//! OpenID Connect and OAuth extras for C: the logout-token preset and PKCE S256.

use core::ffi::c_char;

use idgate::Policy;

use crate::exports::{guard_status, preset};
use crate::policy::idgate_policy;
use crate::raw;
use crate::status::{IDGATE_ERR_BUFFER_TOO_SMALL, idgate_status};

/// Length of a PKCE S256 code challenge: 43 base64url characters (32 bytes, RFC 7636 §4.2).
pub const IDGATE_PKCE_CHALLENGE_LEN: usize = 43;

/// Fills `p` with the Back-Channel Logout token profile (OpenID Connect Back-Channel Logout
/// 1.0 §2.4, §2.6; the core's `Policy::logout_token`): `iss` exactly `issuer`, `aud`
/// containing `client_id`; `iss`, `aud`, `iat`, `jti` required; `exp` checked when present;
/// header `typ`, when present, `logout+jwt` (set `typ` to require it); `events` holding the
/// back-channel logout event as an object (else `IDGATE_ERR_MISSING_CLAIM` if absent,
/// `IDGATE_ERR_INVALID_CLAIM` if wrong); `sub` or `sid` (else `IDGATE_ERR_MISSING_CLAIM`);
/// no `nonce` (else `IDGATE_ERR_INVALID_CLAIM`).
///
/// The strings are not copied (see `idgate_policy_id_token`). Returns
/// `IDGATE_ERR_NULL_ARGUMENT` if any pointer is NULL.
///
/// # Safety
/// `p` must be NULL or valid for writes of one `idgate_policy`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idgate_policy_logout_token(
    p: *mut idgate_policy,
    issuer: *const c_char,
    issuer_len: usize,
    client_id: *const c_char,
    client_id_len: usize,
) -> idgate_status {
    guard_status(|| {
        // SAFETY: forwarded contract.
        unsafe {
            preset(
                p,
                &Policy::logout_token("", ""),
                issuer,
                issuer_len,
                client_id,
                client_id_len,
            )
        }
    })
}

/// Writes the PKCE S256 code challenge of `verifier` (RFC 7636 §4.2) into `out`: exactly
/// `IDGATE_PKCE_CHALLENGE_LEN` (43) base64url characters, not NUL-terminated.
///
/// Returns `IDGATE_ERR_MALFORMED` if the verifier is not 43 to 128 characters of
/// `A-Z a-z 0-9 - . _ ~` (RFC 7636 §4.1), `IDGATE_ERR_BUFFER_TOO_SMALL` if `out_len` is below
/// 43, `IDGATE_ERR_NULL_ARGUMENT` for a NULL pointer. `out` is written only on success.
///
/// # Safety
/// `verifier` must be NULL or valid for reads of `verifier_len` bytes; `out` NULL or valid
/// for writes of `out_len` bytes, not overlapping `verifier`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idgate_pkce_s256(
    verifier: *const c_char,
    verifier_len: usize,
    out: *mut c_char,
    out_len: usize,
) -> idgate_status {
    guard_status(|| {
        // SAFETY: forwarded contract.
        let v = unsafe { raw::bytes(raw::char_ptr(verifier), verifier_len) }?;
        let challenge = idgate::pkce_s256(v).map_err(|e| e.number())?;
        // SAFETY: forwarded contract.
        let out = unsafe { raw::bytes_mut(out.cast::<u8>(), out_len) }?;
        let dst = out
            .get_mut(..IDGATE_PKCE_CHALLENGE_LEN)
            .ok_or(IDGATE_ERR_BUFFER_TOO_SMALL)?;
        dst.copy_from_slice(challenge.as_str().as_bytes());
        Ok(())
    })
}
