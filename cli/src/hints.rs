//! Hints after a rejection, from the library's own detail of the refusal
//! ([`idgate::Detail`]): where in the token, which key, which claim, what was expected and
//! found. Nothing is decoded a second time.

use idgate::{Alg, Detail, Error, KeySetView, Policy};

use crate::input::Source;
use crate::output::Failure;

/// An optional string for a hint, quoted with escapes (the values come from the token).
fn show(s: Option<&str>) -> String {
    s.map_or_else(|| "absent".to_owned(), |s| format!("{s:?}"))
}

/// The rejection for `error`, with hints from `detail`.
pub(crate) fn rejection(
    error: Error,
    detail: &Detail<'_>,
    source: Source,
    keys: &KeySetView,
    policy: &Policy<'_>,
) -> Failure {
    let mut hints = Vec::new();
    if let Some(segment) = detail.segment {
        hints.push(match detail.offset {
            Some(at) => format!(
                "in the {} segment, at byte {at} of the token",
                segment.name()
            ),
            None => format!("in the {} segment", segment.name()),
        });
        if source == Source::Argument
            && detail.offset.is_some()
            && matches!(error, Error::Malformed | Error::TooLarge)
        {
            hints.push(
                "TOKEN is not an existing file, so the argument itself was read as the token"
                    .to_owned(),
            );
        }
        if segment == idgate::Segment::Payload && error == Error::Malformed {
            hints.push(
                "the payload is not a JSON object: a JWT needs a claim set (see --signature-only)"
                    .to_owned(),
            );
        }
    }
    let alg = detail.alg.map(Alg::name);
    match error {
        Error::AlgNotAllowed => {
            let allowed: Vec<&str> = policy.algs.iter().map(Alg::name).collect();
            hints.push(format!(
                "the token's alg is {}; allowed: {}",
                show(alg),
                allowed.join(", ")
            ));
            if detail.alg.is_some_and(Alg::is_symmetric) {
                hints.push("HS* tokens need --hmac-secret-file (or an explicit --alg)".to_owned());
            }
        }
        Error::UnknownKid | Error::KeyMismatch | Error::WeakKey | Error::UnsupportedAlg
            if detail.alg.is_some() =>
        {
            let kids: Vec<String> = keys
                .keys()
                .map(|(kid, alg, key)| {
                    let kid = kid.map_or_else(|| "(no kid)".to_owned(), |k| format!("{k:?}"));
                    let alg = alg.map_or_else(String::new, |a| format!(" alg {}", a.name()));
                    format!("{kid} {:?}{alg}", key.kind())
                })
                .collect();
            hints.push(format!(
                "the token's kid is {}, its alg {}; the key set holds: {}",
                show(detail.kid),
                show(alg),
                kids.join("; ")
            ));
        }
        Error::BindingMismatch => hints.push(crate::bound::UNCHECKED_CNF_HINT.to_owned()),
        Error::BadSignature => hints.push(format!(
            "the signature does not verify with the key chosen by kid {} and alg {}: is --jwks the issuer's current key set?",
            show(detail.kid),
            show(alg)
        )),
        Error::MissingClaim => {
            if let Some(claim) = detail.claim {
                hints.push(format!("missing: {claim}"));
            }
        }
        Error::AtHashMismatch | Error::CHashMismatch => {
            let given = if error == Error::AtHashMismatch {
                policy.access_token
            } else {
                policy.code
            };
            let expected = detail
                .alg
                .zip(given)
                .and_then(|(a, t)| idgate::token_hash(a, t.as_bytes()))
                .map(|h| h.to_string());
            hints.push(format!(
                "the token's {} is {}; the hash of the given value with its alg is {}",
                detail.claim.unwrap_or("hash"),
                show(detail.found),
                show(expected.as_deref())
            ));
        }
        Error::IssuerMismatch => {
            let expected: Vec<String> = policy
                .issuer
                .iter()
                .chain(policy.other_issuers)
                .map(|i| format!("{i:?}"))
                .collect();
            hints.push(format!(
                "the token's iss is {}, expected {}",
                show(detail.found),
                expected.join(" or ")
            ));
        }
        Error::Expired | Error::NotYetValid | Error::AuthTooOld => {
            let claim = detail.claim.unwrap_or("date");
            let date = detail.date.map_or_else(|| "absent".to_owned(), |d| d.to_string());
            let now = detail.now.unwrap_or_default();
            let max_age = match (error, policy.max_age) {
                (Error::AuthTooOld, Some(m)) => format!(", max-age {m}"),
                _ => String::new(),
            };
            hints.push(format!(
                "{claim} is {date}, now is {now}{max_age}, leeway {}",
                policy.leeway
            ));
        }
        _ => {
            if let Some(claim) = detail.claim {
                hints.push(match (detail.expected, detail.found) {
                    (None, None) => format!("the claim at fault is {claim}"),
                    (expected, found) => format!(
                        "the token's {claim} is {}, expected {}",
                        show(found),
                        show(expected)
                    ),
                });
            }
        }
    }
    Failure::Rejected { error, hints }
}
