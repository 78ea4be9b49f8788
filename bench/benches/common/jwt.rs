//! jsonwebtoken 11 as its users call it, shared by `benches/peers.rs` (`rust_crypto` backend)
//! and `benches/peers_aws_lc.rs` (`aws_lc_rs` backend): the backend is the process's
//! `CryptoProvider`, installed once per process.

use std::hint::black_box;
use std::time::{SystemTime, UNIX_EPOCH};

use idgate::Alg;
use serde::Deserialize;

use super::{Case, Check, Env};

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

pub fn jsonwebtoken_full<'a>(env: &'a Env, case: &'a Case) -> Check<'a> {
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
            DecodingKey::from_secret(&super::hmac_secret()),
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
