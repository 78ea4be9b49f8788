//! The pipeline: split → decode the segments and read the header → choose key → verify the
//! signature over the original bytes → parse claims → check the policy. Data flows one way;
//! the payload is base64url-decoded with the other segments (RFC 7515 §5.2), but nothing in
//! it is parsed before the signature has passed.

use crate::alg::Alg;
use crate::claims::{self, Claims};
use crate::codec::b64;
use crate::codec::compact::{self, Compact};
use crate::codec::json;
use crate::detail::{Detail, NoDetail, Note, Segment};
use crate::error::Error;
use crate::header::{self, Header};
use crate::keys::key::Key;
use crate::keys::keyset::KeySetView;
use crate::limits::MAX_SIGNATURE_LEN;
use crate::policy::Policy;
use crate::scratch::Arena;

/// Scratch bytes that [`verify`] may need for a token of `token_len` bytes: one and a half
/// times the token length, plus 8.
///
/// The scratch holds the decoded header, signature and payload (three quarters of the token
/// at most) and the decoded strings of the header and standard claims (never longer than the
/// decoded JSON they come from). For a 2 KiB token that is 3080 bytes.
#[must_use]
pub const fn scratch_len(token_len: usize) -> usize {
    (token_len / 2).saturating_mul(3).saturating_add(8)
}

/// A token whose signature and claims passed: the header and claims, borrowed from the
/// scratch buffer.
///
/// ```
/// # fn main() -> Result<(), idgate::Error> {
/// use idgate::{verify, KeySet, Policy};
/// let mut keys = KeySet::new();
/// keys.load_jwks(include_bytes!("../examples/sample/jwks.json"))?;
/// let token = include_str!("../examples/sample/id_token.jwt").trim();
/// let policy = Policy::id_token("https://issuer.example.com", "client-123");
/// let mut scratch = [0u8; 4096];
/// let v = verify(token.as_bytes(), &keys, &policy, 1_767_225_600, &mut scratch)?;
/// assert_eq!(v.header.typ, Some("JWT"));
/// assert_eq!(v.claims.sub(), Some("user-42"));
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Verified<'b> {
    /// The JOSE header.
    pub header: Header<'b>,
    /// The claims.
    pub claims: Claims<'b>,
}

/// A JWS whose signature passed, payload not interpreted (see [`verify_signature`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Jws<'b> {
    /// The JOSE header.
    pub header: Header<'b>,
    /// The decoded payload bytes (may be empty).
    pub payload: &'b [u8],
}

/// A token decoded WITHOUT any verification, for diagnostics only (see [`decode_unverified`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unverified<'b> {
    /// The header JSON text (validated as strict JSON).
    pub header_json: &'b [u8],
    /// The decoded payload bytes (not validated).
    pub payload: &'b [u8],
    /// The decoded signature length in bytes.
    pub signature_len: usize,
}

/// Verifies a compact JWS token as a JWT: signature, then claims against `policy` at `now`
/// (Unix seconds).
///
/// `scratch` receives the decoded token; it needs at most [`scratch_len`]`(token.len())`
/// bytes. The returned view borrows it.
///
/// ```
/// # fn main() -> Result<(), idgate::Error> {
/// use idgate::{verify, scratch_len, KeySet, Policy, Error};
/// let mut keys = KeySet::new();
/// keys.load_jwks(br#"{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"k1",
///     "x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}"#)?;
/// let policy = Policy::id_token("https://issuer.example.com", "client-123");
/// let mut scratch = [0u8; 1024];
/// // Not a token: refused, with the check that failed.
/// assert_eq!(verify(b"not.a.token", &keys, &policy, 1_767_225_600, &mut scratch),
///            Err(Error::Malformed));
/// # Ok(()) }
/// ```
///
/// # Errors
/// The first check that fails, as an [`Error`]: structure and encoding
/// ([`Error::TooLarge`], [`Error::Malformed`], [`Error::BufferTooSmall`]), header
/// ([`Error::UnsupportedAlg`], [`Error::AlgNotAllowed`], [`Error::CritUnsupported`]), key
/// choice ([`Error::UnknownKid`], [`Error::KeyMismatch`], [`Error::WeakKey`]),
/// [`Error::BadSignature`], then the policy in this order: [`Error::TypMismatch`],
/// [`Error::InvalidClaim`], [`Error::MissingClaim`] (for `exp`), [`Error::Expired`],
/// [`Error::NotYetValid`], [`Error::IssuerMismatch`], [`Error::AudienceMismatch`],
/// [`Error::AzpMismatch`] (ID-token profile), [`Error::NonceMismatch`],
/// [`Error::AcrNotAllowed`], [`Error::AuthTooOld`], [`Error::MissingClaim`],
/// [`Error::AtHashMismatch`], [`Error::CHashMismatch`], then the logout-token rules
/// ([`Error::MissingClaim`] without `sub`, `sid` or `events`, [`Error::InvalidClaim`] for a
/// wrong `events` or any `nonce`), then [`Error::BindingMismatch`] for a `cnf` claim the
/// policy does not allow unchecked ([`Policy::allow_unchecked_cnf`]). An empty payload is
/// [`Error::Malformed`] before the key is chosen.
// `#[inline]`: available for inlining into the caller's frame, as when it was generic over
// the key set's capacity (outlined, the C API's verify takes ~2 KiB more stack).
#[inline]
pub fn verify<'b>(
    token: &[u8],
    keys: &KeySetView,
    policy: &Policy<'_>,
    now: u64,
    scratch: &'b mut [u8],
) -> Result<Verified<'b>, Error> {
    verify_with(
        token,
        keys,
        policy,
        now,
        scratch,
        signature_ok,
        &mut NoDetail,
    )
}

