//! idgate side by side with its peers, on the same fixture tokens and keys, adjacent in one
//! run (ratios are what matter on a shared machine). The tokens are `Env::algorithm_cases`:
//! the fixture ID token of each algorithm, and the 10 KiB `large_groups` payload under each
//! algorithm (`<ALG>-10KiB`, re-signed with the fixtures' private keys in `benches/common`).
//!
//! - full verification, as each library's users call it with the key already built (no JWKS
//!   work per token): idgate `verify` with the ID-token policy; jsonwebtoken 11 (`rust_crypto`;
//!   `peers_aws_lc` runs it on `aws_lc_rs`)
//!   `decode` into a typed ID-token claims struct with iss/aud/exp validation, then the nonce
//!   and azp compared; jwt-simple 0.15 (`pure-rust`) `verify_token` with allowed issuer,
//!   audience and required nonce, then azp compared;
//! - the signature alone (hash of the signing input + the public-key operation, key parsed and
//!   signature decoded beforehand): idgate `Key::verify`; OpenSSL through the `openssl` crate
//!   (`EVP_DigestVerify`; ECDSA signatures converted to DER beforehand); the bare Rust
//!   primitives (`rsa` 0.9, `p256`/`p384` 0.14, `ed25519-dalek` 3 `verify_strict`, `hmac` 0.13);
//!   ring and aws-lc-rs (`signature::RsaPublicKeyComponents` / `UnparsedPublicKey`, `hmac`);
//! - on the ID tokens, base64url + serde_json decoding alone into borrowed structs (the
//!   yardstick of `parse_only`, everything but the signature);
//! - JWKS: idgate `KeySet::load_jwks` against jsonwebtoken's `JwkSet` (serde) plus
//!   `DecodingKey::from_jwk` for each key.
//!
//! `cargo bench -p idgate-bench --bench peers`; `bench/compare.sh` prints the table.

#![allow(clippy::type_complexity)]

mod common;

use std::hint::black_box;

use common::jwt::jsonwebtoken_full;
use common::serde_ref::{HeaderRef, IdClaimsRef};
use common::{Case, Check, Env, bench_one};
use criterion::Criterion;
use idgate::{Alg, scratch_len, verify};
use serde::Deserialize;

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
            let k = ES256PublicKey::from_bytes(&case.sec1_point()).unwrap();
            Box::new(move || azp_ok(k.verify_token(black_box(token), Some(options.clone()))))
        }
        Alg::ES384 => {
            let k = ES384PublicKey::from_bytes(&case.sec1_point()).unwrap();
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
            let vk = p256::ecdsa::VerifyingKey::from_sec1_bytes(&case.sec1_point()).unwrap();
            let s = p256::ecdsa::Signature::from_slice(&sig).unwrap();
            Box::new(move || vk.verify(black_box(msg), &s).is_ok())
        }
        Alg::ES384 => {
            use p384::ecdsa::signature::Verifier as _;
            let vk = p384::ecdsa::VerifyingKey::from_sec1_bytes(&case.sec1_point()).unwrap();
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

// ring and aws-lc-rs share one API (aws-lc-rs started as a fork of ring's): one body for both.
// Neither has a pre-parsed public key type that ring offers too, so the key is parsed per call,
// as their users do (RSA from its components, EC points and Ed25519 keys from their bytes);
// the HMAC key is built once.
macro_rules! ring_api_sig {
    ($name:ident, $krate:ident) => {
        fn $name(case: &Case) -> Check<'_> {
            use $krate::signature::{self as sig, RsaPublicKeyComponents, UnparsedPublicKey};
            let msg = case.signing_input();
            let s = case.signature();
            match case.alg {
                Alg::RS256 | Alg::PS256 => {
                    let params: &'static sig::RsaParameters = if case.alg == Alg::RS256 {
                        &sig::RSA_PKCS1_2048_8192_SHA256
                    } else {
                        &sig::RSA_PSS_2048_8192_SHA256
                    };
                    let key = RsaPublicKeyComponents {
                        n: case.jwk_bytes("n"),
                        e: case.jwk_bytes("e"),
                    };
                    Box::new(move || key.verify(params, black_box(msg), black_box(&s)).is_ok())
                }
                Alg::ES256 | Alg::ES384 => {
                    let alg: &'static sig::EcdsaVerificationAlgorithm = if case.alg == Alg::ES256 {
                        &sig::ECDSA_P256_SHA256_FIXED
                    } else {
                        &sig::ECDSA_P384_SHA384_FIXED
                    };
                    let key = UnparsedPublicKey::new(alg, case.sec1_point());
                    Box::new(move || key.verify(black_box(msg), black_box(&s)).is_ok())
                }
                Alg::EdDSA => {
                    let key = UnparsedPublicKey::new(&sig::ED25519, case.jwk_bytes("x"));
                    Box::new(move || key.verify(black_box(msg), black_box(&s)).is_ok())
                }
                Alg::HS256 => {
                    let key =
                        $krate::hmac::Key::new($krate::hmac::HMAC_SHA256, &common::hmac_secret());
                    Box::new(move || $krate::hmac::verify(&key, black_box(msg), &s).is_ok())
                }
                other => panic!("{other:?}"),
            }
        }
    };
}

ring_api_sig!(ring_sig, ring);
ring_api_sig!(aws_lc_sig, aws_lc_rs);

// ---------------------------------------------------------------------------------------------
// The decoding every JWT library does before its checks: base64url and serde_json

/// Split, base64url of the three segments into buffers allocated beforehand (base64ct), and
/// serde_json of header and claims into borrowed structs: no checks, no signature. The
/// yardstick of #16's target 4 for idgate's everything-but-the-signature (`parse_only`).
fn b64_serde_decode(case: &Case) -> Check<'_> {
    use base64ct::{Base64UrlUnpadded, Encoding as _};
    use std::cell::RefCell;
    let bufs = RefCell::new([
        vec![0u8; case.token.len()],
        vec![0u8; case.token.len()],
        vec![0u8; case.token.len()],
    ]);
    Box::new(move || {
        let mut bufs = bufs.borrow_mut();
        let [hb, pb, sb] = &mut *bufs;
        let mut parts = black_box(case.token.as_str()).split('.');
        let (Some(h), Some(p), Some(s), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return false;
        };
        let (Ok(h), Ok(p), Ok(s)) = (
            Base64UrlUnpadded::decode(h, hb),
            Base64UrlUnpadded::decode(p, pb),
            Base64UrlUnpadded::decode(s, sb),
        ) else {
            return false;
        };
        let (Ok(header), Ok(claims)) = (
            serde_json::from_slice::<HeaderRef<'_>>(h),
            serde_json::from_slice::<IdClaimsRef<'_>>(p),
        ) else {
            return false;
        };
        black_box((&header, &claims, s));
        !s.is_empty()
    })
}

// ---------------------------------------------------------------------------------------------

/// Per case, adjacent: full verification (idgate, jsonwebtoken on `rust_crypto`, jwt-simple),
/// then the signature alone (idgate, OpenSSL, RustCrypto, ring, aws-lc-rs), then, on the ID
/// tokens, base64url + serde_json decoding alone.
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
        bench_one(c, group, "ring-sig", &ring_sig(&case));
        bench_one(c, group, "aws-lc-sig", &aws_lc_sig(&case));
        if !case.label.ends_with("-10KiB") {
            bench_one(c, group, "b64-serde", &b64_serde_decode(&case));
        }
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

criterion::criterion_group! {
    name = benches;
    config = common::peers_config();
    targets = algorithms, jwks
}
criterion::criterion_main!(benches);
