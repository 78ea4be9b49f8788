//! DPoP (RFC 9449): a proof of possession sent with each request, checked against the
//! request (`proof`, with the URI comparison in `htu`), remembered against replay
//! (`replay`), and the access token's binding to the proof key (`crate::binding`).

mod htu;
mod proof;
mod replay;

use core::fmt;

pub use replay::{ReplayCache, ReplaySlot};

use crate::alg::{Alg, AlgSet};
use crate::binding;
use crate::error::Error;
use crate::keys::key::Key;
use crate::keys::keyset::KeySetView;
use crate::keys::thumbprint::Thumbprint;
use crate::policy::{DEFAULT_LEEWAY, Policy};
use crate::verify::{self, Verified};

/// Default DPoP acceptance window in seconds: a proof's `iat` may be this old. Proofs are
/// made for one request and sent at once (RFC 9449 §11.1 leaves the window to the server);
/// 300 s allows for slow clients and retries while keeping the replay cache small.
pub const DEFAULT_DPOP_WINDOW: u64 = 300;

/// How DPoP proofs are accepted.
///
/// ```
/// use idgate::{Alg, AlgSet, DpopOptions};
/// let options = DpopOptions::new().with_algs(AlgSet::only(Alg::ES256)).with_window(60);
/// assert_eq!((options.window, options.leeway), (60, idgate::DEFAULT_LEEWAY));
/// ```
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DpopOptions {
    /// Algorithms accepted for the proof (default: the asymmetric ones; symmetric ones are
    /// always refused, RFC 9449 §4.3 check 5).
    pub algs: AlgSet,
    /// How old `iat` may be, in seconds ([`DEFAULT_DPOP_WINDOW`]); also how long the replay
    /// cache keeps a `jti`.
    pub window: u64,
    /// How far `iat` may be in the future, in seconds ([`DEFAULT_LEEWAY`]).
    pub leeway: u64,
}

impl Default for DpopOptions {
    fn default() -> Self {
        Self::new()
    }
}

impl DpopOptions {
    /// Asymmetric algorithms, [`DEFAULT_DPOP_WINDOW`], [`DEFAULT_LEEWAY`].
    #[must_use]
    pub const fn new() -> Self {
        DpopOptions {
            algs: AlgSet::ASYMMETRIC,
            window: DEFAULT_DPOP_WINDOW,
            leeway: DEFAULT_LEEWAY,
        }
    }

    /// With this allow-list.
    #[must_use]
    pub const fn with_algs(mut self, algs: AlgSet) -> Self {
        self.algs = algs;
        self
    }

    /// With this window in seconds.
    #[must_use]
    pub const fn with_window(mut self, seconds: u64) -> Self {
        self.window = seconds;
        self
    }

    /// With this leeway in seconds.
    #[must_use]
    pub const fn with_leeway(mut self, seconds: u64) -> Self {
        self.leeway = seconds;
        self
    }
}

/// The HTTP request a DPoP proof came with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DpopRequest<'r> {
    /// The request method (`GET`, `POST`, ...), compared exactly with `htm`.
    pub method: &'r str,
    /// The request's absolute URI (`https://host/path?query`), compared with `htu` after
    /// normalisation, query and fragment ignored.
    pub uri: &'r str,
    /// The nonce the server gave the client (RFC 9449 §8), if any: `nonce` must equal it.
    pub nonce: Option<&'r str>,
    /// The access token sent with the proof, if any: `ath` must be its hash.
    /// [`verify_dpop`] sets it to the token it verifies.
    pub access_token: Option<&'r [u8]>,
}

impl<'r> DpopRequest<'r> {
    /// A request with this method and URI, no nonce and no access token.
    #[must_use]
    pub const fn new(method: &'r str, uri: &'r str) -> Self {
        DpopRequest {
            method,
            uri,
            nonce: None,
            access_token: None,
        }
    }

    /// With the server nonce.
    #[must_use]
    pub const fn with_nonce(mut self, nonce: &'r str) -> Self {
        self.nonce = Some(nonce);
        self
    }

    /// With the access token presented alongside.
    #[must_use]
    pub const fn with_access_token(mut self, token: &'r [u8]) -> Self {
        self.access_token = Some(token);
        self
    }
}

