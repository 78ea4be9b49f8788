//! idgate end to end: full `verify` (split, base64url, JSON, key choice, signature, ID-token
//! policy) per algorithm on the fixture ID tokens and on the 10 KiB `large_groups` payload
//! re-signed for each algorithm, the signature alone (`Key::verify`), everything but the
//! signature (`parse_only`: `idgate::__fuzz::verify_without_signature`, which is `verify`'s
//! code path with the hash and public-key operation skipped; reached through the core's
//! `fuzzing` feature, which `bench/Cargo.toml` turns on), the size sweep, JWKS loading, and
//! throughput with 1 and 2 threads sharing one `&KeySet`.
//!
//! `cargo bench -p idgate-bench --bench verify`; `bench/compare.sh` runs it with the peers
//! and prints the table. Definitions are in `bench/README.md`.

mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use common::{Case, Env};
use criterion::{BenchmarkId, Criterion, Throughput};
use idgate::__fuzz::verify_without_signature;
use idgate::{KeySet, Policy, scratch_len, verify};

/// One full verification, checked to succeed.
fn full(token: &[u8], keys: &KeySet, policy: &Policy<'_>, now: u64, scratch: &mut [u8]) {
    let v = verify(token, keys, policy, now, scratch);
    assert!(v.is_ok(), "{v:?}");
}

fn prepared(env: &Env, case: &Case) -> (KeySet, Vec<u8>) {
    let ks = case.keyset();
    let mut scratch = vec![0u8; scratch_len(case.token.len())];
    full(
        case.token.as_bytes(),
        &ks,
        &env.policy(case.hmac),
        env.now,
        &mut scratch,
    );
    (ks, scratch)
}

/// `verify` and `Key::verify` for each algorithm case (fixture ID tokens and 10 KiB tokens).
fn algorithms(c: &mut Criterion) {
    let env = Env::load();
    let mut group = c.benchmark_group("idgate");
    for case in env.algorithm_cases() {
        let (ks, mut scratch) = prepared(&env, &case);
        let policy = env.policy(case.hmac);
        group.bench_function(BenchmarkId::new("full", case.label), |b| {
            b.iter(|| {
                verify(
                    black_box(case.token.as_bytes()),
                    &ks,
                    &policy,
                    env.now,
                    &mut scratch,
                )
                .is_ok()
            })
        });
        // The signature alone, with the key idgate chose: hash + primitive.
        let key = ks
            .keys()
            .map(|(_, _, k)| k)
            .find(|k| k.verify(case.alg, case.signing_input(), &case.signature()) == Ok(()))
            .unwrap()
            .clone();
        let (input, sig) = (case.signing_input().to_vec(), case.signature());
        group.bench_function(BenchmarkId::new("key_verify", case.label), |b| {
            b.iter(|| {
                key.verify(case.alg, black_box(&input), black_box(&sig))
                    .is_ok()
            })
        });
    }
    group.finish();
}

/// Everything but the signature, measured directly: `verify_without_signature` runs
/// `verify`'s pipeline (split, base64url of all three segments, header, allow-list, key
/// choice, claims JSON, policy) and skips only the signature primitive. On the fixture ID
/// tokens of each algorithm, and on the size-sweep tokens as the fixtures sign them (ES256)
/// and re-signed with HS256 (the tokens of the `sweep` group's `hs256_full`, whose
/// `hs256_full - hs256_key_verify` this replaces).
fn parse_only(c: &mut Criterion) {
    let env = Env::load();
    let mut group = c.benchmark_group("parse_only");
    let mut cases: Vec<(&str, Case)> = env
        .id_token_cases()
        .into_iter()
        .map(|case| ("alg", case))
        .collect();
    for (es, hs) in env.sweep_cases() {
        cases.push(("sweep_es256", es));
        cases.push(("sweep_hs256", hs));
    }
    for (name, case) in &cases {
        let (ks, mut scratch) = prepared(&env, case);
        let policy = env.policy(case.hmac);
        let token = case.token.as_bytes();
        let v = verify_without_signature(token, &ks, &policy, env.now, &mut scratch);
        assert!(v.is_ok(), "{}: {v:?}", case.label);
        group.throughput(Throughput::Bytes(token.len() as u64));
        group.bench_function(BenchmarkId::new(*name, case.label), |b| {
            b.iter(|| {
                verify_without_signature(black_box(token), &ks, &policy, env.now, &mut scratch)
                    .is_ok()
            })
        });
    }
    group.finish();
}

