//! DPoP proofs (RFC 9449) and certificate-bound tokens (RFC 8705): RFC 9449's own example
//! proofs, then every case of `tests/data/dpop/cases.json` (made by `generate.py` there)
//! with its exact outcome, the replay cache, and the mTLS binding.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects,
    missing_docs
)]

use std::sync::{Arc, Mutex};

use idgate::{
    CertificateHash, DpopCheck, DpopError, DpopOptions, DpopRequest, Error, KeySet, Policy,
    ReplayCache, ReplaySlot, Thumbprint, verify, verify_certificate_bound, verify_dpop,
    verify_proof,
};
use serde_json::Value;

const CASES: &str = include_str!("data/dpop/cases.json");
const JWKS: &[u8] = include_bytes!("data/dpop/jwks.json");

// RFC 9449 §4.1 (Figure 4) and §7.1 (Figure 13): the same ES256 key.
const RFC_HEADER: &str = "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwieCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCRnMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JEQSIsImNydiI6IlAtMjU2In19";
const RFC_TOKEN_PROOF: &str = "eyJqdGkiOiItQndDM0VTYzZhY2MybFRjIiwiaHRtIjoiUE9TVCIsImh0dSI6Imh0dHBzOi8vc2VydmVyLmV4YW1wbGUuY29tL3Rva2VuIiwiaWF0IjoxNTYyMjYyNjE2fQ.2-GxA6T8lP4vfrg8v-FdWP0A0zdrj8igiMLvqRMUvwnQg4PtFLbdLXiOSsX0x7NVY-FNyJK70nfbV37xRZT3Lg";
const RFC_RESOURCE_PROOF: &str = "eyJqdGkiOiJlMWozVl9iS2ljOC1MQUVCIiwiaHRtIjoiR0VUIiwiaHR1IjoiaHR0cHM6Ly9yZXNvdXJjZS5leGFtcGxlLm9yZy9wcm90ZWN0ZWRyZXNvdXJjZSIsImlhdCI6MTU2MjI2MjYxOCwiYXRoIjoiZlVIeU8ycjJaM0RaNTNFc05yV0JiMHhXWG9hTnk1OUlpS0NBcWtzbVFFbyJ9.2oW9RP35yRqzhrtNP86L-Ey71EOptxRimPPToA1plemAgR6pxHF8y6-yqyVnmcw6Fy1dqd-jfxSYoMxhAJpLjA";
const RFC_ACCESS_TOKEN: &str = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU";
const RFC_JKT: &str = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";

fn encoded(t: &Thumbprint) -> String {
    let mut out = [0u8; idgate::THUMBPRINT_B64_LEN];
    t.encode(&mut out).to_owned()
}

#[test]
fn rfc9449_example_proofs() {
    let mut scratch = [0u8; 2048];
    let proof = format!("{RFC_HEADER}.{RFC_TOKEN_PROOF}");
    let request = DpopRequest::new("POST", "https://server.example.com/token");
    let ok = verify_proof(
        proof.as_bytes(),
        &request,
        &DpopOptions::new(),
        1_562_262_616,
        &mut scratch,
    );
    let p = ok.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(encoded(&p.jkt), RFC_JKT);
    assert_eq!((p.iat, p.alg), (1_562_262_616, idgate::Alg::ES256));
    // The same proof for another method, or too late.
    let get = DpopRequest::new("GET", "https://server.example.com/token");
    let r = verify_proof(
        proof.as_bytes(),
        &get,
        &DpopOptions::new(),
        1_562_262_616,
        &mut scratch,
    );
    assert_eq!(
        r.map(|_| ()),
        Err(DpopError {
            error: Error::DpopProofInvalid,
            check: DpopCheck::Htm
        })
    );
    let r = verify_proof(
        proof.as_bytes(),
        &request,
        &DpopOptions::new(),
        1_562_262_917,
        &mut scratch,
    );
    assert_eq!(
        r.map(|_| ()),
        Err(DpopError {
            error: Error::DpopProofInvalid,
            check: DpopCheck::Iat
        })
    );

    // Figure 13: with `ath` over the access token.
    let proof = format!("{RFC_HEADER}.{RFC_RESOURCE_PROOF}");
    let request = DpopRequest::new("GET", "https://resource.example.org/protectedresource")
        .with_access_token(RFC_ACCESS_TOKEN.as_bytes());
    let r = verify_proof(
        proof.as_bytes(),
        &request,
        &DpopOptions::new(),
        1_562_262_618,
        &mut scratch,
    );
    assert_eq!(r.map(|p| encoded(&p.jkt)).as_deref(), Ok(RFC_JKT));
    let other = request.with_access_token(b"another-token");
    let r = verify_proof(
        proof.as_bytes(),
        &other,
        &DpopOptions::new(),
        1_562_262_618,
        &mut scratch,
    );
    assert_eq!(
        r.map(|_| ()),
        Err(DpopError {
            error: Error::DpopProofInvalid,
            check: DpopCheck::Ath
        })
    );
}

