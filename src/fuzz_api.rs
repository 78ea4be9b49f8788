//! Thin wrappers around crate-private parsers, for the fuzz targets in `fuzz/` only.
//!
//! Compiled only with the `fuzzing` feature and hidden from the documentation: this is not a
//! public API and may change at any time. Nothing here adds behaviour; each function forwards
//! to the code the verifier itself runs.

use crate::alg::Alg;
use crate::claims::{self, Claims, NumericDate};
use crate::codec::json::{self, JStr, Value};
use crate::codec::{b64, compact};
use crate::error::Error;
use crate::header;
use crate::keys::keyset::KeySetView;
use crate::policy::Policy;
use crate::scratch::Arena;
use crate::verify::{Verified, verify_with};

/// Decoded length of `encoded_len` base64url characters (`None` for 4n+1).
#[must_use]
pub fn base64url_decoded_len(encoded_len: usize) -> Option<usize> {
    b64::decoded_len(encoded_len)
}

/// Strict base64url decoding of `src` into the front of `dst`; returns the decoded length.
///
/// # Errors
/// As the crate's decoder: [`Error::Malformed`], [`Error::BufferTooSmall`].
pub fn base64url_decode(src: &[u8], dst: &mut [u8]) -> Result<usize, Error> {
    b64::decode(src, dst).map(|d| d.len())
}

/// Splits a compact token; returns the lengths of header, payload and signature segments.
///
/// # Errors
/// As the crate's splitter: [`Error::TooLarge`], [`Error::UnsupportedAlg`] (JWE),
/// [`Error::Malformed`].
pub fn split(token: &[u8]) -> Result<(usize, usize, usize), Error> {
    compact::split(token).map(|c| (c.header.len(), c.payload.len(), c.signature.len()))
}

/// Validates `doc` as one strict JSON object.
///
/// # Errors
/// [`Error::Malformed`], [`Error::TooLarge`].
pub fn parse_json_object(doc: &[u8]) -> Result<(), Error> {
    json::parse_object(doc).map(|_| ())
}

/// A JSON string of a validated document, still escaped in place.
#[derive(Clone, Copy, Debug)]
pub struct Str<'a>(JStr<'a>);

impl<'a> Str<'a> {
    /// The bytes between the quotes, escapes not decoded.
    #[must_use]
    pub fn raw(&self) -> &'a [u8] {
        self.0.raw()
    }

    /// The content when it has no escapes.
    #[must_use]
    pub fn as_plain(&self) -> Option<&'a str> {
        self.0.as_plain()
    }

    /// Length of the decoded value in bytes.
    #[must_use]
    pub fn decoded_len(&self) -> usize {
        self.0.decoded_len()
    }

    /// The decoded bytes, one at a time.
    pub fn bytes(&self) -> impl Iterator<Item = u8> + 'a {
        self.0.bytes()
    }

    /// True if the decoded value equals `s`.
    #[must_use]
    pub fn eq_str(&self, s: &str) -> bool {
        self.0.eq_str(s)
    }

    /// Writes the decoded value to the front of `out`.
    ///
    /// # Errors
    /// [`Error::BufferTooSmall`]; [`Error::Malformed`] if the result is not UTF-8.
    pub fn decode_into<'b>(&self, out: &'b mut [u8]) -> Result<&'b str, Error> {
        self.0.decode_into(out)
    }
}

