//! Walking validated JSON text, zero-copy. These never fail on validated input; on anything
//! else they end early rather than panic.

use super::validate::hash_plain;
use super::*;

/// Index just past the closing quote of the string whose opening quote is at `i`, and whether
/// it has escapes; `raw.len()` if the text ends first.
#[inline]
pub(super) fn skip_string(raw: &[u8], i: usize) -> (usize, bool) {
    let mut j = i.saturating_add(1);
    let mut escaped = false;
    loop {
        j = scan::string_stop(raw, j, false);
        match raw.get(j) {
            Some(b'"') => return (j.saturating_add(1), escaped),
            Some(_) => {
                // A backslash: skip it and the character it escapes.
                escaped = true;
                j = j.saturating_add(2);
            }
            None => return (raw.len(), escaped),
        }
    }
}

/// Index just past the container (object or array) starting at `i` in validated text;
/// `raw.len()` if the text ends first.
fn skip_container(raw: &[u8], i: usize) -> usize {
    let mut depth = 0usize;
    let mut j = i;
    while let Some(&b) = raw.get(j) {
        match b {
            b'"' => {
                j = skip_string(raw, j).0;
                continue;
            }
            b'{' | b'[' => depth = depth.saturating_add(1),
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return j.saturating_add(1);
                }
            }
            _ => {}
        }
        j = j.saturating_add(1);
    }
    raw.len()
}

/// Index just past the number or literal starting at `i` in validated text.
fn skip_scalar(raw: &[u8], i: usize) -> usize {
    let mut j = i;
    while let Some(&b) = raw.get(j) {
        if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
            break;
        }
        j = j.saturating_add(1);
    }
    j
}

/// The value whose validated text is exactly `text` (`escaped`: a string with escapes).
pub(super) fn value_of(text: &str, escaped: bool) -> Value<'_> {
    match text.as_bytes().first() {
        Some(b'"') => Value::Str(JStr::new(text, escaped)),
        Some(b'{') => Value::Object(Object::unfiltered(text)),
        Some(b'[') => Value::Array(Array { raw: text }),
        Some(b't') => Value::Bool(true),
        Some(b'f') => Value::Bool(false),
        Some(b'n') | None => Value::Null,
        Some(_) => Value::Number(text),
    }
}

/// The value starting at `i` in validated text and the index after it.
pub(super) fn value_at(text: &str, i: usize) -> Option<(Value<'_>, usize)> {
    let raw = text.as_bytes();
    let first = *raw.get(i)?;
    let (v, end) = match first {
        b'"' => {
            let (end, escaped) = skip_string(raw, i);
            (Value::Str(JStr::new(text.get(i..end)?, escaped)), end)
        }
        b'{' | b'[' => {
            let end = skip_container(raw, i);
            let t = text.get(i..end)?;
            if first == b'{' {
                (Value::Object(Object::unfiltered(t)), end)
            } else {
                (Value::Array(Array { raw: t }), end)
            }
        }
        b't' => (Value::Bool(true), skip_scalar(raw, i)),
        b'f' => (Value::Bool(false), skip_scalar(raw, i)),
        b'n' => (Value::Null, skip_scalar(raw, i)),
        _ => {
            let end = skip_scalar(raw, i);
            (Value::Number(text.get(i..end)?), end)
        }
    };
    Some((v, end))
}

impl<'a> Object<'a> {
    /// `{}`.
    pub(crate) const EMPTY: Object<'static> = Object {
        raw: "{}",
        names: Names::NONE,
    };

    /// The members in document order.
    pub(crate) fn members(&self) -> Members<'a> {
        Members {
            raw: self.raw,
            i: 1,
        }
    }

    /// The value of the member named `name` (by decoded value), if present. A name the
    /// object's name filter rules out costs a hash, not a walk.
    pub(crate) fn get(&self, name: &str) -> Option<Value<'a>> {
        self.get_hashed(name, hash_plain(name.as_bytes()))
    }

    /// [`Object::get`] for a caller that knows the name's hash ([`hash_plain`] of its bytes,
    /// e.g. computed at compile time for a name the policy looks up in every token).
    pub(crate) fn get_hashed(&self, name: &str, hash: u32) -> Option<Value<'a>> {
        if !self.names.may_have(hash) {
            return None;
        }
        self.members().find(|(k, _)| k.eq_str(name)).map(|(_, v)| v)
    }

    /// The object's JSON text, `{` to `}`.
    pub(crate) fn raw(&self) -> &'a [u8] {
        self.raw.as_bytes()
    }
}

