//! Shared by `benches/verify.rs`, `benches/peers.rs` and `benches/stack.rs`: the fixture
//! tokens and keys (`tests/data/fixtures/`), the policy they assume, and HS256 re-signing of
//! the large payloads for the size sweep.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use base64ct::{Base64UrlUnpadded, Encoding as _};
use hmac::{KeyInit as _, Mac as _};
use idgate::{Alg, AlgSet, KeySet, Policy};
use serde_json::Value;

pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/fixtures")
        .join(name)
}

pub fn data(name: &str) -> Vec<u8> {
    std::fs::read(fixture_path(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

pub fn json(name: &str) -> Value {
    serde_json::from_slice(&data(name)).unwrap()
}

pub fn b64d(s: &str) -> Vec<u8> {
    Base64UrlUnpadded::decode_vec(s).unwrap()
}

pub fn b64e(b: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(b)
}

/// One benchmark case: a fixture token and the key that signed it.
#[derive(Clone, Debug)]
pub struct Case {
    /// Row label in the tables, e.g. `RS256-2048`.
    pub label: &'static str,
    pub alg: Alg,
    pub token: String,
    /// JWKS file of the fixture case.
    pub jwks: String,
    /// The signing key's JWK (from `jwks`), `None` for HS256.
    pub jwk: Option<Value>,
    pub hmac: bool,
}

impl Case {
    pub fn signing_input(&self) -> &[u8] {
        let dot = self.token.rfind('.').unwrap();
        &self.token.as_bytes()[..dot]
    }

    pub fn signature(&self) -> Vec<u8> {
        let dot = self.token.rfind('.').unwrap();
        b64d(&self.token[dot + 1..])
    }

    pub fn header(&self) -> Value {
        let h = self.token.split('.').next().unwrap();
        serde_json::from_slice(&b64d(h)).unwrap()
    }

    pub fn payload(&self) -> Vec<u8> {
        b64d(self.token.split('.').nth(1).unwrap())
    }

    /// A member of the signing key's JWK, base64url-decoded.
    pub fn jwk_bytes(&self, member: &str) -> Vec<u8> {
        b64d(self.jwk_str(member))
    }

    pub fn jwk_str(&self, member: &str) -> &str {
        self.jwk.as_ref().unwrap()[member].as_str().unwrap()
    }

    /// The key set idgate verifies this case with: the case's whole JWKS (plus the HMAC
    /// secret), exactly as the fixture test loads it.
    pub fn keyset(&self) -> KeySet {
        let mut ks = KeySet::new();
        ks.load_jwks(&data(&self.jwks)).unwrap();
        if self.hmac {
            ks.add_hmac(&hmac_secret()).unwrap();
        }
        ks
    }
}

pub fn hmac_secret() -> Vec<u8> {
    data("hmac_secret.bin")
}

/// The fixtures' common parameters.
pub struct Env {
    pub now: u64,
    pub issuer: String,
    pub client_id: String,
    pub nonce: String,
    cases: BTreeMap<String, Value>,
}

impl Env {
    pub fn load() -> Env {
        let main = json("tokens.json");
        let large = json("tokens_large.json");
        let mut cases = BTreeMap::new();
        for doc in [&main, &large] {
            for c in doc["cases"].as_array().unwrap() {
                cases.insert(c["name"].as_str().unwrap().to_owned(), c.clone());
            }
        }
        Env {
            now: main["now"].as_u64().unwrap(),
            issuer: main["issuer"].as_str().unwrap().to_owned(),
            client_id: main["client_id"].as_str().unwrap().to_owned(),
            nonce: main["nonce"].as_str().unwrap().to_owned(),
            cases,
        }
    }

    /// The ID-token policy every fixture case assumes (leeway 0, nonce), with HS* allowed
    /// when `symmetric`.
    pub fn policy(&self, symmetric: bool) -> Policy<'_> {
        let p = Policy::id_token(&self.issuer, &self.client_id)
            .with_nonce(&self.nonce)
            .with_leeway(0);
        if symmetric {
            p.with_algs(AlgSet::ASYMMETRIC.union(AlgSet::SYMMETRIC))
        } else {
            p
        }
    }

    pub fn case(&self, label: &'static str, fixture: &str) -> Case {
        let c = &self.cases[fixture];
        assert_eq!(c["expect"], "valid", "{fixture}");
        let token = c["token"].as_str().unwrap().to_owned();
        let jwks = c["jwks"].as_str().unwrap().to_owned();
        let hmac = c["hmac"] == true;
        let mut case = Case {
            label,
            alg: Alg::HS256,
            token,
            jwks,
            jwk: None,
            hmac,
        };
        let header = case.header();
        case.alg = Alg::from_name(header["alg"].as_str().unwrap().as_bytes()).unwrap();
        if !case.alg.is_symmetric() {
            let kid = header["kid"].as_str().unwrap();
            let set = json(&case.jwks);
            case.jwk = set["keys"]
                .as_array()
                .unwrap()
                .iter()
                .find(|k| k["kid"] == kid)
                .cloned();
            assert!(case.jwk.is_some(), "{fixture}: no key {kid}");
        }
        case
    }

    /// The algorithms compared with the peers: ~500-1100-byte OIDC ID tokens, and the 10 KiB
    /// token (ES256, 150 group GUIDs and 60 extra claims).
    pub fn algorithm_cases(&self) -> Vec<Case> {
        vec![
            self.case("RS256-2048", "rs256_rsa2048"),
            self.case("RS256-4096", "rs256_rsa4096"),
            self.case("PS256-2048", "ps256_rsa2048"),
            self.case("ES256", "es256"),
            self.case("ES384", "es384"),
            self.case("EdDSA", "eddsa"),
            self.case("HS256", "hs256"),
            self.case("ES256-10KiB", "large_groups"),
        ]
    }

    /// The size sweep: the fixture tokens of about 0.5, 1, 4, 10 and 16 KiB (ES256 as signed
    /// by the fixtures), each also re-signed with HS256 so that the non-signature cost can be
    /// isolated (see `benches/README.md`); the HS256 token is 43 bytes shorter (its
    /// signature segment is 43 characters, ES256's 86).
    pub fn sweep_cases(&self) -> Vec<(Case, Case)> {
        [
            ("0.5KiB", "es256"),
            ("1KiB", "size_1k"),
            ("4KiB", "size_4k"),
            ("10KiB", "large_groups"),
            ("16KiB", "size_16000"),
        ]
        .into_iter()
        .map(|(label, fixture)| {
            let es = self.case(label, fixture);
            let hs = resign_hs256(&es);
            (es, hs)
        })
        .collect()
    }
}

/// The same payload bytes under an HS256 header (`{"alg":"HS256","kid":"hmac","typ":"JWT"}`,
/// as the fixtures' HS256 tokens have), signed with `hmac_secret.bin`.
pub fn resign_hs256(case: &Case) -> Case {
    let header = b64e(br#"{"alg":"HS256","kid":"hmac","typ":"JWT"}"#);
    let payload = case.token.split('.').nth(1).unwrap();
    let input = format!("{header}.{payload}");
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&hmac_secret()).unwrap();
    mac.update(input.as_bytes());
    let tag = mac.finalize().into_bytes();
    Case {
        label: case.label,
        alg: Alg::HS256,
        token: format!("{input}.{}", b64e(&tag)),
        jwks: "jwks.json".to_owned(),
        jwk: None,
        hmac: true,
    }
}

/// The 4-key JWKS of the `jwks` benchmark: rsa-2048, rsa-4096, ec-p256 and ed25519 from the
/// fixtures' `jwks.json`, as an identity provider would publish them.
pub fn jwks_4() -> Vec<u8> {
    let set = json("jwks.json");
    let keys: Vec<Value> = set["keys"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|k| {
            matches!(
                k["kid"].as_str(),
                Some("rsa-2048" | "rsa-4096" | "ec-p256" | "ed25519")
            )
        })
        .cloned()
        .collect();
    assert_eq!(keys.len(), 4);
    serde_json::to_vec(&serde_json::json!({ "keys": keys })).unwrap()
}
