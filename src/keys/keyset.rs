//! Key sets: the caller's trusted keys, loaded from a JWKS document (RFC 7517 §5) or added
//! one by one, and the choice of key for a token (RFC 7515 §6, RFC 8725 §3.1).

use crate::alg::Alg;
use crate::codec::json::{self, JStr, Value};
use crate::error::Error;
use crate::keys::jwk::{self, Jwk, Kid};
use crate::keys::key::Key;
use crate::limits::{DEFAULT_KEY_CAPACITY, MAX_JWKS_LEN};

#[derive(Clone, Debug)]
struct Entry {
    kid: Option<Kid>,
    /// The JWK's own `alg`, which then is the only algorithm the key serves.
    alg: Option<Alg>,
    /// An HMAC secret added with [`KeySet::add_hmac`]: serves HS* tokens whatever their `kid`.
    any_kid: bool,
    key: Key,
}

impl From<Jwk> for Entry {
    fn from(jwk: Jwk) -> Entry {
        Entry {
            kid: jwk.kid,
            alg: jwk.alg,
            any_kid: false,
            key: jwk.key,
        }
    }
}

impl Entry {
    fn fits(&self, alg: Alg) -> bool {
        jwk::alg_fits(self.alg, &self.key, alg)
    }

    /// True if this entry may serve a token with this `kid` (or with none).
    fn answers_to(&self, kid: Option<&JStr<'_>>) -> bool {
        kid.is_none_or(|k| self.any_kid || self.kid_is(k))
    }

    fn kid_is(&self, kid: &JStr<'_>) -> bool {
        self.kid.as_ref().is_some_and(|k| match kid.as_plain() {
            Some(plain) => crate::codec::scan::bytes_eq(plain.as_bytes(), k.as_slice()),
            None => kid.bytes().eq(k.iter().copied()),
        })
    }
}

/// What [`KeySet::load_jwks`] did with a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct LoadReport {
    /// Keys added to the set.
    pub added: usize,
    /// JWKs skipped: unusable types or curves (`oct`, X25519, secp256k1, ...), `use` other
    /// than `sig`, `key_ops` without `verify`, an `alg` that does not fit the key, weak or
    /// invalid key material, a `kid` over [`MAX_KID_LEN`](crate::limits::MAX_KID_LEN) bytes, members of the wrong type.
    pub skipped: usize,
}

/// The caller's trusted verification keys, with room for `N` keys and no heap.
///
/// A key set is immutable while tokens are verified against it, so it can be shared by
/// reference across threads (`Sync`) with no locks. Build it once per JWKS fetch: all the
/// key material is decoded and validated, and all per-key precomputation done, at load time.
///
/// ```
/// use idgate::KeySet;
/// let jwks = br#"{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"k1",
///     "x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}"#;
/// let mut keys: KeySet = KeySet::new();
/// let report = keys.load_jwks(jwks)?;
/// assert_eq!((report.added, report.skipped), (1, 0));
/// # Ok::<(), idgate::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct KeySet<const N: usize = DEFAULT_KEY_CAPACITY> {
    entries: heapless::Vec<Entry, N>,
}

// Compile-time guarantee of what the documentation promises: a key set (and a key) can be
// shared by reference across threads, and moved between them. Fails the build otherwise.
const _: () = {
    const fn shareable<T: Send + Sync>() {}
    shareable::<KeySet>();
    shareable::<KeySet<1>>();
    shareable::<Key>();
};

impl<const N: usize> Default for KeySet<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> KeySet<N> {
    /// An empty key set (usable in a `static`).
    #[must_use]
    pub const fn new() -> Self {
        KeySet {
            entries: heapless::Vec::new(),
        }
    }

    /// Number of keys held.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True if the set holds no key.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Removes every key.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// The keys held, with their `kid` and JWK `alg`.
    pub fn keys(&self) -> impl Iterator<Item = (Option<&str>, Option<Alg>, &Key)> {
        self.entries.iter().map(|e| {
            let kid = e.kid.as_ref().and_then(|k| core::str::from_utf8(k).ok());
            (kid, e.alg, &e.key)
        })
    }

    /// Adds the usable keys of a JWKS document (`{"keys":[...]}`).
    ///
    /// JWKs this verifier cannot or must not use are skipped and counted (see
    /// [`LoadReport::skipped`]), so one exotic key does not break a provider's whole set.
    /// The load is all or nothing: on error the set is as it was before the call.
    ///
    /// # Errors
    /// [`Error::TooLarge`] above [`MAX_JWKS_LEN`] or JSON limits; [`Error::Malformed`] if the
    /// document is not strict JSON or has no `keys` array; [`Error::WeakKey`] if nothing
    /// usable remains and a key was skipped for being weak, else [`Error::NoUsableKey`] if
    /// nothing usable remains; [`Error::KeySetFull`] if the usable keys exceed the capacity.
    pub fn load_jwks(&mut self, jwks: &[u8]) -> Result<LoadReport, Error> {
        if jwks.len() > MAX_JWKS_LEN {
            return Err(Error::TooLarge);
        }
        let doc = json::parse_object(jwks)?;
        let Some(Value::Array(list)) = doc.get("keys") else {
            return Err(Error::Malformed);
        };
        let before = self.entries.len();
        let mut report = LoadReport::default();
        let mut saw_weak = false;
        for jwk in list.iter() {
            let parsed = match jwk {
                Value::Object(o) => jwk::parse(o).map(Entry::from),
                _ => Err(Error::Malformed),
            };
            match parsed {
                Ok(entry) => {
                    if self.entries.push(entry).is_err() {
                        self.entries.truncate(before);
                        return Err(Error::KeySetFull);
                    }
                    report.added = report.added.saturating_add(1);
                }
                Err(e) => {
                    saw_weak |= e == Error::WeakKey;
                    report.skipped = report.skipped.saturating_add(1);
                }
            }
        }
        if report.added == 0 && self.entries.is_empty() {
            return Err(if saw_weak {
                Error::WeakKey
            } else {
                Error::NoUsableKey
            });
        }
        Ok(report)
    }