fn data() -> Value {
    serde_json::from_str(CASES).expect("cases.json")
}

fn keys() -> KeySet {
    let mut keys: KeySet = KeySet::new();
    keys.load_jwks(JWKS).expect("jwks");
    keys
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v[k].as_str().unwrap_or_else(|| panic!("{k}"))
}

#[test]
fn every_generated_case_has_its_exact_outcome() {
    let d = data();
    let keys = keys();
    let policy = Policy::access_token(s(&d, "issuer"), s(&d, "audience"));
    let cases = d["cases"].as_array().expect("cases");
    assert_eq!(cases.len(), 48);
    let (mut valid, mut refused) = (0, 0);
    for c in cases {
        let name = s(c, "name");
        let token = s(&d["tokens"], s(c, "token"));
        let mut request = DpopRequest::new(s(c, "method"), s(c, "uri"));
        if let Some(n) = c["nonce"].as_str() {
            request = request.with_nonce(n);
        }
        let mut slots = [ReplaySlot::EMPTY; 4];
        let mut cache = ReplayCache::new(&mut slots);
        let now = c["now"].as_u64().expect("now");
        let mut scratch = [0u8; 8192];
        let r = verify_dpop(
            token.as_bytes(),
            &keys,
            &policy,
            s(c, "proof").as_bytes(),
            &request,
            &DpopOptions::new(),
            &mut cache,
            now,
            &mut scratch,
        );
        match (c["error"].as_str(), c["check"].as_str()) {
            (None, None) => {
                let v = r.unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(v.claims.sub(), Some("user-42"), "{name}");
                assert_eq!(cache.live(now), 1, "{name}");
                valid += 1;
            }
            (Some(code), Some(check)) => {
                let e = r.err().unwrap_or_else(|| panic!("{name}: accepted"));
                assert_eq!((e.error.code(), e.check.code()), (code, check), "{name}");
                assert_eq!(cache.live(now), 0, "{name}: a refused proof was recorded");
                refused += 1;
            }
            _ => panic!("{name}: bad case"),
        }
    }
    assert_eq!((valid, refused), (9, 39));
}

fn valid_case(d: &Value) -> (&Value, &str) {
    let c = &d["cases"][0];
    assert_eq!(s(c, "name"), "valid_es256");
    (c, s(&d["tokens"], "p256"))
}

#[test]
fn replay_is_refused_and_full_cache_refuses() {
    let d = data();
    let keys = keys();
    let policy = Policy::access_token(s(&d, "issuer"), s(&d, "audience"));
    let (c, token) = valid_case(&d);
    let request = DpopRequest::new("GET", s(c, "uri"));
    let now = d["now"].as_u64().expect("now");
    let mut slots = [ReplaySlot::EMPTY; 1];
    let mut cache = ReplayCache::new(&mut slots);
    let run = |cache: &mut ReplayCache<'_>, proof: &str, at: u64| {
        let mut scratch = [0u8; 8192];
        verify_dpop(
            token.as_bytes(),
            &keys,
            &policy,
            proof.as_bytes(),
            &request,
            &DpopOptions::new(),
            cache,
            at,
            &mut scratch,
        )
        .map(|_| ())
        .map_err(|e| (e.error, e.check))
    };
    let proof = s(c, "proof");
    assert_eq!(run(&mut cache, proof, now), Ok(()));
    assert_eq!(
        run(&mut cache, proof, now + 1),
        Err((Error::DpopReplay, DpopCheck::Jti))
    );
    // Another valid proof while the one slot is live: refused, not accepted unrecorded.
    let second = s(&d["cases"][4], "proof");
    let nonce_req = request.with_nonce("n-1");
    let mut scratch = [0u8; 8192];
    let r = verify_dpop(
        token.as_bytes(),
        &keys,
        &policy,
        second.as_bytes(),
        &nonce_req,
        &DpopOptions::new(),
        &mut cache,
        now + 2,
        &mut scratch,
    );
    assert_eq!(
        r.map(|_| ()).map_err(|e| (e.error, e.check)),
        Err((Error::ReplayCacheFull, DpopCheck::Jti))
    );
    // The window is 300 s: at iat + 301 the entry has expired, and so has the proof.
    assert_eq!(
        run(&mut cache, proof, now + 301),
        Err((Error::DpopProofInvalid, DpopCheck::Iat))
    );
    assert_eq!(cache.live(now + 301), 0);
    // With a longer window the same proof is accepted again once its entry expired at
    // iat + 300 + 1 (the entry lives exactly as long as the default window accepts it).
    let mut scratch = [0u8; 8192];
    let long = DpopOptions::new().with_window(600);
    let r = verify_dpop(
        token.as_bytes(),
        &keys,
        &policy,
        proof.as_bytes(),
        &request,
        &long,
        &mut cache,
        now + 301,
        &mut scratch,
    );
    assert_eq!(r.map(|_| ()), Ok(()));
}

