//! Our generated fixtures (`tests/data/fixtures/`, made by `generate.py`): every algorithm and
//! key size, each claim rule on its accept and reject side, hostile JSON.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects,
    missing_docs
)]

use std::collections::BTreeMap;

use idgate::{AlgSet, Error, KeySet, Policy, Verified, scratch_len, verify};
use serde_json::Value;

fn data(path: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/data/fixtures/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn json(path: &str) -> Value {
    serde_json::from_slice(&data(path)).unwrap()
}

struct Env {
    doc: Value,
    now: u64,
}

impl Env {
    fn new() -> Env {
        let doc = json("tokens.json");
        let now = doc["now"].as_u64().unwrap();
        Env { doc, now }
    }
    fn s(&self, k: &str) -> &str {
        self.doc[k].as_str().unwrap()
    }
}

fn keyset(case: &Value) -> KeySet<16> {
    let mut ks = KeySet::new();
    ks.load_jwks(&data(case["jwks"].as_str().unwrap())).unwrap();
    if case["hmac"] == true {
        let file = case
            .get("hmac_secret")
            .and_then(Value::as_str)
            .unwrap_or("hmac_secret.bin");
        ks.add_hmac(&data(file)).unwrap();
    }
    ks
}

fn check<'b>(
    token: &str,
    ks: &KeySet<16>,
    policy: &Policy<'_>,
    now: u64,
    scratch: &'b mut Vec<u8>,
) -> Result<Verified<'b>, Error> {
    scratch.resize(scratch_len(token.len()), 0);
    verify(token.as_bytes(), ks, policy, now, scratch)
}

#[test]
fn every_fixture_case_has_its_exact_outcome() {
    let env = Env::new();
    let nonce = env.s("nonce");
    // The fixtures state their outcomes for a zero leeway (exp == now is expired).
    let id = Policy::id_token(env.s("issuer"), env.s("client_id"))
        .with_nonce(nonce)
        .with_algs(AlgSet::ALL)
        .with_leeway(0);
    let access = Policy::access_token(env.s("issuer"), env.s("client_id"))
        .with_algs(AlgSet::ALL)
        .with_leeway(0);
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for case in env.doc["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let policy = if case["profile"] == "access_token" {
            &access
        } else {
            &id
        };
        let ks = keyset(case);
        let mut scratch = Vec::new();
        let got = check(
            case["token"].as_str().unwrap(),
            &ks,
            policy,
            env.now,
            &mut scratch,
        );
        let got_code = match &got {
            Ok(_) => "valid",
            Err(e) => e.code(),
        };
        let want = case["expect"].as_str().unwrap();
        if got_code != want {
            failures.push(format!("{name}: got {got_code}, want {want}"));
        }
        *counts.entry(want.to_owned()).or_default() += 1;
    }
    println!("fixture outcomes: {counts:?}");
    assert!(failures.is_empty(), "{failures:#?}");
    // Every declared outcome, counted: a case that goes missing from the fixtures fails here.
    let want_counts: BTreeMap<String, usize> = [
        ("valid", 38),
        ("key_mismatch", 3),
        ("bad_signature", 2),
        ("expired", 2),
        ("not_yet_valid", 2),
        ("nonce_mismatch", 2),
        ("crit_unsupported", 2),
        ("malformed", 2),
        ("too_large", 2),
        ("weak_key", 1),
        ("unsupported_alg", 1),
        ("unknown_kid", 1),
        ("invalid_claim", 1),
        ("missing_claim", 1),
        ("issuer_mismatch", 1),
        ("audience_mismatch", 1),
        ("azp_mismatch", 1),
    ]
    .into_iter()
    .map(|(k, n)| (k.to_owned(), n))
    .collect();
    assert_eq!(counts, want_counts);
    assert_eq!(counts.values().sum::<usize>(), 63);
}

