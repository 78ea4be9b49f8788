//! Ed25519 public keys (EdDSA, RFC 8037 / RFC 8032).

use crate::error::Error;

/// A decoded Ed25519 public key.
#[derive(Clone)]
pub(crate) struct Ed25519PublicKey {}

impl Ed25519PublicKey {
    pub(crate) fn new(x: &[u8]) -> Result<Self, Error> {
        let _ = x;
        Err(Error::UnsupportedAlg)
    }

    pub(crate) fn verify(&self, msg: &[u8], sig: &[u8]) -> Result<(), Error> {
        let _ = (msg, sig);
        Err(Error::BadSignature)
    }
}
