//! The header rules on arbitrary JSON: only documented errors; accepted headers are valid
//! JSON whose decoded strings are consistent.
#![no_main]

use idgate::{__fuzz, Alg, Error};
use idgate_fuzz::{UNDERSTOOD_CRIT, policy};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match __fuzz::parse_header(data, UNDERSTOOD_CRIT) {
        Ok(h) => {
            assert!(__fuzz::parse_json_object(data).is_ok());
            assert_eq!(Alg::from_name(h.alg.name().as_bytes()), Ok(h.alg));
            let mut typ = None;
            for (i, s) in [h.kid, h.typ, h.cty].into_iter().enumerate() {
                let Some(s) = s else { continue };
                let mut buf = vec![0u8; s.decoded_len()];
                let d = s.decode_into(&mut buf).expect("validated string decodes").to_owned();
                assert_eq!(d.len(), s.decoded_len());
                assert!(s.eq_str(&d));
                assert_eq!(s.bytes().collect::<Vec<u8>>(), d.as_bytes());
                if let Some(p) = s.as_plain() {
                    assert_eq!(p, d);
                }
                if i == 1 {
                    typ = Some(d);
                }
            }
            let r = __fuzz::check_typ(&policy(), typ.as_deref());
            assert!(matches!(r, Ok(()) | Err(Error::TypMismatch)));
            // Without the understood extension, a header with `crit` must fail.
            if let Err(e) = __fuzz::parse_header(data, &[]) {
                assert_eq!(e, Error::CritUnsupported);
            }
        }
        Err(e) => assert!(
            matches!(
                e,
                Error::Malformed | Error::TooLarge | Error::UnsupportedAlg | Error::CritUnsupported
            ),
            "{e:?}"
        ),
    }
});
