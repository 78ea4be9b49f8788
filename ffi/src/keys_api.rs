//! Key-set exports beyond loading: the capacity, the JWKs a load skipped with their reason,
//! and the refetch gate that tells a host when an `unknown_kid` may trigger a JWKS refetch.

use core::ffi::{CStr, c_char};

use idgate::{RefetchGate, SkipReason};

use crate::exports::{guard, guard_status};
use crate::keyset::idgate_keyset;
use crate::raw;
use crate::status::{IDGATE_ERR_INVALID_ARGUMENT, IDGATE_ERR_NULL_ARGUMENT, idgate_status};

/// `weak`: an RSA modulus below 2048 bits. A token naming the key gets `IDGATE_ERR_WEAK_KEY`.
pub const IDGATE_SKIP_WEAK: u32 = 1;
/// `unsupported_kty`: a key type this library cannot verify with (or `oct`). A token naming
/// the key gets `IDGATE_ERR_UNSUPPORTED_ALG`.
pub const IDGATE_SKIP_UNSUPPORTED_KTY: u32 = 2;
/// `unsupported_crv`: a curve this library cannot verify with (X25519, secp256k1, ...). A
/// token naming the key gets `IDGATE_ERR_UNSUPPORTED_ALG`.
pub const IDGATE_SKIP_UNSUPPORTED_CRV: u32 = 3;
/// `unsupported_alg`: a JWK `alg` that is unknown or `none`. A token naming the key gets
/// `IDGATE_ERR_UNSUPPORTED_ALG`.
pub const IDGATE_SKIP_UNSUPPORTED_ALG: u32 = 4;
/// `alg_mismatch`: the JWK's `alg` does not fit its key. A token naming the key gets
/// `IDGATE_ERR_KEY_MISMATCH`.
pub const IDGATE_SKIP_ALG_MISMATCH: u32 = 5;
/// `not_for_signature`: `use` other than `sig`. A token naming the key gets
/// `IDGATE_ERR_KEY_MISMATCH`.
pub const IDGATE_SKIP_NOT_FOR_SIGNATURE: u32 = 6;
/// `no_verify_op`: `key_ops` without `verify`. A token naming the key gets
/// `IDGATE_ERR_KEY_MISMATCH`.
pub const IDGATE_SKIP_NO_VERIFY_OP: u32 = 7;
/// `malformed`: a missing member or a member of the wrong type. A token naming the key gets
/// `IDGATE_ERR_KEY_MISMATCH`.
pub const IDGATE_SKIP_MALFORMED: u32 = 8;
/// `invalid_key`: key material that is not a valid key. A token naming the key gets
/// `IDGATE_ERR_KEY_MISMATCH`.
pub const IDGATE_SKIP_INVALID_KEY: u32 = 9;
/// `kid_too_long`: a `kid` over 128 bytes (recorded without its kid).
pub const IDGATE_SKIP_KID_TOO_LONG: u32 = 10;

/// Skipped JWKs a key set remembers from its last `idgate_keyset_parse` (later ones are only
/// counted).
pub const IDGATE_MAX_SKIPPED_KEYS: usize = 4;

// The C numbers are the core's, checked at compile time.
const _: () = {
    assert!(IDGATE_MAX_SKIPPED_KEYS == idgate::limits::MAX_SKIPPED_KEYS);
    assert!(IDGATE_SKIP_WEAK == SkipReason::Weak.number());
    assert!(IDGATE_SKIP_UNSUPPORTED_KTY == SkipReason::UnsupportedKty.number());
    assert!(IDGATE_SKIP_UNSUPPORTED_CRV == SkipReason::UnsupportedCrv.number());
    assert!(IDGATE_SKIP_UNSUPPORTED_ALG == SkipReason::UnsupportedAlg.number());
    assert!(IDGATE_SKIP_ALG_MISMATCH == SkipReason::AlgMismatch.number());
    assert!(IDGATE_SKIP_NOT_FOR_SIGNATURE == SkipReason::NotForSignature.number());
    assert!(IDGATE_SKIP_NO_VERIFY_OP == SkipReason::NoVerifyOp.number());
    assert!(IDGATE_SKIP_MALFORMED == SkipReason::Malformed.number());
    assert!(IDGATE_SKIP_INVALID_KEY == SkipReason::InvalidKey.number());
    assert!(IDGATE_SKIP_KID_TOO_LONG == SkipReason::KidTooLong.number());
    assert!(SkipReason::ALL.len() == 10);
};

