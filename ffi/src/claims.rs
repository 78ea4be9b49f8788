//! The C view of a verified token: (pointer, length) views into the caller's scratch buffer.

use core::ptr;

use idgate::{NumericDate, StrList, Verified};

use crate::policy::idgate_str;
use crate::status::{IDGATE_ERR_INVALID_ARGUMENT, IDGATE_ERR_MISSING_CLAIM, idgate_status};

/// The header and claims of a token that passed `idgate_verify`.
///
/// Written only when `idgate_verify` returns `IDGATE_OK`. Every string is a view into the
/// scratch buffer given to that call (the header `alg` into static storage), valid while the
/// scratch buffer is alive and unmodified; strings are decoded UTF-8 and not NUL-terminated.
/// An absent claim is `{NULL, 0}`. Dates are NumericDates rounded down to whole seconds
/// (`0..=253402300799`), meaningful only when their `has_*` flag is true.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct idgate_claims {
    /// Header `alg`, e.g. `RS256` (always present).
    pub alg: idgate_str,
    /// Header `kid`.
    pub kid: idgate_str,
    /// Header `typ`.
    pub typ: idgate_str,
    /// Header `cty`.
    pub cty: idgate_str,
    /// `iss`: the issuer.
    pub iss: idgate_str,
    /// `sub`: the subject.
    pub sub: idgate_str,
    /// `azp`: the authorized party.
    pub azp: idgate_str,
    /// `nonce`.
    pub nonce: idgate_str,
    /// `acr`: authentication context class reference.
    pub acr: idgate_str,
    /// `sid`: session id.
    pub sid: idgate_str,
    /// `jti`: token id.
    pub jti: idgate_str,
    /// `scope`: space-separated scopes.
    pub scope: idgate_str,
    /// `client_id` (RFC 9068).
    pub client_id: idgate_str,
    /// The first `aud` value (`aud` may be a string or an array of strings).
    pub aud: idgate_str,
    /// Number of `aud` values (0 if absent); read each with `idgate_claims_aud`.
    pub aud_count: usize,
    /// The first `amr` value.
    pub amr: idgate_str,
    /// Number of `amr` values (0 if absent); read each with `idgate_claims_amr`.
    pub amr_count: usize,
    /// `exp`: expiration time, Unix seconds.
    pub exp: u64,
    /// `nbf`: not before, Unix seconds.
    pub nbf: u64,
    /// `iat`: issued at, Unix seconds.
    pub iat: u64,
    /// `auth_time`: when the end user authenticated, Unix seconds.
    pub auth_time: u64,
    /// True if `exp` is present.
    pub has_exp: bool,
    /// True if `nbf` is present.
    pub has_nbf: bool,
    /// True if `iat` is present.
    pub has_iat: bool,
    /// True if `auth_time` is present.
    pub has_auth_time: bool,
    /// The whole claim set as JSON text (the decoded payload), inside the scratch buffer; any
    /// claim can be read from it by name: as raw JSON with `idgate_claim_raw`, typed with
    /// `idgate_claim_str`, `_int`, `_bool`, `_strings_count` and `_string_at`.
    pub json: *const u8,
    /// Length of `json` in bytes.
    pub json_len: usize,
    /// The decoded `aud` array in its packed form, or NULL when `aud` is absent or a single
    /// string. Read entries with `idgate_claims_aud`; the form is stable: per entry a
    /// little-endian `uint16_t` length, then that many bytes of UTF-8 (no NUL).
    pub aud_packed: *const u8,
    /// Length of `aud_packed` in bytes.
    pub aud_packed_len: usize,
    /// The decoded `amr` array in its packed form (as `aud_packed`), or NULL. Read entries
    /// with `idgate_claims_amr`.
    pub amr_packed: *const u8,
    /// Length of `amr_packed` in bytes.
    pub amr_packed_len: usize,
}

/// A string list as (first, count, packed bytes or NULL, packed length).
struct ListView {
    first: idgate_str,
    count: usize,
    packed: *const u8,
    packed_len: usize,
}

impl ListView {
    fn of(list: StrList<'_>) -> ListView {
        let (packed, packed_len) = match list.packed() {
            Some(p) if !p.is_empty() => (p.as_ptr(), p.len()),
            _ => (ptr::null(), 0),
        };
        ListView {
            first: idgate_str::of_opt(list.iter().next()),
            count: list.len(),
            packed,
            packed_len,
        }
    }
}

