//! Validation of a whole JSON document in one iterative pass: grammar, UTF-8, escapes,
//! nesting depth and duplicate member names.

use super::walk::value_of;
use super::*;

/// An open member name in the table: where its opening quote is (the low [`START_BITS`]
/// bits) and the top bits of the hash of its decoded value (a filter before comparing).
const START_BITS: u32 = 18;
const START_MASK: u32 = (1 << START_BITS) - 1;

/// Names an object may hold before its duplicates are found by sorting when it closes
/// (n log n) instead of by comparing each new name with the earlier ones (bloom filter, then
/// a scan: quadratic in the count). 16 measured best: the sample token's parse costs the same
/// as before the table moved, a 125-claim token 4% more instructions (callgrind).
const SMALL_OBJECT: usize = 16;

/// Longest document the table can address.
const MAX_DOC_LEN: usize = 1 << START_BITS;
const _: () = assert!(crate::limits::MAX_JWKS_LEN <= MAX_DOC_LEN);

pub(super) struct Validator<'a, 'r, 'x, F> {
    doc: &'a [u8],
    text: &'a str,
    /// Receives each top-level member once its value is validated.
    visit: F,
    /// The top-level member whose value is being read: its name, where the value starts,
    /// and (for a string value) whether it has escapes.
    /// (Its name: where its opening quote is, the index after its closing one, whether it
    /// has escapes. The name's `JStr` is cut from the text only for the visitor.)
    top: Option<(usize, usize, bool)>,
    /// The hash of `top`'s name ([`JStr::hash`]).
    top_hash: u32,
    top_start: usize,
    top_escaped: bool,
    /// Bit `d` set: level `d` is an object; clear: an array.
    kinds: u64,
    /// The innermost open container is an object (`kinds`' bit `depth - 1`, kept apart:
    /// read after every value).
    in_object: bool,
    /// Bit `d` set: the object at level `d` outgrew [`SMALL_OBJECT`]; its names are checked
    /// when it closes.
    deferred: u64,
    depth: usize,
    /// Holds, at its back, the member names of all open objects (each object's names start
    /// at `object_start[depth]`); its front is the visitor's.
    arena: &'r mut Arena<'x>,
    object_start: [u32; MAX_JSON_DEPTH],
    /// Per open object, one bit per name hash (mod 64): a name whose bit is clear cannot
    /// duplicate an earlier one, and skips the comparison loop.
    bloom: [u64; MAX_JSON_DEPTH],
    /// The top-level object's name filter (see [`Object`]), over all its names.
    names: Names,
}

