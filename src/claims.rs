//! The verified claims view (RFC 7519 §4.1, OIDC Core §2, RFC 9068 §2.2): registered and
//! OIDC claims decoded once into the caller's scratch buffer, any other claim by name as raw
//! JSON.

use crate::error::Error;
use crate::json::{JStr, Object, Value};
use crate::limits::MAX_NUMERIC_DATE;

/// A bump allocator over the caller's scratch buffer, for decoded strings.
pub(crate) struct Arena<'b> {
    free: &'b mut [u8],
}

impl<'b> Arena<'b> {
    pub(crate) fn new(free: &'b mut [u8]) -> Self {
        Arena { free }
    }

    /// Takes the first `len` free bytes.
    fn take(&mut self, len: usize) -> Result<&'b mut [u8], Error> {
        if len > self.free.len() {
            return Err(Error::BufferTooSmall);
        }
        let (head, tail) = core::mem::take(&mut self.free).split_at_mut(len);
        self.free = tail;
        Ok(head)
    }

    /// The decoded string: borrowed as is when it has no escapes, else decoded here.
    pub(crate) fn str(&mut self, s: JStr<'b>) -> Result<&'b str, Error> {
        if let Some(plain) = s.as_plain() {
            return Ok(plain);
        }
        let out = self.take(s.decoded_len())?;
        let decoded = s.decode_into(out)?;
        Ok(decoded)
    }

    /// A string or an array of strings, packed as (u16 length, bytes) records.
    fn list(&mut self, v: Value<'b>) -> Result<StrList<'b>, Error> {
        match v {
            Value::Str(s) => Ok(StrList::One(self.str(s)?)),
            Value::Array(a) => {
                let mut total = 0usize;
                for item in a.iter() {
                    let Value::Str(s) = item else {
                        return Err(Error::InvalidClaim);
                    };
                    total = total.saturating_add(2).saturating_add(s.decoded_len());
                }
                let out = self.take(total)?;
                let mut at = 0usize;
                for item in a.iter() {
                    if let Value::Str(s) = item {
                        let len = s.decoded_len();
                        let len16 = u16::try_from(len).map_err(|_| Error::TooLarge)?;
                        let rec = out.get_mut(at..).ok_or(Error::BufferTooSmall)?;
                        let (prefix, body) =
                            rec.split_at_mut_checked(2).ok_or(Error::BufferTooSmall)?;
                        prefix.copy_from_slice(&len16.to_le_bytes());
                        s.decode_into(body)?;
                        at = at.saturating_add(2).saturating_add(len);
                    }
                }
                Ok(StrList::Packed(out))
            }
            _ => Err(Error::InvalidClaim),
        }
    }
}

/// A claim that is a string or an array of strings (`aud`, `amr`), decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum StrList<'b> {
    /// The claim is absent.
    #[default]
    Absent,
    /// A single string.
    One(&'b str),
    /// An array of strings, packed as records of a little-endian `u16` length and the bytes.
    #[doc(hidden)]
    Packed(&'b [u8]),
}

impl<'b> StrList<'b> {
    /// The strings, in order (one for a plain string).
    pub fn iter(&self) -> StrListIter<'b> {
        match *self {
            StrList::Absent => StrListIter {
                one: None,
                packed: &[],
            },
            StrList::One(s) => StrListIter {
                one: Some(s),
                packed: &[],
            },
            StrList::Packed(p) => StrListIter {
                one: None,
                packed: p,
            },
        }
    }

    /// True if one of the strings equals `s`.
    #[must_use]
    pub fn contains(&self, s: &str) -> bool {
        self.iter().any(|x| crate::scan::str_eq(x, s))
    }

    /// True if the claim is absent.
    #[must_use]
    pub fn is_absent(&self) -> bool {
        matches!(self, StrList::Absent)
    }

    /// Number of strings.
    #[must_use]
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// True if there are no strings (absent or an empty array).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Iterator over the strings of a [`StrList`].
#[derive(Clone, Debug)]
pub struct StrListIter<'b> {
    one: Option<&'b str>,
    packed: &'b [u8],
}

impl<'b> Iterator for StrListIter<'b> {
    type Item = &'b str;

    fn next(&mut self) -> Option<&'b str> {
        if let Some(s) = self.one.take() {
            return Some(s);
        }
        let (len, rest) = self.packed.split_first_chunk::<2>()?;
        let (body, rest) = rest.split_at_checked(usize::from(u16::from_le_bytes(*len)))?;
        self.packed = rest;
        core::str::from_utf8(body).ok()
    }
}

