//! Everything but the signature, measured: see measure.sh. Each operation runs `n` times in an
//! `#[inline(never)]` function `run_*`, the only code callgrind counts. Key loading is in
//! `load.rs` (`idgate-callgrind load <op>`).
use std::hint::black_box;

use base64ct::{Base64UrlUnpadded, Encoding as _};
use hmac::{KeyInit as _, Mac as _};
use idgate::__fuzz::verify_without_signature;
use idgate::{AlgSet, KeySet, Policy, verify};

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/fixtures/");

fn data(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIX}{name}")).unwrap()
}

#[path = "../../benches/common/serde_ref.rs"]
mod serde_ref;

mod load;
mod stages;
use serde_ref::{HeaderRef, IdClaimsRef};

#[inline(never)]
fn run_parse(n: usize, token: &[u8], ks: &KeySet, p: &Policy<'_>, now: u64, s: &mut [u8]) {
    for _ in 0..n {
        let r = verify_without_signature(black_box(token), ks, p, now, s);
        assert!(r.is_ok(), "{r:?}");
    }
}

#[inline(never)]
fn run_full(n: usize, token: &[u8], ks: &KeySet, p: &Policy<'_>, now: u64, s: &mut [u8]) {
    for _ in 0..n {
        let r = verify(black_box(token), ks, p, now, s);
        assert!(r.is_ok(), "{r:?}");
    }
}

#[inline(never)]
fn run_keyverify(n: usize, key: &idgate::Key, input: &[u8], sig: &[u8]) {
    for _ in 0..n {
        assert!(
            key.verify(idgate::Alg::HS256, black_box(input), black_box(sig))
                .is_ok()
        );
    }
}

#[inline(never)]
fn run_hmac(n: usize, secret: &[u8], input: &[u8], sig: &[u8]) {
    for _ in 0..n {
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(black_box(secret)).unwrap();
        mac.update(black_box(input));
        assert!(mac.verify_slice(sig).is_ok());
    }
}

#[inline(never)]
pub(crate) fn run_serde(n: usize, token: &str, bufs: &mut [Vec<u8>; 3]) {
    for _ in 0..n {
        let [hb, pb, sb] = bufs;
        let mut parts = black_box(token).split('.');
        let (Some(h), Some(p), Some(s), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            panic!()
        };
        let (Ok(h), Ok(p), Ok(s)) = (
            Base64UrlUnpadded::decode(h, hb),
            Base64UrlUnpadded::decode(p, pb),
            Base64UrlUnpadded::decode(s, sb),
        ) else {
            panic!()
        };
        let (Ok(header), Ok(claims)) = (
            serde_json::from_slice::<HeaderRef<'_>>(h),
            serde_json::from_slice::<IdClaimsRef<'_>>(p),
        ) else {
            panic!()
        };
        black_box((&header, &claims, s));
        assert!(!s.is_empty());
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args[1] == "time" {
        return time_all();
    }
    if args[1] == "stages" {
        return stages::main(&args[2..]);
    }
    if args[1] == "load" {
        return load::main(args.get(2).map_or("", String::as_str));
    }
    let op = args[1].as_str();
    let case = args[2].as_str();
    let n: usize = args.get(3).map_or(10, |s| s.parse().unwrap());
    let doc: serde_json::Value = serde_json::from_slice(&data("tokens.json")).unwrap();
    let now = doc["now"].as_u64().unwrap();
    let c = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == case)
        .unwrap();
    let token = c["token"].as_str().unwrap().to_owned();
    let hmac_case = c["hmac"] == true;
    let mut ks = KeySet::new();
    ks.load_jwks(&data(c["jwks"].as_str().unwrap())).unwrap();
    let secret = data("hmac_secret.bin");
    if hmac_case {
        ks.add_hmac(&secret).unwrap();
    }
    let mut p = Policy::id_token(
        doc["issuer"].as_str().unwrap(),
        doc["client_id"].as_str().unwrap(),
    )
    .with_nonce(doc["nonce"].as_str().unwrap())
    .with_leeway(0);
    if hmac_case {
        p = p.with_algs(AlgSet::ASYMMETRIC.union(AlgSet::SYMMETRIC));
    }
    let mut scratch = vec![0u8; idgate::scratch_len(token.len())];
    let dot = token.rfind('.').unwrap();
    let input = &token.as_bytes()[..dot];
    let sig = Base64UrlUnpadded::decode_vec(&token[dot + 1..]).unwrap();
    match op {
        "parse" => run_parse(n, token.as_bytes(), &ks, &p, now, &mut scratch),
        "full" => run_full(n, token.as_bytes(), &ks, &p, now, &mut scratch),
        "keyverify" => {
            let key = ks
                .keys()
                .map(|(_, _, k)| k)
                .find(|k| k.verify(idgate::Alg::HS256, input, &sig).is_ok())
                .unwrap()
                .clone();
            run_keyverify(n, &key, input, &sig)
        }
        "hmac" => run_hmac(n, &secret, input, &sig),
        "serde" => {
            let mut bufs = [
                vec![0u8; token.len()],
                vec![0u8; token.len()],
                vec![0u8; token.len()],
            ];
            run_serde(n, &token, &mut bufs)
        }
        _ => panic!("op"),
    }
}

