//! Claims by name, typed: any claim of the claim set (standard or not) read as a string, an
//! integer, a boolean or an array of strings, straight from the JSON text, with no copy and
//! no heap. Strings stay escaped in the payload ([`ClaimStr`]) until the caller decodes,
//! compares or prints them.
//!
//! The rules are strict and the same for every accessor: an absent claim is
//! [`Error::MissingClaim`]; a claim of another JSON type (`null` included) is
//! [`Error::InvalidClaim`]. Nothing is coerced: `"42"` is not an integer, `1` is not `true`,
//! a single string is not a list of one.

use core::fmt;

use crate::codec::json::{self, Array, Elements, JStr, Object, Value};
use crate::error::Error;

use super::Claims;

/// A string claim, still escaped in the token's decoded payload: compare it, measure it,
/// decode it into a buffer or print it, without a heap. From [`Claims::str`],
/// [`Claims::strings`] and [`ClaimsJson`].
///
/// Comparisons and lengths are by decoded value: the claim `"caf\u00e9"` equals `"café"` and
/// is 5 bytes long.
///
/// ```
/// # fn main() -> Result<(), idgate::Error> {
/// use idgate::ClaimsJson;
/// let json = ClaimsJson::parse(br#"{"pid":"caf\u00e9","org":"acme"}"#)?;
/// let pid = json.str("pid")?;
/// assert_eq!(pid, "café");
/// assert_eq!((pid.len(), pid.as_str()), (5, None)); // escaped: decode it to borrow it
/// let mut buf = [0u8; 16];
/// assert_eq!(pid.decode_into(&mut buf)?, "café");
/// assert_eq!(format!("{pid} {pid:?}"), "café \"café\"");
/// assert_eq!(json.str("org")?.as_str(), Some("acme")); // no escape: borrowed as it is
/// # Ok(()) }
/// ```
#[derive(Clone, Copy)]
pub struct ClaimStr<'b>(JStr<'b>);

impl<'b> ClaimStr<'b> {
    /// The decoded text as a `&str` borrowed from the payload, when it has no escape (the
    /// common case); `None` when it has one (use [`ClaimStr::decode_into`] or `Display`).
    #[must_use]
    pub fn as_str(&self) -> Option<&'b str> {
        self.0.as_plain()
    }

    /// Writes the decoded text to the front of `out` and returns it.
    ///
    /// # Errors
    /// [`Error::BufferTooSmall`] if `out` is shorter than [`ClaimStr::len`] (what was written
    /// is then meaningless).
    pub fn decode_into<'o>(&self, out: &'o mut [u8]) -> Result<&'o str, Error> {
        self.0.decode_into(out)
    }

    /// Length of the decoded text in bytes (UTF-8). A decoded string may hold U+0000.
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.decoded_len()
    }

    /// True if the decoded text is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The decoded characters.
    fn chars(&self) -> Chars<impl Iterator<Item = u8> + 'b> {
        Chars(self.0.bytes())
    }
}

impl PartialEq<str> for ClaimStr<'_> {
    /// By decoded value.
    fn eq(&self, other: &str) -> bool {
        self.0.eq_str(other)
    }
}

impl PartialEq<&str> for ClaimStr<'_> {
    /// By decoded value.
    fn eq(&self, other: &&str) -> bool {
        self.0.eq_str(other)
    }
}

impl PartialEq for ClaimStr<'_> {
    /// By decoded value: `"a\/b"` equals `"a/b"`.
    fn eq(&self, other: &Self) -> bool {
        self.0.decoded_eq(&other.0)
    }
}

impl Eq for ClaimStr<'_> {}

impl fmt::Display for ClaimStr<'_> {
    /// The decoded text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(plain) = self.as_str() {
            return f.write_str(plain);
        }
        self.chars().try_for_each(|c| fmt::Write::write_char(f, c))
    }
}

