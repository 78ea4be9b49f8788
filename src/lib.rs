#![no_std]
#![forbid(unsafe_code)]
//! idgate: allocation-free verification of compact JWS tokens (OIDC ID tokens, JWT access
//! tokens) against a JWKS key set.

mod alg;
mod b64;
mod compact;
#[cfg(feature = "ecdsa")]
mod ec_key;
#[cfg(feature = "eddsa")]
mod ed_key;
mod error;
#[cfg(feature = "hmac")]
mod hmac_key;
mod json;
mod key;
pub mod limits;
#[cfg(feature = "rsa")]
mod rsa_key;

pub use alg::{Alg, AlgSet};
pub use error::Error;
pub use key::{Curve, Key, KeyKind};
