//! Our RS256/384/512 and PS256/384/512 (`Key::rsa` + `Key::verify`) against the `rsa` 0.9
//! crate, on the fixtures' 2048/3072/4096-bit keys (whose private halves also make VALID
//! signatures over fuzz-chosen messages, so the accept path is exercised), signatures mutated
//! from fuzz data, signatures over deliberately broken encodings (the encoded message is
//! mutated before the private-key operation, so only the padding check can reject), and
//! arbitrary odd moduli. Any disagreement is a crash.
//!
//! One known difference is mapped: RFC 8017 §5.2.2 (RSAVP1) rejects a signature
//! representative `s >= n`; `rsa` 0.9's PSS verification reduces it mod `n` instead, so the
//! oracle rejects `s >= n` itself before asking `rsa`.
#![no_main]

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use idgate::{Alg, Error, Key};
use idgate_fuzz::{ByteRng, Reader, mutate, private_pem};
use libfuzzer_sys::fuzz_target;
use rsa::hazmat::{rsa_decrypt_and_check, rsa_encrypt};
use rsa::pkcs8::DecodePrivateKey as _;
use rsa::sha2::{Digest as _, Sha256, Sha384, Sha512};
use rsa::traits::PublicKeyParts as _;
use rsa::{BigUint, Pkcs1v15Sign, Pss, RsaPrivateKey, RsaPublicKey};

struct Fixture {
    private: RsaPrivateKey,
    public: RsaPublicKey,
    ours: Key,
}

fn fixtures() -> &'static [Fixture] {
    static F: OnceLock<Vec<Fixture>> = OnceLock::new();
    F.get_or_init(|| {
        ["rsa-2048", "rsa-3072", "rsa-4096"]
            .iter()
            .map(|kid| {
                let private = RsaPrivateKey::from_pkcs8_pem(&private_pem(kid)).expect("fixture");
                let public = private.to_public_key();
                let ours = Key::rsa(&public.n().to_bytes_be(), &public.e().to_bytes_be())
                    .expect("fixture key accepted");
                Fixture {
                    private,
                    public,
                    ours,
                }
            })
            .collect()
    })
}

const ALGS: [Alg; 6] = [
    Alg::RS256,
    Alg::RS384,
    Alg::RS512,
    Alg::PS256,
    Alg::PS384,
    Alg::PS512,
];

fn hashed(alg: Alg, msg: &[u8]) -> Vec<u8> {
    match alg {
        Alg::RS256 | Alg::PS256 => Sha256::digest(msg).to_vec(),
        Alg::RS384 | Alg::PS384 => Sha384::digest(msg).to_vec(),
        _ => Sha512::digest(msg).to_vec(),
    }
}

fn scheme_v15(alg: Alg) -> Pkcs1v15Sign {
    match alg {
        Alg::RS256 => Pkcs1v15Sign::new::<Sha256>(),
        Alg::RS384 => Pkcs1v15Sign::new::<Sha384>(),
        _ => Pkcs1v15Sign::new::<Sha512>(),
    }
}

fn scheme_pss(alg: Alg) -> Pss {
    match alg {
        Alg::PS256 => Pss::new_with_salt::<Sha256>(32),
        Alg::PS384 => Pss::new_with_salt::<Sha384>(48),
        _ => Pss::new_with_salt::<Sha512>(64),
    }
}

fn is_pss(alg: Alg) -> bool {
    matches!(alg, Alg::PS256 | Alg::PS384 | Alg::PS512)
}

/// The oracle: `rsa` 0.9, with RSAVP1's range check done here.
fn oracle(pk: &RsaPublicKey, alg: Alg, msg: &[u8], sig: &[u8]) -> bool {
    if sig.len() != pk.size() || BigUint::from_bytes_be(sig) >= *pk.n() {
        return false;
    }
    let h = hashed(alg, msg);
    if is_pss(alg) {
        pk.verify(scheme_pss(alg), &h, sig).is_ok()
    } else {
        pk.verify(scheme_v15(alg), &h, sig).is_ok()
    }
}

fn sign(f: &Fixture, alg: Alg, msg: &[u8], seed: u64) -> Vec<u8> {
    // Private-key operations dominate the cost (milliseconds under ASan); libFuzzer often
    // mutates only the tail of an input, so the same (key, alg, msg, seed) recurs: cache.
    type Cache = HashMap<(usize, u8, u64, Vec<u8>), Vec<u8>>;
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    let key = (
        f.public.size(),
        ALGS.iter().position(|a| *a == alg).unwrap_or(0) as u8,
        if is_pss(alg) { seed } else { 0 },
        msg.to_vec(),
    );
    let cache = CACHE.get_or_init(Default::default);
    if let Some(sig) = cache.lock().unwrap().get(&key) {
        return sig.clone();
    }
    let h = hashed(alg, msg);
    let sig = if is_pss(alg) {
        f.private
            .sign_with_rng(&mut ByteRng { state: seed }, scheme_pss(alg), &h)
    } else {
        f.private.sign(scheme_v15(alg), &h)
    };
    let sig = sig.expect("signing with a fixture key");
    let mut c = cache.lock().unwrap();
    if c.len() >= 4096 {
        c.clear();
    }
    c.insert(key, sig.clone());
    sig
}

