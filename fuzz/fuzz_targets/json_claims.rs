//! The claims view on arbitrary JSON: only documented errors, never `BufferTooSmall` with a
//! scratch as long as the JSON, NumericDates equal to an independent exact reference, and the
//! policy checks returning only their documented errors.
#![no_main]

use idgate::{__fuzz, Error, NumericDate, Policy};
use idgate_fuzz::{CLIENT_ID, ISSUER, NOW, policy, ref_numeric_date};
use libfuzzer_sys::fuzz_target;

fn decoded(s: &__fuzz::Str<'_>) -> String {
    let mut buf = vec![0u8; s.decoded_len()];
    s.decode_into(&mut buf).expect("validated string decodes").to_owned()
}

fuzz_target!(|data: &[u8]| {
    // Every number anywhere: the core's NumericDate parser against the reference.
    let mut top: Vec<(String, Option<String>, Option<String>)> = Vec::new();
    let mut pending: Option<String> = None;
    let walked = __fuzz::walk_json(data, 64, &mut |depth, ev| match ev {
        __fuzz::Event::Number(n) => {
            let ours = __fuzz::numeric_date(n).map(|d| (d.floor, d.ceil)).ok();
            assert_eq!(ours, ref_numeric_date(n), "NumericDate of {n:?}");
            if depth == 2 {
                if let Some(name) = pending.take() {
                    top.push((name, None, Some(n.to_owned())));
                }
            }
        }
        __fuzz::Event::Name(s) if depth == 1 => pending = Some(decoded(&s)),
        __fuzz::Event::Str(s) if depth == 2 => {
            if let Some(name) = pending.take() {
                top.push((name, Some(decoded(&s)), None));
            }
        }
        _ if depth == 2 => pending = None,
        _ => {}
    });

    let mut scratch = vec![0u8; data.len()];
    let claims = match __fuzz::read_claims(data, &mut scratch) {
        Ok(c) => c,
        Err(e) => {
            assert!(
                matches!(e, Error::Malformed | Error::TooLarge | Error::InvalidClaim),
                "{e:?}"
            );
            return;
        }
    };
    assert!(walked.is_ok());
    assert_eq!(claims.json(), data.trim_ascii());
    // Every top-level string or number the walk saw reads the same through the view.
    for (name, s, n) in &top {
        assert!(claims.has(name));
        let dates: [(&str, Option<NumericDate>); 4] = [
            ("exp", claims.exp()),
            ("nbf", claims.nbf()),
            ("iat", claims.iat()),
            ("auth_time", claims.auth_time()),
        ];
        let strs = [
            ("iss", claims.iss()),
            ("sub", claims.sub()),
            ("azp", claims.azp()),
            ("nonce", claims.nonce()),
            ("acr", claims.acr()),
            ("sid", claims.sid()),
            ("jti", claims.jti()),
            ("scope", claims.scope()),
            ("client_id", claims.client_id()),
        ];
        if let Some(s) = s {
            if let Some((_, v)) = strs.iter().find(|(k, _)| k == name) {
                assert_eq!(*v, Some(s.as_str()), "{name}");
            }
            if name == "aud" {
                assert_eq!(claims.aud().iter().collect::<Vec<_>>(), [s.as_str()]);
            }
        }
        if let Some(n) = n {
            if let Some((_, v)) = dates.iter().find(|(k, _)| k == name) {
                assert_eq!(v.map(|d| (d.floor, d.ceil)), ref_numeric_date(n), "{name}");
            }
        }
    }
    for p in [
        policy(),
        Policy::new(),
        Policy::access_token(ISSUER, CLIENT_ID)
            .with_max_age(600)
            .with_acr_values(&["a", "urn:x"]),
    ] {
        for now in [0, NOW, u64::MAX] {
            if let Err(e) = __fuzz::check_claims(&p, &claims, now) {
                assert!(
                    matches!(
                        e,
                        Error::MissingClaim
                            | Error::Expired
                            | Error::NotYetValid
                            | Error::IssuerMismatch
                            | Error::AudienceMismatch
                            | Error::AzpMismatch
                            | Error::NonceMismatch
                            | Error::AcrNotAllowed
                            | Error::AuthTooOld
                            // A `cnf` claim the policy does not allow unchecked (RFC 9449 §7.1).
                            | Error::BindingMismatch
                    ),
                    "{e:?}"
                );
            }
        }
    }
});
