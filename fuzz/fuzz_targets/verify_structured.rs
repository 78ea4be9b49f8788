//! Structured tokens: a header and a claim set built from fuzz data (alg, kid, typ, crit, b64,
//! iss/aud/exp/nbf/iat/nonce/azp/... with random JSON types, odd numbers, escapes, duplicate
//! members, whitespace), serialized, base64url'd and SIGNED with the fixtures' HMAC secret
//! (HS256/HS384/HS512) or Ed25519 key, so the claim checks are reached.
//!
//! An independent model of the documented rules predicts the outcome: the token must verify
//! exactly when the model says so, a refused token must fail with the model's first failing
//! check (README "What is checked, in order"), and an accepted token's claims must be the
//! generated values.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use idgate::limits::{MAX_JSON_DEPTH, MAX_OPEN_MEMBERS, MAX_TOKEN_LEN};
use idgate::{Error, scratch_len, verify};
use idgate_fuzz::{
    CLIENT_ID, CRIT_EXT, HMAC_SECRET, ISSUER, NONCE, NOW, VERIFY_ERRORS, b64url, ed25519_sign,
    hmac, key_set, policy, ref_numeric_date,
};
use libfuzzer_sys::fuzz_target;

/// A JSON value as generated: decoded strings, number text.
#[derive(Debug, Clone)]
enum J {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

// ------------------------------------------------------------------------------------------
// Generation.

/// JSON number text from structured parts; always RFC 8259 grammar.
#[derive(Arbitrary, Debug)]
struct Number {
    neg: bool,
    int: u64,
    /// Extra zeros appended to the integer digits (up to ~1200).
    pad: u16,
    frac: Option<(u8, u32)>,
    exp: Option<(bool, i16)>,
}

impl Number {
    fn text(&self) -> String {
        let mut t = String::new();
        if self.neg {
            t.push('-');
        }
        t.push_str(&self.int.to_string());
        if self.int != 0 {
            t.extend(std::iter::repeat_n('0', usize::from(self.pad % 1200)));
        }
        if let Some((zeros, digits)) = self.frac {
            t.push('.');
            t.extend(std::iter::repeat_n('0', usize::from(zeros % 40)));
            t.push_str(&digits.to_string());
        }
        if let Some((upper, e)) = self.exp {
            t.push(if upper { 'E' } else { 'e' });
            if e % 3 == 0 && e >= 0 {
                t.push('+');
            }
            t.push_str(&e.to_string());
        }
        t
    }
}

/// A NumericDate choice: mostly a value that passes (an hour ahead for `exp`, a minute ago
/// for the others), else near the fixtures' clock, else any number; in several spellings.
#[derive(Debug)]
enum Date {
    Good { form: u8 },
    Offset { secs: i32, form: u8 },
    Number(Number),
}

impl<'a> Arbitrary<'a> for Date {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u8::arbitrary(u)? {
            0..=179 => Date::Good { form: u.arbitrary()? },
            180..=219 => Date::Offset { secs: u.arbitrary()?, form: u.arbitrary()? },
            _ => Date::Number(u.arbitrary()?),
        })
    }
}