impl<'a, 'r, 'x, F: FnMut(Name<'a>, u32, Value<'a>, &mut Arena<'x>)> Validator<'a, 'r, 'x, F> {
    pub(super) fn new(text: &'a str, arena: &'r mut Arena<'x>, visit: F) -> Self {
        Validator {
            doc: text.as_bytes(),
            text,
            visit,
            top: None,
            top_hash: 0,
            top_start: 0,
            top_escaped: false,
            kinds: 0,
            in_object: false,
            deferred: 0,
            depth: 0,
            arena,
            object_start: [0; MAX_JSON_DEPTH],
            bloom: [0; MAX_JSON_DEPTH],
            names: Names::NONE,
        }
    }

    fn byte(&self, i: usize) -> Result<u8, Error> {
        self.doc.get(i).copied().ok_or(Error::Malformed)
    }

    /// The first byte at or after `i` that is not JSON whitespace, and its index: one load
    /// and one bounds check where there is no whitespace (the usual compact token), instead
    /// of a skip followed by a second read of the same byte.
    ///
    /// # Errors
    /// [`Error::Malformed`] at the end of the document.
    #[cfg_attr(target_pointer_width = "64", inline(always))]
    fn peek(&self, i: usize) -> Result<(usize, u8), Error> {
        match self.doc.get(i) {
            // Above the space: not whitespace (nor a control character).
            Some(&b) if b > b' ' => Ok((i, b)),
            _ => self.peek_slow(i),
        }
    }

    /// [`Self::peek`] past whitespace (or at the end of the document, or at a control
    /// character, which the caller refuses).
    #[inline(never)]
    fn peek_slow(&self, i: usize) -> Result<(usize, u8), Error> {
        let i = skip_ws(self.doc, i);
        Ok((i, self.byte(i)?))
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
            *slot = u32::try_from(self.arena.table_len()).map_err(|_| Error::TooLarge)?;
            if let Some(b) = self.bloom.get_mut(self.depth) {
                *b = 0;
            }
            self.deferred &= !bit;
        } else {
            self.kinds &= !bit;
        }
        self.in_object = object;
        self.depth = self.depth.saturating_add(1);
        Ok(())
    }

    /// Closes the innermost container; true if it was an object.
    ///
    /// # Errors
    /// [`Error::Malformed`] if a large object (see [`SMALL_OBJECT`]) has a duplicate name.
    fn pop(&mut self) -> Result<bool, Error> {
        self.depth = self.depth.saturating_sub(1);
        let bit = 1u64 << self.depth;
        let object = self.kinds & bit != 0;
        self.in_object = self.depth > 0 && self.kinds & (1u64 << self.depth.saturating_sub(1)) != 0;
        if object && let Some(&s) = self.object_start.get(self.depth) {
            let first = usize::try_from(s).map_err(|_| Error::TooLarge)?;
            if self.deferred & bit != 0 {
                self.deferred &= !bit;
                self.check_sorted(first)?;
            }
            self.arena.table_truncate(first);
        }
        Ok(object)
    }

    /// Sorts the names of the object whose entries start at `first` (in place, n log n, no
    /// allocation: a heapsort over the table) and refuses equal neighbours.
    #[inline(never)]
    fn check_sorted(&mut self, first: usize) -> Result<(), Error> {
        let (doc, text) = (self.doc, self.text);
        let entries = self.arena.table_from(first);
        heapsort(entries, |a, b| {
            let (a, b) = (u32::from_le_bytes(*a), u32::from_le_bytes(*b));
            cmp_names(doc, text, a, b).is_lt()
        });
        let mut prev: Option<u32> = None;
        for e in entries.iter() {
            let e = u32::from_le_bytes(*e);
            if let Some(p) = prev
                && (p ^ e) & !START_MASK == 0
                && cmp_names(doc, text, p, e).is_eq()
            {
                return Err(Error::Malformed);
            }
            prev = Some(e);
        }
        Ok(())
    }

    /// Runs from the `{` at `start`; returns the index just past the matching `}` and the
    /// top-level object's name filter.
    ///
    /// Indices are advanced past a byte that `peek` found with `wrapping_add(1)`: such an
    /// index is below `doc.len()`, itself at most `isize::MAX`, so the sum cannot wrap.
    pub(super) fn run(mut self, start: usize) -> Result<(usize, Names), Error> {
        let mut i = start;
        // Expecting a value at `i` (after whitespace).
        'value: loop {
            let (at, first) = self.peek(i)?;
            i = at;
            if self.depth == 1 {
                // The value of a top-level member starts here.
                self.top_start = i;
            }
            match first {
                b'{' => {
                    self.push(true)?;
                    let (at, b) = self.peek(i.wrapping_add(1))?;
                    i = at;
                    if b == b'}' {
                        self.pop()?;
                        i = i.wrapping_add(1);
                    } else {
                        i = self.member_name(i, b)?;
                        continue 'value;
                    }
                }
                b'[' => {
                    self.push(false)?;
                    let (at, b) = self.peek(i.wrapping_add(1))?;
                    i = at;
                    if b == b']' {
                        self.pop()?;
                        i = i.wrapping_add(1);
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
                    return Ok((i, self.names));
                }
                if self.depth == 1
                    && let Some((at, end, escaped)) = self.top.take()
                {
                    // A top-level member's value just ended (a scalar, or the closing
                    // bracket of a container that brought the depth back to 1).
                    let name = Name {
                        text: self.text,
                        start: at,
                        end,
                        escaped,
                    };
                    let text = self.text.get(self.top_start..i).ok_or(Error::Malformed)?;
                    (self.visit)(
                        name,
                        self.top_hash,
                        value_of(text, self.top_escaped),
                        self.arena,
                    );
                }
                let (at, b) = self.peek(i)?;
                i = at.wrapping_add(1);
                match (b, self.in_object) {
                    (b',', true) => {
                        let (at, b) = self.peek(i)?;
                        i = self.member_name(at, b)?;
                        continue 'value;
                    }
                    (b',', false) => continue 'value,
                    (b'}', true) | (b']', false) => {
                        self.pop()?;
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

    /// Reads `"name" :` at `i` (after whitespace; `first` is the byte there), records the
    /// name, checks it against the other names of the same object, and returns the index
    /// after the colon.
    ///
    /// Inlined into its two call sites on 64-bit targets (about 5 % fewer instructions per
    /// token: the validator's state stays in registers); outlined on 32-bit ones, where each
    /// copy would cost flash on a microcontroller.
    #[cfg_attr(target_pointer_width = "64", inline(always))]
    fn member_name(&mut self, i: usize, first: u8) -> Result<usize, Error> {
        if first != b'"' {
            return Err(Error::Malformed);
        }
        let (end, escaped) = scan_string(self.doc, i)?;
        let hash = name_hash(self.doc, self.text, i, end, escaped);
        let start = u32::try_from(i)
            .ok()
            .filter(|s| *s <= START_MASK)
            .ok_or(Error::TooLarge)?;
        let entry = (hash & !START_MASK) | start;
        let level = self.depth.saturating_sub(1);
        let first = self.object_start.get(level).map_or(0, |s| *s);
        let first = usize::try_from(first).map_err(|_| Error::TooLarge)?;
        let len = self.arena.table_len();
        if len.saturating_sub(first) < SMALL_OBJECT {
            let bit = 1u64 << (hash & 63);
            let bloom = self.bloom.get_mut(level).ok_or(Error::TooLarge)?;
            let maybe_seen = *bloom & bit != 0;
            *bloom |= bit;
            if maybe_seen {
                let (doc, text) = (self.doc, self.text);
                let name = JStr::new(text.get(i..end).ok_or(Error::Malformed)?, escaped);
                for other in self.arena.table_from(first).iter() {
                    let other = u32::from_le_bytes(*other);
                    if (other ^ entry) & !START_MASK == 0
                        && name_at(doc, text, other)?.decoded_eq(&name)
                    {
                        return Err(Error::Malformed);
                    }
                }
            }
        } else {
            self.deferred |= 1u64 << level;
        }
        self.arena.table_push(entry)?;
        if self.depth == 1 {
            self.top = Some((i, end, escaped));
            self.top_hash = hash;
            self.names.add(hash);
        }
        let (colon, b) = self.peek(end)?;
        if b != b':' {
            return Err(Error::Malformed);
        }
        Ok(colon.wrapping_add(1))
    }
}

/// The member name of table entry `e` in the validated document.
/// Sorts `v` in place by `less`, in `n log n` steps with no allocation. A heapsort rather than
/// `sort_unstable_by`: a few hundred bytes of code where the standard sort brings about 2 KiB,
/// which counts on a 64 KiB microcontroller budget, for a path only objects of more than
/// [`SMALL_OBJECT`] names take.
fn heapsort(v: &mut [[u8; 4]], less: impl Fn(&[u8; 4], &[u8; 4]) -> bool) {
    // Moves the element at `root` down the max-heap `v[..end]` to its place.
    let sift_down = |v: &mut [[u8; 4]], mut root: usize, end: usize| {
        loop {
            let left = root.saturating_mul(2).saturating_add(1);
            if left >= end {
                return;
            }
            let right = left.saturating_add(1);
            let child = match (v.get(left), v.get(right)) {
                (Some(l), Some(r)) if right < end && less(l, r) => right,
                _ => left,
            };
            match (v.get(root), v.get(child)) {
                (Some(parent), Some(c)) if less(parent, c) => {
                    v.swap(root, child);
                    root = child;
                }
                _ => return,
            }
        }
    };
    let n = v.len();
    for start in (0..n / 2).rev() {
        sift_down(v, start, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end);
    }
}

fn name_at<'a>(doc: &[u8], text: &'a str, e: u32) -> Result<JStr<'a>, Error> {
    let start = usize::try_from(e & START_MASK).map_err(|_| Error::Malformed)?;
    let (end, escaped) = scan_string(doc, start)?;
    let quoted = text.get(start..end).ok_or(Error::Malformed)?;
    Ok(JStr::new(quoted, escaped))
}

/// Orders table entries by hash bits, then by decoded name: a total order in which equal
/// names are neighbours. (Entries point at names already validated, which `name_at` reads
/// again without fail; were it to fail, the order would still be total over what it saw.)
fn cmp_names(doc: &[u8], text: &str, a: u32, b: u32) -> core::cmp::Ordering {
    let by_hash = (a & !START_MASK).cmp(&(b & !START_MASK));
    if by_hash.is_ne() {
        return by_hash;
    }
    match (name_at(doc, text, a), name_at(doc, text, b)) {
        (Ok(x), Ok(y)) => match (x.as_plain(), y.as_plain()) {
            (Some(x), Some(y)) => x.as_bytes().cmp(y.as_bytes()),
            _ => x.bytes().cmp(y.bytes()),
        },
        // Unreachable (validated names); by offset keeps the order total.
        _ => a.cmp(&b),
    }
}

/// [`JStr::hash`] of the member name whose opening quote is at `quote` and whose text ends at
/// `end` in `doc` (`text` as `&str`), from the bytes where it has no escapes: plain names of
/// at most eight bytes with one load masked to the name. Only an escaped name is cut out as a
/// [`JStr`] and decoded. Inlined on 64-bit targets, outlined on 32-bit ones (flash).
#[cfg_attr(target_pointer_width = "64", inline(always))]
#[cfg_attr(not(target_pointer_width = "64"), inline(never))]
pub(super) fn name_hash(doc: &[u8], text: &str, quote: usize, end: usize, escaped: bool) -> u32 {
    let at = quote.wrapping_add(1);
    if !escaped {
        // `quote < end - 1`: the name lies between its quotes.
        let len = end.wrapping_sub(at).wrapping_sub(1);
        if (1..=8).contains(&len)
            && let Some((w, _)) = doc.get(at..).and_then(<[u8]>::split_first_chunk::<8>)
        {
            // Keep the first `len` bytes (little-endian: the low ones), as `hash` pads.
            let keep = u64::MAX >> (8usize.wrapping_sub(len).wrapping_mul(8) & 63);
            let w = u64::from_le_bytes(*w) & keep;
            return finish_hash(mix(0, w), len);
        }
        return hash_plain(doc.get(at..at.wrapping_add(len)).unwrap_or(&[]));
    }
    match text.get(quote..end) {
        Some(quoted) => JStr::new(quoted, true).hash(),
        None => 0,
    }
}

/// [`JStr::hash`] of a name without escapes, from its bytes; usable in constants (the
/// readers of headers and claim sets compare the hash the validator hands them with those of
/// the names they know).
/// Outlined: at run time only names past the eight-byte fast path of [`name_hash`] and
/// [`Object::get`]'s lookups come here.
#[must_use]
#[inline(never)]
pub(crate) const fn hash_plain(bytes: &[u8]) -> u32 {
    let mut h = 0u64;
    let mut rest = bytes;
    while !rest.is_empty() {
        // The next (up to) eight bytes as a zero-padded little-endian word.
        let mut w = 0u64;
        let mut k = 0u32;
        while k < 8 {
            if let Some((b, tail)) = rest.split_first() {
                // `as` widens a byte (`u64::from` is not const); the shift is at most 56.
                #[allow(clippy::as_conversions)]
                {
                    w |= (*b as u64) << k.wrapping_mul(8);
                }
                rest = tail;
            }
            k = k.wrapping_add(1);
        }
        h = mix(h, w);
    }
    finish_hash(h, bytes.len())
}

/// One step of [`JStr::hash`]: an eight-byte word into the state.
#[inline(always)]
pub(super) const fn mix(h: u64, w: u64) -> u64 {
    (h ^ w).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29)
}

/// The last step of [`JStr::hash`]: the length, then the top 32 bits.
#[inline(always)]
pub(super) const fn finish_hash(h: u64, len: usize) -> u32 {
    // `usize` is at most 64 bits on every supported target: the conversion is exact.
    #[allow(clippy::as_conversions)]
    let [a, b, c, d, ..] = mix(h, len as u64).to_be_bytes();
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
/// quote and whether the content has escapes. Inlined on 64-bit targets; one outlined copy on
/// 32-bit ones, where each inlined copy would cost flash.
#[cfg_attr(target_pointer_width = "64", inline(always))]
#[cfg_attr(not(target_pointer_width = "64"), inline(never))]
pub(super) fn scan_string(doc: &[u8], i: usize) -> Result<(usize, bool), Error> {
    // Fast path: a plain string, eight bytes at a time to its closing quote (most names and
    // values: URLs, ids, nonces have no escapes). Anything else, or a string that ends within
    // eight bytes of the document's end, takes the slow path from the start.
    let mut j = i.wrapping_add(1);
    while let Some((w, _)) = doc.get(j..).and_then(<[u8]>::split_first_chunk::<8>) {
        let w = u64::from_le_bytes(*w);
        let m = scan::string_stops(w, true);
        if m != 0 {
            // The first stop, read from the word: a quote ends a plain string.
            if (w >> (m.trailing_zeros() & 56)) & 0xFF == u64::from(b'"') {
                return Ok((j.wrapping_add(scan::first(m)).wrapping_add(1), false));
            }
            break;
        }
        // At most `doc.len()`: eight bytes were there.
        j = j.wrapping_add(8);
    }
    // Fewer than eight bytes from `j` to the end (the last value of a document usually ends
    // there): the document's last eight bytes, shifted so that `doc[j]` is the lowest. The
    // zero bytes shifted in at the top are stops (controls) past the end, so a quote found
    // below them is in the document.
    #[cfg(target_pointer_width = "64")]
    if let Some(last) = doc.len().checked_sub(8)
        && j > last
        && j < doc.len()
        && let Some(w) = doc.last_chunk::<8>()
    {
        // `j - last` is 1..=7 here (`last < j < last + 8`): a shift of 8..=56 bits.
        let m = scan::string_stops(
            u64::from_le_bytes(*w) >> (j.wrapping_sub(last).wrapping_mul(8) & 63),
            true,
        );
        let k = j.wrapping_add(scan::first(m));
        if doc.get(k) == Some(&b'"') {
            return Ok((k.wrapping_add(1), false));
        }
    }
    scan_string_slow(doc, i)
}

/// [`scan_string`] for strings with escapes, and near the end of the document.
#[inline(never)]
pub(super) fn scan_string_slow(doc: &[u8], i: usize) -> Result<(usize, bool), Error> {
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
        let n = scan::digit_run(doc, j);
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
