//! End-to-end tests of the built `idgate` binary: exit codes, stdout JSON, stderr verdicts.
//!
//! Tokens come from the RFC 7515 / RFC 7520 vectors in `tests/data/`, and from HS256 tokens
//! made here with the `hmac` crate (claims chosen per test).

// Test code: a failed expectation is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use base64ct::{Base64UrlUnpadded, Encoding};
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

const BIN: &str = env!("CARGO_BIN_EXE_idgate");
const NOW: &str = "1767225600"; // 2026-01-01T00:00:00Z
const ISS: &str = "https://issuer.example.com";
const AUD: &str = "client-123";

struct Out {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

impl Out {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}): {}\nstderr: {}",
                String::from_utf8_lossy(&self.stdout),
                self.stderr
            )
        })
    }

    fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    fn stderr_line(&self, n: usize) -> &str {
        self.stderr.lines().nth(n).unwrap_or("")
    }

    /// Exit 1 and the exact first stderr line `rejected: <code>`, then a sentence.
    #[track_caller]
    fn assert_rejected(&self, code: &str) {
        assert_eq!(
            (self.code, self.stderr_line(0)),
            (1, format!("rejected: {code}").as_str()),
            "stderr: {}\nstdout: {}",
            self.stderr,
            self.stdout_text()
        );
        let sentence = self.stderr_line(1);
        assert!(
            sentence.len() > 10 && sentence.ends_with('.'),
            "second line: {sentence:?}"
        );
        assert!(self.stdout.is_empty(), "stdout: {}", self.stdout_text());
    }

    #[track_caller]
    fn assert_ok(&self) {
        assert_eq!(
            self.code,
            0,
            "stderr: {}\nstdout: {}",
            self.stderr,
            self.stdout_text()
        );
    }

    #[track_caller]
    fn assert_usage(&self, needle: &str) {
        assert_eq!(self.code, 2, "stderr: {}", self.stderr);
        assert!(self.stdout.is_empty(), "stdout: {}", self.stdout_text());
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}: {}",
            self.stderr
        );
    }
}

fn run_with(args: &[&str], stdin: Option<&[u8]>) -> Out {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn idgate");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    Out {
        code: out.status.code().expect("exit code"),
        stdout: out.stdout,
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn run(args: &[&str]) -> Out {
    run_with(args, None)
}

/// Writes `bytes` to a fresh file under the test temp dir; returns its path as a String.
fn tmp(name: &str, bytes: &[u8]) -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "cli-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_owned()
}

fn repo_file(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(rel)
}

fn read_json(rel: &str) -> Value {
    let path = repo_file(rel);
    let text = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&text).unwrap()
}

fn b64u(bytes: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(bytes)
}

fn unb64u(text: &str) -> Vec<u8> {
    Base64UrlUnpadded::decode_vec(text).unwrap()
}

/// An RFC 7515 Appendix A vector by section ("A.1").
fn rfc7515(section: &str) -> Value {
    let doc = read_json("tests/data/rfc7515/appendix_a.json");
    doc["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["section"].as_str().unwrap().starts_with(section))
        .cloned()
        .unwrap()
}

fn token_of(v: &Value) -> String {
    v["token"].as_str().unwrap().to_owned()
}

/// A JWKS file holding these JWKs.
fn jwks_file(keys: &[Value]) -> String {
    tmp("jwks.json", json!({ "keys": keys }).to_string().as_bytes())
}

/// The RFC 7515 A.1 HMAC secret, as a file of raw bytes (64 bytes).
fn a1_secret_file() -> String {
    let k = rfc7515("A.1")["jwk"]["k"].as_str().unwrap().to_owned();
    tmp("secret.bin", &unb64u(&k))
}

/// HS256 over `header.payload` with `secret`.
fn hs256_raw(secret: &[u8], header: &[u8], payload: &[u8]) -> String {
    let input = format!("{}.{}", b64u(header), b64u(payload));
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret).unwrap();
    mac.update(input.as_bytes());
    format!("{input}.{}", b64u(&mac.finalize().into_bytes()))
}

/// An HS256 JWT with these claims, signed with the RFC 7515 A.1 secret.
fn hs256(claims: &Value) -> String {
    let k = rfc7515("A.1")["jwk"]["k"].as_str().unwrap().to_owned();
    hs256_raw(
        &unb64u(&k),
        br#"{"alg":"HS256","typ":"JWT"}"#,
        claims.to_string().as_bytes(),
    )
}

/// Standard ID-token claims valid at [`NOW`].
fn id_claims() -> Value {
    json!({
        "iss": ISS,
        "sub": "user-42",
        "aud": [AUD, "other-client"],
        "azp": AUD,
        "exp": 1_767_229_200u64,
        "iat": 1_767_225_000u64,
        "auth_time": 1_767_224_000u64,
        "nonce": "n-0S6_WzA2Mj",
        "acr": "urn:example:loa:2",
        "name": "Jane \"J\" Doe / \u{e9}"
    })
}

/// An EC JWKS that has no HS key, so HS tokens rely on --hmac-secret-file.
fn ec_jwks() -> String {
    jwks_file(&[rfc7515("A.3")["jwk"].clone()])
}

/// `verify` with the A.1 secret and `--now NOW` unless `extra` has a `--now`.
fn verify_hs(token: &str, extra: &[&str]) -> Out {
    let jwks = ec_jwks();
    let secret = a1_secret_file();
    let mut args = vec!["verify", "--jwks", &jwks, "--hmac-secret-file", &secret];
    if !extra.contains(&"--now") {
        args.extend_from_slice(&["--now", NOW]);
    }
    args.extend_from_slice(extra);
    args.push(token);
    run(&args)
}

// ---------------------------------------------------------------------------------------------
// verify: RFC 7515 Appendix A

#[test]
fn rfc7515_a1_hs256_passes_at_its_own_time() {
    let a1 = rfc7515("A.1");
    let out = verify_hs(&token_of(&a1), &["--now", "1300819370"]);
    out.assert_ok();
    let claims = out.json();
    assert_eq!(claims["iss"], "joe");
    assert_eq!(claims["exp"], 1_300_819_380u64);
    assert_eq!(claims["http://example.com/is_root"], true);
    assert_eq!(claims.as_object().unwrap().len(), 3);
    assert!(
        out.stderr
            .contains("warning: no --iss given: the issuer is not checked")
    );
    assert!(
        out.stderr
            .contains("warning: no --aud given: the audience is not checked")
    );
}

