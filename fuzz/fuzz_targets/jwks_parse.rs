//! JWKS and single-JWK loading: only documented errors, all-or-nothing loads, consistent key
//! listings.
#![no_main]

use idgate::{Error, KeySet};
use idgate_fuzz::HMAC_SECRET;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut ks: KeySet = KeySet::new();
    match ks.load_jwks(data) {
        Ok(r) => {
            assert!(r.added >= 1);
            assert_eq!(ks.len(), r.added);
            for (kid, alg, key) in ks.keys() {
                if let Some(a) = alg {
                    assert!(key.fits(a), "{kid:?} {a:?}");
                }
                if let Some(k) = kid {
                    assert!(k.len() <= idgate::limits::MAX_KID_LEN);
                }
            }
        }
        Err(e) => {
            assert!(ks.is_empty());
            assert!(
                matches!(
                    e,
                    Error::TooLarge
                        | Error::Malformed
                        | Error::WeakKey
                        | Error::NoUsableKey
                        | Error::KeySetFull
                ),
                "load_jwks: {e:?}"
            );
        }
    }

    // A set holding a key: a load replaces it, or leaves it as it was.
    let mut small: KeySet<2> = KeySet::empty();
    small.add_hmac(HMAC_SECRET).expect("fixture secret");
    match small.load_jwks(data) {
        Ok(r) => assert_eq!(small.len(), r.added),
        Err(_) => assert_eq!(small.len(), 1),
    }

    let mut one: KeySet<1> = KeySet::empty();
    match one.add_jwk(data) {
        Ok(()) => assert_eq!(one.len(), 1),
        Err(e) => {
            assert!(one.is_empty());
            assert!(
                matches!(
                    e,
                    Error::Malformed
                        | Error::UnsupportedAlg
                        | Error::WeakKey
                        | Error::InvalidKey
                        | Error::TooLarge
                ),
                "add_jwk: {e:?}"
            );
        }
    }
});
