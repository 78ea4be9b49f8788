//! A fixture token's verify taken apart (`measure.sh stages`; the HS256 token, or the one
//! named by `CASE`, e.g. `CASE=rs256_rsa2048`): each stage of everything but the signature
//! run alone through the crate's fuzzing entry points (the code `verify` runs), next to the
//! reference implementations of the same job and, for HS256, the two HMACs. For the floors of
//! issue #16 target 4 (everything but the signature <= 0.4x base64url + serde_json; HS256
//! full verify <= 2x the bare HMAC): how much the stages every verifier must run (base64url,
//! JSON) take by themselves.
//!
//! `stages cg <stage>` runs one stage N times inside `measured` (what callgrind counts);
//! `stages time` times every stage in one process, fastest of 40 batches; `stages list`
//! names the stages of the case.

use std::hint::black_box;

use base64ct::{Base64UrlUnpadded, Encoding as _};
use hmac::{KeyInit as _, Mac as _};
use idgate::__fuzz;
use idgate::{AlgSet, KeySet, Policy};

/// Everything a stage needs, set up once.
struct Fixture {
    token: Vec<u8>,
    header: Vec<u8>,
    payload: Vec<u8>,
    segments: [Vec<u8>; 3],
    keys: KeySet,
    secret: Vec<u8>,
    /// An HS256 case: the HMAC stages run.
    hmac: bool,
    signature: Vec<u8>,
    issuer: String,
    client_id: String,
    nonce: String,
    now: u64,
}

/// The fixture case measured: `CASE`, else the HS256 token.
pub fn case() -> String {
    std::env::var("CASE").unwrap_or_else(|_| "hs256".to_owned())
}

fn fixture() -> Fixture {
    // The fixture token and its key set as `main`'s other measurements set them up.
    let (setup, doc) = crate::setup(&case());
    let parts: Vec<&str> = setup.token.split('.').collect();
    let decode = |s: &str| Base64UrlUnpadded::decode_vec(s).unwrap();
    Fixture {
        header: decode(parts[0]),
        payload: decode(parts[1]),
        signature: setup.sig.clone(),
        segments: [0, 1, 2].map(|i| parts[i].as_bytes().to_vec()),
        token: setup.token.clone().into_bytes(),
        keys: setup.ks,
        secret: setup.secret,
        hmac: setup.hmac,
        issuer: doc["issuer"].as_str().unwrap().to_owned(),
        client_id: doc["client_id"].as_str().unwrap().to_owned(),
        nonce: doc["nonce"].as_str().unwrap().to_owned(),
        now: doc["now"].as_u64().unwrap(),
    }
}

/// The stages, in pipeline order, then the references.
const STAGES: [(&str, &str); 12] = [
    ("split", "idgate: split at the dots"),
    ("b64", "idgate: base64url of the 3 segments"),
    (
        "json",
        "idgate: strict JSON of header + claims (validation only)",
    ),
    ("claims", "idgate: claims read (JSON + standard claims)"),
    ("policy", "idgate: typ + ID-token claim checks"),
    ("parse_only", "idgate: everything but the signature"),
    ("hmac_idgate", "idgate: HMAC-SHA-256 (precomputed key)"),
    ("full", "idgate: HS256 full verify"),
    ("hmac_bare", "hmac crate: bare HMAC-SHA-256"),
    ("b64ct", "base64ct: base64url of the 3 segments"),
    ("serde_any", "serde_json: header + claims, IgnoredAny"),
    (
        "serde",
        "base64ct + serde_json (borrowed structs): target 4's reference",
    ),
];

/// The stages that need the HMAC key.
const HMAC_STAGES: [&str; 3] = ["hmac_idgate", "full", "hmac_bare"];

/// The stages of the case measured.
fn stages(f: &Fixture) -> Vec<(&'static str, &'static str)> {
    STAGES
        .iter()
        .filter(|(name, _)| f.hmac || !HMAC_STAGES.contains(name))
        .copied()
        .collect()
}

/// Runs `measured` for stage `name`, with what it needs prepared outside the count.
fn run(name: &str, n: usize, f: &Fixture, scratch: &mut [u8]) {
    let policy = Policy::id_token(&f.issuer, &f.client_id)
        .with_nonce(&f.nonce)
        .with_leeway(0)
        .with_algs(AlgSet::ASYMMETRIC.union(AlgSet::SYMMETRIC));
    let dot = f.token.iter().rposition(|&b| b == b'.').unwrap();
    let input = &f.token[..dot];
    let hmac_key = f
        .keys
        .keys()
        .map(|(_, _, k)| k)
        .find(|k| !f.hmac || k.verify(idgate::Alg::HS256, input, &f.signature).is_ok())
        .unwrap();
    // The policy stage checks claims read beforehand.
    let mut claims_buf = vec![0u8; 1024];
    let claims = __fuzz::read_claims(&f.payload, &mut claims_buf).unwrap();
    let mut serde_bufs = [0, 1, 2].map(|_| vec![0u8; f.token.len()]);
    measured(
        name,
        n,
        f,
        &policy,
        hmac_key,
        &claims,
        input,
        scratch,
        &mut serde_bufs,
    );
}

