//! What a verified token must also say to be accepted here, now (RFC 7519 §7.2, RFC 8725,
//! RFC 9068 §4, OIDC Core 3.1.3.7).

use crate::alg::{Alg, AlgSet};
use crate::claims::{ClaimSet, Claims};
use crate::codec::json::{self, Value};
use crate::codec::scan::str_eq;
use crate::detail::Detail;
use crate::error::Error;
use crate::oidc::token_hash;

/// Default clock-skew allowance in seconds: 60, the usual value of OIDC libraries
/// (jsonwebtoken, go-oidc's callers, Spring Security) and short next to token lifetimes.
pub const DEFAULT_LEEWAY: u64 = 60;

/// The kind of token a [`Policy`] is for: it decides the rules that belong to one kind only.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Profile {
    /// A plain JWT (RFC 7519): only the rules set in the policy's fields.
    Jwt,
    /// An OIDC ID token (OIDC Core 3.1.3.7): `azp`, when present, must be the audience, and
    /// the header `typ` is absent, `JWT` or `application/jwt` (RFC 8725 §3.11).
    IdToken,
    /// A JWT access token (RFC 9068): `azp` is not looked at (it names the client, not this
    /// resource server).
    AccessToken,
    /// An OpenID Connect Back-Channel Logout token (§2.4, §2.6): header `typ`, when present,
    /// `logout+jwt`; `events` an object holding the member
    /// `http://schemas.openid.net/event/backchannel-logout` whose value is an object; `sub`
    /// or `sid` (or both) present; `nonce` absent.
    Logout,
}

/// The member of a logout token's `events` claim (Back-Channel Logout 1.0 §2.4).
pub const BACKCHANNEL_LOGOUT_EVENT: &str = "http://schemas.openid.net/event/backchannel-logout";

/// The placeholder of issuer templates: Microsoft Entra's discovery documents publish
/// `https://login.microsoftonline.com/{tenantid}/v2.0`.
pub const TENANT_PLACEHOLDER: &str = "{tenantid}";

/// What a token must satisfy beyond its signature.
///
/// Plain data with borrowed strings, no heap. Start from [`Policy::id_token`],
/// [`Policy::access_token`] or [`Policy::new`], then set fields or use the `with_*` methods.
///
/// ```
/// use idgate::{AlgSet, Alg, Policy};
/// let policy = Policy::id_token("https://accounts.example.com", "client-123")
///     .with_nonce("n-0S6_WzA2Mj")
///     .with_max_age(3600)
///     .with_algs(AlgSet::only(Alg::RS256).with(Alg::ES256));
/// assert_eq!(policy.leeway, idgate::DEFAULT_LEEWAY);
/// ```
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy<'p> {
    /// The kind of token (see [`Profile`]); [`Policy::new`] sets [`Profile::Jwt`].
    pub profile: Profile,
    /// Algorithms accepted in the header `alg` (default: asymmetric ones only). HS* must be
    /// allowed explicitly (RFC 8725 §3.1-3.2).
    pub algs: AlgSet,
    /// The expected `iss`, compared exactly with the decoded value; `None` skips the check
    /// (only for callers that check it themselves). An issuer holding `{tenantid}`
    /// ([`TENANT_PLACEHOLDER`]) is a template: it matches when the token's `tid` claim put in
    /// place of `{tenantid}` gives exactly the token's `iss` (and, if [`Policy::tenants`] is
    /// not empty, `tid` is one of them).
    pub issuer: Option<&'p str>,
    /// Further accepted issuers (several providers, or templates), each compared like
    /// [`Policy::issuer`].
    pub other_issuers: &'p [&'p str],
    /// Tenant ids accepted in templated issuers; empty: any tenant.
    pub tenants: &'p [&'p str],
    /// The expected audience: the OIDC `client_id` or the resource server's identifier.
    /// `aud` must contain it; in the ID-token profile an `azp`, if present, must equal it.
    pub audience: Option<&'p str>,
    /// The nonce sent in the authentication request; the token's must be equal.
    pub nonce: Option<&'p str>,
    /// Acceptable `acr` values; empty means any (and `acr` is not required).
    pub acr_values: &'p [&'p str],
    /// Maximum authentication age in seconds; requires `auth_time`.
    pub max_age: Option<u64>,
    /// Clock-skew allowance in seconds for `exp`, `nbf`, `iat` and `max_age`.
    pub leeway: u64,
    /// The required header `typ` (e.g. `at+jwt`), compared case-insensitively and with an
    /// optional `application/` prefix (RFC 7515 §4.1.9). `None`: any or none.
    pub typ: Option<&'p str>,
    /// A header `typ` that is refused (compared like [`Policy::typ`]). The ID-token profile
    /// needs none: it accepts only `JWT` or no `typ` (see [`Profile::IdToken`]).
    pub forbidden_typ: Option<&'p str>,
    /// Standard claims that must be present.
    pub required: ClaimSet,
    /// Other claims that must be present, by name.
    pub required_names: &'p [&'p str],
    /// Header `crit` extensions the caller processes itself (RFC 7515 §4.1.11). Any other
    /// `crit` entry rejects the token.
    pub critical_extensions: &'p [&'p str],
    /// The access token issued with this ID token: an `at_hash` claim, when present, must be
    /// its hash ([`token_hash`](crate::token_hash); OIDC Core 3.1.3.8, 3.2.2.9).
    pub access_token: Option<&'p str>,
    /// `at_hash` must be present (the implicit flow's `id_token token` response).
    pub at_hash_required: bool,
    /// The authorization code returned with this ID token: a `c_hash` claim, when present,
    /// must be its hash (OIDC Core 3.3.2.11).
    pub code: Option<&'p str>,
    /// `c_hash` must be present (the hybrid flow's `code id_token` responses).
    pub c_hash_required: bool,
    /// Accept a token carrying a confirmation claim `cnf` (a DPoP- or certificate-bound
    /// token, RFC 7800) that this call does not check. Default `false`: such a token is
    /// refused with [`Error::BindingMismatch`], since accepting it as a bearer token would
    /// undo the binding (RFC 9449 §7.1, RFC 8705 §3). [`crate::verify_dpop`] and
    /// [`crate::verify_certificate_bound`] check `cnf` themselves.
    pub allow_unchecked_cnf: bool,
}