fn date_text(d: &Date, future: bool) -> String {
    match d {
        Date::Number(n) => n.text(),
        Date::Good { form } => {
            let secs = if future { 3600 } else { -60 };
            date_text(&Date::Offset { secs, form: *form }, future)
        }
        Date::Offset { secs, form } => {
            let v = (NOW as i64 + i64::from(*secs)).max(0) as u64;
            let s = v.to_string();
            // Spellings that append digits need a non-zero value (no leading zeros in JSON).
            let form = if v == 0 { form % 3 } else { *form };
            match form % 8 {
                0 => s,
                1 => format!("{s}.000"),
                2 => format!("{s}.5"),
                3 => {
                    let (a, b) = s.split_at(1);
                    format!("{a}.{b}e{}", s.len() - 1)
                }
                4 => format!("{s}0e-1"),
                5 => format!("{s}{}e-1010", "0".repeat(1010)),
                6 => format!("{s}E+0"),
                _ => format!("0.{s}e{}", s.len()),
            }
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Leaf {
    Null,
    Bool(bool),
    Num(Number),
    Str(String),
}

#[derive(Arbitrary, Debug)]
enum Any {
    Leaf(Leaf),
    Arr(Vec<Leaf>),
    Obj(Vec<(String, Leaf)>),
}

fn leaf(l: &Leaf) -> J {
    match l {
        Leaf::Null => J::Null,
        Leaf::Bool(b) => J::Bool(*b),
        Leaf::Num(n) => J::Num(n.text()),
        Leaf::Str(s) => J::Str(s.clone()),
    }
}

fn any(a: &Any) -> J {
    match a {
        Any::Leaf(l) => leaf(l),
        Any::Arr(v) => J::Arr(v.iter().take(8).map(leaf).collect()),
        Any::Obj(v) => J::Obj(v.iter().take(8).map(|(k, l)| (k.clone(), leaf(l))).collect()),
    }
}

/// Mostly `None`: for members and mutations that make a token invalid.
#[derive(Debug)]
struct Rare<T>(Option<T>);

impl<'a, T: Arbitrary<'a>> Arbitrary<'a> for Rare<T> {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Rare(if u8::arbitrary(u)? >= 224 { Some(u.arbitrary()?) } else { None }))
    }
}

#[derive(Debug)]
enum StrChoice {
    Expected,
    Other(String),
}

impl<'a> Arbitrary<'a> for StrChoice {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u8::arbitrary(u)? {
            0..=219 => StrChoice::Expected,
            _ => StrChoice::Other(u.arbitrary()?),
        })
    }
}

/// A member: absent, a plausible value, or any JSON value.
#[derive(Debug)]
enum Field<T> {
    Absent,
    Val(T),
    Wrong(Any),
}

impl<'a, T: Arbitrary<'a>> Arbitrary<'a> for Field<T> {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u8::arbitrary(u)? {
            0..=209 => Field::Val(u.arbitrary()?),
            210..=239 => Field::Absent,
            _ => Field::Wrong(u.arbitrary()?),
        })
    }
}

#[derive(Debug)]
enum AlgChoice {
    /// The name matching how the token is signed.
    Signed,
    Named(u8),
    Other(String),
}

impl<'a> Arbitrary<'a> for AlgChoice {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u8::arbitrary(u)? {
            0..=219 => AlgChoice::Signed,
            220..=244 => AlgChoice::Named(u.arbitrary()?),
            _ => AlgChoice::Other(u.arbitrary()?),
        })
    }
}

const ALG_NAMES: [&str; 17] = [
    "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
    "ES384", "ES512", "EdDSA", "Ed25519", "none", "hs256", "HS256 ",
];

#[derive(Debug)]
enum KidChoice {
    Ed25519,
    Hmac,
    Rsa2048,
    Other(String),
}

impl<'a> Arbitrary<'a> for KidChoice {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u8::arbitrary(u)? {
            0..=139 => KidChoice::Ed25519,
            140..=179 => KidChoice::Hmac,
            180..=209 => KidChoice::Rsa2048,
            _ => KidChoice::Other(u.arbitrary()?),
        })
    }
}

#[derive(Debug)]
enum TypChoice {
    Jwt,
    AtJwt,
    AppAtJwt,
    Other(String),
}

impl<'a> Arbitrary<'a> for TypChoice {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u8::arbitrary(u)? {
            0..=199 => TypChoice::Jwt,
            200..=219 => TypChoice::AtJwt,
            220..=229 => TypChoice::AppAtJwt,
            _ => TypChoice::Other(u.arbitrary()?),
        })
    }
}

#[derive(Arbitrary, Debug)]
enum CritEntry {
    Ext,
    Registered(u8),
    Other(String),
    Wrong(Leaf),
}

#[derive(Arbitrary, Debug)]
enum Crit {
    List(Vec<CritEntry>),
    Wrong(Leaf),
}

#[derive(Debug)]
enum AudChoice {
    One(StrChoice),
    Many(Vec<StrChoice>),
    ManyWrong(Vec<Leaf>),
}

