//! Sender-constrained tokens from C: JWK thumbprints, DPoP proofs with a replay cache in
//! caller memory (`idgate_dpop_verify`), and certificate-bound tokens
//! (`idgate_verify_certificate_bound`).

use core::ffi::c_char;
use core::mem::{align_of, size_of};

use idgate::limits::MAX_TOKEN_LEN;
use idgate::{
    CertificateHash, DpopOptions, DpopRequest, Error, ReplayCache, ReplaySlot, THUMBPRINT_B64_LEN,
    Thumbprint,
};

use crate::claims::idgate_claims;
use crate::exports::guard_status;
use crate::keyset::idgate_keyset;
use crate::policy::{algs_from_bits, idgate_policy, idgate_str};
use crate::raw;
use crate::status::{
    IDGATE_ERR_INVALID_ARGUMENT, IDGATE_ERR_NULL_ARGUMENT, IDGATE_ERR_TOO_LARGE, idgate_status,
};

/// One slot of a DPoP replay cache: 40 opaque bytes, 8-aligned, all zero when free. Give
/// `idgate_dpop_verify` an array of them, zeroed once (`= {0}`, `memset`, or static storage),
/// and keep it for the life of the gateway.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct idgate_replay_slot {
    /// Opaque.
    pub opaque: [u64; 5],
}

// The C slot is the core's slot, byte for byte.
const _: () = {
    assert!(size_of::<idgate_replay_slot>() == size_of::<ReplaySlot>());
    assert!(align_of::<idgate_replay_slot>() == align_of::<ReplaySlot>());
};

/// Bytes of a thumbprint's base64url text, NUL excluded (43).
pub const IDGATE_THUMBPRINT_LEN: usize = 43;
const _: () = assert!(IDGATE_THUMBPRINT_LEN == THUMBPRINT_B64_LEN);

/// `IDGATE_DPOP_CHECK_*`: which check a refused DPoP request failed (`out_check` of
/// `idgate_dpop_verify`); 0 when none did. Same numbers and names as the core's `DpopCheck`.
pub const IDGATE_DPOP_CHECK_NONE: u32 = 0;
/// The proof is not a compact JWS of strict JSON.
pub const IDGATE_DPOP_CHECK_SYNTAX: u32 = 1;
/// The header `typ` is not `dpop+jwt`.
pub const IDGATE_DPOP_CHECK_TYP: u32 = 2;
/// The header `alg` is missing, symmetric or not allowed.
pub const IDGATE_DPOP_CHECK_ALG: u32 = 3;
/// The header `jwk` is missing, unusable, or does not fit `alg`.
pub const IDGATE_DPOP_CHECK_JWK: u32 = 4;
/// The `jwk` has private or symmetric key members.
pub const IDGATE_DPOP_CHECK_PRIVATE_KEY: u32 = 5;
/// The `jwk` is an RSA key below 2048 bits.
pub const IDGATE_DPOP_CHECK_WEAK_KEY: u32 = 6;
/// The signature does not verify with the `jwk`.
pub const IDGATE_DPOP_CHECK_SIGNATURE: u32 = 7;
/// `htm`, `htu`, `iat` or `jti` is missing or of the wrong type.
pub const IDGATE_DPOP_CHECK_CLAIMS: u32 = 8;
/// `htm` is not the request method.
pub const IDGATE_DPOP_CHECK_HTM: u32 = 9;
/// `htu` is not the request URI.
pub const IDGATE_DPOP_CHECK_HTU: u32 = 10;
/// `nonce` is not the server's nonce.
pub const IDGATE_DPOP_CHECK_NONCE: u32 = 11;
/// `iat` is outside the window.
pub const IDGATE_DPOP_CHECK_IAT: u32 = 12;
/// `ath` is not the hash of the access token.
pub const IDGATE_DPOP_CHECK_ATH: u32 = 13;
/// The `jti` was seen before, or the replay cache is full.
pub const IDGATE_DPOP_CHECK_JTI: u32 = 14;
/// The access token itself was refused (the status says why).
pub const IDGATE_DPOP_CHECK_ACCESS_TOKEN: u32 = 15;
/// The access token's `cnf.jkt` is not the proof key's thumbprint.
pub const IDGATE_DPOP_CHECK_BINDING: u32 = 16;

