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

#[cfg(feature = "fuzzing")]
#[doc(hidden)]
#[path = "fuzz_api.rs"]
pub mod __fuzz;
mod alg;
mod b64;
mod claims;
mod compact;
#[cfg(feature = "_ec")]
mod ec_key;
#[cfg(feature = "eddsa")]
mod ed_key;
mod error;
mod header;
#[cfg(feature = "hmac")]
mod hmac_key;
mod json;
mod key;
mod keyset;
pub mod limits;
mod policy;
#[cfg(feature = "rsa")]
mod rsa_key;
mod scan;
mod verify;

pub use alg::{Alg, AlgSet};
pub use claims::{Claims, NumericDate, StrList, StrListIter};
pub use error::Error;
pub use header::Header;
pub use key::{Curve, Key, KeyKind};
pub use keyset::{KeySet, LoadReport};
pub use policy::{ClaimSet, DEFAULT_LEEWAY, Policy};
pub use verify::{
    Jws, Unverified, Verified, decode_unverified, scratch_len, verify, verify_signature,
};
