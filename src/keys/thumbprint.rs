//! JWK SHA-256 thumbprints (RFC 7638): the hash of a JWK's required members, in
//! lexicographic order, as compact JSON. DPoP binds access tokens to the thumbprint of the
//! proof key (`cnf.jkt`, RFC 9449 §6.1).

use sha2::Digest as _;

use crate::codec::b64;
use crate::codec::json::{self, Object, Value};
use crate::error::Error;
use crate::limits::MAX_RSA_BITS;

/// Length of a thumbprint's base64url text: 43 characters for 32 bytes.
pub const THUMBPRINT_B64_LEN: usize = 43;

/// A JWK SHA-256 thumbprint (RFC 7638 §3).
///
/// ```
/// # fn main() -> Result<(), idgate::Error> {
/// use idgate::Thumbprint;
/// // RFC 7638 §3.1.
/// let jwk = br#"{"kty":"RSA","e":"AQAB","alg":"RS256","kid":"2011-04-29","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"}"#;
/// let mut text = [0u8; idgate::THUMBPRINT_B64_LEN];
/// assert_eq!(
///     Thumbprint::of_jwk(jwk)?.encode(&mut text),
///     "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
/// );
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Thumbprint([u8; 32]);

/// Longest member value hashed: the base64url text of a 4096-bit modulus with a leading
/// zero byte.
const MAX_MEMBER_LEN: usize = (MAX_RSA_BITS / 8 + 1).div_ceil(3) * 4;

/// The required members of each key type, in lexicographic order (RFC 7638 §3.2, RFC 8037
/// §2); `true` marks a base64url member.
const RSA: [(&str, bool); 3] = [("e", true), ("kty", false), ("n", true)];
const EC: [(&str, bool); 4] = [("crv", false), ("kty", false), ("x", true), ("y", true)];
const OKP: [(&str, bool); 3] = [("crv", false), ("kty", false), ("x", true)];

impl Thumbprint {
    /// A thumbprint from its 32 bytes (e.g. a `cnf.jkt` the caller decoded).
    #[must_use]
    pub const fn from_bytes(bytes: [u8; 32]) -> Thumbprint {
        Thumbprint(bytes)
    }

    /// The SHA-256 thumbprint of one public JWK (a JSON object), for `kty` `RSA`, `EC` or
    /// `OKP`. Only the required members are hashed; the others (`kid`, `alg`, ...) are
    /// ignored, and the key material itself is not validated here.
    ///
    /// # Errors
    /// [`Error::Malformed`] if `jwk` is not strict JSON, a required member is missing or
    /// not a string, a base64url member holds anything outside the base64url alphabet, or
    /// `crv` holds a character JSON would escape; [`Error::UnsupportedAlg`] for any other
    /// `kty` (symmetric `oct` keys included); [`Error::TooLarge`] for a member longer than a
    /// 4096-bit RSA modulus, or past the JSON limits.
    pub fn of_jwk(jwk: &[u8]) -> Result<Thumbprint, Error> {
        of_object(json::parse_object(jwk)?)
    }

    /// The 32 bytes.
    #[must_use]
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The base64url text (43 characters), as `cnf.jkt` carries it.
    pub fn encode<'o>(&self, out: &'o mut [u8; THUMBPRINT_B64_LEN]) -> &'o str {
        // 32 bytes always encode to exactly 43 characters.
        b64::encode(&self.0, out).unwrap_or("")
    }

    /// True if `text` is exactly this thumbprint's base64url text (compared in constant
    /// time; any other text, non-canonical base64url included, does not match).
    #[must_use]
    pub fn matches_b64(&self, text: &[u8]) -> bool {
        let mut decoded = [0u8; 33];
        match b64::decode(text, &mut decoded) {
            Ok(d) if d.len() == 32 => bool::from(subtle::ConstantTimeEq::ct_eq(&*d, &self.0[..])),
            _ => false,
        }
    }
}

