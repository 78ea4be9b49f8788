//! The C policy struct, its presets, and its validated conversion to [`Policy`].
//!
//! The pointer reading lives in `raw.rs`; this module only checks bits and UTF-8 and builds
//! the core's `Policy` from borrowed strings held in fixed-size stack arrays (no heap).

use core::ffi::c_char;
use core::ptr;

use idgate::{Alg, AlgSet, ClaimSet, Policy, Profile};

use crate::status::{IDGATE_ERR_INVALID_ARGUMENT, idgate_status};

/// A string view: `len` bytes at `ptr`, not NUL-terminated.
///
/// In an `idgate_policy`, `{NULL, 0}` means "not set"; a non-NULL `ptr` with `len == 0` is the
/// empty string; a NULL `ptr` with a nonzero `len` is `IDGATE_ERR_NULL_ARGUMENT`. Policy
/// strings must be UTF-8 (else `IDGATE_ERR_INVALID_ARGUMENT`). In an `idgate_claims`, an absent
/// claim is `{NULL, 0}` and a present one (even empty) has a non-NULL `ptr`; print it with
/// `printf("%.*s", (int)s.len, s.ptr)`.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct idgate_str {
    /// The first byte, or NULL.
    pub ptr: *const c_char,
    /// Length in bytes.
    pub len: usize,
}

impl idgate_str {
    /// `{NULL, 0}`: not set / absent.
    pub const NONE: idgate_str = idgate_str {
        ptr: ptr::null(),
        len: 0,
    };

    /// A view of a Rust string. An empty string points at a static NUL byte, never at a
    /// dangling address, so C may pass it to `memcpy` and friends.
    #[must_use]
    pub fn of(s: &str) -> idgate_str {
        if s.is_empty() {
            return idgate_str {
                ptr: c"".as_ptr(),
                len: 0,
            };
        }
        idgate_str {
            ptr: s.as_ptr().cast::<c_char>(),
            len: s.len(),
        }
    }

    /// A view of an optional string (`{NULL, 0}` for `None`).
    #[must_use]
    pub fn of_opt(s: Option<&str>) -> idgate_str {
        s.map_or(idgate_str::NONE, idgate_str::of)
    }
}

/// Most entries accepted in each list of an `idgate_policy` (`other_issuers`, `acr_values`,
/// `required_names`, `critical_extensions`); more is `IDGATE_ERR_INVALID_ARGUMENT`. The
/// conversion keeps the lists in fixed-size stack arrays, without heap.
pub const IDGATE_MAX_LIST_LEN: usize = 8;

/// `HS256` in `idgate_policy.algs` (HMAC with SHA-256).
pub const IDGATE_ALG_HS256: u32 = 1 << 0;
/// `HS384`.
pub const IDGATE_ALG_HS384: u32 = 1 << 1;
/// `HS512`.
pub const IDGATE_ALG_HS512: u32 = 1 << 2;
/// `RS256` (RSASSA-PKCS1-v1_5 with SHA-256).
pub const IDGATE_ALG_RS256: u32 = 1 << 3;
/// `RS384`.
pub const IDGATE_ALG_RS384: u32 = 1 << 4;
/// `RS512`.
pub const IDGATE_ALG_RS512: u32 = 1 << 5;
/// `PS256` (RSASSA-PSS with SHA-256).
pub const IDGATE_ALG_PS256: u32 = 1 << 6;
/// `PS384`.
pub const IDGATE_ALG_PS384: u32 = 1 << 7;
/// `PS512`.
pub const IDGATE_ALG_PS512: u32 = 1 << 8;
/// `ES256` (ECDSA P-256 with SHA-256).
pub const IDGATE_ALG_ES256: u32 = 1 << 9;
/// `ES384` (ECDSA P-384 with SHA-384).
pub const IDGATE_ALG_ES384: u32 = 1 << 10;
/// `ES512` (ECDSA P-521 with SHA-512).
pub const IDGATE_ALG_ES512: u32 = 1 << 11;
/// `EdDSA` (RFC 8037, Ed25519 keys).
pub const IDGATE_ALG_EDDSA: u32 = 1 << 12;
/// `Ed25519` (RFC 9864 name).
pub const IDGATE_ALG_ED25519: u32 = 1 << 13;
/// HS256, HS384, HS512.
pub const IDGATE_ALGS_SYMMETRIC: u32 = IDGATE_ALG_HS256 | IDGATE_ALG_HS384 | IDGATE_ALG_HS512;
/// Every algorithm (14 bits).
pub const IDGATE_ALGS_ALL: u32 = (1 << 14) - 1;
/// Every asymmetric algorithm: RS*, PS*, ES*, EdDSA, Ed25519 (the default allow-list).
pub const IDGATE_ALGS_ASYMMETRIC: u32 = IDGATE_ALGS_ALL & !IDGATE_ALGS_SYMMETRIC;

