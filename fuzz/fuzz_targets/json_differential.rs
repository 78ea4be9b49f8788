//! Our strict JSON against serde_json on the same bytes: the same accept/reject decision, and
//! the same decoded document (names, strings, numbers, order) when both accept.
//!
//! Intended differences, detected on serde_json's side with a visitor and mapped to "ours
//! must reject": duplicate member names (decoded), nesting deeper than
//! `limits::MAX_JSON_DEPTH`, more than `limits::MAX_OPEN_MEMBERS` open member names, and a
//! top level that is not an object. serde_json refuses a number beyond f64 (`1e400`) that our
//! grammar accepts: when we accept such a document, each of those numbers is replaced by `0`
//! and the rest of the document is still compared (our reading of the replaced document must
//! be our reading of the original with those numbers as 0). When we reject it, serde_json
//! stopped at the number and the case stays undecided.
#![no_main]

use std::fmt;
use std::ops::Range;

use idgate::__fuzz::{self, Event};
use idgate::limits::{MAX_JSON_DEPTH, MAX_OPEN_MEMBERS};
use libfuzzer_sys::fuzz_target;
use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};

#[derive(Debug, Clone, PartialEq)]
enum J {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

#[derive(Default, Debug)]
struct Stats {
    dup: bool,
    too_deep: bool,
    too_many_open: bool,
}

struct Seed<'s> {
    st: &'s mut Stats,
    /// Level of a container visited here (the top-level object is 1).
    depth: usize,
    /// Member names open in the enclosing objects.
    open: usize,
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = J;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<J, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = J;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<J, E> {
        Ok(J::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<J, E> {
        Ok(J::Bool(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<J, E> {
        Ok(J::Num(v as f64))
    }
    fn visit_i64<E>(self, v: i64) -> Result<J, E> {
        Ok(J::Num(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<J, E> {
        Ok(J::Num(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<J, E> {
        Ok(J::Str(v.to_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<J, A::Error> {
        if self.depth > MAX_JSON_DEPTH {
            self.st.too_deep = true;
        }
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(Seed {
            st: &mut *self.st,
            depth: self.depth + 1,
            open: self.open,
        })? {
            out.push(v);
        }
        Ok(J::Arr(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<J, A::Error> {
        if self.depth > MAX_JSON_DEPTH {
            self.st.too_deep = true;
        }
        let mut out: Vec<(String, J)> = Vec::new();
        while let Some(k) = map.next_key::<String>()? {
            if out.iter().any(|(n, _)| *n == k) {
                self.st.dup = true;
            }
            let open = self.open + out.len() + 1;
            if open > MAX_OPEN_MEMBERS {
                self.st.too_many_open = true;
            }
            let v = map.next_value_seed(Seed {
                st: &mut *self.st,
                depth: self.depth + 1,
                open,
            })?;
            out.push((k, v));
        }
        Ok(J::Obj(out))
    }
}

fn decoded(s: &__fuzz::Str<'_>) -> String {
    let mut buf = vec![0u8; s.decoded_len()];
    s.decode_into(&mut buf).expect("validated string decodes").to_owned()
}

/// Our document, rebuilt from the core's walkers.
fn ours(data: &[u8]) -> Result<J, idgate::Error> {
    enum Frame {
        Arr(Vec<J>),
        Obj(Vec<(String, J)>, Option<String>),
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<J> = None;
    let put = |stack: &mut Vec<Frame>, v: J, root: &mut Option<J>| match stack.last_mut() {
        Some(Frame::Arr(a)) => a.push(v),
        Some(Frame::Obj(o, name)) => o.push((name.take().expect("name before value"), v)),
        None => *root = Some(v),
    };
    __fuzz::walk_json(data, usize::MAX, &mut |_, ev| match ev {
        Event::ObjectStart => stack.push(Frame::Obj(Vec::new(), None)),
        Event::ArrayStart => stack.push(Frame::Arr(Vec::new())),
        Event::ObjectEnd | Event::ArrayEnd => {
            let v = match stack.pop().expect("balanced walk") {
                Frame::Arr(a) => J::Arr(a),
                Frame::Obj(o, _) => J::Obj(o),
            };
            put(&mut stack, v, &mut root);
        }
        Event::Name(n) => match stack.last_mut() {
            Some(Frame::Obj(_, name)) => *name = Some(decoded(&n)),
            _ => panic!("name outside an object"),
        },
        Event::Str(s) => put(&mut stack, J::Str(decoded(&s)), &mut root),
        Event::Number(n) => {
            let v: f64 = n.parse().expect("number text");
            put(&mut stack, J::Num(v), &mut root)
        }
        Event::Bool(b) => put(&mut stack, J::Bool(b), &mut root),
        Event::Null => put(&mut stack, J::Null, &mut root),
    })?;
    Ok(root.expect("a document"))
}

/// serde_json's reading of `data`, through the visitor that notes the intended differences.
fn theirs(data: &[u8]) -> (Result<J, serde_json::Error>, Stats) {
    let mut st = Stats::default();
    let mut de = serde_json::Deserializer::from_slice(data);
    let r = Seed {
        st: &mut st,
        depth: 1,
        open: 0,
    }
    .deserialize(&mut de)
    .and_then(|v| de.end().map(|()| v));
    (r, st)
}

/// Byte ranges of the numbers beyond f64 in a document we accept, in document order.
fn out_of_range(data: &[u8]) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    __fuzz::walk_json(data, usize::MAX, &mut |_, ev| {
        if let Event::Number(n) = ev {
            if n.parse::<f64>().expect("number text").is_infinite() {
                let start = n.as_ptr().addr() - data.as_ptr().addr();
                spans.push(start..start + n.len());
            }
        }
    })
    .expect("a document we accept");
    spans
}

/// `data` with each span replaced by `0`.
fn replaced(data: &[u8], spans: &[Range<usize>]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let mut at = 0;
    for r in spans {
        out.extend_from_slice(&data[at..r.start]);
        out.push(b'0');
        at = r.end;
    }
    out.extend_from_slice(&data[at..]);
    out
}

/// `v` with every infinite number read as 0.
fn zero_infinite(v: &J) -> J {
    match v {
        J::Num(n) if n.is_infinite() => J::Num(0.0),
        J::Arr(a) => J::Arr(a.iter().map(zero_infinite).collect()),
        J::Obj(o) => J::Obj(o.iter().map(|(k, x)| (k.clone(), zero_infinite(x))).collect()),
        other => other.clone(),
    }
}

/// Equal documents, numbers within one unit in the last place: our side reads a number's
/// text with `str::parse::<f64>` (correctly rounded for any length), while serde_json, even
/// with `float_roundtrip`, can round a halfway case written with a thousand digits the other
/// way (`1` and 1,123 zeros `e-1100`, which is exactly 10^23, halfway between two doubles, came
/// back as 1.0000000000000001e23). How a float rounds is not ours to check: idgate reads only
/// NumericDates, by their own integer rules.
fn same(a: &J, b: &J) -> bool {
    match (a, b) {
        (J::Num(x), J::Num(y)) => {
            x == y || (x.is_finite() && y.is_finite() && x.to_bits().abs_diff(y.to_bits()) <= 1)
        }
        (J::Arr(x), J::Arr(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q)),
        (J::Obj(x), J::Obj(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((k, p), (l, q))| k == l && same(p, q))
        }
        _ => a == b,
    }
}

fn is_out_of_range(e: &serde_json::Error) -> bool {
    e.to_string().starts_with("number out of range")
}

/// The same decision and the same document, up to the intended differences.
fn compare(mine: &Result<J, idgate::Error>, theirs: &Result<J, serde_json::Error>, st: &Stats) {
    match (mine, theirs) {
        (Ok(a), Ok(b)) => {
            assert!(matches!(b, J::Obj(_)), "accepted a non-object: {b:?}");
            assert!(
                !st.dup && !st.too_deep && !st.too_many_open,
                "accepted past a limit: {st:?}"
            );
            assert!(same(a, b), "different documents:\n  ours: {a:?}\ntheirs: {b:?}");
        }
        (Ok(a), Err(e)) => panic!("we accept, serde_json rejects ({e}): {a:?}"),
        (Err(_), Err(_)) => {}
        (Err(e), Ok(b)) => {
            let expected = !matches!(b, J::Obj(_)) || st.dup || st.too_deep || st.too_many_open;
            assert!(expected, "we reject ({e:?}), serde_json accepts: {b:?}");
            // Our error names the limit: TooLarge only for depth or member count.
            if *e == idgate::Error::TooLarge {
                assert!(st.too_deep || st.too_many_open, "TooLarge without a limit");
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mine = ours(data);
    let (theirs_r, st) = theirs(data);
    match (&mine, &theirs_r) {
        (Ok(m), Err(e)) if is_out_of_range(e) => {
            let spans = out_of_range(data);
            assert!(!spans.is_empty(), "serde_json: {e}, but every number fits an f64");
            let data2 = replaced(data, &spans);
            let mine2 = ours(&data2);
            assert_eq!(
                mine2.as_ref().ok(),
                Some(&zero_infinite(m)),
                "replacing the out-of-range numbers by 0 changed our reading"
            );
            let (theirs2, st2) = theirs(&data2);
            compare(&mine2, &theirs2, &st2);
        }
        // We reject: serde_json stopped at the number, nothing more to compare.
        (Err(_), Err(e)) if is_out_of_range(e) => {}
        _ => compare(&mine, &theirs_r, &st),
    }
});
