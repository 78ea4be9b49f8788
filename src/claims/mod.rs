//! The verified claims view (RFC 7519 §4.1, OIDC Core §2, RFC 9068 §2.2): the standard
//! claims decoded once into the caller's scratch buffer, any other claim by name as raw JSON.
//!
//! The standard claims are one table ([`__claim_table!`](crate::__claim_table)): the fields
//! of [`Claims`], their accessors, the reading of a claim set, [`ClaimSet`] and the C API's
//! compile-time checks all come from it.

mod custom;
mod numeric_date;
mod str_list;

pub use custom::{ClaimStr, ClaimStrs, ClaimStrsIter, ClaimsJson};
pub use numeric_date::NumericDate;
pub use str_list::{StrList, StrListIter};

use crate::codec::json::{self, JStr, Name, Object, Value};
use crate::error::Error;
use crate::scratch::Arena;

/// The table of standard claims: per row the accessor's documentation, the field, its bit in
/// [`ClaimSet`] (stable: shared with the C API), its name in the claim set, its kind (`Str`: a
/// decoded string; `Date`: a NumericDate; `List`: a string or an array of strings), the
/// [`ClaimSet`] constant and the name of its C constant.
///
/// Replayed into `define_claims!` below and into the C API's compile-time checks. Not a public
/// API.
#[doc(hidden)]
#[macro_export]
macro_rules! __claim_table {
    ($callback:ident) => {
        $callback! {
            /// `iss`: the issuer.
            iss = 0, b"iss", Str, ISS, IDGATE_CLAIM_ISS;
            /// `sub`: the subject.
            sub = 1, b"sub", Str, SUB, IDGATE_CLAIM_SUB;
            /// `aud`: the audience, a string or an array of strings.
            aud = 2, b"aud", List, AUD, IDGATE_CLAIM_AUD;
            /// `exp`: expiration time.
            exp = 3, b"exp", Date, EXP, IDGATE_CLAIM_EXP;
            /// `nbf`: not before.
            nbf = 4, b"nbf", Date, NBF, IDGATE_CLAIM_NBF;
            /// `iat`: issued at.
            iat = 5, b"iat", Date, IAT, IDGATE_CLAIM_IAT;
            /// `jti`: the token id.
            jti = 6, b"jti", Str, JTI, IDGATE_CLAIM_JTI;
            /// `azp`: the authorized party.
            azp = 7, b"azp", Str, AZP, IDGATE_CLAIM_AZP;
            /// `nonce`: the value the client sent in the authentication request.
            nonce = 8, b"nonce", Str, NONCE, IDGATE_CLAIM_NONCE;
            /// `auth_time`: when the end user authenticated.
            auth_time = 9, b"auth_time", Date, AUTH_TIME, IDGATE_CLAIM_AUTH_TIME;
            /// `acr`: the authentication context class reference.
            acr = 10, b"acr", Str, ACR, IDGATE_CLAIM_ACR;
            /// `amr`: authentication methods references, a string or an array of strings.
            amr = 11, b"amr", List, AMR, IDGATE_CLAIM_AMR;
            /// `sid`: the session id.
            sid = 12, b"sid", Str, SID, IDGATE_CLAIM_SID;
            /// `client_id`: the client the token was issued to (RFC 9068).
            client_id = 13, b"client_id", Str, CLIENT_ID, IDGATE_CLAIM_CLIENT_ID;
            /// `scope`: space-separated scopes (RFC 9068, RFC 8693).
            scope = 14, b"scope", Str, SCOPE, IDGATE_CLAIM_SCOPE;
        }
    };
}