impl<'a> Arbitrary<'a> for AudChoice {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u8::arbitrary(u)? {
            0..=179 => AudChoice::One(u.arbitrary()?),
            180..=234 => AudChoice::Many(u.arbitrary()?),
            _ => AudChoice::ManyWrong(u.arbitrary()?),
        })
    }
}

#[derive(Debug, Clone, Copy)]
enum Signer {
    Hs256,
    Hs384,
    Hs512,
    EdDsa,
    Garbage,
}

impl<'a> Arbitrary<'a> for Signer {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u8::arbitrary(u)? {
            0..=89 => Signer::EdDsa,
            90..=179 => Signer::Hs256,
            180..=209 => Signer::Hs384,
            210..=229 => Signer::Hs512,
            _ => Signer::Garbage,
        })
    }
}

#[derive(Arbitrary, Debug)]
struct Model {
    signer: Signer,
    alg: Field<AlgChoice>,
    kid: Field<KidChoice>,
    typ: Field<TypChoice>,
    cty: Field<String>,
    crit: Rare<Crit>,
    ext1: Option<Leaf>,
    b64: Rare<Leaf>,
    header_extra: Vec<(String, Any)>,
    iss: Field<StrChoice>,
    sub: Field<String>,
    aud: Field<AudChoice>,
    azp: Field<StrChoice>,
    nonce: Field<StrChoice>,
    acr: Field<String>,
    amr: Field<AudChoice>,
    jti: Field<String>,
    exp: Field<Date>,
    nbf: Field<Date>,
    iat: Field<Date>,
    auth_time: Field<Date>,
    claims_extra: Vec<(String, Any)>,
    /// Duplicate the n-th header / claim member (same name, possibly escaped differently).
    dup_header: Rare<(u8, Leaf)>,
    dup_claim: Rare<(u8, Leaf)>,
    /// Shuffle seed for member order; escape seed and rate; whitespace between tokens.
    order: u64,
    escape_seed: u64,
    escape_rate: u8,
    whitespace: u8,
    /// Flip one bit of the signature.
    flip: Rare<u16>,
}

fn str_choice(c: &StrChoice, expected: &str) -> J {
    match c {
        StrChoice::Expected => J::Str(expected.to_owned()),
        StrChoice::Other(s) => J::Str(s.clone()),
    }
}

fn field<T>(out: &mut Vec<(String, J)>, name: &str, f: &Field<T>, val: impl Fn(&T) -> J) {
    match f {
        Field::Absent => {}
        Field::Val(v) => out.push((name.to_owned(), val(v))),
        Field::Wrong(a) => out.push((name.to_owned(), any(a))),
    }
}

fn aud_choice(a: &AudChoice) -> J {
    match a {
        AudChoice::One(c) => str_choice(c, CLIENT_ID),
        AudChoice::Many(v) => J::Arr(v.iter().take(8).map(|c| str_choice(c, CLIENT_ID)).collect()),
        AudChoice::ManyWrong(v) => J::Arr(v.iter().take(8).map(leaf).collect()),
    }
}

fn signed_alg(s: Signer) -> &'static str {
    match s {
        Signer::Hs256 => "HS256",
        Signer::Hs384 => "HS384",
        Signer::Hs512 => "HS512",
        Signer::EdDsa | Signer::Garbage => "EdDSA",
    }
}