impl fmt::Debug for ClaimStr<'_> {
    /// The decoded text quoted and escaped as `str`'s `Debug` does it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(plain) = self.as_str() {
            return fmt::Debug::fmt(plain, f);
        }
        f.write_str("\"")?;
        for c in self.chars() {
            if c == '\'' {
                f.write_str("'")?;
            } else {
                c.escape_debug()
                    .try_for_each(|e| fmt::Write::write_char(f, e))?;
            }
        }
        f.write_str("\"")
    }
}

/// The characters of decoded UTF-8 bytes (those of a validated JSON string, so always UTF-8;
/// anything else would read as U+FFFD).
struct Chars<I>(I);

impl<I: Iterator<Item = u8>> Iterator for Chars<I> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        let first = self.0.next()?;
        let width = match first {
            0x00..=0x7F => return Some(char::from(first)),
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
        let mut buf = [first, 0, 0, 0];
        for slot in buf.iter_mut().take(width).skip(1) {
            *slot = self.0.next().unwrap_or(0);
        }
        Some(
            buf.get(..width)
                .and_then(|b| core::str::from_utf8(b).ok())
                .and_then(|s| s.chars().next())
                .unwrap_or(char::REPLACEMENT_CHARACTER),
        )
    }
}

/// A claim that is an array of strings, every element checked to be a string. Iterate it
/// for [`ClaimStr`]s (`for g in claims.strings("groups")?`), count it, or look for a value.
///
/// ```
/// # fn main() -> Result<(), idgate::Error> {
/// use idgate::ClaimsJson;
/// let json = ClaimsJson::parse(br#"{"groups":["admins","a\/b"],"roles":[]}"#)?;
/// let groups = json.strings("groups")?;
/// assert_eq!(groups.len(), 2);
/// assert!(groups.contains("a/b"));
/// let all: Vec<String> = groups.iter().map(|g| g.to_string()).collect();
/// assert_eq!(all, ["admins", "a/b"]);
/// assert!(json.strings("roles")?.is_empty());
/// # Ok(()) }
/// ```
#[derive(Clone, Copy)]
pub struct ClaimStrs<'b> {
    array: Array<'b>,
    len: usize,
}

impl<'b> ClaimStrs<'b> {
    /// The strings, in order.
    #[must_use]
    pub fn iter(&self) -> ClaimStrsIter<'b> {
        ClaimStrsIter {
            elements: self.array.iter(),
            left: self.len,
        }
    }

    /// Number of strings.
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    /// True if the array is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// True if one of the strings equals `s` (by decoded value).
    #[must_use]
    pub fn contains(&self, s: &str) -> bool {
        self.iter().any(|x| x == s)
    }

    /// The array's JSON text, as it appears in the payload.
    #[must_use]
    pub fn raw(&self) -> &'b [u8] {
        Value::Array(self.array).raw()
    }
}

impl PartialEq for ClaimStrs<'_> {
    /// Element by element, by decoded value.
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl Eq for ClaimStrs<'_> {}

impl fmt::Debug for ClaimStrs<'_> {
    /// The decoded strings as a list: `["a", "b"]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'b> IntoIterator for ClaimStrs<'b> {
    type Item = ClaimStr<'b>;
    type IntoIter = ClaimStrsIter<'b>;

    fn into_iter(self) -> ClaimStrsIter<'b> {
        self.iter()
    }
}

impl<'b> IntoIterator for &ClaimStrs<'b> {
    type Item = ClaimStr<'b>;
    type IntoIter = ClaimStrsIter<'b>;

    fn into_iter(self) -> ClaimStrsIter<'b> {
        self.iter()
    }
}

/// Iterator over the strings of a [`ClaimStrs`].
pub struct ClaimStrsIter<'b> {
    elements: Elements<'b>,
    left: usize,
}

impl<'b> Iterator for ClaimStrsIter<'b> {
    type Item = ClaimStr<'b>;

    fn next(&mut self) -> Option<ClaimStr<'b>> {
        // Every element was checked to be a string when the list was made.
        match self.elements.next()? {
            Value::Str(s) => {
                self.left = self.left.saturating_sub(1);
                Some(ClaimStr(s))
            }
            _ => {
                self.left = 0;
                None
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for ClaimStrsIter<'_> {}

impl fmt::Debug for ClaimStrsIter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClaimStrsIter")
            .field("left", &self.left)
            .finish_non_exhaustive()
    }
}

/// The typed reading of one claim value, shared by [`Claims`] and [`ClaimsJson`].
mod read {
    use super::*;

