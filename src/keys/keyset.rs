//! Key sets: the caller's trusted keys, loaded from a JWKS document (RFC 7517 §5) or added
//! one by one, and the choice of key for a token (RFC 7515 §6, RFC 8725 §3.1).
//!
//! A key set is one struct generic over its storage, like heapless's `VecView`: [`KeySet<N>`]
//! holds `N` slots inline and dereferences to [`KeySetView`], the unsized form that
//! [`verify`](crate::verify) and every method take. The verification path is so compiled
//! once, whatever the capacities a program uses, and memory of any size (such as the C
//! API's) can hold a key set.

use crate::alg::Alg;
use crate::codec::json::{self, Array, JStr, Value};
use crate::error::Error;
use crate::keys::jwk::{self, Jwk, Kid};
use crate::keys::key::Key;
use crate::keys::skipped::{SkipReason, SkippedKey};
use crate::limits::{DEFAULT_KEY_CAPACITY, MAX_JWKS_LEN, MAX_SKIPPED_KEYS};

#[derive(Clone, Debug)]
struct Entry {
    kid: Option<Kid>,
    /// The JWK's own `alg`, which then is the only algorithm the key serves.
    alg: Option<Alg>,
    /// An HMAC secret added with [`KeySetView::add_hmac`]: serves HS* tokens whatever their
    /// `kid`.
    any_kid: bool,
    key: Key,
}

/// True if a stored `kid` is the token's `kid` (compared decoded).
fn kid_eq(stored: &[u8], kid: &JStr<'_>) -> bool {
    match kid.as_plain() {
        Some(plain) => crate::codec::scan::bytes_eq(plain.as_bytes(), stored),
        None => kid.bytes().eq(stored.iter().copied()),
    }
}

impl Entry {
    fn fits(&self, alg: Alg) -> bool {
        jwk::alg_fits(self.alg, &self.key, alg)
    }
}

/// What [`KeySetView::load_jwks`] did with a document.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct LoadReport {
    /// Keys the set now holds from this document.
    pub added: usize,
    /// JWKs skipped: unusable types or curves (`oct`, X25519, secp256k1, ...), `use` other
    /// than `sig`, `key_ops` without `verify`, an `alg` that does not fit the key, weak or
    /// invalid key material, a `kid` over [`MAX_KID_LEN`](crate::limits::MAX_KID_LEN) bytes,
    /// members of the wrong type. Each has a [`SkipReason`].
    pub skipped: usize,
    skipped_keys: heapless::Vec<SkippedKey, MAX_SKIPPED_KEYS>,
}

impl LoadReport {
    /// The skipped JWKs with their `kid` and [`SkipReason`], in document order: the first
    /// [`MAX_SKIPPED_KEYS`](crate::limits::MAX_SKIPPED_KEYS) of them (all of them when
    /// [`LoadReport::skipped`] is not larger). The key set keeps the same list
    /// ([`KeySetView::skipped_keys`]).
    #[must_use]
    pub fn skipped_keys(&self) -> &[SkippedKey] {
        &self.skipped_keys
    }
}

/// One place for a key in a key set's memory: empty, or a key with its `kid` and JWK `alg`.
///
/// Opaque. It is public so that memory of any size can be laid out as a key set: the C API
/// fills caller-provided storage with [`KeySlot::EMPTY`] slots behind a [`KeySet<0>`] header.
// Empty when its key is `Material::Empty`: a key is built in its slot, field by field, where an
// `Option<Entry>` could only be set to `Some` with a whole entry, built elsewhere first.
#[derive(Clone)]
pub struct KeySlot(Entry);

impl KeySlot {
    /// An empty slot.
    pub const EMPTY: KeySlot = KeySlot(Entry {
        kid: None,
        alg: None,
        any_kid: false,
        key: Key::EMPTY,
    });

    /// The entry, unless the slot is empty.
    fn entry(&self) -> Option<&Entry> {
        (!self.0.key.is_empty()).then_some(&self.0)
    }

    /// Empties the slot (in place: no key is written, only marked absent).
    fn clear(&mut self) {
        self.0.key.clear();
        self.0.kid = None;
        self.0.alg = None;
        self.0.any_kid = false;
    }
}

impl core::fmt::Debug for KeySlot {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_tuple("KeySlot").field(&self.entry()).finish()
    }
}

/// A key set over storage `S`: `[KeySlot; N]` for [`KeySet<N>`], `[KeySlot]` for
/// [`KeySetView`]. Use those two names; this one only carries them.
///
/// `#[repr(C)]`, so the header and the slots are at the same offsets whatever the capacity
/// (the slots at [`KeySetView::SLOTS_OFFSET`]).
#[repr(C)]
pub struct KeySetInner<S: ?Sized> {
    /// Slots in use, from the first; every later slot is empty.
    len: usize,
    /// The JWKs the last [`KeySetView::load_jwks`] skipped (the first ones).
    skipped: heapless::Vec<SkippedKey, MAX_SKIPPED_KEYS>,
    slots: S,
}

/// The caller's trusted verification keys, with room for `N` keys and no heap.
///
/// A key set is immutable while tokens are verified against it, so it can be shared by
/// reference across threads (`Sync`) with no locks. Build it once per JWKS fetch: all the
/// key material is decoded and validated, and all per-key precomputation done, at load time.
///
/// It dereferences to [`KeySetView`], where all its methods are: code that takes a
/// `&KeySetView` serves key sets of every capacity.
///
/// ```
/// use idgate::KeySet;
/// let jwks = br#"{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"k1",
///     "x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}"#;
/// let mut keys = KeySet::new(); // DEFAULT_KEY_CAPACITY keys
/// let report = keys.load_jwks(jwks)?;
/// assert_eq!((report.added, report.skipped), (1, 0));
///
/// let mut more: KeySet<32> = KeySet::empty(); // any other capacity
/// more.load_jwks(jwks)?;
/// assert_eq!((more.len(), more.capacity()), (1, 32));
/// # Ok::<(), idgate::Error>(())
/// ```
pub type KeySet<const N: usize = DEFAULT_KEY_CAPACITY> = KeySetInner<[KeySlot; N]>;

