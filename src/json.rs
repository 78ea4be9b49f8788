//! Strict JSON (RFC 8259) for JOSE headers, claim sets and JWKS documents.
//!
//! Two steps. [`parse_object`] validates a whole document once, iteratively (no recursion):
//! grammar, UTF-8, escapes (lone surrogates are errors), nesting depth
//! ([`MAX_JSON_DEPTH`]) and duplicate member names compared by their *decoded* value
//! (`"i\u0073s"` duplicates `"iss"`), in every object at every level. It returns an
//! [`Object`] view. Walking that view afterwards ([`Object::members`], [`Array::iter`]) is
//! zero-copy and cannot fail: it only ever sees validated text, and where it would see
//! anything else it stops rather than panics.
//!
//! The document is checked as UTF-8 once; views are `&str` slices of it cut at ASCII
//! punctuation, so no string is validated twice. String content is skipped eight bytes at a
//! time ([`scan::string_stop`]).
//!
//! Strings stay escaped in place ([`JStr`]); they compare with `&str` by decoded value without
//! copying, and [`JStr::decode_into`] writes the decoded text into a caller buffer.
//!
//! serde-json-core is not used: it cannot decode escapes into borrowed strings, rejects
//! surrogate pairs, has no depth bound and skips unknown scalars loosely. Every one of those is
//! a job this module must do anyway, and a second parse would double the cost.

use crate::error::Error;
use crate::limits::{MAX_JSON_DEPTH, MAX_OPEN_MEMBERS};
use crate::scan;

// The depth stack keeps one bit per level in a `u64`.
const _: () = assert!(MAX_JSON_DEPTH <= 64);

/// A validated JSON object: its text from `{` to the matching `}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Object<'a> {
    raw: &'a str,
}

/// A validated JSON array: its text from `[` to the matching `]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Array<'a> {
    raw: &'a str,
}

/// A validated JSON string, still escaped: its text including the quotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct JStr<'a> {
    quoted: &'a str,
    /// The text between the quotes.
    raw: &'a str,
    escaped: bool,
}

impl<'a> JStr<'a> {
    /// Wraps validated string text, quotes included; `escaped` if it has a backslash.
    fn new(quoted: &'a str, escaped: bool) -> Self {
        let raw = quoted.get(1..quoted.len().saturating_sub(1)).unwrap_or("");
        JStr {
            quoted,
            raw,
            escaped,
        }
    }
}

/// A validated JSON value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Value<'a> {
    Null,
    Bool(bool),
    /// The number's text, which follows the RFC 8259 grammar.
    Number(&'a str),
    Str(JStr<'a>),
    Array(Array<'a>),
    Object(Object<'a>),
}

/// Validates `doc` as one JSON object (optionally surrounded by whitespace).
///
/// # Errors
/// [`Error::Malformed`] for anything that is not strict RFC 8259 JSON with an object at the
/// top, invalid UTF-8, a lone surrogate escape, or a duplicate member name;
/// [`Error::TooLarge`] past [`MAX_JSON_DEPTH`] or [`MAX_OPEN_MEMBERS`].
pub(crate) fn parse_object(doc: &[u8]) -> Result<Object<'_>, Error> {
    parse_object_with(doc, |_, _| {})
}

/// [`parse_object`], handing each member of the top-level object to `visit` as soon as its
/// value is validated: a reader of the top-level members (claims, header) needs no second
/// walk over the text. `visit` may see members of a document that later turns out invalid
/// (this function then fails): it must only record, and report its own errors after this
/// function succeeded.
///
/// # Errors
/// As [`parse_object`].
pub(crate) fn parse_object_with<'a>(
    doc: &'a [u8],
    visit: impl FnMut(JStr<'a>, Value<'a>),
) -> Result<Object<'a>, Error> {
    // UTF-8 once for the whole document: outside strings only ASCII is grammatical anyway.
    let text = core::str::from_utf8(doc).map_err(|_| Error::Malformed)?;
    let start = skip_ws(doc, 0);
    if doc.get(start) != Some(&b'{') {
        return Err(Error::Malformed);
    }
    let end = Validator::new(text, visit).run(start)?;
    if skip_ws(doc, end) != doc.len() {
        return Err(Error::Malformed);
    }
    let raw = text.get(start..end).ok_or(Error::Malformed)?;
    Ok(Object { raw })
}

#[inline]
fn skip_ws(doc: &[u8], mut i: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\n' | b'\r') = doc.get(i) {
        i = i.saturating_add(1);
    }
    i
}