    pub(super) fn str(v: Option<Value<'_>>) -> Result<ClaimStr<'_>, Error> {
        match v.ok_or(Error::MissingClaim)? {
            Value::Str(s) => Ok(ClaimStr(s)),
            _ => Err(Error::InvalidClaim),
        }
    }

    pub(super) fn int(v: Option<Value<'_>>) -> Result<i64, Error> {
        match v.ok_or(Error::MissingClaim)? {
            Value::Number(n) => parse_int(n).ok_or(Error::InvalidClaim),
            _ => Err(Error::InvalidClaim),
        }
    }

    pub(super) fn bool(v: Option<Value<'_>>) -> Result<bool, Error> {
        match v.ok_or(Error::MissingClaim)? {
            Value::Bool(b) => Ok(b),
            _ => Err(Error::InvalidClaim),
        }
    }

    pub(super) fn strings(v: Option<Value<'_>>) -> Result<ClaimStrs<'_>, Error> {
        let Value::Array(array) = v.ok_or(Error::MissingClaim)? else {
            return Err(Error::InvalidClaim);
        };
        let mut len = 0usize;
        for item in array.iter() {
            if !matches!(item, Value::Str(_)) {
                return Err(Error::InvalidClaim);
            }
            len = len.saturating_add(1);
        }
        Ok(ClaimStrs { array, len })
    }

    /// A JSON number (validated text) that is an integer in `i64`: digits with an optional
    /// minus sign, no fraction, no exponent. `-0` is 0.
    pub(super) fn parse_int(text: &str) -> Option<i64> {
        // Bytes, not `str::strip_prefix`: a second caller of that would make LTO outline it
        // for the verification path too (44 B of firmware flash).
        let (negative, digits) = match text.as_bytes().split_first() {
            Some((b'-', rest)) => (true, rest),
            _ => (false, text.as_bytes()),
        };
        if digits.is_empty() {
            return None;
        }
        digits.iter().try_fold(0i64, |acc, b| {
            let digit = i64::from(b.checked_sub(b'0').filter(|d| *d < 10)?);
            let acc = acc.checked_mul(10)?;
            // Negative numbers are built downwards, so `i64::MIN` fits.
            if negative {
                acc.checked_sub(digit)
            } else {
                acc.checked_add(digit)
            }
        })
    }
}

impl<'b> Claims<'b> {
    /// The claim named `name` (compared by decoded name) as a string, still escaped in the
    /// payload ([`ClaimStr`]: compare, decode or print it). Standard claims read here too
    /// (`claims.str("iss")`).
    ///
    /// ```
    /// # fn main() -> Result<(), idgate::Error> {
    /// use idgate::{verify, Error, KeySet, Policy};
    /// let mut keys = KeySet::new();
    /// keys.load_jwks(include_bytes!("../../examples/sample/jwks.json"))?;
    /// let token = include_str!("../../examples/sample/id_token.jwt").trim();
    /// let policy = Policy::id_token("https://issuer.example.com", "client-123");
    /// let mut scratch = [0u8; 4096];
    /// let claims = verify(token.as_bytes(), &keys, &policy, 1_767_225_600, &mut scratch)?.claims;
    /// assert_eq!(claims.str("sid")?, "sid-6f1c2b9e");
    /// assert_eq!(claims.str("exp").err(), Some(Error::InvalidClaim)); // a number
    /// assert_eq!(claims.str("tenant").err(), Some(Error::MissingClaim));
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::MissingClaim`] if there is no such claim; [`Error::InvalidClaim`] if it is not
    /// a string (`null` included).
    pub fn str(&self, name: &str) -> Result<ClaimStr<'b>, Error> {
        read::str(self.value(name))
    }

    /// The claim named `name` as an integer: a JSON number with no fraction and no exponent
    /// within `i64` (`-0` reads as 0). Strict: `1.0`, `1e3` and `"1"` are
    /// [`Error::InvalidClaim`], as is anything past `i64::MAX` or below `i64::MIN`.
    ///
    /// ```
    /// # fn main() -> Result<(), idgate::Error> {
    /// use idgate::{verify, Error, KeySet, Policy};
    /// let mut keys = KeySet::new();
    /// keys.load_jwks(include_bytes!("../../examples/sample/jwks.json"))?;
    /// let token = include_str!("../../examples/sample/id_token.jwt").trim();
    /// let policy = Policy::id_token("https://issuer.example.com", "client-123");
    /// let mut scratch = [0u8; 4096];
    /// let claims = verify(token.as_bytes(), &keys, &policy, 1_767_225_600, &mut scratch)?.claims;
    /// assert_eq!(claims.int("auth_time")?, 1_767_225_480);
    /// assert_eq!(claims.int("sub").err(), Some(Error::InvalidClaim)); // a string
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::MissingClaim`] if there is no such claim; [`Error::InvalidClaim`] if it is not
    /// an integer within `i64`.
    pub fn int(&self, name: &str) -> Result<i64, Error> {
        read::int(self.value(name))
    }

    /// The claim named `name` as a boolean (`true` or `false`; nothing else converts).
    ///
    /// ```
    /// # fn main() -> Result<(), idgate::Error> {
    /// use idgate::{verify, Error, KeySet, Policy};
    /// let mut keys = KeySet::new();
    /// keys.load_jwks(include_bytes!("../../examples/sample/jwks.json"))?;
    /// let token = include_str!("../../examples/sample/id_token.jwt").trim();
    /// let policy = Policy::id_token("https://issuer.example.com", "client-123");
    /// let mut scratch = [0u8; 4096];
    /// let claims = verify(token.as_bytes(), &keys, &policy, 1_767_225_600, &mut scratch)?.claims;
    /// // The sample has no boolean claim; `email_verified` would read as `Ok(true)`.
    /// assert_eq!(claims.bool("email_verified"), Err(Error::MissingClaim));
    /// assert_eq!(claims.bool("sid"), Err(Error::InvalidClaim));
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::MissingClaim`] if there is no such claim; [`Error::InvalidClaim`] if it is not
    /// a boolean.
    pub fn bool(&self, name: &str) -> Result<bool, Error> {
        read::bool(self.value(name))
    }

    /// The claim named `name` as an array of strings; every element is checked to be a string
    /// first. A single string is not a list of one (`aud` and `amr`, which may be either,
    /// have their own accessors: [`Claims::aud`], [`Claims::amr`]).
    ///
    /// ```
    /// # fn main() -> Result<(), idgate::Error> {
    /// use idgate::{verify, Error, KeySet, Policy};
    /// let mut keys = KeySet::new();
    /// keys.load_jwks(include_bytes!("../../examples/sample/jwks.json"))?;
    /// let token = include_str!("../../examples/sample/id_token.jwt").trim();
    /// let policy = Policy::id_token("https://issuer.example.com", "client-123");
    /// let mut scratch = [0u8; 4096];
    /// let claims = verify(token.as_bytes(), &keys, &policy, 1_767_225_600, &mut scratch)?.claims;
    /// let amr = claims.strings("amr")?;
    /// assert_eq!(amr.len(), 2);
    /// assert!(amr.iter().eq(["pwd", "mfa"]));
    /// assert_eq!(claims.strings("aud").err(), Some(Error::InvalidClaim)); // one string
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::MissingClaim`] if there is no such claim; [`Error::InvalidClaim`] if it is not
    /// an array or an element is not a string.
    pub fn strings(&self, name: &str) -> Result<ClaimStrs<'b>, Error> {
        read::strings(self.value(name))
    }
}

/// A claim set's JSON text, validated, read by name: the typed accessors of [`Claims`] for
/// holders of only the JSON, such as the payload of [`verify_signature`](crate::verify_signature)
/// (a signed payload whose claims nothing checked) or [`Claims::json`] handed through the C
/// API. Parsing it again is strict (RFC 8259, duplicates, depth) and verifies nothing.
///
/// ```
/// # fn main() -> Result<(), idgate::Error> {
/// use idgate::{ClaimsJson, Error};
/// let json = ClaimsJson::parse(br#"{"pid":"p-1","level":3,"admin":false,"x":null}"#)?;
/// assert_eq!(json.str("pid")?, "p-1");
/// assert_eq!(json.int("level")?, 3);
/// assert_eq!(json.bool("admin")?, false);
/// assert_eq!(json.bool("x"), Err(Error::InvalidClaim)); // null is no boolean
/// assert_eq!(json.raw("level"), Some(&b"3"[..]));
/// assert_eq!(ClaimsJson::parse(b"[1]").err(), Some(Error::Malformed));
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClaimsJson<'b>(Object<'b>);

impl<'b> ClaimsJson<'b> {
    /// Validates `json` as one strict JSON object.
    ///
    /// # Errors
    /// [`Error::Malformed`] if it is not strict RFC 8259 JSON with an object at the top (or
    /// has a duplicate member name); [`Error::TooLarge`] past
    /// [`MAX_JSON_DEPTH`](crate::limits::MAX_JSON_DEPTH) or
    /// [`MAX_OPEN_MEMBERS`](crate::limits::MAX_OPEN_MEMBERS) members open at once.
    pub fn parse(json: &'b [u8]) -> Result<ClaimsJson<'b>, Error> {
        json::parse_object(json).map(ClaimsJson)
    }

    /// The whole JSON object's text.
    #[must_use]
    pub fn json(&self) -> &'b [u8] {
        self.0.raw()
    }

    /// The raw JSON text of the claim named `name`, as [`Claims::raw`].
    #[must_use]
    pub fn raw(&self, name: &str) -> Option<&'b [u8]> {
        self.0.get(name).map(|v| v.raw())
    }

    /// True if a claim named `name` is present.
    #[must_use]
    pub fn has(&self, name: &str) -> bool {
        self.0.get(name).is_some()
    }

    /// As [`Claims::str`].
    ///
    /// # Errors
    /// As [`Claims::str`].
    pub fn str(&self, name: &str) -> Result<ClaimStr<'b>, Error> {
        read::str(self.0.get(name))
    }