/// Per kind of claim: its type in [`Claims`], its absent value, how it is read and whether it
/// is present.
macro_rules! claim_kind {
    (type Str) => { Option<&'b str> };
    (type Date) => { Option<NumericDate> };
    (type List) => { StrList<'b> };
    (absent Str) => { None };
    (absent Date) => { None };
    (absent List) => { StrList::ABSENT };
    (read Str, $value:ident, $arena:ident) => {
        match $value {
            Value::Str(s) => Some($arena.str(s)?),
            _ => return Err(Error::InvalidClaim),
        }
    };
    (read Date, $value:ident, $arena:ident) => {
        match $value {
            Value::Number(n) => Some(NumericDate::parse(n)?),
            _ => return Err(Error::InvalidClaim),
        }
    };
    (read List, $value:ident, $arena:ident) => { StrList::read($value, $arena)? };
    (present Str, $v:expr) => { $v.is_some() };
    (present Date, $v:expr) => { $v.is_some() };
    (present List, $v:expr) => { !$v.is_absent() };
}

macro_rules! define_claims {
    ($(
        $(#[$doc:meta])*
        $field:ident = $bit:literal, $name:literal, $kind:ident, $set:ident, $c_name:ident;
    )*) => {
        /// The claims of a verified token. Strings are decoded (`"https:\/\/a"` reads as
        /// `https://a`); dates are checked NumericDates; `aud` and `amr` are [`StrList`]s; any
        /// claim is there by name, as raw JSON ([`Claims::raw`]) or typed ([`Claims::str`],
        /// [`Claims::int`], [`Claims::bool`], [`Claims::strings`]). Everything borrows the
        /// scratch buffer given to [`verify`](crate::verify).
        ///
        /// ```
        /// # fn main() -> Result<(), idgate::Error> {
        /// use idgate::{verify, KeySet, Policy};
        /// let mut keys = KeySet::new();
        /// keys.load_jwks(include_bytes!("../../examples/sample/jwks.json"))?;
        /// let token = include_str!("../../examples/sample/id_token.jwt").trim();
        /// let policy = Policy::id_token("https://issuer.example.com", "client-123");
        /// let mut scratch = [0u8; 4096];
        /// let v = verify(token.as_bytes(), &keys, &policy, 1_767_225_600, &mut scratch)?;
        /// let claims = v.claims;
        /// assert_eq!(claims.iss(), Some("https://issuer.example.com"));
        /// assert!(claims.aud().contains("client-123"));
        /// assert!(claims.exp().is_some_and(|exp| exp.floor > 1_767_225_600));
        /// assert_eq!(claims.raw("no_such_claim"), None);
        /// # Ok(()) }
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct Claims<'b> {
            json: Object<'b>,
            $($field: claim_kind!(type $kind),)*
        }

        /// The standard claims (the raw JSON object is left out).
        #[cfg(feature = "defmt")]
        impl defmt::Format for Claims<'_> {
            fn format(&self, f: defmt::Formatter<'_>) {
                defmt::write!(f, "Claims {{");
                $(defmt::write!(f, " {}: {},", stringify!($field), self.$field);)*
                defmt::write!(f, " }}");
            }
        }

        impl<'b> Claims<'b> {
            /// No claims yet, for [`read`] to fill.
            pub(crate) fn empty() -> Claims<'b> {
                Claims {
                    json: Object::EMPTY,
                    $($field: claim_kind!(absent $kind),)*
                }
            }

            /// Reads one member of the claim set: a standard claim is checked and decoded
            /// (strings into `arena`), any other member ignored. `hash` is the hash of the
            /// decoded name ([`json::name_hash`]), which the validator hands over: a name is
            /// compared (by decoded value, escapes and all) only with the standard name of
            /// the same hash.
            ///
            /// # Errors
            /// [`Error::InvalidClaim`] if a standard claim has the wrong JSON type or a
            /// NumericDate is out of range; [`Error::BufferTooSmall`] if the arena runs out.
            #[cfg_attr(target_pointer_width = "64", inline(always))]
            fn member(
                &mut self,
                name: Name<'b>,
                hash: u32,
                value: Value<'b>,
                arena: &mut Arena<'b>,
            ) -> Result<(), Error> {
                // The one standard name of this hash (their hashes are distinct: checked at
                // compile time below), then one comparison of the text.
                let bit: u8 = $(if hash == const { json::name_hash($name) } {
                    $bit
                } else)* {
                    return Ok(());
                };
                let expected: &[u8] = match bit {
                    $($bit => $name,)*
                    _ => return Ok(()),
                };
                if !name.eq_bytes(expected) {
                    return Ok(());
                }
                match bit {
                    $($bit => self.$field = claim_kind!(read $kind, value, arena),)*
                    _ => {}
                }
                Ok(())
            }

            /// The standard claims that are present.
            #[must_use]
            pub fn present(&self) -> ClaimSet {
                let mut set = ClaimSet::NONE;
                $(if claim_kind!(present $kind, self.$field) {
                    set = set.union(ClaimSet::$set);
                })*
                set
            }

            $(
                $(#[$doc])*
                #[must_use]
                pub fn $field(&self) -> claim_kind!(type $kind) {
                    self.$field
                }
            )*
        }

        impl ClaimSet {
            $(
                #[doc = concat!("`", stringify!($field), "`.")]
                pub const $set: ClaimSet = ClaimSet(1 << $bit);
            )*
            /// Every standard claim.
            pub const ALL: ClaimSet = ClaimSet(0 $(| (1 << $bit))*);

            /// The claim names of the set, in bit order.
            pub fn names(self) -> impl Iterator<Item = &'static str> {
                [$((ClaimSet::$set, stringify!($field))),*]
                    .into_iter()
                    .filter(move |(c, _)| self.contains(*c))
                    .map(|(_, name)| name)
            }
        }

        // No two standard names share a hash (`Claims::member` finds a name by its hash).
        const _: () = assert!(distinct(&[$(json::name_hash($name)),*]));

        // Each field is named as its claim.
        const _: () = {
            $(assert!(same_bytes(stringify!($field).as_bytes(), $name));)*
        };
    };
}

