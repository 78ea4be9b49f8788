//! Raw pointers to Rust views: the only place, with `exports.rs`, where `unsafe` is allowed.
//!
//! Lengths are checked against their limits BEFORE a slice is built, so an oversized length
//! never makes Rust touch memory the caller does not own. Inputs that C may place anywhere
//! (`idgate_policy`, its lists, `idgate_claims`) are copied with unaligned reads; outputs are
//! written with unaligned writes. Only the key set is used in place, so it must be aligned.

use core::ffi::{c_char, c_void};
use core::mem::size_of;
use core::ptr::{self, addr_of};
use core::slice;

use idgate::limits::MAX_TOKEN_LEN;
use idgate::{KeySet, KeySetView, KeySlot};

use crate::keyset::{
    MAGIC, SLOTS_AT, STORAGE_ALIGN, VIEW_OFFSET, capacity_for, idgate_keyset, size_for,
};
use crate::policy::{
    IDGATE_MAX_LIST_LEN, PolicyStrs, StrArray, algs_from_bits, claims_from_bits, idgate_policy,
    idgate_str, profile_from_u32, utf8,
};
use crate::status::{
    IDGATE_ERR_BUFFER_TOO_SMALL, IDGATE_ERR_INVALID_ARGUMENT, IDGATE_ERR_NULL_ARGUMENT,
    IDGATE_ERR_TOO_LARGE, idgate_status,
};

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
/// whose `bool`s hold 0 or 1, and whose strings and lists are valid as in [`opt_str`] and
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
    // SAFETY: as above.
    let tenants = unsafe { str_list(c.tenants, c.tenants_len) }?;
    // SAFETY: as above.
    let access_token = unsafe { opt_str(c.access_token) }?;
    // SAFETY: as above.
    let code = unsafe { opt_str(c.code) }?;
    Ok(PolicyStrs {
        profile: Some(profile_from_u32(c.profile)?),
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
        tenants,
        access_token,
        at_hash_required: c.at_hash_required,
        code,
        c_hash_required: c.c_hash_required,
        allow_unchecked_cnf: c.allow_unchecked_cnf,
    })
}

/// Checks a key-set pointer (non-NULL, aligned, initialised by `idgate_keyset_init`) and
/// returns its capacity.
///
/// # Safety
/// A non-NULL, aligned `ks` must be valid for reads of `size_of::<idgate_keyset>()` bytes.
unsafe fn check_keyset(ks: *const idgate_keyset) -> Result<usize, idgate_status> {
    if ks.is_null() {
        return Err(IDGATE_ERR_NULL_ARGUMENT);
    }
    if !ks.is_aligned() || !ks.addr().is_multiple_of(keyset_align()) {
        return Err(IDGATE_ERR_INVALID_ARGUMENT);
    }
    // SAFETY: `ks` is non-NULL, aligned and valid for reads of the header (contract); only
    // plain integers are read, so no reference to a possibly invalid key set is made before
    // the magic number says it was initialised.
    let (magic, capacity) = unsafe {
        (
            addr_of!((*ks).magic).read(),
            addr_of!((*ks).capacity).read(),
        )
    };
    if magic == MAGIC {
        Ok(capacity)
    } else {
        Err(IDGATE_ERR_INVALID_ARGUMENT)
    }
}

/// The key set's storage as the core's view (a pointer with the capacity as its length).
fn view_ptr(ks: *const idgate_keyset, capacity: usize) -> *mut KeySetView {
    let start = ks
        .cast::<u8>()
        .cast_mut()
        .wrapping_add(VIEW_OFFSET)
        .cast::<KeySlot>();
    // A slice pointer becomes a pointer to the unsized struct whose tail is that slice: same
    // address, the length becomes the tail's length (the capacity). No other cast does this.
    #[allow(clippy::as_conversions)]
    let view = ptr::slice_from_raw_parts_mut(start, capacity) as *mut KeySetView;
    view
}

/// A shared key set: the core's view of it, as `.keys`.
pub(crate) struct KeySetRef<'a> {
    pub(crate) keys: &'a KeySetView,
}