const _: () = {
    use idgate::DpopCheck as C;
    let pairs = [
        (IDGATE_DPOP_CHECK_SYNTAX, C::Syntax),
        (IDGATE_DPOP_CHECK_TYP, C::Typ),
        (IDGATE_DPOP_CHECK_ALG, C::Alg),
        (IDGATE_DPOP_CHECK_JWK, C::Jwk),
        (IDGATE_DPOP_CHECK_PRIVATE_KEY, C::PrivateKey),
        (IDGATE_DPOP_CHECK_WEAK_KEY, C::WeakKey),
        (IDGATE_DPOP_CHECK_SIGNATURE, C::Signature),
        (IDGATE_DPOP_CHECK_CLAIMS, C::Claims),
        (IDGATE_DPOP_CHECK_HTM, C::Htm),
        (IDGATE_DPOP_CHECK_HTU, C::Htu),
        (IDGATE_DPOP_CHECK_NONCE, C::Nonce),
        (IDGATE_DPOP_CHECK_IAT, C::Iat),
        (IDGATE_DPOP_CHECK_ATH, C::Ath),
        (IDGATE_DPOP_CHECK_JTI, C::Jti),
        (IDGATE_DPOP_CHECK_ACCESS_TOKEN, C::AccessToken),
        (IDGATE_DPOP_CHECK_BINDING, C::Binding),
    ];
    assert!(pairs.len() == C::ALL.len());
    let mut i = 0;
    // Compile-time only: an index out of range is a compile error.
    #[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
    while i < pairs.len() {
        assert!(pairs[i].0 == pairs[i].1.number());
        i += 1;
    }
};

/// The HTTP request a DPoP proof came with, and how proofs are accepted. Start from
/// `idgate_dpop_request_init` (defaults), then set `proof`, `method` and `uri`.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct idgate_dpop_request {
    /// The `DPoP` header's value (the proof JWS).
    pub proof: *const u8,
    /// Its length in bytes (at most `IDGATE_MAX_TOKEN_LEN`).
    pub proof_len: usize,
    /// The request method, compared exactly with `htm`.
    pub method: idgate_str,
    /// The absolute request URI, compared with `htu` after RFC 3986 normalisation (query
    /// and fragment ignored).
    pub uri: idgate_str,
    /// The nonce the server gave the client, or `{NULL, 0}`.
    pub nonce: idgate_str,
    /// Algorithms accepted for the proof (`IDGATE_ALG_*`; default `IDGATE_ALGS_ASYMMETRIC`;
    /// symmetric ones are always refused).
    pub algs: u32,
    /// How old the proof's `iat` may be, in seconds (default 300); also how long its `jti`
    /// stays in the replay cache.
    pub window: u64,
    /// How far in the future `iat` may be, in seconds (default 60).
    pub leeway: u64,
}

/// Sets `req` to the defaults: no proof, method or URI, no nonce, asymmetric algorithms, a
/// 300 s window and 60 s leeway. A NULL `req` is ignored.
///
/// # Safety
/// `req` must be NULL or valid for writes of one `idgate_dpop_request`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idgate_dpop_request_init(req: *mut idgate_dpop_request) {
    let _ = guard_status(|| {
        let d = DpopOptions::new();
        let value = idgate_dpop_request {
            proof: core::ptr::null(),
            proof_len: 0,
            method: idgate_str::NONE,
            uri: idgate_str::NONE,
            nonce: idgate_str::NONE,
            algs: u32::from(d.algs.bits()),
            window: d.window,
            leeway: d.leeway,
        };
        // SAFETY: NULL or valid for writes of one `idgate_dpop_request` (contract).
        unsafe { raw::write_opt(req, value) };
        Ok(())
    });
}

/// Scratch bytes `idgate_dpop_verify` may need: the larger of the access token's
/// `idgate_scratch_len(token_len)` and `2 * proof_len + uri_len + 8` (saturating).
#[unsafe(no_mangle)]
pub extern "C" fn idgate_dpop_scratch_len(
    token_len: usize,
    proof_len: usize,
    uri_len: usize,
) -> usize {
    idgate::scratch_len(token_len).max(idgate::dpop_scratch_len(proof_len, uri_len))
}

