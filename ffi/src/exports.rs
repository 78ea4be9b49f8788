//! The exported `idgate_*` functions.
//!
//! Each one runs inside a panic boundary ([`guard`]): a panic (a bug) becomes
//! `IDGATE_ERR_PANIC` (or a neutral value for functions that return no status) instead of
//! unwinding into C, provided the library is built with `panic = "unwind"`. Each checks its
//! pointers for NULL and its lengths against their limits before touching memory, and writes
//! its outputs only on success.

use core::ffi::{CStr, c_char, c_void};
use core::mem::size_of;
#[cfg(feature = "std")]
use std::panic::{AssertUnwindSafe, catch_unwind};

use idgate::limits::{MAX_HMAC_SECRET_LEN, MAX_JWKS_LEN, MAX_TOKEN_LEN};
use idgate::{Detail, Error, Policy};

use crate::claims::{idgate_claims, list_item};
use crate::detail::idgate_detail;
use crate::keyset::{self, idgate_keyset};
use crate::policy::{idgate_policy, idgate_str};
use crate::raw;
use crate::status::{
    self, IDGATE_ERR_INVALID_ARGUMENT, IDGATE_ERR_NULL_ARGUMENT, IDGATE_ERR_PANIC,
    IDGATE_ERR_TOO_LARGE, IDGATE_OK, idgate_status,
};

/// Runs `f`, turning a panic into `on_panic`.
#[cfg(feature = "std")]
pub(crate) fn guard<T>(on_panic: T, f: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(on_panic)
}

/// Runs `f`. Without `std` nothing unwinds: a panic (a bug, never bad input) ends in the panic
/// handler (`crate::panic`), which calls `idgate_panic_hook` and never returns.
#[cfg(not(feature = "std"))]
pub(crate) fn guard<T>(on_panic: T, f: impl FnOnce() -> T) -> T {
    let _ = on_panic;
    f()
}

/// Runs a fallible body inside the panic boundary.
pub(crate) fn guard_status(f: impl FnOnce() -> Result<(), idgate_status>) -> idgate_status {
    guard(IDGATE_ERR_PANIC, || match f() {
        Ok(()) => IDGATE_OK,
        Err(s) => s,
    })
}

const VERSION: &CStr =
    match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
        Ok(v) => v,
        Err(_) => c"unknown",
    };

/// The library version, e.g. `"0.1.0"` (static, NUL-terminated).
#[unsafe(no_mangle)]
pub extern "C" fn idgate_version() -> *const c_char {
    guard(c"unknown".as_ptr(), || VERSION.as_ptr())
}

/// The stable snake_case code of a status, e.g. `"ok"`, `"expired"`, `"null_argument"`;
/// `"unknown_status"` for a value that is no status. Static, NUL-terminated, never NULL.
#[unsafe(no_mangle)]
pub extern "C" fn idgate_status_str(status: u32) -> *const c_char {
    guard(c"panic".as_ptr(), || status::code(status).as_ptr())
}

/// One plain English sentence describing a status (for logs). Static, NUL-terminated, never
/// NULL.
#[unsafe(no_mangle)]
pub extern "C" fn idgate_status_message(status: u32) -> *const c_char {
    guard(c"panic".as_ptr(), || status::message(status).as_ptr())
}

/// Bytes of storage a key set of `IDGATE_KEYSET_DEFAULT_CAPACITY` (8) keys needs on this
/// target: `idgate_keyset_size_for(IDGATE_KEYSET_DEFAULT_CAPACITY)`.
#[unsafe(no_mangle)]
pub extern "C" fn idgate_keyset_size() -> usize {
    guard(0, || {
        keyset::size_for(keyset::IDGATE_KEYSET_DEFAULT_CAPACITY).unwrap_or(0)
    })
}

/// Bytes of storage a key set of `n` keys needs on this target (authoritative;
/// `IDGATE_KEYSET_SIZE(n)` is the same number for the target the header was generated for);
/// 0 if that size overflows.
#[unsafe(no_mangle)]
pub extern "C" fn idgate_keyset_size_for(n: usize) -> usize {
    guard(0, || keyset::size_for(n).unwrap_or(0))
}

/// Alignment in bytes the key-set storage needs on this target (authoritative).
#[unsafe(no_mangle)]
pub extern "C" fn idgate_keyset_align() -> usize {
    guard(0, raw::keyset_align)
}

