#![no_std]
#![forbid(unsafe_code)]
// A build without some algorithm features leaves part of the shared hashing and key code
// unused (a build without any refuses every token); the default build has no dead code.
#![cfg_attr(
    not(all(
        feature = "rsa",
        feature = "ecdsa",
        feature = "eddsa",
        feature = "hmac"
    )),
    allow(dead_code, unused_variables)
)]
#![doc = include_str!("../README.md")]

// The pipeline, in order, and the layers under it.
mod claims; // the claims view
mod codec; // compact serialization, base64url, strict JSON
mod header; // the JOSE header
mod keys; // key sets, JWKs, keys, signature primitives
mod policy; // the claim checks
mod scratch; // the caller's scratch buffer
mod verify; // split → header → key → signature → claims → policy

// Across the pipeline.
mod alg; // algorithm names and allow-lists
mod error; // the one error type
pub mod limits; // every bound on untrusted input

#[cfg(feature = "fuzzing")]
#[doc(hidden)]
#[path = "fuzz_api.rs"]
pub mod __fuzz;

pub use alg::{Alg, AlgSet};
pub use claims::{ClaimSet, Claims, NumericDate, StrList, StrListIter};
pub use error::Error;
pub use header::Header;
pub use keys::curve::Curve;
pub use keys::key::{Key, KeyKind};
pub use keys::keyset::{KeySet, LoadReport};
pub use policy::{DEFAULT_LEEWAY, Policy};
pub use verify::{
    Jws, Unverified, Verified, decode_unverified, scratch_len, verify, verify_signature,
};
