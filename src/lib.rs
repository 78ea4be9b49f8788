//! Verification of compact JWS tokens — OpenID Connect ID tokens and JWT access tokens —
//! with no heap, a bounded stack and no panic on untrusted input.
//!
//! You give [`verify`] the token bytes, a [`KeySet`] loaded from your identity provider's JWKS,
//! a [`Policy`] and the current time; it returns a [`Verified`] view of the header and
//! [`Claims`], borrowed from a scratch buffer you provide, or the [`Error`] naming the check
//! that failed. The crate is `no_std`, never allocates, reads no clock, file or network, and
//! forbids `unsafe`.
//!
//! # An ID token (OIDC Core 3.1.3.7)
//!
//! ```
//! # fn main() -> Result<(), idgate::Error> {
//! use idgate::{verify, scratch_len, Error, KeySet, Policy};
//!
//! let mut keys = KeySet::new();
//! keys.load_jwks(include_bytes!("../examples/sample/jwks.json"))?;
//!
//! let policy = Policy::id_token("https://issuer.example.com", "client-123")
//!     .with_nonce("n-0S6_WzA2Mj");
//! let token = include_str!("../examples/sample/id_token.jwt").trim();
//! let now = 1_767_225_600; // Unix seconds, from your clock
//! let mut scratch = [0u8; 4096];
//! assert!(scratch.len() >= scratch_len(token.len()));
//!
//! let verified = verify(token.as_bytes(), &keys, &policy, now, &mut scratch)?;
//! assert_eq!(verified.claims.sub(), Some("user-42"));
//!
//! let mut scratch = [0u8; 4096];
//! let later = verify(token.as_bytes(), &keys, &policy, now + 7200, &mut scratch);
//! assert_eq!(later.err(), Some(Error::Expired));
//! # Ok(()) }
//! ```
//!
//! # An access token (RFC 9068)
//!
//! [`Policy::access_token`] requires the header `typ` `at+jwt` and the claims RFC 9068 §2.2
//! lists. The sample ID token is not an access token, and is refused as one:
//!
//! ```
//! # fn main() -> Result<(), idgate::Error> {
//! use idgate::{verify, Error, KeySet, Policy};
//!
//! let mut keys = KeySet::new();
//! keys.load_jwks(include_bytes!("../examples/sample/jwks.json"))?;
//! let policy = Policy::access_token("https://issuer.example.com", "https://api.example.com");
//! let token = include_str!("../examples/sample/id_token.jwt").trim();
//! let mut scratch = [0u8; 4096];
//! let r = verify(token.as_bytes(), &keys, &policy, 1_767_225_600, &mut scratch);
//! assert_eq!(r.err(), Some(Error::TypMismatch));
//! # Ok(()) }
//! ```
//!
//! # What is checked
//!
//! In the order of RFC 7515 §5.2: the length ([`limits::MAX_TOKEN_LEN`]), the three segments and
//! their strict base64url (all decoded first), the header (strict JSON, `alg` never `none`,
//! `crit` understood), the allow-list ([`Policy::algs`], asymmetric only by default), the key (only from your
//! key set, fitting the `alg`: the guard against algorithm confusion), the signature over the
//! original bytes, and only then the claims and the policy ([`Profile`]: ID tokens, access
//! tokens, Back-Channel Logout tokens; `at_hash`/`c_hash`, several issuers and `{tenantid}`
//! templates). [`Error`] lists every refusal with the RFC section it enforces.
//!
//! For a JWS whose payload is not a JWT, [`verify_signature`] stops after the signature;
//! [`decode_unverified`] decodes without verifying anything, for diagnostics only.
//!
//! # Features
//!
//! | feature | algorithms | default |
//! |---|---|---|
//! | `rsa` | RS256/384/512, PS256/384/512 (2048 to 4096 bits) | yes |
//! | `ecdsa` | `es256` + `es384` + `es512` | yes |
//! | `es256`, `es384`, `es512` | ES256 (P-256), ES384 (P-384), ES512 (P-521), one each | via `ecdsa` |
//! | `eddsa` | EdDSA / Ed25519 | yes |
//! | `hmac` | HS256/384/512, only with secrets added by [`KeySet::add_hmac`] | yes |
//! | `defmt` | `defmt::Format` for errors and views | no |
//!
//! A build needs at least one algorithm feature. Each alone builds and passes its tests (CI
//! runs the matrix); a device that needs one curve saves flash by choosing it alone.
//!
//! # Limits
//!
//! Every bound on untrusted input is a named constant in [`limits`]; going past one is
//! [`Error::TooLarge`]. The scratch buffer a token needs is [`scratch_len`]; a [`KeySet`]'s
//! capacity is its type parameter.
//!
//! # C and the command line
//!
//! The same checks, with the same error codes, are available to C through the `idgate-ffi`
//! crate (a generated header, static and shared libraries) and to operators through the
//! `idgate` command-line tool; both live in the crate's repository.
#![no_std]
#![forbid(unsafe_code)]

