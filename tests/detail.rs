//! The detail behind each kind of refusal (`verify_detailed`): exact segment and byte for
//! encoding errors, `kid` and `alg` for key errors, claim, expected and found values for
//! policy checks, dates for time checks. Tokens: the sample ID token and the fixtures.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, missing_docs)]
#![cfg(all(feature = "rsa", feature = "es256"))]

use idgate::{Alg, AlgSet, Detail, Error, KeySet, Policy, Segment, verify, verify_detailed};
use serde_json::Value;

const NOW: u64 = 1_767_225_600;
const ISS: &str = "https://issuer.example.com";

fn sample() -> (String, KeySet) {
    let token = include_str!("../examples/sample/id_token.jwt")
        .trim()
        .to_owned();
    let mut keys = KeySet::new();
    keys.load_jwks(include_bytes!("../examples/sample/jwks.json"))
        .unwrap();
    (token, keys)
}

fn fixture(name: &str) -> String {
    let doc: Value = serde_json::from_str(include_str!("data/fixtures/tokens.json")).unwrap();
    let case = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap();
    case["token"].as_str().unwrap().to_owned()
}

fn fixture_keys() -> KeySet {
    let mut keys = KeySet::new();
    keys.load_jwks(include_bytes!("data/fixtures/jwks.json"))
        .unwrap();
    keys
}

/// Runs `verify_detailed` and checks that `verify` gives the same verdict.
fn refuse<'d>(
    token: &str,
    keys: &KeySet,
    policy: &Policy<'d>,
    now: u64,
    scratch: &'d mut [u8],
) -> (Error, Detail<'d>) {
    let mut plain = vec![0u8; scratch.len()];
    let verdict = verify(token.as_bytes(), keys, policy, now, &mut plain).err();
    let mut detail = Detail::default();
    let r = verify_detailed(token.as_bytes(), keys, policy, now, scratch, &mut detail);
    let error = r.err().unwrap();
    assert_eq!(verdict, Some(error), "verify and verify_detailed disagree");
    (error, detail)
}

#[test]
fn encoding_errors_name_the_segment_and_byte() {
    let (token, keys) = sample();
    let policy = Policy::id_token(ISS, "client-123");
    let dot1 = token.find('.').unwrap();
    let dot2 = dot1 + 1 + token[dot1 + 1..].find('.').unwrap();

    // A byte outside base64url in the payload.
    let mut bad = token.clone();
    bad.replace_range(dot1 + 5..dot1 + 6, "!");
    let mut s = [0u8; 4096];
    let (e, d) = refuse(&bad, &keys, &policy, NOW, &mut s);
    assert_eq!(e, Error::Malformed);
    assert_eq!(
        (d.segment, d.offset),
        (Some(Segment::Payload), Some(dot1 + 5))
    );

    // The same in the signature.
    let mut bad = token.clone();
    bad.replace_range(dot2 + 3..dot2 + 4, "+");
    let mut s = [0u8; 4096];
    let (e, d) = refuse(&bad, &keys, &policy, NOW, &mut s);
    assert_eq!(e, Error::Malformed);
    assert_eq!(
        (d.segment, d.offset),
        (Some(Segment::Signature), Some(dot2 + 3))
    );

    // A fourth segment: the dot that starts it.
    let bad = format!("{token}.AAAA");
    let mut s = [0u8; 4096];
    let (e, d) = refuse(&bad, &keys, &policy, NOW, &mut s);
    assert_eq!(e, Error::Malformed);
    assert_eq!(
        (d.segment, d.offset),
        (Some(Segment::Signature), Some(token.len()))
    );

    // Header JSON that is not an object: the segment, no byte.
    let bad = format!("WzFd{}", &token[dot1..]);
    let mut s = [0u8; 4096];
    let (e, d) = refuse(&bad, &keys, &policy, NOW, &mut s);
    assert_eq!(e, Error::Malformed);
    assert_eq!((d.segment, d.offset), (Some(Segment::Header), None));
}

#[test]
fn key_errors_name_the_kid_and_alg() {
    let (token, keys) = sample();
    // Only the EC key: the token's kid is unknown.
    let mut ec_only = KeySet::new();
    let jwks: Value = serde_json::from_str(include_str!("../examples/sample/jwks.json")).unwrap();
    let ec = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kty"] == "EC")
        .unwrap();
    ec_only.add_jwk(ec.to_string().as_bytes()).unwrap();
    let policy = Policy::id_token(ISS, "client-123");
    let mut s = [0u8; 4096];
    let (e, d) = refuse(&token, &ec_only, &policy, NOW, &mut s);
    assert_eq!(e, Error::UnknownKid);
    assert_eq!((d.kid, d.alg), (Some("rsa-2048"), Some(Alg::RS256)));

    // Not in the allow-list.
    let es_only = policy.with_algs(AlgSet::only(Alg::ES256));
    let mut s = [0u8; 4096];
    let (e, d) = refuse(&token, &keys, &es_only, NOW, &mut s);
    assert_eq!(e, Error::AlgNotAllowed);
    assert_eq!(
        (d.kid, d.alg, d.claim),
        (Some("rsa-2048"), Some(Alg::RS256), None)
    );

    // A signature that does not verify.
    let mut bad = token.clone();
    let last = bad.len() - 3;
    let flipped = if &bad[last..last + 1] == "A" {
        "B"
    } else {
        "A"
    };
    bad.replace_range(last..last + 1, flipped);
    let mut s = [0u8; 4096];
    let (e, d) = refuse(&bad, &keys, &policy, NOW, &mut s);
    assert_eq!(e, Error::BadSignature);
    assert_eq!(
        (d.kid, d.alg, d.segment),
        (Some("rsa-2048"), Some(Alg::RS256), None)
    );
}

