//! The borrowed structs into which the base64url + serde_json yardstick decodes an ID token
//! (header and the 12 claims of `jwt::IdClaims`): shared by `peers.rs` and the callgrind
//! harness (`bench/callgrind`, which includes this file by path).

use serde::Deserialize;

/// The ID-token header, borrowed from the decoded bytes.
#[derive(Deserialize)]
#[allow(dead_code)]
pub struct HeaderRef<'a> {
    alg: &'a str,
    #[serde(borrow)]
    kid: Option<&'a str>,
    #[serde(borrow)]
    typ: Option<&'a str>,
}

#[derive(Deserialize)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum AudRef<'a> {
    One(&'a str),
    Many(#[serde(borrow)] Vec<&'a str>),
}

/// The 12 ID-token claims of `common::jwt`'s `IdClaims`, borrowed from the decoded bytes.
#[derive(Deserialize)]
#[allow(dead_code)]
pub struct IdClaimsRef<'a> {
    iss: &'a str,
    sub: &'a str,
    #[serde(borrow)]
    aud: AudRef<'a>,
    exp: u64,
    iat: u64,
    auth_time: Option<u64>,
    #[serde(borrow)]
    nonce: Option<&'a str>,
    #[serde(borrow)]
    azp: Option<&'a str>,
    #[serde(borrow)]
    acr: Option<&'a str>,
    #[serde(borrow)]
    amr: Option<Vec<&'a str>>,
    #[serde(borrow)]
    sid: Option<&'a str>,
    #[serde(borrow)]
    jti: Option<&'a str>,
}
