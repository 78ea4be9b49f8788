//! Shared by every bench: the fixture tokens and keys (`tests/data/fixtures/`), the policy they
//! assume, HS256 re-signing of the large payloads for the size sweep, and the 10 KiB
//! `large_groups` payload re-signed for every algorithm; `jwt` is jsonwebtoken as a peer.
#![allow(dead_code)]

pub mod jwt;
pub mod serde_ref;

use std::collections::BTreeMap;
use std::path::PathBuf;

use base64ct::{Base64UrlUnpadded, Encoding as _};
use hmac::{KeyInit as _, Mac as _};
use idgate::{Alg, AlgSet, KeySet, Policy};
use serde_json::Value;

pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data/fixtures")
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

/// One measured operation; `true` when it accepted the token (checked before timing).
pub type Check<'a> = Box<dyn Fn() -> bool + 'a>;

/// Makes jsonwebtoken's `rust_crypto` backend the process's provider unless one is installed
/// already (`peers_aws_lc` installs `aws_lc_rs` first). Both backends are compiled into this
/// crate, so jsonwebtoken cannot pick one from its features, and the re-signing of the 10 KiB
/// cases ([`Env::large_cases`]) signs through it.
pub fn install_jsonwebtoken_provider() {
    // Err only means a provider is installed already, which is what this ensures.
    let _ = jsonwebtoken::crypto::rust_crypto::DEFAULT_PROVIDER.install_default();
}

/// Times `f` as `group`/`name` after checking that it accepts its token.
pub fn bench_one(c: &mut criterion::Criterion, group: &str, name: &str, f: &Check<'_>) {
    assert!(f(), "{group}/{name} does not verify");
    let mut g = c.benchmark_group(group);
    g.bench_function(name, |b| b.iter(f));
    g.finish();
}

