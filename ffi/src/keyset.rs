//! The opaque key set living in caller-provided storage of any size, and the library's size
//! limits.
//!
//! Storage layout (all offsets from the storage's start, which must be aligned to
//! [`IDGATE_KEYSET_ALIGN`] / `idgate_keyset_align()`):
//!
//! | bytes | what |
//! |---|---|
//! | `0 ..` | [`idgate_keyset`]: a magic number and the capacity |
//! | [`VIEW_OFFSET`] `..` | the core's [`KeySetView`]: its header, then `capacity` [`KeySlot`]s |
//!
//! The capacity is as many slots as the storage holds: `IDGATE_KEYSET_SIZE(n)` bytes hold `n`.

use core::mem::{align_of, size_of};

use idgate::limits::{DEFAULT_KEY_CAPACITY, MAX_HMAC_SECRET_LEN, MAX_JWKS_LEN, MAX_TOKEN_LEN};
use idgate::{KeySet, KeySetView, KeySlot};

/// Keys a key set holds when it is given `IDGATE_KEYSET_SIZE(IDGATE_KEYSET_DEFAULT_CAPACITY)`
/// bytes: the core's default. Any other number of keys fits in `IDGATE_KEYSET_SIZE(n)` bytes.
pub const IDGATE_KEYSET_DEFAULT_CAPACITY: usize = 8;

/// Bytes of key-set storage before the first key, ON THE TARGET THIS HEADER WAS GENERATED FOR
/// (x86_64 / aarch64 Linux, 64-bit pointers, every algorithm enabled):
/// `IDGATE_KEYSET_SIZE(n)` is `IDGATE_KEYSET_BASE_SIZE + n * IDGATE_KEYSET_SLOT_SIZE`. Other
/// targets (32-bit) differ: there `idgate_keyset_size_for(n)` is authoritative, and
/// `idgate_keyset_init` takes as many keys as the storage holds, refusing storage too small for
/// one (`IDGATE_ERR_BUFFER_TOO_SMALL`) or misaligned (`IDGATE_ERR_INVALID_ARGUMENT`), so a
/// wrong constant fails safely.
pub const IDGATE_KEYSET_BASE_SIZE: usize = 640;

/// Bytes of key-set storage per key, on the target this header was generated for (see
/// `IDGATE_KEYSET_BASE_SIZE`).
pub const IDGATE_KEYSET_SLOT_SIZE: usize = 1216;

/// Alignment in bytes key-set storage needs, on the target this header was generated for;
/// `idgate_keyset_align()` is authoritative.
pub const IDGATE_KEYSET_ALIGN: usize = 16;

/// Longest token `idgate_verify` accepts, in bytes (16 KiB); longer is `IDGATE_ERR_TOO_LARGE`.
pub const IDGATE_MAX_TOKEN_LEN: usize = 16384;

/// Scratch bytes enough for any token `idgate_verify` accepts:
/// `IDGATE_SCRATCH_LEN(IDGATE_MAX_TOKEN_LEN)`.
pub const IDGATE_MAX_SCRATCH_LEN: usize = 24584;

/// Longest JWKS document `idgate_keyset_parse` accepts, in bytes (256 KiB).
pub const IDGATE_MAX_JWKS_LEN: usize = 262144;

/// Longest HMAC secret `idgate_keyset_add_hmac` accepts, in bytes.
pub const IDGATE_MAX_HMAC_SECRET_LEN: usize = 1024;

const _: () = {
    assert!(IDGATE_KEYSET_DEFAULT_CAPACITY == DEFAULT_KEY_CAPACITY);
    assert!(IDGATE_MAX_TOKEN_LEN == MAX_TOKEN_LEN);
    assert!(IDGATE_MAX_SCRATCH_LEN == idgate::scratch_len(MAX_TOKEN_LEN));
    assert!(IDGATE_MAX_JWKS_LEN == MAX_JWKS_LEN);
    assert!(IDGATE_MAX_HMAC_SECRET_LEN == MAX_HMAC_SECRET_LEN);
    // The C macro's sum is exact: no padding between or after the slots.
    assert!(SLOT_SIZE.is_multiple_of(VIEW_ALIGN));
    assert!(SLOTS_AT.is_multiple_of(align_of::<KeySlot>()));
};

/// Written by `idgate_keyset_init`; checked by every other key-set function, so storage that
/// was never initialised (or is not a key set at all) is refused rather than misread.
pub(crate) const MAGIC: u64 = u64::from_le_bytes(*b"idgateKS");

