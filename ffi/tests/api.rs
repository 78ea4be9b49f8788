//! The exported functions called from Rust as C would call them: the sample ID token
//! (`examples/sample/`) end to end, and key-set storage checks. The C suite
//! (`tests/test_idgate.c`) covers the rest.
#![allow(
    unsafe_code,
    missing_docs,
    clippy::undocumented_unsafe_blocks,
    clippy::unwrap_used,
    clippy::indexing_slicing
)]

use core::ffi::CStr;
use core::ptr;

use idgate_ffi::*;

/// `IDGATE_KEYSET_SIZE(8)`.
const SIZE8: usize = IDGATE_KEYSET_BASE_SIZE + 8 * IDGATE_KEYSET_SLOT_SIZE;

#[repr(C, align(16))]
struct Storage([u8; SIZE8 + 16]);

fn root_file(path: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn text(s: idgate_str) -> &'static str {
    assert!(!s.ptr.is_null());
    // Test only: the views live as long as the test's scratch buffer, which outlives every use.
    let bytes = unsafe { core::slice::from_raw_parts(s.ptr.cast::<u8>(), s.len) };
    core::str::from_utf8(bytes).unwrap()
}

fn status(s: idgate_status) -> &'static str {
    unsafe { CStr::from_ptr(idgate_status_str(s)) }
        .to_str()
        .unwrap()
}

