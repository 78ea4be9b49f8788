//! The opaque key set living in caller-provided storage, and the library's size limits.

use idgate::KeySet;
use idgate::limits::{DEFAULT_KEY_CAPACITY, MAX_HMAC_SECRET_LEN, MAX_JWKS_LEN, MAX_TOKEN_LEN};

/// Keys an `idgate_keyset` can hold.
pub const IDGATE_KEYSET_CAPACITY: usize = 8;

/// Bytes of storage `idgate_keyset_init` needs, ON THE TARGET THIS HEADER WAS GENERATED FOR
/// (x86_64 / aarch64 Linux, 64-bit pointers, every algorithm enabled). Other targets (32-bit)
/// differ: there `idgate_keyset_size()` is authoritative, and `idgate_keyset_init` refuses
/// storage that is too small (`IDGATE_ERR_BUFFER_TOO_SMALL`) or misaligned
/// (`IDGATE_ERR_INVALID_ARGUMENT`), so a wrong constant fails safely.
pub const IDGATE_KEYSET_SIZE: usize = 9760;

/// Alignment in bytes `idgate_keyset_init` needs for its storage, on the target this header
/// was generated for (see `IDGATE_KEYSET_SIZE`); `idgate_keyset_align()` is authoritative.
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
    assert!(IDGATE_KEYSET_CAPACITY == DEFAULT_KEY_CAPACITY);
    assert!(IDGATE_MAX_TOKEN_LEN == MAX_TOKEN_LEN);
    assert!(IDGATE_MAX_SCRATCH_LEN == idgate::scratch_len(MAX_TOKEN_LEN));
    assert!(IDGATE_MAX_JWKS_LEN == MAX_JWKS_LEN);
    assert!(IDGATE_MAX_HMAC_SECRET_LEN == MAX_HMAC_SECRET_LEN);
};

/// Written by `idgate_keyset_init`; checked by every other key-set function, so storage that
/// was never initialised (or is not a key set at all) is refused rather than misread.
pub(crate) const MAGIC: u64 = u64::from_le_bytes(*b"idgateKS");

/// A set of up to `IDGATE_KEYSET_CAPACITY` verification keys, in storage the caller provides
/// (`IDGATE_KEYSET_SIZE` bytes aligned to `IDGATE_KEYSET_ALIGN`, or the sizes the query
/// functions return). Opaque: set it up with `idgate_keyset_init`, fill it with
/// `idgate_keyset_parse` / `idgate_keyset_add_hmac`, then share it read-only.
///
/// It holds no pointers and owns no other memory: there is no destructor, the caller frees
/// or reuses the storage (`idgate_keyset_clear` empties it first).
#[allow(non_camel_case_types)]
pub struct idgate_keyset {
    pub(crate) magic: u64,
    pub(crate) keys: KeySet<IDGATE_KEYSET_CAPACITY>,
}

impl idgate_keyset {
    /// An empty, initialised key set.
    pub(crate) const fn new() -> Self {
        idgate_keyset {
            magic: MAGIC,
            keys: KeySet::new(),
        }
    }
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
        assert_eq!(IDGATE_KEYSET_SIZE, core::mem::size_of::<idgate_keyset>());
        assert_eq!(IDGATE_KEYSET_ALIGN, core::mem::align_of::<idgate_keyset>());
    }
}