#[test]
fn rfc7515_a1_is_expired_today() {
    let a1 = rfc7515("A.1");
    let jwks = ec_jwks();
    let secret = a1_secret_file();
    // No --now: the system clock, long past 2011.
    let out = run(&[
        "verify",
        "--jwks",
        &jwks,
        "--hmac-secret-file",
        &secret,
        &token_of(&a1),
    ]);
    out.assert_rejected("expired");
    assert_eq!(out.stderr_line(1), "The token has expired (exp).");
    assert!(out.stderr.contains("exp is 1300819380"), "{}", out.stderr);
    // And at a fixed "today".
    verify_hs(&token_of(&a1), &[]).assert_rejected("expired");
}

#[test]
fn rfc7515_a1_with_issuer_policy() {
    let token = token_of(&rfc7515("A.1"));
    let at = ["--now", "1300819370"];
    let out = verify_hs(&token, &[&at[..], &["--iss", "joe"]].concat());
    out.assert_ok();
    assert!(!out.stderr.contains("no --iss"));
    verify_hs(&token, &[&at[..], &["--iss", "Joe"]].concat()).assert_rejected("issuer_mismatch");
    // The token has no aud.
    verify_hs(&token, &[&at[..], &["--aud", AUD]].concat()).assert_rejected("missing_claim");
}

#[test]
fn hs256_needs_the_secret_file() {
    // Without --hmac-secret-file HS* is not in the allow-list.
    let out = run(&[
        "verify",
        "--jwks",
        &ec_jwks(),
        "--now",
        "1300819370",
        &token_of(&rfc7515("A.1")),
    ]);
    out.assert_rejected("alg_not_allowed");
    assert!(out.stderr.contains("--hmac-secret-file"), "{}", out.stderr);
    // With it but an explicit --alg list without HS256: still refused.
    let token = token_of(&rfc7515("A.1"));
    verify_hs(&token, &["--now", "1300819370", "--alg", "ES256"])
        .assert_rejected("alg_not_allowed");
    verify_hs(&token, &["--now", "1300819370", "--alg", "HS256"]).assert_ok();
}

#[test]
fn rfc7515_asymmetric_vectors() {
    for section in ["A.2", "A.3", "A.4"] {
        let v = rfc7515(section);
        let jwks = jwks_file(&[v["jwk"].clone()]);
        let out = run(&[
            "verify",
            "--jwks",
            &jwks,
            "--now",
            "1300819370",
            "--iss",
            "joe",
            &token_of(&v),
        ]);
        if section == "A.4" {
            // Its payload is the text "Payload": a valid JWS, not a JWT.
            out.assert_rejected("malformed");
            assert!(out.stderr.contains("not a JSON object"), "{}", out.stderr);
            let out = run(&["verify", "--jwks", &jwks, "--signature-only", &token_of(&v)]);
            out.assert_ok();
            assert_eq!(out.stdout, b"Payload");
        } else {
            out.assert_ok();
            let claims = out.json();
            assert_eq!(claims["iss"], "joe", "{section}");
            assert_eq!(claims["exp"], 1_300_819_380u64, "{section}");
            assert_eq!(claims["http://example.com/is_root"], true, "{section}");
        }
        // Not with another algorithm allowed only.
        let out = run(&[
            "verify",
            "--jwks",
            &jwks,
            "--now",
            "1300819370",
            "--alg",
            "EdDSA",
            &token_of(&v),
        ]);
        out.assert_rejected("alg_not_allowed");
    }
}

#[test]
fn rfc7515_a5_unsecured_is_refused() {
    let out = run(&[
        "verify",
        "--jwks",
        &ec_jwks(),
        "--now",
        "1300819370",
        &token_of(&rfc7515("A.5")),
    ]);
    out.assert_rejected("unsupported_alg");
}

#[test]
fn bad_signature() {
    let a3 = rfc7515("A.3");
    let token = token_of(&a3);
    let (signing_input, sig) = token.rsplit_once('.').unwrap();
    // Change the first signature character: still canonical base64url, wrong r.
    let first = if sig.starts_with('A') { "B" } else { "A" };
    let tampered = format!("{signing_input}.{first}{}", &sig[1..]);
    let out = run(&[
        "verify",
        "--jwks",
        &jwks_file(&[a3["jwk"].clone()]),
        "--now",
        "1300819370",
        &tampered,
    ]);
    out.assert_rejected("bad_signature");
    assert_eq!(out.stderr_line(1), "The signature does not verify.");

    // An HS256 token signed with another secret.
    let forged = hs256_raw(
        &[7u8; 64],
        br#"{"alg":"HS256"}"#,
        id_claims().to_string().as_bytes(),
    );
    verify_hs(&forged, &["--iss", ISS, "--aud", AUD]).assert_rejected("bad_signature");
}