/// Makes an empty key set in `storage`, aligned to `idgate_keyset_align()`; afterwards use
/// `(idgate_keyset *)storage`. It holds as many keys as `storage_len` bytes have room for:
/// `IDGATE_KEYSET_SIZE(n)` (or `idgate_keyset_size_for(n)`) bytes hold `n` keys, for any `n`
/// (`idgate_keyset_capacity` tells). Calling it again on a filled key set empties it.
///
/// Returns `IDGATE_ERR_NULL_ARGUMENT` for a NULL `storage`, `IDGATE_ERR_BUFFER_TOO_SMALL` if
/// `storage_len` has no room for one key, `IDGATE_ERR_INVALID_ARGUMENT` if `storage` is
/// misaligned.
///
/// # Safety
/// `storage` must be NULL or valid for writes of `storage_len` bytes, not used by anything else
/// (no other thread may use a key set while it is initialised).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idgate_keyset_init(
    storage: *mut c_void,
    storage_len: usize,
) -> idgate_status {
    guard_status(|| {
        // SAFETY: NULL or valid for writes of `storage_len` bytes nothing else uses (contract).
        unsafe { raw::keyset_init(storage, storage_len) }
    })
}

/// Loads the usable keys of a JWKS document (`{"keys":[...]}`, at most `IDGATE_MAX_JWKS_LEN`
/// bytes) into the key set, REPLACING the keys it held (also those added with
/// `idgate_keyset_add_hmac`: add those after parsing), so parsing a refetched JWKS into the
/// same set never duplicates keys. JWKs that cannot or must not be used (`oct`, encryption
/// keys, weak or invalid keys, unknown types) are skipped, counted, and remembered with their
/// kid and reason (`idgate_keyset_skipped`): a token naming one is refused for that reason,
/// not as `IDGATE_ERR_UNKNOWN_KID`. All or nothing: on error the key set is unchanged (a set
/// holding keys is checked against the document before it is changed). `added` and `skipped`
/// are optional (NULL) and written only on success. To keep verifying while a new JWKS loads,
/// load it into a second key set and swap pointers (README, "Key rotation").
///
/// Returns `IDGATE_ERR_TOO_LARGE` (checked before reading `jwks`), `IDGATE_ERR_MALFORMED`,
/// `IDGATE_ERR_NO_USABLE_KEY`, `IDGATE_ERR_WEAK_KEY`, `IDGATE_ERR_KEY_SET_FULL` (more usable
/// keys than the capacity),
/// `IDGATE_ERR_NULL_ARGUMENT`, `IDGATE_ERR_INVALID_ARGUMENT` (key set not initialised or
/// misaligned, `jwks` overlapping it).
///
/// # Safety
/// `ks` must be NULL or a key set from `idgate_keyset_init`, not used by any other thread
/// during the call; `jwks` must be NULL or valid for reads of `jwks_len` bytes; `added` and
/// `skipped` must each be NULL or valid for writes of a `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idgate_keyset_parse(
    ks: *mut idgate_keyset,
    jwks: *const u8,
    jwks_len: usize,
    added: *mut usize,
    skipped: *mut usize,
) -> idgate_status {
    guard_status(|| {
        if ks.is_null() || jwks.is_null() {
            return Err(IDGATE_ERR_NULL_ARGUMENT);
        }
        if jwks_len > MAX_JWKS_LEN {
            return Err(IDGATE_ERR_TOO_LARGE);
        }
        // SAFETY: `ks` is a key set from `idgate_keyset_init` (contract); only its header is read.
        let (ks_addr, ks_len) = unsafe { raw::keyset_range(ks) };
        if raw::overlaps(ks_addr, ks_len, jwks.addr(), jwks_len) {
            return Err(IDGATE_ERR_INVALID_ARGUMENT);
        }
        // SAFETY: `ks` is a key set nobody else uses during the call (contract).
        let set = unsafe { raw::keyset_mut(ks) }?;
        // SAFETY: `jwks` is valid for reads of `jwks_len` bytes (contract), and does not
        // overlap the key set borrowed mutably above (checked).
        let doc = unsafe { raw::bytes(jwks, jwks_len) }?;
        let report = set.keys.load_jwks(doc).map_err(Error::number)?;
        // SAFETY: NULL or valid for writes of a `size_t` (contract).
        unsafe {
            raw::write_opt(added, report.added);
            raw::write_opt(skipped, report.skipped);
        }
        Ok(())
    })
}