/// Keys the key set has room for (as many as its storage holds); 0 for NULL or a key set that
/// was not initialised.
///
/// # Safety
/// `ks` must be NULL or a key set from `idgate_keyset_init` that no thread modifies during
/// the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idgate_keyset_capacity(ks: *const idgate_keyset) -> usize {
    guard(0, || {
        // SAFETY: forwarded contract.
        unsafe { raw::keyset(ks) }.map_or(0, |set| set.keys.capacity())
    })
}

/// Number of skipped JWKs the key set remembers from its last `idgate_keyset_parse` (at most
/// `IDGATE_MAX_SKIPPED_KEYS`; the `skipped` count of the parse may be larger); 0 for NULL or a
/// key set that was not initialised.
///
/// # Safety
/// As `idgate_keyset_capacity`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idgate_keyset_skipped_count(ks: *const idgate_keyset) -> usize {
    guard(0, || {
        // SAFETY: forwarded contract.
        unsafe { raw::keyset(ks) }.map_or(0, |set| set.keys.skipped_keys().len())
    })
}

/// The `index`-th JWK (from 0, in document order) the last `idgate_keyset_parse` skipped:
/// its reason (`IDGATE_SKIP_*`, as text with `idgate_skip_reason_str`) in `*reason`, and its
/// kid in `*kid` / `*kid_len` (UTF-8, not NUL-terminated, pointing into the key set: valid
/// until it is next changed; NULL and 0 if the JWK had no kid). A token naming that kid is
/// refused with `idgate_skip_reason_status(*reason)`, not `IDGATE_ERR_UNKNOWN_KID`.
/// `kid` and `kid_len` may be NULL (not wanted); outputs are written only on success.
///
/// Returns `IDGATE_ERR_NULL_ARGUMENT` (`ks` or `reason` NULL), `IDGATE_ERR_INVALID_ARGUMENT`
/// (`index` not below `idgate_keyset_skipped_count`, or `ks` not an initialised key set).
///
/// # Safety
/// `ks` as in `idgate_keyset_capacity`; `kid`, `kid_len` and `reason` must each be NULL or
/// valid for writes of their type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idgate_keyset_skipped(
    ks: *const idgate_keyset,
    index: usize,
    kid: *mut *const c_char,
    kid_len: *mut usize,
    reason: *mut u32,
) -> idgate_status {
    guard_status(|| {
        if reason.is_null() {
            return Err(IDGATE_ERR_NULL_ARGUMENT);
        }
        // SAFETY: forwarded contract.
        let set = unsafe { raw::keyset(ks) }?;
        let skipped = set
            .keys
            .skipped_keys()
            .get(index)
            .ok_or(IDGATE_ERR_INVALID_ARGUMENT)?;
        let (ptr, len) = skipped.kid().map_or((core::ptr::null(), 0), |k| {
            (k.as_ptr().cast::<c_char>(), k.len())
        });
        // SAFETY: each NULL or valid for writes of its type (contract).
        unsafe {
            raw::write_opt(kid, ptr);
            raw::write_opt(kid_len, len);
            raw::write_opt(reason, skipped.reason().number());
        }
        Ok(())
    })
}

/// The stable snake_case code of a skip reason (`"weak"`, `"not_for_signature"`, ...);
/// `"unknown_reason"` for a value that is none. Static, NUL-terminated, never NULL.
#[unsafe(no_mangle)]
pub extern "C" fn idgate_skip_reason_str(reason: u32) -> *const c_char {
    guard(c"panic".as_ptr(), || {
        match SkipReason::from_number(reason) {
            Some(r) => reason_code(r).as_ptr(),
            None => c"unknown_reason".as_ptr(),
        }
    })
}

