//! idgate side by side with its peers, on the same fixture tokens and keys, adjacent in one
//! run (ratios are what matter on a shared machine). The tokens are `Env::algorithm_cases`:
//! the fixture ID token of each algorithm, and the 10 KiB `large_groups` payload under each
//! algorithm (`<ALG>-10KiB`, re-signed with the fixtures' private keys in `benches/common`).
//!
//! - full verification, as each library's users call it with the key already built (no JWKS
//!   work per token): idgate `verify` with the ID-token policy; jsonwebtoken 11 (`rust_crypto`)
//!   `decode` into a typed ID-token claims struct with iss/aud/exp validation, then the nonce
//!   and azp compared; jwt-simple 0.15 (`pure-rust`) `verify_token` with allowed issuer,
//!   audience and required nonce, then azp compared;
//! - the signature alone (hash of the signing input + the public-key operation, key parsed and
//!   signature decoded beforehand): idgate `Key::verify`; OpenSSL through the `openssl` crate
//!   (`EVP_DigestVerify`; ECDSA signatures converted to DER beforehand); the bare Rust
//!   primitives (`rsa` 0.9, `p256`/`p384` 0.14, `ed25519-dalek` 3 `verify_strict`, `hmac` 0.13);
//! - JWKS: idgate `KeySet::load_jwks` against jsonwebtoken's `JwkSet` (serde) plus
//!   `DecodingKey::from_jwk` for each key.
//!
//! `cargo bench --bench peers`; `benches/compare.sh` prints the table.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects,
    clippy::as_conversions,
    clippy::type_complexity,
    missing_docs,
    unreachable_pub
)]

mod common;

use std::hint::black_box;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use common::{Case, Env};
use criterion::Criterion;
use idgate::{Alg, scratch_len, verify};
use serde::Deserialize;

type Check<'a> = Box<dyn Fn() -> bool + 'a>;

// ---------------------------------------------------------------------------------------------
// jsonwebtoken

#[derive(Deserialize)]
#[serde(untagged)]
#[allow(dead_code)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// The ID-token claims a jsonwebtoken user would deserialize.
#[derive(Deserialize)]
#[allow(dead_code)]
struct IdClaims {
    iss: String,
    sub: String,
    aud: OneOrMany,
    exp: u64,
    iat: u64,
    auth_time: Option<u64>,
    nonce: Option<String>,
    azp: Option<String>,
    acr: Option<String>,
    amr: Option<Vec<String>>,
    sid: Option<String>,
    jti: Option<String>,
}

fn jsonwebtoken_full<'a>(env: &'a Env, case: &'a Case) -> Check<'a> {
    use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode};
    let (alg, key) = match case.alg {
        Alg::RS256 | Alg::PS256 => (
            if case.alg == Alg::RS256 {
                Algorithm::RS256
            } else {
                Algorithm::PS256
            },
            DecodingKey::from_rsa_components(case.jwk_str("n"), case.jwk_str("e")).unwrap(),
        ),
        Alg::ES256 | Alg::ES384 => (
            if case.alg == Alg::ES256 {
                Algorithm::ES256
            } else {
                Algorithm::ES384
            },
            DecodingKey::from_ec_components(case.jwk_str("x"), case.jwk_str("y")).unwrap(),
        ),
        Alg::EdDSA => (
            Algorithm::EdDSA,
            DecodingKey::from_ed_components(case.jwk_str("x")).unwrap(),
        ),
        Alg::HS256 => (
            Algorithm::HS256,
            DecodingKey::from_secret(&common::hmac_secret()),
        ),
        other => panic!("{other:?}"),
    };
    let mut validation = Validation::new(alg);
    validation.set_issuer(&[&env.issuer]);
    validation.set_audience(&[&env.client_id]);
    validation.set_required_spec_claims(&["exp", "iss", "sub", "aud"]);
    // jsonwebtoken reads the system clock; the fixtures are valid at `env.now`. A leeway of
    // the clock's distance from `env.now` makes the same comparison.
    let real_now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    validation.leeway = real_now.saturating_sub(env.now);
    Box::new(move || {
        let Ok(data) = decode::<IdClaims>(black_box(&case.token), &key, &validation) else {
            return false;
        };
        let c = data.claims;
        c.nonce.as_deref() == Some(env.nonce.as_str())
            && c.azp.as_deref().is_none_or(|a| a == env.client_id)
    })
}