/// Adds an HMAC secret (its raw bytes, e.g. an OIDC `client_secret`) for HS256/HS384/HS512.
/// It serves HS* tokens whatever their `kid`; HS* must also be allowed in the policy's `algs`.
///
/// Returns `IDGATE_ERR_WEAK_KEY` below 32 bytes, `IDGATE_ERR_TOO_LARGE` above
/// `IDGATE_MAX_HMAC_SECRET_LEN` (checked before reading), `IDGATE_ERR_KEY_SET_FULL`,
/// `IDGATE_ERR_NULL_ARGUMENT`, `IDGATE_ERR_INVALID_ARGUMENT`.
///
/// # Safety
/// `ks` as in `idgate_keyset_parse`; `secret` must be NULL or valid for reads of `secret_len`
/// bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idgate_keyset_add_hmac(
    ks: *mut idgate_keyset,
    secret: *const u8,
    secret_len: usize,
) -> idgate_status {
    guard_status(|| {
        if ks.is_null() || secret.is_null() {
            return Err(IDGATE_ERR_NULL_ARGUMENT);
        }
        if secret_len > MAX_HMAC_SECRET_LEN {
            return Err(IDGATE_ERR_TOO_LARGE);
        }
        // SAFETY: `ks` is a key set from `idgate_keyset_init` (contract); only its header is read.
        let (ks_addr, ks_len) = unsafe { raw::keyset_range(ks) };
        if raw::overlaps(ks_addr, ks_len, secret.addr(), secret_len) {
            return Err(IDGATE_ERR_INVALID_ARGUMENT);
        }
        // SAFETY: `ks` is a key set nobody else uses during the call (contract).
        let set = unsafe { raw::keyset_mut(ks) }?;
        // SAFETY: valid for reads of `secret_len` bytes (contract), not overlapping the key set.
        let secret = unsafe { raw::bytes(secret, secret_len) }?;
        set.keys.add_hmac(secret).map_err(Error::number)
    })
}

/// Number of keys in the key set; 0 for NULL or a key set that was not initialised.
///
/// # Safety
/// `ks` must be NULL or a key set from `idgate_keyset_init` that no thread modifies during
/// the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idgate_keyset_len(ks: *const idgate_keyset) -> usize {
    guard(0, || {
        // SAFETY: forwarded contract.
        unsafe { raw::keyset(ks) }.map_or(0, |set| set.keys.len())
    })
}

/// Removes every key, e.g. before loading a refreshed JWKS.
///
/// # Safety
/// As `idgate_keyset_parse` for `ks`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idgate_keyset_clear(ks: *mut idgate_keyset) -> idgate_status {
    guard_status(|| {
        // SAFETY: forwarded contract.
        let set = unsafe { raw::keyset_mut(ks) }?;
        set.keys.clear();
        Ok(())
    })
}

/// Fills `p` with the minimal safe defaults of the core's `Policy::new()`: asymmetric
/// algorithms only, `exp` required, 60 s leeway, no issuer, audience or other check. Set an
/// issuer and an audience before trusting a token's claims. Does nothing if `p` is NULL.
///
/// # Safety
/// `p` must be NULL or valid for writes of one `idgate_policy`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idgate_policy_init(p: *mut idgate_policy) {
    guard((), || {
        // SAFETY: NULL or valid for writes (contract).
        unsafe { raw::write_opt(p, idgate_policy::from_static(&Policy::new())) };
    });
}

/// Writes a preset with this issuer and audience into `p`.
///
/// # Safety
/// As the presets.
pub(crate) unsafe fn preset(
    p: *mut idgate_policy,
    base: &Policy<'static>,
    issuer: *const c_char,
    issuer_len: usize,
    audience: *const c_char,
    audience_len: usize,
) -> Result<(), idgate_status> {
    if p.is_null() || issuer.is_null() || audience.is_null() {
        return Err(IDGATE_ERR_NULL_ARGUMENT);
    }
    let mut c = idgate_policy::from_static(base);
    c.issuer = idgate_str {
        ptr: issuer,
        len: issuer_len,
    };
    c.audience = idgate_str {
        ptr: audience,
        len: audience_len,
    };
    // SAFETY: non-NULL and valid for writes of one `idgate_policy` (contract).
    unsafe { raw::write_opt(p, c) };
    Ok(())
}

