//! The C API (`idgate_ffi`, called as C would) with arbitrary lengths: token lengths past
//! the limit, scratch buffers from empty to oversized, the token placed inside the scratch
//! buffer, policy strings that are not UTF-8, unknown policy bits, NULL pointers, and JWKS
//! documents loaded into a fresh key set. Every pointer passed is valid for the length
//! passed: the point is the API's own checks, not undefined behaviour.
//!
//! Checks: the status is documented and never `IDGATE_ERR_PANIC`; with valid arguments it is
//! exactly the Rust API's result number for the same inputs; an accepted token's claim views
//! lie inside the scratch buffer and read back through the accessors.
#![no_main]

use std::sync::OnceLock;

use idgate::{AlgSet, ClaimSet, Error, KeySet, Policy, scratch_len, verify};
use idgate_ffi::*;
use idgate_fuzz::{CLIENT_ID, HMAC_SECRET, ISSUER, JWKS, NONCE, NOW, Reader};
use libfuzzer_sys::fuzz_target;

/// Key-set storage: `idgate_keyset_size()` bytes, 16-aligned.
struct Storage(Vec<u128>);

impl Storage {
    fn new() -> Storage {
        let words = idgate_keyset_size().div_ceil(16);
        assert!(idgate_keyset_align() <= 16);
        let mut s = Storage(vec![0u128; words]);
        // SAFETY: valid for writes of the storage length, used by nothing else.
        let st = unsafe { idgate_keyset_init(s.0.as_mut_ptr().cast(), words * 16) };
        assert_eq!(st, IDGATE_OK);
        s
    }
    fn ks(&self) -> *const idgate_keyset {
        self.0.as_ptr().cast()
    }
    fn ks_mut(&mut self) -> *mut idgate_keyset {
        self.0.as_mut_ptr().cast()
    }
}

/// The fixtures' key set through the C API; only read after initialisation
/// (`idgate_verify` is reentrant).
struct Fixture(Storage);

fn fixture_keys() -> &'static Fixture {
    static K: OnceLock<Fixture> = OnceLock::new();
    K.get_or_init(|| {
        let mut s = Storage::new();
        let (mut added, mut skipped) = (0usize, 0usize);
        // SAFETY: an initialised key set; JWKS valid for its length; outputs valid.
        let st = unsafe { idgate_keyset_parse(s.ks_mut(), JWKS.as_ptr(), JWKS.len(), &mut added, &mut skipped) };
        assert_eq!((st, added, skipped), (IDGATE_OK, 7, 0));
        // SAFETY: as above.
        let st = unsafe { idgate_keyset_add_hmac(s.ks_mut(), HMAC_SECRET.as_ptr(), HMAC_SECRET.len()) };
        assert_eq!(st, IDGATE_OK);
        Fixture(s)
    })
}

fn rust_keys() -> &'static KeySet {
    idgate_fuzz::key_set()
}

const DOCUMENTED: &[u32] = &[0, 100, 102];

fn documented(st: u32) -> bool {
    DOCUMENTED.contains(&st) || Error::from_number(st).is_some()
}

/// `s` viewed as a slice (NULL → None).
unsafe fn view<'a>(s: idgate_str) -> Option<&'a [u8]> {
    if s.ptr.is_null() {
        None
    } else {
        // SAFETY: the caller passes views written by a successful verify, scratch alive.
        Some(unsafe { std::slice::from_raw_parts(s.ptr.cast::<u8>(), s.len) })
    }
}

