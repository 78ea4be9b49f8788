//! ECDSA public keys on P-256, P-384 and P-521 (ES256/ES384/ES512, RFC 7518 §3.4).

use crate::error::Error;
use crate::key::Curve;

/// A validated ECDSA public key (point decoded and checked once).
#[derive(Clone)]
pub(crate) struct EcPublicKey {
    curve: Curve,
}

impl EcPublicKey {
    pub(crate) fn new(curve: Curve, x: &[u8], y: &[u8]) -> Result<Self, Error> {
        let _ = (curve, x, y);
        Err(Error::UnsupportedAlg)
    }

    pub(crate) fn curve(&self) -> Curve {
        self.curve
    }

    /// `sig` is raw `r || s`, each exactly the curve's coordinate length.
    pub(crate) fn verify(&self, msg: &[u8], sig: &[u8]) -> Result<(), Error> {
        let _ = (msg, sig);
        Err(Error::BadSignature)
    }
}