/// The status a token naming a key skipped for `reason` is refused with:
/// `IDGATE_ERR_WEAK_KEY`, `IDGATE_ERR_UNSUPPORTED_ALG` or `IDGATE_ERR_KEY_MISMATCH` (see the
/// `IDGATE_SKIP_*` constants); `IDGATE_ERR_INVALID_ARGUMENT` for a value that is no reason.
#[unsafe(no_mangle)]
pub extern "C" fn idgate_skip_reason_status(reason: u32) -> idgate_status {
    guard_status(|| match SkipReason::from_number(reason) {
        Some(r) => Err(r.token_error().number()),
        None => Err(IDGATE_ERR_INVALID_ARGUMENT),
    })
}

/// The reason's code as a C string (the core's `code()`, NUL-terminated).
fn reason_code(r: SkipReason) -> &'static CStr {
    match r {
        SkipReason::Weak => c"weak",
        SkipReason::UnsupportedKty => c"unsupported_kty",
        SkipReason::UnsupportedCrv => c"unsupported_crv",
        SkipReason::UnsupportedAlg => c"unsupported_alg",
        SkipReason::AlgMismatch => c"alg_mismatch",
        SkipReason::NotForSignature => c"not_for_signature",
        SkipReason::NoVerifyOp => c"no_verify_op",
        SkipReason::Malformed => c"malformed",
        SkipReason::InvalidKey => c"invalid_key",
        SkipReason::KidTooLong => c"kid_too_long",
        _ => c"unknown_reason",
    }
}

/// Seconds between two JWKS refetches by default (30, as panva/jose).
pub const IDGATE_REFETCH_DEFAULT_COOLDOWN: u64 = 30;
/// Seconds after which loaded keys are due for a refetch by default (600, as panva/jose).
pub const IDGATE_REFETCH_DEFAULT_MAX_AGE: u64 = 600;

const _: () = {
    assert!(IDGATE_REFETCH_DEFAULT_COOLDOWN == RefetchGate::DEFAULT_COOLDOWN);
    assert!(IDGATE_REFETCH_DEFAULT_MAX_AGE == RefetchGate::DEFAULT_MAX_AGE);
};

/// When a host may refetch its JWKS: at most once per cooldown, whatever asks (tokens with
/// unknown kids, keys past their maximum age), so a flood of tokens with random kids cannot
/// multiply outbound fetches. Set it up with `idgate_refetch_gate_init`; treat the fields as
/// private. Not thread-safe: guard it with the lock around your fetch.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub struct idgate_refetch_gate {
    /// Seconds between two fetches.
    pub cooldown: u64,
    /// Seconds after which the keys are due for a refetch.
    pub max_age: u64,
    /// When the keys were fetched (valid if `has_fetched`).
    pub fetched_at: u64,
    /// When a fetch was last allowed (valid if `has_attempted`).
    pub attempted_at: u64,
    /// A fetch was reported with `idgate_refetch_gate_fetched`.
    pub has_fetched: bool,
    /// A fetch was allowed.
    pub has_attempted: bool,
}

impl idgate_refetch_gate {
    fn core(&self) -> RefetchGate {
        RefetchGate::new()
            .with_cooldown(self.cooldown)
            .with_max_age(self.max_age)
            .with_state(
                self.has_fetched.then_some(self.fetched_at),
                self.has_attempted.then_some(self.attempted_at),
            )
    }

    fn from_core(gate: &RefetchGate) -> Self {
        idgate_refetch_gate {
            cooldown: gate.cooldown(),
            max_age: gate.max_age(),
            fetched_at: gate.fetched_at().unwrap_or(0),
            attempted_at: gate.attempted_at().unwrap_or(0),
            has_fetched: gate.fetched_at().is_some(),
            has_attempted: gate.attempted_at().is_some(),
        }
    }
}

