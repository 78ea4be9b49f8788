//! RSA public keys: RSASSA-PKCS1-v1_5 and RSASSA-PSS verification (RFC 8017 §8.2.2, §8.1.2)
//! with fixed-width Montgomery arithmetic (see `monty`). No heap.
//!
//! The modulus is parsed and its Montgomery parameters (`R^2 mod n`, `-n^-1 mod 2^w`) are
//! computed once, in [`RsaPublicKey::init_in`]; a verification then does one public exponentiation
//! at the width class of the key (2048, 3072 or 4096 bits) and checks the encoding in place.

mod monty;

use crate::error::Error;
use crate::keys::hash::HashAlg;
use crate::keys::key::Material;
use crate::limits::{MAX_RSA_BITS, MAX_RSA_EXPONENT_LEN, MAX_SIGNATURE_LEN, MIN_RSA_BITS};
use monty::{L2048, L3072, L4096, Monty};

/// The modulus with its Montgomery parameters, at the narrowest width class that holds it.
///
/// The variants differ in size by design (that is the point of width classes: a 2048-bit key
/// computes with 2048-bit numbers); there is no heap to box them into.
#[derive(Clone)]
#[allow(clippy::large_enum_variant)]
enum Modulus {
    W2048(Monty<L2048>),
    W3072(Monty<L3072>),
    W4096(Monty<L4096>),
}

/// An RSA public key with its Montgomery parameters precomputed.
#[derive(Clone)]
pub(crate) struct RsaPublicKey {
    modulus: Modulus,
    /// The public exponent: odd, at least 3, below `n`.
    e: u64,
    /// Modulus size in bits, 2048..=4096.
    bits: u16,
}

/// `bytes` without its leading zero bytes.
fn strip_leading_zeros(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or(&[])
}

/// Bit length of a big-endian number without leading zero bytes; `None` if absurdly long.
fn bit_len(bytes: &[u8]) -> Option<usize> {
    let Some(first) = bytes.first() else {
        return Some(0);
    };
    let top_bits = usize::try_from(u8::BITS.checked_sub(first.leading_zeros())?).ok()?;
    bytes
        .len()
        .checked_sub(1)?
        .checked_mul(8)?
        .checked_add(top_bits)
}

impl RsaPublicKey {
    /// Builds the key of modulus `n` and exponent `e` in `out`, where it is kept: a 4096-bit
    /// modulus with its parameters is 1 KiB, written in place rather than returned and moved.
    /// On error `out` holds no usable key (the caller discards it).
    pub(crate) fn init_in(out: &mut Material, n: &[u8], e: &[u8]) -> Result<(), Error> {
        let (n, bits, e_value) = Self::checked(n, e)?;
        let bits16 = u16::try_from(bits).map_err(|_| Error::InvalidKey)?;
        // Each width class written as a constant of its own, then filled: no 1 KiB value
        // passes through this frame. e < n always holds for n >= 2^2047 and e < 2^64;
        // checked anyway.
        let ok = if bits <= 2048 {
            *out = Material::Rsa(RsaPublicKey {
                modulus: Modulus::W2048(Monty::ZERO),
                e: e_value,
                bits: bits16,
            });
            match out {
                Material::Rsa(RsaPublicKey {
                    modulus: Modulus::W2048(m),
                    ..
                }) => m.init(n, bits) && m.gt_u64(e_value),
                _ => false,
            }
        } else if bits <= 3072 {
            *out = Material::Rsa(RsaPublicKey {
                modulus: Modulus::W3072(Monty::ZERO),
                e: e_value,
                bits: bits16,
            });
            match out {
                Material::Rsa(RsaPublicKey {
                    modulus: Modulus::W3072(m),
                    ..
                }) => m.init(n, bits) && m.gt_u64(e_value),
                _ => false,
            }
        } else {
            *out = Material::Rsa(RsaPublicKey {
                modulus: Modulus::W4096(Monty::ZERO),
                e: e_value,
                bits: bits16,
            });
            match out {
                Material::Rsa(RsaPublicKey {
                    modulus: Modulus::W4096(m),
                    ..
                }) => m.init(n, bits) && m.gt_u64(e_value),
                _ => false,
            }
        };
        if ok { Ok(()) } else { Err(Error::InvalidKey) }
    }

