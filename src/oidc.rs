//! The hashes OpenID Connect and OAuth bind values with: `at_hash` and `c_hash` (OIDC Core
//! 3.1.3.8, 3.2.2.9, 3.3.2.11) and the PKCE S256 code challenge (RFC 7636 §4.2).

use core::fmt;

use sha2::Digest as _;

use crate::alg::Alg;
use crate::codec::b64;
use crate::error::Error;

/// The SHA-2 function of `at_hash` and `c_hash` (its own small table: the signature
/// primitives' hash module exists only in builds with RSA or HMAC). SHA-384 and SHA-512 are
/// built only where some algorithm of the build uses them already, so an ES256-only device
/// does not carry SHA-512 for `at_hash` alone.
#[derive(Clone, Copy)]
enum Sha {
    S256,
    #[cfg(any(feature = "rsa", feature = "hmac", feature = "es384"))]
    S384,
    #[cfg(any(
        feature = "rsa",
        feature = "hmac",
        feature = "es512",
        feature = "eddsa"
    ))]
    S512,
}

impl Sha {
    /// The hash of `alg`'s signature (RFC 7518 §3); SHA-512 for EdDSA and Ed25519 (the
    /// hash inside Ed25519, as OIDC Core 3.1.3.8 asks for algorithms without one of their
    /// own). `None` if this build implements no algorithm with that hash.
    const fn of(alg: Alg) -> Option<Sha> {
        match alg {
            Alg::HS256 | Alg::RS256 | Alg::PS256 | Alg::ES256 => Some(Sha::S256),
            #[cfg(any(feature = "rsa", feature = "hmac", feature = "es384"))]
            Alg::HS384 | Alg::RS384 | Alg::PS384 | Alg::ES384 => Some(Sha::S384),
            #[cfg(any(
                feature = "rsa",
                feature = "hmac",
                feature = "es512",
                feature = "eddsa"
            ))]
            Alg::HS512 | Alg::RS512 | Alg::PS512 | Alg::ES512 | Alg::EdDSA | Alg::Ed25519 => {
                Some(Sha::S512)
            }
            // Only in builds without one of the two.
            #[cfg(not(all(
                any(feature = "rsa", feature = "hmac", feature = "es384"),
                any(
                    feature = "rsa",
                    feature = "hmac",
                    feature = "es512",
                    feature = "eddsa"
                )
            )))]
            _ => None,
        }
    }
}

/// A hash as unpadded base64url text (at most 86 characters: a SHA-512 digest), on the
/// stack: what [`token_hash`] and [`pkce_s256`] return.
///
/// ```
/// // OIDC Core A.3: the at_hash of the access token "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y".
/// let h = idgate::token_hash(idgate::Alg::RS256, b"jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y");
/// assert_eq!(h.map(|h| h.to_string()).as_deref(), Some("77QmUPtjPfzWtF2AnpK9RQ"));
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct HashText {
    text: [u8; 86],
    len: usize,
}

impl HashText {
    /// The base64url text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        self.text
            .get(..self.len)
            .and_then(|t| core::str::from_utf8(t).ok())
            .unwrap_or("")
    }

    /// The text of `digest`.
    fn of(digest: &[u8]) -> HashText {
        let mut text = [0u8; 86];
        let len = b64::encode(digest, &mut text).map_or(0, str::len);
        HashText { text, len }
    }
}

impl fmt::Debug for HashText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for HashText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The digest of `msg` with `hash`, into the front of `out`; returns its length.
fn digest(hash: Sha, msg: &[u8], out: &mut [u8; 64]) -> usize {
    fn copy(out: &mut [u8; 64], d: &[u8]) -> usize {
        for (o, b) in out.iter_mut().zip(d) {
            *o = *b;
        }
        d.len()
    }
    match hash {
        Sha::S256 => copy(out, &sha2::Sha256::digest(msg)),
        #[cfg(any(feature = "rsa", feature = "hmac", feature = "es384"))]
        Sha::S384 => copy(out, &sha2::Sha384::digest(msg)),
        #[cfg(any(
            feature = "rsa",
            feature = "hmac",
            feature = "es512",
            feature = "eddsa"
        ))]
        Sha::S512 => copy(out, &sha2::Sha512::digest(msg)),
    }
}

