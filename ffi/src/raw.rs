//! Raw pointers to Rust views: the only place, with `exports.rs`, where `unsafe` is allowed.
//!
//! Lengths are checked against their limits BEFORE a slice is built, so an oversized length
//! never makes Rust touch memory the caller does not own. Inputs that C may place anywhere
//! (`idgate_policy`, its lists, `idgate_claims`) are copied with unaligned reads; outputs are
//! written with unaligned writes. Only the key set is used in place, so it must be aligned.

use core::ffi::c_char;
use core::mem::{align_of, size_of};
use core::slice;

use crate::keyset::{MAGIC, idgate_keyset};
use crate::policy::{
    IDGATE_MAX_LIST_LEN, PolicyStrs, StrArray, algs_from_bits, claims_from_bits, idgate_policy,
    idgate_str, utf8,
};
use crate::status::{IDGATE_ERR_INVALID_ARGUMENT, IDGATE_ERR_NULL_ARGUMENT, idgate_status};

/// Largest length a Rust slice of bytes may have.
const MAX_SLICE_LEN: usize = isize::MAX.unsigned_abs();

/// True if the byte ranges `[a, a + a_len)` and `[b, b + b_len)` share a byte.
pub(crate) fn overlaps(a: usize, a_len: usize, b: usize, b_len: usize) -> bool {
    a_len != 0 && b_len != 0 && a < b.saturating_add(b_len) && b < a.saturating_add(a_len)
}

/// The `len` bytes at `ptr`.
///
/// # Errors
/// `IDGATE_ERR_NULL_ARGUMENT` if `ptr` is NULL (whatever `len`);
/// `IDGATE_ERR_INVALID_ARGUMENT` if `len` exceeds what a slice may hold.
///
/// # Safety
/// A non-NULL `ptr` must be valid for reads of `len` bytes for `'a`, and the bytes must not be
/// written during `'a`.
pub(crate) unsafe fn bytes<'a>(ptr: *const u8, len: usize) -> Result<&'a [u8], idgate_status> {
    if ptr.is_null() {
        return Err(IDGATE_ERR_NULL_ARGUMENT);
    }
    if len > MAX_SLICE_LEN {
        return Err(IDGATE_ERR_INVALID_ARGUMENT);
    }
    // SAFETY: `ptr` is non-NULL and, by this function's contract, valid for reads of `len`
    // bytes that nobody writes during `'a`; `len` fits in `isize`.
    Ok(unsafe { slice::from_raw_parts(ptr, len) })
}

/// The `len` bytes at `ptr`, writable.
///
/// # Errors
/// As [`bytes`].
///
/// # Safety
/// A non-NULL `ptr` must be valid for reads and writes of `len` bytes for `'a`, and nothing
/// else may access them during `'a`.
pub(crate) unsafe fn bytes_mut<'a>(
    ptr: *mut u8,
    len: usize,
) -> Result<&'a mut [u8], idgate_status> {
    if ptr.is_null() {
        return Err(IDGATE_ERR_NULL_ARGUMENT);
    }
    if len > MAX_SLICE_LEN {
        return Err(IDGATE_ERR_INVALID_ARGUMENT);
    }
    // SAFETY: `ptr` is non-NULL and, by this function's contract, valid for reads and writes
    // of `len` bytes accessed by nothing else during `'a`; `len` fits in `isize`.
    Ok(unsafe { slice::from_raw_parts_mut(ptr, len) })
}

/// The string a policy field holds: `None` for `{NULL, 0}`.
///
/// # Errors
/// `IDGATE_ERR_NULL_ARGUMENT` for a NULL `ptr` with a nonzero `len`;
/// `IDGATE_ERR_INVALID_ARGUMENT` if the bytes are not UTF-8 (or `len` is absurd).
///
/// # Safety
/// As [`bytes`] for `s.ptr` and `s.len`.
pub(crate) unsafe fn opt_str<'a>(s: idgate_str) -> Result<Option<&'a str>, idgate_status> {
    if s.ptr.is_null() {
        return if s.len == 0 {
            Ok(None)
        } else {
            Err(IDGATE_ERR_NULL_ARGUMENT)
        };
    }
    // SAFETY: forwarded contract: `s.ptr` is valid for reads of `s.len` bytes during `'a`.
    let b = unsafe { bytes(s.ptr.cast::<u8>(), s.len) }?;
    utf8(b).map(Some)
}

