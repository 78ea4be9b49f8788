//! Shared helpers for the fuzz targets: the fixtures' keys (compiled in, so a crash reproduces
//! from the binary alone), the fixed policy, base64url, and test-only signers.
//!
//! TEST ONLY: the private keys are the published throw-away fixture keys.

use std::sync::OnceLock;

use base64ct::{Base64, Base64UrlUnpadded, Encoding as _};
use hmac::Mac as _;
use idgate::{AlgSet, Error, KeySet, Policy};

/// The fixtures' public keys: rsa-2048/3072/4096 (RS256), ec-p256/384/521, ed25519 (EdDSA).
pub const JWKS: &[u8] = include_bytes!("../../tests/data/fixtures/jwks.json");
/// The fixtures' 48-byte HMAC secret (HS256 and HS384, not HS512).
pub const HMAC_SECRET: &[u8] = include_bytes!("../../tests/data/fixtures/hmac_secret.bin");
/// TEST ONLY private keys, PKCS#8 PEM by kid.
pub const PRIVATE_KEYS: &str = include_str!("../../tests/data/fixtures/private_keys.json");

/// The fixtures' clock, issuer, client id and nonce.
pub const NOW: u64 = 1_767_225_600;
pub const ISSUER: &str = "https://issuer.example.com";
pub const CLIENT_ID: &str = "client-123";
pub const NONCE: &str = "n-0S6_WzA2Mj";
/// The one `crit` extension the fuzz policy understands.
pub const CRIT_EXT: &str = "ext1";
pub const UNDERSTOOD_CRIT: &[&str] = &[CRIT_EXT];

/// Every error `verify` documents (all but the key-loading ones).
pub const VERIFY_ERRORS: &[Error] = &[
    Error::TooLarge,
    Error::Malformed,
    Error::BufferTooSmall,
    Error::UnsupportedAlg,
    Error::AlgNotAllowed,
    Error::CritUnsupported,
    Error::UnknownKid,
    Error::KeyMismatch,
    Error::WeakKey,
    Error::BadSignature,
    Error::TypMismatch,
    Error::InvalidClaim,
    Error::MissingClaim,
    Error::Expired,
    Error::NotYetValid,
    Error::IssuerMismatch,
    Error::AudienceMismatch,
    Error::AzpMismatch,
    Error::NonceMismatch,
    Error::AcrNotAllowed,
    Error::AuthTooOld,
    Error::AtHashMismatch,
    Error::CHashMismatch,
    Error::BindingMismatch,
];

/// The fixtures' JWKS plus the HMAC secret (8 keys, the default capacity), loaded once.
pub fn key_set() -> &'static KeySet {
    static KEYS: OnceLock<KeySet> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut ks = KeySet::new();
        let report = ks.load_jwks(JWKS).expect("fixture jwks.json loads");
        assert_eq!(report.added, 7, "fixture jwks.json: every key usable");
        ks.add_hmac(HMAC_SECRET).expect("fixture HMAC secret");
        ks
    })
}

/// The ID-token policy of the fixtures with every algorithm allowed (HS* too), leeway 0,
/// the nonce expected and one understood `crit` extension.
pub fn policy() -> Policy<'static> {
    let mut p = Policy::id_token(ISSUER, CLIENT_ID)
        .with_nonce(NONCE)
        .with_algs(AlgSet::ALL)
        .with_leeway(0);
    p.critical_extensions = UNDERSTOOD_CRIT;
    p
}

pub fn b64url(bytes: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(bytes)
}

pub fn b64url_decode(text: &str) -> Vec<u8> {
    Base64UrlUnpadded::decode_vec(text).expect("valid base64url")
}

/// The PEM text of the fixture private key `kid`.
pub fn private_pem(kid: &str) -> String {
    let doc: serde_json::Value = serde_json::from_str(PRIVATE_KEYS).expect("private_keys.json");
    doc["keys"][kid].as_str().expect("kid in private_keys.json").to_owned()
}

/// The DER body of a PEM document.
pub fn pem_der(pem: &str) -> Vec<u8> {
    let body: String = pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<Vec<_>>()
        .concat();
    Base64::decode_vec(&body).expect("PEM base64")
}

/// HMAC-SHA-256/384/512 of `msg` (by output length 32/48/64).
pub fn hmac(secret: &[u8], out_len: usize, msg: &[u8]) -> Vec<u8> {
    match out_len {
        32 => {
            let mut m = hmac::Hmac::<sha2_010::Sha256>::new_from_slice(secret).expect("key");
            m.update(msg);
            m.finalize().into_bytes().to_vec()
        }
        48 => {
            let mut m = hmac::Hmac::<sha2_010::Sha384>::new_from_slice(secret).expect("key");
            m.update(msg);
            m.finalize().into_bytes().to_vec()
        }
        _ => {
            let mut m = hmac::Hmac::<sha2_010::Sha512>::new_from_slice(secret).expect("key");
            m.update(msg);
            m.finalize().into_bytes().to_vec()
        }
    }
}

