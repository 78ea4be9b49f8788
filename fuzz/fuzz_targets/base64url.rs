//! Strict base64url decoding against base64ct (same accept/reject, same bytes), canonical
//! round trip, and the buffer-size contract.
#![no_main]

use base64ct::{Base64UrlUnpadded, Encoding as _};
use idgate::{__fuzz, Error};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut out = vec![0u8; data.len()];
    let ours = __fuzz::base64url_decode(data, &mut out).map(|n| out[..n].to_vec());
    let mut buf = vec![0u8; data.len()];
    let theirs = Base64UrlUnpadded::decode(data, &mut buf).map(|b| b.to_vec());
    assert_eq!(ours.as_ref().ok(), theirs.as_ref().ok(), "ours {ours:?}");
    match &ours {
        Ok(bytes) => {
            // Exactly one accepted encoding per byte string.
            assert_eq!(Base64UrlUnpadded::encode_string(bytes).as_bytes(), data);
            assert_eq!(__fuzz::base64url_decoded_len(data.len()), Some(bytes.len()));
            if !bytes.is_empty() {
                let mut short = vec![0u8; bytes.len() - 1];
                assert_eq!(
                    __fuzz::base64url_decode(data, &mut short),
                    Err(Error::BufferTooSmall)
                );
            }
        }
        Err(e) => assert_eq!(*e, Error::Malformed),
    }
});
