//! The DPoP replay cache (RFC 9449 §11.1): the `jti` of every accepted proof, per key, kept
//! until the proof's `iat` leaves the acceptance window, in storage the caller provides.

use sha2::Digest as _;

use crate::error::Error;
use crate::keys::thumbprint::Thumbprint;

/// One slot of a [`ReplayCache`]: 40 bytes, all zero when free. Provide them as an array
/// (`[ReplaySlot::EMPTY; 1024]`), a `static`, or memory from C.
// `repr(C)`: the C API lays slots out in caller memory (`idgate_replay_slot`, 40 bytes,
// 8-aligned); any bit pattern is a valid slot.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReplaySlot {
    /// SHA-256 of the key's thumbprint and the `jti`.
    id: [u8; 32],
    /// Unix second after which the entry may be dropped; 0 when free.
    expires: u64,
}

impl ReplaySlot {
    /// A free slot.
    pub const EMPTY: ReplaySlot = ReplaySlot {
        id: [0; 32],
        expires: 0,
    };
}

impl Default for ReplaySlot {
    fn default() -> Self {
        ReplaySlot::EMPTY
    }
}

/// What the cache remembers of a proof: its identity (key and `jti`) and until when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ReplayEntry {
    id: [u8; 32],
    expires: u64,
}

impl ReplayEntry {
    /// The entry of a proof signed by the key `jkt` with this `jti`, remembered until
    /// `expires`. Hashing keeps every slot the same size whatever the `jti` length; the
    /// key is part of it because a `jti` is unique per key (RFC 9449 §4.2).
    pub(crate) fn new(jkt: &Thumbprint, jti: &[u8], expires: u64) -> ReplayEntry {
        let mut h = sha2::Sha256::new();
        h.update(jkt.as_bytes());
        h.update(jti);
        ReplayEntry {
            id: h.finalize().into(),
            // 0 marks a free slot; a real expiry is far past it.
            expires: expires.max(1),
        }
    }
}

/// The `jti` values of accepted DPoP proofs, in fixed storage the caller owns: no heap,
/// capacity chosen by the caller, every operation a scan of the slots.
///
/// An entry lives while its proof could still be accepted (until `iat` plus the window of
/// [`DpopOptions`](crate::DpopOptions)); expired slots are reused. When every slot holds a
/// live entry, a new proof is refused with [`Error::ReplayCacheFull`], never accepted
/// unrecorded. Size it for the peak rate of proofs times the window (for 1000 requests a
/// second and a 360 s window, 360 000 slots, 14 MB).
///
/// The cache takes `&mut self`: it is not shared between threads by itself. Either give
/// each thread its own cache and route each client's requests to one thread (a replay sent
/// to another thread is then missed), or, to catch every replay, share one cache behind a
/// lock (`std::sync::Mutex`, a `pthread_mutex_t` in C) held for the call that records the
/// proof; the signature check can run outside the lock ([`verify_proof`](crate::verify_proof)
/// then [`ReplayCache::record`]).
///
/// ```
/// use idgate::{ReplayCache, ReplaySlot};
/// let mut slots = [ReplaySlot::EMPTY; 64];
/// let cache = ReplayCache::new(&mut slots);
/// assert_eq!((cache.capacity(), cache.live(0)), (64, 0));
/// ```
#[derive(Debug)]
pub struct ReplayCache<'s> {
    slots: &'s mut [ReplaySlot],
}

impl<'s> ReplayCache<'s> {
    /// A cache over `slots`. Slots that already hold entries (a cache kept in a `static`,
    /// or storage reused across restarts) keep them.
    #[must_use]
    pub fn new(slots: &'s mut [ReplaySlot]) -> ReplayCache<'s> {
        ReplayCache { slots }
    }

    /// How many slots there are.
    #[must_use]
    pub fn capacity(&self) -> usize {
        self.slots.len()
    }

    /// How many entries are live at `now`.
    #[must_use]
    pub fn live(&self, now: u64) -> usize {
        self.slots.iter().filter(|s| s.expires > now).count()
    }

    /// Frees every slot.
    pub fn clear(&mut self) {
        self.slots.fill(ReplaySlot::EMPTY);
    }

    /// Records `entry` at `now`.
    ///
    /// # Errors
    /// [`Error::DpopReplay`] if a live entry has the same identity;
    /// [`Error::ReplayCacheFull`] if no slot is free or expired (nothing is recorded).
    pub(crate) fn insert(&mut self, entry: ReplayEntry, now: u64) -> Result<(), Error> {
        let mut free = None;
        for (i, slot) in self.slots.iter().enumerate() {
            if slot.expires > now {
                if bool::from(subtle::ConstantTimeEq::ct_eq(&slot.id[..], &entry.id[..])) {
                    return Err(Error::DpopReplay);
                }
            } else if free.is_none() {
                free = Some(i);
            }
        }
        let slot = free
            .and_then(|i| self.slots.get_mut(i))
            .ok_or(Error::ReplayCacheFull)?;
        *slot = ReplaySlot {
            id: entry.id,
            expires: entry.expires,
        };
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(jti: &str, expires: u64) -> ReplayEntry {
        ReplayEntry::new(&Thumbprint::from_bytes([7; 32]), jti.as_bytes(), expires)
    }

    #[test]
    fn replay_full_and_expiry() {
        let mut slots = [ReplaySlot::EMPTY; 2];
        let mut c = ReplayCache::new(&mut slots);
        assert_eq!(c.insert(entry("a", 100), 10), Ok(()));
        assert_eq!(c.insert(entry("a", 100), 11), Err(Error::DpopReplay));
        // Same jti, other key: a different proof.
        let other = ReplayEntry::new(&Thumbprint::from_bytes([8; 32]), b"a", 100);
        assert_eq!(c.insert(other, 12), Ok(()));
        assert_eq!(c.live(12), 2);
        assert_eq!(c.insert(entry("b", 100), 13), Err(Error::ReplayCacheFull));
        // Refused when full: still not recorded, still refused.
        assert_eq!(c.insert(entry("b", 100), 14), Err(Error::ReplayCacheFull));
        // At 100 both entries expire: their slots are reused, and the old jti is new again.
        assert_eq!(c.live(100), 0);
        assert_eq!(c.insert(entry("b", 200), 100), Ok(()));
        assert_eq!(c.insert(entry("a", 200), 100), Ok(()));
        assert_eq!(c.insert(entry("a", 200), 199), Err(Error::DpopReplay));
        c.clear();
        assert_eq!(c.live(0), 0);
        let mut none: [ReplaySlot; 0] = [];
        let mut c = ReplayCache::new(&mut none);
        assert_eq!(c.insert(entry("a", 1), 0), Err(Error::ReplayCacheFull));
    }
}