fn header(m: &Model) -> Vec<(String, J)> {
    let mut h = Vec::new();
    field(&mut h, "alg", &m.alg, |a| match a {
        AlgChoice::Signed => J::Str(signed_alg(m.signer).to_owned()),
        AlgChoice::Named(i) => J::Str(ALG_NAMES[usize::from(*i) % ALG_NAMES.len()].to_owned()),
        AlgChoice::Other(s) => J::Str(s.clone()),
    });
    field(&mut h, "kid", &m.kid, |k| {
        J::Str(match k {
            KidChoice::Ed25519 => "ed25519".to_owned(),
            KidChoice::Hmac => "hmac".to_owned(),
            KidChoice::Rsa2048 => "rsa-2048".to_owned(),
            KidChoice::Other(s) => s.clone(),
        })
    });
    field(&mut h, "typ", &m.typ, |t| {
        J::Str(match t {
            TypChoice::Jwt => "JWT".to_owned(),
            TypChoice::AtJwt => "at+jwt".to_owned(),
            TypChoice::AppAtJwt => "application/AT+JWT".to_owned(),
            TypChoice::Other(s) => s.clone(),
        })
    });
    field(&mut h, "cty", &m.cty, |s| J::Str(s.clone()));
    if let Some(c) = &m.crit.0 {
        let v = match c {
            Crit::List(l) => J::Arr(
                l.iter()
                    .take(6)
                    .map(|e| match e {
                        CritEntry::Ext => J::Str(CRIT_EXT.to_owned()),
                        CritEntry::Registered(i) => {
                            J::Str(["alg", "kid", "typ", "crit", "b64", "x5c"][usize::from(*i) % 6].to_owned())
                        }
                        CritEntry::Other(s) => J::Str(s.clone()),
                        CritEntry::Wrong(l) => leaf(l),
                    })
                    .collect(),
            ),
            Crit::Wrong(l) => leaf(l),
        };
        h.push(("crit".to_owned(), v));
    }
    if let Some(l) = &m.ext1 {
        h.push((CRIT_EXT.to_owned(), leaf(l)));
    }
    if let Some(l) = &m.b64.0 {
        h.push(("b64".to_owned(), leaf(l)));
    }
    for (k, a) in m.header_extra.iter().take(6) {
        h.push((k.clone(), any(a)));
    }
    h
}

fn claims(m: &Model) -> Vec<(String, J)> {
    let mut c = Vec::new();
    field(&mut c, "iss", &m.iss, |s| str_choice(s, ISSUER));
    field(&mut c, "sub", &m.sub, |s| J::Str(s.clone()));
    field(&mut c, "aud", &m.aud, aud_choice);
    field(&mut c, "azp", &m.azp, |s| str_choice(s, CLIENT_ID));
    field(&mut c, "nonce", &m.nonce, |s| str_choice(s, NONCE));
    field(&mut c, "acr", &m.acr, |s| J::Str(s.clone()));
    field(&mut c, "amr", &m.amr, aud_choice);
    field(&mut c, "jti", &m.jti, |s| J::Str(s.clone()));
    field(&mut c, "exp", &m.exp, |d| J::Num(date_text(d, true)));
    field(&mut c, "nbf", &m.nbf, |d| J::Num(date_text(d, false)));
    field(&mut c, "iat", &m.iat, |d| J::Num(date_text(d, false)));
    field(&mut c, "auth_time", &m.auth_time, |d| J::Num(date_text(d, false)));
    for (k, a) in m.claims_extra.iter().take(10) {
        c.push((k.clone(), any(a)));
    }
    c
}

/// splitmix64.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

struct Writer {
    rng: Rng,
    rate: u8,
    ws: u8,
    out: String,
}

impl Writer {
    fn space(&mut self) {
        if self.ws != 0 && (self.rng.next() as u8) < self.ws {
            self.out.push([' ', '\n', '\t', '\r'][(self.rng.next() % 4) as usize]);
        }
    }

