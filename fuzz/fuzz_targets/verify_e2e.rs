//! The whole pipeline on arbitrary token bytes with the fixtures' keys (7 JWKS keys and the
//! HMAC secret) and the ID-token policy: only documented errors, never `BufferTooSmall` with
//! `scratch_len` bytes, a shorter scratch changes nothing but to `BufferTooSmall`, and
//! `verify` / `verify_signature` / `decode_unverified` agree. The same bytes also go through
//! the pipeline with every signature taken as valid (`verify_without_signature`), so that
//! arbitrary claim sets reach the policy: it must agree with `verify` on every outcome but a
//! bad signature, and whatever it accepts must satisfy the policy.
#![no_main]

use idgate::{Claims, Error, decode_unverified, scratch_len, verify, verify_signature};
use idgate_fuzz::{CLIENT_ID, ISSUER, NONCE, NOW, VERIFY_ERRORS, key_set, policy};
use libfuzzer_sys::fuzz_target;

/// What an accepted token's claims must hold under the fixed policy.
fn satisfies_policy(c: &Claims<'_>) {
    assert_eq!(c.iss(), Some(ISSUER));
    assert!(c.aud().contains(CLIENT_ID));
    assert!(c.exp().expect("exp").floor > NOW);
    assert!(c.iat().expect("iat").ceil <= NOW);
    assert!(c.nbf().is_none_or(|d| d.ceil <= NOW));
    assert_eq!(c.nonce(), Some(NONCE));
    assert!(c.azp().is_none_or(|a| a == CLIENT_ID));
    assert!(c.sub().is_some());
}

fuzz_target!(|data: &[u8]| {
    let keys = key_set();
    let p = policy();
    let mut scratch = vec![0u8; scratch_len(data.len())];
    let full = verify(data, keys, &p, NOW, &mut scratch);
    match &full {
        Ok(v) => satisfies_policy(&v.claims),
        Err(e) => assert!(
            VERIFY_ERRORS.contains(e) && *e != Error::BufferTooSmall,
            "{e:?} with scratch_len bytes"
        ),
    }
    let full = full.map(|v| v.claims.json().to_vec());

    // Everything behind the signature, reached with arbitrary claims.
    let mut s5 = vec![0u8; scratch_len(data.len())];
    let open = idgate::__fuzz::verify_without_signature(data, keys, &p, NOW, &mut s5);
    match (&full, &open) {
        (Ok(json), Ok(v)) => assert_eq!(json.as_slice(), v.claims.json()),
        (Err(Error::BadSignature), _) => {}
        (Err(e), Err(e2)) => assert_eq!(e, e2),
        (a, b) => panic!("verify {a:?}, without signature {:?}", b.map(|_| ())),
    }
    match open {
        Ok(v) => satisfies_policy(&v.claims),
        Err(e) => assert!(
            // BadSignature still comes from the signature's length check.
            VERIFY_ERRORS.contains(&e) && e != Error::BufferTooSmall,
            "{e:?} without signature"
        ),
    }

    let mut s2 = vec![0u8; scratch_len(data.len())];
    let sig = verify_signature(data, keys, &p, &mut s2).map(|j| j.payload.to_vec());
    // An empty payload is a malformed JWT before the key is chosen, and a valid JWS payload.
    let empty_payload = data.split(|b| *b == b'.').nth(1).is_some_and(<[u8]>::is_empty);
    match (&full, &sig) {
        (Ok(_), Ok(_)) => {}
        (Ok(_), Err(e)) => panic!("verify ok, verify_signature {e:?}"),
        (Err(Error::Malformed), _) if empty_payload => {}
        (Err(e), Err(e2)) => assert_eq!(e, e2),
        (Err(_), Ok(_)) => {}
    }
    if let Ok(payload) = &sig {
        let mut s3 = vec![0u8; scratch_len(data.len())];
        let u = decode_unverified(data, &mut s3).expect("verified token decodes");
        assert_eq!(u.payload, payload.as_slice());
    }

    // A shorter scratch: the same result or BufferTooSmall.
    let short = scratch.len() / 2;
    let mut s4 = vec![0u8; short];
    let r = verify(data, keys, &p, NOW, &mut s4).map(|v| v.claims.json().to_vec());
    assert!(
        r == full || r == Err(Error::BufferTooSmall),
        "{r:?} vs {full:?}"
    );
});
