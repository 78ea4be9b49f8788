//! Claims that are a string or an array of strings (`aud`, `amr`), decoded into the scratch
//! buffer in a packed form: no heap, one allocation per claim.

use core::fmt;

use crate::codec::json::Value;
use crate::error::Error;
use crate::scratch::Arena;

/// A claim that is a string or an array of strings (`aud`, `amr`), decoded.
///
/// Iterate it (`for aud in claims.aud()`), ask [`StrList::contains`], or count it. Whether the
/// token held one string or an array of one is not distinguished: RFC 7519 §4.1.3 gives both
/// the same meaning.
///
/// ```
/// # fn main() -> Result<(), idgate::Error> {
/// use idgate::StrList;
/// // The packed form: a little-endian u16 length, then that many bytes of UTF-8, per entry.
/// let list = StrList::from_packed(b"\x03\x00api\x03\x00web")?;
/// assert!(list.contains("web"));
/// assert_eq!(list.len(), 2);
/// let all: Vec<&str> = list.into_iter().collect();
/// assert_eq!(all, ["api", "web"]);
/// assert_eq!(format!("{list:?}"), r#"["api", "web"]"#);
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct StrList<'b>(Repr<'b>);

#[derive(Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
enum Repr<'b> {
    #[default]
    Absent,
    One(&'b str),
    /// Records of a little-endian `u16` length and that many bytes of UTF-8.
    Packed(&'b [u8]),
}

impl<'b> StrList<'b> {
    /// The absent claim.
    pub const ABSENT: StrList<'static> = StrList(Repr::Absent);

    /// A list of the one string `s`.
    #[must_use]
    pub const fn one(s: &'b str) -> StrList<'b> {
        StrList(Repr::One(s))
    }

    /// A list from its packed form (see [`StrList::packed`]): records of a little-endian `u16`
    /// length followed by that many bytes of UTF-8. This form is stable; the C API hands it
    /// out as `aud_packed` / `amr_packed`.
    ///
    /// # Errors
    /// [`Error::Malformed`] if a record runs past the end or is not UTF-8.
    pub fn from_packed(packed: &'b [u8]) -> Result<StrList<'b>, Error> {
        let mut rest = packed;
        while let Some((len, tail)) = rest.split_first_chunk::<2>() {
            let (body, tail) = tail
                .split_at_checked(usize::from(u16::from_le_bytes(*len)))
                .ok_or(Error::Malformed)?;
            core::str::from_utf8(body).map_err(|_| Error::Malformed)?;
            rest = tail;
        }
        if !rest.is_empty() {
            return Err(Error::Malformed);
        }
        Ok(StrList(Repr::Packed(packed)))
    }

    /// The packed form of an array claim (see [`StrList::from_packed`]); `None` for an
    /// absent claim or a single string.
    #[must_use]
    pub fn packed(&self) -> Option<&'b [u8]> {
        match self.0 {
            Repr::Packed(p) => Some(p),
            _ => None,
        }
    }

    /// The strings, in order (one for a plain string).
    #[must_use]
    pub fn iter(&self) -> StrListIter<'b> {
        match self.0 {
            Repr::Absent => StrListIter {
                one: None,
                packed: &[],
            },
            Repr::One(s) => StrListIter {
                one: Some(s),
                packed: &[],
            },
            Repr::Packed(p) => StrListIter {
                one: None,
                packed: p,
            },
        }
    }

    /// True if one of the strings equals `s`.
    #[must_use]
    pub fn contains(&self, s: &str) -> bool {
        self.iter().any(|x| crate::codec::scan::str_eq(x, s))
    }

    /// True if the claim is absent.
    #[must_use]
    pub fn is_absent(&self) -> bool {
        matches!(self.0, Repr::Absent)
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

    /// Decodes a claim value that must be a string or an array of strings into `arena`.
    ///
    /// # Errors
    /// [`Error::InvalidClaim`] for any other JSON type or a non-string element;
    /// [`Error::BufferTooSmall`] if the arena runs out; [`Error::TooLarge`] for an element
    /// over 65535 bytes.
    pub(crate) fn read(v: Value<'b>, arena: &mut Arena<'b>) -> Result<StrList<'b>, Error> {
        match v {
            Value::Str(s) => Ok(StrList::one(arena.str(s)?)),
            Value::Array(a) => {
                // One pass, writing the records as it goes: a record (2-byte length, then the
                // decoded string) is never longer than its element's text (quotes included,
                // and decoding only shortens), so the array's text bounds them all. The
                // errors keep their order: a non-string element, then a lack of room for all
                // the records, then an element over 65535 bytes.
                let bound = Value::Array(a).raw().len();
                let mut need = 0usize;
                let mut too_large = false;
                let out = arena.take_with(bound, |buf| {
                    // Plain strings that fit: packed in one pass over the array's bytes.
                    #[cfg(target_pointer_width = "64")]
                    if let Some(n) = a.pack_plain_strings(buf) {
                        return Ok(n);
                    }
                    let room = buf.len();
                    for item in a.iter() {
                        let Value::Str(s) = item else {
                            return Err(Error::InvalidClaim);
                        };
                        let len = s.decoded_len();
                        let at = need;
                        need = need.saturating_add(2).saturating_add(len);
                        let Ok(len16) = u16::try_from(len) else {
                            too_large = true;
                            continue;
                        };
                        if need > room || too_large {
                            continue;
                        }
                        let rec = buf.get_mut(at..need).ok_or(Error::BufferTooSmall)?;
                        let (prefix, body) =
                            rec.split_at_mut_checked(2).ok_or(Error::BufferTooSmall)?;
                        prefix.copy_from_slice(&len16.to_le_bytes());
                        match s.as_plain() {
                            // Text between the quotes of a UTF-8 document, cut at ASCII
                            // quotes: UTF-8 already, copied as is (`body` is its length).
                            Some(plain) => {
                                for (d, b) in body.iter_mut().zip(plain.as_bytes()) {
                                    *d = *b;
                                }
                            }
                            None => {
                                s.decode_into(body)?;
                            }
                        }
                    }
                    if need > room {
                        Err(Error::BufferTooSmall)
                    } else if too_large {
                        Err(Error::TooLarge)
                    } else {
                        Ok(need)
                    }
                })?;
                Ok(StrList(Repr::Packed(out)))
            }
            _ => Err(Error::InvalidClaim),
        }
    }
}

impl fmt::Debug for StrList<'_> {
    /// The strings as a list (`["a", "b"]`), or `Absent`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_absent() {
            return f.write_str("Absent");
        }
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'b> IntoIterator for StrList<'b> {
    type Item = &'b str;
    type IntoIter = StrListIter<'b>;

    fn into_iter(self) -> StrListIter<'b> {
        self.iter()
    }
}