/// The strings of a policy list of `len` entries at `ptr` (`ptr` may be NULL when `len` is 0).
///
/// # Errors
/// `IDGATE_ERR_INVALID_ARGUMENT` above [`IDGATE_MAX_LIST_LEN`] entries (checked before
/// reading) or for a string that is not UTF-8; `IDGATE_ERR_NULL_ARGUMENT` for a NULL `ptr`
/// with a nonzero `len` or an entry with a NULL pointer.
///
/// # Safety
/// A non-NULL `ptr` must be valid for reads of `len` `idgate_str` (alignment not required),
/// each valid as in [`opt_str`] for `'a`.
pub(crate) unsafe fn str_list<'a>(
    ptr: *const idgate_str,
    len: usize,
) -> Result<StrArray<'a>, idgate_status> {
    let mut out = StrArray::default();
    if len == 0 {
        return Ok(out);
    }
    if len > IDGATE_MAX_LIST_LEN {
        return Err(IDGATE_ERR_INVALID_ARGUMENT);
    }
    if ptr.is_null() {
        return Err(IDGATE_ERR_NULL_ARGUMENT);
    }
    for i in 0..len {
        // SAFETY: `i < len` and `ptr` is valid for reads of `len` entries (contract), so
        // `ptr.add(i)` stays inside that allocation; the read is unaligned-tolerant.
        let entry = unsafe { ptr.add(i).read_unaligned() };
        // SAFETY: forwarded contract for each entry.
        let s = unsafe { opt_str(entry) }?.ok_or(IDGATE_ERR_NULL_ARGUMENT)?;
        out.push(s)?;
    }
    Ok(out)
}

/// The validated contents of a C policy. The struct itself is copied, so no reference to it
/// is kept.
///
/// # Errors
/// `IDGATE_ERR_NULL_ARGUMENT` for a NULL `p` or NULL strings with nonzero lengths;
/// `IDGATE_ERR_INVALID_ARGUMENT` for unknown bits, strings that are not UTF-8, lists that are
/// too long.
///
/// # Safety
/// A non-NULL `p` must be valid for reads of one `idgate_policy` (alignment not required)
/// whose `bool` holds 0 or 1, and whose strings and lists are valid as in [`opt_str`] and
/// [`str_list`] for `'a`.
pub(crate) unsafe fn policy<'a>(p: *const idgate_policy) -> Result<PolicyStrs<'a>, idgate_status> {
    if p.is_null() {
        return Err(IDGATE_ERR_NULL_ARGUMENT);
    }
    // SAFETY: `p` is non-NULL and valid for reads of one (possibly unaligned) `idgate_policy`.
    let c = unsafe { p.read_unaligned() };
    // SAFETY: `*p`'s strings and lists are valid for `'a` (contract).
    let issuer = unsafe { opt_str(c.issuer) }?;
    // SAFETY: as above.
    let other_issuers = unsafe { str_list(c.other_issuers, c.other_issuers_len) }?;
    // SAFETY: as above.
    let audience = unsafe { opt_str(c.audience) }?;
    // SAFETY: as above.
    let nonce = unsafe { opt_str(c.nonce) }?;
    // SAFETY: as above.
    let acr_values = unsafe { str_list(c.acr_values, c.acr_values_len) }?;
    // SAFETY: as above.
    let typ = unsafe { opt_str(c.typ) }?;
    // SAFETY: as above.
    let forbidden_typ = unsafe { opt_str(c.forbidden_typ) }?;
    // SAFETY: as above.
    let required_names = unsafe { str_list(c.required_names, c.required_names_len) }?;
    // SAFETY: as above.
    let critical_extensions =
        unsafe { str_list(c.critical_extensions, c.critical_extensions_len) }?;
    Ok(PolicyStrs {
        algs: algs_from_bits(c.algs)?,
        required: claims_from_bits(c.required)?,
        leeway: c.leeway,
        max_age: c.has_max_age.then_some(c.max_age),
        issuer,
        other_issuers,
        audience,
        nonce,
        acr_values,
        typ,
        forbidden_typ,
        required_names,
        critical_extensions,
        allow_unchecked_cnf: c.allow_unchecked_cnf,
    })
}

/// Checks a key-set pointer: non-NULL, aligned, initialised by `idgate_keyset_init`.
///
/// # Safety
/// A non-NULL, aligned `ks` must be valid for reads of `size_of::<idgate_keyset>()` bytes.
unsafe fn check_keyset(ks: *const idgate_keyset) -> Result<(), idgate_status> {
    if ks.is_null() {
        return Err(IDGATE_ERR_NULL_ARGUMENT);
    }
    if !ks.is_aligned() {
        return Err(IDGATE_ERR_INVALID_ARGUMENT);
    }
    // SAFETY: `ks` is non-NULL, aligned and valid for reads of a whole key set (contract);
    // only the plain `u64` field is read, so no reference to a possibly invalid `KeySet` is
    // made before the magic number says it was initialised.
    let magic = unsafe { core::ptr::addr_of!((*ks).magic).read() };
    if magic == MAGIC {
        Ok(())
    } else {
        Err(IDGATE_ERR_INVALID_ARGUMENT)
    }
}

/// The key set at `ks`, shared.
///
/// # Errors
/// `IDGATE_ERR_NULL_ARGUMENT`; `IDGATE_ERR_INVALID_ARGUMENT` if misaligned or not
/// initialised by `idgate_keyset_init`.
///
/// # Safety
/// A non-NULL, aligned `ks` must point to storage passed to `idgate_keyset_init` (or at least
/// valid for reads of `size_of::<idgate_keyset>()` bytes), not written during `'a`.
pub(crate) unsafe fn keyset<'a>(
    ks: *const idgate_keyset,
) -> Result<&'a idgate_keyset, idgate_status> {
    // SAFETY: forwarded contract.
    unsafe { check_keyset(ks) }?;
    // SAFETY: non-NULL, aligned, and initialised by `idgate_keyset_init` (magic number), so it
    // holds a valid `idgate_keyset`; not written during `'a` (contract).
    Ok(unsafe { &*ks })
}

