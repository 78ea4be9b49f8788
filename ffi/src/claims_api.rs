//! Claims by name, raw (`idgate_claim_raw`) and typed (`idgate_claim_str`, `_int`, `_bool`,
//! `_strings_count`, `_string_at`), the signature alone (`idgate_verify_signature`), decoding without
//! verification (`idgate_decode_unverified`) and one JWK into a key set
//! (`idgate_keyset_add_jwk`).
//!
//! The claim functions read the claim set a successful `idgate_verify` left in the scratch
//! buffer (`idgate_claims.json`), parsing it again strictly. Every
//! function checks its pointers and lengths first and refuses overlapping buffers where it
//! reads one while writing another (`IDGATE_ERR_INVALID_ARGUMENT`).

use core::ffi::c_char;
use core::mem::size_of;

use idgate::limits::{MAX_JWKS_LEN, MAX_TOKEN_LEN};
use idgate::{ClaimStr, ClaimsJson, Error, Header};

use crate::claims::idgate_claims;
use crate::exports::guard_status;
use crate::keyset::idgate_keyset;
use crate::policy::{idgate_policy, idgate_str, utf8};
use crate::raw;
use crate::status::{
    IDGATE_ERR_BUFFER_TOO_SMALL, IDGATE_ERR_INVALID_ARGUMENT, IDGATE_ERR_MISSING_CLAIM,
    IDGATE_ERR_NULL_ARGUMENT, IDGATE_ERR_TOO_LARGE, idgate_status,
};

/// `Err(IDGATE_ERR_INVALID_ARGUMENT)` if the two byte ranges share a byte.
fn apart(a: usize, a_len: usize, b: usize, b_len: usize) -> Result<(), idgate_status> {
    if raw::overlaps(a, a_len, b, b_len) {
        Err(IDGATE_ERR_INVALID_ARGUMENT)
    } else {
        Ok(())
    }
}

/// A byte range, for the overlap checks.
type Range = (usize, usize);

/// The claim set of a verified token and the name looked up in it, checked.
struct Lookup<'a> {
    json: ClaimsJson<'a>,
    name: &'a str,
    /// Where the claim set's text lies.
    json_range: Range,
    /// Where the name lies.
    name_range: Range,
}

impl Lookup<'_> {
    /// `Err(IDGATE_ERR_INVALID_ARGUMENT)` if `(addr, len)` overlaps the claim set or the name.
    fn outside(&self, addr: usize, len: usize) -> Result<(), idgate_status> {
        apart(addr, len, self.json_range.0, self.json_range.1)?;
        apart(addr, len, self.name_range.0, self.name_range.1)
    }
}

/// Reads `*claims` and `name`, and parses the claim set again (strictly).
///
/// # Errors
/// `IDGATE_ERR_NULL_ARGUMENT`; `IDGATE_ERR_INVALID_ARGUMENT` (no claim set in `claims`, name
/// not UTF-8); `IDGATE_ERR_MISSING_CLAIM` for a name longer than the claim set; the JSON's
/// errors.
///
/// # Safety
/// `claims` NULL or written by a successful `idgate_verify` whose scratch buffer is alive and
/// unmodified; `name` NULL or valid for reads of `name_len` bytes.
unsafe fn lookup<'a>(
    claims: *const idgate_claims,
    name: *const c_char,
    name_len: usize,
) -> Result<Lookup<'a>, idgate_status> {
    if claims.is_null() || name.is_null() {
        return Err(IDGATE_ERR_NULL_ARGUMENT);
    }
    // SAFETY: valid for reads of one `idgate_claims` (contract); copied, unaligned-tolerant.
    let c = unsafe { claims.read_unaligned() };
    if c.json.is_null() || c.json_len > MAX_TOKEN_LEN {
        return Err(IDGATE_ERR_INVALID_ARGUMENT);
    }
    // A decoded member name is never longer than the JSON text holding it.
    if name_len > c.json_len {
        return Err(IDGATE_ERR_MISSING_CLAIM);
    }
    // SAFETY: valid for reads of `name_len` bytes (contract); length bounded above.
    let name_bytes = unsafe { raw::bytes(raw::char_ptr(name), name_len) }?;
    let name_str = utf8(name_bytes)?;
    // SAFETY: a view into the alive, unmodified scratch buffer of a successful verify
    // (contract); length bounded above.
    let text = unsafe { raw::bytes(c.json, c.json_len) }?;
    let json = ClaimsJson::parse(text).map_err(Error::number)?;
    Ok(Lookup {
        json,
        name: name_str,
        json_range: (c.json.addr(), c.json_len),
        name_range: (name.addr(), name_len),
    })
}