    /// As [`Claims::int`].
    ///
    /// # Errors
    /// As [`Claims::int`].
    pub fn int(&self, name: &str) -> Result<i64, Error> {
        read::int(self.0.get(name))
    }

    /// As [`Claims::bool`].
    ///
    /// # Errors
    /// As [`Claims::bool`].
    pub fn bool(&self, name: &str) -> Result<bool, Error> {
        read::bool(self.0.get(name))
    }

    /// As [`Claims::strings`].
    ///
    /// # Errors
    /// As [`Claims::strings`].
    pub fn strings(&self, name: &str) -> Result<ClaimStrs<'b>, Error> {
        read::strings(self.0.get(name))
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::format;
    use std::string::{String, ToString};
    use std::vec::Vec;

    const DOC: &[u8] = br#"{
        "plain": "hello", "cafe": "caf\u00e9", "emoji": "\ud83d\ude00", "quote": "a\"b",
        "nul": "x\u0000y", "solidus": "a\/b", "empty": "", "tab": "a\tb", "apos": "it's",
        "n": 42, "neg": -7, "max": 9223372036854775807, "over": 9223372036854775808,
        "min": -9223372036854775808, "under": -9223372036854775809, "neg_zero": -0, "zero": 0,
        "frac": 1.5, "one_point_zero": 1.0, "expo": 1e3, "expo_neg": 1E-2,
        "t": true, "f": false, "nothing": null,
        "groups": ["admins", "caf\u00e9", "a\/b", ""], "none": [], "mixed": ["a", 1],
        "nested": [["a"]], "nulls": [null], "obj": {"a": "b"},
        "i\u0073o": "escaped name"
    }"#;

