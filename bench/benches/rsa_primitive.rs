//! RSA verification speed: `Key::verify` (hash + public exponentiation + padding check) for
//! RS256/PS256 at 2048, 3072 and 4096 bits, key construction, and, as a reference point,
//! crypto-bigint's `FixedMontyForm` doing the same 16 squarings and one multiplication.
//!
//! `cargo bench -p idgate-bench --bench rsa_primitive`

mod imp {
    use std::hint::black_box;
    use std::time::Duration;

    use criterion::Criterion;
    use idgate::{Alg, Key};
    use serde_json::Value;

    /// `(n, e, msg, sig)` of the first valid test with e = 65537 in a Wycheproof file.
    fn vector(file: &str) -> (Vec<u8>, Vec<u8>, Vec<u8>, Vec<u8>) {
        let path = format!(
            "{}/../tests/data/wycheproof/{file}",
            env!("CARGO_MANIFEST_DIR")
        );
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let hex = |v: &Value| hex::decode(v.as_str().unwrap()).unwrap();
        for group in doc["testGroups"].as_array().unwrap() {
            let e = hex(&group["publicKey"]["publicExponent"]);
            if e != [1, 0, 1] {
                continue;
            }
            for test in group["tests"].as_array().unwrap() {
                if test["result"] == "valid" {
                    let n = hex(&group["publicKey"]["modulus"]);
                    return (n, e, hex(&test["msg"]), hex(&test["sig"]));
                }
            }
        }
        panic!("no valid vector in {file}");
    }

    fn verify(c: &mut Criterion) {
        let cases = [
            (
                "RS256-2048",
                Alg::RS256,
                "rsa_signature_2048_sha256_test.json",
            ),
            (
                "RS256-3072",
                Alg::RS256,
                "rsa_signature_3072_sha256_test.json",
            ),
            (
                "RS256-4096",
                Alg::RS256,
                "rsa_signature_4096_sha256_test.json",
            ),
            (
                "PS256-2048",
                Alg::PS256,
                "rsa_pss_2048_sha256_mgf1_32_test.json",
            ),
            (
                "PS512-4096",
                Alg::PS512,
                "rsa_pss_4096_sha512_mgf1_64_test.json",
            ),
        ];
        let mut group = c.benchmark_group("verify");
        for (name, alg, file) in cases {
            let (n, e, msg, sig) = vector(file);
            let key = Key::rsa(&n, &e).unwrap();
            key.verify(alg, &msg, &sig).unwrap();
            group.bench_function(name, |b| {
                b.iter(|| black_box(&key).verify(alg, black_box(&msg), black_box(&sig)))
            });
        }
        group.finish();
    }

    fn key_new(c: &mut Criterion) {
        let mut group = c.benchmark_group("key_rsa");
        for (name, file) in [
            ("2048", "rsa_signature_2048_sha256_test.json"),
            ("4096", "rsa_signature_4096_sha256_test.json"),
        ] {
            let (n, e, _, _) = vector(file);
            group.bench_function(name, |b| b.iter(|| Key::rsa(black_box(&n), black_box(&e))));
        }
        group.finish();
    }

    /// The same exponentiation by 65537 with crypto-bigint's `FixedMontyForm` (which carries its
    /// parameters by value), for comparison with idgate's own Montgomery arithmetic.
    fn crypto_bigint_reference(c: &mut Criterion) {
        use crypto_bigint::modular::{FixedMontyForm, FixedMontyParams};
        use crypto_bigint::{Odd, U2048, U4096, Uint};

        fn pow65537<const L: usize>(s: &Uint<L>, params: &FixedMontyParams<L>) -> Uint<L> {
            let base = FixedMontyForm::new(s, params);
            let mut x = base;
            for _ in 0..16 {
                x = x.square();
            }
            (x * base).retrieve()
        }

        let mut group = c.benchmark_group("crypto_bigint_pow65537");
        let (n, _, _, sig) = vector("rsa_signature_2048_sha256_test.json");
        let params =
            FixedMontyParams::new_vartime(Odd::new(U2048::from_be_slice(&n[1..])).unwrap());
        let s = U2048::from_be_slice(&sig);
        group.bench_function("2048", |b| b.iter(|| pow65537(black_box(&s), &params)));
        let (n, _, _, sig) = vector("rsa_signature_4096_sha256_test.json");
        let params =
            FixedMontyParams::new_vartime(Odd::new(U4096::from_be_slice(&n[1..])).unwrap());
        let s = U4096::from_be_slice(&sig);
        group.bench_function("4096", |b| b.iter(|| pow65537(black_box(&s), &params)));
        group.finish();
    }

    fn config() -> Criterion {
        Criterion::default()
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3))
            .sample_size(50)
    }

    criterion::criterion_group! {
        name = benches;
        config = config();
        targets = verify, key_new, crypto_bigint_reference
    }
}

criterion::criterion_main!(imp::benches);