/// Writes the RFC 7638 SHA-256 thumbprint of one public JWK (`kty` `RSA`, `EC` or `OKP`) as
/// base64url text, `IDGATE_THUMBPRINT_LEN` characters and a NUL, into `out` (at least
/// `IDGATE_THUMBPRINT_LEN + 1` bytes).
///
/// Returns `IDGATE_ERR_MALFORMED`, `IDGATE_ERR_UNSUPPORTED_ALG` (other key types),
/// `IDGATE_ERR_TOO_LARGE`, `IDGATE_ERR_BUFFER_TOO_SMALL`, `IDGATE_ERR_NULL_ARGUMENT`.
///
/// # Safety
/// `jwk` NULL or valid for reads of `jwk_len` bytes; `out` NULL or valid for writes of
/// `out_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idgate_jwk_thumbprint(
    jwk: *const u8,
    jwk_len: usize,
    out: *mut c_char,
    out_len: usize,
) -> idgate_status {
    guard_status(|| {
        if jwk.is_null() || out.is_null() {
            return Err(IDGATE_ERR_NULL_ARGUMENT);
        }
        if jwk_len > idgate::limits::MAX_JWKS_LEN {
            return Err(IDGATE_ERR_TOO_LARGE);
        }
        if out_len <= THUMBPRINT_B64_LEN {
            return Err(Error::BufferTooSmall.number());
        }
        // SAFETY: valid for reads of `jwk_len` bytes (contract).
        let jwk = unsafe { raw::bytes(jwk, jwk_len) }?;
        let t = Thumbprint::of_jwk(jwk).map_err(Error::number)?;
        let mut text = [0u8; THUMBPRINT_B64_LEN];
        let text = t.encode(&mut text).as_bytes();
        // SAFETY: valid for writes of `out_len > 43` bytes (contract).
        let out = unsafe { raw::bytes_mut(out.cast::<u8>(), out_len) }?;
        for (d, s) in out.iter_mut().zip(text.iter().chain([&0u8])) {
            *d = *s;
        }
        Ok(())
    })
}

/// Writes the SHA-256 of a client certificate's DER encoding (32 bytes) to `out`, for
/// `idgate_verify_certificate_bound`.
///
/// # Safety
/// `der` NULL or valid for reads of `der_len` bytes; `out` NULL or valid for writes of 32
/// bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idgate_certificate_sha256(
    der: *const u8,
    der_len: usize,
    out: *mut u8,
) -> idgate_status {
    guard_status(|| {
        if der.is_null() || out.is_null() {
            return Err(IDGATE_ERR_NULL_ARGUMENT);
        }
        // SAFETY: valid for reads of `der_len` bytes (contract).
        let der = unsafe { raw::bytes(der, der_len) }?;
        let hash = CertificateHash::of_der(der);
        // SAFETY: valid for writes of 32 bytes (contract).
        let out = unsafe { raw::bytes_mut(out, 32) }?;
        out.copy_from_slice(hash.as_bytes());
        Ok(())
    })
}