#[test]
fn decoded_claims_of_the_escaped_cases() {
    let env = Env::new();
    let policy = Policy::id_token(env.s("issuer"), env.s("client_id")).with_nonce(env.s("nonce"));
    let cases = env.doc["cases"].as_array().unwrap();
    let find = |n: &str| cases.iter().find(|c| c["name"] == n).unwrap();
    for name in [
        "escaped_iss_solidus",
        "escaped_sub_unicode",
        "escaped_nonce",
    ] {
        let case = find(name);
        let ks = keyset(case);
        let token = case["token"].as_str().unwrap();
        let mut scratch = Vec::new();
        let v = check(token, &ks, &policy, env.now, &mut scratch).unwrap();
        // The raw payload really has the escapes; the view has the decoded values.
        let payload: Value = serde_json::from_slice(v.claims.json()).unwrap();
        assert_eq!(v.claims.iss(), payload["iss"].as_str());
        assert_eq!(v.claims.sub(), payload["sub"].as_str());
        assert_eq!(v.claims.nonce(), Some(env.s("nonce")));
        assert_eq!(v.claims.iss(), Some("https://issuer.example.com"));
        if name == "escaped_sub_unicode" {
            let sub = v.claims.sub().unwrap();
            assert!(sub.contains('\u{e6}') && sub.contains('\u{1F600}'), "{sub}");
        }
        assert!(
            std::str::from_utf8(v.claims.json()).unwrap().contains('\\'),
            "{name}"
        );
    }
}