impl Default for Policy<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'p> Policy<'p> {
    /// A minimal policy: asymmetric algorithms, `exp` required, default leeway, nothing
    /// else checked. Set an issuer and an audience before trusting a token's claims.
    #[must_use]
    pub const fn new() -> Self {
        Policy {
            profile: Profile::Jwt,
            algs: AlgSet::ASYMMETRIC,
            issuer: None,
            other_issuers: &[],
            audience: None,
            nonce: None,
            acr_values: &[],
            max_age: None,
            leeway: DEFAULT_LEEWAY,
            typ: None,
            forbidden_typ: None,
            required: ClaimSet::EXP,
            required_names: &[],
            critical_extensions: &[],
            tenants: &[],
            access_token: None,
            at_hash_required: false,
            code: None,
            c_hash_required: false,
            allow_unchecked_cnf: false,
        }
    }

    /// The OIDC ID-token profile (OIDC Core 3.1.3.7): `iss` exactly `issuer`, `aud`
    /// containing `client_id`, `azp` equal to it if present, `iss`, `sub`, `aud`, `exp`,
    /// `iat` required, header `typ` absent, `JWT` or `application/jwt` (RFC 8725 §3.11: an
    /// access token or a logout token is never taken for an ID token). Add [`Policy::with_nonce`] when the
    /// authentication request carried one, and [`Policy::with_max_age`] likewise.
    #[must_use]
    pub const fn id_token(issuer: &'p str, client_id: &'p str) -> Self {
        let mut p = Policy::new();
        p.profile = Profile::IdToken;
        p.issuer = Some(issuer);
        p.audience = Some(client_id);
        p.required = ClaimSet::ISS
            .union(ClaimSet::SUB)
            .union(ClaimSet::AUD)
            .union(ClaimSet::EXP)
            .union(ClaimSet::IAT);
        p
    }

    /// The JWT access-token profile (RFC 9068 §4): header `typ` `at+jwt`, `iss` exactly
    /// `issuer`, `aud` containing `audience` (this resource server), and `iss`, `exp`,
    /// `aud`, `sub`, `client_id`, `iat`, `jti` required. `azp` is not compared with the
    /// audience: in an access token it names the client, not this resource server.
    #[must_use]
    pub const fn access_token(issuer: &'p str, audience: &'p str) -> Self {
        let mut p = Policy::new();
        p.profile = Profile::AccessToken;
        p.issuer = Some(issuer);
        p.audience = Some(audience);
        p.typ = Some("at+jwt");
        p.required = ClaimSet::ISS
            .union(ClaimSet::EXP)
            .union(ClaimSet::AUD)
            .union(ClaimSet::SUB)
            .union(ClaimSet::CLIENT_ID)
            .union(ClaimSet::IAT)
            .union(ClaimSet::JTI);
        p
    }

