//! The header rules on arbitrary JSON: only documented errors; accepted headers are valid
//! JSON whose decoded strings are consistent; `crit` decides both ways (a header accepted with
//! the understood extension is accepted without it exactly when it has no `crit`).
#![no_main]

use idgate::__fuzz::{self, Event};
use idgate::{Alg, Error};
use idgate_fuzz::{UNDERSTOOD_CRIT, policy};
use libfuzzer_sys::fuzz_target;

/// The decoded member names of the top-level object (the document is valid JSON here).
fn top_level_names(data: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    __fuzz::walk_json(data, 1, &mut |depth, ev| {
        if let (1, Event::Name(n)) = (depth, ev) {
            let mut buf = vec![0u8; n.decoded_len()];
            names.push(n.decode_into(&mut buf).expect("validated name decodes").to_owned());
        }
    })
    .expect("an accepted header is valid JSON");
    names
}

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
            // `crit` both ways: without the understood extension, a header with a top-level
            // `crit` (name compared decoded) must fail as CritUnsupported, and one without
            // must still be accepted, as the same header.
            let has_crit = top_level_names(data).iter().any(|n| n == "crit");
            match __fuzz::parse_header(data, &[]) {
                Ok(h2) => {
                    assert!(!has_crit, "crit accepted with no understood extension");
                    assert_eq!(h2.alg, h.alg);
                    assert_eq!(h2.kid.map(|s| s.raw()), h.kid.map(|s| s.raw()));
                    assert_eq!(h2.typ.map(|s| s.raw()), h.typ.map(|s| s.raw()));
                    assert_eq!(h2.cty.map(|s| s.raw()), h.cty.map(|s| s.raw()));
                }
                Err(e) => {
                    assert!(has_crit, "refused ({e:?}) without crit, accepted with it");
                    assert_eq!(e, Error::CritUnsupported);
                }
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