/// Fills `p` with the OIDC ID-token profile (OIDC Core 3.1.3.7, the core's
/// `Policy::id_token`): `iss` exactly `issuer`, `aud` containing `client_id`, `azp` equal to it
/// if present; `iss`, `sub`, `aud`, `exp`, `iat` required; header `typ` absent, `JWT` or
/// `application/jwt` (`IDGATE_PROFILE_ID_TOKEN`);
/// asymmetric algorithms; 60 s leeway. Then set `nonce` (and `max_age`) as the authentication
/// request did.
///
/// The strings are not copied: they must stay valid while `p` is used. They are checked (UTF-8)
/// by `idgate_verify`. Returns `IDGATE_ERR_NULL_ARGUMENT` if any pointer is NULL.
///
/// # Safety
/// `p` must be NULL or valid for writes of one `idgate_policy`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idgate_policy_id_token(
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
                &Policy::id_token("", ""),
                issuer,
                issuer_len,
                client_id,
                client_id_len,
            )
        }
    })
}

/// Fills `p` with the JWT access-token profile (RFC 9068 §4, the core's
/// `Policy::access_token`): header `typ` `at+jwt` required, `iss` exactly `issuer`, `aud`
/// containing `audience` (this resource server); `iss`, `exp`, `aud`, `sub`, `client_id`,
/// `iat`, `jti` required; asymmetric algorithms; 60 s leeway.
///
/// The strings are not copied (see `idgate_policy_id_token`). Returns
/// `IDGATE_ERR_NULL_ARGUMENT` if any pointer is NULL.
///
/// # Safety
/// `p` must be NULL or valid for writes of one `idgate_policy`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idgate_policy_access_token(
    p: *mut idgate_policy,
    issuer: *const c_char,
    issuer_len: usize,
    audience: *const c_char,
    audience_len: usize,
) -> idgate_status {
    guard_status(|| {
        // SAFETY: forwarded contract.
        unsafe {
            preset(
                p,
                &Policy::access_token("", ""),
                issuer,
                issuer_len,
                audience,
                audience_len,
            )
        }
    })
}

/// Scratch bytes `idgate_verify` may need for a token of `token_len` bytes:
/// `token_len / 2 * 3 + 8` (saturating), the same as `IDGATE_SCRATCH_LEN(token_len)`.
#[unsafe(no_mangle)]
pub extern "C" fn idgate_scratch_len(token_len: usize) -> usize {
    guard(usize::MAX, || idgate::scratch_len(token_len))
}

/// Verifies a compact JWS token as a JWT: structure, header, key choice, signature, then the
/// claims against `policy` at time `now` (Unix seconds).
///
/// The one status says valid (`IDGATE_OK`) or names the first check that failed.
/// `out_claims` is written only on success; its strings are views into `scratch`, which
/// receives the decoded token and needs at most `idgate_scratch_len(token_len)` bytes (larger
/// buffers are fine; shorter ones may give `IDGATE_ERR_BUFFER_TOO_SMALL`).
///
/// Checked before anything is read: NULL pointers (`IDGATE_ERR_NULL_ARGUMENT`), `token_len`
/// above `IDGATE_MAX_TOKEN_LEN` (`IDGATE_ERR_TOO_LARGE`). Then the key set (initialised,
/// aligned) and the policy (bits, UTF-8, list lengths), and that `token`, the key set,
/// `out_claims` and every policy string lie outside `scratch` (`IDGATE_ERR_INVALID_ARGUMENT`).
///
/// Reentrant: any number of threads may verify against the same key set at once.
///
/// # Safety
/// `ks` must be NULL or a key set from `idgate_keyset_init` that no thread modifies during the
/// call; `policy` NULL or a valid `idgate_policy` whose strings and lists are valid; `token`
/// NULL or valid for reads of `token_len` bytes; `scratch` NULL or valid for writes of
/// `scratch_len` bytes that nothing else uses during the call; `out_claims` NULL or valid for
/// writes of one `idgate_claims`.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn idgate_verify(
    ks: *const idgate_keyset,
    policy: *const idgate_policy,
    token: *const u8,
    token_len: usize,
    now: u64,
    scratch: *mut u8,
    scratch_len: usize,
    out_claims: *mut idgate_claims,
) -> idgate_status {
    // SAFETY: forwarded contract; no detail is asked for.
    unsafe {
        verify_impl::<false>(
            ks,
            policy,
            token,
            token_len,
            now,
            scratch,
            scratch_len,
            out_claims,
            core::ptr::null_mut(),
        )
    }
}