    /// The Back-Channel Logout token profile (OpenID Connect Back-Channel Logout 1.0 §2.4,
    /// §2.6): `iss` exactly `issuer`, `aud` containing `client_id`; `iss`, `aud`, `iat`, `jti`
    /// required; `exp` checked when present; header `typ`, when present, `logout+jwt` (set
    /// [`Policy::typ`] to `logout+jwt` to require it); `events` holding the back-channel
    /// logout event as an object; `sub` or `sid`; no `nonce`.
    #[must_use]
    pub const fn logout_token(issuer: &'p str, client_id: &'p str) -> Self {
        let mut p = Policy::new();
        p.profile = Profile::Logout;
        p.issuer = Some(issuer);
        p.audience = Some(client_id);
        p.required = ClaimSet::ISS
            .union(ClaimSet::AUD)
            .union(ClaimSet::IAT)
            .union(ClaimSet::JTI);
        p
    }

    /// With these further accepted issuers (or issuer templates).
    #[must_use]
    pub const fn with_other_issuers(mut self, issuers: &'p [&'p str]) -> Self {
        self.other_issuers = issuers;
        self
    }

    /// With these accepted tenant ids for issuer templates.
    #[must_use]
    pub const fn with_tenants(mut self, tenants: &'p [&'p str]) -> Self {
        self.tenants = tenants;
        self
    }

    /// With the access token whose hash `at_hash` must be, and whether `at_hash` is required.
    #[must_use]
    pub const fn with_access_token(mut self, access_token: &'p str, required: bool) -> Self {
        self.access_token = Some(access_token);
        self.at_hash_required = required;
        self
    }

    /// With the authorization code whose hash `c_hash` must be, and whether `c_hash` is
    /// required.
    #[must_use]
    pub const fn with_code(mut self, code: &'p str, required: bool) -> Self {
        self.code = Some(code);
        self.c_hash_required = required;
        self
    }

    /// With this allow-list of algorithms.
    #[must_use]
    pub const fn with_algs(mut self, algs: AlgSet) -> Self {
        self.algs = algs;
        self
    }

    /// With this expected nonce.
    #[must_use]
    pub const fn with_nonce(mut self, nonce: &'p str) -> Self {
        self.nonce = Some(nonce);
        self
    }

    /// With this `max_age` in seconds.
    #[must_use]
    pub const fn with_max_age(mut self, seconds: u64) -> Self {
        self.max_age = Some(seconds);
        self
    }

    /// With these acceptable `acr` values.
    #[must_use]
    pub const fn with_acr_values(mut self, values: &'p [&'p str]) -> Self {
        self.acr_values = values;
        self
    }

    /// With this leeway in seconds.
    #[must_use]
    pub const fn with_leeway(mut self, seconds: u64) -> Self {
        self.leeway = seconds;
        self
    }

    /// With this required header `typ`.
    #[must_use]
    pub const fn with_typ(mut self, typ: &'p str) -> Self {
        self.typ = Some(typ);
        self
    }

    /// Checks the header `typ` (first of the claim checks).
    pub(crate) fn check_typ(&self, typ: Option<&str>) -> Result<(), Error> {
        if let Some(want) = self.typ
            && !typ.is_some_and(|t| typ_eq(t, want))
        {
            return Err(Error::TypMismatch);
        }
        if let (Some(refused), Some(t)) = (self.forbidden_typ, typ)
            && typ_eq(t, refused)
        {
            return Err(Error::TypMismatch);
        }
        if self.profile == Profile::IdToken && typ.is_some_and(|t| !typ_eq(t, "JWT")) {
            return Err(Error::TypMismatch);
        }
        if self.profile == Profile::Logout && typ.is_some_and(|t| !typ_eq(t, "logout+jwt")) {
            return Err(Error::TypMismatch);
        }
        Ok(())
    }

    /// Checks the claims, in the documented order; the first failure is returned. `alg` is
    /// the header's, for `at_hash` and `c_hash`.
    pub(crate) fn check_claims(&self, c: &Claims<'_>, alg: Alg, now: u64) -> Result<(), Error> {
        let now = u128::from(now);
        let leeway = u128::from(self.leeway);
        // Time. NumericDates are bounded by MAX_NUMERIC_DATE; u128 sums cannot overflow.
        match c.exp() {
            Some(exp) if now >= u128::from(exp.floor).saturating_add(leeway) => {
                return Err(Error::Expired);
            }
            Some(_) => {}
            None if self.required.contains(ClaimSet::EXP) => return Err(Error::MissingClaim),
            None => {}
        }
        for d in [c.nbf(), c.iat()].into_iter().flatten() {
            if u128::from(d.ceil) > now.saturating_add(leeway) {
                return Err(Error::NotYetValid);
            }
        }
        // Issuer: exact match of the decoded string.
        if let Some(issuer) = self.issuer {
            let iss = c.iss().ok_or(Error::MissingClaim)?;
            // `tid` is looked up only for a template.
            let tid = || match c.value("tid") {
                Some(Value::Str(t)) => Some(t),
                _ => None,
            };
            let template = |want: &'p str| split_template(want);
            let matches = |want: &'p str| match template(want) {
                None => str_eq(iss, want),
                Some((head, tail)) => tid().is_some_and(|tid| {
                    iss.strip_prefix(head)
                        .and_then(|rest| rest.strip_suffix(tail))
                        .is_some_and(|middle| {
                            !middle.is_empty()
                                && tid.eq_str(middle)
                                && (self.tenants.is_empty()
                                    || self.tenants.iter().any(|t| str_eq(t, middle)))
                        })
                }),
            };
            if !matches(issuer) && !self.other_issuers.iter().any(|o| matches(o)) {
                return Err(Error::IssuerMismatch);
            }
        }
        // Audience, and the authorized party when present.
        if let Some(audience) = self.audience {
            if c.aud().is_absent() {
                return Err(Error::MissingClaim);
            }
            if !c.aud().contains(audience) {
                return Err(Error::AudienceMismatch);
            }
            if self.profile == Profile::IdToken && c.azp().is_some_and(|azp| !str_eq(azp, audience))
            {
                return Err(Error::AzpMismatch);
            }
        }
        if let Some(nonce) = self.nonce
            && !c.nonce().is_some_and(|n| str_eq(n, nonce))
        {
            return Err(Error::NonceMismatch);
        }
        if !self.acr_values.is_empty() && !c.acr().is_some_and(|a| self.acr_values.contains(&a)) {
            return Err(Error::AcrNotAllowed);
        }
        if let Some(max_age) = self.max_age {
            let auth = c.auth_time().ok_or(Error::AuthTooOld)?;
            let limit = u128::from(auth.floor)
                .saturating_add(u128::from(max_age))
                .saturating_add(leeway);
            if now > limit {
                return Err(Error::AuthTooOld);
            }
        }
        self.check_required(c)?;
        let at_hash = (
            self.access_token,
            self.at_hash_required,
            Error::AtHashMismatch,
        );
        check_hash(c, "at_hash", at_hash, alg)?;
        let c_hash = (self.code, self.c_hash_required, Error::CHashMismatch);
        check_hash(c, "c_hash", c_hash, alg)?;
        if self.profile == Profile::Logout {
            check_logout(c)?;
        }
        // `cnf` is looked up in every token: its name's hash is a constant.
        if !self.allow_unchecked_cnf && c.has_hashed("cnf", const { json::name_hash(b"cnf") }) {
            return Err(Error::BindingMismatch);
        }
        Ok(())
    }

    /// What a refused `typ` was: the profile's or the policy's expectation and the header's.
    pub(crate) fn explain_typ<'d>(&self, typ: Option<&'d str>, detail: &mut Detail<'d>)
    where
        'p: 'd,
    {
        let expected = match self.profile {
            _ if self.typ.is_some() => self.typ,
            Profile::IdToken => Some("JWT"),
            Profile::Logout => Some("logout+jwt"),
            _ => None,
        };
        detail.claim("typ", expected, typ);
    }

    /// What the claim check that refused `c` with `error` was about (which claim, what the
    /// policy expected, what the token holds, the dates of a time check), found again in
    /// [`Policy::check_claims`]'s order. Only runs on a refusal; the verdict is `error`.
    pub(crate) fn explain<'d>(
        &self,
        error: Error,
        c: &Claims<'d>,
        now: u64,
        detail: &mut Detail<'d>,
    ) where
        'p: 'd,
    {
        let leeway = self.leeway;
        match error {
            Error::Expired => detail.time("exp", c.exp().map(|d| d.floor), now),
            Error::NotYetValid => {
                let late = |d: Option<crate::claims::NumericDate>| {
                    d.filter(|d| u128::from(d.ceil) > u128::from(now).saturating_add(leeway.into()))
                };
                match (late(c.nbf()), late(c.iat())) {
                    (Some(nbf), _) => detail.time("nbf", Some(nbf.ceil), now),
                    (None, iat) => detail.time("iat", iat.map(|d| d.ceil), now),
                }
            }
            Error::AuthTooOld => detail.time("auth_time", c.auth_time().map(|d| d.floor), now),
            Error::IssuerMismatch => detail.claim("iss", self.issuer, c.iss()),
            Error::AudienceMismatch => detail.claim("aud", self.audience, c.aud().iter().next()),
            Error::AzpMismatch => detail.claim("azp", self.audience, c.azp()),
            Error::NonceMismatch => detail.claim("nonce", self.nonce, c.nonce()),
            Error::AcrNotAllowed => {
                detail.claim("acr", self.acr_values.first().copied(), c.acr());
            }
            Error::AtHashMismatch => detail.claim("at_hash", None, plain(c, "at_hash")),
            Error::CHashMismatch => detail.claim("c_hash", None, plain(c, "c_hash")),
            Error::BindingMismatch => detail.claim("cnf", None, None),
            Error::MissingClaim => {
                if let Some(name) = self.first_missing(c) {
                    detail.claim(name, None, None);
                }
            }
            Error::InvalidClaim => {
                let name = if self.profile == Profile::Logout
                    && !matches!(c.value("events"), Some(Value::Object(_)) | None)
                {
                    Some("events")
                } else if self.profile == Profile::Logout && c.nonce().is_some() {
                    Some("nonce")
                } else if self.profile == Profile::Logout {
                    Some("events")
                } else if !matches!(c.value("at_hash"), Some(Value::Str(_)) | None) {
                    Some("at_hash")
                } else if !matches!(c.value("c_hash"), Some(Value::Str(_)) | None) {
                    Some("c_hash")
                } else {
                    None
                };
                if let Some(name) = name {
                    detail.claim(name, None, None);
                }
            }
            _ => {}
        }
    }

    /// The first claim `check_claims` finds missing, in its order.
    fn first_missing<'d>(&self, c: &Claims<'d>) -> Option<&'d str>
    where
        'p: 'd,
    {
        if c.exp().is_none() && self.required.contains(ClaimSet::EXP) {
            return Some("exp");
        }
        if self.issuer.is_some() && c.iss().is_none() {
            return Some("iss");
        }
        if self.audience.is_some() && c.aud().is_absent() {
            return Some("aud");
        }
        if let Some(name) = self.required.minus(c.present()).names().next() {
            return Some(name);
        }
        if let Some(name) = self.required_names.iter().find(|n| !c.has(n)) {
            return Some(name);
        }
        if self.at_hash_required && !c.has("at_hash") {
            return Some("at_hash");
        }
        if self.c_hash_required && !c.has("c_hash") {
            return Some("c_hash");
        }
        if self.profile == Profile::Logout {
            if c.sub().is_none() && c.sid().is_none() {
                return Some("sub");
            }
            return Some("events");
        }
        None
    }

    fn check_required(&self, c: &Claims<'_>) -> Result<(), Error> {
        let missing = !c.present().contains(self.required);
        if missing || self.required_names.iter().any(|n| !c.has(n)) {
            return Err(Error::MissingClaim);
        }
        Ok(())
    }
}