impl<'b> IntoIterator for &StrList<'b> {
    type Item = &'b str;
    type IntoIter = StrListIter<'b>;

    fn into_iter(self) -> StrListIter<'b> {
        self.iter()
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

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
mod tests {
    extern crate std;
    use super::*;
    use std::borrow::ToOwned;
    use std::string::String;
    use std::vec::Vec;
    use std::{format, vec};

    /// The packed records of `items`, as the general path writes them.
    fn records(items: &[String]) -> Vec<u8> {
        let mut out = Vec::new();
        for s in items {
            out.extend_from_slice(&u16::try_from(s.len()).unwrap().to_le_bytes());
            out.extend_from_slice(s.as_bytes());
        }
        out
    }

    #[test]
    fn plain_fast_path_agrees_with_serde_json() {
        // Plain, escaped, mixed, spaced, empty, non-string and nested arrays, each read into
        // arenas of every size from too small to ample: the fast path (plain strings that fit)
        // and the general one must give serde_json's strings, or the same error.
        let long = "x".repeat(70_000);
        let arrays = [
            r#"[]"#.to_owned(),
            r#"[ ]"#.to_owned(),
            r#"["pwd","mfa"]"#.to_owned(),
            r#"[ "a" , "" ,"bc" ]"#.to_owned(),
            r#"["a\"b","c"]"#.to_owned(),
            r#"["c","a\u00e9"]"#.to_owned(),
            r#"["\u00e6\u00f8\u00e5", "plain"]"#.to_owned(),
            "[\"\u{e6}\u{1F600}\",\"x\"]".to_owned(),
            r#"["a",1]"#.to_owned(),
            r#"[1,"a"]"#.to_owned(),
            r#"["a",["b"]]"#.to_owned(),
            r#"["a",null]"#.to_owned(),
            format!(r#"["a","{long}"]"#),
            format!(r#"["{long}",2]"#),
        ];
        for array in &arrays {
            let doc = format!(r#"{{"aud":{array}}}"#);
            let obj = crate::codec::json::parse_object(doc.as_bytes()).unwrap();
            let value = obj.get("aud").unwrap();
            let expected: Result<Vec<String>, Error> =
                match serde_json::from_str::<Vec<serde_json::Value>>(array).unwrap() {
                    items if items.iter().all(|v| v.is_string()) => Ok(items
                        .iter()
                        .map(|v| v.as_str().unwrap().to_owned())
                        .collect()),
                    _ => Err(Error::InvalidClaim),
                };
            for room in (0..array.len().min(40)).chain([array.len(), array.len() + 8]) {
                let mut buf = vec![0u8; room];
                let mut arena = Arena::new(&mut buf);
                let got = StrList::read(value, &mut arena)
                    .map(|l| l.iter().map(str::to_owned).collect::<Vec<_>>());
                // The documented order: a non-string element, then no room for all the
                // records, then an element over 65535 bytes.
                let need = |items: &[String]| items.iter().map(|s| 2 + s.len()).sum::<usize>();
                let want = match &expected {
                    Ok(items) if need(items) > room => Err(Error::BufferTooSmall),
                    Ok(items) if items.iter().any(|s| s.len() > 65_535) => Err(Error::TooLarge),
                    other => other.clone(),
                };
                assert_eq!(got, want, "{array:.60} in {room} bytes");
                if let Ok(items) = &want {
                    let mut buf = vec![0u8; room];
                    let mut arena = Arena::new(&mut buf);
                    let list = StrList::read(value, &mut arena).unwrap();
                    assert_eq!(list.packed(), Some(&records(items)[..]), "{array:.60}");
                }
            }
        }
    }

    #[test]
    fn packed_lists() {
        let mut buf = [0u8; 64];
        let doc = br#"{"aud":["a","b\/c",""],"one":"x","bad":["a",1]}"#;
        let obj = crate::codec::json::parse_object(doc);
        assert!(obj.is_ok());
        let Ok(obj) = obj else { return };
        let mut arena = Arena::new(&mut buf);
        let aud = obj.get("aud").map(|v| StrList::read(v, &mut arena));
        let Some(Ok(aud)) = aud else {
            panic!("{aud:?}")
        };
        let items: heapless::Vec<&str, 4> = aud.iter().collect();
        assert_eq!(items.as_slice(), ["a", "b/c", ""]);
        assert!(aud.contains("b/c"));
        assert!(!aud.contains("b\\/c"));
        assert_eq!(aud.packed(), Some(&b"\x01\x00a\x03\x00b/c\x00\x00"[..]));
        assert_eq!(aud.packed().map(StrList::from_packed), Some(Ok(aud)));
        assert_eq!(
            obj.get("one")
                .map(|v| StrList::read(v, &mut arena).map(|l| l.len())),
            Some(Ok(1))
        );
        assert_eq!(
            obj.get("bad").map(|v| StrList::read(v, &mut arena).err()),
            Some(Some(Error::InvalidClaim))
        );
    }

    #[test]
    fn packed_form_is_checked() {
        assert_eq!(StrList::from_packed(b"").map(|l| l.len()), Ok(0));
        assert_eq!(StrList::from_packed(b"\x02\x00a"), Err(Error::Malformed));
        assert_eq!(StrList::from_packed(b"\x01"), Err(Error::Malformed));
        assert_eq!(StrList::from_packed(b"\x01\x00\xff"), Err(Error::Malformed));
        assert_eq!(StrList::one("x").packed(), None);
        assert!(StrList::ABSENT.is_absent());
    }
}
