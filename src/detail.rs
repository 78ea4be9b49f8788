//! The reason behind a refusal, beyond its code: where in the token, which key, which claim,
//! what was expected and what was found. Filled by [`verify_detailed`](crate::verify_detailed)
//! with views into the token's scratch buffer and the policy: `Copy`, no heap.

use crate::alg::Alg;

/// A segment of a compact JWS.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Segment {
    /// The JOSE header (first segment).
    Header,
    /// The payload (second segment).
    Payload,
    /// The signature (third segment).
    Signature,
}

impl Segment {
    /// `header`, `payload` or `signature`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Segment::Header => "header",
            Segment::Payload => "payload",
            Segment::Signature => "signature",
        }
    }
}

/// What a refusal was about. Which fields are set depends on the check that failed:
///
/// | refusal | fields |
/// |---|---|
/// | structure and encoding (`malformed`, `too_large`, ...) | `segment` and, where a byte is at fault, `offset` (from the token's first byte) |
/// | key choice and signature (`unknown_kid`, `key_mismatch`, `weak_key`, `alg_not_allowed`, `bad_signature`, ...) | `alg`, `kid` (when it has no escapes) |
/// | `typ_mismatch` | `claim` = `typ`, `expected`, `found` |
/// | claims (`invalid_claim`, `missing_claim`, `issuer_mismatch`, `audience_mismatch`, `azp_mismatch`, `nonce_mismatch`, `acr_not_allowed`, `at_hash_mismatch`, ...) | `claim`, and for comparisons `expected` (from the policy) and `found` (from the token) |
/// | time (`expired`, `not_yet_valid`, `auth_too_old`) | `claim`, `date` (the claim's, Unix seconds), `now` |
///
/// ```
/// # fn main() -> Result<(), idgate::Error> {
/// use idgate::{verify_detailed, Detail, Error, KeySet, Policy};
/// let mut keys = KeySet::new();
/// keys.load_jwks(include_bytes!("../examples/sample/jwks.json"))?;
/// let token = include_str!("../examples/sample/id_token.jwt").trim();
/// let policy = Policy::id_token("https://issuer.example.com", "another-client");
/// let mut scratch = [0u8; 4096];
/// let mut detail = Detail::default();
/// let r = verify_detailed(token.as_bytes(), &keys, &policy, 1_767_225_600, &mut scratch, &mut detail);
/// assert_eq!(r.err(), Some(Error::AudienceMismatch));
/// assert_eq!(detail.claim, Some("aud"));
/// assert_eq!((detail.expected, detail.found), (Some("another-client"), Some("client-123")));
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Detail<'d> {
    /// The segment where a structural or encoding error lies.
    pub segment: Option<Segment>,
    /// The byte (from the token's first byte) where it was found.
    pub offset: Option<usize>,
    /// The header `alg`, once read.
    pub alg: Option<Alg>,
    /// The header `kid`, once read (when it has no JSON escapes).
    pub kid: Option<&'d str>,
    /// The claim (or header `typ`) the failed check is about.
    pub claim: Option<&'d str>,
    /// What the policy expected.
    pub expected: Option<&'d str>,
    /// What the token holds.
    pub found: Option<&'d str>,
    /// The claim's date for a time check, Unix seconds (`exp`, `nbf`/`iat`, `auth_time`).
    pub date: Option<u64>,
    /// `now` as given, for a time check.
    pub now: Option<u64>,
}

impl<'d> Detail<'d> {
    /// Sets the segment and offset of a structural error.
    pub(crate) fn at(&mut self, segment: Segment, offset: Option<usize>) {
        self.segment = Some(segment);
        self.offset = offset;
    }

    /// Sets what a claim check was about.
    pub(crate) fn claim(
        &mut self,
        claim: &'d str,
        expected: Option<&'d str>,
        found: Option<&'d str>,
    ) {
        self.claim = Some(claim);
        self.expected = expected;
        self.found = found;
    }

    /// Sets the dates of a time check.
    pub(crate) fn time(&mut self, claim: &'d str, date: Option<u64>, now: u64) {
        self.claim = Some(claim);
        self.date = date;
        self.now = Some(now);
    }
}

/// Where the pipeline writes what a refusal was about: a [`Detail`] for
/// [`verify_detailed`](crate::verify_detailed), nothing for [`verify`](crate::verify), whose
/// code then carries none of it (a microcontroller build pays no flash for detail it does not
/// ask for).
pub(crate) trait Note<'d> {
    /// Records with `f`, or does nothing.
    fn note(&mut self, f: impl FnOnce(&mut Detail<'d>));
}

impl<'d> Note<'d> for Detail<'d> {
    #[inline(always)]
    fn note(&mut self, f: impl FnOnce(&mut Detail<'d>)) {
        f(self);
    }
}

/// No detail is kept.
pub(crate) struct NoDetail;

impl<'d> Note<'d> for NoDetail {
    #[inline(always)]
    fn note(&mut self, _: impl FnOnce(&mut Detail<'d>)) {}
}
