//! Key loading, measured (`measure.sh load`): one operation per run, inside `measured`, the
//! only code callgrind counts: loading a JWKS (the 4-key document of the `jwks` benchmark
//! into an empty set or into one that holds its keys, or one of its keys alone) or one full
//! ES256 verification of the fixture token, for the ratio of #16 target 5.

use std::hint::black_box;
use std::path::PathBuf;

use idgate::{KeySet, Policy, scratch_len, verify};
use serde_json::Value;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A JWKS document of the fixture keys with these `kid`s (as the `jwks` benchmark builds it).
fn jwks(kids: &[&str]) -> Vec<u8> {
    let set: Value = serde_json::from_slice(&fixture("jwks.json")).unwrap();
    let keys: Vec<Value> = set["keys"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|k| kids.contains(&k["kid"].as_str().unwrap()))
        .cloned()
        .collect();
    assert_eq!(keys.len(), kids.len());
    serde_json::to_vec(&serde_json::json!({ "keys": keys })).unwrap()
}

/// The measured region: everything `op` does is counted, nothing else. With
/// `ICOUNT_TIME=n` in the environment it then runs `reset` and `op` n more times and prints
/// the mean wall time (a rough check of the instruction counts' proportions; noisy on a busy
/// machine).
#[inline(never)]
fn measured(op: &mut dyn FnMut(), reset: &mut dyn FnMut()) {
    op();
    if let Some(n) = std::env::var("ICOUNT_TIME")
        .ok()
        .and_then(|v| v.parse::<u32>().ok())
    {
        let start = std::time::Instant::now();
        for _ in 0..n {
            reset();
            op();
        }
        eprintln!(
            "{:.2} us",
            start.elapsed().as_secs_f64() * 1e6 / f64::from(n.max(1))
        );
    }
}

pub fn main(what: &str) {
    let kids: &[&str] = match what {
        "load4" | "reload4" => &["rsa-2048", "rsa-4096", "ec-p256", "ed25519"],
        "rsa2048" => &["rsa-2048"],
        "rsa4096" => &["rsa-4096"],
        "p256" => &["ec-p256"],
        "ed25519" => &["ed25519"],
        "es256" => &[],
        _ => {
            eprintln!(
                "usage: idgate-callgrind load load4|reload4|rsa2048|rsa4096|p256|ed25519|es256"
            );
            std::process::exit(2);
        }
    };
    if what == "es256" {
        let tokens: Value = serde_json::from_slice(&fixture("tokens.json")).unwrap();
        let case = tokens["cases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "es256")
            .unwrap();
        let token = case["token"].as_str().unwrap().as_bytes();
        let mut ks = KeySet::new();
        ks.load_jwks(&fixture(case["jwks"].as_str().unwrap()))
            .unwrap();
        let policy = Policy::id_token(
            tokens["issuer"].as_str().unwrap(),
            tokens["client_id"].as_str().unwrap(),
        )
        .with_nonce(tokens["nonce"].as_str().unwrap())
        .with_leeway(0);
        let now = tokens["now"].as_u64().unwrap();
        let mut scratch = vec![0u8; scratch_len(token.len())];
        let mut ok = false;
        measured(
            &mut || {
                ok = verify(black_box(token), &ks, &policy, now, &mut scratch).is_ok();
            },
            &mut || {},
        );
        assert!(ok);
        return;
    }
    let doc = jwks(kids);
    let mut ks = KeySet::new();
    if what == "reload4" {
        // Into a set that holds keys: the document is checked whole before it replaces them.
        ks.load_jwks(&doc).unwrap();
    }
    let mut added = 0;
    let ks = std::cell::RefCell::new(ks);
    let reload = what == "reload4";
    measured(
        &mut || {
            added = ks.borrow_mut().load_jwks(black_box(&doc)).unwrap().added;
        },
        // A load, not a reload, each time (unless a reload is measured).
        &mut || {
            if !reload {
                ks.borrow_mut().clear();
            }
        },
    );
    assert_eq!(added, kids.len());
}