/// A NumericDate (RFC 7519 §2): seconds since the epoch, possibly fractional.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct NumericDate {
    /// The value rounded down.
    pub floor: u64,
    /// The value rounded up (equal to `floor` for whole seconds).
    pub ceil: u64,
}

impl NumericDate {
    /// Parses a JSON number as a NumericDate in `0..=MAX_NUMERIC_DATE`.
    ///
    /// # Errors
    /// [`Error::InvalidClaim`] for negative values or values past
    /// [`MAX_NUMERIC_DATE`].
    pub(crate) fn parse(text: &str) -> Result<NumericDate, Error> {
        let bytes = text.as_bytes();
        // Fast path: a plain integer of up to 12 digits (every real-world date), which
        // cannot overflow a u64.
        if (1..=12).contains(&bytes.len()) && bytes.iter().all(u8::is_ascii_digit) {
            let value = bytes.iter().fold(0u64, |v, d| {
                v.wrapping_mul(10)
                    .wrapping_add(u64::from(d.wrapping_sub(b'0')))
            });
            if value > MAX_NUMERIC_DATE {
                return Err(Error::InvalidClaim);
            }
            return Ok(NumericDate {
                floor: value,
                ceil: value,
            });
        }
        let (negative, rest) = match bytes.split_first() {
            Some((b'-', rest)) => (true, rest),
            _ => (false, bytes),
        };
        let mantissa_end = rest
            .iter()
            .position(|b| matches!(b, b'e' | b'E'))
            .unwrap_or(rest.len());
        let (mantissa, exp_text) = rest.split_at(mantissa_end);
        // Decimal exponent, saturating at i32::MAX: far beyond the digit count of any document,
        // so the decimal point always lands where it should. (A clamp at 1000 misplaced it for
        // mantissas of more than 1000 digits: `1` + 1010 zeros + `e-1010` read as 10^10.)
        let mut exp: i32 = 0;
        if let Some((_, e)) = exp_text.split_first() {
            let (sign, digits) = match e.split_first() {
                Some((b'-', d)) => (-1, d),
                Some((b'+', d)) => (1, d),
                _ => (1, e),
            };
            for d in digits {
                exp = exp
                    .saturating_mul(10)
                    .saturating_add(i32::from(d.wrapping_sub(b'0')));
            }
            exp = exp.saturating_mul(sign);
        }
        let (int_digits, frac_digits) = match mantissa.iter().position(|b| *b == b'.') {
            Some(p) => (
                mantissa.get(..p).unwrap_or(&[]),
                mantissa.get(p.saturating_add(1)..).unwrap_or(&[]),
            ),
            None => (mantissa, &[][..]),
        };
        // The value is digits × 10^(exp - frac_len) with digits = int_digits ++ frac_digits.
        // The integer part is the first (int_len + exp) digits; the rest is the fraction.
        let all = int_digits.iter().chain(frac_digits.iter());
        let int_len = i64::try_from(int_digits.len()).map_err(|_| Error::InvalidClaim)?;
        let point = int_len.saturating_add(i64::from(exp));
        let mut value: u64 = 0;
        let mut fraction = false;
        let mut count: i64 = 0;
        for d in all {
            let digit = u64::from(d.wrapping_sub(b'0'));
            if count < point {
                value = value
                    .checked_mul(10)
                    .and_then(|v| v.checked_add(digit))
                    .filter(|v| *v <= MAX_NUMERIC_DATE)
                    .ok_or(Error::InvalidClaim)?;
            } else if digit != 0 {
                fraction = true;
            }
            count = count.saturating_add(1);
        }
        // Trailing zeros implied by a positive exponent past the digits (none to add to zero,
        // which also keeps `0e2000000000` from looping).
        while count < point && value != 0 {
            value = value
                .checked_mul(10)
                .filter(|v| *v <= MAX_NUMERIC_DATE)
                .ok_or(Error::InvalidClaim)?;
            count = count.saturating_add(1);
        }
        if negative && (value != 0 || fraction) {
            return Err(Error::InvalidClaim);
        }
        let ceil = if fraction {
            value.checked_add(1).ok_or(Error::InvalidClaim)?
        } else {
            value
        };
        if ceil > MAX_NUMERIC_DATE {
            return Err(Error::InvalidClaim);
        }
        Ok(NumericDate { floor: value, ceil })
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
/// checks in between (`verify` checks the header `typ` first). `claims` is only meaningful
/// when both are `Ok`.
pub(crate) fn read<'b>(
    payload: &'b [u8],
    arena: &mut Arena<'b>,
    claims: &mut Claims<'b>,
) -> Result<Result<(), Error>, Error> {
    let mut first_error = None;
    let json = crate::json::parse_object_with(payload, |name, value| {
        if first_error.is_none()
            && let Err(e) = claims.member(name, value, arena)
        {
            first_error = Some(e);
        }
    })?;
    claims.json = json;
    Ok(match first_error {
        Some(e) => Err(e),
        None => Ok(()),
    })
}

/// The claims of a verified token. Strings are decoded (`"https:\/\/a"` reads as
/// `https://a`); numbers are checked NumericDates. Everything borrows the scratch buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Claims<'b> {
    json: Object<'b>,
    pub(crate) iss: Option<&'b str>,
    pub(crate) sub: Option<&'b str>,
    pub(crate) aud: StrList<'b>,
    pub(crate) azp: Option<&'b str>,
    pub(crate) exp: Option<NumericDate>,
    pub(crate) nbf: Option<NumericDate>,
    pub(crate) iat: Option<NumericDate>,
    pub(crate) auth_time: Option<NumericDate>,
    pub(crate) nonce: Option<&'b str>,
    pub(crate) acr: Option<&'b str>,
    pub(crate) amr: StrList<'b>,
    pub(crate) sid: Option<&'b str>,
    pub(crate) jti: Option<&'b str>,
    pub(crate) scope: Option<&'b str>,
    pub(crate) client_id: Option<&'b str>,
}