/// A set of verification keys, in storage the caller provides: `IDGATE_KEYSET_SIZE(n)` bytes
/// (or `idgate_keyset_size_for(n)`) aligned to `IDGATE_KEYSET_ALIGN` hold `n` keys. Opaque:
/// set it up with `idgate_keyset_init`, fill it with `idgate_keyset_parse` (which replaces
/// the keys) / `idgate_keyset_add_hmac`, then share it read-only.
///
/// It holds no pointers and owns no other memory: there is no destructor, the caller frees
/// or reuses the storage (`idgate_keyset_clear` empties it first).
#[allow(non_camel_case_types)]
pub struct idgate_keyset {
    pub(crate) magic: u64,
    /// Slots of the key set that follows at [`VIEW_OFFSET`].
    pub(crate) capacity: usize,
}

/// Alignment of the core's key set (every capacity has the same).
const VIEW_ALIGN: usize = align_of::<KeySet<0>>();

/// Where the core's key set starts in the storage.
pub(crate) const VIEW_OFFSET: usize = size_of::<idgate_keyset>().next_multiple_of(VIEW_ALIGN);

/// Where the first slot starts in the storage.
pub(crate) const SLOTS_AT: usize = VIEW_OFFSET + KeySetView::SLOTS_OFFSET;

/// Bytes per slot.
pub(crate) const SLOT_SIZE: usize = size_of::<KeySlot>();

/// Alignment of the whole storage.
pub(crate) const STORAGE_ALIGN: usize = if VIEW_ALIGN > align_of::<idgate_keyset>() {
    VIEW_ALIGN
} else {
    align_of::<idgate_keyset>()
};

/// Bytes of storage for `n` keys (`None` if that overflows): the header, the core's key set
/// header, `n` slots, rounded up to the alignment (the size Rust gives that `KeySetView`).
pub(crate) const fn size_for(n: usize) -> Option<usize> {
    let Some(slots) = n.checked_mul(SLOT_SIZE) else {
        return None;
    };
    let Some(view) = KeySetView::SLOTS_OFFSET.checked_add(slots) else {
        return None;
    };
    let Some(view) = view.checked_next_multiple_of(VIEW_ALIGN) else {
        return None;
    };
    // A Rust object may not exceed isize::MAX bytes.
    match VIEW_OFFSET.checked_add(view) {
        Some(total) if total <= isize::MAX.unsigned_abs() => Some(total),
        _ => None,
    }
}

/// The most keys `len` bytes of storage hold (`None` if not even one).
pub(crate) fn capacity_for(len: usize) -> Option<usize> {
    // No Rust object exceeds isize::MAX bytes: more storage than that is not usable.
    let len = len.min(isize::MAX.unsigned_abs());
    let room = len.checked_sub(SLOTS_AT)?;
    let mut n = room.checked_div(SLOT_SIZE)?;
    // Rounding up to the alignment may cost a slot (never on the header's target): at most
    // one step, as a slot is at least as large as the alignment's padding.
    while size_for(n).is_none_or(|need| need > len) {
        n = n.checked_sub(1)?;
    }
    (n > 0).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    // The header's constants are for 64-bit hosts with every algorithm.
    #[cfg(all(
        target_pointer_width = "64",
        feature = "rsa",
        feature = "ecdsa",
        feature = "eddsa",
        feature = "hmac"
    ))]
    #[test]
    fn published_sizes_match_this_target() {
        // If this fails after a core change, update the constants and regenerate the header
        // (`make -C ffi header`).
        assert_eq!(IDGATE_KEYSET_BASE_SIZE, SLOTS_AT);
        assert_eq!(IDGATE_KEYSET_SLOT_SIZE, SLOT_SIZE);
        assert_eq!(IDGATE_KEYSET_ALIGN, STORAGE_ALIGN);
        for n in [0usize, 1, 8, 15, 32, 1000] {
            let c_macro = IDGATE_KEYSET_BASE_SIZE + n * IDGATE_KEYSET_SLOT_SIZE;
            assert_eq!(size_for(n), Some(c_macro), "{n}");
        }
    }

    #[test]
    fn capacity_follows_the_storage() {
        let size = |n| size_for(n).unwrap_or(usize::MAX);
        assert_eq!(capacity_for(0), None);
        assert_eq!(capacity_for(size(1) - 1), None);
        assert_eq!(capacity_for(size(1)), Some(1));
        assert_eq!(capacity_for(size(15)), Some(15));
        assert_eq!(capacity_for(size(32) + SLOT_SIZE - 1), Some(32));
        assert_eq!(
            capacity_for(usize::MAX).map(|n| size_for(n).is_some()),
            Some(true)
        );
        assert_eq!(size_for(usize::MAX), None);
    }
}
