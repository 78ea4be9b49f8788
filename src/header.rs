//! The JOSE header (RFC 7515 §4): `alg`, `kid`, `typ`, `cty`, `crit`.
//!
//! `jwk`, `jku`, `x5u`, `x5c`, `x5t` and `x5t#S256` are accepted as members but never read:
//! keys come only from the caller's key set (RFC 8725 §3.10).

use crate::alg::Alg;
use crate::codec::json::{Array, JStr, Object, Value, name_hash};
use crate::error::Error;

/// The verified JOSE header, strings decoded.
///
/// ```
/// # fn main() -> Result<(), idgate::Error> {
/// use idgate::{verify, Alg, KeySet, Policy};
/// let mut keys = KeySet::new();
/// keys.load_jwks(include_bytes!("../examples/sample/jwks.json"))?;
/// let token = include_str!("../examples/sample/id_token.jwt").trim();
/// let policy = Policy::id_token("https://issuer.example.com", "client-123");
/// let mut scratch = [0u8; 4096];
/// let header = verify(token.as_bytes(), &keys, &policy, 1_767_225_600, &mut scratch)?.header;
/// assert_eq!((header.alg, header.kid), (Alg::RS256, Some("rsa-2048")));
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Header<'b> {
    /// The signature algorithm.
    pub alg: Alg,
    /// The key id, if any.
    pub kid: Option<&'b str>,
    /// The media type of the whole token (e.g. `JWT`, `at+jwt`), if any.
    pub typ: Option<&'b str>,
    /// The media type of the payload, if any.
    pub cty: Option<&'b str>,
}

/// The header as parsed, strings still escaped in the header JSON.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RawHeader<'a> {
    pub(crate) alg: Alg,
    pub(crate) kid: Option<JStr<'a>>,
    pub(crate) typ: Option<JStr<'a>>,
    pub(crate) cty: Option<JStr<'a>>,
}

/// Header parameters registered by RFC 7515 and RFC 7518 for JWS; `crit` must not list them
/// (RFC 7515 §4.1.11).
const REGISTERED: [&str; 11] = [
    "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit",
];

/// The header members [`Reader`] reads (by index in this order), and their name hashes
/// (distinct: checked below).
const KNOWN: [&str; 6] = ["alg", "kid", "typ", "cty", "crit", "b64"];
const KNOWN_HASHES: [u32; 6] = {
    let mut h = [0u32; 6];
    let mut i = 0;
    while i < KNOWN.len() {
        // `i < 6`: in bounds for both arrays.
        #[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
        {
            h[i] = name_hash(KNOWN[i].as_bytes());
            i += 1;
        }
    }
    h
};
const _: () = assert!(crate::claims::distinct(&KNOWN_HASHES));

/// Validates the header JSON `doc` and reads it in the same pass (see [`parse`] for the
/// rules).
///
/// # Errors
/// JSON errors ([`Error::Malformed`], [`Error::TooLarge`]) first, then as [`parse`].
/// `table`: free scratch bytes for the JSON validator's table of member names (4 bytes per
/// member; see [`crate::codec::json::parse_object_in`]), no longer used after the call.
pub(crate) fn read<'a>(
    doc: &'a [u8],
    understood_crit: &[&str],
    table: &mut [u8],
) -> Result<RawHeader<'a>, Error> {
    let mut reader = Reader::default();
    let mut arena = crate::scratch::Arena::new(table);
    let obj = crate::codec::json::parse_object_in(doc, &mut arena, |k, hash, v, _| {
        reader.member(|n| k.eq_bytes(n), hash, v)
    })?;
    reader.finish(obj, understood_crit)
}

/// Reads the header object.
///
/// `understood_crit` names the extensions the caller processes itself; any other `crit`
/// entry rejects the token.
///
/// # Errors
/// [`Error::Malformed`] if a known member has the wrong JSON type;
/// [`Error::UnsupportedAlg`] if `alg` is missing, `none` or unknown;
/// [`Error::CritUnsupported`] for an empty or not-understood `crit`, a `crit` entry the header
/// lacks or that names a registered parameter, and for any `b64` member (RFC 7797);
/// [`Error::Malformed`] for a name listed twice in `crit`.
#[cfg(test)]
pub(crate) fn parse<'a>(obj: Object<'a>, understood_crit: &[&str]) -> Result<RawHeader<'a>, Error> {
    let mut reader = Reader::default();
    for (name, value) in obj.members() {
        reader.member(|n| name.eq_bytes(n), name.hash(), value);
    }
    reader.finish(obj, understood_crit)
}