    /// The key built by [`RsaPublicKey::init_in`], returned (for the tests).
    #[cfg(test)]
    pub(crate) fn new(n: &[u8], e: &[u8]) -> Result<Self, Error> {
        let mut out = Material::Empty;
        Self::init_in(&mut out, n, e)?;
        match out {
            Material::Rsa(key) => Ok(key),
            _ => Err(Error::InvalidKey),
        }
    }

    /// The checks of [`RsaPublicKey::init_in`] alone, without the Montgomery precomputation
    /// (which cannot fail for a modulus that passes them).
    pub(crate) fn check(n: &[u8], e: &[u8]) -> Result<(), Error> {
        Self::checked(n, e).map(|_| ())
    }

    /// `n` without leading zeros, its bit length and the exponent's value, if the key is
    /// usable: 2048..=4096 bits, odd; `e` odd, at least 3, at most
    /// [`MAX_RSA_EXPONENT_LEN`] bytes (so below `2^64 <= n`).
    fn checked<'n>(n: &'n [u8], e: &[u8]) -> Result<(&'n [u8], usize, u64), Error> {
        let n = strip_leading_zeros(n);
        let e = strip_leading_zeros(e);
        if n.len() > MAX_RSA_BITS / 8 {
            return Err(Error::InvalidKey);
        }
        let bits = bit_len(n).ok_or(Error::InvalidKey)?;
        if bits < MIN_RSA_BITS {
            return Err(Error::WeakKey);
        }
        if bits > MAX_RSA_BITS {
            return Err(Error::InvalidKey);
        }
        if n.last().is_none_or(|b| b & 1 == 0) {
            return Err(Error::InvalidKey);
        }
        if e.len() > MAX_RSA_EXPONENT_LEN {
            return Err(Error::InvalidKey);
        }
        let e_value = e
            .iter()
            .fold(0_u64, |acc, b| acc.wrapping_shl(8) | u64::from(*b));
        // Rejects 0, 1 and every even exponent.
        if e_value & 1 == 0 || e_value == 1 {
            return Err(Error::InvalidKey);
        }
        Ok((n, bits, e_value))
    }

    pub(crate) fn bits(&self) -> u16 {
        self.bits
    }

    /// Modulus length `k` in bytes.
    fn len(&self) -> usize {
        usize::from(self.bits).div_ceil(8)
    }

    /// RSAVP1 and I2OSP (RFC 8017 §8.2.2 steps 1-2, §8.1.2 steps 1-2): checks that `sig` is
    /// exactly `k` bytes and below `n`, and writes `EM = I2OSP(sig^e mod n, k)` into the first
    /// `k` bytes of `buf`, which it returns.
    fn public_op<'b>(
        &self,
        sig: &[u8],
        buf: &'b mut [u8; MAX_SIGNATURE_LEN],
    ) -> Result<&'b mut [u8], Error> {
        let k = self.len();
        if sig.len() != k {
            return Err(Error::BadSignature);
        }
        let em = buf.get_mut(..k).ok_or(Error::BadSignature)?;
        let ok = match &self.modulus {
            Modulus::W2048(m) => Self::rsavp1::<L2048, { 2 * L2048 }>(m, self.e, sig, em),
            Modulus::W3072(m) => Self::rsavp1::<L3072, { 2 * L3072 }>(m, self.e, sig, em),
            Modulus::W4096(m) => Self::rsavp1::<L4096, { 2 * L4096 }>(m, self.e, sig, em),
        };
        if ok { Ok(em) } else { Err(Error::BadSignature) }
    }

    /// `em = I2OSP(sig^e mod n, em.len())`; false if `sig >= n`. `W = 2L` (squaring scratch).
    ///
    /// Not inlined, so that each width class has its own stack frame: a 2048-bit key does not
    /// pay for the 4096-bit buffers.
    #[inline(never)]
    fn rsavp1<const L: usize, const W: usize>(
        m: &Monty<L>,
        e: u64,
        sig: &[u8],
        em: &mut [u8],
    ) -> bool {
        let mut s = [0; L];
        if !monty::from_be_bytes(sig, &mut s) || !m.lt_n(&s) {
            return false;
        }
        let mut out = [0; L];
        let mut wide = [0; W];
        m.pow_public(&s, e, &mut out, &mut wide);
        monty::to_be_bytes(&out, em)
    }

    /// RSASSA-PKCS1-v1_5-VERIFY (RFC 8017 §8.2.2) of `msg` hashed with `hash`.
    pub(crate) fn verify_pkcs1v15(
        &self,
        hash: HashAlg,
        msg: &[u8],
        sig: &[u8],
    ) -> Result<(), Error> {
        let mut buf = [0_u8; MAX_SIGNATURE_LEN];
        let em = self.public_op(sig, &mut buf)?;
        let digest = hash.digest(msg);
        emsa_pkcs1v15_check(em, hash, digest.as_bytes()).ok_or(Error::BadSignature)
    }

    /// RSASSA-PSS-VERIFY (RFC 8017 §8.1.2) of `msg` with `hash`, MGF1 with the same hash and
    /// a salt as long as the hash (RFC 7518 §3.5).
    pub(crate) fn verify_pss(&self, hash: HashAlg, msg: &[u8], sig: &[u8]) -> Result<(), Error> {
        let mut buf = [0_u8; MAX_SIGNATURE_LEN];
        let em = self.public_op(sig, &mut buf)?;
        let em_bits = usize::from(self.bits)
            .checked_sub(1)
            .ok_or(Error::BadSignature)?;
        // emLen = ceil(emBits / 8): one byte less than k when modBits - 1 is a multiple of 8;
        // I2OSP(m, emLen) then fails unless the leading byte of I2OSP(m, k) is zero.
        let em = if em_bits % 8 == 0 {
            match em.split_first_mut() {
                Some((0, rest)) => rest,
                _ => return Err(Error::BadSignature),
            }
        } else {
            em
        };
        let digest = hash.digest(msg);
        emsa_pss_verify(em, em_bits, hash, digest.as_bytes()).ok_or(Error::BadSignature)
    }
}