    /// Adds one JWK (a JSON object). Unlike [`KeySet::load_jwks`], nothing is skipped: a key
    /// that cannot be used is an error naming why.
    ///
    /// # Errors
    /// [`Error::Malformed`] for bad JSON or members of the wrong type; [`Error::UnsupportedAlg`]
    /// for a key type, curve, `use`, `key_ops` or `alg` this verifier cannot use (including
    /// `oct`: add HMAC secrets with [`KeySet::add_hmac`]); [`Error::WeakKey`] and
    /// [`Error::InvalidKey`] as in [`Key::rsa`], [`Key::ec`], [`Key::ed25519`];
    /// [`Error::TooLarge`] for a `kid` over [`MAX_KID_LEN`](crate::limits::MAX_KID_LEN) bytes; [`Error::KeySetFull`].
    pub fn add_jwk(&mut self, jwk: &[u8]) -> Result<(), Error> {
        let obj = json::parse_object(jwk)?;
        let entry = Entry::from(jwk::parse(obj)?);
        self.entries.push(entry).map_err(|_| Error::KeySetFull)
    }

    /// Adds a key built in code, with an optional `kid` and an optional algorithm it is
    /// restricted to.
    ///
    /// # Errors
    /// [`Error::TooLarge`] for a `kid` over [`MAX_KID_LEN`](crate::limits::MAX_KID_LEN) bytes; [`Error::KeyMismatch`] if
    /// `alg` does not fit the key; [`Error::KeySetFull`].
    pub fn add_key(&mut self, kid: Option<&str>, alg: Option<Alg>, key: Key) -> Result<(), Error> {
        let kid = kid
            .map(|k| Kid::from_slice(k.as_bytes()).map_err(|_| Error::TooLarge))
            .transpose()?;
        let any_kid = false;
        let entry = Entry {
            kid,
            alg,
            any_kid,
            key,
        };
        if let Some(a) = alg
            && !entry.fits(a)
        {
            return Err(Error::KeyMismatch);
        }
        self.entries.push(entry).map_err(|_| Error::KeySetFull)
    }

    /// Adds an HMAC secret (such as an OIDC `client_secret`, its raw bytes) for HS256,
    /// HS384 and HS512. It serves HS* tokens whatever their `kid`. HS* algorithms must still
    /// be in the policy's allow-list, which by default holds only asymmetric ones.
    ///
    /// # Errors
    /// As [`Key::hmac`]; [`Error::KeySetFull`].
    pub fn add_hmac(&mut self, secret: &[u8]) -> Result<(), Error> {
        let key = Key::hmac(secret)?;
        self.entries
            .push(Entry {
                kid: None,
                alg: None,
                any_kid: true,
                key,
            })
            .map_err(|_| Error::KeySetFull)
    }

    /// The keys to try for a token with this `alg` and `kid`, in set order (RFC 7515 §6).
    ///
    /// # Errors
    /// With a `kid`: [`Error::UnknownKid`] if no key carries it, [`Error::KeyMismatch`] if
    /// those that do do not fit `alg`. Without: [`Error::UnknownKid`] unless exactly one key
    /// fits. [`Error::WeakKey`] if only an HMAC secret too short for `alg` would have served.
    pub(crate) fn candidates<'s, 'k: 's>(
        &'s self,
        alg: Alg,
        kid: Option<JStr<'k>>,
    ) -> Result<impl Iterator<Item = &'s Key> + 's, Error> {
        let usable = move |e: &&Entry| e.answers_to(kid.as_ref()) && e.fits(alg);
        let fitting = self.entries.iter().filter(usable).count();
        if fitting == 0 {
            // Only an HMAC secret too short for this hash could have served.
            let weak_hmac = alg.is_symmetric() && self.entries.iter().any(|e| e.any_kid);
            if weak_hmac {
                return Err(Error::WeakKey);
            }
            // A secret that answers to every kid does not make an unknown kid known.
            let kid_known = kid
                .as_ref()
                .is_some_and(|k| self.entries.iter().any(|e| e.kid_is(k)));
            return Err(if kid_known {
                Error::KeyMismatch
            } else {
                Error::UnknownKid
            });
        }
        if kid.is_none() && fitting > 1 {
            return Err(Error::UnknownKid);
        }
        Ok(self.entries.iter().filter(usable).map(|e| &e.key))
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
        let mut ks: KeySet = KeySet::new();
        assert_eq!(
            ks.load_jwks(doc.as_bytes()),
            Ok(LoadReport {
                added: 1,
                skipped: 8
            })
        );
        assert_eq!(ks.len(), 1);
    }

    #[test]
    fn nothing_usable() {
        let mut ks: KeySet = KeySet::new();
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
        let mut ks: KeySet<2> = KeySet::new();
        assert_eq!(ks.load_jwks(jwks(&[ED]).as_bytes()).map(|r| r.added), Ok(1));
        assert_eq!(
            ks.load_jwks(jwks(&[ED, ED]).as_bytes()),
            Err(Error::KeySetFull)
        );
        assert_eq!(ks.len(), 1);
    }

    #[test]
    #[cfg(feature = "eddsa")]
    fn kid_limit_and_escapes() {
        use crate::limits::MAX_KID_LEN;
        let mut ks: KeySet = KeySet::new();
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