macro_rules! dpop_checks {
    ($( $(#[$doc:meta])* $variant:ident = $number:literal, $code:literal; )*) => {
        /// Which check of a DPoP request failed: the detail of a [`DpopError`].
        ///
        /// Numbers are stable (the C API's `IDGATE_DPOP_CHECK_*`); new checks are appended.
        #[non_exhaustive]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        pub enum DpopCheck {
            $( $(#[$doc])* $variant, )*
        }

        impl DpopCheck {
            /// Every check, in the order of their numbers.
            pub const ALL: [DpopCheck; [$($number),*].len()] = [$(DpopCheck::$variant),*];

            /// Stable snake_case name.
            #[must_use]
            pub const fn code(self) -> &'static str {
                match self { $(DpopCheck::$variant => $code,)* }
            }

            /// Stable number (C API).
            #[must_use]
            pub const fn number(self) -> u32 {
                match self { $(DpopCheck::$variant => $number,)* }
            }
        }
    };
}

dpop_checks! {
    /// The proof is not a compact JWS of strict JSON (RFC 9449 §4.3 check 2).
    Syntax = 1, "syntax";
    /// The header `typ` is not `dpop+jwt` (check 4).
    Typ = 2, "typ";
    /// The header `alg` is missing, symmetric or not allowed (check 5).
    Alg = 3, "alg";
    /// The header `jwk` is missing, not a usable public key, or does not fit `alg` (check 3).
    Jwk = 4, "jwk";
    /// The `jwk` holds private or symmetric key members (check 7).
    PrivateKey = 5, "private_key";
    /// The `jwk` is an RSA key below 2048 bits.
    WeakKey = 6, "weak_key";
    /// The signature does not verify with the `jwk` (check 6).
    Signature = 7, "signature";
    /// `htm`, `htu`, `iat` or `jti` is missing or of the wrong type, `iat` is not a valid
    /// NumericDate, or `jti` is empty or longer than 256 bytes (check 3).
    Claims = 8, "claims";
    /// `htm` is not the request method (check 8).
    Htm = 9, "htm";
    /// `htu` is not the request URI (check 9).
    Htu = 10, "htu";
    /// `nonce` is not the server's nonce (check 10).
    Nonce = 11, "nonce";
    /// `iat` is outside the window (check 11).
    Iat = 12, "iat";
    /// `ath` is not the hash of the access token (check 12).
    Ath = 13, "ath";
    /// The `jti` was seen before, or the replay cache is full (§11.1).
    Jti = 14, "jti";
    /// The access token itself was refused; the error says why.
    AccessToken = 15, "access_token";
    /// The access token's `cnf` does not bind it to the proof key (check 12).
    Binding = 16, "binding";
}

/// A refused DPoP request: the [`Error`] (its code is the one callers switch on:
/// [`Error::DpopProofInvalid`], [`Error::BindingMismatch`], [`Error::DpopReplay`],
/// [`Error::ReplayCacheFull`], or the access token's own) and the check that failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct DpopError {
    /// The error.
    pub error: Error,
    /// The check that failed.
    pub check: DpopCheck,
}

impl fmt::Display for DpopError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (DPoP check: {})", self.error, self.check.code())
    }
}

impl core::error::Error for DpopError {}

impl From<DpopError> for Error {
    fn from(e: DpopError) -> Error {
        e.error
    }
}

/// A DPoP proof that passed every check but the replay check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DpopProof {
    /// The thumbprint of the proof key, which a bound token's `cnf.jkt` must equal.
    pub jkt: Thumbprint,
    /// The proof's algorithm.
    pub alg: Alg,
    /// The proof's `iat` (whole seconds).
    pub iat: u64,
    entry: replay::ReplayEntry,
}

/// Scratch bytes [`verify_proof`] needs for a proof of `proof_len` bytes and a request URI
/// of `uri_len` bytes; [`verify_dpop`] needs the larger of this and
/// [`scratch_len`](crate::scratch_len) of the access token.
#[must_use]
pub const fn dpop_scratch_len(proof_len: usize, uri_len: usize) -> usize {
    proof_len
        .saturating_mul(2)
        .saturating_add(uri_len)
        .saturating_add(8)
}