/// A key set of any capacity, unsized (like `[T]` to `[T; N]`): what [`verify`](crate::verify)
/// and the key-set methods take. A `&KeySet<N>` converts to it by dereference.
pub type KeySetView = KeySetInner<[KeySlot]>;

// Compile-time guarantee of what the documentation promises: a key set (and a key) can be
// shared by reference across threads, and moved between them. Fails the build otherwise.
const _: () = {
    const fn shareable<T: Send + Sync + ?Sized>() {}
    shareable::<KeySet>();
    shareable::<KeySet<1>>();
    shareable::<KeySetView>();
    shareable::<Key>();
};

impl KeySet {
    /// An empty key set of the default capacity,
    /// [`DEFAULT_KEY_CAPACITY`](crate::limits::DEFAULT_KEY_CAPACITY) keys (usable in a
    /// `static`). Other capacities: [`KeySet::empty`].
    ///
    /// `KeySet::new()` needs no type annotation because it exists for the default capacity
    /// only (as `HashMap::new` for the default hasher): Rust does not fall back to a default
    /// const parameter when it infers a type, so a `new` for every `N` would need one.
    #[must_use]
    pub const fn new() -> Self {
        KeySet::empty()
    }
}

impl<const N: usize> KeySet<N> {
    /// An empty key set with room for `N` keys (usable in a `static`):
    /// `let keys: KeySet<32> = KeySet::empty();`.
    #[must_use]
    pub const fn empty() -> Self {
        KeySetInner {
            len: 0,
            skipped: heapless::Vec::new(),
            slots: [KeySlot::EMPTY; N],
        }
    }
}

impl<const N: usize> Default for KeySet<N> {
    fn default() -> Self {
        Self::empty()
    }
}

impl<const N: usize> Clone for KeySet<N> {
    fn clone(&self) -> Self {
        KeySetInner {
            len: self.len,
            skipped: self.skipped.clone(),
            slots: self.slots.clone(),
        }
    }
}

impl<const N: usize> core::ops::Deref for KeySet<N> {
    type Target = KeySetView;
    fn deref(&self) -> &KeySetView {
        self
    }
}

impl<const N: usize> core::ops::DerefMut for KeySet<N> {
    fn deref_mut(&mut self) -> &mut KeySetView {
        self
    }
}

impl core::fmt::Debug for KeySetView {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("KeySet")
            .field("capacity", &self.capacity())
            .field("keys", &EntriesDebug(self))
            .field("skipped", &self.skipped)
            .finish()
    }
}

impl<const N: usize> core::fmt::Debug for KeySet<N> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let view: &KeySetView = self;
        view.fmt(f)
    }
}

struct EntriesDebug<'a>(&'a KeySetView);

impl core::fmt::Debug for EntriesDebug<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.0.entries()).finish()
    }
}

/// What one pass over a JWKS document's `keys` found.
struct Scan {
    usable: usize,
    saw_weak: bool,
}

impl KeySetView {
    /// Byte offset of the first [`KeySlot`] in a key set's memory, the same for every
    /// capacity: a key set of `n` keys is this header followed by `n` slots
    /// (`size_of::<KeySlot>()` bytes each, aligned as `KeySet<0>`), which is how the C API lays
    /// one out in storage the caller provides.
    pub const SLOTS_OFFSET: usize = core::mem::offset_of!(KeySet<0>, slots);

    /// Number of keys held.
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    /// True if the set holds no key.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Number of keys the set has room for.
    #[must_use]
    pub fn capacity(&self) -> usize {
        self.slots.len()
    }

    /// Removes every key, and the record of skipped JWKs.
    pub fn clear(&mut self) {
        for slot in &mut self.slots {
            slot.clear();
        }
        self.len = 0;
        self.skipped.clear();
    }

    fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.slots.iter().take(self.len).filter_map(KeySlot::entry)
    }

    fn push(&mut self, entry: Entry) -> Result<(), Error> {
        let slot = self.slots.get_mut(self.len).ok_or(Error::KeySetFull)?;
        slot.0 = entry;
        self.len = self.len.saturating_add(1);
        Ok(())
    }

    /// Builds the key of `jwk` in the next free slot, where it stays: the key (up to 1 KiB)
    /// is written there, never built elsewhere and moved in. A key that cannot be built
    /// leaves the slot empty, with its reason; `Err(None)` if no slot is free.
    fn push_jwk(&mut self, mut jwk: Jwk<'_>) -> Result<(), Option<SkipReason>> {
        let slot = self.slots.get_mut(self.len).ok_or(None)?;
        // Field by field: an `Entry` value would be a copy of the key's size.
        slot.0.kid = jwk.kid.take();
        slot.0.alg = jwk.alg;
        slot.0.any_kid = false;
        if let Err(reason) = jwk.build_in(&mut slot.0.key) {
            slot.clear();
            return Err(Some(reason));
        }
        self.len = self.len.saturating_add(1);
        Ok(())
    }

    /// The keys held, with their `kid` and JWK `alg`.
    pub fn keys(&self) -> impl Iterator<Item = (Option<&str>, Option<Alg>, &Key)> {
        self.entries().map(|e| {
            let kid = e.kid.as_ref().and_then(|k| core::str::from_utf8(k).ok());
            (kid, e.alg, &e.key)
        })
    }

    /// The JWKs the last [`KeySetView::load_jwks`] skipped, with their `kid` and reason (the
    /// first [`MAX_SKIPPED_KEYS`](crate::limits::MAX_SKIPPED_KEYS)). A token whose `kid` names
    /// one of them, and no key the set holds, is refused with
    /// [`SkipReason::token_error`] rather than [`Error::UnknownKid`].
    pub fn skipped_keys(&self) -> &[SkippedKey] {
        &self.skipped
    }

    /// Loads the usable keys of a JWKS document (`{"keys":[...]}`), **replacing** every key
    /// the set held (including keys added one by one: add those after loading) and the
    /// record of skipped JWKs. Loading a refetched JWKS into the set in use so never
    /// duplicates keys.
    ///
    /// JWKs this verifier cannot or must not use are skipped, counted, and remembered with
    /// their `kid` and [`SkipReason`] (see [`LoadReport`]), so one exotic key does not break a
    /// provider's whole set, and a token naming a skipped key learns why it is refused.
    ///
    /// All or nothing: on error the set is exactly as it was before the call. (A set that
    /// already holds keys is checked with a first pass over the document before it is
    /// changed, so reloading costs two parses, though the first one only checks the keys and
    /// does none of their precomputation; loading into an empty set costs one.) To keep
    /// serving tokens while a new document loads, load it into a second set and swap (see the
    /// README, "Key rotation").
    ///
    /// # Errors
    /// [`Error::TooLarge`] above [`MAX_JWKS_LEN`] or JSON limits; [`Error::Malformed`] if the
    /// document is not strict JSON or has no `keys` array; [`Error::WeakKey`] if nothing
    /// usable is in it and a key was skipped for being weak, else [`Error::NoUsableKey`] if
    /// nothing usable is in it; [`Error::KeySetFull`] if the usable keys exceed the capacity.
    pub fn load_jwks(&mut self, jwks: &[u8]) -> Result<LoadReport, Error> {
        if jwks.len() > MAX_JWKS_LEN {
            return Err(Error::TooLarge);
        }
        let doc = json::parse_object(jwks)?;
        let Some(Value::Array(list)) = doc.get("keys") else {
            return Err(Error::Malformed);
        };
        if !self.is_empty() {
            // Check first: the keys held must survive a document that cannot replace them.
            let scan = scan(&list);
            check_usable(&scan)?;
            if scan.usable > self.capacity() {
                return Err(Error::KeySetFull);
            }
        }
        self.clear();
        let mut report = LoadReport::default();
        let mut saw_weak = false;
        for jwk in list.iter() {
            // With every slot taken, a usable key can only mean the set is too small: it is
            // checked, not built.
            let outcome = if self.len >= self.capacity() {
                match check_entry(&jwk) {
                    Ok(()) => Err(None),
                    Err(reason) => Err(Some(reason)),
                }
            } else {
                match &jwk {
                    Value::Object(o) => jwk::parse(*o)
                        .map_err(Some)
                        .and_then(|parsed| self.push_jwk(parsed)),
                    _ => Err(Some(SkipReason::Malformed)),
                }
            };
            match outcome {
                Ok(()) => report.added = report.added.saturating_add(1),
                // A usable key and no room for it.
                Err(None) => {
                    self.clear();
                    return Err(Error::KeySetFull);
                }
                Err(Some(reason)) => {
                    saw_weak |= reason == SkipReason::Weak;
                    report.skipped = report.skipped.saturating_add(1);
                    // Bounded record: later skipped keys are counted only.
                    if !report.skipped_keys.is_full() {
                        let _ = report.skipped_keys.push(skipped(&jwk, reason));
                    }
                }
            }
        }
        if let Err(e) = check_usable(&Scan {
            usable: report.added,
            saw_weak,
        }) {
            self.clear();
            return Err(e);
        }
        self.skipped.clone_from(&report.skipped_keys);
        Ok(report)
    }

    /// Adds one JWK (a JSON object) to the keys held. Unlike [`KeySetView::load_jwks`],
    /// nothing is skipped: a key that cannot be used is an error naming why.
    ///
    /// # Errors
    /// [`Error::Malformed`] for bad JSON or members of the wrong type; [`Error::UnsupportedAlg`]
    /// for a key type, curve, `use`, `key_ops` or `alg` this verifier cannot use (including
    /// `oct`: add HMAC secrets with [`KeySetView::add_hmac`]); [`Error::WeakKey`] and
    /// [`Error::InvalidKey`] as in [`Key::rsa`], [`Key::ec`], [`Key::ed25519`];
    /// [`Error::TooLarge`] for a `kid` over [`MAX_KID_LEN`](crate::limits::MAX_KID_LEN) bytes;
    /// [`Error::KeySetFull`].
    pub fn add_jwk(&mut self, jwk: &[u8]) -> Result<(), Error> {
        let obj = json::parse_object(jwk)?;
        let jwk = jwk::parse(obj).map_err(SkipReason::add_error)?;
        if self.len >= self.capacity() {
            // No room: still the key's own error first, if it has one.
            jwk.check().map_err(SkipReason::add_error)?;
            return Err(Error::KeySetFull);
        }
        self.push_jwk(jwk)
            .map_err(|reason| reason.map_or(Error::KeySetFull, SkipReason::add_error))
    }

    /// Adds a key built in code, with an optional `kid` and an optional algorithm it is
    /// restricted to.
    ///
    /// # Errors
    /// [`Error::TooLarge`] for a `kid` over [`MAX_KID_LEN`](crate::limits::MAX_KID_LEN) bytes;
    /// [`Error::KeyMismatch`] if `alg` does not fit the key; [`Error::KeySetFull`].
    pub fn add_key(&mut self, kid: Option<&str>, alg: Option<Alg>, key: Key) -> Result<(), Error> {
        let kid = kid
            .map(|k| Kid::from_slice(k.as_bytes()).map_err(|_| Error::TooLarge))
            .transpose()?;
        let entry = Entry {
            kid,
            alg,
            any_kid: false,
            key,
        };
        if let Some(a) = alg
            && !entry.fits(a)
        {
            return Err(Error::KeyMismatch);
        }
        self.push(entry)
    }

    /// Adds an HMAC secret (such as an OIDC `client_secret`, its raw bytes) for HS256,
    /// HS384 and HS512. It serves HS* tokens whatever their `kid`. HS* algorithms must still
    /// be in the policy's allow-list, which by default holds only asymmetric ones.
    ///
    /// # Errors
    /// As [`Key::hmac`]; [`Error::KeySetFull`].
    pub fn add_hmac(&mut self, secret: &[u8]) -> Result<(), Error> {
        let key = Key::hmac(secret)?;
        self.push(Entry {
            kid: None,
            alg: None,
            any_kid: true,
            key,
        })
    }

    /// The keys to try for a token with this `alg` and `kid`, in set order (RFC 7515 §6).
    ///
    /// # Errors
    /// With a `kid`: [`Error::KeyMismatch`] if keys carry it but none fits `alg`; else, if a
    /// JWK skipped at load carried it, the error its [`SkipReason`] maps to; else
    /// [`Error::UnknownKid`]. Without: [`Error::UnknownKid`] unless exactly one key fits.
    /// [`Error::WeakKey`] if only an HMAC secret too short for `alg` would have served.
    pub(crate) fn candidates<'s, 'k: 's>(
        &'s self,
        alg: Alg,
        kid: Option<JStr<'k>>,
    ) -> Result<impl Iterator<Item = &'s Key> + 's, Error> {
        // The token's `kid` as bytes, cut from its JSON once rather than per stored key.
        let plain = kid.as_ref().and_then(JStr::as_plain).map(str::as_bytes);
        let kid_is = move |stored: &Option<Kid>| match (stored, &kid, plain) {
            (Some(k), _, Some(p)) => crate::codec::scan::bytes_eq(p, k),
            (Some(k), Some(kid), None) => kid.bytes().eq(k.iter().copied()),
            _ => false,
        };
        // The cheaper test first: most keys of a set are of another type than `alg` wants.
        let usable = move |e: &Entry| e.fits(alg) && (kid.is_none() || e.any_kid || kid_is(&e.kid));
        // Only "none", "one" and (without a `kid`) "more than one" matter: the scan stops at
        // the first fitting key with a `kid`, at the second without; the keys handed back
        // start at the first fitting one, which is not tested twice.
        let live = || self.slots.iter().take(self.len);
        let mut fitting = live()
            .enumerate()
            .filter(|(_, slot)| slot.entry().is_some_and(usable));
        let Some((first, _)) = fitting.next() else {
            // Only an HMAC secret too short for this hash could have served.
            let weak_hmac = alg.is_symmetric() && self.entries().any(|e| e.any_kid);
            if weak_hmac {
                return Err(Error::WeakKey);
            }
            let Some(kid) = kid.as_ref() else {
                return Err(Error::UnknownKid);
            };
            // A secret that answers to every kid does not make an unknown kid known.
            if self.entries().any(|e| kid_is(&e.kid)) {
                return Err(Error::KeyMismatch);
            }
            // A key the load skipped: its reason, not a cue to refetch.
            let skipped = self
                .skipped
                .iter()
                .find(|s| s.kid_bytes().is_some_and(|k| kid_eq(k, kid)));
            return Err(skipped.map_or(Error::UnknownKid, |s| s.reason().token_error()));
        };
        if kid.is_none() && fitting.next().is_some() {
            return Err(Error::UnknownKid);
        }
        Ok(live()
            .skip(first)
            .filter_map(KeySlot::entry)
            .filter(move |e| usable(e))
            .map(|e| &e.key))
    }
}