/// An exclusive key set: the core's view of it, as `.keys`.
pub(crate) struct KeySetMut<'a> {
    pub(crate) keys: &'a mut KeySetView,
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
pub(crate) unsafe fn keyset<'a>(ks: *const idgate_keyset) -> Result<KeySetRef<'a>, idgate_status> {
    // SAFETY: forwarded contract.
    let capacity = unsafe { check_keyset(ks) }?;
    // SAFETY: initialised by `idgate_keyset_init` (magic number), which wrote the core's key
    // set header at VIEW_OFFSET and `capacity` empty slots after it, all inside the storage
    // it was given; aligned (checked); not written during `'a` (contract).
    let keys = unsafe { &*view_ptr(ks, capacity) };
    Ok(KeySetRef { keys })
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
) -> Result<KeySetMut<'a>, idgate_status> {
    // SAFETY: forwarded contract.
    let capacity = unsafe { check_keyset(ks) }?;
    // SAFETY: as in `keyset`, and exclusive during `'a` (contract).
    let keys = unsafe { &mut *view_ptr(ks, capacity) };
    Ok(KeySetMut { keys })
}

/// Byte range of a key set, for overlap checks: the whole storage it uses once initialised,
/// else its header (the key-set functions then refuse it anyway).
///
/// # Safety
/// As [`keyset`] (only the header is read).
pub(crate) unsafe fn keyset_range(ks: *const idgate_keyset) -> (usize, usize) {
    // SAFETY: forwarded contract.
    let len = match unsafe { check_keyset(ks) } {
        Ok(capacity) => size_for(capacity).unwrap_or(usize::MAX),
        Err(_) => size_of::<idgate_keyset>(),
    };
    (ks.addr(), len)
}

/// The part of the caller's scratch buffer a verifying call uses, and the checks the
/// verifying exports (`idgate_verify(_ex)`, `idgate_verify_signature`,
/// `idgate_verify_certificate_bound`, `idgate_dpop_verify`) share: every input and output
/// must lie outside it, since the call writes it while reading them.
#[derive(Clone, Copy)]
pub(crate) struct Scratch {
    ptr: *mut u8,
    len: usize,
}

impl Scratch {
    /// The first `min(len, need)` bytes at `ptr`: never more than `need` is used, so a huge
    /// `len` is harmless.
    pub(crate) fn new(ptr: *mut u8, len: usize, need: usize) -> Scratch {
        Scratch {
            ptr,
            len: len.min(need),
        }
    }

    /// The scratch of a call that verifies `token` (`token_len` bytes) against the key set
    /// `ks`, as `idgate_verify`, `idgate_verify_signature` and
    /// `idgate_verify_certificate_bound` share it: a token over `MAX_TOKEN_LEN` is refused,
    /// then the first `idgate::scratch_len(token_len)` bytes at `ptr` are the scratch, and the
    /// token and the key set must lie outside it. The caller checks its own outputs with
    /// [`Scratch::outside`].
    ///
    /// # Safety
    /// `ks` is a key set from `idgate_keyset_init` (only its header is read).
    ///
    /// # Errors
    /// `IDGATE_ERR_TOO_LARGE` for the token's length, `IDGATE_ERR_INVALID_ARGUMENT` if the
    /// token or the key set shares a byte with the scratch.
    #[inline(always)]
    pub(crate) unsafe fn for_token(
        ptr: *mut u8,
        len: usize,
        token: *const u8,
        token_len: usize,
        ks: *const idgate_keyset,
    ) -> Result<Scratch, idgate_status> {
        if token_len > MAX_TOKEN_LEN {
            return Err(IDGATE_ERR_TOO_LARGE);
        }
        let area = Scratch::new(ptr, len, idgate::scratch_len(token_len));
        // SAFETY: forwarded contract.
        let ks_range = unsafe { keyset_range(ks) };
        area.outside(&[(token.addr(), token_len), ks_range])?;
        Ok(area)
    }

    /// Checks that none of the byte ranges `(addr, len)` shares a byte with the scratch.
    ///
    /// # Errors
    /// `IDGATE_ERR_INVALID_ARGUMENT` if one does.
    pub(crate) fn outside(&self, ranges: &[(usize, usize)]) -> Result<(), idgate_status> {
        if ranges
            .iter()
            .any(|&(a, n)| overlaps(a, n, self.ptr.addr(), self.len))
        {
            Err(IDGATE_ERR_INVALID_ARGUMENT)
        } else {
            Ok(())
        }
    }