/// Writes one scalar output that must lie outside the claim set and the name.
///
/// # Safety
/// `out` non-NULL and valid for writes of one `T`.
unsafe fn write_scalar<T>(l: &Lookup<'_>, out: *mut T, value: T) -> Result<(), idgate_status> {
    l.outside(out.addr(), size_of::<T>())?;
    // SAFETY: non-NULL, valid for writes (contract), outside what was read (checked).
    unsafe { raw::write_opt(out, value) };
    Ok(())
}

/// The body of the exports that write one value read from a claim (`idgate_claim_int`,
/// `_bool`, `_strings_count`): `out` must not be NULL; the claim is looked up, read by `read`,
/// and the value written outside the claim set and the name.
///
/// # Safety
/// `claims` and `name` as for [`lookup`]; `out` NULL or valid for writes of one `T`.
unsafe fn scalar_claim<T>(
    claims: *const idgate_claims,
    name: *const c_char,
    name_len: usize,
    out: *mut T,
    read: impl FnOnce(&ClaimsJson<'_>, &str) -> Result<T, Error>,
) -> idgate_status {
    guard_status(|| {
        if out.is_null() {
            return Err(IDGATE_ERR_NULL_ARGUMENT);
        }
        // SAFETY: forwarded contract.
        let l = unsafe { lookup(claims, name, name_len) }?;
        let value = read(&l.json, l.name).map_err(Error::number)?;
        // SAFETY: non-NULL, valid for writes (contract).
        unsafe { write_scalar(&l, out, value) }
    })
}

/// The body of the exports that write one string read from a claim (`idgate_claim_str`,
/// `idgate_claim_string_at`): `out_len` must not be NULL, nor `out` with room; the claim is
/// looked up, the string chosen by `read`, and written as [`write_text`] writes it.
///
/// # Safety
/// `claims` and `name` as for [`lookup`]; `out` and `out_len` as for [`write_text`], except
/// that NULL is refused here.
unsafe fn text_claim<'a>(
    claims: *const idgate_claims,
    name: *const c_char,
    name_len: usize,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
    read: impl FnOnce(&ClaimsJson<'a>, &'a str) -> Result<ClaimStr<'a>, idgate_status>,
) -> idgate_status {
    guard_status(|| {
        if out_len.is_null() || (out.is_null() && out_cap != 0) {
            return Err(IDGATE_ERR_NULL_ARGUMENT);
        }
        // SAFETY: forwarded contract.
        let l = unsafe { lookup(claims, name, name_len) }?;
        let s = read(&l.json, l.name)?;
        // SAFETY: forwarded contract.
        unsafe { write_text(&l, s, out, out_cap, out_len) }
    })
}

