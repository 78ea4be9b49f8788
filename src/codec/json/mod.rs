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

use crate::codec::scan;
use crate::error::Error;
use crate::limits::{MAX_JSON_DEPTH, MAX_OPEN_MEMBERS};
use crate::scratch::Arena;

// The depth stack keeps one bit per level in a `u64`.
const _: () = assert!(MAX_JSON_DEPTH <= 64);

/// A validated JSON object: its text from `{` to the matching `}`.
#[derive(Clone, Copy)]
pub(crate) struct Object<'a> {
    raw: &'a str,
    /// The member names as far as the validator saw them (see [`Names`]).
    names: Names,
}

impl Object<'_> {
    /// An object of validated text whose member names are not known.
    fn unfiltered(raw: &str) -> Object<'_> {
        Object {
            raw,
            names: Names::ALL,
        }
    }
}

/// A filter of an object's member names: two bits per name, picked by its [`JStr::hash`].
/// A name with either bit clear is not a member, so [`Object::get`] answers `None` without
/// walking the text (the policy looks up `cnf`, `at_hash`, `c_hash`... in every claim set,
/// where they are mostly absent). With a dozen names about 3 % of the absent ones pass the
/// filter and are looked up by the walk. All bits are set where the names were not seen
/// (an object met by a walk rather than returned by the validator).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Names([u64; 2]);

impl Names {
    const NONE: Names = Names([0; 2]);
    const ALL: Names = Names([u64::MAX; 2]);

    /// The name's two bits, as (word, mask) pairs.
    #[inline(always)]
    fn bits(hash: u32) -> [(usize, u64); 2] {
        let bit = |b: u32| {
            let word = usize::from(b & 64 != 0);
            (word, 1u64 << (b & 63))
        };
        [bit(hash & 127), bit((hash >> 7) & 127)]
    }

    /// Adds the name of hash `hash`.
    #[inline(always)]
    fn add(&mut self, hash: u32) {
        for (word, mask) in Names::bits(hash) {
            if let Some(w) = self.0.get_mut(word) {
                *w |= mask;
            }
        }
    }

    /// False if no name of hash `hash` was added.
    #[inline(always)]
    fn may_have(&self, hash: u32) -> bool {
        Names::bits(hash)
            .iter()
            .all(|&(word, mask)| self.0.get(word).is_some_and(|w| w & mask != 0))
    }
}

/// Two objects are equal when their text is: the name filter is only a shortcut.
impl PartialEq for Object<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw
    }
}

impl Eq for Object<'_> {}

impl core::fmt::Debug for Object<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Object").field("raw", &self.raw).finish()
    }
}

/// A validated JSON array: its text from `[` to the matching `]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Array<'a> {
    raw: &'a str,
}

/// A validated JSON string, still escaped: its text including the quotes. (The text between
/// the quotes is cut when used: as bytes for comparisons and hashes, which needs no
/// character-boundary check; as `&str` only by [`JStr::as_plain`].)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct JStr<'a> {
    quoted: &'a str,
    escaped: bool,
}

impl<'a> JStr<'a> {
    /// Wraps validated string text, quotes included; `escaped` if it has a backslash.
    fn new(quoted: &'a str, escaped: bool) -> Self {
        JStr { quoted, escaped }
    }

    /// The raw (escaped) content between the quotes, as bytes. One outlined copy on 32-bit
    /// targets (flash: each of the string methods would inline it).
    #[cfg_attr(target_pointer_width = "64", inline(always))]
    #[cfg_attr(not(target_pointer_width = "64"), inline(never))]
    fn raw_bytes(&self) -> &'a [u8] {
        let q = self.quoted.as_bytes();
        q.get(1..q.len().saturating_sub(1)).unwrap_or(&[])
    }
}

/// A member name of a validated document as the validator hands it to a visitor: where it is
/// in the text, not yet cut out as a [`JStr`]. A visitor mostly only compares it with the
/// names it knows, as bytes, which needs no character-boundary checks of a `&str` slice.
#[derive(Clone, Copy)]
pub(crate) struct Name<'a> {
    text: &'a str,
    /// Where the opening quote is.
    start: usize,
    /// Index just past the closing quote.
    end: usize,
    escaped: bool,
}