/// Whether a JWKS array element's key builds, or why it is skipped (for the tests: a load
/// builds each key in its slot).
#[cfg(all(test, feature = "rsa", feature = "ecdsa", feature = "eddsa"))]
fn parse_entry(jwk: &Value<'_>) -> Result<(), SkipReason> {
    match jwk {
        Value::Object(o) => {
            let mut key = Key::empty();
            jwk::parse(*o)?.build_in(&mut key)
        }
        _ => Err(SkipReason::Malformed),
    }
}

/// The record of a skipped JWKS array element: its `kid` if it has a readable one.
fn skipped(jwk: &Value<'_>, reason: SkipReason) -> SkippedKey {
    let kid = match jwk {
        Value::Object(o) => jwk::kid(o).ok().flatten(),
        _ => None,
    };
    SkippedKey::new(kid, reason)
}

/// What [`parse_entry`] would say of a JWKS array element, without building the key (see
/// [`jwk::check`]).
fn check_entry(jwk: &Value<'_>) -> Result<(), SkipReason> {
    match jwk {
        Value::Object(o) => jwk::check(*o),
        _ => Err(SkipReason::Malformed),
    }
}

/// Counts the usable keys of a JWKS `keys` array without building them.
fn scan(list: &Array<'_>) -> Scan {
    let mut out = Scan {
        usable: 0,
        saw_weak: false,
    };
    for jwk in list.iter() {
        match check_entry(&jwk) {
            Ok(()) => out.usable = out.usable.saturating_add(1),
            Err(reason) => out.saw_weak |= reason == SkipReason::Weak,
        }
    }
    out
}