/// Runs stage `name` `n` times (what callgrind counts).
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn measured(
    name: &str,
    n: usize,
    f: &Fixture,
    policy: &Policy<'_>,
    hmac_key: &idgate::Key,
    claims: &idgate::Claims<'_>,
    input: &[u8],
    scratch: &mut [u8],
    serde_bufs: &mut [Vec<u8>; 3],
) {
    for _ in 0..n {
        match name {
            "split" => assert!(__fuzz::split(black_box(&f.token)).is_ok()),
            "b64" => {
                let mut at = 0;
                for s in &f.segments {
                    at += __fuzz::base64url_decode(black_box(s), &mut scratch[at..]).unwrap();
                }
                black_box(&scratch[..at]);
            }
            "json" => {
                assert!(__fuzz::parse_json_object(black_box(&f.header)).is_ok());
                assert!(__fuzz::parse_json_object(black_box(&f.payload)).is_ok());
            }
            "claims" => {
                assert!(__fuzz::read_claims(black_box(&f.payload), scratch).is_ok());
            }
            "policy" => {
                assert!(__fuzz::check_typ(policy, black_box(Some("JWT"))).is_ok());
                assert!(__fuzz::check_claims(policy, black_box(claims), f.now).is_ok());
            }
            "parse_only" => {
                let r = __fuzz::verify_without_signature(
                    black_box(&f.token),
                    &f.keys,
                    policy,
                    f.now,
                    scratch,
                );
                assert!(r.is_ok());
            }
            "hmac_idgate" => {
                assert!(
                    hmac_key
                        .verify(idgate::Alg::HS256, black_box(input), &f.signature)
                        .is_ok()
                );
            }
            "full" => {
                let r = idgate::verify(black_box(&f.token), &f.keys, policy, f.now, scratch);
                assert!(r.is_ok());
            }
            "hmac_bare" => {
                let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&f.secret).unwrap();
                mac.update(black_box(input));
                assert!(mac.verify_slice(&f.signature).is_ok());
            }
            "b64ct" => {
                let mut at = 0;
                for s in &f.segments {
                    let s = std::str::from_utf8(black_box(s)).unwrap();
                    at += Base64UrlUnpadded::decode(s, &mut scratch[at..])
                        .unwrap()
                        .len();
                }
                black_box(&scratch[..at]);
            }
            "serde_any" => {
                let h: serde::de::IgnoredAny =
                    serde_json::from_slice(black_box(&f.header)).unwrap();
                let p: serde::de::IgnoredAny =
                    serde_json::from_slice(black_box(&f.payload)).unwrap();
                black_box((h, p));
            }
            "serde" => {
                let text = std::str::from_utf8(&f.token).unwrap();
                crate::run_serde(1, text, serde_bufs);
            }
            other => panic!("unknown stage {other}"),
        }
    }
}

pub fn main(args: &[String]) {
    let f = fixture();
    let mut scratch = vec![0u8; 1 << 16];
    match args.first().map(String::as_str) {
        Some("cg") => {
            let n: usize = args.get(2).map_or(20, |s| s.parse().unwrap());
            run(&args[1], n, &f, &mut scratch);
        }
        Some("list") => {
            for (name, what) in stages(&f) {
                println!("{name}\t{what}");
            }
        }
        _ => {
            let n = 2000;
            let stages = stages(&f);
            let mut best = vec![f64::MAX; stages.len()];
            for _ in 0..40 {
                for (i, (name, _)) in stages.iter().enumerate() {
                    let t = std::time::Instant::now();
                    run(name, n, &f, &mut scratch);
                    best[i] = best[i].min(t.elapsed().as_nanos() as f64 / n as f64);
                }
            }
            println!("case {}", case());
            for ((name, what), ns) in stages.iter().zip(&best) {
                println!("{name:12} {ns:8.1} ns  {what}");
            }
            let at = |stage: &str| best[stages.iter().position(|(n, _)| *n == stage).unwrap()];
            let floor = at("b64") + at("json");
            println!(
                "parse_only / serde: {:.3}; base64url + strict JSON validation alone / serde: {:.3}",
                at("parse_only") / at("serde"),
                floor / at("serde")
            );
            if !f.hmac {
                return;
            }
            // HS256 full verify <= 2x the bare HMAC leaves this much for all but the HMAC.
            let budget = 2.0 * at("hmac_bare") - at("hmac_idgate");
            println!("full / hmac_bare: {:.3}", at("full") / at("hmac_bare"));
            println!(
                "budget for everything but the signature (2 x hmac_bare - hmac_idgate): {budget:.1} ns; \
                 parse_only uses {:.2} of it",
                at("parse_only") / budget
            );
            println!(
                "base64url + strict JSON validation alone: {floor:.1} ns = {:.2} of the budget \
                 (json / serde_json IgnoredAny: {:.2})",
                floor / budget,
                at("json") / at("serde_any")
            );
        }
    }
}