impl<'a> Name<'a> {
    /// The name as a [`JStr`].
    pub(crate) fn jstr(&self) -> JStr<'a> {
        // Validated: the range is a string of the text (the fallback is unreachable).
        JStr::new(
            self.text.get(self.start..self.end).unwrap_or("\"\""),
            self.escaped,
        )
    }

    /// True if the decoded name equals `s`.
    #[cfg_attr(target_pointer_width = "64", inline(always))]
    pub(crate) fn eq_bytes(&self, s: &[u8]) -> bool {
        if self.escaped {
            return self.jstr().eq_bytes(s);
        }
        // Between the quotes: `start < end - 1`.
        let content = self
            .text
            .as_bytes()
            .get(self.start.wrapping_add(1)..self.end.wrapping_sub(1))
            .unwrap_or(&[]);
        scan::bytes_eq(content, s)
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
/// The open member names are kept in a table on the stack of [`MAX_OPEN_MEMBERS`] entries:
/// JOSE headers and JWKS documents. Claim sets, whose member count only the token length
/// bounds, use [`parse_object_in`].
///
/// # Errors
/// As [`parse_object`].
pub(crate) fn parse_object_with<'a>(
    doc: &'a [u8],
    mut visit: impl FnMut(JStr<'a>, Value<'a>),
) -> Result<Object<'a>, Error> {
    // 4 bytes per entry (see `Arena`); written before read, but zeroed once here.
    let mut table = [0u8; 4 * MAX_OPEN_MEMBERS];
    let mut arena = Arena::new(&mut table);
    parse_object_in(doc, &mut arena, |k, _, v, _| visit(k.jstr(), v))
}

/// [`parse_object_with`], the table of open member names kept at the back of `arena` and
/// `arena` handed to `visit` for what it decodes: any member count fits when the arena holds
/// 4 bytes per member (no member's text is shorter) next to the decoded strings. `visit` also
/// gets the hash of the member's decoded name ([`name_hash`]), which the duplicate check
/// computes anyway: a reader compares it with the hashes of the names it knows before it
/// compares any text.
///
/// Duplicates are found in one pass: a new name is compared with the earlier names of its
/// object that share its hash bits (a 64-bit filter per object skips most); an object that
/// outgrows 16 names is checked instead when it closes, by sorting its names in place
/// (`sort_unstable_by` over the table: n log n, no allocation).
///
/// # Errors
/// As [`parse_object`]; [`Error::TooLarge`] if the table outgrows the arena or the document
/// is longer than 256 KiB.
pub(crate) fn parse_object_in<'a, 'x>(
    doc: &'a [u8],
    arena: &mut Arena<'x>,
    visit: impl FnMut(Name<'a>, u32, Value<'a>, &mut Arena<'x>),
) -> Result<Object<'a>, Error> {
    // UTF-8 once for the whole document: outside strings only ASCII is grammatical anyway.
    let text = core::str::from_utf8(doc).map_err(|_| Error::Malformed)?;
    let start = skip_ws(doc, 0);
    if doc.get(start) != Some(&b'{') {
        return Err(Error::Malformed);
    }
    let base = arena.table_len();
    let run = Validator::new(text, arena, visit).run(start);
    arena.table_truncate(base);
    let (end, names) = run?;
    if skip_ws(doc, end) != doc.len() {
        return Err(Error::Malformed);
    }
    let raw = text.get(start..end).ok_or(Error::Malformed)?;
    Ok(Object { raw, names })
}

#[inline]
fn skip_ws(doc: &[u8], mut i: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\n' | b'\r') = doc.get(i) {
        i = i.saturating_add(1);
    }
    i
}

mod strings;
mod validate;
mod walk;

use validate::Validator;
pub(crate) use validate::hash_plain as name_hash;
pub(crate) use walk::Elements;