/// `iss` in `idgate_policy.required`.
pub const IDGATE_CLAIM_ISS: u32 = 1 << 0;
/// `sub`.
pub const IDGATE_CLAIM_SUB: u32 = 1 << 1;
/// `aud`.
pub const IDGATE_CLAIM_AUD: u32 = 1 << 2;
/// `exp`.
pub const IDGATE_CLAIM_EXP: u32 = 1 << 3;
/// `nbf`.
pub const IDGATE_CLAIM_NBF: u32 = 1 << 4;
/// `iat`.
pub const IDGATE_CLAIM_IAT: u32 = 1 << 5;
/// `jti`.
pub const IDGATE_CLAIM_JTI: u32 = 1 << 6;
/// `azp`.
pub const IDGATE_CLAIM_AZP: u32 = 1 << 7;
/// `nonce`.
pub const IDGATE_CLAIM_NONCE: u32 = 1 << 8;
/// `auth_time`.
pub const IDGATE_CLAIM_AUTH_TIME: u32 = 1 << 9;
/// `acr`.
pub const IDGATE_CLAIM_ACR: u32 = 1 << 10;
/// `amr`.
pub const IDGATE_CLAIM_AMR: u32 = 1 << 11;
/// `sid`.
pub const IDGATE_CLAIM_SID: u32 = 1 << 12;
/// `client_id`.
pub const IDGATE_CLAIM_CLIENT_ID: u32 = 1 << 13;
/// `scope`.
pub const IDGATE_CLAIM_SCOPE: u32 = 1 << 14;

/// `idgate_policy.profile`: a plain JWT, only the rules set in the policy's fields.
pub const IDGATE_PROFILE_JWT: u32 = 0;
/// `idgate_policy.profile`: an OIDC ID token (`azp` checked, header `typ` absent, `JWT` or
/// `application/jwt`); set by `idgate_policy_id_token`.
pub const IDGATE_PROFILE_ID_TOKEN: u32 = 1;
/// `idgate_policy.profile`: a JWT access token (RFC 9068; `azp` not compared); set by
/// `idgate_policy_access_token`.
pub const IDGATE_PROFILE_ACCESS_TOKEN: u32 = 2;

/// `idgate_policy.profile`: an OpenID Connect Back-Channel Logout token (`typ` `logout+jwt`
/// when present, `events`, `sub` or `sid`, no `nonce`); set by `idgate_policy_logout_token`.
pub const IDGATE_PROFILE_LOGOUT: u32 = 3;

/// The profile with this number; unknown numbers are `IDGATE_ERR_INVALID_ARGUMENT`.
pub(crate) fn profile_from_u32(n: u32) -> Result<Profile, idgate_status> {
    match n {
        IDGATE_PROFILE_JWT => Ok(Profile::Jwt),
        IDGATE_PROFILE_ID_TOKEN => Ok(Profile::IdToken),
        IDGATE_PROFILE_ACCESS_TOKEN => Ok(Profile::AccessToken),
        IDGATE_PROFILE_LOGOUT => Ok(Profile::Logout),
        _ => Err(IDGATE_ERR_INVALID_ARGUMENT),
    }
}

/// The number of a profile.
pub(crate) fn profile_to_u32(p: Profile) -> u32 {
    match p {
        Profile::IdToken => IDGATE_PROFILE_ID_TOKEN,
        Profile::AccessToken => IDGATE_PROFILE_ACCESS_TOKEN,
        Profile::Logout => IDGATE_PROFILE_LOGOUT,
        _ => IDGATE_PROFILE_JWT,
    }
}