fn to_len(x: &BigUint, len: usize) -> Option<Vec<u8>> {
    let b = x.to_bytes_be();
    if b.len() > len {
        return None;
    }
    let mut out = vec![0u8; len - b.len()];
    out.extend_from_slice(&b);
    Some(out)
}

// Input format (see `seed.py`): `mode u8, key u8, alg u8, seed u64, msg (u16 length +
// bytes)`, then per mode: Raw: signature = rest; Valid / BrokenEncoding: rest = mutations
// (u16 position, u8 xor); PlusN: nothing; Resized: `grow u8, by u8`; Edge: `which u8`;
// OtherKey: `e u32, n (u16 length + bytes)`, signature = rest.
fuzz_target!(|data: &[u8]| {
    let mut r = Reader(data);
    let mode = r.u8() % 7;
    let key = r.u8();
    let alg = ALGS[usize::from(r.u8()) % ALGS.len()];
    let seed = r.u64();
    let msg = r.bytes();
    // Keys by weight: 2048 bits most often (cheapest private-key operations).
    let f = &fixtures()[match key % 8 {
        0..=4 => 0,
        5 | 6 => 1,
        _ => 2,
    }];
    let k = f.public.size();
    let sig: Vec<u8> = match mode {
        // Arbitrary signature bytes.
        0 => r.rest().to_vec(),
        // A valid signature, then byte mutations.
        1 => {
            let mut s = sign(f, alg, msg, seed);
            assert!(oracle(&f.public, alg, msg, &s), "oracle refuses its own signature");
            assert_eq!(f.ours.verify(alg, msg, &s), Ok(()), "valid {alg:?} refused");
            mutate(&mut s, &r.mutations(8));
            s
        }
        // A valid signature whose encoded message is mutated before the private-key
        // operation: only the padding check can reject.
        2 => {
            let s = sign(f, alg, msg, seed);
            let em = rsa_encrypt(&f.public, &BigUint::from_bytes_be(&s)).expect("public op");
            let mut em = to_len(&em, k).expect("em fits");
            mutate(&mut em, &r.mutations(8));
            let m = BigUint::from_bytes_be(&em);
            if m >= *f.public.n() {
                return;
            }
            let s = rsa_decrypt_and_check(&f.private, None::<&mut ByteRng>, &m).expect("private op");
            to_len(&s, k).expect("signature fits")
        }
        // A valid signature plus n (same value mod n, out of range) if it still fits.
        3 => {
            let s = sign(f, alg, msg, seed);
            let big = BigUint::from_bytes_be(&s) + f.public.n();
            match to_len(&big, k) {
                Some(s) => s,
                None => return,
            }
        }
        // A valid signature with bytes added or cut at the front.
        4 => {
            let (grow, by) = (r.u8() % 2 == 1, usize::from(r.u8() % 4) + 1);
            let mut s = sign(f, alg, msg, seed);
            if grow {
                let mut v = vec![0u8; by];
                v.extend_from_slice(&s);
                s = v;
            } else {
                s.drain(..by);
            }
            s
        }
        // Edge values: 0, 1, n-1, n, all-ones.
        5 => {
            let n = f.public.n();
            let one = BigUint::from(1u8);
            let v = match r.u8() % 5 {
                0 => BigUint::from(0u8),
                1 => one,
                2 => n - &one,
                3 => n.clone(),
                _ => (BigUint::from(1u8) << (8 * k)) - &one,
            };
            to_len(&v, k).expect("fits k bytes")
        }
        // An arbitrary modulus and exponent (our key checks decide), arbitrary signature:
        // Wycheproof vectors arrive here with their own keys.
        _ => {
            let e = r.u32().to_be_bytes();
            let n = r.bytes();
            let sig = r.rest();
            let ours = match Key::rsa(n, &e) {
                Ok(key) => key,
                Err(err) => {
                    assert!(
                        matches!(err, Error::WeakKey | Error::InvalidKey),
                        "Key::rsa: {err:?}"
                    );
                    return;
                }
            };
            let pk = RsaPublicKey::new_unchecked(BigUint::from_bytes_be(n), BigUint::from_bytes_be(&e));
            let want = oracle(&pk, alg, msg, sig);
            let got = ours.verify(alg, msg, sig);
            if let Err(e) = got {
                assert_eq!(e, Error::BadSignature);
            }
            assert_eq!(got.is_ok(), want, "other key {alg:?}: ours {got:?}, rsa {want}");
            return;
        }
    };
    let want = oracle(&f.public, alg, msg, &sig);
    let got = f.ours.verify(alg, msg, &sig);
    if let Err(e) = got {
        assert_eq!(e, Error::BadSignature);
    }
    assert_eq!(got.is_ok(), want, "{alg:?} k={k}: ours {got:?}, rsa says {want}");
});
