//! The SHA-2 hash each algorithm applies to the signing input (RFC 7518 §3).

#[cfg(feature = "rsa")]
use sha2::Digest as _;

use crate::alg::Alg;

/// The hash function an algorithm uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HashAlg {
    Sha256,
    Sha384,
    Sha512,
}

impl HashAlg {
    /// Output length in bytes.
    pub(crate) const fn len(self) -> usize {
        match self {
            HashAlg::Sha256 => 32,
            HashAlg::Sha384 => 48,
            HashAlg::Sha512 => 64,
        }
    }

    /// Hashes `msg`; the digest is the first [`HashAlg::len`] bytes of the result.
    #[cfg(feature = "rsa")]
    pub(crate) fn digest(self, msg: &[u8]) -> DigestBuf {
        let mut out = [0u8; 64];
        match self {
            HashAlg::Sha256 => copy_prefix(&mut out, &sha2::Sha256::digest(msg)),
            HashAlg::Sha384 => copy_prefix(&mut out, &sha2::Sha384::digest(msg)),
            HashAlg::Sha512 => copy_prefix(&mut out, &sha2::Sha512::digest(msg)),
        }
        DigestBuf {
            bytes: out,
            len: self.len(),
        }
    }
}

#[cfg(feature = "rsa")]
fn copy_prefix(dst: &mut [u8; 64], src: &[u8]) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d = *s;
    }
}

/// A message digest of up to 64 bytes, on the stack.
#[cfg(feature = "rsa")]
#[derive(Clone, Copy)]
pub(crate) struct DigestBuf {
    bytes: [u8; 64],
    len: usize,
}

#[cfg(feature = "rsa")]
impl DigestBuf {
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or(&[])
    }
}

impl HashAlg {
    /// The hash function `alg` applies to the signing input. Ed25519 hashes internally
    /// (SHA-512 inside the scheme), reported here as SHA-512.
    pub(crate) const fn of(alg: Alg) -> HashAlg {
        match alg {
            Alg::HS256 | Alg::RS256 | Alg::PS256 | Alg::ES256 => HashAlg::Sha256,
            Alg::HS384 | Alg::RS384 | Alg::PS384 | Alg::ES384 => HashAlg::Sha384,
            Alg::HS512 | Alg::RS512 | Alg::PS512 | Alg::ES512 | Alg::EdDSA | Alg::Ed25519 => {
                HashAlg::Sha512
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_of_each_alg() {
        assert_eq!(HashAlg::of(Alg::HS384), HashAlg::Sha384);
        assert_eq!(HashAlg::of(Alg::EdDSA), HashAlg::Sha512);
        assert_eq!(HashAlg::of(Alg::PS256).len(), 32);
    }

    #[test]
    #[cfg(feature = "rsa")]
    fn digests() {
        assert_eq!(HashAlg::Sha256.digest(b"abc").as_bytes().len(), 32);
        assert_eq!(HashAlg::Sha384.digest(b"abc").as_bytes().len(), 48);
        assert_eq!(
            HashAlg::Sha512.digest(b"abc").as_bytes().get(..4),
            Some(&[0xdd, 0xaf, 0x35, 0xa1][..])
        );
    }
}