// A build that implements no algorithm could only refuse every token.
#[cfg(not(any(
    feature = "rsa",
    feature = "es256",
    feature = "es384",
    feature = "es512",
    feature = "eddsa",
    feature = "hmac"
)))]
compile_error!(
    "idgate needs at least one algorithm feature: rsa, es256, es384, es512, eddsa or hmac"
);

// The pipeline, in order, and the layers under it (each on its own, so not sorted).
mod codec; // compact serialization, base64url, strict JSON

mod header; // the JOSE header

mod keys; // key sets, JWKs, keys, signature primitives

mod scratch; // the caller's scratch buffer: decoded segments and strings

mod claims; // the claims view

mod policy; // the claim checks

mod verify; // split → header → key → signature → claims → policy

mod oidc; // at_hash / c_hash and PKCE S256
// Sender-constrained tokens, on top of the pipeline.
mod binding; // the token's `cnf`: DPoP key thumbprint or client certificate
mod dpop; // DPoP proofs, their URI comparison and the replay cache

// Across the pipeline.
mod alg; // algorithm names and allow-lists
mod detail; // the reason behind a refusal: segment, offset, key, claim, values
mod error; // the one error type
pub mod limits; // every bound on untrusted input

// The README's examples, compiled and run as doctests (the README is for the repository; the
// crate documentation above is for docs.rs).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

#[cfg(feature = "fuzzing")]
#[doc(hidden)]
#[path = "fuzz_api.rs"]
pub mod __fuzz;

pub use alg::{Alg, AlgSet};
pub use binding::{CertificateHash, verify_certificate_bound};
pub use claims::{
    ClaimSet, ClaimStr, ClaimStrs, ClaimStrsIter, Claims, ClaimsJson, NumericDate, StrList,
    StrListIter,
};
pub use detail::{Detail, Segment};
pub use dpop::{
    DEFAULT_DPOP_WINDOW, DpopCheck, DpopError, DpopOptions, DpopProof, DpopRequest, ReplayCache,
    ReplaySlot, dpop_scratch_len, verify_dpop, verify_proof,
};
pub use error::Error;
pub use header::Header;
pub use keys::curve::Curve;
pub use keys::key::{Key, KeyKind};
pub use keys::keyset::{KeySet, KeySetInner, KeySetView, KeySlot, LoadReport};
pub use keys::refetch::RefetchGate;
pub use keys::skipped::{SkipReason, SkippedKey};
pub use keys::thumbprint::{THUMBPRINT_B64_LEN, Thumbprint};
pub use oidc::{HashText, pkce_s256, token_hash};
pub use policy::{BACKCHANNEL_LOGOUT_EVENT, DEFAULT_LEEWAY, Policy, Profile, TENANT_PLACEHOLDER};
pub use verify::{
    Jws, Unverified, Verified, decode_unverified, scratch_len, verify, verify_detailed,
    verify_signature,
};