/// Runs `f` on the gate at `g` (copied in, written back), or returns `on_null`.
///
/// # Safety
/// `g` must be NULL or valid for reads and writes of one `idgate_refetch_gate`.
unsafe fn with_gate<T>(
    g: *mut idgate_refetch_gate,
    on_null: T,
    f: impl FnOnce(&mut RefetchGate) -> T,
) -> T {
    if g.is_null() {
        return on_null;
    }
    // SAFETY: non-NULL and valid for reads (contract); unaligned-tolerant.
    let mut gate = unsafe { g.read_unaligned() }.core();
    let out = f(&mut gate);
    // SAFETY: non-NULL and valid for writes (contract).
    unsafe { raw::write_opt(g, idgate_refetch_gate::from_core(&gate)) };
    out
}

/// Sets up a gate with no fetch yet: `cooldown` seconds between fetches and keys due for a
/// refetch after `max_age` seconds (`IDGATE_REFETCH_DEFAULT_COOLDOWN` and
/// `IDGATE_REFETCH_DEFAULT_MAX_AGE` are panva/jose's 30 s and 10 min).
///
/// Returns `IDGATE_ERR_NULL_ARGUMENT` for a NULL `g`.
///
/// # Safety
/// `g` must be NULL or valid for writes of one `idgate_refetch_gate`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idgate_refetch_gate_init(
    g: *mut idgate_refetch_gate,
    cooldown: u64,
    max_age: u64,
) -> idgate_status {
    guard_status(|| {
        if g.is_null() {
            return Err(IDGATE_ERR_NULL_ARGUMENT);
        }
        let gate = RefetchGate::new()
            .with_cooldown(cooldown)
            .with_max_age(max_age);
        // SAFETY: non-NULL and valid for writes (contract).
        unsafe { raw::write_opt(g, idgate_refetch_gate::from_core(&gate)) };
        Ok(())
    })
}

/// A token was refused with `IDGATE_ERR_UNKNOWN_KID` at time `now` (seconds): true if the
/// host may refetch the JWKS now (no fetch allowed within the cooldown; this one starts it),
/// false if it must refuse the token without fetching. False for a NULL `g`.
///
/// # Safety
/// `g` must be NULL or a gate from `idgate_refetch_gate_init` that no other thread uses
/// during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idgate_refetch_gate_allow_unknown_kid(
    g: *mut idgate_refetch_gate,
    now: u64,
) -> bool {
    // SAFETY: forwarded contract.
    guard(false, || unsafe {
        with_gate(g, false, |gate| gate.allow_unknown_kid(now))
    })
}

/// True if the keys are due for a refetch at `now` (none fetched yet, or fetched at least
/// `max_age` seconds ago) and no fetch was allowed within the cooldown (this one starts it).
/// False for a NULL `g`.
///
/// # Safety
/// As `idgate_refetch_gate_allow_unknown_kid`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idgate_refetch_gate_refresh_due(
    g: *mut idgate_refetch_gate,
    now: u64,
) -> bool {
    // SAFETY: forwarded contract.
    guard(false, || unsafe {
        with_gate(g, false, |gate| gate.refresh_due(now))
    })
}

/// Records that a JWKS was fetched and loaded at `now`: the keys' age and the cooldown start
/// there. Returns `IDGATE_ERR_NULL_ARGUMENT` for a NULL `g`.
///
/// # Safety
/// As `idgate_refetch_gate_allow_unknown_kid`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idgate_refetch_gate_fetched(
    g: *mut idgate_refetch_gate,
    now: u64,
) -> idgate_status {
    guard_status(|| {
        // SAFETY: forwarded contract.
        unsafe {
            with_gate(g, Err(IDGATE_ERR_NULL_ARGUMENT), |gate| {
                gate.fetched(now);
                Ok(())
            })
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reason_codes_are_the_cores() {
        for r in SkipReason::ALL {
            assert_eq!(reason_code(r).to_str().ok(), Some(r.code()));
        }
    }
}