/// The claim `name` when it is a string without escapes (for a refusal's detail).
fn plain<'d>(c: &Claims<'d>, name: &str) -> Option<&'d str> {
    match c.value(name) {
        Some(Value::Str(s)) => s.as_plain(),
        _ => None,
    }
}

/// Checks the hash claim `name` against the hash of `value` (when the policy has one):
/// `mismatch` if it differs, [`Error::MissingClaim`] if `required` and absent,
/// [`Error::InvalidClaim`] if not a string.
fn check_hash(
    c: &Claims<'_>,
    name: &str,
    (value, required, mismatch): (Option<&str>, bool, Error),
    alg: Alg,
) -> Result<(), Error> {
    if value.is_none() && !required {
        // Nothing to compare and nothing required: the claim is not looked up.
        return Ok(());
    }
    match c.value(name) {
        None if required => Err(Error::MissingClaim),
        None => Ok(()),
        Some(Value::Str(got)) => match value {
            Some(v) if !token_hash(alg, v.as_bytes()).is_some_and(|h| got.eq_str(h.as_str())) => {
                Err(mismatch)
            }
            _ => Ok(()),
        },
        Some(_) => Err(Error::InvalidClaim),
    }
}

/// The Back-Channel Logout rules of §2.4 and §2.6 beyond the required claims.
fn check_logout(c: &Claims<'_>) -> Result<(), Error> {
    if c.sub().is_none() && c.sid().is_none() {
        return Err(Error::MissingClaim);
    }
    let Some(events) = c.value("events") else {
        return Err(Error::MissingClaim);
    };
    let Value::Object(events) = events else {
        return Err(Error::InvalidClaim);
    };
    if !matches!(events.get(BACKCHANNEL_LOGOUT_EVENT), Some(Value::Object(_))) {
        return Err(Error::InvalidClaim);
    }
    if c.nonce().is_some() {
        return Err(Error::InvalidClaim);
    }
    Ok(())
}

