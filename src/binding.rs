//! Sender-constrained access tokens: the token's confirmation claim `cnf` (RFC 7800 §3.1)
//! checked against what the client presented, a DPoP key's thumbprint (`cnf.jkt`,
//! RFC 9449 §6.1) or its TLS client certificate (`cnf["x5t#S256"]`, RFC 8705 §3.1).

use sha2::Digest as _;

use crate::claims::Claims;
use crate::codec::json::{self, Value};
use crate::error::Error;
use crate::keys::keyset::KeySetView;
use crate::keys::thumbprint::Thumbprint;
use crate::policy::Policy;
use crate::verify::{self, Verified};

/// The SHA-256 hash of a client certificate's DER encoding, as the gateway's TLS layer
/// presents it (RFC 8705 §3.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CertificateHash([u8; 32]);

impl CertificateHash {
    /// Hashes the DER encoding of the client certificate (not parsed, only hashed).
    #[must_use]
    pub fn of_der(der: &[u8]) -> CertificateHash {
        CertificateHash(sha2::Sha256::digest(der).into())
    }

    /// A hash the TLS layer already computed.
    #[must_use]
    pub const fn from_bytes(sha256: [u8; 32]) -> CertificateHash {
        CertificateHash(sha256)
    }

    /// The 32 bytes.
    #[must_use]
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

/// Verifies an access token presented over mutual TLS: [`verify`](crate::verify) with
/// `policy`, then `cnf["x5t#S256"]` must be the base64url SHA-256 of the client
/// certificate (RFC 8705 §3). The token's `cnf` is checked here, so
/// [`Policy::allow_unchecked_cnf`] does not matter; a token without `cnf` is refused.
///
/// # Errors
/// As [`verify`](crate::verify); then [`Error::InvalidClaim`] if `cnf` is not an object or
/// its `x5t#S256` not a string, [`Error::BindingMismatch`] if `cnf` or `x5t#S256` is absent
/// or does not match.
pub fn verify_certificate_bound<'b>(
    token: &[u8],
    keys: &KeySetView,
    policy: &Policy<'_>,
    certificate: &CertificateHash,
    now: u64,
    scratch: &'b mut [u8],
) -> Result<Verified<'b>, Error> {
    let checked = Policy {
        allow_unchecked_cnf: true,
        ..*policy
    };
    let verified = verify::verify(token, keys, &checked, now, scratch)?;
    check_certificate(&verified.claims, certificate)?;
    Ok(verified)
}

/// `cnf.jkt` must be `jkt` (RFC 9449 §7.1, check 12 of §4.3).
pub(crate) fn check_jkt(claims: &Claims<'_>, jkt: &Thumbprint) -> Result<(), Error> {
    let text = cnf_member(claims, "jkt")?;
    if jkt.matches_b64(text) {
        Ok(())
    } else {
        Err(Error::BindingMismatch)
    }
}

/// `cnf["x5t#S256"]` must be the base64url of `certificate` (RFC 8705 §3.1).
pub(crate) fn check_certificate(
    claims: &Claims<'_>,
    certificate: &CertificateHash,
) -> Result<(), Error> {
    let text = cnf_member(claims, "x5t#S256")?;
    if Thumbprint::from_bytes(certificate.0).matches_b64(text) {
        Ok(())
    } else {
        Err(Error::BindingMismatch)
    }
}

/// The raw text of a string member of `cnf` (base64url never needs JSON escapes; an
/// escaped value is compared as written and so does not match).
fn cnf_member<'b>(claims: &Claims<'b>, name: &str) -> Result<&'b [u8], Error> {
    let raw = claims.raw("cnf").ok_or(Error::BindingMismatch)?;
    let obj = json::parse_object(raw).map_err(|_| Error::InvalidClaim)?;
    match obj.get(name) {
        None => Err(Error::BindingMismatch),
        Some(Value::Str(s)) => {
            let quoted = s.quoted();
            Ok(quoted.get(1..quoted.len().saturating_sub(1)).unwrap_or(&[]))
        }
        Some(_) => Err(Error::InvalidClaim),
    }
}
