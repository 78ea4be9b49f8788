//! One DPoP proof checked against one HTTP request: RFC 9449 §4.3 checks 2-12 except the
//! replay check, which needs the caller's cache ([`super::replay`]).

use sha2::Digest as _;

use super::htu;
use super::replay::ReplayEntry;
use super::{DpopCheck, DpopError, DpopOptions, DpopProof, DpopRequest};
use crate::alg::Alg;
use crate::claims::NumericDate;
use crate::codec::json::{self, Value};
use crate::codec::{b64, compact};
use crate::error::Error;
use crate::header;
use crate::keys::jwk;
use crate::keys::key::Key;
use crate::keys::skipped::SkipReason;
use crate::keys::thumbprint;
use crate::scratch::Arena;

/// JWK members that only a private or symmetric key has (RFC 7518 §6.2.2, §6.3.2, §6.4;
/// RFC 8037 §2): a proof's `jwk` carrying any of them is refused (RFC 9449 §4.3 check 7).
const PRIVATE_MEMBERS: [&str; 8] = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

fn refuse(check: DpopCheck) -> DpopError {
    DpopError {
        error: Error::DpopProofInvalid,
        check,
    }
}

/// Checks `proof` against `request` at `now`; see [`crate::verify_proof`]. `signature_ok`
/// is the key's own verification, or (fuzzing) a check that accepts any signature.
pub(crate) fn check(
    proof: &[u8],
    request: &DpopRequest<'_>,
    options: &DpopOptions,
    now: u64,
    scratch: &mut [u8],
    signature_ok: impl Fn(&Key, Alg, &[u8], &[u8]) -> bool,
) -> Result<DpopProof, DpopError> {
    use DpopCheck as C;
    // 2. A well-formed JWS.
    let parts = compact::split(proof).map_err(|_| refuse(C::Syntax))?;
    let mut arena = Arena::new(scratch);
    let header_json = decode(parts.header, &mut arena)?;
    let signature = decode(parts.signature, &mut arena)?;
    let payload = decode(parts.payload, &mut arena)?;
    // 3-5. `typ`, then an asymmetric `alg` from the allow-list.
    // The JSON validator's table of member names: a proof header has a handful of members.
    let mut table = [0u8; 512];
    let raw = header::read(header_json, &[], &mut table).map_err(|e| match e {
        Error::UnsupportedAlg => refuse(C::Alg),
        _ => refuse(C::Syntax),
    })?;
    let mut typ = [0u8; 24];
    if !raw
        .typ
        .is_some_and(|t| t.decode_into(&mut typ).is_ok_and(typ_is_dpop))
    {
        return Err(refuse(C::Typ));
    }
    if raw.alg.is_symmetric() || !options.algs.contains(raw.alg) {
        return Err(refuse(C::Alg));
    }
    // 7. A public key only, of a kind and size fit for the `alg` (`Key::rsa` refuses RSA
    // below MIN_RSA_BITS as WeakKey).
    let header_obj = json::parse_object(header_json).map_err(|_| refuse(C::Syntax))?;
    let Some(Value::Object(jwk_obj)) = header_obj.get("jwk") else {
        return Err(refuse(C::Jwk));
    };
    if PRIVATE_MEMBERS.iter().any(|m| jwk_obj.get(m).is_some()) {
        return Err(refuse(C::PrivateKey));
    }
    let unusable = |e| match e {
        SkipReason::Weak => refuse(C::WeakKey),
        _ => refuse(C::Jwk),
    };
    let parsed = jwk::parse(jwk_obj).map_err(unusable)?;
    let mut key = Key::empty();
    parsed.build_in(&mut key).map_err(unusable)?;
    if !jwk::alg_fits(parsed.alg, &key, raw.alg) {
        return Err(refuse(C::Jwk));
    }
    let jkt = thumbprint::of_object(jwk_obj).map_err(|_| refuse(C::Jwk))?;
    // 6. The signature, with that key.
    if !signature_ok(&key, raw.alg, parts.signing_input, signature) {
        return Err(refuse(C::Signature));
    }
    // 3. The claims: present and of the right types.
    let claims = json::parse_object(payload).map_err(|_| refuse(C::Syntax))?;
    let text = |name: &str| match claims.get(name) {
        Some(Value::Str(s)) => Ok(Some(s)),
        None => Ok(None),
        Some(_) => Err(refuse(C::Claims)),
    };
    let (Some(htm), Some(htu_claim), Some(jti)) = (text("htm")?, text("htu")?, text("jti")?) else {
        return Err(refuse(C::Claims));
    };
    let iat = match claims.get("iat") {
        Some(Value::Number(n)) => NumericDate::parse(n).map_err(|_| refuse(C::Claims))?,
        _ => return Err(refuse(C::Claims)),
    };
    if jti.decoded_len() == 0 {
        return Err(refuse(C::Claims));
    }
    // 8. `htm`: the method, exactly (methods are case-sensitive, RFC 9110 §9.1).
    if !htm.eq_str(request.method) {
        return Err(refuse(C::Htm));
    }
    // 9. `htu`: the request URI, both normalised, query and fragment ignored.
    let htu_text = arena.str(htu_claim).map_err(|e| DpopError {
        error: e,
        check: C::Htu,
    })?;
    if !uris_match(htu_text, request.uri, &mut arena)? {
        return Err(refuse(C::Htu));
    }
    // 10. `nonce`, when the server gave one.
    if let Some(nonce) = request.nonce
        && !text("nonce")?.is_some_and(|n| n.eq_str(nonce))
    {
        return Err(refuse(C::Nonce));
    }
    // 11. `iat` within the window: at most `window` seconds old, `leeway` ahead.
    let now_wide = u128::from(now);
    if u128::from(iat.floor).saturating_add(u128::from(options.window)) < now_wide
        || u128::from(iat.ceil) > now_wide.saturating_add(u128::from(options.leeway))
    {
        return Err(refuse(C::Iat));
    }
    // 12. `ath`: the hash of the access token presented with the proof.
    if let Some(token) = request.access_token {
        let mut want = [0u8; 43];
        let want = b64::encode(&sha2::Sha256::digest(token), &mut want).unwrap_or("");
        if !text("ath")?.is_some_and(|a| a.eq_str(want)) {
            return Err(refuse(C::Ath));
        }
    }
    let mut jti_buf = [0u8; MAX_JTI_LEN];
    let jti = jti
        .decode_into(&mut jti_buf)
        .map_err(|_| refuse(C::Claims))?;
    let expires = iat.floor.saturating_add(options.window).saturating_add(1);
    Ok(DpopProof {
        jkt,
        alg: raw.alg,
        iat: iat.floor,
        entry: ReplayEntry::new(&jkt, jti.as_bytes(), expires),
    })
}