    fn string(&mut self, s: &str) {
        self.out.push('"');
        for ch in s.chars() {
            let optional = self.rate != 0 && (self.rng.next() as u8) < self.rate;
            match ch {
                '"' => self.out.push_str(if optional { "\\u0022" } else { "\\\"" }),
                '\\' => self.out.push_str(if optional { "\\u005C" } else { "\\\\" }),
                '\n' if !optional => self.out.push_str("\\n"),
                '\t' if !optional => self.out.push_str("\\t"),
                '/' if optional && self.rng.next() % 2 == 0 => self.out.push_str("\\/"),
                c if (c as u32) < 0x20 || optional => {
                    let mut units = [0u16; 2];
                    for u in c.encode_utf16(&mut units) {
                        if self.rng.next() % 2 == 0 {
                            self.out.push_str(&format!("\\u{u:04x}"));
                        } else {
                            self.out.push_str(&format!("\\u{u:04X}"));
                        }
                    }
                }
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }

    fn value(&mut self, v: &J) {
        self.space();
        match v {
            J::Null => self.out.push_str("null"),
            J::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            J::Num(t) => self.out.push_str(t),
            J::Str(s) => self.string(s),
            J::Arr(items) => {
                self.out.push('[');
                for (i, x) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.value(x);
                }
                self.space();
                self.out.push(']');
            }
            J::Obj(members) => self.object(members),
        }
        self.space();
    }

    fn object(&mut self, members: &[(String, J)]) {
        self.out.push('{');
        for (i, (k, x)) in members.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            self.space();
            self.string(k);
            self.space();
            self.out.push(':');
            self.value(x);
        }
        self.space();
        self.out.push('}');
    }
}