/// The thumbprint of a validated JWK object.
pub(crate) fn of_object(obj: Object<'_>) -> Result<Thumbprint, Error> {
    let Some(Value::Str(kty)) = obj.get("kty") else {
        return Err(Error::Malformed);
    };
    let members: &[(&str, bool)] = if kty.eq_str("RSA") {
        &RSA
    } else if kty.eq_str("EC") {
        &EC
    } else if kty.eq_str("OKP") {
        &OKP
    } else {
        return Err(Error::UnsupportedAlg);
    };
    let mut hash = sha2::Sha256::new();
    let mut text = [0u8; MAX_MEMBER_LEN];
    for (i, (name, is_b64)) in members.iter().enumerate() {
        let Some(Value::Str(value)) = obj.get(name) else {
            return Err(Error::Malformed);
        };
        let value = value.decode_into(&mut text).map_err(|e| match e {
            Error::BufferTooSmall => Error::TooLarge,
            e => e,
        })?;
        let ok = if *is_b64 {
            !value.is_empty()
                && value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        } else {
            value
                .bytes()
                .all(|b| (0x20..0x7F).contains(&b) && b != b'"' && b != b'\\')
        };
        if !ok {
            return Err(Error::Malformed);
        }
        hash.update(if i == 0 { "{\"" } else { ",\"" });
        hash.update(name);
        hash.update("\":\"");
        hash.update(value);
        hash.update("\"");
    }
    hash.update("}");
    Ok(Thumbprint(hash.finalize().into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(t: Result<Thumbprint, Error>) -> Result<[u8; THUMBPRINT_B64_LEN], Error> {
        let mut out = [0u8; THUMBPRINT_B64_LEN];
        t.map(|t| {
            t.encode(&mut out);
            out
        })
    }

    const RFC7638_N: &str = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";

    #[test]
    fn rfc7638_section_3_1() {
        extern crate std;
        let doc = std::format!(
            r#"{{"kty":"RSA","n":"{RFC7638_N}","e":"AQAB","alg":"RS256","kid":"2011-04-29"}}"#
        );
        let want = *b"NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";
        assert_eq!(b64(Thumbprint::of_jwk(doc.as_bytes())), Ok(want));
        // Member order, whitespace, escapes and extra members do not change it.
        let doc2 = std::format!(
            "{{ \"e\" : \"AQ\\u0041B\", \"n\":\"{RFC7638_N}\", \"use\":\"sig\", \"k\\u0074y\":\"RSA\" }}"
        );
        assert_eq!(b64(Thumbprint::of_jwk(doc2.as_bytes())), Ok(want));
        let t = Thumbprint::of_jwk(doc.as_bytes()).unwrap_or(Thumbprint([0; 32]));
        assert!(t.matches_b64(&want));
        assert!(!t.matches_b64(b"NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xt"));
        assert!(!t.matches_b64(b"NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9X"));
        assert!(!t.matches_b64(b""));
    }

    #[test]
    fn rfc8037_okp_thumbprint() {
        // RFC 8037 Appendix A.3.
        let jwk =
            br#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
        assert_eq!(
            b64(Thumbprint::of_jwk(jwk)),
            Ok(*b"kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k")
        );
    }

    #[test]
    fn refusals() {
        let t = |s: &str| Thumbprint::of_jwk(s.as_bytes());
        assert_eq!(t(r#"{"kty":"oct","k":"AAAA"}"#), Err(Error::UnsupportedAlg));
        assert_eq!(t(r#"{"e":"AQAB","n":"AAAA"}"#), Err(Error::Malformed));
        assert_eq!(t(r#"{"kty":"RSA","e":"AQAB"}"#), Err(Error::Malformed));
        assert_eq!(
            t(r#"{"kty":"RSA","e":"AQAB","n":1}"#),
            Err(Error::Malformed)
        );
        assert_eq!(
            t(r#"{"kty":"RSA","e":"AQ+B","n":"AA"}"#),
            Err(Error::Malformed)
        );
        assert_eq!(t(r#"{"kty":"RSA","e":"","n":"AA"}"#), Err(Error::Malformed));
        assert_eq!(
            t(r#"{"kty":"EC","crv":"P\"256","x":"AA","y":"AA"}"#),
            Err(Error::Malformed)
        );
        assert_eq!(
            t(r#"{"kty":"EC","crv":"P-256","x":"AA"}"#),
            Err(Error::Malformed)
        );
        assert_eq!(t("[]"), Err(Error::Malformed));
        extern crate std;
        let long = std::format!(r#"{{"kty":"RSA","e":"AQAB","n":"{}"}}"#, "A".repeat(700));
        assert_eq!(t(&long), Err(Error::TooLarge));
    }
}