// Input format: flags u8, scratch mode u8, scratch delta u16, leeway u8, algs u32,
// required u32, nonce (u16 length + bytes), then the token = rest. Flag bits: 0 nonce from
// input (else the fixtures' nonce), 1 token inside the scratch buffer, 2 a NULL argument,
// 3 token_len past the end (up to MAX+delta, within the buffer), 4 also load the rest as a
// JWKS into a fresh key set, 5 access-token profile, 6 algs/required from input.
fuzz_target!(|data: &[u8]| {
    let mut r = Reader(data);
    let flags = r.u8();
    let scratch_mode = r.u8();
    let delta = usize::from(r.u16());
    let leeway = u64::from(r.u8());
    let algs = r.u32();
    let required = r.u32();
    let nonce_in = r.bytes();
    let token = r.rest();

    if flags & 16 != 0 {
        jwks(token);
    }

    // The policy, through the C constructors.
    let mut p = std::mem::MaybeUninit::<idgate_policy>::uninit();
    // SAFETY: valid for writes of one policy; strings valid for their lengths.
    let st = unsafe {
        if flags & 32 != 0 {
            idgate_policy_access_token(p.as_mut_ptr(), ISSUER.as_ptr().cast(), ISSUER.len(), CLIENT_ID.as_ptr().cast(), CLIENT_ID.len())
        } else {
            idgate_policy_id_token(p.as_mut_ptr(), ISSUER.as_ptr().cast(), ISSUER.len(), CLIENT_ID.as_ptr().cast(), CLIENT_ID.len())
        }
    };
    assert_eq!(st, IDGATE_OK);
    // SAFETY: initialised by the call above.
    let mut p = unsafe { p.assume_init() };
    p.leeway = leeway;
    let nonce: &[u8] = if flags & 1 != 0 { nonce_in } else { NONCE.as_bytes() };
    p.nonce = idgate_str { ptr: nonce.as_ptr().cast(), len: nonce.len() };
    if flags & 64 != 0 {
        p.algs = algs;
        p.required = required;
    } else {
        p.algs = u32::from(AlgSet::ALL.bits());
    }

    // The same policy in Rust, when the C one is valid.
    let nonce_str = std::str::from_utf8(nonce).ok();
    let rust_policy = match (
        nonce_str,
        u16::try_from(p.algs).ok().map(AlgSet::from_bits).filter(|a| u32::from(a.bits()) == p.algs),
        u16::try_from(p.required).ok().map(ClaimSet::from_bits).filter(|c| u32::from(c.bits()) == p.required),
    ) {
        (Some(n), Some(a), Some(c)) => {
            let mut rp = if flags & 32 != 0 {
                Policy::access_token(ISSUER, CLIENT_ID)
            } else {
                Policy::id_token(ISSUER, CLIENT_ID)
            };
            rp = rp.with_leeway(leeway).with_nonce(n).with_algs(a);
            rp.required = c;
            Some(rp)
        }
        _ => None,
    };

    // Token and scratch: lengths from the input, buffers always valid for them.
    let need = idgate_scratch_len(token.len());
    assert_eq!(need, scratch_len(token.len()));
    let scratch_size = match scratch_mode % 5 {
        0 => need,
        1 => need.saturating_sub(delta),
        2 => 0,
        3 => need + delta,
        _ => delta,
    };
    let inside = flags & 2 != 0 && !token.is_empty();
    let mut buf = vec![0u8; scratch_size.max(1) + if inside { token.len() } else { 0 }];
    let mut token_owned: Vec<u8> = token.to_vec();
    let long = flags & 8 != 0;
    if long {
        // A claimed length past the limit, backed by real bytes.
        token_owned.resize(idgate::limits::MAX_TOKEN_LEN + 1 + delta % 64, b'A');
    }
    let (token_ptr, token_len) = if inside {
        buf[..token.len()].copy_from_slice(token);
        (buf.as_ptr(), token.len())
    } else {
        (token_owned.as_ptr(), token_owned.len())
    };
    let scratch_ptr = buf.as_mut_ptr();
    let mut claims = std::mem::MaybeUninit::<idgate_claims>::zeroed();
    let null = flags & 4 != 0;
    // SAFETY: every pointer is valid for the length passed with it (the token may lie inside
    // the scratch buffer: the API must refuse that, not read it).
    let st = unsafe {
        idgate_verify(
            fixture_keys().0.ks(),
            &p,
            if null { std::ptr::null() } else { token_ptr },
            token_len,
            NOW,
            scratch_ptr,
            scratch_size,
            claims.as_mut_ptr(),
        )
    };
    if std::env::var_os("IDGATE_FUZZ_TRACE").is_some() {
        eprintln!("status {st}");
    }
    assert!(documented(st), "undocumented status {st}");
    assert_ne!(st, IDGATE_ERR_PANIC);

    if null {
        assert_eq!(st, IDGATE_ERR_NULL_ARGUMENT);
        return;
    }
    if token_len > idgate::limits::MAX_TOKEN_LEN {
        assert_eq!(st, IDGATE_ERR_TOO_LARGE);
        return;
    }
    if inside && scratch_size.min(need) > 0 {
        assert_eq!(st, IDGATE_ERR_INVALID_ARGUMENT, "token inside the scratch buffer");
        return;
    }
    let Some(rp) = rust_policy else {
        assert_eq!(st, IDGATE_ERR_INVALID_ARGUMENT, "invalid policy accepted");
        return;
    };
    // Same inputs through the Rust API.
    let tok: &[u8] = if inside { &token } else { &token_owned };
    let mut s2 = vec![0u8; scratch_size.min(need)];
    let want = verify(tok, rust_keys(), &rp, NOW, &mut s2).map(|v| v.claims.json().to_vec());
    let want_st = want.as_ref().map_or_else(|e| e.number(), |_| 0);
    assert_eq!(st, want_st, "C status {st}, Rust {want:?}");

    if st == IDGATE_OK {
        // SAFETY: written by the successful call.
        let c = unsafe { claims.assume_init() };
        let lo = scratch_ptr as usize;
        let hi = lo + scratch_size;
        let within = |s: idgate_str| s.ptr.is_null() || (s.ptr as usize >= lo && s.ptr as usize + s.len <= hi);
        for s in [c.alg, c.kid, c.typ, c.cty, c.iss, c.sub, c.azp, c.nonce, c.acr, c.sid, c.jti, c.scope, c.client_id] {
            // alg is a static name; every other string is a view into the scratch buffer
            // (or absent) — or, for strings without escapes, into the decoded token there.
            if s.ptr != c.alg.ptr {
                assert!(within(s), "claim view outside scratch");
            }
        }
        // SAFETY: views from the successful call, scratch alive and unmodified.
        unsafe {
            assert_eq!(view(c.iss), Some(ISSUER.as_bytes()));
            let json = std::slice::from_raw_parts(c.json, c.json_len);
            assert_eq!(Some(json), want.as_ref().ok().map(|v| v.as_slice()));
            let mut found = false;
            for i in 0..c.aud_count {
                let mut out = idgate_str { ptr: std::ptr::null(), len: 0 };
                assert_eq!(idgate_claims_aud(&c, i, &mut out), IDGATE_OK);
                found |= view(out) == Some(CLIENT_ID.as_bytes());
            }
            assert!(found, "aud without the client id");
            let mut out = idgate_str { ptr: std::ptr::null(), len: 0 };
            assert_eq!(idgate_claims_aud(&c, c.aud_count, &mut out), IDGATE_ERR_INVALID_ARGUMENT);
            let (mut ptr, mut len) = (std::ptr::null(), 0usize);
            assert_eq!(idgate_claim_raw(&c, c"iss".as_ptr(), 3, &mut ptr, &mut len), IDGATE_OK);
            assert!(len >= ISSUER.len() + 2);
        }
    }
});