/// [`verify`], and on a refusal the [`Detail`] of what it was about: where in the token a
/// structural error lies, the key's `kid` and `alg`, the claim a policy check is about with
/// the expected and found values, the dates of a time check. The detail borrows `scratch` and
/// `policy`; it is reset on every call and left empty on success.
///
/// ```
/// # fn main() -> Result<(), idgate::Error> {
/// use idgate::{verify_detailed, Detail, Error, KeySet, Policy};
/// let mut keys = KeySet::new();
/// keys.load_jwks(include_bytes!("../examples/sample/jwks.json"))?;
/// let token = include_str!("../examples/sample/id_token.jwt").trim();
/// let policy = Policy::id_token("https://issuer.example.com", "client-123");
/// let (mut scratch, mut detail) = ([0u8; 4096], Detail::default());
/// let later = 1_767_225_600 + 7200;
/// let r = verify_detailed(token.as_bytes(), &keys, &policy, later, &mut scratch, &mut detail);
/// assert_eq!(r.err(), Some(Error::Expired));
/// assert_eq!((detail.claim, detail.date, detail.now), (Some("exp"), Some(1_767_229_200), Some(later)));
/// # Ok(()) }
/// ```
///
/// # Errors
/// As [`verify`].
#[inline]
pub fn verify_detailed<'b: 'd, 'p: 'd, 'd>(
    token: &[u8],
    keys: &KeySetView,
    policy: &Policy<'p>,
    now: u64,
    scratch: &'b mut [u8],
    detail: &mut Detail<'d>,
) -> Result<Verified<'b>, Error> {
    *detail = Detail::default();
    let verified = verify_with(token, keys, policy, now, scratch, signature_ok, detail);
    if verified.is_ok() {
        *detail = Detail::default();
    }
    verified
}

/// The signature check of [`verify`]: the key's own verification over the signing input.
#[inline(always)]
fn signature_ok(key: &Key, alg: Alg, signing_input: &[u8], signature: &[u8]) -> bool {
    key.verify(alg, signing_input, signature).is_ok()
}

/// [`verify`] with the signature check passed in: `verify` passes [`signature_ok`]. The
/// benchmarks and fuzz targets (feature `fuzzing`) also run it with a check that accepts
/// every signature, to measure and reach everything else on exactly this code path.
/// `detail` receives what a refusal was about.
#[inline(always)]
pub(crate) fn verify_with<'b: 'd, 'p: 'd, 'd>(
    token: &[u8],
    keys: &KeySetView,
    policy: &Policy<'p>,
    now: u64,
    scratch: &'b mut [u8],
    check: impl Fn(&Key, Alg, &[u8], &[u8]) -> bool,
    detail: &mut impl Note<'d>,
) -> Result<Verified<'b>, Error> {
    let (header, payload, mut arena) =
        signed_parts(true, token, keys, policy, scratch, check, detail)?;
    // One pass: the claims are read as the validator meets them. Errors keep their order:
    // JSON first, then `typ`, then the first claim error in document order.
    let mut claims = Claims::empty();
    let read = claims::read(payload, &mut arena, &mut claims).inspect_err(|_| {
        detail.note(|d| d.segment = Some(Segment::Payload));
    })?;
    policy
        .check_typ(header.typ)
        .inspect_err(|_| detail.note(|d| policy.explain_typ(header.typ, d)))?;
    read.map_err(|(e, name)| {
        detail.note(|d| d.claim = name.as_plain());
        e
    })?;
    policy
        .check_claims(&claims, header.alg, now)
        .inspect_err(|e| detail.note(|d| policy.explain(*e, &claims, now, d)))?;
    Ok(Verified { header, claims })
}