/// The standard claims (the raw JSON object is left out).
#[cfg(feature = "defmt")]
impl defmt::Format for Claims<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "Claims {{ iss: {}, sub: {}, aud: {}, azp: {}, exp: {}, nbf: {}, iat: {}, auth_time: {}, nonce: {}, acr: {}, amr: {}, sid: {}, jti: {}, scope: {}, client_id: {} }}",
            self.iss,
            self.sub,
            self.aud,
            self.azp,
            self.exp,
            self.nbf,
            self.iat,
            self.auth_time,
            self.nonce,
            self.acr,
            self.amr,
            self.sid,
            self.jti,
            self.scope,
            self.client_id
        );
    }
}

macro_rules! str_accessors {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {
        $(
            $(#[$doc])*
            #[must_use]
            pub fn $name(&self) -> Option<&'b str> {
                self.$name
            }
        )*
    };
}

macro_rules! date_accessors {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {
        $(
            $(#[$doc])*
            #[must_use]
            pub fn $name(&self) -> Option<NumericDate> {
                self.$name
            }
        )*
    };
}

impl<'b> Claims<'b> {
    /// No claims yet, for [`read`] to fill.
    pub(crate) fn empty() -> Claims<'b> {
        Claims {
            json: Object::EMPTY,
            iss: None,
            sub: None,
            aud: StrList::Absent,
            azp: None,
            exp: None,
            nbf: None,
            iat: None,
            auth_time: None,
            nonce: None,
            acr: None,
            amr: StrList::Absent,
            sid: None,
            jti: None,
            scope: None,
            client_id: None,
        }
    }

    /// Reads one member of the claim set: a standard claim is checked and decoded (strings
    /// into `arena`), any other member ignored.
    ///
    /// # Errors
    /// [`Error::InvalidClaim`] if a standard claim has the wrong JSON type or a NumericDate is
    /// out of range; [`Error::BufferTooSmall`] if the arena runs out.
    fn member(
        &mut self,
        name: JStr<'b>,
        value: Value<'b>,
        arena: &mut Arena<'b>,
    ) -> Result<(), Error> {
        // Member names of standard claims are short plain ASCII; an escaped name is
        // compared by its decoded value all the same.
        let Some(which) = Standard::from_name(&name) else {
            return Ok(());
        };
        let c = self;
        match which {
            Standard::Str(slot) => {
                let Value::Str(s) = value else {
                    return Err(Error::InvalidClaim);
                };
                let decoded = Some(arena.str(s)?);
                match slot {
                    StrSlot::Iss => c.iss = decoded,
                    StrSlot::Sub => c.sub = decoded,
                    StrSlot::Azp => c.azp = decoded,
                    StrSlot::Nonce => c.nonce = decoded,
                    StrSlot::Acr => c.acr = decoded,
                    StrSlot::Sid => c.sid = decoded,
                    StrSlot::Jti => c.jti = decoded,
                    StrSlot::Scope => c.scope = decoded,
                    StrSlot::ClientId => c.client_id = decoded,
                }
            }
            Standard::Date(slot) => {
                let Value::Number(n) = value else {
                    return Err(Error::InvalidClaim);
                };
                let d = Some(NumericDate::parse(n)?);
                match slot {
                    DateSlot::Exp => c.exp = d,
                    DateSlot::Nbf => c.nbf = d,
                    DateSlot::Iat => c.iat = d,
                    DateSlot::AuthTime => c.auth_time = d,
                }
            }
            Standard::Aud => c.aud = arena.list(value)?,
            Standard::Amr => match value {
                Value::Array(_) | Value::Str(_) => c.amr = arena.list(value)?,
                _ => return Err(Error::InvalidClaim),
            },
        }
        Ok(())
    }

    str_accessors! {
        /// `iss`: the issuer.
        iss,
        /// `sub`: the subject.
        sub,
        /// `azp`: the authorized party.
        azp,
        /// `nonce`: the value the client sent in the authentication request.
        nonce,
        /// `acr`: the authentication context class reference.
        acr,
        /// `sid`: the session id.
        sid,
        /// `jti`: the token id.
        jti,
        /// `scope`: space-separated scopes (RFC 9068, RFC 8693).
        scope,
        /// `client_id`: the client the token was issued to (RFC 9068).
        client_id,
    }

    date_accessors! {
        /// `exp`: expiration time.
        exp,
        /// `nbf`: not before.
        nbf,
        /// `iat`: issued at.
        iat,
        /// `auth_time`: when the end user authenticated.
        auth_time,
    }

    /// `aud`: the audience, a string or an array of strings.
    #[must_use]
    pub fn aud(&self) -> StrList<'b> {
        self.aud
    }

    /// `amr`: authentication methods references, a string or an array of strings.
    #[must_use]
    pub fn amr(&self) -> StrList<'b> {
        self.amr
    }

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

    /// True if a claim named `name` is present.
    #[must_use]
    pub fn has(&self, name: &str) -> bool {
        self.json.get(name).is_some()
    }

    /// The raw JSON text of the claim named `name` in a claim-set JSON text, as
    /// [`Claims::raw`] would return it, for holders of only [`Claims::json`] (the C API's
    /// `idgate_claim_raw`). `json` is parsed again, strictly; nothing is verified here.
    ///
    /// # Errors
    /// [`Error::Malformed`] or [`Error::TooLarge`] if `json` is not a strict JSON object
    /// within the limits.
    pub fn raw_in(json: &'b [u8], name: &str) -> Result<Option<&'b [u8]>, Error> {
        Ok(crate::json::parse_object(json)?.get(name).map(|v| v.raw()))
    }
}