/// A set of standard claims, for [`Policy::required`](crate::Policy::required) and
/// [`Claims::present`]. Its bits are stable (the C API's `IDGATE_CLAIM_*`).
///
/// ```
/// use idgate::ClaimSet;
/// let set = ClaimSet::ISS.union(ClaimSet::AUD);
/// assert!(set.contains(ClaimSet::AUD));
/// assert!(!set.contains(ClaimSet::SUB));
/// assert_eq!(set.names().collect::<Vec<_>>(), ["iss", "aud"]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ClaimSet(u16);

__claim_table!(define_claims);

impl ClaimSet {
    /// No claim.
    pub const NONE: ClaimSet = ClaimSet(0);

    /// The union of two sets.
    #[must_use]
    pub const fn union(self, other: ClaimSet) -> ClaimSet {
        ClaimSet(self.0 | other.0)
    }

    /// The claims of this set that are not in `other`.
    #[must_use]
    pub const fn minus(self, other: ClaimSet) -> ClaimSet {
        ClaimSet(self.0 & !other.0)
    }

    /// True if every claim of `other` is in this set.
    #[must_use]
    pub const fn contains(self, other: ClaimSet) -> bool {
        self.0 & other.0 == other.0
    }

    /// True if the set is empty.
    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The raw bits (stable: bit `n` is the `n`-th claim of the table).
    #[must_use]
    pub const fn bits(self) -> u16 {
        self.0
    }

    /// The set with these raw bits; unknown bits are dropped.
    #[must_use]
    pub const fn from_bits(bits: u16) -> ClaimSet {
        ClaimSet(bits & ClaimSet::ALL.0)
    }
}

/// True if no two of `hashes` are equal (compile time).
pub(crate) const fn distinct(hashes: &[u32]) -> bool {
    let mut rest = hashes;
    while let Some((h, tail)) = rest.split_first() {
        let mut others = tail;
        while let Some((o, more)) = others.split_first() {
            if *o == *h {
                return false;
            }
            others = more;
        }
        rest = tail;
    }
    true
}

/// True if `a` and `b` hold the same bytes (compile time).
const fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let (mut a, mut b) = (a, b);
    loop {
        match (a.split_first(), b.split_first()) {
            (None, None) => return true,
            (Some((x, rest_a)), Some((y, rest_b))) if *x == *y => {
                a = rest_a;
                b = rest_b;
            }
            _ => return false,
        }
    }
}

/// Validates the claim-set JSON `payload` and reads its standard claims in the same pass
/// into `claims` (strings decoded into `arena`), in place: the view is a few hundred bytes,
/// not worth copying through nested results.
///
/// # Errors
/// The outer error is the JSON's ([`Error::Malformed`], [`Error::TooLarge`]); the inner one
/// the first claim error in document order ([`Error::InvalidClaim`],
/// [`Error::BufferTooSmall`], [`Error::TooLarge`]), for the caller to return after its own
/// checks in between (`verify` checks the header `typ` first), with the name of the claim
/// (still escaped) for the refusal's detail. `claims` is only meaningful when both are `Ok`.
pub(crate) fn read<'b>(
    payload: &'b [u8],
    arena: &mut Arena<'b>,
    claims: &mut Claims<'b>,
) -> Result<Result<(), (Error, JStr<'b>)>, Error> {
    let mut first_error = None;
    let json = json::parse_object_in(payload, arena, |name, hash, value, arena| {
        if first_error.is_none()
            && let Err(e) = claims.member(name, hash, value, arena)
        {
            first_error = Some((e, name.jstr()));
        }
    })?;
    claims.json = json;
    Ok(match first_error {
        Some(e) => Err(e),
        None => Ok(()),
    })
}