/// The key set at `ks`, exclusive.
///
/// # Errors
/// As [`keyset`].
///
/// # Safety
/// As [`keyset`], and nothing else may access the key set during `'a`.
pub(crate) unsafe fn keyset_mut<'a>(
    ks: *mut idgate_keyset,
) -> Result<&'a mut idgate_keyset, idgate_status> {
    // SAFETY: forwarded contract.
    unsafe { check_keyset(ks) }?;
    // SAFETY: as in `keyset`, and exclusive during `'a` (contract).
    Ok(unsafe { &mut *ks })
}

/// Byte range of a key set, for overlap checks.
pub(crate) fn keyset_range(ks: *const idgate_keyset) -> (usize, usize) {
    (ks.addr(), size_of::<idgate_keyset>())
}

/// Writes `value` to `out` if `out` is not NULL (alignment not required).
///
/// # Safety
/// A non-NULL `out` must be valid for writes of one `T`.
pub(crate) unsafe fn write_opt<T>(out: *mut T, value: T) {
    if !out.is_null() {
        // SAFETY: non-NULL and valid for writes of one `T` (contract); unaligned-tolerant.
        unsafe { out.write_unaligned(value) };
    }
}

/// Views a C string pointer as bytes for [`bytes`].
pub(crate) fn char_ptr(p: *const c_char) -> *const u8 {
    p.cast::<u8>()
}

/// Alignment a key set needs.
pub(crate) const fn keyset_align() -> usize {
    align_of::<idgate_keyset>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap() {
        assert!(overlaps(10, 5, 14, 1));
        assert!(overlaps(14, 1, 10, 5));
        assert!(!overlaps(10, 5, 15, 1));
        assert!(!overlaps(15, 1, 10, 5));
        assert!(!overlaps(10, 0, 10, 5));
        assert!(overlaps(0, usize::MAX, usize::MAX - 1, 1));
    }

    #[test]
    fn policy_conversion_checks_every_field() {
        let issuer = "https://issuer.example";
        let acr = [idgate_str::of("urn:a"), idgate_str::of("urn:b")];
        let mut p = idgate_policy::from_static(&idgate::Policy::id_token("", ""));
        p.issuer = idgate_str::of(issuer);
        p.audience = idgate_str::of("client");
        p.acr_values = acr.as_ptr();
        p.acr_values_len = acr.len();
        p.has_max_age = true;
        p.max_age = 0;
        // SAFETY: `p` and everything it points to live on this stack frame.
        let strs = unsafe { policy(&p) };
        assert!(strs.is_ok(), "{strs:?}");
        let Ok(strs) = strs else { return };
        let want = idgate::Policy::id_token(issuer, "client")
            .with_acr_values(&["urn:a", "urn:b"])
            .with_max_age(0);
        assert_eq!(strs.policy(), want);
        assert_eq!(strs.strings().count(), 5);

        let bad_utf8 = [0xffu8];
        type Edit = fn(&mut idgate_policy);
        let cases: [(Edit, idgate_status); 7] = [
            (|p| p.algs = 1 << 15, IDGATE_ERR_INVALID_ARGUMENT),
            (|p| p.required = 1 << 31, IDGATE_ERR_INVALID_ARGUMENT),
            (
                |p| {
                    p.nonce = idgate_str {
                        ptr: core::ptr::null(),
                        len: 1,
                    }
                },
                IDGATE_ERR_NULL_ARGUMENT,
            ),
            (
                |p| p.acr_values_len = IDGATE_MAX_LIST_LEN + 1,
                IDGATE_ERR_INVALID_ARGUMENT,
            ),
            (
                |p| p.acr_values = core::ptr::null(),
                IDGATE_ERR_NULL_ARGUMENT,
            ),
            (|p| p.required_names_len = 1, IDGATE_ERR_NULL_ARGUMENT),
            (
                |p| {
                    p.typ = idgate_str {
                        ptr: core::ptr::null(),
                        len: usize::MAX,
                    }
                },
                IDGATE_ERR_NULL_ARGUMENT,
            ),
        ];
        for (edit, want) in cases {
            let mut q = p;
            edit(&mut q);
            // SAFETY: as above; the edits only add NULL pointers or lengths checked before use.
            let got = unsafe { policy(&q) };
            assert_eq!(got.err(), Some(want));
        }
        let mut q = p;
        q.typ = idgate_str {
            ptr: bad_utf8.as_ptr().cast(),
            len: 1,
        };
        // SAFETY: as above.
        let not_utf8 = unsafe { policy(&q) };
        assert_eq!(not_utf8.err(), Some(IDGATE_ERR_INVALID_ARGUMENT));
        // SAFETY: NULL is checked first.
        let null = unsafe { policy(core::ptr::null()) };
        assert_eq!(null.err(), Some(IDGATE_ERR_NULL_ARGUMENT));
    }
}