// The C constants are the core's bits, checked at compile time against the core's tables of
// algorithms and claims: a row whose constant is missing here, or has another bit, fails the
// build.
/// `u32::from` for constant expressions (`From` is not `const`).
#[allow(clippy::as_conversions)] // u16 to u32 is lossless
const fn u32_of(bits: u16) -> u32 {
    bits as u32
}

macro_rules! check_alg_constants {
    ($($(#[$doc:meta])* $variant:ident = $bit:literal, $name:literal, $c_name:ident;)*) => {
        const _: () = {
            $(assert!($c_name == 1 << $bit && $c_name == u32_of(AlgSet::only(Alg::$variant).bits()));)*
            assert!(IDGATE_ALGS_ALL == u32_of(AlgSet::ALL.bits()));
            assert!(IDGATE_ALGS_SYMMETRIC == u32_of(AlgSet::SYMMETRIC.bits()));
            assert!(IDGATE_ALGS_ASYMMETRIC == u32_of(AlgSet::ASYMMETRIC.bits()));
        };
    };
}
idgate::__alg_table!(check_alg_constants);

macro_rules! check_claim_constants {
    ($(
        $(#[$doc:meta])*
        $field:ident = $bit:literal, $name:literal, $kind:ident, $set:ident, $c_name:ident;
    )*) => {
        const _: () = {
            $(assert!($c_name == 1 << $bit && $c_name == u32_of(ClaimSet::$set.bits()));)*
        };
    };
}
idgate::__claim_table!(check_claim_constants);

/// What a token must satisfy beyond its signature: the C form of the core's `Policy`.
///
/// Plain caller-owned data holding borrowed strings; nothing is copied or kept after
/// `idgate_verify` returns. Always start from `idgate_policy_init`, `idgate_policy_id_token`
/// or `idgate_policy_access_token` (so fields added later get safe defaults), then set fields.
/// Every string and list must stay valid and unmodified during `idgate_verify`, and must not
/// overlap its scratch buffer.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct idgate_policy {
    /// Accepted header `alg` values: an OR of `IDGATE_ALG_*` bits (default
    /// `IDGATE_ALGS_ASYMMETRIC`). HS* must be allowed explicitly. Unknown bits are
    /// `IDGATE_ERR_INVALID_ARGUMENT`.
    pub algs: u32,
    /// Claims that must be present: an OR of `IDGATE_CLAIM_*` bits. Unknown bits are
    /// `IDGATE_ERR_INVALID_ARGUMENT`.
    pub required: u32,
    /// Clock-skew allowance in seconds for `exp`, `nbf`, `iat` and `max_age` (default 60).
    pub leeway: u64,
    /// Maximum authentication age in seconds, used only when `has_max_age` is true; then
    /// `auth_time` is required. (0 is a valid `max_age`: authentication must be fresh.)
    pub max_age: u64,
    /// True if `max_age` is set.
    pub has_max_age: bool,
    /// The expected `iss`, compared exactly; `{NULL, 0}` skips the check. An issuer holding
    /// `{tenantid}` is a template: it matches when the token's `tid` put in its place gives
    /// exactly the token's `iss` (and `tid` is in `tenants`, if any).
    pub issuer: idgate_str,
    /// Further accepted issuers or templates (`other_issuers_len` entries, at most
    /// `IDGATE_MAX_LIST_LEN`).
    pub other_issuers: *const idgate_str,
    /// Number of entries in `other_issuers`.
    pub other_issuers_len: usize,
    /// The expected audience (OIDC client id or resource server id): `aud` must contain it and
    /// an `azp`, if present, must equal it. `{NULL, 0}` skips the check.
    pub audience: idgate_str,
    /// The expected `nonce`; `{NULL, 0}` skips the check.
    pub nonce: idgate_str,
    /// Acceptable `acr` values (`acr_values_len` entries, at most `IDGATE_MAX_LIST_LEN`);
    /// none means any.
    pub acr_values: *const idgate_str,
    /// Number of entries in `acr_values`.
    pub acr_values_len: usize,
    /// The required header `typ` (e.g. `at+jwt`), compared case-insensitively with an optional
    /// `application/` prefix; `{NULL, 0}` accepts any.
    pub typ: idgate_str,
    /// A refused header `typ`, compared like `typ`; `{NULL, 0}` for none.
    pub forbidden_typ: idgate_str,
    /// Other claims that must be present, by name (at most `IDGATE_MAX_LIST_LEN`).
    pub required_names: *const idgate_str,
    /// Number of entries in `required_names`.
    pub required_names_len: usize,
    /// Header `crit` extensions the caller processes itself (at most `IDGATE_MAX_LIST_LEN`).
    pub critical_extensions: *const idgate_str,
    /// Number of entries in `critical_extensions`.
    pub critical_extensions_len: usize,
    /// The kind of token: `IDGATE_PROFILE_*` (the presets set it). Unknown values are
    /// `IDGATE_ERR_INVALID_ARGUMENT`.
    pub profile: u32,
    /// Tenant ids accepted in templated issuers (`tenants_len` entries, at most
    /// `IDGATE_MAX_LIST_LEN`); none means any.
    pub tenants: *const idgate_str,
    /// Number of entries in `tenants`.
    pub tenants_len: usize,
    /// The access token issued with the ID token: `at_hash`, when present, must be its hash
    /// (else `IDGATE_ERR_AT_HASH_MISMATCH`); `{NULL, 0}`: not compared.
    pub access_token: idgate_str,
    /// `at_hash` must be present (else `IDGATE_ERR_MISSING_CLAIM`).
    pub at_hash_required: bool,
    /// The authorization code returned with the ID token: `c_hash`, when present, must be its
    /// hash (else `IDGATE_ERR_C_HASH_MISMATCH`); `{NULL, 0}`: not compared.
    pub code: idgate_str,
    /// `c_hash` must be present (else `IDGATE_ERR_MISSING_CLAIM`).
    pub c_hash_required: bool,
    /// Accept a token with a confirmation claim `cnf` (DPoP- or certificate-bound) that this
    /// call does not check (default false: `IDGATE_ERR_BINDING_MISMATCH`). `idgate_dpop_verify`
    /// and `idgate_verify_certificate_bound` check `cnf` themselves.
    pub allow_unchecked_cnf: bool,
}

impl idgate_policy {
    /// The C form of a core policy with static strings (the presets). Lists are left empty:
    /// the presets have none.
    pub(crate) fn from_static(p: &Policy<'static>) -> idgate_policy {
        idgate_policy {
            algs: u32::from(p.algs.bits()),
            required: u32::from(p.required.bits()),
            leeway: p.leeway,
            max_age: p.max_age.unwrap_or(0),
            has_max_age: p.max_age.is_some(),
            issuer: idgate_str::of_opt(p.issuer),
            other_issuers: ptr::null(),
            other_issuers_len: 0,
            audience: idgate_str::of_opt(p.audience),
            nonce: idgate_str::of_opt(p.nonce),
            acr_values: ptr::null(),
            acr_values_len: 0,
            typ: idgate_str::of_opt(p.typ),
            forbidden_typ: idgate_str::of_opt(p.forbidden_typ),
            required_names: ptr::null(),
            required_names_len: 0,
            critical_extensions: ptr::null(),
            critical_extensions_len: 0,
            profile: profile_to_u32(p.profile),
            tenants: ptr::null(),
            tenants_len: 0,
            access_token: idgate_str::of_opt(p.access_token),
            at_hash_required: p.at_hash_required,
            code: idgate_str::of_opt(p.code),
            c_hash_required: p.c_hash_required,
            allow_unchecked_cnf: p.allow_unchecked_cnf,
        }
    }
}

/// Up to [`IDGATE_MAX_LIST_LEN`] validated strings, on the stack.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct StrArray<'a> {
    items: [&'a str; IDGATE_MAX_LIST_LEN],
    len: usize,
}

impl<'a> StrArray<'a> {
    /// Appends a string; more than [`IDGATE_MAX_LIST_LEN`] is `IDGATE_ERR_INVALID_ARGUMENT`.
    pub(crate) fn push(&mut self, s: &'a str) -> Result<(), idgate_status> {
        let slot = self
            .items
            .get_mut(self.len)
            .ok_or(IDGATE_ERR_INVALID_ARGUMENT)?;
        *slot = s;
        self.len = self.len.saturating_add(1);
        Ok(())
    }

    /// The strings pushed so far.
    pub(crate) fn as_slice(&self) -> &[&'a str] {
        self.items.get(..self.len).unwrap_or(&[])
    }
}

/// A policy whose fields are validated and whose strings are borrowed Rust strings.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct PolicyStrs<'a> {
    pub(crate) profile: Option<Profile>,
    pub(crate) algs: AlgSet,
    pub(crate) required: ClaimSet,
    pub(crate) leeway: u64,
    pub(crate) max_age: Option<u64>,
    pub(crate) issuer: Option<&'a str>,
    pub(crate) other_issuers: StrArray<'a>,
    pub(crate) audience: Option<&'a str>,
    pub(crate) nonce: Option<&'a str>,
    pub(crate) acr_values: StrArray<'a>,
    pub(crate) typ: Option<&'a str>,
    pub(crate) forbidden_typ: Option<&'a str>,
    pub(crate) required_names: StrArray<'a>,
    pub(crate) critical_extensions: StrArray<'a>,
    pub(crate) tenants: StrArray<'a>,
    pub(crate) access_token: Option<&'a str>,
    pub(crate) at_hash_required: bool,
    pub(crate) code: Option<&'a str>,
    pub(crate) c_hash_required: bool,
    pub(crate) allow_unchecked_cnf: bool,
}

impl<'a> PolicyStrs<'a> {
    /// The core policy, borrowing these strings.
    pub(crate) fn policy(&self) -> Policy<'_> {
        let mut p = Policy::new();
        if let Some(profile) = self.profile {
            p.profile = profile;
        }
        p.algs = self.algs;
        p.required = self.required;
        p.leeway = self.leeway;
        p.max_age = self.max_age;
        p.issuer = self.issuer;
        p.other_issuers = self.other_issuers.as_slice();
        p.audience = self.audience;
        p.nonce = self.nonce;
        p.acr_values = self.acr_values.as_slice();
        p.typ = self.typ;
        p.forbidden_typ = self.forbidden_typ;
        p.required_names = self.required_names.as_slice();
        p.critical_extensions = self.critical_extensions.as_slice();
        p.tenants = self.tenants.as_slice();
        p.access_token = self.access_token;
        p.at_hash_required = self.at_hash_required;
        p.code = self.code;
        p.c_hash_required = self.c_hash_required;
        p.allow_unchecked_cnf = self.allow_unchecked_cnf;
        p
    }

    /// Every string of the policy, to check that none overlaps the scratch buffer.
    pub(crate) fn strings(&self) -> impl Iterator<Item = &'a str> + '_ {
        let single = [
            self.issuer,
            self.audience,
            self.nonce,
            self.typ,
            self.forbidden_typ,
            self.access_token,
            self.code,
        ];
        single.into_iter().flatten().chain(
            [
                &self.other_issuers,
                &self.acr_values,
                &self.required_names,
                &self.critical_extensions,
                &self.tenants,
            ]
            .into_iter()
            .flat_map(|list| list.as_slice().iter().copied()),
        )
    }
}

