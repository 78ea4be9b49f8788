//! Wycheproof vectors for ES256/ES384/ES512 (P1363 `r || s`), EdDSA (Ed25519) and
//! HS256/HS384/HS512, run through the public `Key` API only.
//!
//! Every test case lands in exactly one category and the categories must add up to the file's
//! `numberOfTests`, so nothing is skipped silently.
// Built with whichever of these families the features select (CI runs each alone).
#![cfg(any(feature = "_ec", feature = "eddsa", feature = "hmac"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects,
    missing_docs
)]

#[cfg(feature = "_ec")]
use idgate::Curve;
use idgate::{Alg, Error, Key};
use serde_json::Value;

fn load(name: &str) -> Value {
    let path = format!(
        "{}/tests/data/wycheproof/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

fn hexd(v: &Value) -> Vec<u8> {
    hex::decode(v.as_str().unwrap()).unwrap()
}

#[cfg(any(feature = "_ec", feature = "eddsa"))]
fn b64url(v: &Value) -> Vec<u8> {
    use base64ct::Encoding as _;
    let mut buf = [0u8; 128];
    base64ct::Base64UrlUnpadded::decode(v.as_str().unwrap(), &mut buf)
        .unwrap()
        .to_vec()
}

fn number_of_tests(doc: &Value) -> usize {
    let declared = usize::try_from(doc["numberOfTests"].as_u64().unwrap()).unwrap();
    let present: usize = groups(doc).iter().map(|g| tests(g).len()).sum();
    assert_eq!(
        declared, present,
        "numberOfTests disagrees with the test list"
    );
    declared
}

fn groups(doc: &Value) -> &Vec<Value> {
    doc["testGroups"].as_array().unwrap()
}

fn tests(group: &Value) -> &Vec<Value> {
    group["tests"].as_array().unwrap()
}

fn id(t: &Value) -> u64 {
    t["tcId"].as_u64().unwrap()
}

/// Outcomes of one file, by class. Each runner states the exact figures of its file, counted
/// from the file itself (`result`, and for HMAC `keySize` / `tagSize` against the hash size).
#[derive(Default, Debug, PartialEq, Eq)]
struct Counts {
    valid_accepted: usize,
    invalid_rejected: usize,
    invalid_key: usize,
    refused_weak_key: usize,
    truncated_tag_refused: usize,
}

impl Counts {
    fn total(&self) -> usize {
        self.valid_accepted
            + self.invalid_rejected
            + self.invalid_key
            + self.refused_weak_key
            + self.truncated_tag_refused
    }

    fn report(&self, file: &str, expected: usize, want: &Counts) {
        println!(
            "{file}: {} tests: valid accepted {}, invalid rejected {}, invalid key {}, \
             refused weak key {}, truncated tag refused {}",
            expected,
            self.valid_accepted,
            self.invalid_rejected,
            self.invalid_key,
            self.refused_weak_key,
            self.truncated_tag_refused,
        );
        assert_eq!(
            self.total(),
            expected,
            "{file}: categories do not cover every test"
        );
        assert_eq!(self, want, "{file}: per-class totals");
    }
}

/// Counts a signature verdict: `valid` must verify, `invalid` must be `BadSignature`.
fn check_sig(counts: &mut Counts, file: &str, t: &Value, got: Result<(), Error>) {
    match t["result"].as_str().unwrap() {
        "valid" => {
            assert_eq!(
                got,
                Ok(()),
                "{file} tcId {} ({}) should verify",
                id(t),
                t["comment"]
            );
            counts.valid_accepted += 1;
        }
        "invalid" => {
            assert_eq!(
                got,
                Err(Error::BadSignature),
                "{file} tcId {} ({}) should be rejected",
                id(t),
                t["comment"]
            );
            counts.invalid_rejected += 1;
        }
        other => panic!("{file} tcId {}: unexpected result {other:?}", id(t)),
    }
}

#[cfg(feature = "_ec")]
fn run_ecdsa(file: &str, curve: Curve, alg: Alg, want: &Counts) {
    let doc = load(file);
    let expected = number_of_tests(&doc);
    let n = curve.coordinate_len();
    let mut counts = Counts::default();
    for g in groups(&doc) {
        // `publicKey.uncompressed` is 04 || x || y with full-length coordinates; it is present
        // in every group (`publicKeyJwk` is missing from a few special-case groups).
        let sec1 = hexd(&g["publicKey"]["uncompressed"]);
        assert_eq!(sec1.len(), 1 + 2 * n, "{file}: uncompressed point length");
        assert_eq!(sec1[0], 0x04);
        let (x, y) = sec1[1..].split_at(n);
        let key = match Key::ec(curve, x, y) {
            Ok(k) => k,
            Err(e) => {
                // No group in these files has an invalid public key; should one appear, it
                // must be refused as InvalidKey and only hold `invalid` tests.
                assert_eq!(e, Error::InvalidKey, "{file}: unexpected key error");
                for t in tests(g) {
                    assert_eq!(t["result"], "invalid", "{file} tcId {}: key refused", id(t));
                    counts.invalid_key += 1;
                }
                continue;
            }
        };
        if let Some(jwk) = g.get("publicKeyJwk") {
            // Where the group has a JWK, its coordinates are the same full-length bytes.
            assert_eq!(b64url(&jwk["x"]), x, "{file}: JWK x");
            assert_eq!(b64url(&jwk["y"]), y, "{file}: JWK y");
        }
        for t in tests(g) {
            let got = key.verify(alg, &hexd(&t["msg"]), &hexd(&t["sig"]));
            check_sig(&mut counts, file, t, got);
        }
    }
    counts.report(file, expected, want);
}

/// A file of signature tests only: every `valid` accepted, every `invalid` rejected.
#[cfg(any(feature = "_ec", feature = "eddsa"))]
fn sig_counts(valid: usize, invalid: usize) -> Counts {
    Counts {
        valid_accepted: valid,
        invalid_rejected: invalid,
        ..Counts::default()
    }
}

#[test]
#[cfg(feature = "es256")]
fn ecdsa_p256_sha256_p1363() {
    run_ecdsa(
        "ecdsa_secp256r1_sha256_p1363_test.json",
        Curve::P256,
        Alg::ES256,
        &sig_counts(173, 89),
    );
}

#[test]
#[cfg(feature = "es384")]
fn ecdsa_p384_sha384_p1363() {
    run_ecdsa(
        "ecdsa_secp384r1_sha384_p1363_test.json",
        Curve::P384,
        Alg::ES384,
        &sig_counts(193, 87),
    );
}

#[test]
#[cfg(feature = "es512")]
fn ecdsa_p521_sha512_p1363() {
    run_ecdsa(
        "ecdsa_secp521r1_sha512_p1363_test.json",
        Curve::P521,
        Alg::ES512,
        &sig_counts(231, 87),
    );
}

#[test]
#[cfg(feature = "eddsa")]
fn ed25519() {
    let file = "ed25519_test.json";
    let doc = load(file);
    let expected = number_of_tests(&doc);
    let mut counts = Counts::default();
    for g in groups(&doc) {
        let pk = hexd(&g["publicKey"]["pk"]);
        assert_eq!(b64url(&g["publicKeyJwk"]["x"]), pk, "{file}: JWK x");
        let key = Key::ed25519(&pk).unwrap_or_else(|e| panic!("{file}: key refused: {e:?}"));
        for t in tests(g) {
            let msg = hexd(&t["msg"]);
            let sig = hexd(&t["sig"]);
            // EdDSA (RFC 8037) and its fully-specified name Ed25519 (RFC 9864) must agree.
            let got = key.verify(Alg::EdDSA, &msg, &sig);
            assert_eq!(
                key.verify(Alg::Ed25519, &msg, &sig),
                got,
                "{file} tcId {}",
                id(t)
            );
            check_sig(&mut counts, file, t, got);
        }
    }
    counts.report(file, expected, &sig_counts(88, 63));
}

#[cfg(feature = "hmac")]
fn run_hmac(file: &str, alg: Alg, hash_bits: usize) {
    let doc = load(file);
    let expected = number_of_tests(&doc);
    let mut counts = Counts::default();
    for g in groups(&doc) {
        let key_bits = usize::try_from(g["keySize"].as_u64().unwrap()).unwrap();
        let tag_bits = usize::try_from(g["tagSize"].as_u64().unwrap()).unwrap();
        for t in tests(g) {
            let secret = hexd(&t["key"]);
            assert_eq!(secret.len() * 8, key_bits, "{file} tcId {}: keySize", id(t));
            let msg = hexd(&t["msg"]);
            let tag = hexd(&t["tag"]);
            assert_eq!(tag.len() * 8, tag_bits, "{file} tcId {}: tagSize", id(t));
            if key_bits < hash_bits {
                // RFC 7518 §3.2: a key shorter than the hash output is refused, whatever the
                // tag. Below 32 bytes already by Key::hmac, otherwise by verify for this alg.
                match Key::hmac(&secret) {
                    Err(e) => {
                        assert!(secret.len() < 32, "{file} tcId {}", id(t));
                        assert_eq!(e, Error::WeakKey, "{file} tcId {}", id(t));
                    }
                    Ok(key) => {
                        assert!(!key.fits(alg), "{file} tcId {}", id(t));
                        assert_eq!(
                            key.verify(alg, &msg, &tag),
                            Err(Error::WeakKey),
                            "{file} tcId {}",
                            id(t)
                        );
                    }
                }
                counts.refused_weak_key += 1;
                continue;
            }
            let key = Key::hmac(&secret).unwrap();
            assert!(key.fits(alg));
            let got = key.verify(alg, &msg, &tag);
            if tag_bits < hash_bits && t["result"] == "valid" {
                // A correct but truncated tag: JWS always uses the full HMAC output.
                assert_eq!(got, Err(Error::BadSignature), "{file} tcId {}", id(t));
                counts.truncated_tag_refused += 1;
            } else {
                check_sig(&mut counts, file, t, got);
            }
        }
    }
    // Each HMAC file: 30 valid full-length tags, 108 invalid, 6 tests with a key shorter than
    // the hash (refused), 30 correct truncated tags (refused).
    let want = Counts {
        valid_accepted: 30,
        invalid_rejected: 108,
        refused_weak_key: 6,
        truncated_tag_refused: 30,
        ..Counts::default()
    };
    counts.report(file, expected, &want);
}

#[test]
#[cfg(feature = "hmac")]
fn hmac_sha256() {
    run_hmac("hmac_sha256_test.json", Alg::HS256, 256);
}

#[test]
#[cfg(feature = "hmac")]
fn hmac_sha384() {
    run_hmac("hmac_sha384_test.json", Alg::HS384, 384);
}

#[test]
#[cfg(feature = "hmac")]
fn hmac_sha512() {
    run_hmac("hmac_sha512_test.json", Alg::HS512, 512);
}