/// Writes the decoded text of `s` and a NUL to `out`, its length to `*out_len`; on
/// `IDGATE_ERR_BUFFER_TOO_SMALL` only `*out_len`.
///
/// # Safety
/// `out` NULL (then `out_cap` must be 0) or valid for writes of `out_cap` bytes; `out_len`
/// non-NULL and valid for writes of a `size_t`.
unsafe fn write_text(
    l: &Lookup<'_>,
    s: ClaimStr<'_>,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> Result<(), idgate_status> {
    let need = s.len();
    l.outside(out_len.addr(), size_of::<usize>())?;
    if need >= out_cap {
        // SAFETY: non-NULL, valid for writes (contract), outside what was read (checked).
        unsafe { raw::write_opt(out_len, need) };
        return Err(IDGATE_ERR_BUFFER_TOO_SMALL);
    }
    // `need < out_cap`: the text and its NUL fit, and this cannot overflow.
    let written = need.saturating_add(1);
    l.outside(out.addr(), written)?;
    apart(out.addr(), written, out_len.addr(), size_of::<usize>())?;
    {
        // SAFETY: valid for writes of `out_cap >= written` bytes (contract), overlapping
        // nothing read or written here (checked); the slice ends with this block.
        let buf = unsafe { raw::bytes_mut(out.cast::<u8>(), written) }?;
        let (text, nul) = buf
            .split_at_mut_checked(need)
            .ok_or(IDGATE_ERR_BUFFER_TOO_SMALL)?;
        s.decode_into(text).map_err(Error::number)?;
        if let Some(b) = nul.first_mut() {
            *b = 0;
        }
    }
    // SAFETY: as above.
    unsafe { raw::write_opt(out_len, need) };
    Ok(())
}

/// Finds the claim named `name` (`name_len` bytes of UTF-8, compared with the decoded member
/// names) in a verified claim set and writes its raw JSON text (e.g. `"admin"` with the
/// quotes, `[1,2]`, `{"a":1}`, `true`) to `*ptr` and `*len`, a view into the scratch buffer.
///
/// Returns `IDGATE_ERR_MISSING_CLAIM` if there is no such claim, `IDGATE_ERR_NULL_ARGUMENT`,
/// `IDGATE_ERR_INVALID_ARGUMENT` (name not UTF-8, `claims` not from a successful verify,
/// `ptr` or `len` overlapping the claim set or the name).
///
/// # Safety
/// `claims` as in `idgate_claims_aud`; `name` NULL or valid for reads of `name_len` bytes;
/// `ptr` and `len` NULL or valid for writes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idgate_claim_raw(
    claims: *const idgate_claims,
    name: *const c_char,
    name_len: usize,
    ptr: *mut *const u8,
    len: *mut usize,
) -> idgate_status {
    guard_status(|| {
        if ptr.is_null() || len.is_null() {
            return Err(IDGATE_ERR_NULL_ARGUMENT);
        }
        // SAFETY: forwarded contract.
        let l = unsafe { lookup(claims, name, name_len) }?;
        let raw_json = l.json.raw(l.name).ok_or(IDGATE_ERR_MISSING_CLAIM)?;
        // SAFETY: non-NULL, valid for writes (contract).
        unsafe {
            write_scalar(&l, ptr, raw_json.as_ptr())?;
            write_scalar(&l, len, raw_json.len())
        }
    })
}

/// Finds the claim named `name` (`name_len` bytes of UTF-8, compared with the decoded member
/// names) in a verified claim set; if it is a string, writes it DECODED (escapes such as
/// `\u00e9` or `\"` turned into UTF-8) to `out` followed by a NUL byte, and its length
/// without the NUL to `*out_len`. Standard claims read too (`"iss"`).
///
/// `*out_len` is authoritative: a decoded string may itself contain a NUL (`\u0000`), so do
/// not rely on `strlen`. It is also written when the status is `IDGATE_ERR_BUFFER_TOO_SMALL`
/// (`out_cap` must be at least `*out_len + 1`): call once with `out = NULL, out_cap = 0` to
/// learn the size.
///
/// Returns `IDGATE_ERR_MISSING_CLAIM` (no such claim), `IDGATE_ERR_INVALID_CLAIM` (not a
/// string: a number, `null`, ...), `IDGATE_ERR_BUFFER_TOO_SMALL`, `IDGATE_ERR_NULL_ARGUMENT`
/// (`claims`, `name`, `out_len`, or `out` with a nonzero `out_cap`),
/// `IDGATE_ERR_INVALID_ARGUMENT` (name not UTF-8, `claims` not from a successful verify, `out`
/// or `out_len` overlapping the claim set in the scratch buffer, the name or each other).
///
/// # Safety
/// `claims` NULL or written by a successful `idgate_verify` whose scratch buffer is still
/// alive and unmodified; `name` NULL or valid for reads of `name_len` bytes; `out` NULL or
/// valid for writes of `out_cap` bytes; `out_len` NULL or valid for writes of a `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idgate_claim_str(
    claims: *const idgate_claims,
    name: *const c_char,
    name_len: usize,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> idgate_status {
    // SAFETY: forwarded contract.
    unsafe {
        text_claim(
            claims,
            name,
            name_len,
            out,
            out_cap,
            out_len,
            |json, name| json.str(name).map_err(Error::number),
        )
    }
}