/// Longest `jti` accepted: RFC 9449 asks for 96 bits of randomness, a UUID or a 43-character
/// base64url nonce; 256 bytes leaves room for any real one.
pub(crate) const MAX_JTI_LEN: usize = 256;

/// Decodes one segment from the arena.
fn decode<'b>(segment: &[u8], arena: &mut Arena<'b>) -> Result<&'b [u8], DpopError> {
    let len = b64::decoded_len(segment.len()).ok_or(refuse(DpopCheck::Syntax))?;
    let buf = arena.take(len).map_err(|e| DpopError {
        error: e,
        check: DpopCheck::Syntax,
    })?;
    b64::decode(segment, buf)
        .map(|d| &*d)
        .map_err(|_| refuse(DpopCheck::Syntax))
}

/// `typ` `dpop+jwt`, compared as a media type (RFC 7515 §4.1.9: case-insensitive, the
/// `application/` prefix optional).
fn typ_is_dpop(typ: &str) -> bool {
    typ.eq_ignore_ascii_case("dpop+jwt") || typ.eq_ignore_ascii_case("application/dpop+jwt")
}

/// Both URIs normalised (scratch from the arena) and compared.
fn uris_match(htu: &str, uri: &str, arena: &mut Arena<'_>) -> Result<bool, DpopError> {
    let room = |s: &str| s.len().saturating_add(1);
    let mut take = |n: usize| {
        arena.take(n).map_err(|e| DpopError {
            error: e,
            check: DpopCheck::Htu,
        })
    };
    let a = take(room(htu))?;
    let b = take(room(uri))?;
    let (Ok(na), Ok(nb)) = (htu::normalise(htu, a), htu::normalise(uri, b)) else {
        return Ok(false);
    };
    Ok(a.get(..na) == b.get(..nb))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typ_forms() {
        for ok in [
            "dpop+jwt",
            "DPoP+JWT",
            "application/dpop+jwt",
            "Application/DPOP+jwt",
        ] {
            assert!(typ_is_dpop(ok), "{ok}");
        }
        for bad in [
            "",
            "jwt",
            "dpop+jwt ",
            "application/",
            "at+jwt",
            "application/jwt",
        ] {
            assert!(!typ_is_dpop(bad), "{bad}");
        }
    }

    #[test]
    fn private_member_list_is_rfc7518s() {
        use crate::codec::json::Object;
        let obj: Object<'_> =
            json::parse_object(br#"{"kty":"EC","d":"AA"}"#).unwrap_or(Object::EMPTY);
        assert!(PRIVATE_MEMBERS.iter().any(|m| obj.get(m).is_some()));
    }
}