/// The DER encoding of `DigestInfo` up to the digest (RFC 8017 §9.2 note 1), with the NULL
/// parameters.
fn digest_info_prefix(hash: HashAlg) -> &'static [u8] {
    match hash {
        HashAlg::Sha256 => &[
            0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x01, 0x05, 0x00, 0x04, 0x20,
        ],
        HashAlg::Sha384 => &[
            0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x02, 0x05, 0x00, 0x04, 0x30,
        ],
        HashAlg::Sha512 => &[
            0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x03, 0x05, 0x00, 0x04, 0x40,
        ],
    }
}

/// EMSA-PKCS1-v1_5 (RFC 8017 §9.2), compared in place: `em` must be exactly
/// `00 01 FF..FF 00 || DigestInfo || h` with at least 8 `FF` bytes.
///
/// Strict on purpose: only the one DER encoding with the NULL parameters is accepted. A
/// `DigestInfo` without them (Wycheproof's "acceptable" MissingNull case, which RFC 8017 §9.2
/// note 2 allows verifiers to accept) is rejected; no JWS signer produces it, and comparing
/// against a single re-encoding is what keeps this check free of parsing.
fn emsa_pkcs1v15_check(em: &[u8], hash: HashAlg, h: &[u8]) -> Option<()> {
    let prefix = digest_info_prefix(hash);
    let t_len = prefix.len().checked_add(h.len())?;
    let ps_len = em.len().checked_sub(t_len)?.checked_sub(3)?;
    if ps_len < 8 {
        return None;
    }
    let (head, rest) = em.split_at_checked(2)?;
    let (ps, rest) = rest.split_at_checked(ps_len)?;
    let (separator, rest) = rest.split_first()?;
    let (digest_info, digest) = rest.split_at_checked(prefix.len())?;
    let ok = head == [0x00, 0x01]
        && ps.iter().all(|b| *b == 0xff)
        && *separator == 0x00
        && digest_info == prefix
        && digest == h;
    ok.then_some(())
}