/// Writes the claim named `name` to `*out` if it is a JSON integer within `int64_t`: digits
/// with an optional minus sign, no fraction, no exponent (`1.0`, `1e3`, `"1"` and numbers out
/// of range are `IDGATE_ERR_INVALID_CLAIM`; `-0` reads as 0).
///
/// Returns `IDGATE_ERR_MISSING_CLAIM`, `IDGATE_ERR_INVALID_CLAIM`, `IDGATE_ERR_NULL_ARGUMENT`,
/// `IDGATE_ERR_INVALID_ARGUMENT` (as `idgate_claim_str`).
///
/// # Safety
/// `claims` and `name` as in `idgate_claim_str`; `out` NULL or valid for writes of an
/// `int64_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idgate_claim_int(
    claims: *const idgate_claims,
    name: *const c_char,
    name_len: usize,
    out: *mut i64,
) -> idgate_status {
    // SAFETY: forwarded contract.
    unsafe { scalar_claim(claims, name, name_len, out, |json, name| json.int(name)) }
}

/// Writes the claim named `name` to `*out` if it is `true` or `false` (nothing else
/// converts: `1`, `"true"` and `null` are `IDGATE_ERR_INVALID_CLAIM`).
///
/// Returns `IDGATE_ERR_MISSING_CLAIM`, `IDGATE_ERR_INVALID_CLAIM`, `IDGATE_ERR_NULL_ARGUMENT`,
/// `IDGATE_ERR_INVALID_ARGUMENT` (as `idgate_claim_str`).
///
/// # Safety
/// `claims` and `name` as in `idgate_claim_str`; `out` NULL or valid for writes of a `bool`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idgate_claim_bool(
    claims: *const idgate_claims,
    name: *const c_char,
    name_len: usize,
    out: *mut bool,
) -> idgate_status {
    // SAFETY: forwarded contract.
    unsafe { scalar_claim(claims, name, name_len, out, |json, name| json.bool(name)) }
}

/// Writes to `*count` the number of strings in the claim named `name`, which must be an
/// array whose every element is a string (an empty array counts 0). A single string is not a
/// list of one (`aud` and `amr` have `idgate_claims_aud` / `idgate_claims_amr`).
///
/// Returns `IDGATE_ERR_MISSING_CLAIM`, `IDGATE_ERR_INVALID_CLAIM` (not an array, or an
/// element that is not a string), `IDGATE_ERR_NULL_ARGUMENT`, `IDGATE_ERR_INVALID_ARGUMENT`
/// (as `idgate_claim_str`).
///
/// # Safety
/// `claims` and `name` as in `idgate_claim_str`; `count` NULL or valid for writes of a
/// `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idgate_claim_strings_count(
    claims: *const idgate_claims,
    name: *const c_char,
    name_len: usize,
    count: *mut usize,
) -> idgate_status {
    // SAFETY: forwarded contract.
    unsafe {
        scalar_claim(claims, name, name_len, count, |json, name| {
            json.strings(name).map(|list| list.len())
        })
    }
}