/// One open member name: where its text starts and a hash of its decoded value.
#[derive(Clone, Copy)]
struct Seen {
    start: u32,
    hash: u32,
}

struct Validator<'a, F> {
    doc: &'a [u8],
    text: &'a str,
    /// Receives each top-level member once its value is validated.
    visit: F,
    /// The top-level member whose value is being read: its name, where the value starts,
    /// and (for a string value) whether it has escapes.
    top: Option<JStr<'a>>,
    top_start: usize,
    top_escaped: bool,
    /// Bit `d` set: level `d` is an object; clear: an array.
    kinds: u64,
    depth: usize,
    /// Member names of all open objects; each object's names start at `object_start[depth]`.
    /// A vector, not an array: nothing is written before it is used (no per-document memset).
    seen: heapless::Vec<Seen, MAX_OPEN_MEMBERS>,
    object_start: [u8; MAX_JSON_DEPTH],
    /// Per open object, one bit per name hash (mod 64): a name whose bit is clear cannot
    /// duplicate an earlier one, and skips the comparison loop.
    bloom: [u64; MAX_JSON_DEPTH],
}

// `seen` lengths and `object_start` entries stay below MAX_OPEN_MEMBERS (128): they fit a u8.
const _: () = assert!(MAX_OPEN_MEMBERS <= 256);

impl<'a, F: FnMut(JStr<'a>, Value<'a>)> Validator<'a, F> {
    fn new(text: &'a str, visit: F) -> Self {
        Validator {
            doc: text.as_bytes(),
            text,
            visit,
            top: None,
            top_start: 0,
            top_escaped: false,
            kinds: 0,
            depth: 0,
            seen: heapless::Vec::new(),
            object_start: [0; MAX_JSON_DEPTH],
            bloom: [0; MAX_JSON_DEPTH],
        }
    }

    fn byte(&self, i: usize) -> Result<u8, Error> {
        self.doc.get(i).copied().ok_or(Error::Malformed)
    }

    fn push(&mut self, object: bool) -> Result<(), Error> {
        if self.depth >= MAX_JSON_DEPTH {
            return Err(Error::TooLarge);
        }
        let bit = 1u64 << self.depth;
        if object {
            self.kinds |= bit;
            let slot = self
                .object_start
                .get_mut(self.depth)
                .ok_or(Error::TooLarge)?;
            *slot = u8::try_from(self.seen.len()).map_err(|_| Error::TooLarge)?;
            if let Some(b) = self.bloom.get_mut(self.depth) {
                *b = 0;
            }
        } else {
            self.kinds &= !bit;
        }
        self.depth = self.depth.saturating_add(1);
        Ok(())
    }

    /// Closes the innermost container; true if it was an object.
    fn pop(&mut self) -> bool {
        self.depth = self.depth.saturating_sub(1);
        let object = self.kinds & (1u64 << self.depth) != 0;
        if object && let Some(&s) = self.object_start.get(self.depth) {
            self.seen.truncate(usize::from(s));
        }
        object
    }

    #[inline(always)]
    fn in_object(&self) -> bool {
        self.depth > 0 && self.kinds & (1u64 << self.depth.saturating_sub(1)) != 0
    }

