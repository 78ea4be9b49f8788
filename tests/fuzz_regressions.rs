//! Inputs the fuzz targets (`fuzz/`) found crashing, replayed through the public API with the
//! exact result now expected. Each test names the target and the crash.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    missing_docs
)]

use idgate::{AlgSet, Error, KeySet, Policy, scratch_len, verify};
use rsa::sha2::{Digest as _, Sha256};

const NOW: u64 = 1_767_225_600;
const SECRET: &[u8; 32] = b"fuzz-regressions-hs256-secret-32";

fn b64url(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(char::from(
                A[usize::try_from((v >> (18 - 6 * i)) & 63).unwrap()],
            ));
        }
    }
    out
}

fn hmac_sha256(key: &[u8; 32], msg: &[u8]) -> Vec<u8> {
    let mut ipad = [0x36u8; 64];
    let mut opad = [0x5cu8; 64];
    for (i, k) in key.iter().enumerate() {
        ipad[i] ^= k;
        opad[i] ^= k;
    }
    let inner = Sha256::new()
        .chain_update(ipad)
        .chain_update(msg)
        .finalize();
    Sha256::new()
        .chain_update(opad)
        .chain_update(inner)
        .finalize()
        .to_vec()
}

/// An HS256 token over exactly these claim bytes.
fn token(claims: &[u8]) -> String {
    let input = format!("{}.{}", b64url(br#"{"alg":"HS256"}"#), b64url(claims));
    format!("{input}.{}", b64url(&hmac_sha256(SECRET, input.as_bytes())))
}

/// Verifies `claims` (signed) with exp required, leeway 0, at NOW; returns exp as (floor, ceil).
fn run(claims: &[u8]) -> Result<Option<(u64, u64)>, Error> {
    let mut keys: KeySet = KeySet::new();
    keys.add_hmac(SECRET).unwrap();
    let policy = Policy::new().with_algs(AlgSet::SYMMETRIC).with_leeway(0);
    let t = token(claims);
    let mut scratch = vec![0u8; scratch_len(t.len())];
    verify(t.as_bytes(), &keys, &policy, NOW, &mut scratch)
        .map(|v| v.claims.exp().map(|d| (d.floor, d.ceil)))
}

/// json_claims (NumericDate against the exact reference), crash-f4cc24f9: the decimal exponent
/// was clamped at 1000, so a mantissa of more than 1000 digits put the decimal point in the
/// wrong place. `17672256` followed by 1010 zeros, times 10^-1010, is 17672256 (long expired),
/// but read as 17672256 × 10^10 and refused as out of range.
#[test]
fn numeric_date_long_mantissa_negative_exponent() {
    let zeros = "0".repeat(1010);
    let expired = format!(r#"{{"exp":17672256{zeros}e-1010}}"#);
    assert_eq!(run(expired.as_bytes()), Err(Error::Expired));
    // And a future exp written the same way is accepted with its exact value.
    let valid = format!(r#"{{"exp":1767229200{zeros}e-1010}}"#);
    assert_eq!(
        run(valid.as_bytes()),
        Ok(Some((1_767_229_200, 1_767_229_200)))
    );
}

/// The same clamp the other way: 10^-1101 × 10^1200 = 10^99 is far out of range, but the
/// clamped exponent made it a fraction of a second (and so merely expired).
#[test]
fn numeric_date_long_fraction_positive_exponent() {
    let zeros = "0".repeat(1100);
    let huge = format!(r#"{{"exp":0.{zeros}1e1200}}"#);
    assert_eq!(run(huge.as_bytes()), Err(Error::InvalidClaim));
    // Zero with an enormous exponent stays zero, and stays fast.
    assert_eq!(run(br#"{"exp":0e2147483647999}"#), Err(Error::Expired));
}