/// Writes string number `index` (from 0) of the array-of-strings claim named `name`, decoded
/// and NUL-terminated, to `out`, as `idgate_claim_str` writes a string (same `*out_len` and
/// `IDGATE_ERR_BUFFER_TOO_SMALL` rules).
///
/// Returns `IDGATE_ERR_INVALID_ARGUMENT` for `index >= count` (as `idgate_claims_aud`), and
/// otherwise the statuses of `idgate_claim_strings_count` and `idgate_claim_str`.
///
/// # Safety
/// As `idgate_claim_str`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idgate_claim_string_at(
    claims: *const idgate_claims,
    name: *const c_char,
    name_len: usize,
    index: usize,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> idgate_status {
    // SAFETY: forwarded contract.
    unsafe {
        text_claim(
            claims,
            name,
            name_len,
            out,
            out_cap,
            out_len,
            |json, name| {
                json.strings(name)
                    .map_err(Error::number)?
                    .iter()
                    .nth(index)
                    .ok_or(IDGATE_ERR_INVALID_ARGUMENT)
            },
        )
    }
}

/// A (pointer, length) view of bytes: an empty one points at a static NUL byte, never at a
/// dangling address.
fn view(b: &[u8]) -> (*const u8, usize) {
    if b.is_empty() {
        (c"".as_ptr().cast::<u8>(), 0)
    } else {
        (b.as_ptr(), b.len())
    }
}

/// A JWS whose signature passed, from `idgate_verify_signature`: the header, and the payload
/// NOT interpreted (no claim was checked). Strings and the payload are views into the scratch
/// buffer (`alg` into static storage), valid while it is alive and unmodified; not
/// NUL-terminated.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct idgate_jws {
    /// Header `alg`, e.g. `ES256` (always present).
    pub alg: idgate_str,
    /// Header `kid` (`{NULL, 0}` if absent).
    pub kid: idgate_str,
    /// Header `typ`.
    pub typ: idgate_str,
    /// Header `cty`.
    pub cty: idgate_str,
    /// The decoded payload bytes (may be empty; any bytes, not necessarily JSON).
    pub payload: *const u8,
    /// Length of `payload` in bytes.
    pub payload_len: usize,
}

impl idgate_jws {
    fn of(header: &Header<'_>, payload: &[u8]) -> idgate_jws {
        let (payload, payload_len) = view(payload);
        idgate_jws {
            alg: idgate_str::of(header.alg.name()),
            kid: idgate_str::of_opt(header.kid),
            typ: idgate_str::of_opt(header.typ),
            cty: idgate_str::of_opt(header.cty),
            payload,
            payload_len,
        }
    }
}