/// Checks a DPoP proof against its request at `now` (RFC 9449 §4.3 checks 2-12 but the
/// binding of the token): a compact JWS with `typ` `dpop+jwt`, an asymmetric `alg` from
/// `options`, a `jwk` header holding a public key (the only key ever taken from a token,
/// and only for its own proof) that verifies the signature, `htm`, `htu`, `nonce` (if the
/// request has one), `iat` within the window, and `ath` (if the request has an access
/// token). Record it in a [`ReplayCache`] with [`ReplayCache::record`] before accepting.
///
/// # Errors
/// [`DpopError`] with [`Error::DpopProofInvalid`] and the failed [`DpopCheck`];
/// [`Error::BufferTooSmall`] if `scratch` is shorter than [`dpop_scratch_len`].
pub fn verify_proof(
    proof: &[u8],
    request: &DpopRequest<'_>,
    options: &DpopOptions,
    now: u64,
    scratch: &mut [u8],
) -> Result<DpopProof, DpopError> {
    proof::check(proof, request, options, now, scratch, |k, a, i, s| {
        k.verify(a, i, s).is_ok()
    })
}

impl ReplayCache<'_> {
    /// Records a checked proof's `jti` at `now`; call it last, once everything else about
    /// the request has passed, so a refused request uses no slot.
    ///
    /// # Errors
    /// [`Error::DpopReplay`] if the same key already used this `jti` within the window;
    /// [`Error::ReplayCacheFull`] if no slot is free or expired. Both with
    /// [`DpopCheck::Jti`].
    pub fn record(&mut self, proof: &DpopProof, now: u64) -> Result<(), DpopError> {
        self.insert(proof.entry, now).map_err(|error| DpopError {
            error,
            check: DpopCheck::Jti,
        })
    }
}

/// Verifies a DPoP-bound access token and its proof (RFC 9449 §7.1): the proof against the
/// request ([`verify_proof`], with `ath` over `token`), the token with `keys` and `policy`
/// ([`verify`](crate::verify)), its `cnf.jkt` against the proof key's thumbprint, and last
/// the proof's `jti` in `cache`. `scratch` needs the larger of [`dpop_scratch_len`] and
/// [`scratch_len`](crate::scratch_len)`(token.len())`.
///
/// # Errors
/// The first failure: the proof's ([`Error::DpopProofInvalid`] with its check), the
/// token's own error (with [`DpopCheck::AccessToken`]), [`Error::BindingMismatch`] or
/// [`Error::InvalidClaim`] for `cnf` (with [`DpopCheck::Binding`]), then
/// [`Error::DpopReplay`] or [`Error::ReplayCacheFull`] (with [`DpopCheck::Jti`]).
#[allow(clippy::too_many_arguments)]
pub fn verify_dpop<'b>(
    token: &[u8],
    keys: &KeySetView,
    policy: &Policy<'_>,
    proof: &[u8],
    request: &DpopRequest<'_>,
    options: &DpopOptions,
    cache: &mut ReplayCache<'_>,
    now: u64,
    scratch: &'b mut [u8],
) -> Result<Verified<'b>, DpopError> {
    verify_dpop_with(
        token,
        keys,
        policy,
        (proof, request, options),
        cache,
        now,
        scratch,
        |k, a, i, s| k.verify(a, i, s).is_ok(),
    )
}

/// [`verify_dpop`] with the signature check passed in (both signatures), for the fuzz
/// target to reach everything past them.
#[allow(clippy::too_many_arguments)]
pub(crate) fn verify_dpop_with<'b>(
    token: &[u8],
    keys: &KeySetView,
    policy: &Policy<'_>,
    (proof, request, options): (&[u8], &DpopRequest<'_>, &DpopOptions),
    cache: &mut ReplayCache<'_>,
    now: u64,
    scratch: &'b mut [u8],
    signature_ok: impl Fn(&Key, Alg, &[u8], &[u8]) -> bool + Copy,
) -> Result<Verified<'b>, DpopError> {
    let request = DpopRequest {
        access_token: Some(token),
        ..*request
    };
    let checked = proof::check(proof, &request, options, now, scratch, signature_ok)?;
    let token_policy = Policy {
        allow_unchecked_cnf: true,
        ..*policy
    };
    let verified = verify::verify_with(
        token,
        keys,
        &token_policy,
        now,
        scratch,
        signature_ok,
        &mut crate::detail::NoDetail,
    )
    .map_err(|error| DpopError {
        error,
        check: DpopCheck::AccessToken,
    })?;
    binding::check_jkt(&verified.claims, &checked.jkt).map_err(|error| DpopError {
        error,
        check: DpopCheck::Binding,
    })?;
    cache.record(&checked, now)?;
    Ok(verified)
}
