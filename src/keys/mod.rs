//! Keys: the caller's key set (`keyset`), the JWKs it is loaded from (`jwk`), one verification
//! key (`key`), and the signature primitives behind it, one module per family (`rsa`, `ec`,
//! `ed25519`, `hmac`) with the hash each algorithm uses (`hash`); the JWKs a load skipped
//! (`skipped`) and when a host may refetch its JWKS (`refetch`).

pub(crate) mod curve;
#[cfg(feature = "_ec")]
pub(crate) mod ec;
#[cfg(feature = "eddsa")]
pub(crate) mod ed25519;
#[cfg(any(feature = "rsa", feature = "hmac"))]
pub(crate) mod hash;
#[cfg(feature = "hmac")]
pub(crate) mod hmac;
pub(crate) mod jwk;
pub(crate) mod key;
pub(crate) mod keyset;
pub(crate) mod refetch;
#[cfg(feature = "rsa")]
pub(crate) mod rsa;
pub(crate) mod skipped;
pub(crate) mod thumbprint;