/// `db ^= MGF1(seed, db.len())` with `hash` (RFC 8017 §B.2.1), one hash block at a time.
fn mgf1_xor(hash: HashAlg, seed: &[u8], db: &mut [u8]) -> Option<()> {
    let h_len = hash.len();
    // seed || counter, the counter big-endian in 4 bytes.
    let mut input = [0_u8; 64 + 4];
    let input_len = seed.len().checked_add(4)?;
    input.get_mut(..seed.len())?.copy_from_slice(seed);
    for (counter, chunk) in db.chunks_mut(h_len).enumerate() {
        let counter = u32::try_from(counter).ok()?.to_be_bytes();
        input
            .get_mut(seed.len()..input_len)?
            .copy_from_slice(&counter);
        let block = hash.digest(input.get(..input_len)?);
        for (d, m) in chunk.iter_mut().zip(block.as_bytes()) {
            *d ^= *m;
        }
    }
    Some(())
}

/// EMSA-PSS-VERIFY (RFC 8017 §9.1.2 steps 3-14) with salt length = hash length; `em` is
/// `emLen = ceil(em_bits / 8)` bytes and is unmasked in place.
fn emsa_pss_verify(em: &mut [u8], em_bits: usize, hash: HashAlg, m_hash: &[u8]) -> Option<()> {
    let h_len = hash.len();
    let s_len = h_len;
    let em_len = em.len();
    // Step 3: emLen >= hLen + sLen + 2.
    if em_len < h_len.checked_add(s_len)?.checked_add(2)? {
        return None;
    }
    // Step 4: the rightmost octet is 0xbc.
    let (trailer, rest) = em.split_last_mut()?;
    if *trailer != 0xbc {
        return None;
    }
    // Step 5: maskedDB || H.
    let db_len = em_len.checked_sub(h_len)?.checked_sub(1)?;
    let (db, h) = rest.split_at_mut_checked(db_len)?;
    // Step 6: the leftmost 8 emLen - emBits bits of maskedDB are zero.
    let zero_bits = em_len.checked_mul(8)?.checked_sub(em_bits)?;
    let top_mask = 0xff_u8.checked_shr(u32::try_from(zero_bits).ok()?)?;
    let first = db.first_mut()?;
    if *first & !top_mask != 0 {
        return None;
    }
    // Steps 7-9: DB = maskedDB xor MGF1(H), leftmost bits cleared.
    mgf1_xor(hash, h, db)?;
    let first = db.first_mut()?;
    *first &= top_mask;
    // Step 10: DB = PS (zeros) || 0x01 || salt.
    let ps_len = db_len.checked_sub(s_len)?.checked_sub(1)?;
    let (ps, rest) = db.split_at_checked(ps_len)?;
    let (one, salt) = rest.split_first()?;
    if ps.iter().any(|b| *b != 0) || *one != 0x01 {
        return None;
    }
    // Steps 12-14: H' = Hash(00 x 8 || mHash || salt) equals H.
    let mut m_prime = [0_u8; 8 + 64 + 64];
    let (hash_part, salt_part) = m_prime.get_mut(8..)?.split_at_mut_checked(m_hash.len())?;
    hash_part.copy_from_slice(m_hash);
    salt_part.get_mut(..salt.len())?.copy_from_slice(salt);
    let m_prime_len = 8_usize.checked_add(m_hash.len())?.checked_add(salt.len())?;
    let h_prime = hash.digest(m_prime.get(..m_prime_len)?);
    (h_prime.as_bytes() == &*h).then_some(())
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::as_conversions
)]
mod tests {
    use super::*;
    extern crate std;

    const E65537: [u8; 3] = [0x01, 0x00, 0x01];

    /// An odd modulus of `bits` bits: top bit set, some middle bits, low bit set.
    fn modulus(bits: usize) -> ([u8; 600], usize) {
        let len = bits.div_ceil(8);
        let mut n = [0_u8; 600];
        for (i, b) in n[..len].iter_mut().enumerate() {
            *b = (i as u8).wrapping_mul(151).wrapping_add(17);
        }
        let top = bits - (len - 1) * 8;
        n[0] = (n[0] | 0x80) >> (8 - top);
        n[0] |= 1 << (top - 1);
        n[len - 1] |= 1;
        (n, len)
    }

