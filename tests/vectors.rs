//! Public JWS vectors through the whole pipeline: RFC 7515 Appendix A, RFC 7520 (JOSE
//! Cookbook) and RFC 8037, the derived negative cases, and okta's isomorphic-jwt tokens.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects,
    missing_docs
)]

use base64ct::{Base64UrlUnpadded, Encoding};
use idgate::{AlgSet, Error, KeySet, Policy, scratch_len, verify, verify_signature};
use serde_json::Value;

fn load(path: &str) -> Value {
    let text = std::fs::read_to_string(format!("{}/tests/data/{path}", env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

/// A key set holding one JWK; `oct` keys become HMAC secrets.
fn keys_for(jwk: &Value) -> KeySet {
    let mut ks = KeySet::new();
    if jwk.is_null() {
        return ks; // RFC 7515 A.5 (alg none) comes with no key.
    }
    if jwk["kty"] == "oct" {
        let k = Base64UrlUnpadded::decode_vec(jwk["k"].as_str().unwrap()).unwrap();
        ks.add_hmac(&k).unwrap();
    } else {
        let doc = serde_json::json!({ "keys": [jwk] }).to_string();
        let report = ks.load_jwks(doc.as_bytes()).unwrap();
        assert_eq!(report.added, 1, "{jwk}");
    }
    ks
}

/// Every algorithm allowed, no leeway, only `exp` required: the RFC tokens have iss "joe".
const RFC_POLICY: Policy<'static> = Policy::new().with_algs(AlgSet::ALL).with_leeway(0);
/// Ten seconds before the RFC 7515 tokens' `exp` (1300819380).
const RFC_NOW: u64 = 1_300_819_370;

fn run_jwt(token: &str, ks: &KeySet, policy: &Policy<'_>, now: u64) -> Result<(), Error> {
    let mut scratch = vec![0u8; scratch_len(token.len())];
    verify(token.as_bytes(), ks, policy, now, &mut scratch).map(|_| ())
}

fn run_jws(token: &str, ks: &KeySet, policy: &Policy<'_>) -> Result<Vec<u8>, Error> {
    let mut scratch = vec![0u8; scratch_len(token.len())];
    verify_signature(token.as_bytes(), ks, policy, &mut scratch).map(|j| j.payload.to_vec())
}

#[test]
fn rfc7515_appendix_a() {
    let doc = load("rfc7515/appendix_a.json");
    let mut seen = 0;
    for v in doc["vectors"].as_array().unwrap() {
        let name = v["name"].as_str().unwrap();
        let token = v["token"].as_str().unwrap();
        let ks = keys_for(&v["jwk"]);
        let section = v["section"].as_str().unwrap_or(name);
        match v["alg"].as_str().unwrap() {
            "HS256" | "RS256" | "ES256" => {
                assert_eq!(
                    run_jwt(token, &ks, &RFC_POLICY, RFC_NOW),
                    Ok(()),
                    "{section}"
                );
                // One second past exp, and exactly at exp: expired.
                assert_eq!(
                    run_jwt(token, &ks, &RFC_POLICY, 1_300_819_380),
                    Err(Error::Expired)
                );
                // HS256 must be allowed explicitly; the default allow-list is asymmetric.
                let default_algs = Policy::new().with_leeway(0);
                let expected = if v["alg"] == "HS256" {
                    Err(Error::AlgNotAllowed)
                } else {
                    Ok(())
                };
                assert_eq!(
                    run_jwt(token, &ks, &default_algs, RFC_NOW),
                    expected,
                    "{section}"
                );
            }
            "ES512" => {
                // A.4 signs the text "Payload": a JWS, not a JWT.
                assert_eq!(run_jws(token, &ks, &RFC_POLICY), Ok(b"Payload".to_vec()));
                assert_eq!(
                    run_jwt(token, &ks, &RFC_POLICY, RFC_NOW),
                    Err(Error::Malformed)
                );
            }
            "none" => {
                assert_eq!(
                    run_jwt(token, &ks, &RFC_POLICY, RFC_NOW),
                    Err(Error::UnsupportedAlg)
                );
                assert_eq!(run_jws(token, &ks, &RFC_POLICY), Err(Error::UnsupportedAlg));
            }
            other => panic!("unexpected alg {other}"),
        }
        seen += 1;
    }
    assert_eq!(seen, 5);
}

#[test]
fn rfc7520_cookbook_and_rfc8037() {
    let files = [
        ("rfc7520/jws/4_1.rsa_v15_signature.json", "RS256"),
        ("rfc7520/jws/4_2.rsa-pss_signature.json", "PS384"),
        ("rfc7520/jws/4_3.ecdsa_signature.json", "ES512"),
        (
            "rfc7520/jws/4_4.hmac-sha2_integrity_protection.json",
            "HS256",
        ),
        ("rfc7520/curve25519/jws.json", "EdDSA"),
    ];
    for (file, alg) in files {
        let v = load(file);
        assert_eq!(v["input"]["alg"], alg);
        let token = v["output"]["compact"].as_str().unwrap();
        let ks = keys_for(&v["input"]["key"]);
        let payload = v["input"]["payload"].as_str().unwrap().as_bytes().to_vec();
        assert_eq!(run_jws(token, &ks, &RFC_POLICY), Ok(payload), "{file}");
        // The cookbook payload is prose, not a claim set.
        assert_eq!(
            run_jwt(token, &ks, &RFC_POLICY, RFC_NOW),
            Err(Error::Malformed),
            "{file}"
        );
        // Flip one bit of the signature's first byte: refused.
        let (head, sig) = token.rsplit_once('.').unwrap();
        let mut raw = Base64UrlUnpadded::decode_vec(sig).unwrap();
        raw[0] ^= 0x80;
        let tampered = format!("{head}.{}", Base64UrlUnpadded::encode_string(&raw));
        assert_eq!(
            run_jws(&tampered, &ks, &RFC_POLICY),
            Err(Error::BadSignature),
            "{file}"
        );
    }
    // 4.5: detached content. The compact form has an empty payload segment: a valid JWS
    // over the empty payload only if the signature was made that way, which it was not.
    let v = load("rfc7520/jws/4_5.signature_with_detached_content.json");
    let token = v["output"]["compact"].as_str().unwrap();
    let ks = keys_for(&v["input"]["key"]);
    assert_eq!(run_jws(token, &ks, &RFC_POLICY), Err(Error::BadSignature));
    // As a JWT, the empty payload is malformed before any signature is checked (RFC 7515
    // §5.2: every segment is decoded first).
    assert_eq!(
        run_jwt(token, &ks, &RFC_POLICY, RFC_NOW),
        Err(Error::Malformed)
    );
}

/// The derived negative cases, each with the exact code this verifier gives and why.
#[test]
fn derived_negative_cases() {
    let doc = load("derived/jws_negative_cases_from_rfc7515.json");
    let policy = Policy::new()
        .with_algs(
            AlgSet::only(idgate::Alg::HS256)
                .with(idgate::Alg::RS256)
                .with(idgate::Alg::ES256),
        )
        .with_leeway(0);
    let expected: &[(&str, Result<(), Error>)] = &[
        ("1", Ok(())),
        ("2", Ok(())),
        ("3", Ok(())),
        ("4", Err(Error::BadSignature)),
        ("5", Err(Error::BadSignature)),
        ("6", Err(Error::BadSignature)),
        ("7", Err(Error::UnsupportedAlg)),
        ("8", Err(Error::UnsupportedAlg)),
        ("9", Err(Error::UnsupportedAlg)),
        ("10", Err(Error::UnsupportedAlg)),
        ("11", Err(Error::UnsupportedAlg)),
        // HS256 against an RSA key: no HMAC secret in the set, so no key fits (no kid).
        ("12", Err(Error::UnknownKid)),
        ("13", Err(Error::UnknownKid)),
        ("14", Err(Error::UnknownKid)),
        ("15", Err(Error::UnknownKid)),
        ("16", Err(Error::UnknownKid)),
        ("17", Err(Error::BadSignature)),
        ("18", Err(Error::BadSignature)),
        ("19", Err(Error::BadSignature)),
        ("20", Err(Error::BadSignature)),
        ("21", Err(Error::Malformed)),
        ("22", Err(Error::Malformed)),
        ("23", Err(Error::Malformed)),
        ("24", Err(Error::Malformed)),
        ("25", Err(Error::Malformed)),
        ("26", Err(Error::Malformed)),
        ("27", Err(Error::Malformed)),
        ("28", Err(Error::Malformed)),
        ("29", Err(Error::CritUnsupported)),
        ("30", Err(Error::CritUnsupported)),
        ("31", Err(Error::Malformed)),
        ("32", Err(Error::Malformed)),
        ("33", Err(Error::Malformed)),
        ("34", Err(Error::Malformed)),
        ("35", Err(Error::Malformed)),
        ("36", Err(Error::Malformed)),
        ("37", Err(Error::UnsupportedAlg)),
        ("38", Err(Error::UnsupportedAlg)),
        ("39", Err(Error::UnsupportedAlg)),
        ("40", Ok(())),
        ("41", Err(Error::Malformed)),
    ];
    let cases = doc["cases"].as_array().unwrap();
    assert_eq!(cases.len(), expected.len());
    let mut mismatches = Vec::new();
    for (case, (id, want)) in cases.iter().zip(expected) {
        assert_eq!(case["tcId"].to_string().trim_matches('"'), *id);
        let ks = keys_for(&doc["keys"][case["key"].as_str().unwrap()]);
        let token = case["token"].as_str().unwrap();
        let got = run_jwt(token, &ks, &policy, RFC_NOW);
        if got != *want {
            mismatches.push(format!("{id} {}: got {got:?}, want {want:?}", case["name"]));
        }
        // The upstream verdict agrees: only the controls pass.
        assert_eq!(got.is_ok(), case["expected"] == "valid", "{id}");
    }
    assert!(mismatches.is_empty(), "{mismatches:#?}");
    // Case 41 is a valid JWS whose payload is not JSON: verify_signature accepts it.
    let c41 = &cases[40];
    let ks = keys_for(&doc["keys"]["A.1"]);
    assert_eq!(
        run_jws(c41["token"].as_str().unwrap(), &ks, &policy),
        Ok(b"not json".to_vec())
    );
}

#[test]
fn okta_isomorphic_jwt() {
    let doc = load("okta-isomorphic-jwt/tokens.json");
    let policy = Policy::new().with_leeway(0);
    let mut checked = 0;
    for case in doc["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let token = case["token"].as_str().unwrap();
        let Some(key_name) = case["key"].as_str() else {
            continue; // decode-only upstream: no key given.
        };
        let ks = keys_for(&doc["keys"][key_name]);
        // These tokens carry no exp: as a JWT they are refused for that, so the signature
        // is checked with verify_signature and the JWT path is checked for the code.
        let want_sig = match name {
            "RS256token" | "RS384token" | "RS512token" => Ok(br#"{"a":"b"}"#.to_vec()),
            "RS256invalidToken" | "RS384invalidToken" | "RS512invalidToken" => {
                Err(Error::BadSignature)
            }
            // "BAD" has non-zero trailing bits; "e30=" is padded.
            "malformedHeader" | "noAlgInHeader" => Err(Error::Malformed),
            // The header says none: refused before the payload is looked at.
            "malformedClaimsSet" | "unsecuredJWT" => Err(Error::UnsupportedAlg),
            other => panic!("unknown case {other}"),
        };
        let got = run_jws(token, &ks, &policy);
        assert_eq!(got, want_sig, "{name}");
        if got.is_ok() {
            assert_eq!(
                run_jwt(token, &ks, &policy, RFC_NOW),
                Err(Error::MissingClaim),
                "{name}"
            );
        }
        checked += 1;
    }
    assert_eq!(checked, 10);
}