#[cfg(test)]
mod tests {
    extern crate std;
    use super::validate::{name_hash, scan_string, scan_string_slow};
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
    fn whitespace_only_between_tokens() {
        // Every place JSON allows whitespace, with each of its four bytes.
        let spaced = " \t{ \n\"a\" \r: \t[ 1 ,\n{ } , [ ] ,\"s\" ] \r,\n\"b\"\t:\ttrue\n}\r ";
        let o = ok(spaced);
        assert_eq!(o.get("b"), Some(Value::Bool(true)));
        // Any other byte below the space, or a non-breaking space, where whitespace may be.
        for filler in [&b"\x0b"[..], b"\x0c", b"\x00", b"\x1f", b"\xc2\xa0"] {
            for at in [1, 4, 5, 6, 7, 8, 9, 10, 11, 14, 15, 16] {
                let mut doc = br#"{"a":[1,2],"b":0}"#.to_vec();
                doc.splice(at..at, filler.iter().copied());
                assert_eq!(
                    err(&doc),
                    Error::Malformed,
                    "{:?}",
                    String::from_utf8_lossy(&doc)
                );
            }
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
                let fast = name_hash(doc.as_bytes(), &doc, 0, end, escaped);
                assert_eq!(fast, plain.hash(), "{name:?}");
                let esc: String = name
                    .chars()
                    .map(|c| std::format!("\\u{:04x}", u32::from(c)))
                    .collect();
                let doc = std::format!("\"{esc}\"{tail}");
                let (end, escaped) = scan_string(doc.as_bytes(), 0).unwrap_or((0, false));
                assert!(escaped || name.is_empty());
                let spelled = JStr::new(&doc[..end], escaped);
                assert_eq!(spelled.hash(), fast, "{esc:?}");
                assert_eq!(
                    name_hash(doc.as_bytes(), &doc, 0, end, escaped),
                    fast,
                    "{esc:?}"
                );
            }
        }
    }

    #[test]
    fn string_scan_near_the_end_agrees_with_the_slow_path() {
        // A string (plain, escaped, unterminated, with a control or a quote inside) at every
        // distance from the end of documents of 1..=24 bytes: the tail read of `scan_string`
        // must answer as the byte-wise `scan_string_slow` does.
        let bodies: [&[u8]; 8] = [
            b"\"abc\"",
            b"\"\"",
            b"\"a\\nb\"",
            b"\"abc",
            b"\"a\x01b\"",
            b"\"ab\"cd\"",
            b"\"\\",
            b"\"\xc3\xa6\"",
        ];
        for body in bodies {
            for pad in 0..16 {
                for after in 0..8 {
                    let mut doc = std::vec![b'x'; pad];
                    doc.extend_from_slice(body);
                    doc.extend(core::iter::repeat_n(b'}', after));
                    assert_eq!(
                        scan_string(&doc, pad),
                        scan_string_slow(&doc, pad),
                        "{:?}",
                        String::from_utf8_lossy(&doc)
                    );
                }
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

    /// Objects past the small-object scan are sorted when they close (a heapsort over the
    /// member table): duplicates anywhere in them are still found, distinct names pass.
    #[test]
    fn duplicates_in_large_objects() {
        let object = |names: &[String]| {
            let members: Vec<String> = names.iter().map(|n| std::format!("\"{n}\":1")).collect();
            std::format!("{{{}}}", members.join(","))
        };
        for n in [17usize, 18, 40, 101, 127] {
            let names: Vec<String> = (0..n).map(|i| std::format!("k{}", (i * 37) % n)).collect();
            ok(&object(&names));
            for (a, b) in [(0, n - 1), (n / 2, n / 2 + 1), (n - 2, n - 1), (0, 1)] {
                let mut dup = names.clone();
                dup[b] = dup[a].clone();
                assert_eq!(
                    err(object(&dup).as_bytes()),
                    Error::Malformed,
                    "{n}: {a}={b}"
                );
            }
            // The same name spelled with an escape.
            let mut esc = names.clone();
            esc[n - 1] = esc[0].replacen('k', "\\u006b", 1);
            assert_eq!(
                err(object(&esc).as_bytes()),
                Error::Malformed,
                "{n}: escaped"
            );
        }
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

    /// The name filter never hides a member, however spelled, and rules out most absent
    /// names; objects met by a walk have no filter.
    #[test]
    fn name_filter_never_hides_a_member() {
        let names: Vec<String> = (0..40).map(|i| std::format!("claim_{i}")).collect();
        let members: Vec<String> = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                // Every third name spelled with an escape.
                let n = if i % 3 == 0 {
                    n.replacen('c', "\\u0063", 1)
                } else {
                    n.clone()
                };
                std::format!("\"{n}\":{i}")
            })
            .collect();
        let doc = std::format!("{{{},\"o\":{{\"x\":1}}}}", members.join(","));
        let o = ok(&doc);
        for (i, n) in names.iter().enumerate() {
            assert_eq!(o.get(n), Some(Value::Number(&std::format!("{i}"))), "{n}");
        }
        let mut ruled_out = 0;
        for i in 40..1040 {
            let absent = std::format!("claim_{i}");
            assert_eq!(o.get(&absent), None);
            assert_eq!(o.members().find(|(k, _)| k.eq_str(&absent)), None);
            if !o.names.may_have(validate::hash_plain(absent.as_bytes())) {
                ruled_out += 1;
            }
        }
        // 41 names in 128 bits, two bits each: about half of the absent names pass.
        assert!(ruled_out > 300, "{ruled_out}");
        let small = ok(r#"{"iss":"a","sub":"b","aud":"c","exp":1,"sid":"s"}"#);
        for absent in ["cnf", "at_hash", "c_hash", "tid", "events"] {
            assert!(
                !small
                    .names
                    .may_have(validate::hash_plain(absent.as_bytes())),
                "{absent}"
            );
        }
        match o.get("o") {
            Some(Value::Object(inner)) => {
                assert_eq!(inner.names, Names::ALL);
                assert_eq!(inner.get("x"), Some(Value::Number("1")));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(Object::EMPTY.get("x"), None);
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