/// Verifies a compact JWS up to and including its signature — structure, header, the key
/// from the key set, the signature — and hands back the header and the payload without
/// interpreting it: for a JWS whose payload is not a JWT (signed metadata, test vectors). Of
/// `policy` only `algs` and `critical_extensions` are used (the whole struct is still checked
/// as `idgate_verify` checks it); no claim, date, issuer or audience is checked, so an
/// expired token's signature verifies here.
///
/// `*out` is written only on success; its views point into `scratch` (at most
/// `idgate_scratch_len(token_len)` bytes are used).
///
/// Returns the statuses of `idgate_verify` up to `IDGATE_ERR_BAD_SIGNATURE`, with the same
/// argument checks: NULL pointers, `token_len` above `IDGATE_MAX_TOKEN_LEN`, the key set
/// (initialised, aligned), the policy, and `token`, the key set, `out` and the policy's
/// strings outside `scratch`.
///
/// # Safety
/// As `idgate_verify`, with `out` NULL or valid for writes of one `idgate_jws`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idgate_verify_signature(
    ks: *const idgate_keyset,
    policy: *const idgate_policy,
    token: *const u8,
    token_len: usize,
    scratch: *mut u8,
    scratch_len: usize,
    out: *mut idgate_jws,
) -> idgate_status {
    guard_status(|| {
        if ks.is_null() || policy.is_null() || token.is_null() || scratch.is_null() || out.is_null()
        {
            return Err(IDGATE_ERR_NULL_ARGUMENT);
        }
        // SAFETY: `ks` is a key set from `idgate_keyset_init` (contract); only its header is read.
        let area = unsafe { raw::Scratch::for_token(scratch, scratch_len, token, token_len, ks) }?;
        area.outside(&[(out.addr(), size_of::<idgate_jws>())])?;
        // SAFETY: a key set from `idgate_keyset_init` not modified during the call (contract).
        let set = unsafe { raw::keyset(ks) }?;
        // SAFETY: a valid `idgate_policy` with valid strings and lists (contract); the struct
        // and its lists are copied, only the strings stay borrowed.
        let strs = unsafe { raw::policy(policy) }?;
        area.strings_outside(strs.strings())?;
        // SAFETY: valid for reads of `token_len` bytes (contract), outside `scratch` (checked).
        let token = unsafe { raw::bytes(token, token_len) }?;
        // SAFETY: valid for writes of at least its length, used by nothing else (contract);
        // the token, key set, policy strings and `out` lie outside (checked).
        let scratch = unsafe { area.bytes() }?;
        let policy = strs.policy();
        let jws =
            idgate::verify_signature(token, set.keys, &policy, scratch).map_err(Error::number)?;
        // SAFETY: non-NULL, valid for writes of one `idgate_jws` (contract), outside `scratch`.
        unsafe { raw::write_opt(out, idgate_jws::of(&jws.header, jws.payload)) };
        Ok(())
    })
}

/// A token decoded WITHOUT ANY VERIFICATION (`idgate_decode_unverified`): views into the
/// scratch buffer, not NUL-terminated. Nothing here may be trusted.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct idgate_unverified {
    /// The header's JSON text (checked to be strict JSON, nothing more).
    pub header_json: *const u8,
    /// Length of `header_json` in bytes.
    pub header_json_len: usize,
    /// The decoded payload bytes (not checked at all; may be empty).
    pub payload: *const u8,
    /// Length of `payload` in bytes.
    pub payload_len: usize,
    /// Length of the decoded signature in bytes (0 for an unsigned `alg: none` token).
    pub signature_len: usize,
}

/// DECODES A TOKEN WITHOUT VERIFYING ANYTHING: no signature, no key, no `alg`, no claim.
/// For diagnostics and logs only (what does this token say?); never base a decision on it.
/// Use `idgate_verify` (or `idgate_verify_signature`) for that.
///
/// Splits the compact token, decodes the header (which must be strict JSON) and the payload
/// into `scratch` (at most `idgate_scratch_len(token_len)` bytes are used) and measures the
/// signature. `*out` is written only on success. A JWE (five segments) is
/// `IDGATE_ERR_UNSUPPORTED_ALG`; `alg: none` tokens decode.
///
/// Returns `IDGATE_ERR_MALFORMED`, `IDGATE_ERR_TOO_LARGE` (`token_len` above
/// `IDGATE_MAX_TOKEN_LEN`, checked before reading), `IDGATE_ERR_BUFFER_TOO_SMALL`,
/// `IDGATE_ERR_UNSUPPORTED_ALG`, `IDGATE_ERR_NULL_ARGUMENT`, `IDGATE_ERR_INVALID_ARGUMENT`
/// (`token` or `out` overlapping `scratch`).
///
/// # Safety
/// `token` NULL or valid for reads of `token_len` bytes; `scratch` NULL or valid for writes
/// of `scratch_len` bytes that nothing else uses during the call; `out` NULL or valid for
/// writes of one `idgate_unverified`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idgate_decode_unverified(
    token: *const u8,
    token_len: usize,
    scratch: *mut u8,
    scratch_len: usize,
    out: *mut idgate_unverified,
) -> idgate_status {
    guard_status(|| {
        if token.is_null() || scratch.is_null() || out.is_null() {
            return Err(IDGATE_ERR_NULL_ARGUMENT);
        }
        if token_len > MAX_TOKEN_LEN {
            return Err(IDGATE_ERR_TOO_LARGE);
        }
        let scratch_len = scratch_len.min(idgate::scratch_len(token_len));
        apart(token.addr(), token_len, scratch.addr(), scratch_len)?;
        apart(
            out.addr(),
            size_of::<idgate_unverified>(),
            scratch.addr(),
            scratch_len,
        )?;
        // SAFETY: valid for reads of `token_len` bytes (contract), outside `scratch` (checked).
        let token = unsafe { raw::bytes(token, token_len) }?;
        // SAFETY: valid for writes of at least `scratch_len` bytes used by nothing else
        // (contract); the token and `out` lie outside (checked).
        let scratch = unsafe { raw::bytes_mut(scratch, scratch_len) }?;
        let d = idgate::decode_unverified(token, scratch).map_err(Error::number)?;
        let (header_json, header_json_len) = view(d.header_json);
        let (payload, payload_len) = view(d.payload);
        let value = idgate_unverified {
            header_json,
            header_json_len,
            payload,
            payload_len,
            signature_len: d.signature_len,
        };
        // SAFETY: non-NULL, valid for writes (contract), outside `scratch` (checked).
        unsafe { raw::write_opt(out, value) };
        Ok(())
    })
}