    fn doc() -> ClaimsJson<'static> {
        match ClaimsJson::parse(DOC) {
            Ok(d) => d,
            Err(e) => panic!("{e:?}"),
        }
    }

    fn decoded(s: ClaimStr<'_>) -> String {
        let mut buf = [0u8; 64];
        match s.decode_into(&mut buf) {
            Ok(t) => String::from(t),
            Err(e) => panic!("{e:?}"),
        }
    }

    #[test]
    fn strings_by_decoded_value() {
        let d = doc();
        let cases: [(&str, &str, Option<&str>); 9] = [
            ("plain", "hello", Some("hello")),
            ("cafe", "caf\u{e9}", None),
            ("emoji", "\u{1F600}", None),
            ("quote", "a\"b", None),
            ("nul", "x\u{0}y", None),
            ("solidus", "a/b", None),
            ("empty", "", Some("")),
            ("tab", "a\tb", None),
            ("apos", "it's", Some("it's")),
        ];
        for (name, want, plain) in cases {
            let s = d.str(name);
            assert!(s.is_ok(), "{name}: {s:?}");
            let Ok(s) = s else { continue };
            assert_eq!(s, want, "{name}");
            assert_eq!(s, *want, "{name}");
            assert_eq!(s.as_str(), plain, "{name}");
            assert_eq!(s.len(), want.len(), "{name}");
            assert_eq!(s.is_empty(), want.is_empty(), "{name}");
            assert_eq!(decoded(s), want, "{name}");
            assert_eq!(s.to_string(), want, "{name}");
            assert_eq!(format!("{s:?}"), format!("{want:?}"), "{name}");
        }
        assert_eq!(d.str("cafe").map(|s| s.len()), Ok(5));
        assert_eq!(d.str("emoji").map(|s| s.len()), Ok(4));
        // Not equal to the escaped spelling, nor to a prefix or an extension.
        assert!(
            d.str("cafe")
                .is_ok_and(|s| s != "caf\\u00e9" && s != "caf" && s != "café!")
        );
        // Two spellings of one value are equal.
        assert_eq!(
            d.str("solidus"),
            d.strings("groups")
                .map(|g| g.iter().nth(2))
                .ok()
                .flatten()
                .ok_or(Error::MissingClaim)
        );
        // A member name spelled with an escape is found by its decoded value.
        assert_eq!(d.str("iso").map(decoded).as_deref(), Ok("escaped name"));
    }

    #[test]
    fn decode_into_a_short_buffer() {
        let d = doc();
        let mut four = [0u8; 4];
        assert_eq!(
            d.str("cafe").map(|s| s.decode_into(&mut four).err()),
            Ok(Some(Error::BufferTooSmall))
        );
        let mut five = [0u8; 5];
        assert_eq!(
            d.str("cafe")
                .map(|s| s.decode_into(&mut five).map(String::from)),
            Ok(Ok(String::from("café")))
        );
        let mut one = [0u8; 1];
        assert_eq!(
            d.str("plain").map(|s| s.decode_into(&mut one).err()),
            Ok(Some(Error::BufferTooSmall))
        );
        let mut none = [0u8; 0];
        assert_eq!(
            d.str("empty")
                .map(|s| s.decode_into(&mut none).map(String::from)),
            Ok(Ok(String::new()))
        );
    }

    #[test]
    fn wrong_types_and_absent_claims() {
        let d = doc();
        for name in ["n", "t", "nothing", "groups", "obj"] {
            assert_eq!(d.str(name).err(), Some(Error::InvalidClaim), "{name}");
        }
        for name in ["plain", "t", "nothing", "groups", "obj"] {
            assert_eq!(d.int(name), Err(Error::InvalidClaim), "{name}");
        }
        for name in ["plain", "n", "zero", "nothing", "groups"] {
            assert_eq!(d.bool(name), Err(Error::InvalidClaim), "{name}");
        }
        for name in ["plain", "n", "nothing", "obj", "mixed", "nested", "nulls"] {
            assert_eq!(d.strings(name).err(), Some(Error::InvalidClaim), "{name}");
        }
        for name in ["absent", "Plain", "plai", "a"] {
            assert_eq!(d.str(name).err(), Some(Error::MissingClaim), "{name}");
            assert_eq!(d.int(name), Err(Error::MissingClaim), "{name}");
            assert_eq!(d.bool(name), Err(Error::MissingClaim), "{name}");
            assert_eq!(d.strings(name).err(), Some(Error::MissingClaim), "{name}");
            assert!(!d.has(name));
        }
        // A nested member is no claim.
        assert_eq!(d.str("a").err(), Some(Error::MissingClaim));
    }

    #[test]
    fn integers_are_strict() {
        let d = doc();
        assert_eq!(d.int("n"), Ok(42));
        assert_eq!(d.int("neg"), Ok(-7));
        assert_eq!(d.int("max"), Ok(i64::MAX));
        assert_eq!(d.int("min"), Ok(i64::MIN));
        assert_eq!(d.int("neg_zero"), Ok(0));
        assert_eq!(d.int("zero"), Ok(0));
        for name in [
            "over",
            "under",
            "frac",
            "one_point_zero",
            "expo",
            "expo_neg",
        ] {
            assert_eq!(d.int(name), Err(Error::InvalidClaim), "{name}");
        }
        assert_eq!(read::parse_int(""), None);
        assert_eq!(read::parse_int("-"), None);
        assert_eq!(read::parse_int("99999999999999999999999"), None);
        assert_eq!(read::parse_int("-9223372036854775807"), Some(-i64::MAX));
    }

    #[test]
    fn booleans() {
        let d = doc();
        assert_eq!(d.bool("t"), Ok(true));
        assert_eq!(d.bool("f"), Ok(false));
    }

    #[test]
    fn arrays_of_strings() {
        let d = doc();
        let groups = d.strings("groups");
        assert!(groups.is_ok(), "{groups:?}");
        let Ok(groups) = groups else { return };
        assert_eq!(groups.len(), 4);
        assert!(!groups.is_empty());
        let all: Vec<String> = groups.iter().map(decoded).collect();
        assert_eq!(all, ["admins", "caf\u{e9}", "a/b", ""]);
        assert!(groups.contains("café") && groups.contains("a/b") && groups.contains(""));
        assert!(!groups.contains("a\\/b") && !groups.contains("admin"));
        assert_eq!(format!("{groups:?}"), r#"["admins", "café", "a/b", ""]"#);
        assert_eq!(groups.raw(), br#"["admins", "caf\u00e9", "a\/b", ""]"#);
        let mut it = groups.iter();
        assert_eq!(it.len(), 4);
        it.next();
        assert_eq!(it.size_hint(), (3, Some(3)));
        assert_eq!(it.count(), 3);
        assert_eq!((&groups).into_iter().count(), 4);
        assert_eq!(groups, groups);
        let none = d.strings("none");
        assert_eq!(
            none.map(|n| (n.len(), n.is_empty(), n.iter().next())),
            Ok((0, true, None))
        );
        assert_ne!(d.strings("none").ok(), Some(groups));
    }

    #[test]
    fn parse_is_strict() {
        assert_eq!(ClaimsJson::parse(b"[1]").err(), Some(Error::Malformed));
        assert_eq!(
            ClaimsJson::parse(br#"{"a":1,"a":2}"#).err(),
            Some(Error::Malformed)
        );
        assert_eq!(
            ClaimsJson::parse(br#"{"a":"\ud800"}"#).err(),
            Some(Error::Malformed)
        );
        assert_eq!(ClaimsJson::parse(b"").err(), Some(Error::Malformed));
        let d = doc();
        assert_eq!(d.raw("n"), Some(&b"42"[..]));
        assert_eq!(d.raw("nothing"), Some(&b"null"[..]));
        assert!(d.has("nothing"));
        assert_eq!(d.json().first(), Some(&b'{'));
    }

    #[test]
    fn chars_of_invalid_bytes_are_replacement_characters() {
        let bytes = [0xE2u8, 0x82];
        let chars: String = Chars(bytes.into_iter()).collect();
        assert_eq!(chars, "\u{FFFD}");
        let chars: String = Chars("aé€😀".bytes()).collect();
        assert_eq!(chars, "aé€😀");
    }
}