#[test]
fn sample_id_token_end_to_end() {
    assert_eq!(IDGATE_KEYSET_ALIGN, 16);
    let mut storage = Storage([0; SIZE8 + 16]);
    let jwks = root_file("examples/sample/jwks.json");
    let token = root_file("examples/sample/id_token.jwt");
    let token = token.trim_ascii_end();
    let ks = storage.0.as_mut_ptr().cast::<idgate_keyset>();
    unsafe {
        assert_eq!(idgate_keyset_init(ks.cast(), SIZE8), IDGATE_OK);
        let (mut added, mut skipped) = (0usize, 0usize);
        let st = idgate_keyset_parse(ks, jwks.as_ptr(), jwks.len(), &mut added, &mut skipped);
        assert_eq!(status(st), "ok");
        assert_eq!((added, skipped), (2, 0));
        assert_eq!(idgate_keyset_len(ks), 2);

        let (iss, aud) = ("https://issuer.example.com", "client-123");
        let mut policy = core::mem::MaybeUninit::<idgate_policy>::uninit();
        let st = idgate_policy_id_token(
            policy.as_mut_ptr(),
            iss.as_ptr().cast(),
            iss.len(),
            aud.as_ptr().cast(),
            aud.len(),
        );
        assert_eq!(st, IDGATE_OK);
        let mut policy = policy.assume_init();
        policy.nonce = idgate_str::of("n-0S6_WzA2Mj");

        let mut scratch = vec![0u8; idgate_scratch_len(token.len())];
        let mut claims = core::mem::MaybeUninit::<idgate_claims>::uninit();
        let st = idgate_verify(
            ks,
            &policy,
            token.as_ptr(),
            token.len(),
            1_767_225_600,
            scratch.as_mut_ptr(),
            scratch.len(),
            claims.as_mut_ptr(),
        );
        assert_eq!(status(st), "ok");
        let claims = claims.assume_init();
        assert_eq!(text(claims.alg), "RS256");
        assert_eq!(text(claims.iss), iss);
        assert_eq!(text(claims.sub), "user-42");
        assert_eq!((claims.aud_count, text(claims.aud)), (1, aud));
        assert_eq!(claims.amr_count, 2);
        let mut second = idgate_str::NONE;
        assert_eq!(idgate_claims_amr(&claims, 1, &mut second), IDGATE_OK);
        assert_eq!(text(second), "mfa");
        assert!(claims.has_exp && claims.exp == 1_767_229_200);

        let (mut raw, mut raw_len) = (ptr::null::<u8>(), 0usize);
        let name = "acr";
        let st = idgate_claim_raw(&claims, name.as_ptr().cast(), 3, &mut raw, &mut raw_len);
        assert_eq!(st, IDGATE_OK);
        let raw = core::slice::from_raw_parts(raw, raw_len);
        assert_eq!(raw, br#""urn:mace:incommon:iap:silver""#);

        // One second past exp plus the default leeway: expired, claims untouched.
        let mut untouched = core::mem::MaybeUninit::<idgate_claims>::zeroed();
        let st = idgate_verify(
            ks,
            &policy,
            token.as_ptr(),
            token.len(),
            1_767_229_200 + 60,
            scratch.as_mut_ptr(),
            scratch.len(),
            untouched.as_mut_ptr(),
        );
        assert_eq!(status(st), "expired");
        assert!(untouched.assume_init().iss.ptr.is_null());
    }
}

#[test]
fn misaligned_and_small_storage() {
    let mut storage = Storage([0; SIZE8 + 16]);
    let base = storage.0.as_mut_ptr();
    unsafe {
        assert_eq!(
            idgate_keyset_init(base.add(1).cast(), SIZE8),
            IDGATE_ERR_INVALID_ARGUMENT
        );
        assert_eq!(
            idgate_keyset_init(
                base.cast(),
                IDGATE_KEYSET_BASE_SIZE + IDGATE_KEYSET_SLOT_SIZE - 1
            ),
            IDGATE_ERR_BUFFER_TOO_SMALL
        );
        assert_eq!(
            idgate_keyset_init(ptr::null_mut(), SIZE8),
            IDGATE_ERR_NULL_ARGUMENT
        );
        // Never initialised (all zero): refused.
        assert_eq!(idgate_keyset_len(base.cast()), 0);
        assert_eq!(
            idgate_keyset_clear(base.cast()),
            IDGATE_ERR_INVALID_ARGUMENT
        );
    }
    assert_eq!(idgate_keyset_size(), SIZE8);
    assert_eq!(idgate_keyset_align(), IDGATE_KEYSET_ALIGN);
}

/// The typed claim calls, `idgate_verify_signature`, `idgate_decode_unverified` and
/// `idgate_keyset_add_jwk`, on the custom-claims token and the sample (the C suite
/// `tests/test_claims.c` covers every error path).
#[test]
fn typed_claims_signature_and_one_jwk() {
    let mut storage = Storage([0; SIZE8 + 16]);
    let ks = storage.0.as_mut_ptr().cast::<idgate_keyset>();
    let token = root_file("tests/data/fixtures/custom_claims.jwt");
    let token = token.trim_ascii_end();
    let secret = root_file("tests/data/fixtures/hmac_secret.bin");
    unsafe {
        assert_eq!(idgate_keyset_init(ks.cast(), SIZE8), IDGATE_OK);
        assert_eq!(
            idgate_keyset_add_hmac(ks, secret.as_ptr(), secret.len()),
            IDGATE_OK
        );
        let mut policy = core::mem::MaybeUninit::<idgate_policy>::uninit();
        idgate_policy_init(policy.as_mut_ptr());
        let mut policy = policy.assume_init();
        policy.algs = IDGATE_ALG_HS256;
        let mut scratch = vec![0u8; idgate_scratch_len(token.len())];
        let mut claims = core::mem::MaybeUninit::<idgate_claims>::uninit();
        let st = idgate_verify(
            ks,
            &policy,
            token.as_ptr(),
            token.len(),
            1_767_225_600,
            scratch.as_mut_ptr(),
            scratch.len(),
            claims.as_mut_ptr(),
        );
        assert_eq!(status(st), "ok");
        let claims = claims.assume_init();

        let name = |s: &str| (s.as_ptr().cast::<core::ffi::c_char>(), s.len());
        let mut out = [0x5Au8; 16];
        let mut len = 0usize;
        let (p, n) = name("pid");
        let st = idgate_claim_str(&claims, p, n, out.as_mut_ptr().cast(), out.len(), &mut len);
        assert_eq!((st, len, &out[..6]), (IDGATE_OK, 5, &b"caf\xc3\xa9\0"[..]));
        let st = idgate_claim_str(&claims, p, n, ptr::null_mut(), 0, &mut len);
        assert_eq!((status(st), len), ("buffer_too_small", 5));
        let (p, n) = name("level");
        let mut v = 0i64;
        assert_eq!(idgate_claim_int(&claims, p, n, &mut v), IDGATE_OK);
        assert_eq!(v, 42);
        let st = idgate_claim_str(&claims, p, n, out.as_mut_ptr().cast(), out.len(), &mut len);
        assert_eq!(status(st), "invalid_claim");
        let (p, n) = name("verified");
        let mut b = false;
        assert_eq!(idgate_claim_bool(&claims, p, n, &mut b), IDGATE_OK);
        assert!(b);
        let (p, n) = name("groups");
        let mut count = 0usize;
        assert_eq!(
            idgate_claim_strings_count(&claims, p, n, &mut count),
            IDGATE_OK
        );
        assert_eq!(count, 3);
        let st = idgate_claim_string_at(&claims, p, n, 2, out.as_mut_ptr().cast(), 16, &mut len);
        assert_eq!((st, len, &out[..4]), (IDGATE_OK, 3, &b"a/b\0"[..]));
        let st = idgate_claim_string_at(&claims, p, n, 3, out.as_mut_ptr().cast(), 16, &mut len);
        assert_eq!(status(st), "invalid_argument");
        let (p, n) = name("tenant");
        assert_eq!(
            status(idgate_claim_int(&claims, p, n, &mut v)),
            "missing_claim"
        );

        // The signature alone (no date is looked at).
        let mut jws = core::mem::MaybeUninit::<idgate_jws>::uninit();
        let st = idgate_verify_signature(
            ks,
            &policy,
            token.as_ptr(),
            token.len(),
            scratch.as_mut_ptr(),
            scratch.len(),
            jws.as_mut_ptr(),
        );
        assert_eq!(status(st), "ok");
        let jws = jws.assume_init();
        assert_eq!(text(jws.alg), "HS256");
        let payload = core::slice::from_raw_parts(jws.payload, jws.payload_len);
        assert!(payload.starts_with(br#"{"iss":"https://issuer.example.com""#));

        // Decoded without verification.
        let mut u = core::mem::MaybeUninit::<idgate_unverified>::uninit();
        let st = idgate_decode_unverified(
            token.as_ptr(),
            token.len(),
            scratch.as_mut_ptr(),
            scratch.len(),
            u.as_mut_ptr(),
        );
        assert_eq!(status(st), "ok");
        let u = u.assume_init();
        let header = core::slice::from_raw_parts(u.header_json, u.header_json_len);
        assert_eq!(header, br#"{"alg":"HS256","typ":"JWT"}"#);
        assert_eq!((u.payload_len, u.signature_len), (payload.len(), 32));

        // One JWK: the sample's RSA key, then its token verifies.
        let jwks = root_file("examples/sample/jwks.json");
        let doc: serde_json::Value = serde_json::from_slice(&jwks).unwrap();
        let rsa = doc["keys"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["kid"] == "rsa-2048")
            .unwrap()
            .to_string();
        assert_eq!(
            idgate_keyset_add_jwk(ks, rsa.as_ptr(), rsa.len()),
            IDGATE_OK
        );
        assert_eq!(idgate_keyset_len(ks), 2);
        let st = idgate_keyset_add_jwk(ks, rsa.as_ptr(), rsa.len() - 1);
        assert_eq!(status(st), "malformed");
        let sample = root_file("examples/sample/id_token.jwt");
        let sample = sample.trim_ascii_end();
        let mut scratch = vec![0u8; idgate_scratch_len(sample.len())];
        let mut jws = core::mem::MaybeUninit::<idgate_jws>::uninit();
        let st = idgate_verify_signature(
            ks,
            &policy,
            sample.as_ptr(),
            sample.len(),
            scratch.as_mut_ptr(),
            scratch.len(),
            jws.as_mut_ptr(),
        );
        // The policy allows HS256 only; with RS256 allowed the sample's signature verifies.
        assert_eq!(status(st), "alg_not_allowed");
        policy.algs = IDGATE_ALG_RS256;
        let st = idgate_verify_signature(
            ks,
            &policy,
            sample.as_ptr(),
            sample.len(),
            scratch.as_mut_ptr(),
            scratch.len(),
            jws.as_mut_ptr(),
        );
        assert_eq!(status(st), "ok");
        assert_eq!(text(jws.assume_init().kid), "rsa-2048");
    }
}
