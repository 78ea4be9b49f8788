//! The JOSE header (RFC 7515 §4): `alg`, `kid`, `typ`, `cty`, `crit`.
//!
//! `jwk`, `jku`, `x5u`, `x5c`, `x5t` and `x5t#S256` are accepted as members but never read:
//! keys come only from the caller's key set (RFC 8725 §3.10).

use crate::alg::Alg;
use crate::error::Error;
use crate::json::{JStr, Object, Value};

/// The verified JOSE header, strings decoded.
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

/// Reads the header object.
///
/// `understood_crit` names the extensions the caller processes itself; any other `crit`
/// entry rejects the token.
///
/// # Errors
/// [`Error::Malformed`] if a known member has the wrong JSON type;
/// [`Error::UnsupportedAlg`] if `alg` is missing, `none` or unknown;
/// [`Error::CritUnsupported`] for an empty or not-understood `crit`, a `crit` entry the header
/// lacks or that names a registered parameter, and for any `b64` member (RFC 7797).
pub(crate) fn parse<'a>(obj: Object<'a>, understood_crit: &[&str]) -> Result<RawHeader<'a>, Error> {
    let mut alg = None;
    let mut kid = None;
    let mut typ = None;
    let mut cty = None;
    let mut crit = None;
    for (name, value) in obj.members() {
        let slot = if name.eq_str("alg") {
            let Value::Str(s) = value else {
                return Err(Error::Malformed);
            };
            let mut buf = [0u8; 16];
            let decoded = s.decode_into(&mut buf).map_err(|_| Error::UnsupportedAlg)?;
            alg = Some(Alg::from_name(decoded.as_bytes())?);
            continue;
        } else if name.eq_str("kid") {
            &mut kid
        } else if name.eq_str("typ") {
            &mut typ
        } else if name.eq_str("cty") {
            &mut cty
        } else if name.eq_str("crit") {
            let Value::Array(a) = value else {
                return Err(Error::Malformed);
            };
            crit = Some(a);
            continue;
        } else if name.eq_str("b64") {
            return Err(Error::CritUnsupported);
        } else {
            continue;
        };
        let Value::Str(s) = value else {
            return Err(Error::Malformed);
        };
        *slot = Some(s);
    }
    let alg = alg.ok_or(Error::UnsupportedAlg)?;
    if let Some(list) = crit {
        let mut count = 0usize;
        for entry in list.iter() {
            let Value::Str(name) = entry else {
                return Err(Error::Malformed);
            };
            count = count.saturating_add(1);
            let understood = understood_crit.iter().any(|u| name.eq_str(u));
            let registered = REGISTERED.iter().any(|r| name.eq_str(r));
            let present = obj.members().any(|(k, _)| k.decoded_eq(&name));
            if !understood || registered || !present {
                return Err(Error::CritUnsupported);
            }
        }
        if count == 0 {
            return Err(Error::CritUnsupported);
        }
    }
    Ok(RawHeader { alg, kid, typ, cty })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse_object;

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
            hdr(r#"{"alg":"HS256","b64":false,"crit":["b64"]}"#, &["b64"]),
            Err(Error::CritUnsupported)
        );
        assert_eq!(
            hdr(r#"{"alg":"HS256","b64":true}"#, &[]),
            Err(Error::CritUnsupported)
        );
    }
}