pub(crate) struct Setup {
    token: String,
    ks: KeySet,
    scratch: Vec<u8>,
    secret: Vec<u8>,
    sig: Vec<u8>,
    hmac: bool,
}

pub(crate) fn setup(case: &str) -> (Setup, serde_json::Value) {
    let doc: serde_json::Value = serde_json::from_slice(&data("tokens.json")).unwrap();
    let c = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == case)
        .unwrap()
        .clone();
    let token = c["token"].as_str().unwrap().to_owned();
    let hmac = c["hmac"] == true;
    let mut ks = KeySet::new();
    ks.load_jwks(&data(c["jwks"].as_str().unwrap())).unwrap();
    let secret = data("hmac_secret.bin");
    if hmac {
        ks.add_hmac(&secret).unwrap();
    }
    let dot = token.rfind('.').unwrap();
    let sig = Base64UrlUnpadded::decode_vec(&token[dot + 1..]).unwrap();
    let scratch = vec![0u8; idgate::scratch_len(token.len())];
    (
        Setup {
            token,
            ks,
            scratch,
            secret,
            sig,
            hmac,
        },
        doc,
    )
}

fn time_all() {
    let (mut rs, doc) = setup("rs256_rsa2048");
    let (mut hs, _) = setup("hs256");
    let now = doc["now"].as_u64().unwrap();
    let pol = |h: bool| {
        let p = Policy::id_token(
            doc["issuer"].as_str().unwrap(),
            doc["client_id"].as_str().unwrap(),
        )
        .with_nonce(doc["nonce"].as_str().unwrap())
        .with_leeway(0);
        if h {
            p.with_algs(AlgSet::ASYMMETRIC.union(AlgSet::SYMMETRIC))
        } else {
            p
        }
    };
    let (prs, phs) = (pol(rs.hmac), pol(hs.hmac));
    let mut bufs = [
        vec![0u8; rs.token.len()],
        vec![0u8; rs.token.len()],
        vec![0u8; rs.token.len()],
    ];
    let n = 2000;
    let mut best = [f64::MAX; 5];
    let names = [
        "parse_only RS256",
        "b64+serde RS256",
        "parse_only HS256",
        "full HS256",
        "bare hmac HS256",
    ];
    for _ in 0..40 {
        let t = |f: &mut dyn FnMut()| {
            let s = std::time::Instant::now();
            f();
            s.elapsed().as_nanos() as f64 / n as f64
        };
        let r = [
            t(&mut || run_parse(n, rs.token.as_bytes(), &rs.ks, &prs, now, &mut rs.scratch)),
            t(&mut || run_serde(n, &rs.token, &mut bufs)),
            t(&mut || run_parse(n, hs.token.as_bytes(), &hs.ks, &phs, now, &mut hs.scratch)),
            t(&mut || run_full(n, hs.token.as_bytes(), &hs.ks, &phs, now, &mut hs.scratch)),
            t(&mut || {
                let dot = hs.token.rfind('.').unwrap();
                run_hmac(n, &hs.secret, &hs.token.as_bytes()[..dot], &hs.sig)
            }),
        ];
        for i in 0..5 {
            best[i] = best[i].min(r[i]);
        }
    }
    for i in 0..5 {
        println!("{:18} {:8.1} ns", names[i], best[i]);
    }
    println!("parse_only / b64+serde (RS256): {:.3}", best[0] / best[1]);
    println!("full HS256 / bare hmac: {:.3}", best[3] / best[4]);
}