/// `idgate_verify`, and the detail of a refusal in `*out_detail`: where in the token a
/// structural error lies (`segment`, `offset`), the key's `kid` and `alg`, the claim a policy
/// check is about with the `expected` (a view into the policy's strings) and `found` (a view
/// into `scratch`) values, the dates of a time check. `out_detail` is written once the
/// arguments pass the checks of `idgate_verify` (NULL, length, overlap): emptied on success
/// and on refusals that carry no detail.
///
/// # Safety
/// As `idgate_verify`; `out_detail` NULL or valid for writes of one `idgate_detail`, outside
/// `scratch`. Its views are valid while `scratch` and the policy's strings are.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn idgate_verify_ex(
    ks: *const idgate_keyset,
    policy: *const idgate_policy,
    token: *const u8,
    token_len: usize,
    now: u64,
    scratch: *mut u8,
    scratch_len: usize,
    out_claims: *mut idgate_claims,
    out_detail: *mut idgate_detail,
) -> idgate_status {
    if out_detail.is_null() {
        return IDGATE_ERR_NULL_ARGUMENT;
    }
    // SAFETY: forwarded contract.
    unsafe {
        verify_impl::<true>(
            ks,
            policy,
            token,
            token_len,
            now,
            scratch,
            scratch_len,
            out_claims,
            out_detail,
        )
    }
}

/// The body of `idgate_verify` (`DETAIL` false: `out_detail` is NULL and the detail code is
/// left out, so a firmware that never asks for it does not carry it) and `idgate_verify_ex`.
///
/// # Safety
/// As `idgate_verify_ex`.
#[allow(clippy::too_many_arguments)]
unsafe fn verify_impl<const DETAIL: bool>(
    ks: *const idgate_keyset,
    policy: *const idgate_policy,
    token: *const u8,
    token_len: usize,
    now: u64,
    scratch: *mut u8,
    scratch_len: usize,
    out_claims: *mut idgate_claims,
    out_detail: *mut idgate_detail,
) -> idgate_status {
    guard_status(|| {
        if ks.is_null()
            || policy.is_null()
            || token.is_null()
            || scratch.is_null()
            || out_claims.is_null()
        {
            return Err(IDGATE_ERR_NULL_ARGUMENT);
        }
        // SAFETY: `ks` is a key set from `idgate_keyset_init` (contract); only its header is read.
        let area = unsafe { raw::Scratch::for_token(scratch, scratch_len, token, token_len, ks) }?;
        area.outside(&[(out_claims.addr(), size_of::<idgate_claims>())])?;
        if DETAIL {
            area.outside(&[(out_detail.addr(), size_of::<idgate_detail>())])?;
            // SAFETY: non-NULL, valid for writes of one `idgate_detail` (contract), outside
            // `scratch` (checked): emptied before anything can fail further.
            unsafe { raw::write_opt(out_detail, idgate_detail::EMPTY) };
        }
        // SAFETY: a key set from `idgate_keyset_init` not modified during the call (contract).
        let set = unsafe { raw::keyset(ks) }?;
        // SAFETY: a valid `idgate_policy` with valid strings and lists (contract); the struct
        // and its lists are copied, only the strings stay borrowed.
        let strs = unsafe { raw::policy(policy) }?;
        area.strings_outside(strs.strings())?;
        // SAFETY: valid for reads of `token_len` bytes (contract), outside `scratch` (checked).
        let token = unsafe { raw::bytes(token, token_len) }?;
        // SAFETY: valid for writes of at least its length, used by nothing else (contract);
        // the token, key set, policy strings and outputs lie outside (checked).
        let scratch = unsafe { area.bytes() }?;
        let policy = strs.policy();
        let verified = if !DETAIL {
            idgate::verify(token, set.keys, &policy, now, scratch).map_err(Error::number)?
        } else {
            let mut detail = Detail::default();
            let r = idgate::verify_detailed(token, set.keys, &policy, now, scratch, &mut detail);
            // SAFETY: as above; the views point into `scratch` and the policy's strings.
            unsafe { raw::write_opt(out_detail, idgate_detail::of(&detail)) };
            r.map_err(Error::number)?
        };
        let claims = idgate_claims::from_verified(&verified);
        // SAFETY: non-NULL, valid for writes of one `idgate_claims` (contract), outside
        // `scratch` (checked).
        unsafe { raw::write_opt(out_claims, claims) };
        Ok(())
    })
}

