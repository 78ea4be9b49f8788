//! Claims by name, typed, end to end: a signed token with custom claims of every JSON type
//! (`tests/data/fixtures/custom_claims.jwt`, HS256, written by `custom_claims.py`) read
//! through `verify` (`Claims`) and through `verify_signature` (`ClaimsJson`).

#![allow(clippy::unwrap_used)]

use idgate::{
    Alg, AlgSet, ClaimsJson, Error, KeySet, Policy, scratch_len, verify, verify_signature,
};

const TOKEN: &str = include_str!("data/fixtures/custom_claims.jwt");
const SECRET: &[u8] = include_bytes!("data/fixtures/hmac_secret.bin");
const NOW: u64 = 1_767_225_600;

fn keys() -> KeySet {
    let mut keys = KeySet::new();
    keys.add_hmac(SECRET).unwrap();
    keys
}

fn policy() -> Policy<'static> {
    Policy::id_token("https://issuer.example.com", "client-123").with_algs(AlgSet::only(Alg::HS256))
}

#[test]
fn typed_claims_of_a_verified_token() {
    let keys = keys();
    let mut scratch = vec![0u8; scratch_len(TOKEN.trim().len())];
    let v = verify(TOKEN.trim().as_bytes(), &keys, &policy(), NOW, &mut scratch).unwrap();
    let c = v.claims;

    // Strings, with escapes decoded on demand.
    assert_eq!(c.str("pid").unwrap(), "café");
    assert_eq!(c.str("pid").unwrap().as_str(), None);
    assert_eq!(c.str("emoji").unwrap(), "\u{1F600}");
    assert_eq!(c.str("quote").unwrap().to_string(), "a\"b");
    let nul = c.str("nul").unwrap();
    assert_eq!((nul.len(), nul.to_string().as_str()), (3, "x\0y"));
    assert_eq!(c.str("plain").unwrap().as_str(), Some("hello"));
    assert!(c.str("empty").unwrap().is_empty());
    // Standard claims read by name too, from the same JSON.
    assert_eq!(c.str("iss").unwrap(), "https://issuer.example.com");
    assert_eq!(c.int("exp"), Ok(1_767_229_200));
    assert_eq!(c.str("aud").unwrap(), "client-123");

    // Integers: strict.
    assert_eq!(c.int("level"), Ok(42));
    assert_eq!(c.int("max"), Ok(i64::MAX));
    assert_eq!(c.int("min"), Ok(i64::MIN));
    assert_eq!(c.int("neg_zero"), Ok(0));
    for name in ["over", "frac", "expo", "pid", "verified", "nothing"] {
        assert_eq!(c.int(name), Err(Error::InvalidClaim), "{name}");
    }

    // Booleans.
    assert_eq!(c.bool("verified"), Ok(true));
    assert_eq!(c.bool("disabled"), Ok(false));
    assert_eq!(c.bool("nothing"), Err(Error::InvalidClaim));
    assert_eq!(c.bool("level"), Err(Error::InvalidClaim));

    // Arrays of strings.
    let groups = c.strings("groups").unwrap();
    let all: Vec<String> = groups.iter().map(|g| g.to_string()).collect();
    assert_eq!(all, ["admins", "café", "a/b"]);
    assert!(groups.contains("a/b"));
    assert_eq!(c.strings("none").map(|n| n.len()), Ok(0));
    assert_eq!(c.strings("amr").err(), Some(Error::MissingClaim));
    for name in ["mixed", "nested", "obj", "plain", "nothing", "aud"] {
        assert_eq!(c.strings(name).err(), Some(Error::InvalidClaim), "{name}");
    }

    // Absent.
    assert_eq!(c.str("tenant").err(), Some(Error::MissingClaim));
    assert_eq!(c.int("tenant"), Err(Error::MissingClaim));
    assert_eq!(c.bool("tenant"), Err(Error::MissingClaim));

    // The same answers from the claim set's JSON alone.
    let json = ClaimsJson::parse(c.json()).unwrap();
    assert_eq!(json.str("pid").unwrap(), c.str("pid").unwrap());
    assert_eq!(json.int("max"), c.int("max"));
    assert_eq!(json.strings("groups").unwrap(), groups);
}

#[test]
fn typed_claims_of_a_signed_payload() {
    let keys = keys();
    let mut scratch = vec![0u8; scratch_len(TOKEN.trim().len())];
    // Hours after `exp`: verify refuses it, the signature alone still verifies.
    let late = NOW + 86_400;
    assert_eq!(
        verify(
            TOKEN.trim().as_bytes(),
            &keys,
            &policy(),
            late,
            &mut scratch
        )
        .err(),
        Some(Error::Expired)
    );
    let jws = verify_signature(TOKEN.trim().as_bytes(), &keys, &policy(), &mut scratch).unwrap();
    let json = ClaimsJson::parse(jws.payload).unwrap();
    assert_eq!(json.json(), jws.payload);
    assert_eq!(json.str("pid").unwrap(), "café");
    assert_eq!(json.bool("verified"), Ok(true));
    assert_eq!(json.raw("obj"), Some(&br#"{"a":"b"}"#[..]));
}