#[test]
fn unknown_kid() {
    let a3 = rfc7515("A.3");
    let token = token_of(&a3);
    let mut parts = token.splitn(2, '.');
    let _ = parts.next();
    let rest = parts.next().unwrap();
    let with_kid = format!("{}.{rest}", b64u(br#"{"alg":"ES256","kid":"nope"}"#));
    let mut jwk = a3["jwk"].clone();
    jwk["kid"] = json!("k1");
    let out = run(&[
        "verify",
        "--jwks",
        &jwks_file(&[jwk]),
        "--now",
        "1300819370",
        &with_kid,
    ]);
    out.assert_rejected("unknown_kid");
    assert!(out.stderr.contains("\"nope\""), "{}", out.stderr);
}

// ---------------------------------------------------------------------------------------------
// verify: claims policy, with HS256 tokens made here

#[test]
fn id_token_passes_the_full_policy() {
    let token = hs256(&id_claims());
    let out = verify_hs(
        &token,
        &[
            "--iss",
            ISS,
            "--aud",
            AUD,
            "--nonce",
            "n-0S6_WzA2Mj",
            "--acr",
            "urn:example:loa:1",
            "--acr",
            "urn:example:loa:2",
            "--typ",
            "JWT",
            "--max-age",
            "3600",
            "--leeway",
            "0",
        ],
    );
    out.assert_ok();
    let claims = out.json();
    assert_eq!(claims["iss"], ISS);
    assert_eq!(claims["sub"], "user-42");
    assert_eq!(claims["aud"], json!([AUD, "other-client"]));
    assert_eq!(claims["azp"], AUD);
    assert_eq!(claims["exp"], 1_767_229_200u64);
    assert_eq!(claims["nonce"], "n-0S6_WzA2Mj");
    assert_eq!(claims["acr"], "urn:example:loa:2");
    assert_eq!(claims["name"], "Jane \"J\" Doe / \u{e9}");
    assert_eq!(claims, id_claims());
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
}

#[test]
fn escaped_strings_are_printed_decoded() {
    let payload = br#"{"iss":"https:\/\/issuer.example.com","aud":"client-123","exp":1767229200,"x":"\u00e9\n"}"#;
    let k = rfc7515("A.1")["jwk"]["k"].as_str().unwrap().to_owned();
    let token = hs256_raw(&unb64u(&k), br#"{"alg":"HS256"}"#, payload);
    let out = verify_hs(&token, &["--iss", ISS, "--aud", AUD]);
    out.assert_ok();
    let claims = out.json();
    assert_eq!(claims["iss"], ISS);
    assert_eq!(claims["x"], "\u{e9}\n");
    assert!(out.stdout_text().contains("https://issuer.example.com"));
}

#[test]
fn claim_checks_reject_with_their_code() {
    let token = hs256(&id_claims());
    let cases: &[(&[&str], &str)] = &[
        (
            &["--iss", "https://evil.example.com", "--aud", AUD],
            "issuer_mismatch",
        ),
        (&["--iss", ISS, "--aud", "client-999"], "audience_mismatch"),
        (
            &[
                "--iss",
                ISS,
                "--aud",
                "other-client",
                "--profile",
                "id-token",
            ],
            "azp_mismatch",
        ),
        // azp is an ID-token rule: the default profile (jwt) does not compare it.
        (
            &["--iss", ISS, "--aud", "other-client", "--nonce", "x"],
            "nonce_mismatch",
        ),
        (
            &["--iss", ISS, "--aud", AUD, "--nonce", "other"],
            "nonce_mismatch",
        ),
        (
            &["--iss", ISS, "--aud", AUD, "--acr", "urn:example:loa:3"],
            "acr_not_allowed",
        ),
        (
            &["--iss", ISS, "--aud", AUD, "--typ", "at+jwt"],
            "typ_mismatch",
        ),
        (
            &[
                "--iss",
                ISS,
                "--aud",
                AUD,
                "--max-age",
                "60",
                "--leeway",
                "0",
            ],
            "auth_too_old",
        ),
        (
            &[
                "--iss",
                ISS,
                "--aud",
                AUD,
                "--now",
                "1767229200",
                "--leeway",
                "0",
            ],
            "expired",
        ),
        (
            &[
                "--iss",
                ISS,
                "--aud",
                AUD,
                "--now",
                "1767224000",
                "--leeway",
                "0",
            ],
            "not_yet_valid",
        ),
    ];
    for (extra, code) in cases {
        let out = verify_hs(&token, extra);
        out.assert_rejected(code);
    }
    // Hints show what the token said.
    let out = verify_hs(&token, &["--iss", "https://evil.example.com"]);
    assert!(out.stderr.contains(&format!("\"{ISS}\"")), "{}", out.stderr);
    let out = verify_hs(&token, &["--aud", "client-999"]);
    assert_eq!(
        out.stderr_line(1),
        "The audience (aud) does not contain the expected client."
    );
    // The default leeway is 60 s: exp + 59 still passes, exp + 60 does not.
    verify_hs(&token, &["--now", "1767229259"]).assert_ok();
    verify_hs(&token, &["--now", "1767229260"]).assert_rejected("expired");
}

#[test]
fn missing_exp_is_refused() {
    let mut claims = id_claims();
    claims.as_object_mut().unwrap().remove("exp");
    verify_hs(&hs256(&claims), &["--iss", ISS, "--aud", AUD]).assert_rejected("missing_claim");
}

#[test]
fn malformed_tokens() {
    let jwks = ec_jwks();
    for token in [
        "not-a-token",
        "a.b",
        "a.b.c.d",
        "eyJhbGciOiJIUzI1NiJ9.e30.=",
        "",
    ] {
        let out = run(&["verify", "--jwks", &jwks, "--now", NOW, token]);
        out.assert_rejected("malformed");
    }
    let out = run(&["verify", "--jwks", &jwks, "not-a-token"]);
    assert!(out.stderr.contains("hint: TOKEN is not an existing file"));
    // An empty payload is not a JWT.
    let k = rfc7515("A.1")["jwk"]["k"].as_str().unwrap().to_owned();
    let empty = hs256_raw(&unb64u(&k), br#"{"alg":"HS256"}"#, b"");
    verify_hs(&empty, &[]).assert_rejected("malformed");
    // A payload that is not JSON is not a JWT either.
    let text = hs256_raw(&unb64u(&k), br#"{"alg":"HS256"}"#, b"hello");
    verify_hs(&text, &[]).assert_rejected("malformed");
}

#[test]
fn token_from_stdin_with_whitespace() {
    let token = hs256(&id_claims());
    let jwks = ec_jwks();
    let secret = a1_secret_file();
    let input = format!("  \n\t{token} \r\n\n");
    let out = run_with(
        &[
            "verify",
            "--jwks",
            &jwks,
            "--hmac-secret-file",
            &secret,
            "--iss",
            ISS,
            "--aud",
            AUD,
            "--now",
            NOW,
            "-",
        ],
        Some(input.as_bytes()),
    );
    out.assert_ok();
    assert_eq!(out.json()["sub"], "user-42");
    // Garbage on stdin is rejected, not a usage error.
    let out = run_with(
        &["verify", "--jwks", &jwks, "--now", NOW, "-"],
        Some(b"  x.y.z  \n"),
    );
    out.assert_rejected("malformed");
}

#[test]
fn token_from_file() {
    let token = hs256(&id_claims());
    let file = tmp("id_token.jwt", format!("{token}\n").as_bytes());
    let out = verify_hs(&file, &["--iss", ISS, "--aud", AUD]);
    out.assert_ok();
    assert_eq!(out.json()["iss"], ISS);
}

#[test]
fn skipped_keys_are_noted_after_the_verdict() {
    let a3 = rfc7515("A.3");
    let jwks = jwks_file(&[
        json!({"kty": "oct", "k": "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ"}),
        a3["jwk"].clone(),
        json!({"kty": "OKP", "crv": "X25519", "x": "hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo"}),
    ]);
    let out = run(&[
        "verify",
        "--jwks",
        &jwks,
        "--now",
        "1300819370",
        &token_of(&a3),
    ]);
    out.assert_ok();
    assert!(
        out.stderr.lines().any(|l| l == "note: 2 keys skipped"),
        "{}",
        out.stderr
    );
    let skipped: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("note: skipped key"))
        .collect();
    assert_eq!(
        skipped,
        [
            "note: skipped key without kid: unsupported_kty",
            "note: skipped key without kid: unsupported_crv"
        ]
    );
    // Rejected: `rejected:` still comes first.
    let out = run(&["verify", "--jwks", &jwks, &token_of(&a3)]);
    out.assert_rejected("expired");
    assert!(
        out.stderr.lines().any(|l| l == "note: 2 keys skipped"),
        "{}",
        out.stderr
    );
}

/// The Yahoo-shaped JWKS of tests/data/keysets: a token naming its weak key is refused as
/// `weak_key` (never `unknown_kid`), and the skipped key is listed with its kid and reason.
#[test]
fn a_token_naming_a_skipped_key_gets_its_reason() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/data/keysets");
    let doc: Value =
        serde_json::from_slice(&std::fs::read(format!("{dir}/tokens.json")).unwrap()).unwrap();
    let case = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["expect"] == "weak_key")
        .unwrap();
    let now = doc["now"].as_u64().unwrap().to_string();
    let out = run(&[
        "verify",
        "--jwks",
        &format!("{dir}/yahoo_shaped.json"),
        "--iss",
        doc["issuer"].as_str().unwrap(),
        "--aud",
        doc["client_id"].as_str().unwrap(),
        "--now",
        &now,
        case["token"].as_str().unwrap(),
    ]);
    out.assert_rejected("weak_key");
    let notes: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("note:"))
        .collect();
    assert_eq!(
        notes,
        [
            "note: 1 keys skipped",
            "note: skipped key kid=\"yh-weak-1024\": weak (a token naming it is refused as weak_key)"
        ],
        "{}",
        out.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// verify --signature-only

/// RFC 7520 §4.5's key and protected header.
fn rfc7520_4_5() -> Value {
    read_json("tests/data/rfc7520/jws/4_5.signature_with_detached_content.json")
}

#[test]
fn signature_only_accepts_an_empty_payload() {
    let v = rfc7520_4_5();
    let secret = unb64u(v["input"]["key"]["k"].as_str().unwrap());
    let secret_file = tmp("k.bin", &secret);
    let protected = v["signing"]["protected_b64u"].as_str().unwrap();
    let header = unb64u(protected);
    // A JWS over `protected.` with the RFC 7520 §4.5 key: an empty payload, attached.
    let token = hs256_raw(&secret, &header, b"");
    assert!(token.starts_with(&format!("{protected}..")));
    let jwks = ec_jwks();
    let out = run(&[
        "verify",
        "--jwks",
        &jwks,
        "--hmac-secret-file",
        &secret_file,
        "--signature-only",
        &token,
    ]);
    out.assert_ok();
    assert!(out.stdout.is_empty());
    // As a JWT, the same token is malformed.
    let out = run(&[
        "verify",
        "--jwks",
        &jwks,
        "--hmac-secret-file",
        &secret_file,
        "--now",
        NOW,
        &token,
    ]);
    out.assert_rejected("malformed");
    // RFC 7520 §4.5 itself signs the detached payload, which its compact form leaves out:
    // verified as an attached empty payload, its signature cannot match.
    let detached = v["output"]["compact"].as_str().unwrap();
    let out = run(&[
        "verify",
        "--jwks",
        &jwks,
        "--hmac-secret-file",
        &secret_file,
        "--signature-only",
        detached,
    ]);
    out.assert_rejected("bad_signature");
}

#[test]
fn signature_only_prints_the_raw_payload() {
    let a1 = rfc7515("A.1");
    let jwks = ec_jwks();
    let secret = a1_secret_file();
    // The 2011 exp does not matter here: no claim is checked.
    let out = run(&[
        "verify",
        "--jwks",
        &jwks,
        "--hmac-secret-file",
        &secret,
        "--signature-only",
        &token_of(&a1),
    ]);
    out.assert_ok();
    assert_eq!(out.stdout, a1["payload"].as_str().unwrap().as_bytes());
    assert!(out.stdout.windows(2).any(|w| w == b"\r\n"));
    // Non-JSON payload (RFC 7520 §4.4, HS256).
    let v = read_json("tests/data/rfc7520/jws/4_4.hmac-sha2_integrity_protection.json");
    let secret = tmp("k.bin", &unb64u(v["input"]["key"]["k"].as_str().unwrap()));
    let out = run(&[
        "verify",
        "--jwks",
        &jwks,
        "--hmac-secret-file",
        &secret,
        "--signature-only",
        v["output"]["compact"].as_str().unwrap(),
    ]);
    out.assert_ok();
    assert_eq!(
        out.stdout,
        v["input"]["payload"].as_str().unwrap().as_bytes()
    );
    // Signature still checked.
    let a3 = rfc7515("A.3");
    let tampered = token_of(&a3).replacen("eyJpc3Mi", "eyJpc3Ni", 1);
    let out = run(&[
        "verify",
        "--jwks",
        &jwks_file(&[a3["jwk"].clone()]),
        "--signature-only",
        &tampered,
    ]);
    out.assert_rejected("bad_signature");
}

#[test]
fn signature_only_conflicts_with_claim_options() {
    let out = run(&[
        "verify",
        "--jwks",
        &ec_jwks(),
        "--signature-only",
        "--iss",
        ISS,
        &token_of(&rfc7515("A.3")),
    ]);
    out.assert_usage("--iss");
}

// ---------------------------------------------------------------------------------------------
// verify: usage and input errors (exit 2)

#[test]
fn usage_errors_exit_2() {
    let token = token_of(&rfc7515("A.3"));
    let jwks = ec_jwks();
    run(&["verify", &token]).assert_usage("--jwks");
    run(&["verify", "--jwks", "/nonexistent/jwks.json", &token])
        .assert_usage("/nonexistent/jwks.json");
    run(&["verify", "--jwks", &jwks, "--alg", "XS256", &token])
        .assert_usage("unknown algorithm 'XS256'");
    run(&["verify", "--jwks", &jwks, "--alg", "none", &token])
        .assert_usage("unknown algorithm 'none'");
    run(&["verify", "--jwks", &jwks, "--alg", "rs256", &token]).assert_usage("'rs256'");
    run(&["verify", "--jwks", &jwks, "--now=-5", &token]).assert_usage("--now");
    run(&["verify", "--jwks", &jwks, "--iss", "", &token]).assert_usage("--iss");
    run(&["verify", "--jwks", &jwks]).assert_usage("TOKEN");
    run(&["verify", "--jwks", &jwks, "/nonexistent/token.jwt"])
        .assert_usage("/nonexistent/token.jwt");
    run(&[
        "verify",
        "--jwks",
        &jwks,
        "--hmac-secret-file",
        "/nonexistent/secret",
        &token,
    ])
    .assert_usage("/nonexistent/secret");
    run(&["frobnicate"]).assert_usage("frobnicate");
    run(&[]).assert_usage("Usage");
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    run(&["verify", "--jwks", dir.to_str().unwrap(), &token]).assert_usage("directory");
}

#[test]
fn unusable_jwks_exit_2() {
    let token = token_of(&rfc7515("A.3"));
    let only_oct = jwks_file(&[json!({"kty": "oct", "k": "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ"})]);
    run(&["verify", "--jwks", &only_oct, &token]).assert_usage("no usable signing key");
    let not_json = tmp("jwks.json", b"{\"keys\": [");
    run(&["verify", "--jwks", &not_json, &token]).assert_usage("malformed");
    let no_keys = tmp("jwks.json", b"{\"kty\":\"EC\"}");
    run(&["verify", "--jwks", &no_keys, &token]).assert_usage("malformed");
    // With an HMAC secret, a JWKS without usable keys is fine.
    let secret = a1_secret_file();
    let out = run(&[
        "verify",
        "--jwks",
        &only_oct,
        "--hmac-secret-file",
        &secret,
        "--now",
        "1300819370",
        &token_of(&rfc7515("A.1")),
    ]);
    out.assert_ok();
    assert_eq!(out.json()["iss"], "joe");
}

#[test]
fn short_hmac_secret_exit_2() {
    let short = tmp("short.bin", b"0123456789abcdef");
    let out = run(&[
        "verify",
        "--jwks",
        &ec_jwks(),
        "--hmac-secret-file",
        &short,
        &token_of(&rfc7515("A.1")),
    ]);
    out.assert_usage("shorter than 32 bytes");
}

#[test]
fn help_has_examples() {
    for args in [
        &["--help"][..],
        &["verify", "--help"],
        &["decode", "--help"],
        &["discover", "--help"],
        &["pkce", "--help"],
    ] {
        let out = run(args);
        out.assert_ok();
        let text = out.stdout_text();
        assert!(text.contains("Example"), "{args:?}: {text}");
        assert!(text.contains("idgate "), "{args:?}: {text}");
    }
}

// ---------------------------------------------------------------------------------------------
// decode

#[test]
fn decode_prints_unverified_header_and_payload() {
    let a1 = rfc7515("A.1");
    let out = run(&["decode", &token_of(&a1)]);
    out.assert_ok();
    let v = out.json();
    assert_eq!(v["UNVERIFIED"], true);
    assert_eq!(v["header"], json!({"typ": "JWT", "alg": "HS256"}));
    assert_eq!(v["payload"]["iss"], "joe");
    assert_eq!(v["payload"]["exp"], 1_300_819_380u64);
    assert_eq!(v["signature_len"], 32);
    assert!(v.get("payload_note").is_none());
    // From stdin, with whitespace; a forged signature decodes all the same.
    let forged = hs256_raw(
        &[1u8; 32],
        br#"{"alg":"RS256","kid":"k"}"#,
        br#"{"sub":"x"}"#,
    );
    let out = run_with(&["decode", "-"], Some(format!("\n {forged}\n").as_bytes()));
    out.assert_ok();
    let v = out.json();
    assert_eq!(v["header"]["kid"], "k");
    assert_eq!(v["payload"], json!({"sub": "x"}));
}

#[test]
fn decode_non_json_payloads() {
    // Empty (RFC 7520 §4.5 detached content).
    let v = rfc7520_4_5();
    let out = run(&["decode", v["output"]["compact"].as_str().unwrap()]);
    out.assert_ok();
    let d = out.json();
    assert_eq!(d["UNVERIFIED"], true);
    assert_eq!(d["header"]["kid"], "018c0ae5-4d9b-471b-bfd6-eef314bc7037");
    assert_eq!(d["payload_text"], "");
    assert!(d["payload_note"].as_str().unwrap().contains("empty"));
    assert!(d.get("payload").is_none());
    // Text (RFC 7520 §4.4).
    let v = read_json("tests/data/rfc7520/jws/4_4.hmac-sha2_integrity_protection.json");
    let out = run(&["decode", v["output"]["compact"].as_str().unwrap()]);
    out.assert_ok();
    let d = out.json();
    assert_eq!(d["payload_text"], v["input"]["payload"]);
    assert!(d["payload_note"].as_str().unwrap().contains("not JSON"));
    // Binary.
    let token = hs256_raw(&[1u8; 32], br#"{"alg":"HS256"}"#, &[0xff, 0x00, 0xfe]);
    let out = run(&["decode", &token]);
    out.assert_ok();
    let d = out.json();
    assert_eq!(d["payload_base64url"], b64u(&[0xff, 0x00, 0xfe]));
    assert!(d["payload_note"].as_str().unwrap().contains("base64url"));
}

#[test]
fn decode_rejects_what_it_cannot_decode() {
    run(&["decode", "not-a-token"]).assert_rejected("malformed");
    run(&["decode", "e30.e30"]).assert_rejected("malformed");
    // Header not JSON.
    let bad = format!("{}.e30.AAAA", b64u(b"{alg"));
    run(&["decode", &bad]).assert_rejected("malformed");
    // A JWE (five segments).
    let jwe = format!("{}.a.b.c.d", b64u(br#"{"alg":"RSA-OAEP","enc":"A128GCM"}"#));
    run(&["decode", &jwe]).assert_rejected("unsupported_alg");
    run(&["decode"]).assert_usage("TOKEN");
}

// ---------------------------------------------------------------------------------------------
// discover

fn discovery_sample() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/openid-configuration.json")
        .to_str()
        .unwrap()
        .to_owned()
}

#[test]
fn discover_summarises_the_document() {
    let out = run(&["discover", &discovery_sample()]);
    out.assert_ok();
    let text = out.stdout_text();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "issuer:   https://issuer.example.com");
    assert_eq!(
        lines[1],
        "jwks_uri: https://issuer.example.com/.well-known/jwks.json"
    );
    assert_eq!(
        lines[2],
        "id_token_signing_alg_values_supported: RS256, ES256, EdDSA, HS256, none, ES256K"
    );
    assert_eq!(
        lines[3],
        "  supported by idgate:                      RS256, ES256, EdDSA"
    );
    assert_eq!(
        lines[4],
        "  with --hmac-secret-file (client_secret):  HS256"
    );
    assert_eq!(
        lines[5],
        "  not supported:                            none, ES256K"
    );
    assert!(
        text.contains("curl -fsS https://issuer.example.com/.well-known/jwks.json -o jwks.json")
    );
    let verify_line = lines
        .iter()
        .find(|l| l.starts_with("idgate verify"))
        .unwrap();
    assert_eq!(
        *verify_line,
        "idgate verify --jwks jwks.json --profile id-token --iss https://issuer.example.com \
         --aud YOUR_CLIENT_ID --alg RS256 --alg ES256 --alg EdDSA ID_TOKEN"
    );
}

#[test]
fn discover_requires_issuer_and_jwks_uri() {
    let no_iss = tmp("d.json", br#"{"jwks_uri":"https://x/jwks"}"#);
    run(&["discover", &no_iss]).assert_usage("issuer");
    let no_jwks = tmp("d.json", br#"{"issuer":"https://x"}"#);
    run(&["discover", &no_jwks]).assert_usage("jwks_uri");
    let bad_type = tmp("d.json", br#"{"issuer":1,"jwks_uri":"https://x/jwks"}"#);
    run(&["discover", &bad_type]).assert_usage("issuer");
    let not_json = tmp("d.json", b"<html>");
    run(&["discover", &not_json]).assert_usage("not valid JSON");
    run(&["discover", "/nonexistent/oidc.json"]).assert_usage("/nonexistent/oidc.json");
    // Without the alg list, still a summary (and a quoted issuer when it needs it).
    let minimal = tmp(
        "d.json",
        br#"{"issuer":"https://x.example/t enant","jwks_uri":"https://x.example/jwks"}"#,
    );
    let out = run(&["discover", &minimal]);
    out.assert_ok();
    assert!(out.stdout_text().contains("not listed"));
    assert!(
        out.stdout_text()
            .contains("--iss 'https://x.example/t enant' --aud YOUR_CLIENT_ID ID_TOKEN")
    );
}

// ---------------------------------------------------------------------------------------------
// The generated fixtures (tests/data/fixtures/) and the sample (examples/sample/)

fn fixture(name: &str) -> String {
    repo_file("tests/data/fixtures")
        .join(name)
        .to_str()
        .unwrap()
        .to_owned()
}

/// Runs one fixture case through `idgate verify` with the policy the fixtures README gives:
/// issuer, audience, `now`, leeway 0, `--profile id-token` and the nonce for ID tokens,
/// `--profile access-token` for the access tokens. The token is passed as a file for the large cases.
fn run_case(doc: &Value, case: &Value, extra: &[&str]) -> Out {
    let name = case["name"].as_str().unwrap();
    let token = case["token"].as_str().unwrap();
    let jwks = fixture(case["jwks"].as_str().unwrap());
    let now = doc["now"].as_u64().unwrap().to_string();
    let mut args: Vec<String> = [
        "verify",
        "--jwks",
        &jwks,
        "--iss",
        doc["issuer"].as_str().unwrap(),
        "--aud",
        doc["client_id"].as_str().unwrap(),
        "--now",
        &now,
        "--leeway",
        "0",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    if case["profile"] == "access_token" {
        args.extend(["--profile".to_owned(), "access-token".to_owned()]);
    } else {
        args.extend([
            "--profile".to_owned(),
            "id-token".to_owned(),
            "--nonce".to_owned(),
            doc["nonce"].as_str().unwrap().to_owned(),
        ]);
    }
    if case["hmac"] == true {
        let secret = case
            .get("hmac_secret")
            .and_then(Value::as_str)
            .unwrap_or("hmac_secret.bin");
        args.extend(["--hmac-secret-file".to_owned(), fixture(secret)]);
    }
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    if token.len() > 8000 {
        args.push(tmp(&format!("{name}.jwt"), token.as_bytes()));
    } else {
        args.push(token.to_owned());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&args)
}

/// Every case of a fixture file gives its expected outcome through the CLI; valid ones print
/// exactly the token's claim set (as parsed JSON). Returns (cases checked, valid ones).
fn check_fixture_file(file: &str) -> (usize, usize) {
    let doc = read_json(&format!("tests/data/fixtures/{file}"));
    let (mut checked, mut valid) = (0, 0);
    for case in doc["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let expect = case["expect"].as_str().unwrap();
        let out = run_case(&doc, case, &[]);
        // The CLI allows HS* only with --hmac-secret-file: an HS token with an RSA kid and no
        // secret stops at the allow-list, before key choice.
        let expect = if name == "alg_confusion_hs256" {
            "alg_not_allowed"
        } else {
            expect
        };
        if expect == "valid" {
            assert_eq!(out.code, 0, "{name}: {}", out.stderr);
            let claims = out.json();
            let payload = case["token"].as_str().unwrap().split('.').nth(1).unwrap();
            let want: Value = serde_json::from_slice(&unb64u(payload)).unwrap();
            assert_eq!(claims, want, "{name}");
            assert_eq!(claims["iss"], doc["issuer"], "{name}");
            assert!(
                claims["aud"] == doc["client_id"]
                    || claims["aud"]
                        .as_array()
                        .is_some_and(|a| a.contains(&doc["client_id"])),
                "{name}"
            );
            assert!(!out.stderr.contains("warning"), "{name}: {}", out.stderr);
            valid += 1;
        } else {
            assert_eq!(
                (out.code, out.stderr_line(0)),
                (1, format!("rejected: {expect}").as_str()),
                "{name}: {}",
                out.stderr
            );
            assert!(out.stdout.is_empty(), "{name}");
        }
        checked += 1;
    }
    (checked, valid)
}

#[test]
fn fixture_cases_through_the_cli() {
    assert_eq!(check_fixture_file("tokens.json"), (63, 38));
}

#[test]
fn large_fixture_cases_through_the_cli() {
    assert_eq!(check_fixture_file("tokens_large.json"), (6, 5));
}

#[test]
fn fixture_alg_confusion_with_hs_allowed_is_key_mismatch() {
    let doc = read_json("tests/data/fixtures/tokens.json");
    let case = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "alg_confusion_hs256")
        .unwrap();
    run_case(&doc, case, &["--alg", "HS256", "--alg", "RS256"]).assert_rejected("key_mismatch");
}

#[test]
fn fixture_mixed_jwks_notes_skipped_keys() {
    let doc = read_json("tests/data/fixtures/tokens.json");
    let case = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "es256_mixed")
        .unwrap();
    let out = run_case(&doc, case, &[]);
    out.assert_ok();
    assert!(
        out.stderr
            .lines()
            .any(|l| l.starts_with("note: ") && l.ends_with(" keys skipped")),
        "{}",
        out.stderr
    );
    // Only a weak key: exit 2.
    let out = run(&[
        "verify",
        "--jwks",
        &fixture("jwks_weak.json"),
        case["token"].as_str().unwrap(),
    ]);
    out.assert_usage("weak_key");
}

/// The command of the main README, run from the repository root.
#[test]
fn readme_sample_command() {
    let root = repo_file("");
    let args = [
        "verify",
        "--jwks",
        "examples/sample/jwks.json",
        "--iss",
        ISS,
        "--aud",
        AUD,
        "--now",
        NOW,
        "examples/sample/id_token.jwt",
    ];
    let out = Command::new(BIN)
        .args(args)
        .current_dir(&root)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let claims: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(claims["iss"], ISS);
    assert_eq!(claims["sub"], "user-42");
    assert_eq!(claims["azp"], AUD);
    assert_eq!(claims["nonce"], "n-0S6_WzA2Mj");
    assert_eq!(claims["exp"], 1_767_229_200u64);
    assert!(claims["aud"] == AUD || claims["aud"].as_array().unwrap().contains(&json!(AUD)));
    assert!(stderr.is_empty(), "{stderr}");
    // An hour later it has expired; another audience is refused.
    let jwks = repo_file("examples/sample/jwks.json");
    let token = std::fs::read_to_string(repo_file("examples/sample/id_token.jwt")).unwrap();
    let jwks = jwks.to_str().unwrap();
    run(&[
        "verify",
        "--jwks",
        jwks,
        "--iss",
        ISS,
        "--aud",
        AUD,
        "--now",
        "1767232800",
        &token,
    ])
    .assert_rejected("expired");
    run(&[
        "verify",
        "--jwks",
        jwks,
        "--iss",
        ISS,
        "--aud",
        "client-999",
        "--now",
        NOW,
        &token,
    ])
    .assert_rejected("audience_mismatch");
    run(&[
        "verify", "--jwks", jwks, "--iss", ISS, "--aud", AUD, "--nonce", "x", "--now", NOW, &token,
    ])
    .assert_rejected("nonce_mismatch");
    run(&[
        "verify", "--jwks", jwks, "--alg", "ES256", "--now", NOW, &token,
    ])
    .assert_rejected("alg_not_allowed");
    // Through stdin with surrounding whitespace.
    let out = run_with(
        &[
            "verify", "--jwks", jwks, "--iss", ISS, "--aud", AUD, "--now", NOW, "-",
        ],
        Some(format!("\n  {}  \n", token.trim()).as_bytes()),
    );
    out.assert_ok();
    assert_eq!(out.json(), claims);
    // decode shows the same claims, UNVERIFIED.
    let out = run(&["decode", &token]);
    out.assert_ok();
    let d = out.json();
    assert_eq!(d["UNVERIFIED"], true);
    assert_eq!(d["header"]["alg"], "RS256");
    assert_eq!(d["header"]["kid"], "rsa-2048");
    assert_eq!(d["payload"], claims);
}

// ---------------------------------------------------------------------------------------------
// Issue #13: profiles, exact claims, limits, at_hash/c_hash, issuers, PKCE, discover

fn hs256_with(header: &str, claims: &Value) -> String {
    let k = rfc7515("A.1")["jwk"]["k"].as_str().unwrap().to_owned();
    hs256_raw(
        &unb64u(&k),
        header.as_bytes(),
        claims.to_string().as_bytes(),
    )
}

#[test]
fn profiles_select_the_rules() {
    // An access token whose azp names the client: accepted as an access token (RFC 9068).
    let at = json!({"iss": ISS, "sub": "u", "aud": "https://api", "azp": AUD, "client_id": AUD,
                    "exp": 1_767_229_200u64, "iat": 1_767_225_000u64, "jti": "j"});
    let token = hs256_with(r#"{"alg":"HS256","typ":"at+jwt"}"#, &at);
    let base = ["--iss", ISS, "--aud", "https://api"];
    let args = |p: &'static str| -> Vec<&str> {
        let mut v = base.to_vec();
        v.extend_from_slice(&["--profile", p]);
        v
    };
    verify_hs(&token, &args("access-token")).assert_ok();
    verify_hs(&token, &args("id-token")).assert_rejected("typ_mismatch");
    // A logout token is no ID token; as a logout token it passes.
    let lt = json!({"iss": ISS, "aud": AUD, "iat": 1_767_225_000u64, "jti": "j", "sid": "s",
                    "events": {"http://schemas.openid.net/event/backchannel-logout": {}}});
    let token = hs256_with(r#"{"alg":"HS256","typ":"logout+jwt"}"#, &lt);
    verify_hs(&token, &["--iss", ISS, "--aud", AUD, "--profile", "logout"]).assert_ok();
    let out = verify_hs(
        &token,
        &["--iss", ISS, "--aud", AUD, "--profile", "id-token"],
    );
    out.assert_rejected("typ_mismatch");
    let mut no_events = lt.clone();
    no_events.as_object_mut().unwrap().remove("events");
    let token = hs256_with(r#"{"alg":"HS256","typ":"logout+jwt"}"#, &no_events);
    let out = verify_hs(&token, &["--iss", ISS, "--aud", AUD, "--profile", "logout"]);
    out.assert_rejected("missing_claim");
    assert!(out.stderr.contains("missing: events"), "{}", out.stderr);
    run(&["verify", "--help"]).assert_ok();
    assert!(
        run(&["verify", "--help"])
            .stdout_text()
            .contains("[default: jwt]")
    );
}

#[test]
fn claims_are_printed_as_signed() {
    let payload = br#"{"iss":"https:\/\/issuer.example.com","exp":1767229200,"big":123456789012345678901234567890,"dec":0.10}"#;
    let k = rfc7515("A.1")["jwk"]["k"].as_str().unwrap().to_owned();
    let token = hs256_raw(&unb64u(&k), br#"{"alg":"HS256"}"#, payload);
    let out = verify_hs(&token, &["--iss", ISS]);
    out.assert_ok();
    let text = out.stdout_text();
    assert!(
        text.contains(r#""big": 123456789012345678901234567890,"#),
        "{text}"
    );
    assert!(text.contains(r#""dec": 0.10"#), "{text}");
    assert!(
        text.contains(r#""iss": "https://issuer.example.com","#),
        "{text}"
    );
}

#[test]
fn oversized_stdin_token_is_too_large_and_now_in_ms_is_refused() {
    let jwks = ec_jwks();
    // Past the CLI's 1 MiB input bound (read whole, so the pipe never breaks), and past the
    // library's 16 KiB: both are the library's verdict.
    for len in [1024 * 1024 + 1, 20_000] {
        let big = vec![b'a'; len];
        let out = run_with(&["verify", "--jwks", &jwks, "--now", NOW, "-"], Some(&big));
        out.assert_rejected("too_large");
    }
    let token = hs256(&id_claims());
    let out = verify_hs(&token, &["--now", "1767225600000"]);
    out.assert_usage("looks like milliseconds");
}

#[test]
fn at_hash_c_hash_issuers_and_tenants() {
    // OIDC Core A.3 / A.4 values.
    const AT: &str = "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y";
    const CODE: &str = "Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk";
    let mut c = id_claims();
    c["at_hash"] = "77QmUPtjPfzWtF2AnpK9RQ".into();
    c["c_hash"] = "LDktKdoQak3Pk0cnXxCltA".into();
    let token = hs256(&c);
    let base = ["--iss", ISS, "--aud", AUD, "--profile", "id-token"];
    let with = |extra: &[&'static str]| -> Vec<&str> {
        let mut v = base.to_vec();
        v.extend_from_slice(extra);
        v
    };
    verify_hs(&token, &with(&["--access-token", AT, "--code", CODE])).assert_ok();
    let out = verify_hs(&token, &with(&["--access-token", "other"]));
    out.assert_rejected("at_hash_mismatch");
    verify_hs(&token, &with(&["--code", "other"])).assert_rejected("c_hash_mismatch");
    verify_hs(&hs256(&id_claims()), &with(&["--access-token", AT]))
        .assert_rejected("missing_claim");
    // Several issuers; a template with tenants.
    let entra = "https://login.microsoftonline.com/{tenantid}/v2.0";
    let mut c = id_claims();
    c["iss"] = "https://login.microsoftonline.com/t-1/v2.0".into();
    c["tid"] = "t-1".into();
    let token = hs256(&c);
    let args = ["--iss", ISS, "--iss", entra, "--aud", AUD];
    verify_hs(&token, &args).assert_ok();
    let mut t = args.to_vec();
    t.extend_from_slice(&["--tenant", "t-1"]);
    verify_hs(&token, &t).assert_ok();
    let mut t = args.to_vec();
    t.extend_from_slice(&["--tenant", "t-2"]);
    verify_hs(&token, &t).assert_rejected("issuer_mismatch");
    verify_hs(&token, &["--iss", ISS, "--aud", AUD]).assert_rejected("issuer_mismatch");
}

#[test]
fn pkce_and_discover_templates() {
    let out = run(&["pkce", "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"]);
    out.assert_ok();
    assert_eq!(
        out.stdout_text(),
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM\n"
    );
    run(&["pkce", "short"]).assert_usage("43 to 128");
    let entra = tmp(
        "d.json",
        br#"{"issuer":"https://login.microsoftonline.com/{tenantid}/v2.0","jwks_uri":"https://login.microsoftonline.com/common/discovery/v2.0/keys","id_token_signing_alg_values_supported":["RS256"]}"#,
    );
    let out = run(&["discover", &entra]);
    out.assert_ok();
    let text = out.stdout_text();
    assert!(text.contains("the issuer is a template"), "{text}");
    assert!(text.contains("--tenant YOUR_TENANT_ID"), "{text}");
    let unsupported = tmp(
        "d.json",
        br#"{"issuer":"https://x","jwks_uri":"https://x/jwks","id_token_signing_alg_values_supported":["ES256K","none"]}"#,
    );
    let out = run(&["discover", &unsupported]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("idgate does not support"),
        "{}",
        out.stderr
    );
}

/// Hints come from the library's detail of the refusal: the byte at fault, the claim with the
/// expected and found values, the dates of a time check.
#[test]
fn hints_from_the_refusal_detail() {
    let jwks = repo_file("examples/sample/jwks.json");
    let jwks = jwks.to_str().unwrap();
    let token = std::fs::read_to_string(repo_file("examples/sample/id_token.jwt")).unwrap();
    let token = token.trim();
    let verify = |aud: &str, now: &str, token: &str| {
        run(&[
            "verify",
            "--profile",
            "id-token",
            "--jwks",
            jwks,
            "--iss",
            ISS,
            "--aud",
            aud,
            "--now",
            now,
            token,
        ])
    };
    let out = verify(AUD, "1767232800", token);
    out.assert_rejected("expired");
    assert!(
        out.stderr
            .contains("hint: exp is 1767229200, now is 1767232800, leeway 60"),
        "{}",
        out.stderr
    );
    let out = verify("client-999", NOW, token);
    out.assert_rejected("audience_mismatch");
    assert!(
        out.stderr
            .contains("hint: the token's aud is \"client-123\", expected \"client-999\""),
        "{}",
        out.stderr
    );
    let dot = token.find('.').unwrap();
    let mut bad = token.to_owned();
    bad.replace_range(dot + 3..dot + 4, "*");
    let out = verify(AUD, NOW, &bad);
    out.assert_rejected("malformed");
    let want = format!(
        "hint: in the payload segment, at byte {} of the token",
        dot + 3
    );
    assert!(out.stderr.contains(&want), "{}", out.stderr);
}