/// Verifies an access token presented over mutual TLS (RFC 8705 §3): `idgate_verify`, then
/// the token's `cnf["x5t#S256"]` must be the base64url of `cert_sha256` (32 bytes, from
/// `idgate_certificate_sha256` or the TLS library).
///
/// Returns as `idgate_verify`, and `IDGATE_ERR_BINDING_MISMATCH` if the token has no such
/// `cnf` member or it does not match, `IDGATE_ERR_INVALID_CLAIM` if `cnf` is not an object.
///
/// # Safety
/// As `idgate_verify`; `cert_sha256` NULL or valid for reads of 32 bytes.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn idgate_verify_certificate_bound(
    ks: *const idgate_keyset,
    policy: *const idgate_policy,
    token: *const u8,
    token_len: usize,
    cert_sha256: *const u8,
    now: u64,
    scratch: *mut u8,
    scratch_len: usize,
    out_claims: *mut idgate_claims,
) -> idgate_status {
    guard_status(|| {
        if ks.is_null()
            || policy.is_null()
            || token.is_null()
            || cert_sha256.is_null()
            || scratch.is_null()
            || out_claims.is_null()
        {
            return Err(IDGATE_ERR_NULL_ARGUMENT);
        }
        // SAFETY: `ks` is a key set from `idgate_keyset_init` (contract); only its header is read.
        let area = unsafe { raw::Scratch::for_token(scratch, scratch_len, token, token_len, ks) }?;
        area.outside(&[
            (out_claims.addr(), size_of::<idgate_claims>()),
            (cert_sha256.addr(), 32),
        ])?;
        // SAFETY: a key set from `idgate_keyset_init` not modified during the call (contract).
        let set = unsafe { raw::keyset(ks) }?;
        // SAFETY: a valid `idgate_policy` with valid strings and lists (contract); the struct
        // and its lists are copied, only the strings stay borrowed.
        let strs = unsafe { raw::policy(policy) }?;
        area.strings_outside(strs.strings())?;
        // SAFETY: valid for reads (contract), outside `scratch` (checked).
        let token = unsafe { raw::bytes(token, token_len) }?;
        // SAFETY: valid for reads of 32 bytes (contract).
        let cert = unsafe { raw::bytes(cert_sha256, 32) }?;
        let mut hash = [0u8; 32];
        hash.copy_from_slice(cert);
        // SAFETY: valid for writes, used by nothing else (contract); inputs outside (checked).
        let scratch = unsafe { area.bytes() }?;
        let policy = strs.policy();
        let verified = idgate::verify_certificate_bound(
            token,
            set.keys,
            &policy,
            &CertificateHash::from_bytes(hash),
            now,
            scratch,
        )
        .map_err(Error::number)?;
        // SAFETY: valid for writes of one `idgate_claims` (contract), outside `scratch`.
        unsafe { raw::write_opt(out_claims, idgate_claims::from_verified(&verified)) };
        Ok(())
    })
}

