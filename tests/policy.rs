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
    let mut scratch = vec![0u8; scratch_len(token.len())];
    verify(token.as_bytes(), &keys(), policy, NOW, &mut scratch).map(|_| ())
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
    let ec = ec.replace("RS256", "ES256");
    assert_eq!(ks.add_jwk(ec.as_bytes()), Err(Error::InvalidKey));
    // An RSA key of 1024 bits: weak, but first not an ES256 key.
    let weak = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/fixtures/jwks_weak.json"
    ))
    .unwrap();
    let v: serde_json::Value = serde_json::from_str(&weak).unwrap();
    let mut jwk = v["keys"][0].clone();
    assert_eq!(ks.add_jwk(jwk.to_string().as_bytes()), Err(Error::WeakKey));
    jwk["alg"] = "ES256".into();
    assert_eq!(
        ks.add_jwk(jwk.to_string().as_bytes()),
        Err(Error::UnsupportedAlg)
    );
    let okp = r#"{"kty":"OKP","crv":"Ed25519","alg":"ES256","x":"AAAA"}"#;
    assert_eq!(ks.add_jwk(okp.as_bytes()), Err(Error::UnsupportedAlg));
}