/// The size sweep: ES256 full verify of 0.5-16 KiB tokens, and the same payloads under HS256,
/// full verify and the HMAC alone (their difference is the non-signature cost).
fn sweep(c: &mut Criterion) {
    let env = Env::load();
    let mut group = c.benchmark_group("sweep");
    for (es, hs) in env.sweep_cases() {
        for (name, case) in [("es256_full", &es), ("hs256_full", &hs)] {
            group.throughput(Throughput::Bytes(case.token.len() as u64));
            let (ks, mut scratch) = prepared(&env, case);
            let policy = env.policy(case.hmac);
            group.bench_function(BenchmarkId::new(name, case.label), |b| {
                b.iter(|| {
                    verify(
                        black_box(case.token.as_bytes()),
                        &ks,
                        &policy,
                        env.now,
                        &mut scratch,
                    )
                    .is_ok()
                })
            });
        }
        let key = idgate::Key::hmac(&common::hmac_secret()).unwrap();
        let (input, sig) = (hs.signing_input().to_vec(), hs.signature());
        assert_eq!(key.verify(hs.alg, &input, &sig), Ok(()));
        group.bench_function(BenchmarkId::new("hs256_key_verify", hs.label), |b| {
            b.iter(|| {
                key.verify(hs.alg, black_box(&input), black_box(&sig))
                    .is_ok()
            })
        });
    }
    group.finish();
}

/// `KeySet::load_jwks` of a 4-key JWKS (RSA-2048, RSA-4096, P-256, Ed25519).
fn jwks(c: &mut Criterion) {
    let doc = common::jwks_4();
    let mut group = c.benchmark_group("jwks");
    group.bench_function(BenchmarkId::new("load_jwks", "4-key"), |b| {
        b.iter(|| {
            let mut ks: KeySet = KeySet::new();
            let r = ks.load_jwks(black_box(&doc)).unwrap();
            assert_eq!(r.added, 4);
            ks
        })
    });
    group.finish();
}

/// Throughput with `threads` threads verifying against one shared `&KeySet`: the time per
/// verification is the wall time divided by all verifications done.
fn threads(c: &mut Criterion) {
    let env = Env::load();
    let mut group = c.benchmark_group("threads");
    for case in [
        env.case("RS256-2048", "rs256_rsa2048"),
        env.case("ES256", "es256"),
    ] {
        let (ks, _) = prepared(&env, &case);
        let policy = env.policy(case.hmac);
        for n in [1u32, 2] {
            group.bench_function(BenchmarkId::new(format!("{n}"), case.label), |b| {
                b.iter_custom(|iters| {
                    let (ks, policy, token) = (&ks, &policy, case.token.as_bytes());
                    let start = Instant::now();
                    std::thread::scope(|s| {
                        for _ in 0..n {
                            s.spawn(move || {
                                let mut scratch = vec![0u8; scratch_len(token.len())];
                                for _ in 0..iters {
                                    full(black_box(token), ks, policy, env.now, &mut scratch);
                                }
                            });
                        }
                    });
                    start.elapsed() / n
                })
            });
        }
    }
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(60)
}

criterion::criterion_group! {
    name = benches;
    config = config();
    targets = algorithms, parse_only, sweep, jwks, threads
}
criterion::criterion_main!(benches);