    #[test]
    fn key_validation() {
        let (n, len) = modulus(2048);
        let key = RsaPublicKey::new(&n[..len], &E65537).unwrap();
        assert_eq!(key.bits(), 2048);
        // Leading zeros are ignored, in n and e.
        let mut padded = [0_u8; 300];
        padded[300 - len..].copy_from_slice(&n[..len]);
        assert_eq!(
            RsaPublicKey::new(&padded, &[0, 0, 1, 0, 1]).unwrap().bits(),
            2048
        );

        let (n1024, l1024) = modulus(1024);
        assert!(matches!(
            RsaPublicKey::new(&n1024[..l1024], &E65537),
            Err(Error::WeakKey)
        ));
        let (n2047, l2047) = modulus(2047);
        assert!(matches!(
            RsaPublicKey::new(&n2047[..l2047], &E65537),
            Err(Error::WeakKey)
        ));
        assert!(matches!(
            RsaPublicKey::new(&[], &E65537),
            Err(Error::WeakKey)
        ));
        assert!(matches!(
            RsaPublicKey::new(&[0; 256], &E65537),
            Err(Error::WeakKey)
        ));
        let (n4096, l4096) = modulus(4096);
        assert_eq!(
            RsaPublicKey::new(&n4096[..l4096], &E65537).unwrap().bits(),
            4096
        );
        let (n4097, l4097) = modulus(4097);
        assert!(matches!(
            RsaPublicKey::new(&n4097[..l4097], &E65537),
            Err(Error::InvalidKey)
        ));
        let (n8192, l8192) = modulus(4800);
        assert!(matches!(
            RsaPublicKey::new(&n8192[..l8192], &E65537),
            Err(Error::InvalidKey)
        ));

        let mut even = n;
        even[len - 1] &= 0xfe;
        assert!(matches!(
            RsaPublicKey::new(&even[..len], &E65537),
            Err(Error::InvalidKey)
        ));

        for bad_e in [
            &[][..],
            &[0],
            &[1],
            &[0, 1],
            &[2],
            &[1, 0, 0],
            &[1; 9],
            &[0x80, 0, 0, 0, 0, 0, 0, 0, 1],
        ] {
            assert!(
                matches!(RsaPublicKey::new(&n[..len], bad_e), Err(Error::InvalidKey)),
                "{bad_e:?}"
            );
        }
        for good_e in [&[3][..], &[0xff; 8], &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3]] {
            assert!(RsaPublicKey::new(&n[..len], good_e).is_ok(), "{good_e:?}");
        }
    }

    #[test]
    fn key_size() {
        // n and R^2 mod n at 4096 bits, -n^-1 mod 2^w, e, bits and the width-class tag.
        let size = core::mem::size_of::<RsaPublicKey>();
        extern crate std;
        std::println!("size_of::<RsaPublicKey>() = {size}");
        assert!(size <= 2 * 512 + 32, "{size}");
    }

    #[test]
    fn width_classes() {
        for (bits, class) in [(2048, 0), (2049, 1), (3072, 1), (3073, 2), (4096, 2)] {
            let (n, len) = modulus(bits);
            let key = RsaPublicKey::new(&n[..len], &E65537).unwrap();
            assert_eq!(usize::from(key.bits()), bits);
            assert_eq!(key.len(), len);
            let got = match key.modulus {
                Modulus::W2048(_) => 0,
                Modulus::W3072(_) => 1,
                Modulus::W4096(_) => 2,
            };
            assert_eq!(got, class, "{bits}");
        }
    }

    #[test]
    fn signature_length_and_range() {
        for bits in [2048, 2049, 3071, 4096] {
            let (n, len) = modulus(bits);
            let n = &n[..len];
            let key = RsaPublicKey::new(n, &E65537).unwrap();
            let mut buf = [0_u8; MAX_SIGNATURE_LEN];
            let sig = [0x01_u8; 520];
            for wrong in [0, 1, len - 1, len + 1, 520] {
                assert_eq!(
                    key.public_op(&sig[..wrong], &mut buf).err(),
                    Some(Error::BadSignature)
                );
                assert_eq!(
                    key.verify_pkcs1v15(HashAlg::Sha256, b"m", &sig[..wrong]),
                    Err(Error::BadSignature)
                );
                assert_eq!(
                    key.verify_pss(HashAlg::Sha256, b"m", &sig[..wrong]),
                    Err(Error::BadSignature)
                );
            }
            // s = n and s > n are rejected before exponentiation; s = n - 1 is computed.
            assert_eq!(key.public_op(n, &mut buf).err(), Some(Error::BadSignature));
            let above = [0xff_u8; 512];
            assert_eq!(
                key.public_op(&above[..len], &mut buf).err(),
                Some(Error::BadSignature)
            );
            assert_eq!(
                key.verify_pkcs1v15(HashAlg::Sha256, b"m", n),
                Err(Error::BadSignature)
            );
            assert_eq!(
                key.verify_pss(HashAlg::Sha256, b"m", n),
                Err(Error::BadSignature)
            );
            let mut below = [0_u8; 512];
            below[..len].copy_from_slice(n);
            below[len - 1] -= 1;
            // (n - 1)^e = (-1)^e = n - 1 mod n for odd e.
            assert_eq!(
                key.public_op(&below[..len], &mut buf).unwrap(),
                &below[..len]
            );
            assert_eq!(
                key.verify_pkcs1v15(HashAlg::Sha256, b"m", &below[..len]),
                Err(Error::BadSignature)
            );
            // 0^e = 0, 1^e = 1.
            let zero = [0_u8; 512];
            assert_eq!(key.public_op(&zero[..len], &mut buf).unwrap(), &zero[..len]);
            let mut one = [0_u8; 512];
            one[len - 1] = 1;
            assert_eq!(key.public_op(&one[..len], &mut buf).unwrap(), &one[..len]);
        }
    }

    /// xorshift64*, for reproducible test values.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
        fn fill(&mut self, out: &mut [u8]) {
            for b in out {
                *b = self.next().to_be_bytes()[0];
            }
        }
    }

    /// [`oracle`] at the width class of `key`'s modulus.
    fn oracle_for(key: &RsaPublicKey, n: &[u8], s: &[u8], e: u64, out: &mut [u8]) {
        match &key.modulus {
            Modulus::W2048(_) => oracle::<L2048>(n, s, e, out),
            Modulus::W3072(_) => oracle::<L3072>(n, s, e, out),
            Modulus::W4096(_) => oracle::<L4096>(n, s, e, out),
        }
    }

    /// `s^e mod n` with crypto-bigint's generic Montgomery exponentiation, as an oracle.
    fn oracle<const L: usize>(n: &[u8], s: &[u8], e: u64, out: &mut [u8]) {
        use crypto_bigint::modular::{FixedMontyForm, FixedMontyParams};
        use crypto_bigint::{Odd, U64, Uint};
        let mut words = [0; L];
        assert!(monty::from_be_bytes(n, &mut words));
        let n = Uint::<L>::from_words(words);
        assert!(monty::from_be_bytes(s, &mut words));
        let s = Uint::<L>::from_words(words);
        let params = FixedMontyParams::new_vartime(Odd::new(n).unwrap());
        let r = FixedMontyForm::new(&s, &params)
            .pow_vartime(&U64::from_u64(e))
            .retrieve();
        assert!(monty::to_be_bytes(&r.to_words(), out));
    }

    #[test]
    fn exponentiation_matches_crypto_bigint() {
        let mut rng = Rng(0x1234_5678_9abc_def1);
        for bits in [2048, 2050, 2111, 3072, 3073, 4000, 4096] {
            for e in [
                3_u64,
                65537,
                0x1_0000_000f,
                u64::MAX,
                0x8000_0000_0000_0001,
                0xfedc_ba98_7654_3211,
            ] {
                let len = bits / 8 + usize::from(bits % 8 != 0);
                let mut n = [0_u8; 512];
                rng.fill(&mut n[..len]);
                let top = bits - (len - 1) * 8;
                n[0] &= 0xff >> (8 - top);
                n[0] |= 1 << (top - 1);
                n[len - 1] |= 1;
                let n = &n[..len];
                let key = RsaPublicKey::new(n, &e.to_be_bytes()).unwrap();
                for _ in 0..2 {
                    let mut s = [0_u8; 512];
                    rng.fill(&mut s[1..len]);
                    let s = &s[..len];
                    let mut got = [0_u8; MAX_SIGNATURE_LEN];
                    let got = key.public_op(s, &mut got).unwrap();
                    let mut want = [0_u8; 512];
                    let want = &mut want[..len];
                    oracle_for(&key, n, s, e, want);
                    assert_eq!(got, want, "bits {bits} e {e}");
                }
            }
        }
    }

    /// The public operation against the crypto-bigint oracle on moduli that stress the
    /// carries and the final subtraction: random moduli at the top of every width class (the
    /// top bit of the class set, so `n` fills all of `R`), moduli made of all-ones limbs
    /// (`2^k - 1`, and all-ones limbs around a few other ones), and signatures made of
    /// all-ones limbs or just below `n`.
    #[test]
    fn exponentiation_matches_crypto_bigint_on_extreme_moduli() {
        let mut rng = Rng(0x0fed_cba9_8765_4321);
        let mut cases = 0;
        for bits in [2048, 3072, 4096, 2047 + 64, 3072 - 63, 4096 - 1] {
            let len = bits / 8 + usize::from(bits % 8 != 0);
            let top = bits - (len - 1) * 8;
            for shape in 0..5 {
                let mut n = [0_u8; 512];
                match shape {
                    // Random, top bit set.
                    0 => rng.fill(&mut n[..len]),
                    // All ones: 2^bits - 1.
                    1 => n[..len].fill(0xff),
                    // All-ones limbs with a random limb every few limbs.
                    2 => {
                        n[..len].fill(0xff);
                        for chunk in n[..len].chunks_mut(8).step_by(5) {
                            rng.fill(chunk);
                        }
                    }
                    // Top half all ones, bottom half random.
                    3 => {
                        n[..len / 2].fill(0xff);
                        rng.fill(&mut n[len / 2..len]);
                    }
                    // Top limb all ones, the rest zero but the low bit.
                    _ => n[..8].fill(0xff),
                }
                n[0] &= 0xff >> (8 - top);
                n[0] |= 1 << (top - 1);
                n[len - 1] |= 1;
                let n = &n[..len];
                let key = RsaPublicKey::new(n, &E65537).unwrap();
                for sig_shape in 0..4 {
                    let mut s = [0_u8; 512];
                    match sig_shape {
                        0 => rng.fill(&mut s[1..len]),
                        // All-ones limbs below the top byte.
                        1 => s[1..len].fill(0xff),
                        // n - 2, big-endian subtraction with borrow.
                        2 => {
                            s[..len].copy_from_slice(n);
                            let mut sub = 2_u8;
                            for b in s[..len].iter_mut().rev() {
                                let (d, borrow) = b.overflowing_sub(sub);
                                *b = d;
                                sub = u8::from(borrow);
                            }
                        }
                        // A random value with its top limb copied from n minus one.
                        _ => {
                            rng.fill(&mut s[..len]);
                            s[..8].copy_from_slice(&n[..8]);
                            s[7] = s[7].wrapping_sub(1);
                            if s[7] == 0xff {
                                s[0] = 0;
                            }
                        }
                    }
                    let s = &s[..len];
                    let mut got = [0_u8; MAX_SIGNATURE_LEN];
                    let got = key.public_op(s, &mut got).unwrap();
                    let mut want = [0_u8; 512];
                    let want = &mut want[..len];
                    oracle_for(&key, n, s, 65537, want);
                    assert_eq!(got, want, "bits {bits} shape {shape} sig {sig_shape}");
                    cases += 1;
                }
            }
        }
        assert_eq!(cases, 6 * 5 * 4);
    }

    /// `R^2 mod n` of `Monty::init` against crypto-bigint's, for an odd `n` of `bits` bits.
    fn check_rr<const L: usize>(n: &[u8], bits: usize) {
        use crypto_bigint::modular::FixedMontyParams;
        use crypto_bigint::{Odd, Uint};
        let mut m = monty::Monty::<L>::ZERO;
        assert!(m.init(n, bits), "{bits} bits: {n:02x?}");
        let mut words = [0; L];
        assert!(monty::from_be_bytes(n, &mut words));
        let params = FixedMontyParams::new_vartime(Odd::new(Uint::<L>::from_words(words)).unwrap());
        assert_eq!(
            m.rr(),
            &params.r2().to_words(),
            "{bits} bits in {L} limbs: {n:02x?}"
        );
    }

    /// Every width class that holds `bits`, from the narrowest.
    fn check_rr_classes(n: &[u8], bits: usize) {
        if bits <= 2048 {
            check_rr::<L2048>(n, bits);
        }
        if bits <= 3072 {
            check_rr::<L3072>(n, bits);
        }
        check_rr::<L4096>(n, bits);
    }

    #[test]
    fn montgomery_r2_matches_crypto_bigint() {
        let mut rng = Rng(0x0ddb_a11c_afe5_7a7e);
        let limb_bits = monty::WORD_BYTES * 8;
        // Random odd moduli of 1024..=4096 bits, and sizes next to limb and class boundaries.
        let mut sizes = std::vec::Vec::new();
        for _ in 0..60 {
            sizes.push(1024 + (rng.next() % 3073) as usize);
        }
        for base in [1024, 2048, 3072, 4096] {
            for d in [0, 1, 2, limb_bits - 1, limb_bits, limb_bits + 1, 33] {
                sizes.extend(
                    [base - d, base + d]
                        .into_iter()
                        .filter(|b| (1024..=4096).contains(b)),
                );
            }
        }
        for bits in sizes {
            let len = bits.div_ceil(8);
            let top = bits - (len - 1) * 8;
            // Random, then the extremes of the top limbs (the quotient estimate's worst
            // cases: a top limb of exactly 2^(w-1) over a run of ones, all ones, the least
            // odd number of that size).
            let mut patterns = [[0_u8; 512]; 5];
            rng.fill(&mut patterns[0][..len]);
            patterns[1][..len].fill(0xff);
            patterns[1][1..len.min(9)].fill(0);
            patterns[2][..len].fill(0xff);
            patterns[3][len - 1] = 1;
            rng.fill(&mut patterns[4][..len]);
            patterns[4][1..len.min(17)].fill(0xff);
            for n in &mut patterns {
                let n = &mut n[..len];
                n[0] &= 0xff >> (8 - top);
                n[0] |= 1 << (top - 1);
                n[len - 1] |= 1;
                check_rr_classes(n, bits);
            }
        }
    }

    #[test]
    fn pkcs1v15_encoding() {
        let h = [0xab_u8; 32];
        let prefix = digest_info_prefix(HashAlg::Sha256);
        let mut em = [0_u8; 256];
        em[1] = 1;
        let t_start = 256 - prefix.len() - 32;
        em[2..t_start - 1].fill(0xff);
        em[t_start..t_start + prefix.len()].copy_from_slice(prefix);
        em[t_start + prefix.len()..].copy_from_slice(&h);
        assert!(emsa_pkcs1v15_check(&em, HashAlg::Sha256, &h).is_some());
        // Any single changed byte is rejected.
        for i in 0..256 {
            let mut bad = em;
            bad[i] ^= 0x01;
            assert!(
                emsa_pkcs1v15_check(&bad, HashAlg::Sha256, &h).is_none(),
                "{i}"
            );
        }
        // Wrong hash, wrong length, too little padding.
        assert!(emsa_pkcs1v15_check(&em, HashAlg::Sha384, &h).is_none());
        assert!(emsa_pkcs1v15_check(&em[1..], HashAlg::Sha256, &h).is_none());
        let short = [0_u8; 32 + 19 + 3 + 7];
        assert!(emsa_pkcs1v15_check(&short, HashAlg::Sha256, &h).is_none());
        assert!(emsa_pkcs1v15_check(&[], HashAlg::Sha256, &h).is_none());
    }

    #[test]
    fn pss_rejects_short_or_malformed_encodings() {
        let h = [0_u8; 32];
        for len in [0, 1, 2, 65, 66] {
            let mut em = [0xbc_u8; 66];
            assert!(
                emsa_pss_verify(
                    &mut em[..len],
                    len * 8 - usize::from(len > 0),
                    HashAlg::Sha256,
                    &h
                )
                .is_none()
            );
        }
        let mut em = [0_u8; 256];
        assert!(emsa_pss_verify(&mut em, 2047, HashAlg::Sha256, &h).is_none());
    }
}