/// The allow-list with these bits; unknown bits are `IDGATE_ERR_INVALID_ARGUMENT`.
pub(crate) fn algs_from_bits(bits: u32) -> Result<AlgSet, idgate_status> {
    let narrow = u16::try_from(bits).map_err(|_| IDGATE_ERR_INVALID_ARGUMENT)?;
    let set = AlgSet::from_bits(narrow);
    if set.bits() == narrow {
        Ok(set)
    } else {
        Err(IDGATE_ERR_INVALID_ARGUMENT)
    }
}

/// The claim set with these bits; unknown bits are `IDGATE_ERR_INVALID_ARGUMENT`.
pub(crate) fn claims_from_bits(bits: u32) -> Result<ClaimSet, idgate_status> {
    let narrow = u16::try_from(bits).map_err(|_| IDGATE_ERR_INVALID_ARGUMENT)?;
    let set = ClaimSet::from_bits(narrow);
    if set.bits() == narrow {
        Ok(set)
    } else {
        Err(IDGATE_ERR_INVALID_ARGUMENT)
    }
}

/// Policy strings must be UTF-8; anything else is `IDGATE_ERR_INVALID_ARGUMENT`.
pub(crate) fn utf8(bytes: &[u8]) -> Result<&str, idgate_status> {
    core::str::from_utf8(bytes).map_err(|_| IDGATE_ERR_INVALID_ARGUMENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alg_bits_match_the_core() {
        for alg in Alg::ALL {
            let bit = u32::from(AlgSet::only(alg).bits());
            assert_eq!(algs_from_bits(bit), Ok(AlgSet::only(alg)));
        }
        assert_eq!(algs_from_bits(IDGATE_ALGS_ALL), Ok(AlgSet::ALL));
        assert_eq!(
            algs_from_bits(IDGATE_ALGS_ASYMMETRIC),
            Ok(AlgSet::ASYMMETRIC)
        );
        assert_eq!(algs_from_bits(IDGATE_ALGS_SYMMETRIC), Ok(AlgSet::SYMMETRIC));
        assert_eq!(algs_from_bits(0), Ok(AlgSet::EMPTY));
        assert_eq!(algs_from_bits(1 << 14), Err(IDGATE_ERR_INVALID_ARGUMENT));
        assert_eq!(algs_from_bits(1 << 20), Err(IDGATE_ERR_INVALID_ARGUMENT));
    }

    #[test]
    fn claim_bits_match_the_core() {
        for bit in 0..15 {
            let set = ClaimSet::from_bits(1 << bit);
            assert_eq!(claims_from_bits(1 << bit), Ok(set));
            assert_eq!(set.names().count(), 1);
        }
        assert_eq!(claims_from_bits(1 << 15), Err(IDGATE_ERR_INVALID_ARGUMENT));
        assert_eq!(claims_from_bits(1 << 16), Err(IDGATE_ERR_INVALID_ARGUMENT));
    }

    #[test]
    fn presets_round_trip_to_the_core_policy() {
        for core in [
            Policy::new(),
            Policy::id_token("https://issuer.example", "client-1"),
            Policy::access_token("https://issuer.example", "https://api.example"),
            Policy::logout_token("https://issuer.example", "client-1"),
        ] {
            let c = idgate_policy::from_static(&core);
            let strs = PolicyStrs {
                profile: profile_from_u32(c.profile).ok(),
                algs: algs_from_bits(c.algs).unwrap_or_default(),
                required: claims_from_bits(c.required).unwrap_or_default(),
                leeway: c.leeway,
                max_age: c.has_max_age.then_some(c.max_age),
                issuer: core.issuer,
                audience: core.audience,
                typ: core.typ,
                forbidden_typ: core.forbidden_typ,
                ..PolicyStrs::default()
            };
            assert_eq!(strs.policy(), core);
            assert_eq!(c.issuer, idgate_str::of_opt(core.issuer));
            assert_eq!(c.forbidden_typ, idgate_str::of_opt(core.forbidden_typ));
        }
    }

    #[test]
    fn lists_are_bounded() {
        let mut a = StrArray::default();
        for _ in 0..IDGATE_MAX_LIST_LEN {
            assert_eq!(a.push("x"), Ok(()));
        }
        assert_eq!(a.push("y"), Err(IDGATE_ERR_INVALID_ARGUMENT));
        assert_eq!(a.as_slice().len(), IDGATE_MAX_LIST_LEN);
        assert_eq!(utf8(b"ok"), Ok("ok"));
        assert_eq!(utf8(b"\xff"), Err(IDGATE_ERR_INVALID_ARGUMENT));
    }

    #[test]
    fn empty_views_are_not_dangling() {
        let v = idgate_str::of("");
        assert!(!v.ptr.is_null());
        assert_eq!(v.len, 0);
        assert!(idgate_str::of_opt(None).ptr.is_null());
    }
}