    /// Runs from the `{` at `start`; returns the index just past the matching `}`.
    fn run(mut self, start: usize) -> Result<usize, Error> {
        let mut i = start;
        // Expecting a value at `i` (after whitespace).
        'value: loop {
            i = skip_ws(self.doc, i);
            if self.depth == 1 {
                // The value of a top-level member starts here.
                self.top_start = i;
            }
            match self.byte(i)? {
                b'{' => {
                    self.push(true)?;
                    i = skip_ws(self.doc, i.saturating_add(1));
                    if self.byte(i)? == b'}' {
                        self.pop();
                        i = i.saturating_add(1);
                    } else {
                        i = self.member_name(i)?;
                        continue 'value;
                    }
                }
                b'[' => {
                    self.push(false)?;
                    i = skip_ws(self.doc, i.saturating_add(1));
                    if self.byte(i)? == b']' {
                        self.pop();
                        i = i.saturating_add(1);
                    } else {
                        continue 'value;
                    }
                }
                b'"' => {
                    let (end, escaped) = scan_string(self.doc, i)?;
                    self.top_escaped = escaped;
                    i = end;
                }
                b't' => i = self.literal(i, b"true")?,
                b'f' => i = self.literal(i, b"false")?,
                b'n' => i = self.literal(i, b"null")?,
                b'-' | b'0'..=b'9' => i = scan_number(self.doc, i)?,
                _ => return Err(Error::Malformed),
            }
            // After a value: close containers or move to the next element.
            loop {
                if self.depth == 0 {
                    return Ok(i);
                }
                if self.depth == 1
                    && let Some(name) = self.top.take()
                {
                    // A top-level member's value just ended (a scalar, or the closing
                    // bracket of a container that brought the depth back to 1).
                    let text = self.text.get(self.top_start..i).ok_or(Error::Malformed)?;
                    (self.visit)(name, value_of(text, self.top_escaped));
                }
                i = skip_ws(self.doc, i);
                let b = self.byte(i)?;
                i = i.saturating_add(1);
                match (b, self.in_object()) {
                    (b',', true) => {
                        i = self.member_name(i)?;
                        continue 'value;
                    }
                    (b',', false) => continue 'value,
                    (b'}', true) | (b']', false) => {
                        self.pop();
                    }
                    _ => return Err(Error::Malformed),
                }
            }
        }
    }

    fn literal(&self, i: usize, word: &[u8]) -> Result<usize, Error> {
        let end = i.checked_add(word.len()).ok_or(Error::Malformed)?;
        if self.doc.get(i..end) == Some(word) {
            Ok(end)
        } else {
            Err(Error::Malformed)
        }
    }

    /// The validated string whose opening quote is at `i`; returns it and the index after it.
    #[inline(always)]
    fn string(&self, i: usize) -> Result<(JStr<'a>, usize), Error> {
        let (end, escaped) = scan_string(self.doc, i)?;
        let quoted = self.text.get(i..end).ok_or(Error::Malformed)?;
        Ok((JStr::new(quoted, escaped), end))
    }

    /// Reads `"name" :` at `i` (after whitespace), records the name, checks it against the
    /// other names of the same object, and returns the index after the colon.
    fn member_name(&mut self, i: usize) -> Result<usize, Error> {
        let i = skip_ws(self.doc, i);
        if self.byte(i)? != b'"' {
            return Err(Error::Malformed);
        }
        let (name, end) = self.string(i)?;
        let hash = name_hash(self.doc, i, &name);
        let start = u32::try_from(i).map_err(|_| Error::TooLarge)?;
        let level = self.depth.saturating_sub(1);
        let bit = 1u64 << (hash & 63);
        let bloom = self.bloom.get_mut(level).ok_or(Error::TooLarge)?;
        let maybe_seen = *bloom & bit != 0;
        *bloom |= bit;
        if maybe_seen {
            let first = self.object_start.get(level).map_or(0, |s| usize::from(*s));
            let same_object = self.seen.get(first..).unwrap_or(&[]);
            for other in same_object.iter().filter(|s| s.hash == hash) {
                let other_start = usize::try_from(other.start).map_err(|_| Error::Malformed)?;
                let (other_name, _) = self.string(other_start)?;
                if other_name.decoded_eq(&name) {
                    return Err(Error::Malformed);
                }
            }
        }
        self.seen
            .push(Seen { start, hash })
            .map_err(|_| Error::TooLarge)?;
        if self.depth == 1 {
            self.top = Some(name);
        }
        let colon = skip_ws(self.doc, end);
        if self.byte(colon)? != b':' {
            return Err(Error::Malformed);
        }
        Ok(colon.saturating_add(1))
    }
}

/// [`JStr::hash`] of the member name `name` whose opening quote is at `quote` in `doc`,
/// with a fast path for plain names of at most eight bytes: one load, masked to the name.
#[inline(always)]
fn name_hash(doc: &[u8], quote: usize, name: &JStr<'_>) -> u32 {
    let len = name.raw.len();
    if !name.escaped && (1..=8).contains(&len) {
        let at = quote.wrapping_add(1);
        if let Some((w, _)) = doc.get(at..).and_then(<[u8]>::split_first_chunk::<8>) {
            // Keep the first `len` bytes (little-endian: the low ones), as `hash` pads.
            let keep = u64::MAX >> (8usize.wrapping_sub(len).wrapping_mul(8) & 63);
            let w = u64::from_le_bytes(*w) & keep;
            return finish_hash(mix(0, w), len);
        }
    }
    name.hash()
}

/// One step of [`JStr::hash`]: an eight-byte word into the state.
#[inline(always)]
fn mix(h: u64, w: u64) -> u64 {
    (h ^ w).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29)
}