/// A document with no usable key is an error, naming weakness if that was a reason.
fn check_usable(scan: &Scan) -> Result<(), Error> {
    match (scan.usable, scan.saw_weak) {
        (0, true) => Err(Error::WeakKey),
        (0, false) => Err(Error::NoUsableKey),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;

    #[cfg(feature = "eddsa")]
    const ED: &str =
        r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;

    fn jwks(keys: &[&str]) -> heapless::String<4096> {
        let mut s = heapless::String::new();
        let _ = s.push_str("{\"keys\":[");
        for (i, k) in keys.iter().enumerate() {
            if i > 0 {
                let _ = s.push(',');
            }
            let _ = s.push_str(k);
        }
        let _ = s.push_str("]}");
        s
    }

    /// Member names are compared decoded: escapes in them change nothing.
    #[test]
    #[cfg(feature = "eddsa")]
    fn escaped_member_names() {
        let doc = jwks(&[
            r#"{"k\u0074y":"OKP","\u0063rv":"Ed25519","kid":"k\u0031","\u0078":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#,
            r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","\u0075se":"enc","\u006bid":"k2"}"#,
        ]);
        let mut ks = KeySet::new();
        let report = ks.load_jwks(doc.as_bytes());
        assert_eq!(report.as_ref().map(|r| (r.added, r.skipped)), Ok((1, 1)));
        assert_eq!(ks.keys().map(|(kid, _, _)| kid).next(), Some(Some("k1")));
        let skipped = ks.skipped_keys();
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].reason(), SkipReason::NotForSignature);
        assert_eq!(skipped[0].kid_bytes(), Some(&b"k2"[..]));
    }

    #[test]
    #[cfg(feature = "eddsa")]
    fn skips_and_counts_unusable_keys() {
        let doc = jwks(&[
            ED,
            r#"{"kty":"OKP","crv":"X25519","x":"hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo"}"#,
            r#"{"kty":"oct","k":"AAAA"}"#,
            r#"{"kty":"OKP","crv":"Ed25519","use":"enc","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#,
            r#"{"kty":"OKP","crv":"Ed25519","key_ops":["encrypt"],"x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#,
            r#"{"kty":"OKP","crv":"Ed25519","alg":"RS256","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#,
            r#"{"kty":"OKP","crv":"Ed25519","x":12}"#,
            r#"{"kty":"RSA","n":"AQAB"}"#,
            r#""not an object""#,
        ]);
        let mut ks = KeySet::new();
        let report = ks.load_jwks(doc.as_bytes());
        let counts = report.as_ref().map(|r| (r.added, r.skipped));
        assert_eq!(counts, Ok((1, 8)));
        assert_eq!(ks.len(), 1);
        // The first MAX_SKIPPED_KEYS are remembered, in document order, with their reason.
        let reasons: std::vec::Vec<_> = ks.skipped_keys().iter().map(|k| k.reason()).collect();
        use SkipReason::*;
        assert_eq!(
            reasons,
            [UnsupportedCrv, UnsupportedKty, NotForSignature, NoVerifyOp]
        );
        assert_eq!(report.map(|r| r.skipped_keys().len()), Ok(MAX_SKIPPED_KEYS));
    }

    #[test]
    fn nothing_usable() {
        let mut ks = KeySet::new();
        let doc = jwks(&[r#"{"kty":"oct","k":"AAAA"}"#]);
        assert_eq!(ks.load_jwks(doc.as_bytes()), Err(Error::NoUsableKey));
        assert_eq!(ks.load_jwks(b"{\"keys\":[]}"), Err(Error::NoUsableKey));
        assert_eq!(ks.load_jwks(b"{\"keys\":{}}"), Err(Error::Malformed));
        assert_eq!(ks.load_jwks(b"{}"), Err(Error::Malformed));
        assert_eq!(ks.load_jwks(b"[]"), Err(Error::Malformed));
    }

    #[test]
    #[cfg(all(feature = "eddsa", feature = "hmac"))]
    fn key_choice_codes() {
        let kid = |doc: &'static str| match crate::codec::json::parse_object(doc.as_bytes()) {
            Ok(o) => match o.get("kid") {
                Some(Value::Str(s)) => Some(s),
                _ => None,
            },
            Err(_) => None,
        };
        let mut ks: KeySet = KeySet::new();
        let with_kid = r#"{"kty":"OKP","crv":"Ed25519","kid":"k1","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
        assert_eq!(ks.add_jwk(with_kid.as_bytes()), Ok(()));
        let pick = |ks: &KeySet, alg, k| ks.candidates(alg, k).map(|c| c.count());
        assert_eq!(pick(&ks, Alg::EdDSA, kid(r#"{"kid":"k1"}"#)), Ok(1));
        assert_eq!(pick(&ks, Alg::EdDSA, kid(r#"{"kid":"k\u0031"}"#)), Ok(1));
        assert_eq!(pick(&ks, Alg::EdDSA, None), Ok(1));
        assert_eq!(
            pick(&ks, Alg::EdDSA, kid(r#"{"kid":"k2"}"#)),
            Err(Error::UnknownKid)
        );
        assert_eq!(
            pick(&ks, Alg::ES256, kid(r#"{"kid":"k1"}"#)),
            Err(Error::KeyMismatch)
        );
        assert_eq!(pick(&ks, Alg::ES256, None), Err(Error::UnknownKid));
        // An HMAC secret answers to every kid, for HS* only.
        assert_eq!(ks.add_hmac(&[7u8; 48]), Ok(()));
        assert_eq!(
            pick(&ks, Alg::EdDSA, kid(r#"{"kid":"k2"}"#)),
            Err(Error::UnknownKid)
        );
        assert_eq!(pick(&ks, Alg::HS256, kid(r#"{"kid":"k2"}"#)), Ok(1));
        assert_eq!(pick(&ks, Alg::HS384, kid(r#"{"kid":"k1"}"#)), Ok(1));
        assert_eq!(
            pick(&ks, Alg::HS512, kid(r#"{"kid":"k1"}"#)),
            Err(Error::WeakKey)
        );
        // Two keys fit and the token names none: ambiguous.
        assert_eq!(ks.add_jwk(with_kid.as_bytes()), Ok(()));
        assert_eq!(pick(&ks, Alg::EdDSA, None), Err(Error::UnknownKid));
        assert_eq!(pick(&ks, Alg::EdDSA, kid(r#"{"kid":"k1"}"#)), Ok(2));
    }

    #[test]
    #[cfg(feature = "eddsa")]
    fn capacity_is_all_or_nothing() {
        let mut ks: KeySet<2> = KeySet::empty();
        assert_eq!(ks.load_jwks(jwks(&[ED]).as_bytes()).map(|r| r.added), Ok(1));
        assert_eq!(
            ks.load_jwks(jwks(&[ED, ED, ED]).as_bytes()),
            Err(Error::KeySetFull)
        );
        assert_eq!(ks.len(), 1);
        // Into an empty set too: nothing is left behind.
        let mut empty: KeySet<2> = KeySet::empty();
        assert_eq!(
            empty.load_jwks(jwks(&[ED, ED, ED]).as_bytes()),
            Err(Error::KeySetFull)
        );
        assert_eq!((empty.len(), empty.keys().count()), (0, 0));
        // Once the set is full, later keys are only checked: unusable ones are still skipped
        // (and recorded), a usable one means the set is too small.
        let enc = r#"{"kty":"OKP","crv":"Ed25519","use":"enc","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
        let weak = r#"{"kty":"RSA","n":"AQAB","e":"AQAB"}"#;
        let report = empty.load_jwks(jwks(&[ED, ED, enc, weak]).as_bytes());
        assert_eq!(report.map(|r| (r.added, r.skipped)), Ok((2, 2)));
        let reasons: std::vec::Vec<_> = empty.skipped_keys().iter().map(|k| k.reason()).collect();
        let weak_reason = if cfg!(feature = "rsa") {
            SkipReason::Weak
        } else {
            SkipReason::UnsupportedKty
        };
        assert_eq!(reasons, [SkipReason::NotForSignature, weak_reason]);
        let mut empty: KeySet<2> = KeySet::empty();
        assert_eq!(
            empty.load_jwks(jwks(&[ED, enc, ED, weak, ED]).as_bytes()),
            Err(Error::KeySetFull)
        );
        assert_eq!(empty.len(), 0);
    }

    /// Checking a JWK without building its key ([`check_entry`], the first pass of a reload
    /// and what a full set does) says exactly what building it says, on the fixture key sets
    /// and on JWKs refused for each reason.
    #[test]
    #[cfg(all(feature = "rsa", feature = "ecdsa", feature = "eddsa"))]
    fn checking_a_key_agrees_with_building_it() {
        let docs = [
            include_str!("../../tests/data/fixtures/jwks.json"),
            include_str!("../../tests/data/fixtures/jwks_any.json"),
            include_str!("../../tests/data/fixtures/jwks_mixed.json"),
            include_str!("../../tests/data/fixtures/jwks_weak.json"),
            include_str!("../../tests/data/keysets/paypal_shaped.json"),
            include_str!("../../tests/data/keysets/yahoo_shaped.json"),
            include_str!("../../tests/data/keysets/set32.json"),
        ];
        // P-256: G, G with y + 1 (off the curve), G with x = p (not below p).
        let gx = "axfR8uEsQkf4vOblY6RA8ncDfYEt6zOg9KE5RdiYwpY";
        let gy = "T-NC4v4af5uO5-tKfA-eFivOM1drMV7Oy7ZAaDe_UfU";
        let gy1 = "T-NC4v4af5uO5-tKfA-eFivOM1drMV7Oy7ZAaDe_UfY";
        let p = "_____wAAAAEAAAAAAAAAAAAAAAD___________________8";
        let crafted = [
            std::format!(r#"{{"kty":"EC","crv":"P-256","x":"{gx}","y":"{gy}"}}"#),
            std::format!(r#"{{"kty":"EC","crv":"P-256","x":"{gx}","y":"{gy1}"}}"#),
            std::format!(r#"{{"kty":"EC","crv":"P-256","x":"{p}","y":"{gy}"}}"#),
            std::format!(r#"{{"kty":"EC","crv":"P-256","x":"{gx}","y":"{gy}","alg":"ES384"}}"#),
            std::format!(r#"{{"kty":"EC","crv":"P-384","x":"{gx}","y":"{gy}"}}"#),
            std::format!(r#"{{"kty":"EC","crv":"P-256","x":"{gx}"}}"#),
            // RSA: 2048-bit all-ones modulus (valid), even, 1024 bits (weak), bad exponents.
            std::format!(
                r#"{{"kty":"RSA","n":"{}","e":"AQAB"}}"#,
                "_".repeat(342) + "w"
            ),
            std::format!(
                r#"{{"kty":"RSA","n":"{}","e":"AQAB"}}"#,
                "_".repeat(341) + "-w"
            ),
            std::format!(
                r#"{{"kty":"RSA","n":"{}","e":"AQAB"}}"#,
                "_".repeat(170) + "w"
            ),
            std::format!(
                r#"{{"kty":"RSA","n":"{}","e":"AQAA"}}"#,
                "_".repeat(342) + "w"
            ),
            std::format!(
                r#"{{"kty":"RSA","n":"{}","e":"AQ"}}"#,
                "_".repeat(342) + "w"
            ),
            std::format!(r#"{{"kty":"RSA","n":"{}"}}"#, "_".repeat(342) + "w"),
            std::format!(
                r#"{{"kty":"RSA","n":"{}","e":"AQAB","alg":"PS512"}}"#,
                "_".repeat(342) + "w"
            ),
            // Ed25519: valid, small order (the identity), not a point.
            ED.into(),
            r#"{"kty":"OKP","crv":"Ed25519","x":"AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#
                .into(),
            r#"{"kty":"OKP","crv":"Ed25519","x":"AgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#
                .into(),
            r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHUR"}"#
                .into(),
        ];
        let mut seen = std::collections::BTreeSet::new();
        let mut check_list = |list: &Array<'_>| {
            for jwk in list.iter() {
                let built = parse_entry(&jwk);
                assert_eq!(
                    check_entry(&jwk),
                    built,
                    "{:?}",
                    core::str::from_utf8(match jwk {
                        Value::Object(o) => o.raw(),
                        _ => b"?",
                    })
                );
                seen.insert(std::format!("{built:?}"));
            }
        };
        for doc in docs {
            let obj = json::parse_object(doc.as_bytes()).unwrap();
            let Some(Value::Array(list)) = obj.get("keys") else {
                panic!("no keys");
            };
            check_list(&list);
        }
        let doc = jwks(
            &crafted
                .iter()
                .map(|s| s.as_str())
                .collect::<std::vec::Vec<_>>(),
        );
        let obj = json::parse_object(doc.as_bytes()).unwrap();
        let Some(Value::Array(list)) = obj.get("keys") else {
            panic!("no keys");
        };
        check_list(&list);
        // Usable keys and refusals of several kinds were compared.
        for want in [
            "Ok(())",
            "Err(Weak)",
            "Err(InvalidKey)",
            "Err(AlgMismatch)",
            "Err(Malformed)",
        ] {
            assert!(seen.contains(want), "{want} not reached: {seen:?}");
        }
    }

    #[cfg(feature = "eddsa")]
    fn ed_kid(kid: &str) -> std::string::String {
        std::format!(
            r#"{{"kty":"OKP","crv":"Ed25519","kid":"{kid}","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}}"#
        )
    }

    #[test]
    #[cfg(feature = "eddsa")]
    fn reload_replaces_and_failed_reload_keeps() {
        let mut ks: KeySet<3> = KeySet::empty();
        let (a, b, c) = (ed_kid("a"), ed_kid("b"), ed_kid("c"));
        let enc = r#"{"kty":"RSA","kid":"e","use":"enc","n":"AQAB","e":"AQAB"}"#;
        assert_eq!(
            ks.load_jwks(jwks(&[&a, &b, enc]).as_bytes())
                .map(|r| r.added),
            Ok(2)
        );
        assert_eq!(ks.skipped_keys().len(), 1);
        // The same document again: still two keys, never four.
        assert_eq!(
            ks.load_jwks(jwks(&[&a, &b]).as_bytes()).map(|r| r.added),
            Ok(2)
        );
        let kids: std::vec::Vec<_> = ks.keys().map(|k| k.0).collect();
        assert_eq!(kids, [Some("a"), Some("b")]);
        assert_eq!(ks.skipped_keys(), &[]);
        // Rotation: b and c replace a and b.
        assert_eq!(
            ks.load_jwks(jwks(&[&b, &c, enc]).as_bytes())
                .map(|r| r.added),
            Ok(2)
        );
        let kids: std::vec::Vec<_> = ks.keys().map(|k| k.0).collect();
        assert_eq!(kids, [Some("b"), Some("c")]);
        // Documents that cannot replace the keys leave them (and the skipped record) as is.
        let four = jwks(&[&a, &b, &c, &a]);
        for (doc, want) in [
            (four.as_str(), Error::KeySetFull),
            (r#"{"keys":[]}"#, Error::NoUsableKey),
            (
                r#"{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB"}]}"#,
                if cfg!(feature = "rsa") {
                    Error::WeakKey
                } else {
                    Error::NoUsableKey
                },
            ),
            (r#"{"keys":[{"kty":"oct","k":"AQAB"}]}"#, Error::NoUsableKey),
            (r#"{"keys":[1"#, Error::Malformed),
        ] {
            assert_eq!(ks.load_jwks(doc.as_bytes()), Err(want), "{doc}");
            let kids: std::vec::Vec<_> = ks.keys().map(|k| k.0).collect();
            assert_eq!(kids, [Some("b"), Some("c")], "{doc}");
            assert_eq!(ks.skipped_keys().first().and_then(|k| k.kid()), Some("e"));
        }
        // Keys added one by one are replaced as well; add them after loading.
        assert_eq!(ks.add_jwk(a.as_bytes()), Ok(()));
        assert_eq!(ks.len(), 3);
        assert_eq!(ks.load_jwks(jwks(&[&c]).as_bytes()).map(|r| r.added), Ok(1));
        assert_eq!(ks.len(), 1);
        ks.clear();
        assert_eq!(
            (ks.len(), ks.skipped_keys().len(), ks.capacity()),
            (0, 0, 3)
        );
    }

    #[test]
    #[cfg(all(feature = "eddsa", feature = "rsa"))]
    fn a_token_naming_a_skipped_key_gets_its_reason() {
        let kid = |doc: &'static str| match crate::codec::json::parse_object(doc.as_bytes()) {
            Ok(o) => match o.get("kid") {
                Some(Value::Str(s)) => Some(s),
                _ => None,
            },
            Err(_) => None,
        };
        let weak_rsa = r#"{"kty":"RSA","kid":"weak","n":"wQ","e":"AQAB"}"#;
        let doc = jwks(&[
            &ed_kid("good"),
            weak_rsa,
            r#"{"kty":"OKP","crv":"X25519","kid":"x","x":"hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo"}"#,
            r#"{"kty":"OKP","crv":"Ed25519","kid":"enc","use":"enc","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#,
            r#"{"kty":"OKP","crv":"Ed25519","kid":"good","use":"enc","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#,
        ]);
        let mut ks = KeySet::new();
        assert_eq!(ks.load_jwks(doc.as_bytes()).map(|r| r.skipped), Ok(4));
        let pick = |alg, k| ks.candidates(alg, k).map(|c| c.count());
        assert_eq!(pick(Alg::EdDSA, kid(r#"{"kid":"good"}"#)), Ok(1));
        assert_eq!(
            pick(Alg::ES256, kid(r#"{"kid":"good"}"#)),
            Err(Error::KeyMismatch)
        );
        let weak_reason = ks.skipped_keys().first().map(|k| (k.kid(), k.reason()));
        assert_eq!(weak_reason, Some((Some("weak"), SkipReason::Weak)));
        assert_eq!(
            pick(Alg::RS256, kid(r#"{"kid":"weak"}"#)),
            Err(Error::WeakKey)
        );
        assert_eq!(
            pick(Alg::EdDSA, kid(r#"{"kid":"x"}"#)),
            Err(Error::UnsupportedAlg)
        );
        assert_eq!(
            pick(Alg::EdDSA, kid(r#"{"kid":"enc"}"#)),
            Err(Error::KeyMismatch)
        );
        assert_eq!(
            pick(Alg::EdDSA, kid(r#"{"kid":"other"}"#)),
            Err(Error::UnknownKid)
        );
    }

    /// A key that fails to build in its slot leaves the slot empty, and the next usable key
    /// takes it; a full set names a key's own error before `KeySetFull`.
    #[test]
    #[cfg(all(feature = "eddsa", feature = "es256"))]
    fn a_key_that_fails_to_build_leaves_its_slot_empty() {
        let gx = "axfR8uEsQkf4vOblY6RA8ncDfYEt6zOg9KE5RdiYwpY";
        let gy1 = "T-NC4v4af5uO5-tKfA-eFivOM1drMV7Oy7ZAaDe_UfY";
        let off_curve =
            std::format!(r#"{{"kty":"EC","crv":"P-256","kid":"off","x":"{gx}","y":"{gy1}"}}"#);
        let mut ks: KeySet<2> = KeySet::empty();
        let report = ks.load_jwks(jwks(&[&off_curve, &ed_kid("a")]).as_bytes());
        assert_eq!(report.map(|r| (r.added, r.skipped)), Ok((1, 1)));
        assert_eq!(ks.len(), 1);
        assert!(
            ks.slots[0]
                .entry()
                .is_some_and(|e| e.kid.as_deref() == Some(b"a".as_slice()))
        );
        assert!(ks.slots[1].entry().is_none());
        let reasons: std::vec::Vec<_> = ks
            .skipped_keys()
            .iter()
            .map(|k| (k.kid(), k.reason()))
            .collect();
        assert_eq!(reasons, [(Some("off"), SkipReason::InvalidKey)]);
        // add_jwk: the failed key leaves the free slot empty; then fill the set.
        assert_eq!(ks.add_jwk(off_curve.as_bytes()), Err(Error::InvalidKey));
        assert!(ks.slots[1].entry().is_none());
        assert_eq!(ks.add_jwk(ed_kid("b").as_bytes()), Ok(()));
        let kids: std::vec::Vec<_> = ks.keys().map(|k| k.0).collect();
        assert_eq!(kids, [Some("a"), Some("b")]);
        // Full: the key's own error first, then KeySetFull for a usable key.
        assert_eq!(ks.add_jwk(off_curve.as_bytes()), Err(Error::InvalidKey));
        assert_eq!(ks.add_jwk(ed_kid("c").as_bytes()), Err(Error::KeySetFull));
        assert_eq!(ks.len(), 2);
    }

    #[test]
    #[cfg(feature = "eddsa")]
    fn one_view_for_every_capacity() {
        fn count(view: &KeySetView) -> (usize, usize) {
            (view.len(), view.capacity())
        }
        let doc = jwks(&[ED]);
        let mut small: KeySet<1> = KeySet::empty();
        let mut large: KeySet<32> = KeySet::default();
        assert_eq!(small.load_jwks(doc.as_bytes()).map(|r| r.added), Ok(1));
        assert_eq!(large.load_jwks(doc.as_bytes()).map(|r| r.added), Ok(1));
        assert_eq!(count(&small), (1, 1));
        assert_eq!(count(&large), (1, 32));
        assert_eq!(count(&large.clone()), (1, 32));
        assert_eq!(small.add_jwk(ED.as_bytes()), Err(Error::KeySetFull));
        assert_eq!(
            core::mem::offset_of!(KeySet<32>, slots),
            KeySetView::SLOTS_OFFSET
        );
        let shown = std::format!("{small:?}");
        assert!(
            shown.starts_with("KeySet { capacity: 1, keys: [Entry {"),
            "{shown}"
        );
    }

    #[test]
    #[cfg(feature = "eddsa")]
    fn kid_limit_and_escapes() {
        use crate::limits::MAX_KID_LEN;
        let mut ks = KeySet::new();
        let kid: std::string::String = core::iter::repeat_n('k', MAX_KID_LEN + 1).collect();
        let long = std::format!(
            r#"{{"kty":"OKP","crv":"Ed25519","kid":"{kid}","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}}"#
        );
        assert_eq!(ks.add_jwk(long.as_bytes()), Err(Error::TooLarge));
        let escaped = r#"{"kty":"OKP","crv":"Ed\u00325519","kid":"a\/b","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
        assert_eq!(ks.add_jwk(escaped.as_bytes()), Ok(()));
        assert_eq!(ks.keys().next().map(|k| k.0), Some(Some("a/b")));
    }
}