/// Reads a header member by member (as [`crate::codec::json::parse_object_with`] meets them), then
/// checks the whole in [`Reader::finish`]: the same checks, in the same order, as [`parse`].
#[derive(Default)]
struct Reader<'a> {
    alg: Option<Alg>,
    kid: Option<JStr<'a>>,
    typ: Option<JStr<'a>>,
    cty: Option<JStr<'a>>,
    crit: Option<Array<'a>>,
    /// The first error, in document order.
    error: Option<Error>,
}

impl<'a> Reader<'a> {
    /// Reads one member; `hash` is its name's [`name_hash`], `name_is` compares its decoded
    /// name with a known one.
    fn member(&mut self, name_is: impl Fn(&[u8]) -> bool, hash: u32, value: Value<'a>) {
        if self.error.is_none()
            && let Err(e) = self.read(name_is, hash, value)
        {
            self.error = Some(e);
        }
    }

    fn read(
        &mut self,
        name_is: impl Fn(&[u8]) -> bool,
        hash: u32,
        value: Value<'a>,
    ) -> Result<(), Error> {
        // The one known name of this hash (they are distinct), then one text comparison.
        let known = KNOWN_HASHES
            .iter()
            .position(|h| *h == hash)
            .filter(|&k| KNOWN.get(k).is_some_and(|n| name_is(n.as_bytes())));
        let slot = match known {
            Some(0) => {
                let Value::Str(s) = value else {
                    return Err(Error::Malformed);
                };
                self.alg = Some(match s.as_plain() {
                    Some(plain) => Alg::from_name(plain.as_bytes())?,
                    None => {
                        let mut buf = [0u8; 16];
                        let decoded = s.decode_into(&mut buf).map_err(|_| Error::UnsupportedAlg)?;
                        Alg::from_name(decoded.as_bytes())?
                    }
                });
                return Ok(());
            }
            Some(1) => &mut self.kid,
            Some(2) => &mut self.typ,
            Some(3) => &mut self.cty,
            Some(4) => {
                let Value::Array(a) = value else {
                    return Err(Error::Malformed);
                };
                self.crit = Some(a);
                return Ok(());
            }
            Some(5) => return Err(Error::CritUnsupported),
            _ => return Ok(()),
        };
        let Value::Str(s) = value else {
            return Err(Error::Malformed);
        };
        *slot = Some(s);
        Ok(())
    }

