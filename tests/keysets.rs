//! Key sets of any size and the JWKs a load skips: the PayPal-shaped (15 JWKs) and 32-key sets
//! and the Yahoo-shaped set with a weak key of tests/data/keysets (made by its generate.py).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects,
    missing_docs
)]

use idgate::limits::MAX_SKIPPED_KEYS;
use idgate::{Error, KeySet, KeySetView, Policy, SkipReason, scratch_len, verify};
use serde_json::Value;

fn data(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/keysets/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn tokens() -> Value {
    serde_json::from_slice(&data("tokens.json")).unwrap()
}

/// Verifies through the unsized view: one function for every capacity.
fn outcome(keys: &KeySetView, doc: &Value, token: &str) -> &'static str {
    let policy = Policy::id_token(
        doc["issuer"].as_str().unwrap(),
        doc["client_id"].as_str().unwrap(),
    );
    let mut scratch = vec![0u8; scratch_len(token.len())];
    let now = doc["now"].as_u64().unwrap();
    match verify(token.as_bytes(), keys, &policy, now, &mut scratch) {
        Ok(_) => "valid",
        Err(e) => e.code(),
    }
}

#[test]
fn paypal_shaped_set_loads_with_its_x25519_key_skipped() {
    let mut keys: KeySet<15> = KeySet::empty();
    let report = keys.load_jwks(&data("paypal_shaped.json")).unwrap();
    assert_eq!((report.added, report.skipped), (14, 1));
    let skipped: Vec<_> = report
        .skipped_keys()
        .iter()
        .map(|k| (k.kid(), k.reason()))
        .collect();
    assert_eq!(skipped, [(Some("pp-x25519"), SkipReason::NotForSignature)]);
    assert_eq!(keys.skipped_keys(), report.skipped_keys());
    // EC keys without `alg` or `use` are loaded, with no algorithm of their own.
    let ec: Vec<_> = keys
        .keys()
        .filter(|k| k.0.is_some_and(|kid| kid.starts_with("pp-ec")))
        .collect();
    assert_eq!(ec.len(), 4);
    assert!(ec.iter().all(|k| k.1.is_none()));

    // The default capacity cannot hold it, and says so without keeping half of it.
    let mut small = KeySet::new();
    assert_eq!(
        small.load_jwks(&data("paypal_shaped.json")),
        Err(Error::KeySetFull)
    );
    assert!(small.is_empty());
}

#[test]
fn every_token_has_its_exact_outcome() {
    let doc = tokens();
    let mut paypal: KeySet<15> = KeySet::empty();
    let mut set32: KeySet<32> = KeySet::empty();
    let mut yahoo = KeySet::new();
    assert_eq!(
        paypal
            .load_jwks(&data("paypal_shaped.json"))
            .map(|r| r.added),
        Ok(14)
    );
    assert_eq!(
        set32.load_jwks(&data("set32.json")).map(|r| r.added),
        Ok(32)
    );
    assert_eq!(
        yahoo.load_jwks(&data("yahoo_shaped.json")).map(|r| r.added),
        Ok(2)
    );
    let cases = doc["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 15);
    for case in cases {
        let keys: &KeySetView = match case["jwks"].as_str().unwrap() {
            "paypal_shaped.json" => &paypal,
            "set32.json" => &set32,
            "yahoo_shaped.json" => &yahoo,
            other => panic!("{other}"),
        };
        let token = case["token"].as_str().unwrap();
        assert_eq!(
            outcome(keys, &doc, token),
            case["expect"].as_str().unwrap(),
            "{case}"
        );
    }
}

#[test]
fn a_token_naming_yahoos_weak_key_is_refused_as_weak_never_as_unknown() {
    let mut keys = KeySet::new();
    let report = keys.load_jwks(&data("yahoo_shaped.json")).unwrap();
    let skipped: Vec<_> = report
        .skipped_keys()
        .iter()
        .map(|k| (k.kid(), k.reason()))
        .collect();
    assert_eq!(skipped, [(Some("yh-weak-1024"), SkipReason::Weak)]);
    let doc = tokens();
    let case = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["expect"] == "weak_key")
        .unwrap();
    let token = case["token"].as_str().unwrap();
    assert_eq!(outcome(&keys, &doc, token), "weak_key");
    // A set that holds no record of that kid: unknown (the host's cue to refetch).
    let mut other: KeySet<32> = KeySet::empty();
    other.load_jwks(&data("set32.json")).unwrap();
    assert_eq!(outcome(&other, &doc, token), "unknown_kid");
    // A failed reload keeps the keys and the record; a successful one replaces both.
    assert_eq!(keys.load_jwks(&data("set32.json")), Err(Error::KeySetFull));
    assert_eq!(outcome(&keys, &doc, token), "weak_key");
    let mut big: KeySet<40> = KeySet::empty();
    big.load_jwks(&data("yahoo_shaped.json")).unwrap();
    big.load_jwks(&data("set32.json")).unwrap();
    assert_eq!((big.len(), big.skipped_keys().len()), (32, 0));
    assert_eq!(outcome(&big, &doc, token), "unknown_kid");
}

#[test]
fn skipped_records_are_bounded() {
    let enc = |i: usize| {
        format!(
            r#"{{"kty":"OKP","crv":"X25519","kid":"x{i}","x":"hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo"}}"#
        )
    };
    let ed = r#"{"kty":"OKP","crv":"Ed25519","kid":"ed","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
    let mut members: Vec<String> = (0..MAX_SKIPPED_KEYS + 2).map(enc).collect();
    members.push(ed.to_owned());
    let doc = format!(r#"{{"keys":[{}]}}"#, members.join(","));
    let mut keys = KeySet::new();
    let report = keys.load_jwks(doc.as_bytes()).unwrap();
    assert_eq!((report.added, report.skipped), (1, MAX_SKIPPED_KEYS + 2));
    let kids: Vec<_> = keys.skipped_keys().iter().map(|k| k.kid()).collect();
    let want: Vec<String> = (0..MAX_SKIPPED_KEYS).map(|i| format!("x{i}")).collect();
    assert_eq!(
        kids,
        want.iter().map(|s| Some(s.as_str())).collect::<Vec<_>>()
    );
}