/// Criterion settings of `peers` and `peers_aws_lc` (compare.sh's QUICK=1 overrides them).
pub fn peers_config() -> criterion::Criterion {
    criterion::Criterion::default()
        .warm_up_time(std::time::Duration::from_secs(1))
        .measurement_time(std::time::Duration::from_secs(3))
        .sample_size(60)
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

    /// The signing key's EC point, SEC1 uncompressed (`04 || x || y`).
    pub fn sec1_point(&self) -> Vec<u8> {
        let mut p = vec![4u8];
        p.extend(self.jwk_bytes("x"));
        p.extend(self.jwk_bytes("y"));
        p
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
        install_jsonwebtoken_provider();
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

    /// The algorithms compared with the peers: the ~450-1100-byte OIDC ID tokens
    /// ([`Env::id_token_cases`]) and the same algorithms on a 10 KiB token
    /// ([`Env::large_cases`]).
    pub fn algorithm_cases(&self) -> Vec<Case> {
        let mut cases = self.id_token_cases();
        cases.extend(self.large_cases());
        cases
    }

    /// The fixture ID tokens, one per algorithm: 454 (HS256) to 1,110 (RS256-4096) bytes,
    /// 769 for RS256-2048 (the realistic ~700-byte OIDC ID token).
    pub fn id_token_cases(&self) -> Vec<Case> {
        vec![
            self.case("RS256-2048", "rs256_rsa2048"),
            self.case("RS256-4096", "rs256_rsa4096"),
            self.case("PS256-2048", "ps256_rsa2048"),
            self.case("ES256", "es256"),
            self.case("ES384", "es384"),
            self.case("EdDSA", "eddsa"),
            self.case("HS256", "hs256"),
        ]
    }

    /// The fixture `large_groups` payload (150 group GUIDs and 60 extra claims; 10,325 bytes
    /// as the fixtures sign it with ES256) under each algorithm of [`Env::id_token_cases`]:
    /// the fixture token itself for ES256, [`resign_hs256`] for HS256, and for the others the
    /// header segment of that algorithm's fixture token (same `alg`, `kid`, `typ`) joined to
    /// the unchanged payload segment and signed with the fixtures' private key. Each token is
    /// checked to verify with idgate before it is returned.
    pub fn large_cases(&self) -> Vec<Case> {
        let large = self.case("ES256-10KiB", "large_groups");
        let resigned = |label, template, key| resign(&self.case(label, template), &large, key);
        let cases = vec![
            resigned("RS256-2048-10KiB", "rs256_rsa2048", "rsa-2048"),
            resigned("RS256-4096-10KiB", "rs256_rsa4096", "rsa-4096"),
            resigned("PS256-2048-10KiB", "ps256_rsa2048", "rsa-2048"),
            large.clone(),
            resigned("ES384-10KiB", "es384", "ec-p384"),
            resigned("EdDSA-10KiB", "eddsa", "ed25519"),
            Case {
                label: "HS256-10KiB",
                ..resign_hs256(&large)
            },
        ];
        for case in &cases {
            let mut scratch = vec![0u8; idgate::scratch_len(case.token.len())];
            let (keys, policy) = (case.keyset(), self.policy(case.hmac));
            let v = idgate::verify(
                case.token.as_bytes(),
                &keys,
                &policy,
                self.now,
                &mut scratch,
            );
            assert!(v.is_ok(), "{}: {v:?}", case.label);
        }
        cases
    }

    /// The size sweep: the fixture tokens of about 0.5, 1, 4, 10 and 16 KiB (ES256 as signed
    /// by the fixtures), each also re-signed with HS256 so that the non-signature cost can be
    /// isolated (see `bench/README.md`); the HS256 token is 43 bytes shorter (its
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

/// `payload`'s payload segment, byte for byte, under `template`'s header segment (its `alg`
/// and `kid`), signed with the fixtures' private key `private_key` (a name in
/// `private_keys.json`) through jsonwebtoken's `rust_crypto` signer; `template`'s label is
/// kept, and its key set and JWK, which hold the public half.
fn resign(template: &Case, payload: &Case, private_key: &str) -> Case {
    use jsonwebtoken::{Algorithm, EncodingKey};
    let header = template.token.split('.').next().unwrap();
    let body = payload.token.split('.').nth(1).unwrap();
    let input = format!("{header}.{body}");
    let pem = json("private_keys.json")["keys"][private_key]
        .as_str()
        .unwrap()
        .to_owned();
    let pkcs8 = pem_der(&pem);
    let (alg, key) = match template.alg {
        Alg::RS256 | Alg::PS256 => {
            use rsa::pkcs1::EncodeRsaPrivateKey as _;
            use rsa::pkcs8::DecodePrivateKey as _;
            // jsonwebtoken's RSA signer takes PKCS#1; the fixtures' keys are PKCS#8.
            let pkcs1 = rsa::RsaPrivateKey::from_pkcs8_der(&pkcs8)
                .unwrap()
                .to_pkcs1_der()
                .unwrap();
            let alg = if template.alg == Alg::RS256 {
                Algorithm::RS256
            } else {
                Algorithm::PS256
            };
            (alg, EncodingKey::from_rsa_der(pkcs1.as_bytes()))
        }
        Alg::ES256 => (Algorithm::ES256, EncodingKey::from_ec_der(&pkcs8)),
        Alg::ES384 => (Algorithm::ES384, EncodingKey::from_ec_der(&pkcs8)),
        Alg::EdDSA => (Algorithm::EdDSA, EncodingKey::from_ed_der(&pkcs8)),
        other => panic!("{other:?}"),
    };
    let signature = jsonwebtoken::crypto::sign(input.as_bytes(), &key, alg).unwrap();
    Case {
        token: format!("{input}.{signature}"),
        ..template.clone()
    }
}

/// The DER bytes of a one-block PEM document.
fn pem_der(pem: &str) -> Vec<u8> {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    base64ct::Base64::decode_vec(&body).unwrap()
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