/// Adds one JWK (a JSON object such as `{"kty":"EC","crv":"P-256","x":...,"y":...}`, at most
/// `IDGATE_MAX_JWKS_LEN` bytes) to the keys the key set holds, keeping the others (unlike
/// `idgate_keyset_parse`, which replaces them). Nothing is skipped: a key that cannot be used
/// is an error naming why.
///
/// Returns `IDGATE_ERR_MALFORMED` (bad JSON, a member of the wrong type),
/// `IDGATE_ERR_UNSUPPORTED_ALG` (a key type, curve, `use`, `key_ops` or `alg` this library
/// cannot verify with, `oct` included: add HMAC secrets with `idgate_keyset_add_hmac`),
/// `IDGATE_ERR_WEAK_KEY` (RSA below 2048 bits), `IDGATE_ERR_INVALID_KEY`,
/// `IDGATE_ERR_TOO_LARGE` (`jwk_len`, checked before reading; a `kid` over 128 bytes),
/// `IDGATE_ERR_KEY_SET_FULL`, `IDGATE_ERR_NULL_ARGUMENT`, `IDGATE_ERR_INVALID_ARGUMENT` (key
/// set not initialised or misaligned, `jwk` overlapping it). On error the key set is
/// unchanged.
///
/// # Safety
/// `ks` as in `idgate_keyset_parse`; `jwk` NULL or valid for reads of `jwk_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idgate_keyset_add_jwk(
    ks: *mut idgate_keyset,
    jwk: *const u8,
    jwk_len: usize,
) -> idgate_status {
    guard_status(|| {
        if ks.is_null() || jwk.is_null() {
            return Err(IDGATE_ERR_NULL_ARGUMENT);
        }
        if jwk_len > MAX_JWKS_LEN {
            return Err(IDGATE_ERR_TOO_LARGE);
        }
        // SAFETY: `ks` is a key set from `idgate_keyset_init` (contract); only its header is read.
        let (ks_addr, ks_len) = unsafe { raw::keyset_range(ks) };
        apart(ks_addr, ks_len, jwk.addr(), jwk_len)?;
        // SAFETY: `ks` is a key set nobody else uses during the call (contract).
        let set = unsafe { raw::keyset_mut(ks) }?;
        // SAFETY: valid for reads of `jwk_len` bytes (contract), not overlapping the key set.
        let jwk = unsafe { raw::bytes(jwk, jwk_len) }?;
        set.keys.add_jwk(jwk).map_err(Error::number)
    })
}