    /// Checks that none of `strs` (the policy's strings, a request's) shares a byte with the
    /// scratch.
    ///
    /// # Errors
    /// `IDGATE_ERR_INVALID_ARGUMENT` if one does.
    pub(crate) fn strings_outside<'s>(
        &self,
        strs: impl IntoIterator<Item = &'s str>,
    ) -> Result<(), idgate_status> {
        strs.into_iter()
            .try_for_each(|s| self.outside(&[(s.as_ptr().addr(), s.len())]))
    }

    /// The scratch, writable.
    ///
    /// # Errors
    /// As [`bytes_mut`].
    ///
    /// # Safety
    /// As [`bytes_mut`] for the pointer and the (clamped) length; the call's inputs lie
    /// outside (checked with [`Scratch::outside`] beforehand).
    pub(crate) unsafe fn bytes<'a>(self) -> Result<&'a mut [u8], idgate_status> {
        // SAFETY: forwarded contract.
        unsafe { bytes_mut(self.ptr, self.len) }
    }
}

/// Makes an empty key set of as many keys as fit in `storage_len` bytes at `storage`.
///
/// # Errors
/// `IDGATE_ERR_NULL_ARGUMENT`; `IDGATE_ERR_BUFFER_TOO_SMALL` if not even one key fits;
/// `IDGATE_ERR_INVALID_ARGUMENT` if misaligned.
///
/// # Safety
/// A non-NULL `storage` must be valid for writes of `storage_len` bytes that nothing else
/// uses during the call.
pub(crate) unsafe fn keyset_init(
    storage: *mut c_void,
    storage_len: usize,
) -> Result<(), idgate_status> {
    if storage.is_null() {
        return Err(IDGATE_ERR_NULL_ARGUMENT);
    }
    let capacity = capacity_for(storage_len).ok_or(IDGATE_ERR_BUFFER_TOO_SMALL)?;
    if !storage.addr().is_multiple_of(keyset_align()) {
        return Err(IDGATE_ERR_INVALID_ARGUMENT);
    }
    let base = storage.cast::<u8>();
    // SAFETY: every write below lies inside `[storage, storage + size_for(capacity))`, which
    // is at most `storage_len` bytes (capacity_for) valid for writes (contract), and is aligned
    // for its type: `storage` is aligned to STORAGE_ALIGN, VIEW_OFFSET is a multiple of the
    // core key set's alignment, and slots are SLOT_SIZE apart from SLOTS_AT (both multiples of
    // the slot's alignment, checked at compile time). `write` drops nothing, so the old bytes
    // may be anything. The result is a valid `KeySetView` of `capacity` slots: a `KeySet<0>`
    // header (same `repr(C)` struct, same field offsets) followed by `capacity` empty slots.
    unsafe {
        base.add(VIEW_OFFSET)
            .cast::<KeySet<0>>()
            .write(KeySet::empty());
        let mut slot = base.add(SLOTS_AT).cast::<KeySlot>();
        for _ in 0..capacity {
            slot.write(KeySlot::EMPTY);
            slot = slot.add(1);
        }
        // The header last: the magic number marks a complete key set.
        base.cast::<idgate_keyset>().write(idgate_keyset {
            magic: MAGIC,
            capacity,
        });
    }
    Ok(())
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

/// Alignment key-set storage needs.
pub(crate) const fn keyset_align() -> usize {
    STORAGE_ALIGN
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
        // issuer, audience and the two acr values (the ID-token profile refuses other typs
        // by its profile, not by a forbidden_typ string).
        assert_eq!(strs.strings().count(), 4);

        let bad_utf8 = [0xffu8];
        type Edit = fn(&mut idgate_policy);
        let cases: [(Edit, idgate_status); 10] = [
            (|p| p.profile = 4, IDGATE_ERR_INVALID_ARGUMENT),
            (|p| p.tenants_len = 1, IDGATE_ERR_NULL_ARGUMENT),
            (
                |p| {
                    p.code = idgate_str {
                        ptr: core::ptr::null(),
                        len: 3,
                    }
                },
                IDGATE_ERR_NULL_ARGUMENT,
            ),
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