/// Entry `index` of a list claim described by the C view.
///
/// # Safety
/// As `idgate_claims_aud`.
unsafe fn claims_list(
    claims: *const idgate_claims,
    index: usize,
    out: *mut idgate_str,
    pick: fn(&idgate_claims) -> (idgate_str, usize, *const u8, usize),
) -> Result<(), idgate_status> {
    if claims.is_null() || out.is_null() {
        return Err(IDGATE_ERR_NULL_ARGUMENT);
    }
    // SAFETY: valid for reads of one `idgate_claims` (contract); copied.
    let c = unsafe { claims.read_unaligned() };
    let (first, count, packed, packed_len) = pick(&c);
    if packed_len > MAX_TOKEN_LEN {
        return Err(IDGATE_ERR_INVALID_ARGUMENT);
    }
    let packed = if packed.is_null() {
        None
    } else {
        // SAFETY: a view into the scratch buffer of the `idgate_verify` call that wrote `c`,
        // still alive and unmodified (contract); length bounded above.
        Some(unsafe { raw::bytes(packed, packed_len) }?)
    };
    let item = list_item(first, count, packed, index)?;
    // SAFETY: non-NULL, valid for writes of one `idgate_str` (contract).
    unsafe { raw::write_opt(out, item) };
    Ok(())
}

/// Writes `aud` value number `index` (from 0) to `*out`, a view into the scratch buffer.
///
/// Returns `IDGATE_ERR_MISSING_CLAIM` if the token has no `aud` value,
/// `IDGATE_ERR_INVALID_ARGUMENT` if `index >= claims->aud_count`, `IDGATE_ERR_NULL_ARGUMENT`.
///
/// # Safety
/// `claims` must be NULL or written by a successful `idgate_verify` whose scratch buffer is
/// still alive and unmodified; `out` NULL or valid for writes of one `idgate_str`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idgate_claims_aud(
    claims: *const idgate_claims,
    index: usize,
    out: *mut idgate_str,
) -> idgate_status {
    guard_status(|| {
        // SAFETY: forwarded contract.
        unsafe {
            claims_list(claims, index, out, |c| {
                (c.aud, c.aud_count, c.aud_packed, c.aud_packed_len)
            })
        }
    })
}

/// Writes `amr` value number `index` (from 0) to `*out`, as `idgate_claims_aud` does for `aud`.
///
/// # Safety
/// As `idgate_claims_aud`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idgate_claims_amr(
    claims: *const idgate_claims,
    index: usize,
    out: *mut idgate_str,
) -> idgate_status {
    guard_status(|| {
        // SAFETY: forwarded contract.
        unsafe {
            claims_list(claims, index, out, |c| {
                (c.amr, c.amr_count, c.amr_packed, c.amr_packed_len)
            })
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "std")]
    #[test]
    fn panics_become_a_status() {
        // The test profile unwinds, so the boundary is exercised for real.
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        #[allow(clippy::panic)]
        let status = guard_status(|| panic!("boom"));
        let size = guard(7usize, || {
            #[allow(clippy::panic)]
            {
                panic!("boom")
            }
        });
        std::panic::set_hook(prev);
        assert_eq!(status, IDGATE_ERR_PANIC);
        assert_eq!(size, 7);
        assert_eq!(
            guard_status(|| Err(IDGATE_ERR_TOO_LARGE)),
            IDGATE_ERR_TOO_LARGE
        );
        assert_eq!(guard_status(|| Ok(())), IDGATE_OK);
    }

    #[test]
    fn version_and_strings() {
        // SAFETY: static NUL-terminated strings.
        let v = unsafe { CStr::from_ptr(idgate_version()) };
        assert_eq!(v.to_str(), Ok(env!("CARGO_PKG_VERSION")));
        // SAFETY: as above.
        let s = unsafe { CStr::from_ptr(idgate_status_str(17)) };
        assert_eq!(s.to_str(), Ok("expired"));
    }
}