#[test]
fn one_cache_shared_by_threads_accepts_a_proof_once() {
    let d = data();
    let (c, token) = valid_case(&d);
    let proof = s(c, "proof").to_owned();
    let token = token.to_owned();
    let uri = s(c, "uri").to_owned();
    let now = d["now"].as_u64().expect("now");
    let issuer = s(&d, "issuer").to_owned();
    let audience = s(&d, "audience").to_owned();
    let slots: &'static mut [ReplaySlot] =
        Box::leak(vec![ReplaySlot::EMPTY; 16].into_boxed_slice());
    let cache = Arc::new(Mutex::new(ReplayCache::new(slots)));
    let results: Vec<_> = (0..8)
        .map(|_| {
            let (cache, proof, token, uri) =
                (cache.clone(), proof.clone(), token.clone(), uri.clone());
            let (issuer, audience) = (issuer.clone(), audience.clone());
            std::thread::spawn(move || {
                let keys = keys();
                let policy = Policy::access_token(&issuer, &audience);
                let request = DpopRequest::new("GET", &uri).with_access_token(token.as_bytes());
                // The signature check outside the lock, the record under it.
                let mut scratch = [0u8; 8192];
                let checked = verify_proof(
                    proof.as_bytes(),
                    &request,
                    &DpopOptions::new(),
                    now,
                    &mut scratch,
                )
                .map_err(|e| e.error)?;
                let mut scratch = [0u8; 8192];
                let mut p = policy;
                p.allow_unchecked_cnf = true;
                verify(token.as_bytes(), &keys, &p, now, &mut scratch)?;
                let mut guard = cache.lock().expect("lock");
                guard.record(&checked, now).map_err(|e| e.error)
            })
        })
        .collect();
    let outcomes: Vec<Result<(), Error>> = results
        .into_iter()
        .map(|h| h.join().expect("thread"))
        .collect();
    assert_eq!(outcomes.iter().filter(|r| r.is_ok()).count(), 1);
    assert_eq!(
        outcomes
            .iter()
            .filter(|r| **r == Err(Error::DpopReplay))
            .count(),
        7
    );
}

#[test]
fn bound_tokens_need_their_check() {
    let d = data();
    let keys = keys();
    let policy = Policy::access_token(s(&d, "issuer"), s(&d, "audience"));
    let now = d["now"].as_u64().expect("now");
    let tok = |name: &str| s(&d["tokens"], name).as_bytes().to_vec();
    let mut scratch = [0u8; 8192];
    // A bound token is not a bearer token by default...
    assert_eq!(
        verify(&tok("p256"), &keys, &policy, now, &mut scratch).err(),
        Some(Error::BindingMismatch)
    );
    assert_eq!(
        verify(&tok("mtls"), &keys, &policy, now, &mut scratch).err(),
        Some(Error::BindingMismatch)
    );
    // ...only when the policy says so; an unbound token is unaffected.
    let mut lax = policy;
    lax.allow_unchecked_cnf = true;
    assert!(verify(&tok("p256"), &keys, &lax, now, &mut scratch).is_ok());
    assert!(verify(&tok("unbound"), &keys, &policy, now, &mut scratch).is_ok());

    // RFC 8705 §3: cnf x5t#S256 against the client certificate, from DER or a hash.
    let der = include_bytes!("data/dpop/client.der");
    let cert = CertificateHash::of_der(der);
    let mut text = [0u8; 43];
    assert_eq!(
        Thumbprint::from_bytes(*cert.as_bytes()).encode(&mut text),
        s(&d, "certificate_x5t_s256")
    );
    let check = |name: &str, cert: &CertificateHash| {
        let mut scratch = [0u8; 8192];
        verify_certificate_bound(&tok(name), &keys, &policy, cert, now, &mut scratch)
            .map(|v| v.claims.sub().map(str::to_owned))
    };
    assert_eq!(check("mtls", &cert), Ok(Some("user-42".to_owned())));
    assert_eq!(
        check("mtls", &CertificateHash::from_bytes(*cert.as_bytes())),
        Ok(Some("user-42".to_owned()))
    );
    assert_eq!(check("mtls_other", &cert), Err(Error::BindingMismatch));
    assert_eq!(
        check("mtls", &CertificateHash::of_der(b"another")),
        Err(Error::BindingMismatch)
    );
    assert_eq!(check("unbound", &cert), Err(Error::BindingMismatch));
    assert_eq!(check("p256", &cert), Err(Error::BindingMismatch));
    assert_eq!(check("cnf_not_object", &cert), Err(Error::InvalidClaim));
    assert_eq!(check("expired", &cert), Err(Error::Expired));
}

#[test]
fn generated_thumbprints() {
    let doc: Value = serde_json::from_str(include_str!("data/dpop/proof_jwk.json")).expect("json");
    let keys = doc["keys"].as_array().expect("keys");
    let want = doc["thumbprints"].as_array().expect("thumbprints");
    assert_eq!(keys.len(), 3);
    for (k, w) in keys.iter().zip(want) {
        let t = Thumbprint::of_jwk(k.to_string().as_bytes()).expect("thumbprint");
        assert_eq!(encoded(&t), w.as_str().expect("str"));
    }
}