impl<'b> Claims<'b> {
    /// The raw JSON text of the claim named `name` (compared by decoded value), e.g.
    /// `br#""admin""#`, `b"[1,2]"`, `b"{\"a\":1}"`.
    #[must_use]
    pub fn raw(&self, name: &str) -> Option<&'b [u8]> {
        self.json.get(name).map(|v| v.raw())
    }

    /// The whole claim set as JSON text (the decoded payload).
    #[must_use]
    pub fn json(&self) -> &'b [u8] {
        self.json.raw()
    }

    /// The value of the claim named `name` (by decoded name), for the policy's checks of
    /// claims outside the table (`at_hash`, `c_hash`, `tid`, `events`).
    pub(crate) fn value(&self, name: &str) -> Option<Value<'b>> {
        self.json.get(name)
    }

    /// True if a claim named `name` is present.
    #[must_use]
    pub fn has(&self, name: &str) -> bool {
        self.json.get(name).is_some()
    }

    /// [`Claims::has`] for a name whose hash ([`json::name_hash`] of its bytes) the caller
    /// computed at compile time.
    pub(crate) fn has_hashed(&self, name: &str, hash: u32) -> bool {
        self.json.get_hashed(name, hash).is_some()
    }

    /// The raw JSON text of the claim named `name` in a claim-set JSON text, as
    /// [`Claims::raw`] would return it, for holders of only [`Claims::json`] (the C API's
    /// `idgate_claim_raw`). `json` is parsed again, strictly; nothing is verified here.
    ///
    /// # Errors
    /// [`Error::Malformed`] or [`Error::TooLarge`] if `json` is not a strict JSON object
    /// within the limits.
    pub fn raw_in(json: &'b [u8], name: &str) -> Result<Option<&'b [u8]>, Error> {
        Ok(ClaimsJson::parse(json)?.raw(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_in_json_text() {
        let doc = br#"{"a":[1,2],"b\u0063":{"x":"y"},"s":"t"}"#;
        assert_eq!(Claims::raw_in(doc, "a"), Ok(Some(&b"[1,2]"[..])));
        assert_eq!(Claims::raw_in(doc, "bc"), Ok(Some(&br#"{"x":"y"}"#[..])));
        assert_eq!(Claims::raw_in(doc, "s"), Ok(Some(&br#""t""#[..])));
        assert_eq!(Claims::raw_in(doc, "x"), Ok(None));
        assert_eq!(Claims::raw_in(b"[1]", "a"), Err(Error::Malformed));
        assert_eq!(
            Claims::raw_in(br#"{"a":1,"a":2}"#, "a"),
            Err(Error::Malformed)
        );
    }

    /// Standard names are found by hash, then compared by decoded value: escaped spellings
    /// count, near misses do not.
    #[test]
    fn names_by_hash_then_value() {
        let mut buf = [0u8; 256];
        let mut arena = Arena::new(&mut buf);
        let mut c = Claims::empty();
        let doc = br#"{"auth\u005ftime":5,"client_i\u0064":"c","scop":"x","scopes":"y","Sub":"z"}"#;
        assert_eq!(read(doc, &mut arena, &mut c), Ok(Ok(())));
        assert_eq!(c.auth_time().map(|d| d.floor), Some(5));
        assert_eq!(c.client_id(), Some("c"));
        assert_eq!(c.present(), ClaimSet::AUTH_TIME.union(ClaimSet::CLIENT_ID));
    }

    #[test]
    fn claim_names_and_presence() {
        assert_eq!(ClaimSet::ALL.names().count(), 15);
        assert_eq!(ClaimSet::ALL.bits(), 0x7FFF);
        let mut buf = [0u8; 64];
        let mut arena = Arena::new(&mut buf);
        let mut c = Claims::empty();
        let doc = br#"{"iss":"i","a\u0075d":["x"],"exp":1,"other":true}"#;
        assert_eq!(read(doc, &mut arena, &mut c), Ok(Ok(())));
        assert_eq!(
            c.present(),
            ClaimSet::ISS.union(ClaimSet::AUD).union(ClaimSet::EXP)
        );
        let mut c = Claims::empty();
        let r = read(br#"{"x":1,"exp":"1"}"#, &mut arena, &mut c);
        assert_eq!(
            r.map(|r| r.map_err(|(e, name)| (e, name.as_plain()))),
            Ok(Err((Error::InvalidClaim, Some("exp"))))
        );
    }
}
