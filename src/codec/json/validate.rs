//! Validation of a whole JSON document in one iterative pass: grammar, UTF-8, escapes,
//! nesting depth and duplicate member names.

use super::walk::value_of;
use super::*;

/// One open member name: where its text starts and a hash of its decoded value.
#[derive(Clone, Copy)]
struct Seen {
    start: u32,
    hash: u32,
}

pub(super) struct Validator<'a, F> {
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
    pub(super) fn new(text: &'a str, visit: F) -> Self {
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
    pub(super) fn run(mut self, start: usize) -> Result<usize, Error> {
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
pub(super) fn name_hash(doc: &[u8], quote: usize, name: &JStr<'_>) -> u32 {
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
pub(super) fn mix(h: u64, w: u64) -> u64 {
    (h ^ w).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29)
}

/// The last step of [`JStr::hash`]: the length, then the top 32 bits.
#[inline(always)]
pub(super) fn finish_hash(h: u64, len: usize) -> u32 {
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
pub(super) fn hex4(doc: &[u8], i: usize) -> Result<u16, Error> {
    let end = i.checked_add(4).ok_or(Error::Malformed)?;
    let digits = doc.get(i..end).ok_or(Error::Malformed)?;
    digits
        .iter()
        .try_fold(0u16, |acc, b| Ok((acc << 4) | hex_val(*b)?))
}

/// Validates the string whose opening quote is at `i`. Returns the index after the closing
/// quote and whether the content has escapes.
#[inline(always)]
pub(super) fn scan_string(doc: &[u8], i: usize) -> Result<(usize, bool), Error> {
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
