//! The token profiles and the policy rules (issue #13): each rule on its accept and its
//! reject side, with exact outcomes. Tokens are signed here with HS256 so each case states
//! its own header and claims byte for byte.
#![cfg(feature = "hmac")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects,
    missing_docs
)]

use base64ct::{Base64UrlUnpadded, Encoding};
use hmac::{KeyInit, Mac};
use idgate::{AlgSet, Error, KeySet, Policy, scratch_len, verify};

const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";
const NOW: u64 = 1_767_225_600;
const ISS: &str = "https://issuer.example.com";

fn b64(bytes: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(bytes)
}

/// A compact HS256 JWS over the exact header and payload bytes.
fn sign(header: &str, payload: &str) -> String {
    sign_b64(&b64(header.as_bytes()), &b64(payload.as_bytes()))
}

/// A compact HS256 JWS over already-encoded segments.
fn sign_b64(header: &str, payload: &str) -> String {
    let input = format!("{header}.{payload}");
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET).unwrap();
    mac.update(input.as_bytes());
    format!("{input}.{}", b64(&mac.finalize().into_bytes()))
}

fn keys() -> KeySet {
    let mut ks = KeySet::new();
    ks.add_hmac(SECRET).unwrap();
    ks
}

fn hs(p: Policy<'_>) -> Policy<'_> {
    p.with_algs(AlgSet::SYMMETRIC)
}

/// Verifies and returns the outcome without the view.
fn run(token: &str, policy: &Policy<'_>) -> Result<(), Error> {
    run_with(token, policy, &keys())
}

fn run_with(token: &str, policy: &Policy<'_>, keys: &KeySet) -> Result<(), Error> {
    let mut scratch = vec![0u8; scratch_len(token.len())];
    verify(token.as_bytes(), keys, policy, NOW, &mut scratch).map(|_| ())
}

/// The key set of the HS384 tokens (`sign384`).
fn keys384() -> KeySet {
    let mut ks = KeySet::new();
    ks.add_hmac(&[7u8; 48]).unwrap();
    ks
}

const EXP: u64 = NOW + 600;
const IAT: u64 = NOW - 10;

fn claims(extra: &str) -> String {
    format!(r#"{{"iss":"{ISS}","sub":"u1","exp":{EXP},"iat":{IAT}{extra}}}"#)
}

// A.1: `azp` is an ID-token rule (OIDC Core 3.1.3.7), not an access-token one (RFC 9068).
#[test]
fn azp_is_checked_for_id_tokens_only() {
    let at = sign(
        r#"{"alg":"HS256","typ":"at+jwt"}"#,
        &claims(
            r#","aud":"https://api.example.com","azp":"client-1","client_id":"client-1","jti":"j1""#,
        ),
    );
    let access = hs(Policy::access_token(ISS, "https://api.example.com"));
    assert_eq!(run(&at, &access), Ok(()));

    let id = sign(
        r#"{"alg":"HS256"}"#,
        &claims(r#","aud":["client-1","other"],"azp":"other""#),
    );
    assert_eq!(
        run(&id, &hs(Policy::id_token(ISS, "client-1"))),
        Err(Error::AzpMismatch)
    );
    let id = sign(
        r#"{"alg":"HS256"}"#,
        &claims(r#","aud":["client-1","other"],"azp":"client-1""#),
    );
    assert_eq!(run(&id, &hs(Policy::id_token(ISS, "client-1"))), Ok(()));
}

// A.2: an ID token's `typ` is absent, `JWT` or `application/jwt` (RFC 8725 §3.11).
#[test]
fn id_token_typ_is_jwt_or_absent() {
    let id = hs(Policy::id_token(ISS, "client-1"));
    let body = claims(r#","aud":"client-1""#);
    for typ in [
        None,
        Some("JWT"),
        Some("jwt"),
        Some("application/jwt"),
        Some("Application/JWT"),
    ] {
        let header = match typ {
            Some(t) => format!(r#"{{"alg":"HS256","typ":"{t}"}}"#),
            None => r#"{"alg":"HS256"}"#.to_owned(),
        };
        assert_eq!(run(&sign(&header, &body), &id), Ok(()), "{typ:?}");
    }
    for typ in [
        "logout+jwt",
        "at+jwt",
        "application/at+jwt",
        "secevent+jwt",
        "JOSE",
        "dpop+jwt",
        "",
    ] {
        let header = format!(r#"{{"alg":"HS256","typ":"{typ}"}}"#);
        assert_eq!(
            run(&sign(&header, &body), &id),
            Err(Error::TypMismatch),
            "{typ}"
        );
    }
}

// A.3: duplicate `crit` names are malformed (and the check is linear in the header).
#[test]
fn crit_duplicates_are_malformed() {
    let mut p = hs(Policy::id_token(ISS, "client-1"));
    let ext: &[&str] = &["ext", "ext2"];
    p.critical_extensions = ext;
    let body = claims(r#","aud":"client-1""#);
    let ok = sign(
        r#"{"alg":"HS256","crit":["ext","ext2"],"ext":1,"ext2":2}"#,
        &body,
    );
    assert_eq!(run(&ok, &p), Ok(()));
    let dup = sign(
        r#"{"alg":"HS256","crit":["ext","ext2","ext"],"ext":1,"ext2":2}"#,
        &body,
    );
    assert_eq!(run(&dup, &p), Err(Error::Malformed));
    let dup = sign(
        r#"{"alg":"HS256","crit":["ext","e\u0078t"],"ext":1}"#,
        &body,
    );
    assert_eq!(run(&dup, &p), Err(Error::Malformed));
    // An 11 KB header (15 KB encoded) of repeated entries, as in the issue: refused at the
    // second entry.
    let many = vec![r#""ext""#; 1800].join(",");
    let big = sign(
        &format!(r#"{{"alg":"HS256","crit":[{many}],"ext":1}}"#),
        &body,
    );
    assert!(big.len() <= idgate::limits::MAX_TOKEN_LEN, "{}", big.len());
    let start = std::time::Instant::now();
    assert_eq!(run(&big, &p), Err(Error::Malformed));
    assert!(start.elapsed() < std::time::Duration::from_secs(1));
}

// A.4: member counts are bounded only by the token length.
#[test]
fn many_members_are_accepted() {
    let mut extra = String::from(r#","aud":"client-1""#);
    for i in 0..130 {
        extra.push_str(&format!(r#","c{i}":{i}"#));
    }
    let id = hs(Policy::id_token(ISS, "client-1"));
    let t = sign(r#"{"alg":"HS256"}"#, &claims(&extra));
    assert_eq!(run(&t, &id), Ok(()));
    // Keycloak: `resource_access` with 120 clients, next to the top-level claims.
    let mut ra = String::new();
    for i in 0..120 {
        if i > 0 {
            ra.push(',');
        }
        ra.push_str(&format!(r#""client-{i}":{{"roles":["r"]}}"#));
    }
    let mut extra = String::from(r#","aud":"client-1","azp":"client-1""#);
    for i in 0..20 {
        extra.push_str(&format!(r#","k{i}":true"#));
    }
    let t = sign(
        r#"{"alg":"HS256"}"#,
        &claims(&format!(r#"{extra},"resource_access":{{{ra}}}"#)),
    );
    assert_eq!(run(&t, &id), Ok(()));
    // Duplicates are still found in large objects, at every position.
    for dup in [0, 31, 32, 64, 129, 300, 899] {
        let mut extra = String::from(r#","aud":"client-1""#);
        for i in 0..900 {
            extra.push_str(&format!(r#","c{i}":0"#));
        }
        // The name `c{dup}`, its first digit escaped.
        let digits = dup.to_string();
        extra.push_str(&format!(r#","c\u003{}":1"#, digits));
        let t = sign(r#"{"alg":"HS256"}"#, &claims(&extra));
        assert!(t.len() <= idgate::limits::MAX_TOKEN_LEN, "{}", t.len());
        assert_eq!(run(&t, &id), Err(Error::Malformed), "{dup}");
    }
    // The same in a nested object.
    let mut inner = String::from(r#""x":0"#);
    for i in 0..1000 {
        inner.push_str(&format!(r#","n{i}":0"#));
    }
    let t = sign(
        r#"{"alg":"HS256"}"#,
        &claims(&format!(r#","aud":"client-1","o":{{{inner}}}"#)),
    );
    assert_eq!(run(&t, &id), Ok(()));
    let t = sign(
        r#"{"alg":"HS256"}"#,
        &claims(&format!(r#","aud":"client-1","o":{{{inner},"n500":1}}"#)),
    );
    assert_eq!(run(&t, &id), Err(Error::Malformed));
}

// A.5: every segment is decoded before the signature is checked (RFC 7515 §5.2).
#[test]
fn segments_are_decoded_before_the_signature() {
    let id = hs(Policy::id_token(ISS, "client-1"));
    let h = b64(br#"{"alg":"HS256"}"#);
    let bad_sig = b64(&[0u8; 32]);
    // Whitespace in the payload segment, with a signature that does not verify.
    let t = format!("{h}.eyJ zdWIiOiJ4In0.{bad_sig}");
    assert_eq!(run(&t, &id), Err(Error::Malformed));
    // An empty payload is no JWT.
    let t = format!("{h}..{bad_sig}");
    assert_eq!(run(&t, &id), Err(Error::Malformed));
    // Even signed correctly.
    let t = sign_b64(&h, "");
    assert_eq!(run(&t, &id), Err(Error::Malformed));
    // A well-formed payload with a wrong signature is a bad signature.
    let t = format!(
        "{h}.{}.{bad_sig}",
        b64(claims(r#","aud":"client-1""#).as_bytes())
    );
    assert_eq!(run(&t, &id), Err(Error::BadSignature));
}

// A.6: a JWK whose `alg` does not fit its key type is refused before its key is built.
#[test]
fn jwk_alg_is_checked_before_the_key_is_built() {
    let mut ks: KeySet = KeySet::new();
    // Not a point on P-256: building it would say invalid_key.
    let ec = r#"{"kty":"EC","crv":"P-256","alg":"RS256","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","y":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#;
    assert_eq!(ks.add_jwk(ec.as_bytes()), Err(Error::UnsupportedAlg));
    // With a fitting alg the key is built, and refused for its point (in a build with P-256).
    #[cfg(feature = "es256")]
    {
        let ec = ec.replace("RS256", "ES256");
        assert_eq!(ks.add_jwk(ec.as_bytes()), Err(Error::InvalidKey));
    }
    // An RSA key of 1024 bits: weak, but first not an ES256 key.
    let weak = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/fixtures/jwks_weak.json"
    ))
    .unwrap();
    let v: serde_json::Value = serde_json::from_str(&weak).unwrap();
    let mut jwk = v["keys"][0].clone();
    #[cfg(feature = "rsa")]
    assert_eq!(ks.add_jwk(jwk.to_string().as_bytes()), Err(Error::WeakKey));
    jwk["alg"] = "ES256".into();
    assert_eq!(
        ks.add_jwk(jwk.to_string().as_bytes()),
        Err(Error::UnsupportedAlg)
    );
    let okp = r#"{"kty":"OKP","crv":"Ed25519","alg":"ES256","x":"AAAA"}"#;
    assert_eq!(ks.add_jwk(okp.as_bytes()), Err(Error::UnsupportedAlg));
}

// B.1: at_hash and c_hash (OIDC Core 3.1.3.8, 3.3.2.11), with the values of OIDC Core A.3
// and A.4 (RS256 there; HS256 hashes with SHA-256 too).
#[test]
fn at_hash_and_c_hash() {
    const AT: &str = "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y";
    const CODE: &str = "Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk";
    let h = r#"{"alg":"HS256"}"#;
    let both = sign(
        h,
        &claims(
            r#","aud":"client-1","at_hash":"77QmUPtjPfzWtF2AnpK9RQ","c_hash":"LDktKdoQak3Pk0cnXxCltA""#,
        ),
    );
    let none = sign(h, &claims(r#","aud":"client-1""#));
    let id = hs(Policy::id_token(ISS, "client-1"));
    assert_eq!(
        run(&both, &id.with_access_token(AT, true).with_code(CODE, true)),
        Ok(())
    );
    assert_eq!(run(&both, &id), Ok(()));
    assert_eq!(
        run(&both, &id.with_access_token("another-token", false)),
        Err(Error::AtHashMismatch)
    );
    assert_eq!(
        run(&both, &id.with_code("another-code", false)),
        Err(Error::CHashMismatch)
    );
    assert_eq!(
        run(
            &none,
            &id.with_access_token(AT, false).with_code(CODE, false)
        ),
        Ok(())
    );
    assert_eq!(
        run(&none, &id.with_access_token(AT, true)),
        Err(Error::MissingClaim)
    );
    assert_eq!(
        run(&none, &id.with_code(CODE, true)),
        Err(Error::MissingClaim)
    );
    let number = sign(h, &claims(r#","aud":"client-1","at_hash":1"#));
    assert_eq!(
        run(&number, &id.with_access_token(AT, false)),
        Err(Error::InvalidClaim)
    );
    // The hash follows the header alg: HS384 takes SHA-384, whose left half is 24 bytes.
    let h384 = r#"{"alg":"HS384"}"#;
    let want = idgate::token_hash(idgate::Alg::HS384, AT.as_bytes()).unwrap();
    assert_eq!(want.as_str().len(), 32);
    let t = sign384(
        h384,
        &claims(&format!(r#","aud":"client-1","at_hash":"{want}""#)),
    );
    let id384 = Policy::id_token(ISS, "client-1").with_algs(AlgSet::SYMMETRIC);
    assert_eq!(
        run_with(&t, &id384.with_access_token(AT, true), &keys384()),
        Ok(())
    );
    let sha256_half = idgate::token_hash(idgate::Alg::HS256, AT.as_bytes()).unwrap();
    let t = sign384(
        h384,
        &claims(&format!(r#","aud":"client-1","at_hash":"{sha256_half}""#)),
    );
    assert_eq!(
        run_with(&t, &id384.with_access_token(AT, true), &keys384()),
        Err(Error::AtHashMismatch)
    );
}

/// A compact HS384 JWS.
fn sign384(header: &str, payload: &str) -> String {
    let input = format!("{}.{}", b64(header.as_bytes()), b64(payload.as_bytes()));
    let mut mac = hmac::Hmac::<sha2::Sha384>::new_from_slice(&[7u8; 48]).unwrap();
    mac.update(input.as_bytes());
    format!("{input}.{}", b64(&mac.finalize().into_bytes()))
}

const EVENT: &str = r#""events":{"http://schemas.openid.net/event/backchannel-logout":{}}"#;

// B.2: Back-Channel Logout tokens (OpenID Connect Back-Channel Logout 1.0 §2.4, §2.6).
#[test]
fn logout_tokens() {
    let p = hs(Policy::logout_token(ISS, "client-1"));
    let lt = |typ: Option<&str>, body: &str| {
        let header = match typ {
            Some(t) => format!(r#"{{"alg":"HS256","typ":"{t}"}}"#),
            None => r#"{"alg":"HS256"}"#.to_owned(),
        };
        sign(
            &header,
            &format!(r#"{{"iss":"{ISS}","aud":"client-1","iat":{IAT}{body}}}"#),
        )
    };
    let good = format!(r#","jti":"bWJq","sub":"248289761001","sid":"08a5019c",{EVENT}"#);
    assert_eq!(run(&lt(Some("logout+jwt"), &good), &p), Ok(()));
    assert_eq!(run(&lt(Some("application/logout+jwt"), &good), &p), Ok(()));
    assert_eq!(run(&lt(None, &good), &p), Ok(()));
    assert_eq!(run(&lt(Some("JWT"), &good), &p), Err(Error::TypMismatch));
    let strict = p.with_typ("logout+jwt");
    assert_eq!(run(&lt(None, &good), &strict), Err(Error::TypMismatch));
    assert_eq!(run(&lt(Some("logout+jwt"), &good), &strict), Ok(()));
    // exp: checked when present, not required.
    let expired = format!(r#"{good},"exp":{}"#, NOW - 3600);
    assert_eq!(run(&lt(None, &expired), &p), Err(Error::Expired));
    let fresh = format!(r#"{good},"exp":{EXP}"#);
    assert_eq!(run(&lt(None, &fresh), &p), Ok(()));
    // sub and/or sid.
    let sid_only = format!(r#","jti":"j","sid":"08a5019c",{EVENT}"#);
    assert_eq!(run(&lt(None, &sid_only), &p), Ok(()));
    let sub_only = format!(r#","jti":"j","sub":"u",{EVENT}"#);
    assert_eq!(run(&lt(None, &sub_only), &p), Ok(()));
    let neither = format!(r#","jti":"j",{EVENT}"#);
    assert_eq!(run(&lt(None, &neither), &p), Err(Error::MissingClaim));
    // jti and iat required.
    let no_jti = format!(r#","sub":"u",{EVENT}"#);
    assert_eq!(run(&lt(None, &no_jti), &p), Err(Error::MissingClaim));
    let no_iat = sign(
        r#"{"alg":"HS256"}"#,
        &format!(r#"{{"iss":"{ISS}","aud":"client-1","jti":"j","sub":"u",{EVENT}}}"#),
    );
    assert_eq!(run(&no_iat, &p), Err(Error::MissingClaim));
    // events.
    let no_events = r#","jti":"j","sub":"u""#;
    assert_eq!(run(&lt(None, no_events), &p), Err(Error::MissingClaim));
    for events in [
        r#""events":[]"#,
        r#""events":"http://schemas.openid.net/event/backchannel-logout""#,
        r#""events":{}"#,
        r#""events":{"http://schemas.openid.net/event/backchannel-logout":true}"#,
        r#""events":{"http://schemas.openid.net/event/backchannel-logout":[]}"#,
    ] {
        let body = format!(r#","jti":"j","sub":"u",{events}"#);
        assert_eq!(
            run(&lt(None, &body), &p),
            Err(Error::InvalidClaim),
            "{events}"
        );
    }
    let escaped = r#","jti":"j","sub":"u","events":{"http:\/\/schemas.openid.net\/event\/backchannel-logout":{"x":1}}"#;
    assert_eq!(run(&lt(None, escaped), &p), Ok(()));
    // nonce is forbidden.
    let nonce = format!(r#"{good},"nonce":"n""#);
    assert_eq!(run(&lt(None, &nonce), &p), Err(Error::InvalidClaim));
    // Audience and issuer as for ID tokens.
    assert_eq!(
        run(&lt(None, &good), &hs(Policy::logout_token(ISS, "client-2"))),
        Err(Error::AudienceMismatch)
    );
    // An ID token is no logout token, and a logout token no ID token.
    let id = sign(
        r#"{"alg":"HS256"}"#,
        &claims(r#","aud":"client-1","jti":"j""#),
    );
    assert_eq!(run(&id, &p), Err(Error::MissingClaim));
    assert_eq!(
        run(
            &lt(Some("logout+jwt"), &good),
            &hs(Policy::id_token(ISS, "client-1"))
        ),
        Err(Error::TypMismatch)
    );
}

// B.3: several issuers, and issuer templates with `{tenantid}` (Microsoft Entra).
#[test]
fn several_issuers_and_templates() {
    const ENTRA: &str = "https://login.microsoftonline.com/{tenantid}/v2.0";
    const TID: &str = "9188040d-6c67-4c5b-b112-36a304b66dad";
    let tok = |iss: &str, tid: Option<&str>| {
        let tid = tid.map_or(String::new(), |t| format!(r#","tid":"{t}""#));
        sign(
            r#"{"alg":"HS256"}"#,
            &format!(r#"{{"iss":"{iss}","sub":"u","aud":"c","exp":{EXP},"iat":{IAT}{tid}}}"#),
        )
    };
    let others: &[&str] = &["https://b.example", "https://c.example"];
    let p = hs(Policy::id_token("https://a.example", "c")).with_other_issuers(others);
    assert_eq!(run(&tok("https://a.example", None), &p), Ok(()));
    assert_eq!(run(&tok("https://c.example", None), &p), Ok(()));
    assert_eq!(
        run(&tok("https://d.example", None), &p),
        Err(Error::IssuerMismatch)
    );

    let entra_iss = format!("https://login.microsoftonline.com/{TID}/v2.0");
    let p = hs(Policy::id_token(ENTRA, "c"));
    assert_eq!(run(&tok(&entra_iss, Some(TID)), &p), Ok(()));
    // The tid must be the one in iss, present, and not empty.
    let other_tid = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    assert_eq!(
        run(&tok(&entra_iss, Some(other_tid)), &p),
        Err(Error::IssuerMismatch)
    );
    assert_eq!(run(&tok(&entra_iss, None), &p), Err(Error::IssuerMismatch));
    let empty = "https://login.microsoftonline.com//v2.0";
    assert_eq!(run(&tok(empty, Some("")), &p), Err(Error::IssuerMismatch));
    // The template itself, literally, is no issuer.
    assert_eq!(run(&tok(ENTRA, Some("{tenantid}")), &p), Ok(()));
    assert_eq!(run(&tok(ENTRA, None), &p), Err(Error::IssuerMismatch));
    let wrong_suffix = format!("https://login.microsoftonline.com/{TID}/v2.0/");
    assert_eq!(
        run(&tok(&wrong_suffix, Some(TID)), &p),
        Err(Error::IssuerMismatch)
    );
    // The allow-list of tenants.
    let tenants: &[&str] = &[TID];
    let p = p.with_tenants(tenants);
    assert_eq!(run(&tok(&entra_iss, Some(TID)), &p), Ok(()));
    let other_iss = format!("https://login.microsoftonline.com/{other_tid}/v2.0");
    assert_eq!(
        run(&tok(&other_iss, Some(other_tid)), &p),
        Err(Error::IssuerMismatch)
    );
    // A template among other issuers.
    let list: &[&str] = &[ENTRA];
    let p = hs(Policy::id_token("https://a.example", "c")).with_other_issuers(list);
    assert_eq!(run(&tok(&other_iss, Some(other_tid)), &p), Ok(()));
}

// B.4: PKCE S256 (RFC 7636 Appendix B).
#[test]
fn pkce_s256_of_rfc7636_appendix_b() {
    let c = idgate::pkce_s256(b"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap();
    assert_eq!(c.as_str(), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    assert_eq!(idgate::pkce_s256(&[b'a'; 42]), Err(Error::Malformed));
    assert_eq!(
        idgate::pkce_s256(b"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk/"),
        Err(Error::Malformed)
    );
}