/// The fixture `ed25519` signing key (seed: the last 32 bytes of its PKCS#8 v1 DER).
pub fn ed25519_key() -> &'static ed25519_dalek::SigningKey {
    static KEY: OnceLock<ed25519_dalek::SigningKey> = OnceLock::new();
    KEY.get_or_init(|| {
        let der = pem_der(&private_pem("ed25519"));
        assert_eq!(der.len(), 48, "Ed25519 PKCS#8 v1");
        let seed: [u8; 32] = der[16..].try_into().expect("32-byte seed");
        ed25519_dalek::SigningKey::from_bytes(&seed)
    })
}

pub fn ed25519_sign(msg: &[u8]) -> Vec<u8> {
    use ed25519_dalek::Signer as _;
    ed25519_key().sign(msg).to_bytes().to_vec()
}

/// A deterministic byte stream as an RNG (for randomized signing from fuzz data).
pub struct ByteRng {
    pub state: u64,
}

impl rsa::rand_core::RngCore for ByteRng {
    fn next_u32(&mut self) -> u32 {
        self.next_u64() as u32
    }
    fn next_u64(&mut self) -> u64 {
        // splitmix64
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for chunk in dest.chunks_mut(8) {
            let v = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rsa::rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl rsa::rand_core::CryptoRng for ByteRng {}

/// Reference NumericDate: the exact value of JSON number text, as (floor, ceil), or `None`
/// when negative (and not zero) or above `MAX_NUMERIC_DATE`. Written independently of the
/// core: digits are normalized (leading and trailing zeros dropped) and the decimal point
/// placed with i128 arithmetic, no clamping.
pub fn ref_numeric_date(text: &str) -> Option<(u64, u64)> {
    const MAX: u128 = idgate::limits::MAX_NUMERIC_DATE as u128;
    let (neg, rest) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text),
    };
    let (mant, exp) = match rest.find(['e', 'E']) {
        Some(p) => (&rest[..p], &rest[p + 1..]),
        None => (rest, ""),
    };
    let mut e: i128 = 0;
    if !exp.is_empty() {
        let (sign, digits) = match exp.as_bytes()[0] {
            b'-' => (-1, &exp[1..]),
            b'+' => (1, &exp[1..]),
            _ => (1, exp),
        };
        for d in digits.bytes() {
            // Saturate far beyond anything a 256 KiB document can compensate.
            e = (e * 10 + i128::from(d - b'0')).min(1_000_000_000_000);
        }
        e *= sign;
    }
    let (int, frac) = match mant.find('.') {
        Some(p) => (&mant[..p], &mant[p + 1..]),
        None => (mant, ""),
    };
    // digits × 10^(e - frac.len())
    let mut digits: String = format!("{int}{frac}");
    let mut scale: i128 = e - frac.len() as i128;
    let trimmed = digits.trim_start_matches('0').len();
    digits = digits[digits.len() - trimmed..].to_string();
    while digits.ends_with('0') {
        digits.pop();
        scale += 1;
    }
    if digits.is_empty() {
        return Some((0, 0));
    }
    if neg {
        return None;
    }
    let len = digits.len() as i128;
    let (floor, fraction) = if scale >= 0 {
        if len + scale > 13 {
            return None;
        }
        let d: u128 = digits.parse().ok()?;
        (d * 10u128.pow(scale as u32), false)
    } else {
        let int_len = len + scale; // may be <= 0
        if int_len > 13 {
            return None;
        }
        let int_part: u128 = if int_len > 0 {
            digits[..int_len as usize].parse().ok()?
        } else {
            0
        };
        // The remaining digits end in a non-zero digit: there is a fraction.
        (int_part, true)
    };
    let ceil = if fraction { floor + 1 } else { floor };
    if ceil > MAX {
        return None;
    }
    Some((floor as u64, ceil as u64))
}

/// Reads a hand-rolled input format (so `seed.py` can write Wycheproof vectors as seeds):
/// missing bytes read as zeros, length-prefixed fields are cut at the end of the data.
pub struct Reader<'a>(pub &'a [u8]);

impl<'a> Reader<'a> {
    pub fn u8(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }
    pub fn u16(&mut self) -> u16 {
        u16::from_be_bytes([self.u8(), self.u8()])
    }
    pub fn u32(&mut self) -> u32 {
        u32::from_be_bytes([self.u8(), self.u8(), self.u8(), self.u8()])
    }
    pub fn u64(&mut self) -> u64 {
        (u64::from(self.u32()) << 32) | u64::from(self.u32())
    }
    /// A field with a big-endian u16 length prefix.
    pub fn bytes(&mut self) -> &'a [u8] {
        let len = usize::from(self.u16()).min(self.0.len());
        let (head, rest) = self.0.split_at(len);
        self.0 = rest;
        head
    }
    pub fn rest(&mut self) -> &'a [u8] {
        std::mem::take(&mut self.0)
    }
    /// The rest as (position, xor) byte mutations, at most `max`.
    pub fn mutations(&mut self, max: usize) -> Vec<(u16, u8)> {
        let mut out = Vec::new();
        while self.0.len() >= 3 && out.len() < max {
            out.push((self.u16(), self.u8()));
        }
        out
    }
}

/// Applies (position, xor) mutations to `bytes`.
pub fn mutate(bytes: &mut [u8], mutations: &[(u16, u8)]) {
    if bytes.is_empty() {
        return;
    }
    for &(at, x) in mutations {
        let i = usize::from(at) % bytes.len();
        bytes[i] ^= x;
    }
}