/// The last step of [`JStr::hash`]: the length, then the top 32 bits.
#[inline(always)]
fn finish_hash(h: u64, len: usize) -> u32 {
    let [a, b, c, d, ..] = mix(h, u64::try_from(len).unwrap_or(u64::MAX)).to_be_bytes();
    u32::from_be_bytes([a, b, c, d])
}

fn hex_val(b: u8) -> Result<u16, Error> {
    match b {
        b'0'..=b'9' => Ok(u16::from(b.wrapping_sub(b'0'))),
        b'a'..=b'f' => Ok(u16::from(b.wrapping_sub(b'a').wrapping_add(10))),
        b'A'..=b'F' => Ok(u16::from(b.wrapping_sub(b'A').wrapping_add(10))),
        _ => Err(Error::Malformed),
    }
}

/// Reads the four hex digits of a `\u` escape starting at `i`.
fn hex4(doc: &[u8], i: usize) -> Result<u16, Error> {
    let end = i.checked_add(4).ok_or(Error::Malformed)?;
    let digits = doc.get(i..end).ok_or(Error::Malformed)?;
    digits
        .iter()
        .try_fold(0u16, |acc, b| Ok((acc << 4) | hex_val(*b)?))
}

/// Validates the string whose opening quote is at `i`. Returns the index after the closing
/// quote and whether the content has escapes.
#[inline(always)]
fn scan_string(doc: &[u8], i: usize) -> Result<(usize, bool), Error> {
    // Fast path: a plain string that ends within the next eight bytes (most member names
    // and many values).
    let j = i.wrapping_add(1);
    if let Some((w, _)) = doc.get(j..).and_then(<[u8]>::split_first_chunk::<8>) {
        let m = scan::string_stops(u64::from_le_bytes(*w), true);
        if m != 0 {
            let k = j.wrapping_add(scan::first(m));
            if doc.get(k) == Some(&b'"') {
                return Ok((k.wrapping_add(1), false));
            }
        }
    }
    scan_string_slow(doc, i)
}

/// [`scan_string`] for strings with escapes or longer than the fast path.
#[inline(never)]
fn scan_string_slow(doc: &[u8], i: usize) -> Result<(usize, bool), Error> {
    let mut j = i.checked_add(1).ok_or(Error::Malformed)?;
    let mut escaped = false;
    loop {
        // Plain content (anything but `"`, `\` and controls; UTF-8 is already checked) in
        // strides of eight bytes.
        j = scan::string_stop(doc, j, true);
        match doc.get(j) {
            Some(b'"') => return Ok((j.saturating_add(1), escaped)),
            Some(b'\\') => {
                escaped = true;
                let e = *doc.get(j.saturating_add(1)).ok_or(Error::Malformed)?;
                j = j.saturating_add(2);
                match e {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => {}
                    b'u' => {
                        let unit = hex4(doc, j)?;
                        j = j.saturating_add(4);
                        match unit {
                            0xD800..=0xDBFF => {
                                // A high surrogate must be followed by `\u` and a low one.
                                if doc.get(j..j.saturating_add(2)) != Some(b"\\u") {
                                    return Err(Error::Malformed);
                                }
                                let low = hex4(doc, j.saturating_add(2))?;
                                if !(0xDC00..=0xDFFF).contains(&low) {
                                    return Err(Error::Malformed);
                                }
                                j = j.saturating_add(6);
                            }
                            0xDC00..=0xDFFF => return Err(Error::Malformed),
                            _ => {}
                        }
                    }
                    _ => return Err(Error::Malformed),
                }
            }
            // A control character, or the end of the document.
            _ => return Err(Error::Malformed),
        }
    }
}

/// Validates the number starting at `i` (RFC 8259 §6); returns the index after it.
fn scan_number(doc: &[u8], i: usize) -> Result<usize, Error> {
    let digits = |j: usize| -> (usize, usize) {
        let n = doc.get(j..).map_or(0, |rest| {
            rest.iter().take_while(|b| b.is_ascii_digit()).count()
        });
        (j.saturating_add(n), n)
    };
    let mut j = i;
    if doc.get(j) == Some(&b'-') {
        j = j.saturating_add(1);
    }
    match doc.get(j) {
        Some(b'0') => j = j.saturating_add(1),
        Some(b'1'..=b'9') => j = digits(j).0,
        _ => return Err(Error::Malformed),
    }
    if doc.get(j) == Some(&b'.') {
        let (k, n) = digits(j.saturating_add(1));
        if n == 0 {
            return Err(Error::Malformed);
        }
        j = k;
    }
    if let Some(b'e' | b'E') = doc.get(j) {
        j = j.saturating_add(1);
        if let Some(b'+' | b'-') = doc.get(j) {
            j = j.saturating_add(1);
        }
        let (k, n) = digits(j);
        if n == 0 {
            return Err(Error::Malformed);
        }
        j = k;
    }
    Ok(j)
}