/// Verifies a compact JWS's structure, header, key choice and signature, and returns the
/// payload without interpreting it: for JWS whose payload is not a JWT (signed metadata,
/// test vectors). Only [`Policy::algs`] and [`Policy::critical_extensions`] are used.
/// An empty payload is valid here.
///
/// ```
/// # fn main() -> Result<(), idgate::Error> {
/// use idgate::{verify_signature, KeySet, Policy};
/// let mut keys = KeySet::new();
/// keys.load_jwks(include_bytes!("../examples/sample/jwks.json"))?;
/// let token = include_str!("../examples/sample/id_token.jwt").trim();
/// let mut scratch = [0u8; 4096];
/// // No claim is looked at: an expired token's signature still verifies.
/// let jws = verify_signature(token.as_bytes(), &keys, &Policy::new(), &mut scratch)?;
/// assert!(jws.payload.starts_with(b"{"));
/// # Ok(()) }
/// ```
///
/// # Errors
/// As [`verify`], up to and including [`Error::BadSignature`].
pub fn verify_signature<'b>(
    token: &[u8],
    keys: &KeySetView,
    policy: &Policy<'_>,
    scratch: &'b mut [u8],
) -> Result<Jws<'b>, Error> {
    let (header, payload, _) = signed_parts(
        false,
        token,
        keys,
        policy,
        scratch,
        signature_ok,
        &mut NoDetail,
    )?;
    Ok(Jws { header, payload })
}

/// Decodes a token's header and payload WITHOUT checking anything but the encoding: never
/// trust what it returns. For diagnostics (`idgate decode`).
///
/// ```
/// # fn main() -> Result<(), idgate::Error> {
/// use idgate::decode_unverified;
/// let mut scratch = [0u8; 64];
/// let d = decode_unverified(b"eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", &mut scratch)?;
/// assert_eq!(d.header_json, br#"{"alg":"none"}"#);
/// assert_eq!((d.payload, d.signature_len), (&br#"{"sub":"x"}"#[..], 0));
/// # Ok(()) }
/// ```
///
/// # Errors
/// [`Error::TooLarge`], [`Error::Malformed`] (segments, base64url, header JSON),
/// [`Error::UnsupportedAlg`] for a JWE, [`Error::BufferTooSmall`].
pub fn decode_unverified<'b>(token: &[u8], scratch: &'b mut [u8]) -> Result<Unverified<'b>, Error> {
    let parts = compact::split(token)?;
    let (header_json, rest) = decode_segment(parts.header, scratch)?;
    json::parse_object(header_json)?;
    let (payload, _) = decode_segment(parts.payload, rest)?;
    let signature_len = b64::decoded_len(parts.signature.len()).ok_or(Error::Malformed)?;
    Ok(Unverified {
        header_json,
        payload,
        signature_len,
    })
}

/// Decodes one segment into the front of `buf`; returns it and the rest of `buf`.
fn decode_segment<'b>(
    segment: &[u8],
    buf: &'b mut [u8],
) -> Result<(&'b [u8], &'b mut [u8]), Error> {
    let len = b64::decoded_len(segment.len()).ok_or(Error::Malformed)?;
    let (head, rest) = buf.split_at_mut_checked(len).ok_or(Error::BufferTooSmall)?;
    let decoded = b64::decode(segment, head)?;
    Ok((decoded, rest))
}

