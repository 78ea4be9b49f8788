//! Our ES256 (`Key::ec` + `Key::verify`, built on p256 0.14) against p256 0.13 (the previous
//! generation of the same RustCrypto code, as a separate fuzz-only dependency: a second
//! version rather than an independent implementation, but its field, scalar and signature
//! decoding were rewritten between the two). Points from the fixture key, from fuzz-chosen
//! scalars (whose private halves sign fuzz messages, so the accept path is exercised) and
//! arbitrary coordinates; signatures valid, mutated, high-s, out of range or arbitrary.
#![no_main]

use idgate::{Alg, Curve, Error, Key};
use idgate_fuzz::{Reader, mutate, private_pem};
use libfuzzer_sys::fuzz_target;
use p256_013::ecdsa::signature::{Signer as _, Verifier as _};
use p256_013::ecdsa::{Signature, SigningKey, VerifyingKey};
use p256_013::pkcs8::DecodePrivateKey as _;
use std::sync::OnceLock;

/// The P-256 group order n, big-endian.
const N: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63,
    0x25, 0x51,
];

fn fixture() -> &'static SigningKey {
    static K: OnceLock<SigningKey> = OnceLock::new();
    K.get_or_init(|| SigningKey::from_pkcs8_pem(&private_pem("ec-p256")).expect("fixture"))
}

/// a - b mod 2^256 (big-endian), and a + b mod 2^256.
fn sub(a: &[u8], b: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let mut d = i16::from(a[i]) - i16::from(b[i]) - borrow;
        borrow = i16::from(d < 0);
        if d < 0 {
            d += 256;
        }
        out[i] = d as u8;
    }
    out
}

fn add(a: &[u8], b: &[u8]) -> Option<[u8; 32]> {
    let mut out = [0u8; 32];
    let mut carry = 0u16;
    for i in (0..32).rev() {
        let s = u16::from(a[i]) + u16::from(b[i]) + carry;
        out[i] = s as u8;
        carry = s >> 8;
    }
    (carry == 0).then_some(out)
}

// Input format (see `seed.py`): `key u8` (0: fixture, 1: scalar, 2: point), then a 32-byte
// scalar or `x, y` (each u16 length + bytes); `sig mode u8`, `msg` (u16 length + bytes),
// then Raw: signature = rest; other modes: rest = mutations (u16 position, u8 xor).
fuzz_target!(|data: &[u8]| {
    let mut rd = Reader(data);
    let (signer, x, y): (Option<SigningKey>, Vec<u8>, Vec<u8>) = match rd.u8() % 3 {
        0 => {
            let sk = fixture().clone();
            let p = sk.verifying_key().to_encoded_point(false);
            (Some(sk), p.x().unwrap().to_vec(), p.y().unwrap().to_vec())
        }
        1 => {
            let d: Vec<u8> = (0..32).map(|_| rd.u8()).collect();
            match SigningKey::from_slice(&d) {
                Ok(sk) => {
                    let p = sk.verifying_key().to_encoded_point(false);
                    (Some(sk), p.x().unwrap().to_vec(), p.y().unwrap().to_vec())
                }
                Err(_) => return,
            }
        }
        _ => (None, rd.bytes().to_vec(), rd.bytes().to_vec()),
    };
    let sig_mode = rd.u8() % 7;
    let msg = rd.bytes();
    // Key decoding: same accept/reject.
    let ours = Key::ec(Curve::P256, &x, &y);
    let theirs = if x.len() == 32 && y.len() == 32 {
        let mut sec1 = vec![4u8];
        sec1.extend_from_slice(&x);
        sec1.extend_from_slice(&y);
        VerifyingKey::from_sec1_bytes(&sec1).ok()
    } else {
        None
    };
    match (&ours, &theirs) {
        (Ok(_), Some(_)) => {}
        (Err(e), None) => assert_eq!(*e, Error::InvalidKey),
        _ => panic!(
            "key decoding differs: ours {:?}, p256 0.13 {}",
            ours.as_ref().err(),
            theirs.is_some()
        ),
    }
    let (Ok(ours), Some(vk)) = (ours, theirs) else {
        return;
    };
    let valid = || -> Option<[u8; 64]> {
        let s: Signature = signer.as_ref()?.sign(msg);
        Some(s.to_bytes().into())
    };
    let mut sig: Vec<u8> = if sig_mode == 0 {
        rd.rest().to_vec()
    } else {
        let Some(v) = valid() else { return };
        let (r, s) = v.split_at(32);
        let (r, s): (Vec<u8>, Vec<u8>) = match sig_mode {
            // Valid.
            1 => (r.to_vec(), s.to_vec()),
            // High s: n - s, equally valid.
            2 => (r.to_vec(), sub(&N, s).to_vec()),
            // r + n or s + n when it fits in 32 bytes: same value mod n, out of range.
            3 => match add(r, &N) {
                Some(r2) => (r2.to_vec(), s.to_vec()),
                None => return,
            },
            4 => match add(s, &N) {
                Some(s2) => (r.to_vec(), s2.to_vec()),
                None => return,
            },
            5 => (vec![0; 32], s.to_vec()),
            _ => (r.to_vec(), vec![0; 32]),
        };
        [r, s].concat()
    };
    let mutations = rd.mutations(4);
    if matches!(sig_mode, 1 | 2) {
        assert_eq!(ours.verify(Alg::ES256, msg, &sig), Ok(()), "mode {sig_mode} refused");
    }
    mutate(&mut sig, &mutations);
    let want = Signature::from_slice(&sig)
        .map(|s| vk.verify(msg, &s).is_ok())
        .unwrap_or(false);
    let got = ours.verify(Alg::ES256, msg, &sig);
    if let Err(e) = got {
        assert_eq!(e, Error::BadSignature);
    }
    assert_eq!(got.is_ok(), want, "ES256: ours {got:?}, p256 0.13 says {want}");
});