// ---------------------------------------------------------------------------------------------
// Walking validated text. These never fail on validated input; on anything else they end early.

/// Index just past the closing quote of the string whose opening quote is at `i`, and whether
/// it has escapes; `raw.len()` if the text ends first.
#[inline]
fn skip_string(raw: &[u8], i: usize) -> (usize, bool) {
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
fn value_of(text: &str, escaped: bool) -> Value<'_> {
    match text.as_bytes().first() {
        Some(b'"') => Value::Str(JStr::new(text, escaped)),
        Some(b'{') => Value::Object(Object { raw: text }),
        Some(b'[') => Value::Array(Array { raw: text }),
        Some(b't') => Value::Bool(true),
        Some(b'f') => Value::Bool(false),
        Some(b'n') | None => Value::Null,
        Some(_) => Value::Number(text),
    }
}

/// The value starting at `i` in validated text and the index after it.
fn value_at(text: &str, i: usize) -> Option<(Value<'_>, usize)> {
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
                (Value::Object(Object { raw: t }), end)
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
    pub(crate) const EMPTY: Object<'static> = Object { raw: "{}" };

    /// The members in document order.
    pub(crate) fn members(&self) -> Members<'a> {
        Members {
            raw: self.raw,
            i: 1,
        }
    }

    /// The value of the member named `name` (by decoded value), if present.
    pub(crate) fn get(&self, name: &str) -> Option<Value<'a>> {
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

impl<'a> JStr<'a> {
    /// The content as a `&str` when it has no escapes (the common case), else `None`.
    pub(crate) fn as_plain(&self) -> Option<&'a str> {
        if self.escaped { None } else { Some(self.raw) }
    }

    /// The raw (escaped) content between the quotes.
    #[cfg(feature = "fuzzing")]
    pub(crate) fn raw(&self) -> &'a [u8] {
        self.raw.as_bytes()
    }

    /// The string with its quotes, as it appears in the document.
    pub(crate) fn quoted(&self) -> &'a [u8] {
        self.quoted.as_bytes()
    }

    /// The decoded bytes, one at a time (UTF-8 of each decoded character).
    pub(crate) fn bytes(&self) -> DecodedBytes<'a> {
        DecodedBytes {
            raw: self.raw.as_bytes(),
            i: 0,
            pending: [0; 4],
            pending_len: 0,
            pending_i: 0,
        }
    }

    /// True if the decoded value equals `s`.
    pub(crate) fn eq_str(&self, s: &str) -> bool {
        if self.escaped {
            self.bytes().eq(s.bytes())
        } else {
            scan::str_eq(self.raw, s)
        }
    }

    /// True if the decoded values are equal.
    pub(crate) fn decoded_eq(&self, other: &JStr<'_>) -> bool {
        if !self.escaped && !other.escaped {
            scan::str_eq(self.raw, other.raw)
        } else {
            self.bytes().eq(other.bytes())
        }
    }

    /// Length of the decoded value in bytes.
    pub(crate) fn decoded_len(&self) -> usize {
        if self.escaped {
            self.bytes().count()
        } else {
            self.raw.len()
        }
    }

    /// A hash of the decoded bytes (for duplicate detection), taken eight bytes at a time
    /// (zero-padded little-endian words), then the length: the same for every spelling of the
    /// same decoded name.
    fn hash(&self) -> u32 {
        let mut h = 0u64;
        let mut len = 0usize;
        if self.escaped {
            let mut w = 0u64;
            let mut n = 0u32;
            for b in self.bytes() {
                w |= u64::from(b) << (n.wrapping_mul(8) & 63);
                n = n.wrapping_add(1);
                len = len.saturating_add(1);
                if n == 8 {
                    h = mix(h, w);
                    w = 0;
                    n = 0;
                }
            }
            if n > 0 {
                h = mix(h, w);
            }
        } else {
            for chunk in self.raw.as_bytes().chunks(8) {
                h = mix(
                    h,
                    chunk
                        .iter()
                        .rev()
                        .fold(0u64, |w, b| (w << 8) | u64::from(*b)),
                );
            }
            len = self.raw.len();
        }
        finish_hash(h, len)
    }

    /// Writes the decoded value to the front of `out`.
    ///
    /// # Errors
    /// [`Error::BufferTooSmall`] if `out` is too short.
    pub(crate) fn decode_into<'b>(&self, out: &'b mut [u8]) -> Result<&'b str, Error> {
        if let Some(plain) = self.as_plain() {
            let dst = out.get_mut(..plain.len()).ok_or(Error::BufferTooSmall)?;
            dst.copy_from_slice(plain.as_bytes());
            return core::str::from_utf8(dst).map_err(|_| Error::Malformed);
        }
        let mut n = 0usize;
        for b in self.bytes() {
            *out.get_mut(n).ok_or(Error::BufferTooSmall)? = b;
            n = n.saturating_add(1);
        }
        let text = out.get(..n).ok_or(Error::BufferTooSmall)?;
        core::str::from_utf8(text).map_err(|_| Error::Malformed)
    }
}