/// The `at_hash` or `c_hash` of `value` (an access token or an authorization code) for an ID
/// token signed with `alg` (OIDC Core 3.1.3.8, 3.3.2.11): the left half of the hash of its
/// ASCII octets with the hash of `alg` (SHA-512 for `EdDSA` and `Ed25519`), base64url.
///
/// `None` only when this build implements no algorithm with that hash (SHA-384 or SHA-512
/// in a build without them): a token signed so is refused before its claims are read.
#[must_use]
pub fn token_hash(alg: Alg, value: &[u8]) -> Option<HashText> {
    let mut d = [0u8; 64];
    let n = digest(Sha::of(alg)?, value, &mut d);
    Some(HashText::of(d.get(..n / 2).unwrap_or(&[])))
}

/// Shortest and longest PKCE code verifier, in characters (RFC 7636 §4.1).
const VERIFIER_LEN: core::ops::RangeInclusive<usize> = 43..=128;

/// The PKCE `S256` code challenge of a code verifier (RFC 7636 §4.2):
/// `BASE64URL(SHA256(ASCII(code_verifier)))`.
///
/// ```
/// # fn main() -> Result<(), idgate::Error> {
/// // RFC 7636 Appendix B.
/// let c = idgate::pkce_s256(b"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")?;
/// assert_eq!(c.as_str(), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
/// assert_eq!(idgate::pkce_s256(b"too-short"), Err(idgate::Error::Malformed));
/// # Ok(()) }
/// ```
///
/// # Errors
/// [`Error::Malformed`] if the verifier is not 43 to 128 characters of the unreserved set
/// `A-Z a-z 0-9 - . _ ~` (RFC 7636 §4.1).
pub fn pkce_s256(verifier: &[u8]) -> Result<HashText, Error> {
    let unreserved = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
    if !VERIFIER_LEN.contains(&verifier.len()) || !verifier.iter().all(unreserved) {
        return Err(Error::Malformed);
    }
    let mut d = [0u8; 64];
    let n = digest(Sha::S256, verifier, &mut d);
    Ok(HashText::of(d.get(..n).unwrap_or(&[])))
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::string::ToString;

    #[test]
    fn token_hashes() {
        let text = |alg, v: &[u8]| token_hash(alg, v).map(|h| h.to_string());
        // OIDC Core A.4 (code flow example): c_hash of the code.
        assert_eq!(
            text(
                Alg::RS256,
                b"Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk"
            )
            .as_deref(),
            Some("LDktKdoQak3Pk0cnXxCltA")
        );
        // Lengths: half of 32, 48 and 64 bytes.
        assert_eq!(text(Alg::ES256, b"x").map(|t| t.len()), Some(22));
        #[cfg(any(feature = "rsa", feature = "hmac", feature = "es384"))]
        assert_eq!(text(Alg::ES384, b"x").map(|t| t.len()), Some(32));
        #[cfg(not(any(feature = "rsa", feature = "hmac", feature = "es384")))]
        assert_eq!(text(Alg::ES384, b"x"), None);
        #[cfg(any(
            feature = "rsa",
            feature = "hmac",
            feature = "es512",
            feature = "eddsa"
        ))]
        {
            assert_eq!(text(Alg::EdDSA, b"x").map(|t| t.len()), Some(43));
            assert_eq!(text(Alg::Ed25519, b"x"), text(Alg::HS512, b"x"));
        }
    }

    #[test]
    fn pkce_verifier_rules() {
        let ok = [b'a'; 43];
        assert!(pkce_s256(&ok).is_ok());
        assert!(pkce_s256(&[b'~'; 128]).is_ok());
        assert_eq!(pkce_s256(&[b'a'; 42]), Err(Error::Malformed));
        assert_eq!(pkce_s256(&[b'a'; 129]), Err(Error::Malformed));
        let mut bad = [b'a'; 43];
        bad[10] = b'+';
        assert_eq!(pkce_s256(&bad), Err(Error::Malformed));
        bad[10] = b'=';
        assert_eq!(pkce_s256(&bad), Err(Error::Malformed));
    }
}
