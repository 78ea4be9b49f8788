//! DPoP proofs (RFC 9449) on arbitrary proof bytes, presented with a fixed bound access token
//! (tests/data/dpop) for a fixed request. Both signatures are also taken as valid
//! (`__fuzz::dpop_without_signature`), so arbitrary headers, keys and claims reach every check
//! behind the proof's signature. Oracles: only documented (error, check) pairs, never
//! `BufferTooSmall` with `dpop_scratch_len` bytes; the signed and unsigned paths agree on
//! every outcome but a failed proof signature; an accepted proof is refused as a replay the
//! second time, and a full cache refuses instead of accepting.
#![no_main]

use idgate::{
    DpopCheck, DpopOptions, DpopRequest, Error, KeySet, Policy, ReplayCache, ReplaySlot,
    dpop_scratch_len, scratch_len, verify_dpop,
};
use libfuzzer_sys::fuzz_target;

const JWKS: &[u8] = include_bytes!("../../tests/data/dpop/jwks.json");
const TOKEN: &str = include_str!("../../tests/data/dpop/access_token_p256.jwt");
const NOW: u64 = 1_767_225_600;
const URI: &str = "https://api.example.com/resource";

/// Whether `e` is a pair `verify_dpop` documents.
fn documented(e: &idgate::DpopError) -> bool {
    use DpopCheck as C;
    match e.check {
        C::AccessToken => e.error != Error::BufferTooSmall,
        C::Binding => matches!(e.error, Error::BindingMismatch | Error::InvalidClaim),
        C::Jti => matches!(e.error, Error::DpopReplay | Error::ReplayCacheFull),
        _ => e.error == Error::DpopProofInvalid,
    }
}

fuzz_target!(|proof: &[u8]| {
    let mut keys: KeySet = KeySet::new();
    keys.load_jwks(JWKS).expect("jwks");
    let token = TOKEN.trim().as_bytes();
    let policy = Policy::access_token("https://issuer.example.com", "https://api.example.com");
    let request = DpopRequest::new("GET", URI);
    let options = DpopOptions::new();
    let len = scratch_len(token.len()).max(dpop_scratch_len(proof.len(), URI.len()));

    let mut slots = [ReplaySlot::EMPTY; 2];
    let mut cache = ReplayCache::new(&mut slots);
    let mut scratch = vec![0u8; len];
    let signed = verify_dpop(
        token,
        &keys,
        &policy,
        proof,
        &request,
        &options,
        &mut cache,
        NOW,
        &mut scratch,
    )
    .map(|v| v.claims.json().to_vec());
    if let Err(e) = &signed {
        assert!(documented(e), "{e:?}");
        assert_eq!(cache.live(NOW), 0, "refused but recorded");
    }

    let mut open_slots = [ReplaySlot::EMPTY; 1];
    let mut open_cache = ReplayCache::new(&mut open_slots);
    let mut s2 = vec![0u8; len];
    let open = idgate::__fuzz::dpop_without_signature(
        token,
        &keys,
        &policy,
        proof,
        &request,
        &options,
        &mut open_cache,
        NOW,
        &mut s2,
    )
    .map(|v| v.claims.json().to_vec());
    match (&signed, &open) {
        (Ok(a), Ok(b)) => assert_eq!(a, b),
        (Err(e), _) if e.check == DpopCheck::Signature => {}
        (Err(e), Err(e2)) => assert_eq!(e, e2),
        (a, b) => panic!("signed {a:?}, unsigned {b:?}"),
    }
    match &open {
        Ok(_) => {
            // The same proof again is a replay; with the one slot live, it stays refused.
            let mut s3 = vec![0u8; len];
            let again = idgate::__fuzz::dpop_without_signature(
                token,
                &keys,
                &policy,
                proof,
                &request,
                &options,
                &mut open_cache,
                NOW,
                &mut s3,
            );
            assert_eq!(
                again.err().map(|e| (e.error, e.check)),
                Some((Error::DpopReplay, DpopCheck::Jti))
            );
        }
        Err(e) => assert!(documented(e) && e.check != DpopCheck::Signature, "{e:?}"),
    }
});