/// The decoded bytes of a validated JSON string.
pub(crate) struct DecodedBytes<'a> {
    raw: &'a [u8],
    i: usize,
    pending: [u8; 4],
    pending_len: u8,
    pending_i: u8,
}

impl DecodedBytes<'_> {
    fn unit_at(&self, i: usize) -> u32 {
        hex4(self.raw, i).map_or(0xFFFD, u32::from)
    }
}

impl Iterator for DecodedBytes<'_> {
    type Item = u8;

    fn next(&mut self) -> Option<u8> {
        if self.pending_i < self.pending_len {
            let b = self.pending.get(usize::from(self.pending_i)).copied();
            self.pending_i = self.pending_i.saturating_add(1);
            return b;
        }
        let b = *self.raw.get(self.i)?;
        if b != b'\\' {
            self.i = self.i.saturating_add(1);
            return Some(b);
        }
        let e = *self.raw.get(self.i.saturating_add(1))?;
        self.i = self.i.saturating_add(2);
        let simple = match e {
            b'b' => 0x08,
            b'f' => 0x0C,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'u' => {
                let mut cp = self.unit_at(self.i);
                self.i = self.i.saturating_add(4);
                if (0xD800..=0xDBFF).contains(&cp) {
                    let low = self.unit_at(self.i.saturating_add(2));
                    self.i = self.i.saturating_add(6);
                    cp = 0x10000u32
                        .wrapping_add((cp.wrapping_sub(0xD800)) << 10)
                        .wrapping_add(low.wrapping_sub(0xDC00));
                }
                let c = char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER);
                let len = c.encode_utf8(&mut self.pending).len();
                self.pending_len = u8::try_from(len).unwrap_or(0);
                self.pending_i = 1;
                return self.pending.first().copied();
            }
            other => other, // `"`, `\`, `/`
        };
        Some(simple)
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::string::String;
    use std::vec::Vec;

    fn ok(doc: &str) -> Object<'_> {
        match parse_object(doc.as_bytes()) {
            Ok(o) => o,
            Err(e) => panic!("{doc:?}: {e:?}"),
        }
    }

    fn err(doc: &[u8]) -> Error {
        match parse_object(doc) {
            Ok(_) => panic!("accepted {:?}", String::from_utf8_lossy(doc)),
            Err(e) => e,
        }
    }

    fn decoded(s: JStr<'_>) -> String {
        let mut buf = [0u8; 256];
        String::from(s.decode_into(&mut buf).unwrap_or("<too long>"))
    }

    #[test]
    fn accepts_valid_documents() {
        for doc in [
            "{}",
            " {} ",
            "\r\n\t{ }",
            r#"{"a":1}"#,
            r#"{"a":[1,2,{"b":null}],"c":{"d":[]},"e":true,"f":false,"g":-0.5e+10}"#,
            r#"{"a":"\"\\\/\b\f\n\r\t\u00e6\ud83d\ude00"}"#,
            r#"{"a":0,"b":-0,"c":1E5,"d":1.25,"e":-12e-3}"#,
            "{\"\u{e6}\":\"\u{1F600}\"}",
            r#"{"a":{"a":{"a":1}}}"#,
        ] {
            ok(doc);
        }
    }

    #[test]
    fn rejects_invalid_documents() {
        for doc in [
            &b""[..],
            b"[]",
            b"\"a\"",
            b"1",
            b"{",
            b"}",
            b"{}}",
            b"{} {}",
            b"{\"a\"}",
            b"{\"a\":}",
            b"{\"a\":1,}",
            b"{,\"a\":1}",
            b"{\"a\":[1,]}",
            b"{\"a\":[,1]}",
            b"{\"a\":01}",
            b"{\"a\":1.}",
            b"{\"a\":.5}",
            b"{\"a\":1e}",
            b"{\"a\":+1}",
            b"{\"a\":-}",
            b"{\"a\":NaN}",
            b"{\"a\":tru}",
            b"{\"a\":truex}",
            b"{\"a\":nul}",
            b"{a:1}",
            b"{'a':1}",
            b"{\"a\":\"\x01\"}",
            b"{\"a\":\"\\x\"}",
            b"{\"a\":\"\\u12\"}",
            b"{\"a\":\"\\u12G4\"}",
            b"{\"a\":\"\\ud800\"}",
            b"{\"a\":\"\\ud800x\"}",
            b"{\"a\":\"\\ud800\\u0041\"}",
            b"{\"a\":\"\\udc00\"}",
            b"{\"a\":\"\xff\"}",
            b"{\"a\":\"\xc3\"}",
            b"\xef\xbb\xbf{}",
            b"{\"a\":1}\x00",
            b"{\"a\" 1}",
            b"{\"a\":1 \"b\":2}",
            b"{\"a\":[1 2]}",
            b"{\"a\":\"unterminated}",
        ] {
            assert_eq!(
                err(doc),
                Error::Malformed,
                "{:?}",
                String::from_utf8_lossy(doc)
            );
        }
    }

    #[test]
    fn visitor_sees_what_the_walk_sees() {
        for doc in [
            "{}",
            r#" { "a" : 1 , "b":[1,{"c":2}], "d":{}, "e":[], "f":"x\/y", "g":"p",
                 "h":{"i":{"j":[true,false,null]}}, "k":-1.5e3, "l":true, "m":null } "#,
            r#"{"k":{"k":{"k":1},"j":2},"j":[{"k":1},{"k":2}],"z":"\u00e6"}"#,
        ] {
            let mut seen = Vec::new();
            let o = parse_object_with(doc.as_bytes(), |k, v| seen.push((k, v)));
            let Ok(o) = o else { panic!("{doc}") };
            let walked: Vec<_> = o.members().collect();
            assert_eq!(seen, walked, "{doc}");
        }
        // Members before an error are seen; the error is still returned.
        let mut n = 0;
        assert_eq!(
            parse_object_with(br#"{"a":1,"b":2,"a":3}"#, |_, _| n += 1),
            Err(Error::Malformed)
        );
        assert_eq!(n, 2);
    }

    #[test]
    fn name_hash_fast_path_agrees_with_decoded_hash() {
        let long = "x".repeat(17);
        for name in [
            "",
            "a",
            "ab",
            "iss",
            "nonce",
            "abcdefg",
            "abcdefgh",
            "abcdefghi",
            &long,
        ] {
            for tail in ["", ":1}"] {
                let doc = std::format!("\"{name}\"{tail}");
                let (end, escaped) = scan_string(doc.as_bytes(), 0).unwrap_or((0, true));
                let plain = JStr::new(&doc[..end], escaped);
                let fast = name_hash(doc.as_bytes(), 0, &plain);
                assert_eq!(fast, plain.hash(), "{name:?}");
                let esc: String = name
                    .chars()
                    .map(|c| std::format!("\\u{:04x}", u32::from(c)))
                    .collect();
                let doc = std::format!("\"{esc}\"{tail}");
                let (end, escaped) = scan_string(doc.as_bytes(), 0).unwrap_or((0, false));
                assert!(escaped || name.is_empty());
                let spelled = JStr::new(&doc[..end], escaped);
                assert_eq!(name_hash(doc.as_bytes(), 0, &spelled), fast, "{esc:?}");
            }
        }
    }

    #[test]
    fn duplicate_names_by_decoded_value() {
        assert_eq!(err(br#"{"iss":1,"iss":2}"#), Error::Malformed);
        assert_eq!(err(br#"{"iss":1,"i\u0073s":2}"#), Error::Malformed);
        assert_eq!(err(br#"{"i\u0073s":1,"is\u0073":2}"#), Error::Malformed);
        assert_eq!(err(br#"{"a\/b":1,"a/b":2}"#), Error::Malformed);
        assert_eq!(err(br#"{"x":{"k":1,"k":2}}"#), Error::Malformed);
        assert_eq!(err(br#"{"x":[{"k":1,"k":2}]}"#), Error::Malformed);
        // Same names in different objects are fine, before and after nesting.
        ok(r#"{"k":{"k":{"k":1},"j":2},"j":[{"k":1},{"k":2}]}"#);
        ok(r#"{"a":{"b":1},"b":2}"#);
        ok(r#"{"iss":1,"Iss":2,"is":3,"issx":4}"#);
    }

    #[test]
    fn depth_bound() {
        let deep = |n: usize| {
            let mut s = String::from("{\"a\":");
            s.extend(core::iter::repeat_n('[', n));
            s.extend(core::iter::repeat_n(']', n));
            s.push('}');
            s
        };
        ok(&deep(MAX_JSON_DEPTH - 1));
        assert_eq!(err(deep(MAX_JSON_DEPTH).as_bytes()), Error::TooLarge);
        assert_eq!(err(deep(100_000).as_bytes()), Error::TooLarge);
        // Unbalanced deep input fails the same way, without recursion.
        let open: String = core::iter::repeat_n('[', 100_000).collect();
        assert_eq!(
            err(std::format!("{{\"a\":{open}").as_bytes()),
            Error::TooLarge
        );
    }

    #[test]
    fn member_table_bound() {
        let many = |n: usize| {
            let body: Vec<String> = (0..n).map(|i| std::format!("\"m{i}\":{i}")).collect();
            std::format!("{{{}}}", body.join(","))
        };
        ok(&many(MAX_OPEN_MEMBERS));
        assert_eq!(err(many(MAX_OPEN_MEMBERS + 1).as_bytes()), Error::TooLarge);
        // Closed objects give their slots back.
        let body: Vec<String> = (0..1000)
            .map(|i| std::format!("{{\"a\":{i},\"b\":2}}"))
            .collect();
        ok(&std::format!("{{\"list\":[{}]}}", body.join(",")));
    }

    #[test]
    fn walking_members_and_values() {
        let o = ok(
            r#" { "s" : "x\/y" , "n" : -1.5e3, "t":true,"f":false,"z":null,
                        "a":[1,"two",{"three":3},[4]],"o":{"p":{"q":"r"}} } "#,
        );
        let names: Vec<String> = o.members().map(|(k, _)| decoded(k)).collect();
        assert_eq!(names, ["s", "n", "t", "f", "z", "a", "o"]);
        match o.get("s") {
            Some(Value::Str(s)) => {
                assert!(s.eq_str("x/y"));
                assert!(!s.eq_str("x\\/y"));
                assert_eq!(s.as_plain(), None);
                assert_eq!(s.decoded_len(), 3);
                assert_eq!(decoded(s), "x/y");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(o.get("n"), Some(Value::Number("-1.5e3")));
        assert_eq!(o.get("t"), Some(Value::Bool(true)));
        assert_eq!(o.get("f"), Some(Value::Bool(false)));
        assert_eq!(o.get("z"), Some(Value::Null));
        assert_eq!(o.get("missing"), None);
        match o.get("a") {
            Some(Value::Array(a)) => {
                assert_eq!(Value::Array(a).raw(), br#"[1,"two",{"three":3},[4]]"#);
                let kinds: Vec<&[u8]> = a.iter().map(|v| v.raw()).collect();
                assert_eq!(kinds, [&b"1"[..], b"\"two\"", br#"{"three":3}"#, b"[4]"]);
            }
            other => panic!("{other:?}"),
        }
        match o.get("o") {
            Some(Value::Object(p)) => match p.get("p") {
                Some(Value::Object(q)) => {
                    assert!(matches!(q.get("q"), Some(Value::Str(s)) if s.eq_str("r")))
                }
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        }
        let empty = ok("{ }");
        assert_eq!(empty.members().count(), 0);
        let arr = ok(r#"{"a":[ ]}"#);
        assert!(matches!(arr.get("a"), Some(Value::Array(a)) if a.iter().count() == 0));
    }

    #[test]
    fn decoding_escapes_and_surrogates() {
        let o = ok(
            r#"{"k":"https:\/\/a","e":"\u00e6\ud83d\ude00\u0000\"\\\b\f\n\r\t","i\u0073s":"x"}"#,
        );
        let get = |name: &str| match o.get(name) {
            Some(Value::Str(s)) => s,
            other => panic!("{other:?}"),
        };
        assert!(get("k").eq_str("https://a"));
        assert_eq!(
            decoded(get("e")),
            "\u{e6}\u{1F600}\u{0}\"\\\u{8}\u{c}\n\r\t"
        );
        assert!(get("iss").eq_str("x"));
        let mut small = [0u8; 3];
        assert_eq!(get("e").decode_into(&mut small), Err(Error::BufferTooSmall));
    }
}
