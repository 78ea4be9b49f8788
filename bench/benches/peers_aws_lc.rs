//! jsonwebtoken 11 on its `aws_lc_rs` backend, on the cases of `benches/peers.rs`: a binary of
//! its own because jsonwebtoken's backend is a process-wide `CryptoProvider`, installed once
//! (`peers` runs the `rust_crypto` one). `compare.sh` runs both in one `cargo bench` and puts
//! the results side by side (function `jsonwebtoken-aws-lc` in each case's group).
//!
//! `cargo bench -p idgate-bench --bench peers_aws_lc`

mod common;

use common::jwt::jsonwebtoken_full;
use common::{Env, bench_one};
use criterion::Criterion;

fn algorithms(c: &mut Criterion) {
    jsonwebtoken::crypto::aws_lc::DEFAULT_PROVIDER
        .install_default()
        .expect("the first provider of this process");
    let env = Env::load();
    for case in env.algorithm_cases() {
        bench_one(
            c,
            case.label,
            "jsonwebtoken-aws-lc",
            &jsonwebtoken_full(&env, &case),
        );
    }
}

criterion::criterion_group! {
    name = benches;
    config = common::peers_config();
    targets = algorithms
}
criterion::criterion_main!(benches);