/// Iterator over an object's `(name, value)` pairs.
pub(crate) struct Members<'a> {
    raw: &'a str,
    i: usize,
}

impl<'a> Iterator for Members<'a> {
    type Item = (JStr<'a>, Value<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let text = self.raw;
        let raw = text.as_bytes();
        let mut i = skip_ws(raw, self.i);
        if raw.get(i) == Some(&b',') {
            i = skip_ws(raw, i.saturating_add(1));
        }
        if raw.get(i) != Some(&b'"') {
            self.i = raw.len();
            return None;
        }
        let (name_end, escaped) = skip_string(raw, i);
        let name = JStr::new(text.get(i..name_end)?, escaped);
        let colon = skip_ws(raw, name_end);
        let start = skip_ws(raw, colon.saturating_add(1));
        let (value, end) = value_at(text, start)?;
        self.i = end;
        Some((name, value))
    }
}

impl<'a> Array<'a> {
    /// The elements in order.
    pub(crate) fn iter(&self) -> Elements<'a> {
        Elements {
            raw: self.raw,
            i: 1,
        }
    }

    /// Writes the elements into the front of `out` as the records of a
    /// [`StrList`](crate::StrList) (a little-endian `u16` length, then the string's bytes) and
    /// returns the bytes written, when every element is a string without escapes and all fit;
    /// `None` otherwise (an escape, another type, a string over 65535 bytes, no room), and the
    /// caller's general path decodes, or refuses, element by element. One pass over the
    /// validated text, as bytes: the usual `aud` and `amr` arrays are plain strings. 64-bit
    /// targets only: about 100 fewer instructions per token with an `amr` array (x86-64), for
    /// 184 B of flash a Cortex-M3 would pay without a measurable gain.
    #[cfg(target_pointer_width = "64")]
    pub(crate) fn pack_plain_strings(&self, out: &mut [u8]) -> Option<usize> {
        let raw = self.raw.as_bytes();
        let mut i = skip_ws(raw, 1);
        if raw.get(i) == Some(&b']') {
            return Some(0);
        }
        let mut at = 0usize;
        loop {
            if raw.get(i) != Some(&b'"') {
                return None;
            }
            let start = i.wrapping_add(1);
            // The closing quote, unless a backslash comes first (validated text: a string
            // ends at its first unescaped quote, and no control byte is left to stop at).
            let end = scan::string_stop(raw, start, false);
            if raw.get(end) != Some(&b'"') {
                return None;
            }
            let text = raw.get(start..end)?;
            let len = u16::try_from(text.len()).ok()?;
            let next = at.checked_add(2)?.checked_add(text.len())?;
            let (prefix, body) = out.get_mut(at..next)?.split_at_mut_checked(2)?;
            prefix.copy_from_slice(&len.to_le_bytes());
            for (d, b) in body.iter_mut().zip(text) {
                *d = *b;
            }
            at = next;
            i = skip_ws(raw, end.wrapping_add(1));
            match raw.get(i) {
                Some(b',') => i = skip_ws(raw, i.wrapping_add(1)),
                Some(b']') => return Some(at),
                _ => return None,
            }
        }
    }
}

/// Iterator over an array's elements.
pub(crate) struct Elements<'a> {
    raw: &'a str,
    i: usize,
}

impl<'a> Iterator for Elements<'a> {
    type Item = Value<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        let text = self.raw;
        let raw = text.as_bytes();
        let mut i = skip_ws(raw, self.i);
        if raw.get(i) == Some(&b',') {
            i = skip_ws(raw, i.saturating_add(1));
        }
        match raw.get(i) {
            None | Some(b']') => {
                self.i = raw.len();
                None
            }
            Some(_) => {
                let (v, end) = value_at(text, i)?;
                self.i = end;
                Some(v)
            }
        }
    }
}

impl<'a> Value<'a> {
    /// The value's JSON text, as it appears in the document.
    pub(crate) fn raw(&self) -> &'a [u8] {
        match self {
            Value::Null => b"null",
            Value::Bool(true) => b"true",
            Value::Bool(false) => b"false",
            Value::Number(n) => n.as_bytes(),
            Value::Str(s) => s.quoted(),
            Value::Array(a) => a.raw.as_bytes(),
            Value::Object(o) => o.raw.as_bytes(),
        }
    }
}