/// An issuer template split around [`TENANT_PLACEHOLDER`], or `None` for a plain issuer. A
/// byte-window search, not `str::split_once` (whose substring searcher costs ~0.5 KiB of flash
/// on a microcontroller).
fn split_template(issuer: &str) -> Option<(&str, &str)> {
    let bytes = issuer.as_bytes();
    let first = TENANT_PLACEHOLDER.as_bytes().first()?;
    // Windows are compared only where the placeholder's first byte is: a plain issuer costs
    // one pass over its bytes.
    let mut from = 0usize;
    let at = loop {
        // Eight bytes per step ([`crate::codec::scan::find_byte`]): a plain issuer has none.
        let at = crate::codec::scan::find_byte(bytes, from, *first)?;
        if bytes.get(at..)?.starts_with(TENANT_PLACEHOLDER.as_bytes()) {
            break at;
        }
        from = at.checked_add(1)?;
    };
    let head = issuer.get(..at)?;
    let tail = issuer.get(at.saturating_add(TENANT_PLACEHOLDER.len())..)?;
    Some((head, tail))
}

/// `typ` comparison of RFC 7515 §4.1.9: case-insensitive, `application/` prefix optional.
fn typ_eq(got: &str, want: &str) -> bool {
    fn strip(s: &str) -> &str {
        match s.get(..12) {
            Some(p) if p.eq_ignore_ascii_case("application/") => s.get(12..).unwrap_or(""),
            _ => s,
        }
    }
    strip(got).eq_ignore_ascii_case(strip(want))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuer_templates_split_at_the_first_placeholder() {
        assert_eq!(
            split_template("https://a/{tenantid}/v2"),
            Some(("https://a/", "/v2"))
        );
        assert_eq!(split_template("{{tenantid}"), Some(("{", "")));
        assert_eq!(
            split_template("{tenantid}{tenantid}"),
            Some(("", "{tenantid}"))
        );
        assert_eq!(split_template("x{tenant}{tenantid"), None);
        assert_eq!(split_template("https://issuer.example.com"), None);
        assert_eq!(split_template(""), None);
    }

    #[test]
    fn typ_comparison() {
        assert!(typ_eq("at+jwt", "at+jwt"));
        assert!(typ_eq("AT+JWT", "at+jwt"));
        assert!(typ_eq("application/at+jwt", "at+jwt"));
        assert!(typ_eq("Application/AT+jwt", "application/at+jwt"));
        assert!(!typ_eq("jwt", "at+jwt"));
        assert!(!typ_eq("application/", "at+jwt"));
        assert!(!typ_eq("at+jwt ", "at+jwt"));
        let p = Policy::access_token("i", "a");
        assert_eq!(p.check_typ(None), Err(Error::TypMismatch));
        assert_eq!(p.check_typ(Some("JWT")), Err(Error::TypMismatch));
        assert_eq!(p.check_typ(Some("application/at+JWT")), Ok(()));
        let id = Policy::id_token("i", "c");
        assert_eq!(id.check_typ(None), Ok(()));
        assert_eq!(id.check_typ(Some("JWT")), Ok(()));
        assert_eq!(id.check_typ(Some("at+jwt")), Err(Error::TypMismatch));
        assert_eq!(id.check_typ(Some("logout+jwt")), Err(Error::TypMismatch));
        assert_eq!(id.check_typ(Some("application/JWT")), Ok(()));
    }
}