#[derive(Clone, Copy)]
enum StrSlot {
    Iss,
    Sub,
    Azp,
    Nonce,
    Acr,
    Sid,
    Jti,
    Scope,
    ClientId,
}

#[derive(Clone, Copy)]
enum DateSlot {
    Exp,
    Nbf,
    Iat,
    AuthTime,
}

#[derive(Clone, Copy)]
enum Standard {
    Str(StrSlot),
    Date(DateSlot),
    Aud,
    Amr,
}

impl Standard {
    fn from_name(name: &JStr<'_>) -> Option<Standard> {
        // Standard names are 3 to 9 bytes of ASCII. An escaped name is compared by its
        // decoded value, decoded here when it is short enough to be one of them.
        let mut buf = [0u8; 9];
        let bytes = match name.as_plain() {
            Some(plain) => plain.as_bytes(),
            None => {
                let mut n = 0usize;
                for b in name.bytes() {
                    *buf.get_mut(n)? = b;
                    n = n.saturating_add(1);
                }
                buf.get(..n)?
            }
        };
        Some(match bytes {
            b"iss" => Standard::Str(StrSlot::Iss),
            b"sub" => Standard::Str(StrSlot::Sub),
            b"aud" => Standard::Aud,
            b"exp" => Standard::Date(DateSlot::Exp),
            b"nbf" => Standard::Date(DateSlot::Nbf),
            b"iat" => Standard::Date(DateSlot::Iat),
            b"azp" => Standard::Str(StrSlot::Azp),
            b"nonce" => Standard::Str(StrSlot::Nonce),
            b"acr" => Standard::Str(StrSlot::Acr),
            b"amr" => Standard::Amr,
            b"sid" => Standard::Str(StrSlot::Sid),
            b"jti" => Standard::Str(StrSlot::Jti),
            b"scope" => Standard::Str(StrSlot::Scope),
            b"client_id" => Standard::Str(StrSlot::ClientId),
            b"auth_time" => Standard::Date(DateSlot::AuthTime),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_dates() {
        let nd = |s: &str| NumericDate::parse(s).map(|d| (d.floor, d.ceil));
        assert_eq!(nd("0"), Ok((0, 0)));
        assert_eq!(nd("-0"), Ok((0, 0)));
        assert_eq!(nd("1767225600"), Ok((1_767_225_600, 1_767_225_600)));
        assert_eq!(nd("1767225600.5"), Ok((1_767_225_600, 1_767_225_601)));
        assert_eq!(nd("1767225600.000"), Ok((1_767_225_600, 1_767_225_600)));
        assert_eq!(nd("1.7672256E9"), Ok((1_767_225_600, 1_767_225_600)));
        assert_eq!(nd("1.76722560055e9"), Ok((1_767_225_600, 1_767_225_601)));
        assert_eq!(nd("17672256000e-1"), Ok((1_767_225_600, 1_767_225_600)));
        assert_eq!(nd("5e-1"), Ok((0, 1)));
        assert_eq!(nd("1e-999999999999"), Ok((0, 1)));
        assert_eq!(nd("0e999999999999"), Ok((0, 0)));
        assert_eq!(nd("253402300799"), Ok((253_402_300_799, 253_402_300_799)));
        assert_eq!(nd("253402300799.1"), Err(Error::InvalidClaim));
        assert_eq!(nd("253402300800"), Err(Error::InvalidClaim));
        assert_eq!(nd("1e12"), Err(Error::InvalidClaim));
        assert_eq!(nd("1e999999999999"), Err(Error::InvalidClaim));
        assert_eq!(nd("99999999999999999999999999"), Err(Error::InvalidClaim));
        assert_eq!(nd("-1"), Err(Error::InvalidClaim));
        assert_eq!(nd("-0.5"), Err(Error::InvalidClaim));
    }

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

    #[test]
    fn packed_lists() {
        let mut buf = [0u8; 64];
        let doc = br#"{"aud":["a","b\/c",""],"one":"x","bad":["a",1]}"#;
        let obj = crate::json::parse_object(doc);
        assert!(obj.is_ok());
        let Ok(obj) = obj else { return };
        let mut arena = Arena::new(&mut buf);
        let aud = obj.get("aud").map(|v| arena.list(v));
        let Some(Ok(aud)) = aud else {
            panic!("{aud:?}")
        };
        let items: heapless::Vec<&str, 4> = aud.iter().collect();
        assert_eq!(items.as_slice(), ["a", "b/c", ""]);
        assert!(aud.contains("b/c"));
        assert!(!aud.contains("b\\/c"));
        assert_eq!(
            obj.get("one").map(|v| arena.list(v).map(|l| l.len())),
            Some(Ok(1))
        );
        assert_eq!(
            obj.get("bad").map(|v| arena.list(v).err()),
            Some(Some(Error::InvalidClaim))
        );
    }
}
