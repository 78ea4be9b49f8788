//! Hints after a rejection, from the token decoded again WITHOUT verification and its JSON
//! parsed with serde_json: diagnostics only, the verdict is the library's. Kept apart until the
//! core reports the detail of a refusal itself.

use idgate::{Alg, Error, KeySet, Policy};
use serde_json::Value;

use crate::input::Source;
use crate::output::Failure;

/// JSON text of a value, for hints: escapes control characters from untrusted input.
fn show(value: Option<&Value>) -> String {
    match value {
        None => "absent".to_owned(),
        Some(v) => serde_json::to_string(v).unwrap_or_default(),
    }
}

/// The rejection for `error`, with hints taken from the token decoded WITHOUT verification
/// (diagnostics only; the verdict is the library's).
pub(crate) fn rejection<const N: usize>(
    error: Error,
    token: &[u8],
    source: Source,
    keys: &KeySet<N>,
    policy: &Policy<'_>,
    now: u64,
) -> Failure {
    let mut hints = Vec::new();
    let mut scratch = vec![0u8; idgate::scratch_len(token.len())];
    let decoded = idgate::decode_unverified(token, &mut scratch).ok();
    let header: Option<Value> = decoded.and_then(|d| serde_json::from_slice(d.header_json).ok());
    let payload: Option<Value> = decoded.and_then(|d| serde_json::from_slice(d.payload).ok());
    let h = |name: &str| header.as_ref().and_then(|v| v.get(name));
    let c = |name: &str| payload.as_ref().and_then(|v| v.get(name));
    match error {
        Error::Malformed | Error::TooLarge if source == Source::Argument && decoded.is_none() => {
            hints.push(
                "TOKEN is not an existing file, so the argument itself was read as the token"
                    .to_owned(),
            );
        }
        Error::Malformed if decoded.is_some_and(|d| d.payload.is_empty()) => {
            hints.push(
                "the payload is empty: a JWT needs a claim set (see --signature-only)".to_owned(),
            );
        }
        Error::Malformed if decoded.is_some() && !payload.as_ref().is_some_and(Value::is_object) => {
            hints.push(
                "the payload is not a JSON object: a JWT needs a claim set (see --signature-only)"
                    .to_owned(),
            );
        }
        Error::AlgNotAllowed => {
            let allowed: Vec<&str> = policy.algs.iter().map(Alg::name).collect();
            hints.push(format!(
                "the token's alg is {}; allowed: {}",
                show(h("alg")),
                allowed.join(", ")
            ));
            if h("alg")
                .and_then(Value::as_str)
                .is_some_and(|a| a.starts_with("HS"))
            {
                hints.push("HS* tokens need --hmac-secret-file (or an explicit --alg)".to_owned());
            }
        }
        Error::UnknownKid | Error::KeyMismatch => {
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
                show(h("kid")),
                show(h("alg")),
                kids.join("; ")
            ));
        }
        Error::BindingMismatch => hints.push(crate::bound::UNCHECKED_CNF_HINT.to_owned()),
        Error::BadSignature => hints.push(
            "the signature does not verify with the key chosen by kid and alg: is --jwks the issuer's current key set?"
                .to_owned(),
        ),
        Error::Expired => hints.push(format!(
            "exp is {}, now is {now}, leeway {}",
            show(c("exp")),
            policy.leeway
        )),
        Error::NotYetValid => hints.push(format!(
            "nbf is {}, iat is {}, now is {now}, leeway {}",
            show(c("nbf")),
            show(c("iat")),
            policy.leeway
        )),
        Error::IssuerMismatch => {
            let expected: Vec<String> = policy
                .issuer
                .iter()
                .chain(policy.other_issuers)
                .map(|i| show(Some(&Value::from(*i))))
                .collect();
            hints.push(format!(
                "the token's iss is {}, tid {}, expected {}",
                show(c("iss")),
                show(c("tid")),
                expected.join(" or ")
            ));
        }
        Error::AtHashMismatch => hints.push(format!(
            "the token's at_hash is {}; the hash of --access-token with its alg is {}",
            show(c("at_hash")),
            h("alg")
                .and_then(Value::as_str)
                .and_then(|a| Alg::from_name(a.as_bytes()).ok())
                .zip(policy.access_token)
                .and_then(|(a, t)| idgate::token_hash(a, t.as_bytes()))
                .map_or_else(String::new, |h| h.to_string())
        )),
        Error::CHashMismatch => hints.push(format!(
            "the token's c_hash is {}; the hash of --code with its alg is {}",
            show(c("c_hash")),
            h("alg")
                .and_then(Value::as_str)
                .and_then(|a| Alg::from_name(a.as_bytes()).ok())
                .zip(policy.code)
                .and_then(|(a, t)| idgate::token_hash(a, t.as_bytes()))
                .map_or_else(String::new, |h| h.to_string())
        )),
        Error::AudienceMismatch | Error::AzpMismatch => hints.push(format!(
            "the token's aud is {}, azp {}, expected {}",
            show(c("aud")),
            show(c("azp")),
            show(policy.audience.map(Value::from).as_ref())
        )),
        Error::NonceMismatch => hints.push(format!(
            "the token's nonce is {}, expected {}",
            show(c("nonce")),
            show(policy.nonce.map(Value::from).as_ref())
        )),
        Error::AcrNotAllowed => hints.push(format!(
            "the token's acr is {}, allowed: {}",
            show(c("acr")),
            policy.acr_values.join(", ")
        )),
        Error::AuthTooOld => hints.push(format!(
            "auth_time is {}, max-age {}, now is {now}, leeway {}",
            show(c("auth_time")),
            policy.max_age.unwrap_or_default(),
            policy.leeway
        )),
        Error::TypMismatch => hints.push(format!(
            "the token's typ is {}, expected {}",
            show(h("typ")),
            show(policy.typ.map(Value::from).as_ref())
        )),
        Error::MissingClaim => {
            let mut missing = Vec::new();
            let named = policy.required.names().chain([
                ("iss", policy.issuer.is_some()),
                ("aud", policy.audience.is_some()),
                ("at_hash", policy.at_hash_required),
                ("c_hash", policy.c_hash_required),
                ("events", policy.profile == idgate::Profile::Logout),
            ]
            .into_iter()
            .filter_map(|(n, wanted)| wanted.then_some(n)));
            for name in named {
                if c(name).is_none() && !missing.contains(&name) {
                    missing.push(name);
                }
            }
            if policy.profile == idgate::Profile::Logout && c("sub").is_none() && c("sid").is_none()
            {
                missing.push("sub or sid");
            }
            if !missing.is_empty() {
                hints.push(format!("missing: {}", missing.join(", ")));
            }
        }
        _ => {}
    }
    Failure::Rejected { error, hints }
}
