//! What a verified token must also say to be accepted here, now (RFC 7519 §7.2, RFC 8725,
//! RFC 9068 §4, OIDC Core 3.1.3.7).

use crate::alg::AlgSet;
use crate::claims::{ClaimSet, Claims};
use crate::codec::scan::str_eq;
use crate::error::Error;

/// Default clock-skew allowance in seconds: 60, the usual value of OIDC libraries
/// (jsonwebtoken, go-oidc's callers, Spring Security) and short next to token lifetimes.
pub const DEFAULT_LEEWAY: u64 = 60;

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
    /// Algorithms accepted in the header `alg` (default: asymmetric ones only). HS* must be
    /// allowed explicitly (RFC 8725 §3.1-3.2).
    pub algs: AlgSet,
    /// The expected `iss`, compared exactly with the decoded value; `None` skips the check
    /// (only for callers that check it themselves).
    pub issuer: Option<&'p str>,
    /// Further accepted issuers (multi-tenant providers), each compared exactly.
    pub other_issuers: &'p [&'p str],
    /// The expected audience: the OIDC `client_id` or the resource server's identifier.
    /// `aud` must contain it; an `azp`, if present, must equal it.
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
    /// A header `typ` that is refused (compared like [`Policy::typ`]): the ID-token profile
    /// refuses `at+jwt`, so an access token is never taken for an ID token (RFC 9068 §4).
    pub forbidden_typ: Option<&'p str>,
    /// Standard claims that must be present.
    pub required: ClaimSet,
    /// Other claims that must be present, by name.
    pub required_names: &'p [&'p str],
    /// Header `crit` extensions the caller processes itself (RFC 7515 §4.1.11). Any other
    /// `crit` entry rejects the token.
    pub critical_extensions: &'p [&'p str],
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
            allow_unchecked_cnf: false,
        }
    }

    /// The OIDC ID-token profile (OIDC Core 3.1.3.7): `iss` exactly `issuer`, `aud`
    /// containing `client_id`, `azp` equal to it if present, `iss`, `sub`, `aud`, `exp`,
    /// `iat` required, `typ` `at+jwt` refused. Add [`Policy::with_nonce`] when the
    /// authentication request carried one, and [`Policy::with_max_age`] likewise.
    #[must_use]
    pub const fn id_token(issuer: &'p str, client_id: &'p str) -> Self {
        let mut p = Policy::new();
        p.issuer = Some(issuer);
        p.audience = Some(client_id);
        p.forbidden_typ = Some("at+jwt");
        p.required = ClaimSet::ISS
            .union(ClaimSet::SUB)
            .union(ClaimSet::AUD)
            .union(ClaimSet::EXP)
            .union(ClaimSet::IAT);
        p
    }

    /// The JWT access-token profile (RFC 9068 §4): header `typ` `at+jwt`, `iss` exactly
    /// `issuer`, `aud` containing `audience` (this resource server), and `iss`, `exp`,
    /// `aud`, `sub`, `client_id`, `iat`, `jti` required.
    #[must_use]
    pub const fn access_token(issuer: &'p str, audience: &'p str) -> Self {
        let mut p = Policy::new();
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
        Ok(())
    }

    /// Checks the claims, in the documented order; the first failure is returned.
    pub(crate) fn check_claims(&self, c: &Claims<'_>, now: u64) -> Result<(), Error> {
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
            if !str_eq(iss, issuer) && !self.other_issuers.iter().any(|o| str_eq(o, iss)) {
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
            if c.azp().is_some_and(|azp| !str_eq(azp, audience)) {
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
        if !self.allow_unchecked_cnf && c.has("cnf") {
            return Err(Error::BindingMismatch);
        }
        Ok(())
    }

    fn check_required(&self, c: &Claims<'_>) -> Result<(), Error> {
        let missing = !c.present().contains(self.required);
        if missing || self.required_names.iter().any(|n| !c.has(n)) {
            return Err(Error::MissingClaim);
        }
        Ok(())
    }
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
    }
}