fn shuffle(v: &mut [(String, J)], seed: u64) {
    let mut r = Rng(seed);
    for i in (1..v.len()).rev() {
        let j = (r.next() % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
}

// ------------------------------------------------------------------------------------------
// The model of the documented rules.

fn has_dup(v: &J) -> bool {
    match v {
        J::Arr(items) => items.iter().any(has_dup),
        J::Obj(m) => {
            m.iter().enumerate().any(|(i, (k, _))| m[..i].iter().any(|(k2, _)| k2 == k))
                || m.iter().any(|(_, x)| has_dup(x))
        }
        _ => false,
    }
}

/// Depth (top-level object = 1) and the most member names open at once.
fn limits_ok(v: &J, depth: usize, open: usize) -> bool {
    match v {
        J::Arr(items) => depth <= MAX_JSON_DEPTH && items.iter().all(|x| limits_ok(x, depth + 1, open)),
        J::Obj(m) => {
            depth <= MAX_JSON_DEPTH
                && open + m.len() <= MAX_OPEN_MEMBERS
                && m.iter().enumerate().all(|(i, (_, x))| limits_ok(x, depth + 1, open + i + 1))
        }
        _ => true,
    }
}

fn get<'a>(m: &'a [(String, J)], name: &str) -> Option<&'a J> {
    m.iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

fn typ_eq(got: &str, want: &str) -> bool {
    fn strip(s: &str) -> &str {
        match s.get(..12) {
            Some(p) if p.eq_ignore_ascii_case("application/") => &s[12..],
            _ => s,
        }
    }
    strip(got).eq_ignore_ascii_case(strip(want))
}

const REGISTERED: [&str; 11] = [
    "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit",
];

/// The algorithm names `Alg::from_name` knows (every one is built in the fuzz crate).
const ALGS: [&str; 14] = [
    "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
    "ES384", "ES512", "EdDSA", "Ed25519",
];

/// The fixture key set (`key_set()`): `jwks.json`'s keys by kid with the algorithms their JWK
/// `alg` allows, plus the 48-byte HMAC secret, which answers to every kid and fits HS256 and
/// HS384 (RFC 7518 §3.2: a secret shorter than the hash is refused).
const JWKS_KEYS: [(&str, &[&str]); 7] = [
    ("rsa-2048", &["RS256"]),
    ("rsa-3072", &["RS256"]),
    ("rsa-4096", &["RS256"]),
    ("ec-p256", &["ES256"]),
    ("ec-p384", &["ES384"]),
    ("ec-p521", &["ES512"]),
    ("ed25519", &["EdDSA", "Ed25519"]),
];

/// Key choice as documented: with a kid, the keys answering to it that fit the alg (none:
/// `unknown_kid`, or `key_mismatch` if a key has that kid); without, the single fitting key
/// (zero or several: `unknown_kid`). No fitting key for an HS* alg while an HMAC secret is
/// loaded: the secret is too short for it (`weak_key`).
fn model_key_choice(alg: &str, kid: Option<&str>) -> Result<(), Error> {
    let hmac_fits = matches!(alg, "HS256" | "HS384");
    let jwks_fit = JWKS_KEYS
        .iter()
        .filter(|(k, algs)| kid.is_none_or(|x| x == *k) && algs.contains(&alg))
        .count();
    let fitting = jwks_fit + usize::from(hmac_fits);
    if fitting == 0 {
        if alg.starts_with("HS") {
            return Err(Error::WeakKey);
        }
        let known = kid.is_some_and(|x| JWKS_KEYS.iter().any(|(k, _)| *k == x));
        return Err(if known { Error::KeyMismatch } else { Error::UnknownKid });
    }
    if kid.is_none() && fitting > 1 {
        return Err(Error::UnknownKid);
    }
    Ok(())
}

/// The first check the documented rules (README "What is checked, in order") fail for a
/// token with this header and these claims, signed by `signer` over its exact signing input
/// (`intact`: the signature was not altered afterwards); `Ok` if none fails. The token's
/// length is checked by the caller (it comes first of all).
fn model_outcome(h: &[(String, J)], c: &[(String, J)], signer: Signer, intact: bool) -> Result<(), Error> {
    // 3. Header. JSON errors first: past a limit (never generated: depth <= 3, < 128 names),
    // duplicate names (decoded, at any level).
    let hv = J::Obj(h.to_vec());
    if !limits_ok(&hv, 1, 0) {
        return Err(Error::TooLarge);
    }
    if has_dup(&hv) {
        return Err(Error::Malformed);
    }
    // Then the first member error in document order.
    for (name, v) in h {
        let e = match (name.as_str(), v) {
            ("alg", J::Str(a)) if !ALGS.contains(&a.as_str()) => Some(Error::UnsupportedAlg),
            ("alg" | "kid" | "typ" | "cty", v) if !matches!(v, J::Str(_)) => Some(Error::Malformed),
            ("crit", v) if !matches!(v, J::Arr(_)) => Some(Error::Malformed),
            ("b64", _) => Some(Error::CritUnsupported),
            _ => None,
        };
        if let Some(e) = e {
            return Err(e);
        }
    }
    let Some(J::Str(alg)) = get(h, "alg") else { return Err(Error::UnsupportedAlg) };
    if let Some(J::Arr(list)) = get(h, "crit") {
        for e in list {
            let J::Str(e) = e else { return Err(Error::Malformed) };
            if e != CRIT_EXT || REGISTERED.contains(&e.as_str()) || get(h, e).is_none() {
                return Err(Error::CritUnsupported);
            }
        }
        if list.is_empty() {
            return Err(Error::CritUnsupported);
        }
    }
    // 4. Allow-list: the fuzz policy allows every algorithm. 5. Key choice.
    let kid = match get(h, "kid") {
        Some(J::Str(k)) => Some(k.as_str()),
        _ => None,
    };
    model_key_choice(alg, kid)?;
    // 6. Signature: only these verify with the key chosen.
    let signed = match (alg.as_str(), signer) {
        ("HS256", Signer::Hs256) | ("HS384", Signer::Hs384) => true,
        ("EdDSA" | "Ed25519", Signer::EdDsa) => true,
        _ => false,
    };
    if !(signed && intact) {
        return Err(Error::BadSignature);
    }
    // 7. Payload: JSON errors first.
    let cv = J::Obj(c.to_vec());
    if !limits_ok(&cv, 1, 0) {
        return Err(Error::TooLarge);
    }
    if has_dup(&cv) {
        return Err(Error::Malformed);
    }
    // 8. Policy: typ (the ID-token profile refuses at+jwt), claim types, then the claims at
    // NOW with leeway 0.
    if let Some(J::Str(t)) = get(h, "typ") {
        if typ_eq(t, "at+jwt") {
            return Err(Error::TypMismatch);
        }
    }
    let s = |name: &str| -> Result<Option<&str>, Error> {
        match get(c, name) {
            None => Ok(None),
            Some(J::Str(s)) => Ok(Some(s.as_str())),
            Some(_) => Err(Error::InvalidClaim),
        }
    };
    let d = |name: &str| -> Result<Option<(u64, u64)>, Error> {
        match get(c, name) {
            None => Ok(None),
            Some(J::Num(t)) => ref_numeric_date(t).map(Some).ok_or(Error::InvalidClaim),
            Some(_) => Err(Error::InvalidClaim),
        }
    };
    let list = |name: &str| -> Result<Option<Vec<&str>>, Error> {
        match get(c, name) {
            None => Ok(None),
            Some(J::Str(s)) => Ok(Some(vec![s.as_str()])),
            Some(J::Arr(items)) => items
                .iter()
                .map(|x| match x {
                    J::Str(s) => Ok(s.as_str()),
                    _ => Err(Error::InvalidClaim),
                })
                .collect::<Result<Vec<_>, Error>>()
                .map(Some),
            Some(_) => Err(Error::InvalidClaim),
        }
    };
    for n in ["iss", "sub", "azp", "nonce", "acr", "sid", "jti", "scope", "client_id"] {
        s(n)?;
    }
    let (exp, nbf, iat, _auth) = (d("exp")?, d("nbf")?, d("iat")?, d("auth_time")?);
    let aud = list("aud")?;
    list("amr")?;
    match exp {
        None => return Err(Error::MissingClaim),
        Some((floor, _)) if NOW >= floor => return Err(Error::Expired),
        Some(_) => {}
    }
    if [nbf, iat].into_iter().flatten().any(|(_, ceil)| ceil > NOW) {
        return Err(Error::NotYetValid);
    }
    match s("iss")? {
        None => return Err(Error::MissingClaim),
        Some(i) if i != ISSUER => return Err(Error::IssuerMismatch),
        Some(_) => {}
    }
    match aud {
        None => return Err(Error::MissingClaim),
        Some(a) if !a.contains(&CLIENT_ID) => return Err(Error::AudienceMismatch),
        Some(_) => {}
    }
    if s("azp")?.is_some_and(|a| a != CLIENT_ID) {
        return Err(Error::AzpMismatch);
    }
    if s("nonce")? != Some(NONCE) {
        return Err(Error::NonceMismatch);
    }
    // Required by the ID-token profile: iss, sub, aud, exp, iat (the first three and exp
    // are known present here).
    if s("sub")?.is_none() || iat.is_none() {
        return Err(Error::MissingClaim);
    }
    Ok(())
}

fn serialize(members: &[(String, J)], w: &mut Writer) -> String {
    w.out.clear();
    w.space();
    w.object(members);
    w.space();
    std::mem::take(&mut w.out)
}

fn dup(members: &mut Vec<(String, J)>, d: &Option<(u8, Leaf)>) {
    if let Some((i, l)) = d {
        if !members.is_empty() {
            let name = members[usize::from(*i) % members.len()].0.clone();
            members.push((name, leaf(l)));
        }
    }
}

/// `IDGATE_FUZZ_TRACE=1`: print each model decision and result (for corpus statistics).
fn trace() -> bool {
    static T: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *T.get_or_init(|| std::env::var_os("IDGATE_FUZZ_TRACE").is_some())
}

fuzz_target!(|data: &[u8]| {
    let Ok(m) = Model::arbitrary_take_rest(Unstructured::new(data)) else { return };
    let mut h = header(&m);
    let mut c = claims(&m);
    dup(&mut h, &m.dup_header.0);
    dup(&mut c, &m.dup_claim.0);
    shuffle(&mut h, m.order);
    shuffle(&mut c, m.order.rotate_left(17));
    let mut w = Writer {
        rng: Rng(m.escape_seed),
        rate: m.escape_rate,
        ws: m.whitespace,
        out: String::new(),
    };
    let hj = serialize(&h, &mut w);
    let cj = serialize(&c, &mut w);
    let signing_input = format!("{}.{}", b64url(hj.as_bytes()), b64url(cj.as_bytes()));
    let mut sig = match m.signer {
        Signer::Hs256 => hmac(HMAC_SECRET, 32, signing_input.as_bytes()),
        Signer::Hs384 => hmac(HMAC_SECRET, 48, signing_input.as_bytes()),
        Signer::Hs512 => hmac(HMAC_SECRET, 64, signing_input.as_bytes()),
        Signer::EdDsa => ed25519_sign(signing_input.as_bytes()),
        Signer::Garbage => signing_input.as_bytes().iter().take(64).copied().collect(),
    };
    let mut intact = true;
    if let Some(bit) = m.flip.0 {
        let i = usize::from(bit / 8) % sig.len().max(1);
        if let Some(b) = sig.get_mut(i) {
            *b ^= 1 << (bit % 8);
            intact = false;
        }
    }
    let token = format!("{signing_input}.{}", b64url(&sig));
    // 1. Length, before anything else; then the model's first failing check.
    let predicted = if token.len() > MAX_TOKEN_LEN {
        Err(Error::TooLarge)
    } else {
        model_outcome(&h, &c, m.signer, intact)
    };
    let accept = predicted.is_ok();

    let mut scratch = vec![0u8; scratch_len(token.len())];
    let result = verify(token.as_bytes(), key_set(), &policy(), NOW, &mut scratch);
    if trace() {
        eprintln!("model {predicted:?}, verify {:?}", result.as_ref().map(|_| ()));
        eprintln!("  {hj}\n  {cj}");
    }
    match result {
        Err(e) => {
            assert!(
                VERIFY_ERRORS.contains(&e) && e != Error::BufferTooSmall,
                "{e:?} with scratch_len bytes"
            );
            assert!(!accept, "refused ({e:?}) a token the rules accept:\n{hj}\n{cj}");
            // The first failing check, as documented: a change in the order shows here.
            assert_eq!(Err(e), predicted, "not the first failing check:\n{hj}\n{cj}");
        }
        Ok(v) => {
            assert!(accept, "accepted a token the rules refuse:\n{hj}\n{cj}");
            // Ok implies the claims are what was generated.
            let str_of = |name: &str| match get(&c, name) {
                Some(J::Str(s)) => Some(s.as_str()),
                _ => None,
            };
            let cl = &v.claims;
            assert_eq!(cl.iss(), str_of("iss"));
            assert_eq!(cl.sub(), str_of("sub"));
            assert_eq!(cl.azp(), str_of("azp"));
            assert_eq!(cl.nonce(), str_of("nonce"));
            assert_eq!(cl.acr(), str_of("acr"));
            assert_eq!(cl.jti(), str_of("jti"));
            let list_of = |name: &str| -> Vec<String> {
                match get(&c, name) {
                    Some(J::Str(s)) => vec![s.clone()],
                    Some(J::Arr(a)) => a
                        .iter()
                        .map(|x| match x {
                            J::Str(s) => s.clone(),
                            _ => unreachable!(),
                        })
                        .collect(),
                    _ => vec![],
                }
            };
            assert_eq!(cl.aud().iter().collect::<Vec<_>>(), list_of("aud"));
            assert_eq!(cl.amr().iter().collect::<Vec<_>>(), list_of("amr"));
            for (name, got) in [
                ("exp", cl.exp()),
                ("nbf", cl.nbf()),
                ("iat", cl.iat()),
                ("auth_time", cl.auth_time()),
            ] {
                let want = match get(&c, name) {
                    Some(J::Num(t)) => ref_numeric_date(t),
                    _ => None,
                };
                assert_eq!(got.map(|d| (d.floor, d.ceil)), want, "{name}");
            }
            for (name, _) in &c {
                assert!(cl.has(name), "claim {name:?} not found by name");
            }
            assert_eq!(cl.json(), cj.trim_matches([' ', '\n', '\t', '\r']).as_bytes());
            let hstr = |name: &str| match get(&h, name) {
                Some(J::Str(s)) => Some(s.as_str()),
                _ => None,
            };
            assert_eq!(Some(v.header.alg.name()), hstr("alg"));
            assert_eq!(v.header.kid, hstr("kid"));
            assert_eq!(v.header.typ, hstr("typ"));
            assert_eq!(v.header.cty, hstr("cty"));
        }
    }
});