/// Loads `doc` as a JWKS into a fresh key set through the C API and compares with the Rust
/// API; arbitrary claimed lengths up to the buffer.
fn jwks(doc: &[u8]) {
    let mut s = Storage::new();
    let (mut added, mut skipped) = (usize::MAX, usize::MAX);
    // SAFETY: an initialised key set; `doc` valid for its length; outputs valid.
    let st = unsafe { idgate_keyset_parse(s.ks_mut(), doc.as_ptr(), doc.len(), &mut added, &mut skipped) };
    assert!(documented(st) && st != IDGATE_ERR_PANIC, "keyset_parse status {st}");
    let mut ks: KeySet = KeySet::new();
    let want = ks.load_jwks(doc);
    match want {
        Ok(rep) => {
            assert_eq!(st, IDGATE_OK);
            assert_eq!((added, skipped), (rep.added, rep.skipped));
            // SAFETY: an initialised key set.
            assert_eq!(unsafe { idgate_keyset_len(s.ks()) }, rep.added);
            // The skipped JWKs, kid and reason, as the Rust report lists them.
            let want = rep.skipped_keys();
            // SAFETY: an initialised key set.
            assert_eq!(unsafe { idgate_keyset_skipped_count(s.ks()) }, want.len());
            for (i, k) in want.iter().enumerate() {
                let (mut kid, mut kid_len, mut reason) = (std::ptr::null(), 0usize, 0u32);
                // SAFETY: an initialised key set; outputs valid.
                let st = unsafe { idgate_keyset_skipped(s.ks(), i, &mut kid, &mut kid_len, &mut reason) };
                assert_eq!((st, reason), (IDGATE_OK, k.reason().number()));
                let got = (!kid.is_null()).then(|| {
                    // SAFETY: the library returned a kid of `kid_len` bytes inside the key set.
                    unsafe { std::slice::from_raw_parts(kid.cast::<u8>(), kid_len) }
                });
                assert_eq!(got, k.kid().map(str::as_bytes));
            }
        }
        Err(e) => {
            assert_eq!(st, e.number());
            assert_eq!((added, skipped), (usize::MAX, usize::MAX), "outputs written on error");
            // SAFETY: an initialised key set.
            assert_eq!(unsafe { idgate_keyset_len(s.ks()) }, 0);
        }
    }
    // SAFETY: an initialised key set.
    assert_eq!(unsafe { idgate_keyset_clear(s.ks_mut()) }, IDGATE_OK);
}