/// One step of [`walk_json`].
#[derive(Clone, Copy, Debug)]
pub enum Event<'a> {
    /// `{`.
    ObjectStart,
    /// `}`.
    ObjectEnd,
    /// `[`.
    ArrayStart,
    /// `]`.
    ArrayEnd,
    /// A member name; its value follows.
    Name(Str<'a>),
    /// A string value.
    Str(Str<'a>),
    /// A number value, its text.
    Number(&'a str),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
}

/// Validates `doc`, then walks every member and element with the crate's zero-copy walkers,
/// depth first, calling `f(depth, event)` (the top-level object is depth 1). Nesting deeper
/// than `max_depth` is not entered (validation already bounds it by
/// [`MAX_JSON_DEPTH`](crate::limits::MAX_JSON_DEPTH)).
///
/// # Errors
/// As [`parse_json_object`].
pub fn walk_json<'a>(
    doc: &'a [u8],
    max_depth: usize,
    f: &mut dyn FnMut(usize, Event<'a>),
) -> Result<(), Error> {
    let obj = json::parse_object(doc)?;
    walk_value(Value::Object(obj), 1, max_depth, f);
    Ok(())
}

fn walk_value<'a>(v: Value<'a>, depth: usize, max: usize, f: &mut dyn FnMut(usize, Event<'a>)) {
    match v {
        Value::Null => f(depth, Event::Null),
        Value::Bool(b) => f(depth, Event::Bool(b)),
        Value::Number(n) => f(depth, Event::Number(n)),
        Value::Str(s) => f(depth, Event::Str(Str(s))),
        Value::Object(o) => {
            f(depth, Event::ObjectStart);
            if depth <= max {
                for (name, value) in o.members() {
                    f(depth, Event::Name(Str(name)));
                    walk_value(value, depth.saturating_add(1), max, f);
                }
            }
            f(depth, Event::ObjectEnd);
        }
        Value::Array(a) => {
            f(depth, Event::ArrayStart);
            if depth <= max {
                for value in a.iter() {
                    walk_value(value, depth.saturating_add(1), max, f);
                }
            }
            f(depth, Event::ArrayEnd);
        }
    }
}

/// The header as the verifier reads it, strings still escaped.
#[derive(Clone, Copy, Debug)]
pub struct RawHeader<'a> {
    /// `alg`.
    pub alg: Alg,
    /// `kid`.
    pub kid: Option<Str<'a>>,
    /// `typ`.
    pub typ: Option<Str<'a>>,
    /// `cty`.
    pub cty: Option<Str<'a>>,
}

/// Parses decoded header JSON as the verifier does.
///
/// # Errors
/// As JSON validation and the header rules: [`Error::Malformed`], [`Error::TooLarge`],
/// [`Error::UnsupportedAlg`], [`Error::CritUnsupported`].
pub fn parse_header<'a>(doc: &'a [u8], understood_crit: &[&str]) -> Result<RawHeader<'a>, Error> {
    // The table the verifier keeps in the scratch buffer: 4 bytes per member at most.
    let mut table = [0u8; crate::limits::MAX_TOKEN_LEN];
    let h = header::read(doc, understood_crit, &mut table)?;
    Ok(RawHeader {
        alg: h.alg,
        kid: h.kid.map(Str),
        typ: h.typ.map(Str),
        cty: h.cty.map(Str),
    })
}

/// Reads decoded claim-set JSON as [`crate::verify`] does after the signature: JSON
/// validation, then the claims view with strings decoded into `scratch`.
///
/// # Errors
/// [`Error::Malformed`], [`Error::TooLarge`], [`Error::InvalidClaim`],
/// [`Error::BufferTooSmall`].
pub fn read_claims<'b>(payload: &'b [u8], scratch: &'b mut [u8]) -> Result<Claims<'b>, Error> {
    if payload.is_empty() {
        return Err(Error::Malformed);
    }
    let mut arena = Arena::new(scratch);
    let mut out = Claims::empty();
    claims::read(payload, &mut arena, &mut out)?.map_err(|(e, _)| e)?;
    Ok(out)
}

/// The policy's header `typ` check.
///
/// # Errors
/// [`Error::TypMismatch`].
pub fn check_typ(policy: &Policy<'_>, typ: Option<&str>) -> Result<(), Error> {
    policy.check_typ(typ)
}

/// The policy's claim checks at `now`, in the documented order (`at_hash` and `c_hash`, if
/// the policy sets them, hashed as for RS256).
///
/// # Errors
/// The first failing check's error.
pub fn check_claims(policy: &Policy<'_>, claims: &Claims<'_>, now: u64) -> Result<(), Error> {
    policy.check_claims(claims, crate::Alg::RS256, now)
}

/// Parses JSON number text as a NumericDate.
///
/// # Errors
/// [`Error::InvalidClaim`].
pub fn numeric_date(text: &str) -> Result<NumericDate, Error> {
    NumericDate::parse(text)
}

/// [`crate::verify`] with every signature taken as valid: the same code path (split,
/// base64url of all three segments, header, allow-list, key choice, claims, policy) minus
/// the signature primitive (hash and public-key operation). For fuzzing the checks behind
/// the signature, and for the `parse_only` benchmark. NEVER for anything real.
///
/// # Errors
/// As [`crate::verify`], except [`Error::BadSignature`] for a wrong signature.
pub fn verify_without_signature<'b>(
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
        |_, _, _, _| true,
        &mut crate::detail::NoDetail,
    )
}

/// [`crate::verify_dpop`] with both signatures (proof and access token) taken as valid, so
/// that arbitrary proofs reach the checks behind the proof's signature: `jwk`, claims,
/// `htm`, `htu`, `nonce`, `iat`, `ath`, the binding and the replay cache.
///
/// # Errors
/// As [`crate::verify_dpop`], but never a failed signature.
#[allow(clippy::too_many_arguments)]
pub fn dpop_without_signature<'b>(
    token: &[u8],
    keys: &KeySetView,
    policy: &Policy<'_>,
    proof: &[u8],
    request: &crate::DpopRequest<'_>,
    options: &crate::DpopOptions,
    cache: &mut crate::ReplayCache<'_>,
    now: u64,
    scratch: &'b mut [u8],
) -> Result<Verified<'b>, crate::DpopError> {
    crate::dpop::verify_dpop_with(
        token,
        keys,
        policy,
        (proof, request, options),
        cache,
        now,
        scratch,
        |_, _, _, _| true,
    )
}