/// Everything up to and including the signature check. `jwt`: the payload must not be empty
/// (checked before the signature, with the other structural checks). Inlined into its
/// callers, so that `verify` has one frame for the whole pipeline (outlined, it adds ~3.5 KiB
/// of stack).
#[inline(always)]
fn signed_parts<'b: 'd, 'd>(
    jwt: bool,
    token: &[u8],
    keys: &KeySetView,
    policy: &Policy<'_>,
    scratch: &'b mut [u8],
    check: impl Fn(&Key, Alg, &[u8], &[u8]) -> bool,
    detail: &mut impl Note<'d>,
) -> Result<(Header<'b>, &'b [u8], Arena<'b>), Error> {
    let parts: Compact<'_> =
        compact::split(token).inspect_err(|_| detail.note(|d| locate(token, d)))?;
    // Where each segment starts in the token, for the detail of an encoding error.
    let payload_at = parts.header.len().saturating_add(1);
    let signature_at = payload_at
        .saturating_add(parts.payload.len())
        .saturating_add(1);
    let segments = [
        (Segment::Header, parts.header, 0),
        (Segment::Payload, parts.payload, payload_at),
        (Segment::Signature, parts.signature, signature_at),
    ];
    let at = |which: usize, detail: &mut Detail<'d>| {
        if let Some(&(segment, text, start)) = segments.get(which) {
            detail.at(segment, Some(start.saturating_add(b64::fault(text))));
        }
    };
    let need = scratch_need(&parts).inspect_err(|_| {
        let bad = segments
            .iter()
            .position(|s| b64::decoded_len(s.1.len()).is_none());
        detail.note(|d| at(bad.unwrap_or(0), d));
    })?;
    if scratch.len() < need {
        return Err(Error::BufferTooSmall);
    }
    // RFC 7515 §5.2 steps 2-7: every segment is decoded, and the header read, before any
    // key is looked up or any public-key operation runs.
    let (header_json, rest) =
        decode_segment(parts.header, scratch).inspect_err(|_| detail.note(|d| at(0, d)))?;
    let raw = header::read(header_json, policy.critical_extensions, rest)
        .inspect_err(|_| detail.note(|d| d.at(Segment::Header, None)))?;
    detail.note(|d| {
        d.alg = Some(raw.alg);
        d.kid = raw.kid.and_then(|k| k.as_plain());
    });
    let (payload, rest) =
        decode_segment(parts.payload, rest).inspect_err(|_| detail.note(|d| at(1, d)))?;
    if jwt && payload.is_empty() {
        // A JWT's payload is a JSON object (RFC 7519 §7.2 step 10).
        detail.note(|d| d.at(Segment::Payload, Some(payload_at)));
        return Err(Error::Malformed);
    }
    if b64::decoded_len(parts.signature.len()).is_none_or(|n| n > MAX_SIGNATURE_LEN) {
        detail.note(|d| d.at(Segment::Signature, None));
        return Err(Error::BadSignature);
    }
    let (signature, rest) = decode_segment(parts.signature, rest).map_err(|e| match e {
        Error::BufferTooSmall => e,
        _ => {
            detail.note(|d| at(2, d));
            Error::Malformed
        }
    })?;
    if !policy.algs.contains(raw.alg) {
        return Err(Error::AlgNotAllowed);
    }
    let candidates = keys.candidates(raw.alg, raw.kid)?;
    let mut verified = false;
    for key in candidates {
        if check(key, raw.alg, parts.signing_input, signature) {
            verified = true;
            break;
        }
    }
    if !verified {
        return Err(Error::BadSignature);
    }
    let mut arena = Arena::new(rest);
    let header = Header {
        alg: raw.alg,
        kid: raw.kid.map(|s| arena.str(s)).transpose()?,
        typ: raw.typ.map(|s| arena.str(s)).transpose()?,
        cty: raw.cty.map(|s| arena.str(s)).transpose()?,
    };
    Ok((header, payload, arena))
}

/// The segment and byte of a token that does not split into three segments: the first byte
/// outside base64url and `.`, else a fourth segment's dot, else the end.
fn locate(token: &[u8], detail: &mut Detail<'_>) {
    let mut dots = 0usize;
    for (i, &b) in token.iter().enumerate() {
        let segment = match dots {
            0 => Segment::Header,
            1 => Segment::Payload,
            _ => Segment::Signature,
        };
        if b == b'.' {
            dots = dots.saturating_add(1);
            if dots > 2 {
                detail.at(segment, Some(i));
                return;
            }
        } else if !b64::is_alphabet(b) {
            detail.at(segment, Some(i));
            return;
        }
    }
    let segment = if dots < 2 {
        Segment::Payload
    } else {
        Segment::Signature
    };
    detail.at(segment, Some(token.len()));
}

/// Exact scratch bytes a token's segments need (decoded segments, plus room to decode the
/// strings of header and payload next to the JSON validator's table of member names, 4 bytes
/// per member, which no member's text is shorter than); never more than [`scratch_len`].
fn scratch_need(parts: &Compact<'_>) -> Result<usize, Error> {
    let len = |s: &[u8]| b64::decoded_len(s.len()).ok_or(Error::Malformed);
    let h = len(parts.header)?;
    let p = len(parts.payload)?;
    let s = len(parts.signature)?.min(MAX_SIGNATURE_LEN);
    Ok(h.saturating_add(p).saturating_mul(2).saturating_add(s))
}
