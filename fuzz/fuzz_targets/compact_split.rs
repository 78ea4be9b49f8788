//! `split` against a one-line reference, and `decode_unverified` with `scratch_len` bytes.
#![no_main]

use idgate::limits::MAX_TOKEN_LEN;
use idgate::{__fuzz, Error, decode_unverified, scratch_len};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let got = __fuzz::split(data);
    let dots: Vec<usize> = (0..data.len()).filter(|&i| data[i] == b'.').collect();
    let want = if data.len() > MAX_TOKEN_LEN {
        Err(Error::TooLarge)
    } else if dots.len() == 4 {
        Err(Error::UnsupportedAlg)
    } else if dots.len() != 2 || dots[0] == 0 {
        Err(Error::Malformed)
    } else {
        Ok((dots[0], dots[1] - dots[0] - 1, data.len() - dots[1] - 1))
    };
    assert_eq!(got, want);

    let mut scratch = vec![0u8; scratch_len(data.len())];
    match decode_unverified(data, &mut scratch) {
        Ok(u) => {
            assert!(got.is_ok());
            assert!(__fuzz::parse_json_object(u.header_json).is_ok());
            let (h, p, s) = got.unwrap();
            assert_eq!(__fuzz::base64url_decoded_len(h), Some(u.header_json.len()));
            assert_eq!(__fuzz::base64url_decoded_len(p), Some(u.payload.len()));
            assert_eq!(__fuzz::base64url_decoded_len(s), Some(u.signature_len));
        }
        Err(e) => assert!(
            matches!(
                e,
                Error::TooLarge | Error::Malformed | Error::UnsupportedAlg
            ),
            "decode_unverified: {e:?} with scratch_len bytes"
        ),
    }
});