    /// The header, once every member of `obj` has been read.
    ///
    /// # Errors
    /// As [`parse`].
    fn finish(self, obj: Object<'a>, understood_crit: &[&str]) -> Result<RawHeader<'a>, Error> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let alg = self.alg.ok_or(Error::UnsupportedAlg)?;
        if let Some(list) = self.crit {
            // Linear in the header: every entry must be one of the `understood_crit` names and
            // distinct from the entries before it, so at most `understood_crit.len()` entries
            // get past the first two checks, each costing one pass over the header members.
            // The caller's list bounds the work, not the token.
            let mut count = 0usize;
            for (i, entry) in list.iter().enumerate() {
                let Value::Str(name) = entry else {
                    return Err(Error::Malformed);
                };
                count = count.saturating_add(1);
                if !understood_crit.iter().any(|u| name.eq_str(u)) {
                    return Err(Error::CritUnsupported);
                }
                // Duplicate names in `crit` are malformed (RFC 7515 §4.1.11: a list of names
                // of extensions; each extension is a header member, so named once).
                if list
                    .iter()
                    .take(i)
                    .any(|e| matches!(e, Value::Str(other) if other.decoded_eq(&name)))
                {
                    return Err(Error::Malformed);
                }
                let registered = REGISTERED.iter().any(|r| name.eq_str(r));
                let present = obj.members().any(|(k, _)| k.decoded_eq(&name));
                if registered || !present {
                    return Err(Error::CritUnsupported);
                }
            }
            if count == 0 {
                return Err(Error::CritUnsupported);
            }
        }
        Ok(RawHeader {
            alg,
            kid: self.kid,
            typ: self.typ,
            cty: self.cty,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::json::parse_object;

    fn hdr(doc: &str, crit: &[&str]) -> Result<Alg, Error> {
        let obj = parse_object(doc.as_bytes())?;
        parse(obj, crit).map(|h| h.alg)
    }

    #[test]
    fn alg_rules() {
        assert_eq!(hdr(r#"{"alg":"RS256"}"#, &[]), Ok(Alg::RS256));
        assert_eq!(hdr(r#"{"alg":"R\u0053256"}"#, &[]), Ok(Alg::RS256));
        assert_eq!(hdr(r#"{"alg":"none"}"#, &[]), Err(Error::UnsupportedAlg));
        assert_eq!(hdr(r#"{"alg":"rs256"}"#, &[]), Err(Error::UnsupportedAlg));
        assert_eq!(
            hdr(r#"{"alg":"RS256RS256RS256RS256"}"#, &[]),
            Err(Error::UnsupportedAlg)
        );
        assert_eq!(hdr(r#"{"typ":"JWT"}"#, &[]), Err(Error::UnsupportedAlg));
        assert_eq!(hdr(r#"{"alg":["RS256"]}"#, &[]), Err(Error::Malformed));
        assert_eq!(
            hdr(r#"{"alg":"RS256","kid":1}"#, &[]),
            Err(Error::Malformed)
        );
        assert_eq!(
            hdr(r#"{"alg":"RS256","typ":null}"#, &[]),
            Err(Error::Malformed)
        );
    }

    #[test]
    fn ignores_key_carrying_members() {
        let doc = r#"{"alg":"ES256","jwk":{"kty":"EC"},"jku":"https://x","x5u":"https://y","x5c":["AA"],"x5t":"a","zzz":[1,{"a":null}]}"#;
        assert_eq!(hdr(doc, &[]), Ok(Alg::ES256));
    }

    #[test]
    fn crit_rules() {
        assert_eq!(
            hdr(r#"{"alg":"HS256","crit":[]}"#, &[]),
            Err(Error::CritUnsupported)
        );
        assert_eq!(
            hdr(r#"{"alg":"HS256","crit":["ext"],"ext":1}"#, &[]),
            Err(Error::CritUnsupported)
        );
        assert_eq!(
            hdr(r#"{"alg":"HS256","crit":["ext"],"ext":1}"#, &["ext"]),
            Ok(Alg::HS256)
        );
        assert_eq!(
            hdr(r#"{"alg":"HS256","crit":["ext"]}"#, &["ext"]),
            Err(Error::CritUnsupported)
        );
        assert_eq!(
            hdr(r#"{"alg":"HS256","crit":["alg"]}"#, &["alg"]),
            Err(Error::CritUnsupported)
        );
        assert_eq!(
            hdr(r#"{"alg":"HS256","crit":"ext","ext":1}"#, &["ext"]),
            Err(Error::Malformed)
        );
        assert_eq!(
            hdr(r#"{"alg":"HS256","crit":[1]}"#, &[]),
            Err(Error::Malformed)
        );
        assert_eq!(
            hdr(r#"{"alg":"HS256","crit":["ext","ext"],"ext":1}"#, &["ext"]),
            Err(Error::Malformed)
        );
        assert_eq!(
            hdr(r#"{"alg":"HS256","crit":["x","x"],"x":1}"#, &["ext"]),
            Err(Error::CritUnsupported)
        );
        assert_eq!(
            hdr(r#"{"alg":"HS256","b64":false,"crit":["b64"]}"#, &["b64"]),
            Err(Error::CritUnsupported)
        );
        assert_eq!(
            hdr(r#"{"alg":"HS256","b64":true}"#, &[]),
            Err(Error::CritUnsupported)
        );
    }
}