// ---------------------------------------------------------------------------------------------
// jwt-simple

/// The ID-token claims jwt-simple does not model itself.
#[derive(Deserialize, serde::Serialize)]
#[allow(dead_code)]
struct IdExtra {
    azp: Option<String>,
    auth_time: Option<u64>,
    acr: Option<String>,
    amr: Option<Vec<String>>,
    sid: Option<String>,
}

fn jwt_simple_full<'a>(env: &'a Env, case: &'a Case) -> Check<'a> {
    use jwt_simple::prelude::*;
    let options = VerificationOptions {
        allowed_issuers: Some(HashSet::from([env.issuer.clone()])),
        allowed_audiences: Some(HashSet::from([env.client_id.clone()])),
        required_nonce: Some(env.nonce.clone()),
        time_tolerance: Some(Duration::from_secs(0)),
        artificial_time: Some(UnixTimeStamp::from_secs(env.now)),
        ..Default::default()
    };
    let azp_ok = move |r: Result<JWTClaims<IdExtra>, jwt_simple::Error>| {
        r.is_ok_and(|c| c.custom.azp.as_deref().is_none_or(|a| a == env.client_id))
    };
    let token = case.token.as_str();
    let sec1 = || {
        let mut p = vec![4u8];
        p.extend(case.jwk_bytes("x"));
        p.extend(case.jwk_bytes("y"));
        p
    };
    match case.alg {
        Alg::RS256 => {
            let k = RS256PublicKey::from_components(&case.jwk_bytes("n"), &case.jwk_bytes("e"))
                .unwrap();
            Box::new(move || azp_ok(k.verify_token(black_box(token), Some(options.clone()))))
        }
        Alg::PS256 => {
            let k = PS256PublicKey::from_components(&case.jwk_bytes("n"), &case.jwk_bytes("e"))
                .unwrap();
            Box::new(move || azp_ok(k.verify_token(black_box(token), Some(options.clone()))))
        }
        Alg::ES256 => {
            let k = ES256PublicKey::from_bytes(&sec1()).unwrap();
            Box::new(move || azp_ok(k.verify_token(black_box(token), Some(options.clone()))))
        }
        Alg::ES384 => {
            let k = ES384PublicKey::from_bytes(&sec1()).unwrap();
            Box::new(move || azp_ok(k.verify_token(black_box(token), Some(options.clone()))))
        }
        Alg::EdDSA => {
            let k = Ed25519PublicKey::from_bytes(&case.jwk_bytes("x")).unwrap();
            Box::new(move || azp_ok(k.verify_token(black_box(token), Some(options.clone()))))
        }
        Alg::HS256 => {
            let k = HS256Key::from_bytes(&common::hmac_secret());
            Box::new(move || azp_ok(k.verify_token(black_box(token), Some(options.clone()))))
        }
        other => panic!("{other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Bare primitives

fn openssl_sig(case: &Case) -> Check<'_> {
    use openssl::bn::BigNum;
    use openssl::ec::{EcGroup, EcKey};
    use openssl::ecdsa::EcdsaSig;
    use openssl::hash::MessageDigest;
    use openssl::nid::Nid;
    use openssl::pkey::{Id, PKey};
    use openssl::rsa::{Padding, Rsa};
    use openssl::sign::{RsaPssSaltlen, Signer, Verifier};

    let msg = case.signing_input();
    let sig = case.signature();
    match case.alg {
        Alg::RS256 | Alg::PS256 => {
            let n = BigNum::from_slice(&case.jwk_bytes("n")).unwrap();
            let e = BigNum::from_slice(&case.jwk_bytes("e")).unwrap();
            let pkey = PKey::from_rsa(Rsa::from_public_components(n, e).unwrap()).unwrap();
            let pss = case.alg == Alg::PS256;
            Box::new(move || {
                let mut v = Verifier::new(MessageDigest::sha256(), &pkey).unwrap();
                if pss {
                    v.set_rsa_padding(Padding::PKCS1_PSS).unwrap();
                    v.set_rsa_pss_saltlen(RsaPssSaltlen::DIGEST_LENGTH).unwrap();
                    v.set_rsa_mgf1_md(MessageDigest::sha256()).unwrap();
                }
                v.verify_oneshot(black_box(&sig), black_box(msg))
                    .unwrap_or(false)
            })
        }
        Alg::ES256 | Alg::ES384 => {
            let (nid, md) = if case.alg == Alg::ES256 {
                (Nid::X9_62_PRIME256V1, MessageDigest::sha256())
            } else {
                (Nid::SECP384R1, MessageDigest::sha384())
            };
            let group = EcGroup::from_curve_name(nid).unwrap();
            let x = BigNum::from_slice(&case.jwk_bytes("x")).unwrap();
            let y = BigNum::from_slice(&case.jwk_bytes("y")).unwrap();
            let ec = EcKey::from_public_key_affine_coordinates(&group, &x, &y).unwrap();
            let pkey = PKey::from_ec_key(ec).unwrap();
            let half = sig.len() / 2;
            let der = EcdsaSig::from_private_components(
                BigNum::from_slice(&sig[..half]).unwrap(),
                BigNum::from_slice(&sig[half..]).unwrap(),
            )
            .unwrap()
            .to_der()
            .unwrap();
            Box::new(move || {
                let mut v = Verifier::new(md, &pkey).unwrap();
                v.verify_oneshot(black_box(&der), black_box(msg))
                    .unwrap_or(false)
            })
        }
        Alg::EdDSA => {
            let pkey = PKey::public_key_from_raw_bytes(&case.jwk_bytes("x"), Id::ED25519).unwrap();
            Box::new(move || {
                let mut v = Verifier::new_without_digest(&pkey).unwrap();
                v.verify_oneshot(black_box(&sig), black_box(msg))
                    .unwrap_or(false)
            })
        }
        Alg::HS256 => {
            let key = PKey::hmac(&common::hmac_secret()).unwrap();
            Box::new(move || {
                let mut s = Signer::new(MessageDigest::sha256(), &key).unwrap();
                let mut tag = [0u8; 32];
                s.update(black_box(msg)).unwrap();
                s.sign(&mut tag).unwrap();
                openssl::memcmp::eq(&tag, &sig)
            })
        }
        other => panic!("{other:?}"),
    }
}

fn rustcrypto_sig(case: &Case) -> Check<'_> {
    let msg = case.signing_input();
    let sig = case.signature();
    match case.alg {
        Alg::RS256 | Alg::PS256 => {
            use rsa::signature::Verifier as _;
            let n = rsa::BigUint::from_bytes_be(&case.jwk_bytes("n"));
            let e = rsa::BigUint::from_bytes_be(&case.jwk_bytes("e"));
            let key = rsa::RsaPublicKey::new(n, e).unwrap();
            if case.alg == Alg::RS256 {
                let vk = rsa::pkcs1v15::VerifyingKey::<rsa::sha2::Sha256>::new(key);
                let s = rsa::pkcs1v15::Signature::try_from(sig.as_slice()).unwrap();
                Box::new(move || vk.verify(black_box(msg), &s).is_ok())
            } else {
                let vk = rsa::pss::VerifyingKey::<rsa::sha2::Sha256>::new(key);
                let s = rsa::pss::Signature::try_from(sig.as_slice()).unwrap();
                Box::new(move || vk.verify(black_box(msg), &s).is_ok())
            }
        }
        Alg::ES256 => {
            use p256::ecdsa::signature::Verifier as _;
            let mut sec1 = vec![4u8];
            sec1.extend(case.jwk_bytes("x"));
            sec1.extend(case.jwk_bytes("y"));
            let vk = p256::ecdsa::VerifyingKey::from_sec1_bytes(&sec1).unwrap();
            let s = p256::ecdsa::Signature::from_slice(&sig).unwrap();
            Box::new(move || vk.verify(black_box(msg), &s).is_ok())
        }
        Alg::ES384 => {
            use p384::ecdsa::signature::Verifier as _;
            let mut sec1 = vec![4u8];
            sec1.extend(case.jwk_bytes("x"));
            sec1.extend(case.jwk_bytes("y"));
            let vk = p384::ecdsa::VerifyingKey::from_sec1_bytes(&sec1).unwrap();
            let s = p384::ecdsa::Signature::from_slice(&sig).unwrap();
            Box::new(move || vk.verify(black_box(msg), &s).is_ok())
        }
        Alg::EdDSA => {
            let x: [u8; 32] = case.jwk_bytes("x").try_into().unwrap();
            let vk = ed25519_dalek::VerifyingKey::from_bytes(&x).unwrap();
            let s = ed25519_dalek::Signature::from_slice(&sig).unwrap();
            Box::new(move || vk.verify_strict(black_box(msg), &s).is_ok())
        }
        Alg::HS256 => {
            use hmac::{KeyInit as _, Mac as _};
            let secret = common::hmac_secret();
            Box::new(move || {
                let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&secret).unwrap();
                mac.update(black_box(msg));
                mac.verify_slice(&sig).is_ok()
            })
        }
        other => panic!("{other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------

fn bench_one(c: &mut Criterion, group: &str, name: &str, f: &Check<'_>) {
    assert!(f(), "{group}/{name} does not verify");
    let mut g = c.benchmark_group(group);
    g.bench_function(name, |b| b.iter(f));
    g.finish();
}

/// Per case, adjacent: full verification (idgate, jsonwebtoken, jwt-simple), then the
/// signature alone (idgate, OpenSSL, RustCrypto).
fn algorithms(c: &mut Criterion) {
    let env = Env::load();
    for case in env.algorithm_cases() {
        let ks = case.keyset();
        let policy = env.policy(case.hmac);
        let scratch = std::cell::RefCell::new(vec![0u8; scratch_len(case.token.len())]);
        let idgate_full: Check<'_> = Box::new(|| {
            verify(
                black_box(case.token.as_bytes()),
                &ks,
                &policy,
                env.now,
                &mut scratch.borrow_mut(),
            )
            .is_ok()
        });
        let group = case.label;
        bench_one(c, group, "idgate", &idgate_full);
        bench_one(c, group, "jsonwebtoken", &jsonwebtoken_full(&env, &case));
        bench_one(c, group, "jwt-simple", &jwt_simple_full(&env, &case));

        let (input, sig) = (case.signing_input(), case.signature());
        let key = ks
            .keys()
            .map(|(_, _, k)| k)
            .find(|k| k.verify(case.alg, input, &sig).is_ok())
            .unwrap();
        let idgate_sig: Check<'_> = Box::new(|| {
            key.verify(case.alg, black_box(input), black_box(&sig))
                .is_ok()
        });
        bench_one(c, group, "idgate-sig", &idgate_sig);
        bench_one(c, group, "openssl-sig", &openssl_sig(&case));
        bench_one(c, group, "rustcrypto-sig", &rustcrypto_sig(&case));
    }
}

/// JWKS of 4 keys: idgate `load_jwks` and jsonwebtoken `JwkSet` + `DecodingKey::from_jwk`.
fn jwks(c: &mut Criterion) {
    let doc = common::jwks_4();
    let idgate: Check<'_> = Box::new(|| {
        let mut ks: idgate::KeySet = idgate::KeySet::new();
        ks.load_jwks(black_box(&doc)).is_ok_and(|r| r.added == 4)
    });
    let jsonwebtoken: Check<'_> = Box::new(|| {
        let Ok(set) = serde_json::from_slice::<jsonwebtoken::jwk::JwkSet>(black_box(&doc)) else {
            return false;
        };
        let keys: Vec<_> = set
            .keys
            .iter()
            .filter_map(|k| jsonwebtoken::DecodingKey::from_jwk(k).ok())
            .collect();
        keys.len() == 4
    });
    bench_one(c, "JWKS-4", "idgate", &idgate);
    bench_one(c, "JWKS-4", "jsonwebtoken", &jsonwebtoken);
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(60)
}

criterion::criterion_group! {
    name = benches;
    config = config();
    targets = algorithms, jwks
}
criterion::criterion_main!(benches);