/// Verifies a DPoP-bound access token and its proof (RFC 9449 §4.3, §7.1): the proof
/// against `req` (including `ath` over `token`), the token with the key set and `policy`,
/// its `cnf.jkt` against the proof key's thumbprint, and last the proof's `jti` in the
/// replay cache `cache` (`cache_len` slots).
///
/// On success writes `out_claims` (views into `scratch`, which needs
/// `idgate_dpop_scratch_len(token_len, req->proof_len, req->uri.len)` bytes). `out_check`
/// (optional) receives `IDGATE_DPOP_CHECK_NONE` on success and the failed check on a
/// refusal (`IDGATE_DPOP_CHECK_*`; the status is `IDGATE_ERR_DPOP_PROOF_INVALID`,
/// `IDGATE_ERR_BINDING_MISMATCH`, `IDGATE_ERR_DPOP_REPLAY`, `IDGATE_ERR_REPLAY_CACHE_FULL`
/// or the access token's own error); it is left alone for argument errors.
///
/// Threads: the cache is written by the call. Share one cache between threads only under a
/// lock held for the whole call (a `pthread_mutex_t`), or give each thread its own cache
/// and send each client's requests to the same thread (a replay sent to another thread is
/// then not seen). A full cache refuses proofs (`IDGATE_ERR_REPLAY_CACHE_FULL`) until
/// entries expire: size it for the peak proof rate times `window`.
///
/// # Safety
/// As `idgate_verify`; `req` NULL or a valid `idgate_dpop_request` whose proof and strings
/// are valid; `cache` NULL or valid for reads and writes of `cache_len` slots that no other
/// thread accesses during the call; `out_check` NULL or valid for writes of a `uint32_t`.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn idgate_dpop_verify(
    ks: *const idgate_keyset,
    policy: *const idgate_policy,
    token: *const u8,
    token_len: usize,
    req: *const idgate_dpop_request,
    cache: *mut idgate_replay_slot,
    cache_len: usize,
    now: u64,
    scratch: *mut u8,
    scratch_len: usize,
    out_claims: *mut idgate_claims,
    out_check: *mut u32,
) -> idgate_status {
    guard_status(|| {
        if ks.is_null()
            || policy.is_null()
            || token.is_null()
            || req.is_null()
            || cache.is_null()
            || scratch.is_null()
            || out_claims.is_null()
        {
            return Err(IDGATE_ERR_NULL_ARGUMENT);
        }
        // SAFETY: valid for reads of one `idgate_dpop_request` (contract); copied.
        let r = unsafe { req.read_unaligned() };
        if token_len > MAX_TOKEN_LEN || r.proof_len > MAX_TOKEN_LEN {
            return Err(IDGATE_ERR_TOO_LARGE);
        }
        if r.proof.is_null() {
            return Err(IDGATE_ERR_NULL_ARGUMENT);
        }
        let cache_bytes = cache_len
            .checked_mul(size_of::<idgate_replay_slot>())
            .filter(|&n| n <= isize::MAX.unsigned_abs())
            .ok_or(IDGATE_ERR_INVALID_ARGUMENT)?;
        if !cache.is_aligned() {
            return Err(IDGATE_ERR_INVALID_ARGUMENT);
        }
        let need = idgate_dpop_scratch_len(token_len, r.proof_len, r.uri.len);
        let area = raw::Scratch::new(scratch, scratch_len, need);
        // SAFETY: `ks` is a key set from `idgate_keyset_init` (contract); only its header is read.
        let ks_range = unsafe { raw::keyset_range(ks) };
        area.outside(&[
            (token.addr(), token_len),
            (r.proof.addr(), r.proof_len),
            ks_range,
            (out_claims.addr(), size_of::<idgate_claims>()),
            (cache.addr(), cache_bytes),
            (req.addr(), size_of::<idgate_dpop_request>()),
        ])?;
        if raw::overlaps(cache.addr(), cache_bytes, token.addr(), token_len)
            || raw::overlaps(cache.addr(), cache_bytes, r.proof.addr(), r.proof_len)
        {
            return Err(IDGATE_ERR_INVALID_ARGUMENT);
        }
        // SAFETY: a key set from `idgate_keyset_init` not modified during the call (contract).
        let set = unsafe { raw::keyset(ks) }?;
        // SAFETY: a valid `idgate_policy` with valid strings and lists (contract); the struct
        // and its lists are copied, only the strings stay borrowed.
        let strs = unsafe { raw::policy(policy) }?;
        // SAFETY: the request's strings are valid (contract).
        let (method, uri, nonce) = unsafe {
            (
                raw::opt_str(r.method)?,
                raw::opt_str(r.uri)?,
                raw::opt_str(r.nonce)?,
            )
        };
        let (Some(method), Some(uri)) = (method, uri) else {
            return Err(IDGATE_ERR_NULL_ARGUMENT);
        };
        area.strings_outside(strs.strings().chain([method, uri]).chain(nonce))?;
        let options = DpopOptions::new()
            .with_algs(algs_from_bits(r.algs)?)
            .with_window(r.window)
            .with_leeway(r.leeway);
        // SAFETY: valid for reads (contract), outside `scratch` (checked).
        let token = unsafe { raw::bytes(token, token_len) }?;
        // SAFETY: as above.
        let proof = unsafe { raw::bytes(r.proof, r.proof_len) }?;
        // SAFETY: `cache` is aligned, valid for reads and writes of `cache_len` slots used by
        // nothing else during the call (contract), outside the scratch, token and proof
        // (checked); `idgate_replay_slot` and `ReplaySlot` have the same size and alignment
        // (asserted above) and every bit pattern is a valid `ReplaySlot` (bytes and a u64).
        let slots =
            unsafe { core::slice::from_raw_parts_mut(cache.cast::<ReplaySlot>(), cache_len) };
        let mut cache = ReplayCache::new(slots);
        // SAFETY: valid for writes, used by nothing else (contract); inputs outside (checked).
        let scratch = unsafe { area.bytes() }?;
        let mut request = DpopRequest::new(method, uri);
        request.nonce = nonce;
        let policy = strs.policy();
        let result = idgate::verify_dpop(
            token, set.keys, &policy, proof, &request, &options, &mut cache, now, scratch,
        );
        let (status, check) = match result {
            Ok(verified) => {
                // SAFETY: valid for writes of one `idgate_claims` (contract), outside
                // `scratch`.
                unsafe { raw::write_opt(out_claims, idgate_claims::from_verified(&verified)) };
                (Ok(()), IDGATE_DPOP_CHECK_NONE)
            }
            Err(e) => (Err(e.error.number()), e.check.number()),
        };
        // SAFETY: NULL or valid for writes of a `uint32_t` (contract).
        unsafe { raw::write_opt(out_check, check) };
        status
    })
}