#[test]
fn the_claims_view_of_a_standard_id_token() {
    let env = Env::new();
    let cases = env.doc["cases"].as_array().unwrap();
    let case = cases.iter().find(|c| c["name"] == "es256").unwrap();
    let ks = keyset(case);
    let policy = Policy::id_token(env.s("issuer"), env.s("client_id")).with_nonce(env.s("nonce"));
    let mut scratch = Vec::new();
    let v = check(
        case["token"].as_str().unwrap(),
        &ks,
        &policy,
        env.now,
        &mut scratch,
    )
    .unwrap();
    let c = v.claims;
    assert_eq!(v.header.alg, idgate::Alg::ES256);
    assert_eq!(v.header.kid, Some("ec-p256"));
    assert_eq!(v.header.typ, Some("JWT"));
    assert_eq!(c.iss(), Some("https://issuer.example.com"));
    assert_eq!(c.sub(), Some("user-42"));
    assert_eq!(c.aud().iter().collect::<Vec<_>>(), ["client-123"]);
    assert_eq!(c.azp(), Some("client-123"));
    assert_eq!(c.exp().map(|d| d.floor), Some(env.now + 3600));
    assert_eq!(c.iat().map(|d| d.floor), Some(env.now - 60));
    assert_eq!(c.auth_time().map(|d| d.floor), Some(env.now - 120));
    assert_eq!(c.acr(), Some("urn:mace:incommon:iap:silver"));
    assert_eq!(c.amr().iter().collect::<Vec<_>>(), ["pwd", "mfa"]);
    assert!(c.sid().is_some() && c.jti().is_some());
    assert_eq!(c.raw("amr"), Some(&br#"["pwd","mfa"]"#[..]));
    assert_eq!(c.raw("nope"), None);
    // The same token under other policies: each rule on its reject side.
    let at = |p: Policy<'_>, now: u64| {
        let mut s = Vec::new();
        check(case["token"].as_str().unwrap(), &ks, &p, now, &mut s).map(|_| ())
    };
    let base = || Policy::id_token(env.s("issuer"), env.s("client_id"));
    assert_eq!(at(base(), env.now), Ok(()));
    assert_eq!(
        at(base().with_nonce("other"), env.now),
        Err(Error::NonceMismatch)
    );
    assert_eq!(
        at(base().with_acr_values(&["urn:gold"]), env.now),
        Err(Error::AcrNotAllowed)
    );
    assert_eq!(
        at(
            base().with_acr_values(&["urn:gold", "urn:mace:incommon:iap:silver"]),
            env.now
        ),
        Ok(())
    );
    // auth_time = now - 120: max_age 60 with leeway 60 is exactly the limit.
    assert_eq!(at(base().with_max_age(60), env.now), Ok(()));
    assert_eq!(at(base().with_max_age(59), env.now), Err(Error::AuthTooOld));
    assert_eq!(at(base().with_max_age(59), env.now - 1), Ok(()));
    assert_eq!(
        at(base().with_typ("at+jwt"), env.now),
        Err(Error::TypMismatch)
    );
    assert_eq!(
        at(
            Policy::access_token(env.s("issuer"), env.s("client_id")),
            env.now
        ),
        Err(Error::TypMismatch)
    );
    assert_eq!(
        at(base().with_algs(AlgSet::only(idgate::Alg::RS256)), env.now),
        Err(Error::AlgNotAllowed)
    );
    // exp = now + 3600; with the default leeway of 60 it is accepted until exp + 59.
    assert_eq!(at(base(), env.now + 3600 + 59), Ok(()));
    assert_eq!(at(base(), env.now + 3600 + 60), Err(Error::Expired));
    assert_eq!(
        at(base().with_leeway(0), env.now + 3600),
        Err(Error::Expired)
    );
    assert_eq!(at(base().with_leeway(0), env.now + 3599), Ok(()));
    // iat = now - 60: a clock 61 s behind with no leeway sees it in the future.
    assert_eq!(
        at(base().with_leeway(0), env.now - 61),
        Err(Error::NotYetValid)
    );
    let mut other_iss = base();
    other_iss.issuer = Some("https://issuer.example.com/");
    assert_eq!(at(other_iss, env.now), Err(Error::IssuerMismatch));
    let mut multi = base();
    multi.issuer = Some("https://a.example");
    multi.other_issuers = &["https://b.example", "https://issuer.example.com"];
    assert_eq!(at(multi, env.now), Ok(()));
    let mut required = base();
    required.required_names = &["sid", "nope"];
    assert_eq!(at(required, env.now), Err(Error::MissingClaim));
    // Too small a scratch buffer is a clear error, not a truncation.
    let token = case["token"].as_str().unwrap();
    let mut small = vec![0u8; scratch_len(token.len()) / 2];
    assert_eq!(
        verify(token.as_bytes(), &ks, &base(), env.now, &mut small).err(),
        Some(Error::BufferTooSmall)
    );
}

#[test]
fn large_tokens_and_the_size_limit() {
    let env = Env::new();
    let doc = json("tokens_large.json");
    let policy = Policy::id_token(env.s("issuer"), env.s("client_id")).with_nonce(env.s("nonce"));
    let (mut n, mut valid) = (0, 0);
    for case in doc["cases"].as_array().unwrap() {
        let ks = keyset(case);
        let token = case["token"].as_str().unwrap();
        let mut scratch = Vec::new();
        let got = check(token, &ks, &policy, env.now, &mut scratch).map(|_| ());
        let want = case["expect"].as_str().unwrap();
        assert_eq!(
            got.err().map_or("valid", |e| e.code()),
            want,
            "{}",
            case["name"]
        );
        n += 1;
        valid += usize::from(want == "valid");
    }
    // Five valid large tokens and one over the limit.
    assert_eq!((n, valid), (6, 5));
    // One byte over the limit is refused before any work.
    let big = "a".repeat(idgate::limits::MAX_TOKEN_LEN + 1);
    let ks = KeySet::<16>::new();
    let mut scratch = Vec::new();
    assert_eq!(
        check(&big, &ks, &policy, env.now, &mut scratch).err(),
        Some(Error::TooLarge)
    );
}

#[test]
fn jwks_documents() {
    let mut ks: KeySet<16> = KeySet::new();
    let report = ks.load_jwks(&data("jwks_mixed.json")).unwrap();
    // 3 usable keys; 6 skipped (a `use:"enc"` RSA key among them: accepting it fails here).
    assert_eq!((report.added, report.skipped), (3, 6), "{report:?}");
    let mut weak: KeySet<16> = KeySet::new();
    assert_eq!(weak.load_jwks(&data("jwks_weak.json")), Err(Error::WeakKey));
    let mut small: KeySet<2> = KeySet::new();
    assert_eq!(small.load_jwks(&data("jwks.json")), Err(Error::KeySetFull));
    assert!(small.is_empty());
}