fn date(d: Option<NumericDate>) -> (u64, bool) {
    d.map_or((0, false), |d| (d.floor, true))
}

impl idgate_claims {
    /// The C view of a verified token.
    pub(crate) fn from_verified(v: &Verified<'_>) -> idgate_claims {
        let c = &v.claims;
        let aud = ListView::of(c.aud());
        let amr = ListView::of(c.amr());
        let (exp, has_exp) = date(c.exp());
        let (nbf, has_nbf) = date(c.nbf());
        let (iat, has_iat) = date(c.iat());
        let (auth_time, has_auth_time) = date(c.auth_time());
        let json = c.json();
        idgate_claims {
            alg: idgate_str::of(v.header.alg.name()),
            kid: idgate_str::of_opt(v.header.kid),
            typ: idgate_str::of_opt(v.header.typ),
            cty: idgate_str::of_opt(v.header.cty),
            iss: idgate_str::of_opt(c.iss()),
            sub: idgate_str::of_opt(c.sub()),
            azp: idgate_str::of_opt(c.azp()),
            nonce: idgate_str::of_opt(c.nonce()),
            acr: idgate_str::of_opt(c.acr()),
            sid: idgate_str::of_opt(c.sid()),
            jti: idgate_str::of_opt(c.jti()),
            scope: idgate_str::of_opt(c.scope()),
            client_id: idgate_str::of_opt(c.client_id()),
            aud: aud.first,
            aud_count: aud.count,
            amr: amr.first,
            amr_count: amr.count,
            exp,
            nbf,
            iat,
            auth_time,
            has_exp,
            has_nbf,
            has_iat,
            has_auth_time,
            json: json.as_ptr(),
            json_len: json.len(),
            aud_packed: aud.packed,
            aud_packed_len: aud.packed_len,
            amr_packed: amr.packed,
            amr_packed_len: amr.packed_len,
        }
    }
}

/// Entry `index` of a string list given as (first, count, packed bytes).
///
/// # Errors
/// `IDGATE_ERR_MISSING_CLAIM` if the list is empty or absent; `IDGATE_ERR_INVALID_ARGUMENT` if
/// `index >= count` (or the packed bytes do not hold entry `index`).
pub(crate) fn list_item(
    first: idgate_str,
    count: usize,
    packed: Option<&[u8]>,
    index: usize,
) -> Result<idgate_str, idgate_status> {
    if count == 0 {
        return Err(IDGATE_ERR_MISSING_CLAIM);
    }
    if index >= count {
        return Err(IDGATE_ERR_INVALID_ARGUMENT);
    }
    match packed {
        Some(p) => StrList::from_packed(p)
            .map_err(|_| IDGATE_ERR_INVALID_ARGUMENT)?
            .iter()
            .nth(index)
            .map(idgate_str::of)
            .ok_or(IDGATE_ERR_INVALID_ARGUMENT),
        None if index == 0 => Ok(first),
        None => Err(IDGATE_ERR_INVALID_ARGUMENT),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_items() {
        let packed = [1u8, 0, b'a', 2, 0, b'b', b'c', 0, 0];
        let list = StrList::from_packed(&packed).unwrap_or_default();
        let v = ListView::of(list);
        assert_eq!(v.count, 3);
        let at = |offset: usize, len: usize| idgate_str {
            ptr: packed.as_ptr().wrapping_add(offset).cast(),
            len,
        };
        assert_eq!(v.first, at(2, 1));
        let p = Some(&packed[..]);
        assert_eq!(list_item(v.first, 3, p, 0), Ok(at(2, 1)));
        assert_eq!(list_item(v.first, 3, p, 1), Ok(at(5, 2)));
        let third = list_item(v.first, 3, p, 2);
        assert_eq!(third.map(|s| s.len), Ok(0));
        assert_eq!(
            list_item(v.first, 3, p, 3),
            Err(IDGATE_ERR_INVALID_ARGUMENT)
        );

        let one = ListView::of(StrList::one("x"));
        assert_eq!((one.count, one.packed.is_null()), (1, true));
        assert_eq!(list_item(one.first, 1, None, 0), Ok(one.first));
        assert_eq!(
            list_item(one.first, 1, None, 1),
            Err(IDGATE_ERR_INVALID_ARGUMENT)
        );

        let none = ListView::of(StrList::ABSENT);
        assert_eq!((none.count, none.first), (0, idgate_str::NONE));
        assert_eq!(
            list_item(none.first, 0, None, 0),
            Err(IDGATE_ERR_MISSING_CLAIM)
        );
    }
}
