//! `idgate thumbprint`, `verify --dpop/--htm/--htu` and `verify --client-cert` end to end, on
//! the generated data of `tests/data/dpop/` (made by its `generate.py`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_idgate");
const NOW: &str = "1767225600";

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data/dpop")
        .join(name)
}

fn cases() -> Value {
    serde_json::from_slice(&std::fs::read(data("cases.json")).unwrap()).unwrap()
}

/// Exit code, stdout, first stderr line, whole stderr.
fn run(args: &[&str]) -> (i32, String, String, String) {
    let out = Command::new(BIN).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr.lines().next().unwrap_or("").to_owned(),
        stderr,
    )
}

fn verify_args<'a>(jwks: &'a str, extra: &[&'a str], token: &'a str) -> Vec<&'a str> {
    let mut v = vec![
        "verify",
        "--jwks",
        jwks,
        "--iss",
        "https://issuer.example.com",
        "--aud",
        "https://api.example.com",
        "--typ",
        "at+jwt",
        "--now",
        NOW,
    ];
    v.extend_from_slice(extra);
    v.push(token);
    v
}

#[test]
fn thumbprint_prints_kid_and_thumbprint() {
    let doc: Value =
        serde_json::from_slice(&std::fs::read(data("proof_jwk.json")).unwrap()).unwrap();
    let want: String = doc["keys"]
        .as_array()
        .unwrap()
        .iter()
        .zip(doc["thumbprints"].as_array().unwrap())
        .map(|(k, t)| format!("{} {}\n", k["kid"].as_str().unwrap(), t.as_str().unwrap()))
        .collect();
    let (code, stdout, _, _) = run(&["thumbprint", data("proof_jwk.json").to_str().unwrap()]);
    assert_eq!((code, stdout.as_str()), (0, want.as_str()));

    // RFC 7638 §3.1, as one JWK; an oct key has no thumbprint (exit 1).
    let dir = std::env::temp_dir().join(format!("idgate-dpop-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let rfc = dir.join("rfc7638.json");
    std::fs::write(&rfc, r#"{"kty":"RSA","e":"AQAB","kid":"2011-04-29","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"}"#).unwrap();
    let (code, stdout, _, _) = run(&["thumbprint", rfc.to_str().unwrap()]);
    assert_eq!(
        (code, stdout.as_str()),
        (
            0,
            "2011-04-29 NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs\n"
        )
    );
    let oct = dir.join("oct.json");
    std::fs::write(&oct, r#"{"keys":[{"kty":"oct","kid":"s","k":"AAAA"}]}"#).unwrap();
    let (code, stdout, first, _) = run(&["thumbprint", oct.to_str().unwrap()]);
    assert_eq!(
        (code, stdout.as_str(), first.as_str()),
        (1, "s error: unsupported_alg\n", "rejected: unsupported_alg")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn dpop_cases_through_the_cli() {
    let d = cases();
    let jwks = data("jwks.json");
    let jwks = jwks.to_str().unwrap();
    let mut checked = 0;
    for c in d["cases"].as_array().unwrap() {
        let name = c["name"].as_str().unwrap();
        // The generated case with its own request, the proof passed as an argument.
        let token = d["tokens"][c["token"].as_str().unwrap()].as_str().unwrap();
        let mut extra = vec![
            "--dpop",
            c["proof"].as_str().unwrap(),
            "--htm",
            c["method"].as_str().unwrap(),
            "--htu",
            c["uri"].as_str().unwrap(),
        ];
        if let Some(n) = c["nonce"].as_str() {
            extra.extend(["--dpop-nonce", n]);
        }
        let (code, stdout, first, stderr) = run(&verify_args(jwks, &extra, token));
        match c["error"].as_str() {
            None => {
                assert_eq!(code, 0, "{name}: {stderr}");
                let claims: Value = serde_json::from_str(&stdout).unwrap();
                assert_eq!(claims["sub"], "user-42", "{name}");
            }
            Some(code_want) => {
                assert_eq!(
                    (code, first.as_str()),
                    (1, format!("rejected: {code_want}").as_str()),
                    "{name}"
                );
                let hint = format!("hint: DPoP check: {}", c["check"].as_str().unwrap());
                assert!(stderr.lines().any(|l| l == hint), "{name}: {stderr}");
            }
        }
        checked += 1;
    }
    assert_eq!(checked, 48);
    // --dpop without --htm / --htu is a usage error.
    let token = d["tokens"]["p256"].as_str().unwrap();
    let (code, _, _, _) = run(&verify_args(jwks, &["--dpop", "x.y.z"], token));
    assert_eq!(code, 2);
    // A bound token without its proof is refused, unless told otherwise.
    let (code, _, first, stderr) = run(&verify_args(jwks, &[], token));
    assert_eq!((code, first.as_str()), (1, "rejected: binding_mismatch"));
    assert!(
        stderr.contains("hint: the token is bound to a key or certificate (cnf)"),
        "{stderr}"
    );
    let (code, _, _, _) = run(&verify_args(jwks, &["--allow-unchecked-cnf"], token));
    assert_eq!(code, 0);
}

#[test]
fn client_certificate_pem_and_der() {
    let d = cases();
    let jwks = data("jwks.json");
    let jwks = jwks.to_str().unwrap();
    let tok = |n: &str| d["tokens"][n].as_str().unwrap().to_owned();
    let (mtls, other, unbound) = (tok("mtls"), tok("mtls_other"), tok("unbound"));
    for cert in ["client.pem", "client.der"] {
        let cert = data(cert);
        let cert = cert.to_str().unwrap();
        let (code, stdout, _, stderr) = run(&verify_args(jwks, &["--client-cert", cert], &mtls));
        assert_eq!(code, 0, "{cert}: {stderr}");
        assert_eq!(
            serde_json::from_str::<Value>(&stdout).unwrap()["sub"],
            "user-42"
        );
        for t in [&other, &unbound] {
            let (code, _, first, _) = run(&verify_args(jwks, &["--client-cert", cert], t));
            assert_eq!((code, first.as_str()), (1, "rejected: binding_mismatch"));
        }
    }
    // Another file as the certificate: its bytes hash to something else.
    let (code, _, first, _) = run(&verify_args(jwks, &["--client-cert", jwks], &mtls));
    assert_eq!((code, first.as_str()), (1, "rejected: binding_mismatch"));
}