#[test]
fn policy_checks_name_the_claim_and_values() {
    let (token, keys) = sample();

    let other_iss = Policy::id_token("https://other.example.com", "client-123");
    let mut s = [0u8; 4096];
    let (e, d) = refuse(&token, &keys, &other_iss, NOW, &mut s);
    assert_eq!(e, Error::IssuerMismatch);
    assert_eq!(
        (d.claim, d.expected, d.found),
        (Some("iss"), Some("https://other.example.com"), Some(ISS))
    );

    let nonce = Policy::id_token(ISS, "client-123").with_nonce("another-nonce");
    let mut s = [0u8; 4096];
    let (e, d) = refuse(&token, &keys, &nonce, NOW, &mut s);
    assert_eq!(e, Error::NonceMismatch);
    assert_eq!(
        (d.claim, d.expected, d.found),
        (Some("nonce"), Some("another-nonce"), Some("n-0S6_WzA2Mj"))
    );

    let access = Policy::access_token(ISS, "client-123");
    let mut s = [0u8; 4096];
    let (e, d) = refuse(&token, &keys, &access, NOW, &mut s);
    assert_eq!(e, Error::TypMismatch);
    assert_eq!(
        (d.claim, d.expected, d.found),
        (Some("typ"), Some("at+jwt"), Some("JWT"))
    );

    let mut pid = Policy::id_token(ISS, "client-123");
    pid.required_names = &["pid"];
    let mut s = [0u8; 4096];
    let (e, d) = refuse(&token, &keys, &pid, NOW, &mut s);
    assert_eq!(e, Error::MissingClaim);
    assert_eq!((d.claim, d.expected, d.found), (Some("pid"), None, None));

    let acr = Policy::id_token(ISS, "client-123").with_acr_values(&["urn:gold"]);
    let mut s = [0u8; 4096];
    let (e, d) = refuse(&token, &keys, &acr, NOW, &mut s);
    assert_eq!(e, Error::AcrNotAllowed);
    assert_eq!(
        (d.claim, d.expected, d.found),
        (
            Some("acr"),
            Some("urn:gold"),
            Some("urn:mace:incommon:iap:silver")
        )
    );
}

#[test]
fn time_checks_give_the_dates() {
    let (token, keys) = sample();
    let policy = Policy::id_token(ISS, "client-123");
    let later = NOW + 7200;
    let mut s = [0u8; 4096];
    let (e, d) = refuse(&token, &keys, &policy, later, &mut s);
    assert_eq!(e, Error::Expired);
    assert_eq!(
        (d.claim, d.date, d.now),
        (Some("exp"), Some(1_767_229_200), Some(later))
    );

    let max_age = policy.with_max_age(30);
    let mut s = [0u8; 4096];
    let (e, d) = refuse(&token, &keys, &max_age, NOW, &mut s);
    assert_eq!(e, Error::AuthTooOld);
    assert_eq!(
        (d.claim, d.date, d.now),
        (Some("auth_time"), Some(1_767_225_480), Some(NOW))
    );

    let keys = fixture_keys();
    let nbf = fixture("nbf_future");
    let mut s = [0u8; 4096];
    let (e, d) = refuse(&nbf, &keys, &policy, NOW, &mut s);
    assert_eq!(e, Error::NotYetValid);
    assert_eq!(
        (d.claim, d.date, d.now),
        (Some("nbf"), Some(NOW + 3600), Some(NOW))
    );
}

#[test]
fn claim_type_and_missing_claims_are_named() {
    let keys = fixture_keys();
    let policy = Policy::id_token(ISS, "client-123");
    let mut s = [0u8; 4096];
    let (e, d) = refuse(&fixture("exp_string"), &keys, &policy, NOW, &mut s);
    assert_eq!(e, Error::InvalidClaim);
    assert_eq!(d.claim, Some("exp"));
    let mut s = [0u8; 4096];
    let (e, d) = refuse(&fixture("exp_missing"), &keys, &policy, NOW, &mut s);
    assert_eq!(e, Error::MissingClaim);
    assert_eq!(d.claim, Some("exp"));
}

#[test]
fn success_leaves_the_detail_empty() {
    let (token, keys) = sample();
    let policy = Policy::id_token(ISS, "client-123");
    let mut s = [0u8; 4096];
    let mut detail = Detail {
        claim: Some("stale"),
        ..Detail::default()
    };
    let r = verify_detailed(token.as_bytes(), &keys, &policy, NOW, &mut s, &mut detail);
    assert!(r.is_ok());
    assert_eq!(detail, Detail::default());
}
