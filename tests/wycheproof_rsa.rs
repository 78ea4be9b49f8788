//! RSA verification (RS256/384/512, PS256/384/512) against every Wycheproof RSA PKCS#1 v1.5
//! and PSS vector of 2048, 3072 and 4096 bits, and against the `rsa` crate as a signing
//! oracle (odd modulus sizes, a large public exponent, salt lengths JWS does not allow).
//!
//! Wycheproof's `acceptable` PKCS#1 v1.5 cases (a `DigestInfo` without the NULL parameters,
//! flag `MissingNull`) are rejected on purpose: the verifier compares the encoded message with
//! the one DER encoding RFC 8017 §9.2 produces, and no JWS signer emits the other one.

#![cfg(feature = "rsa")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects,
    clippy::as_conversions,
    missing_docs
)]

use std::path::PathBuf;

use idgate::{Alg, Error, Key, KeyKind};
use serde_json::Value;

/// Every RSA file in `tests/data/wycheproof`; the test fails if the folder holds another.
const FILES: &[&str] = &[
    "rsa_pss_2048_sha256_mgf1_32_test.json",
    "rsa_pss_2048_sha384_mgf1_48_test.json",
    "rsa_pss_3072_sha256_mgf1_32_test.json",
    "rsa_pss_4096_sha512_mgf1_64_test.json",
    "rsa_signature_2048_sha256_test.json",
    "rsa_signature_2048_sha384_test.json",
    "rsa_signature_2048_sha512_test.json",
    "rsa_signature_3072_sha256_test.json",
    "rsa_signature_3072_sha384_test.json",
    "rsa_signature_3072_sha512_test.json",
    "rsa_signature_4096_sha256_test.json",
    "rsa_signature_4096_sha384_test.json",
    "rsa_signature_4096_sha512_test.json",
];

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/wycheproof")
}

fn hex_field(v: &Value) -> Vec<u8> {
    hex::decode(v.as_str().expect("hex string")).expect("valid hex")
}

/// The JWS algorithm for a Wycheproof group type and hash name, with the hash length.
fn alg_for(pss: bool, sha: &str) -> (Alg, usize) {
    match (pss, sha) {
        (false, "SHA-256") => (Alg::RS256, 32),
        (false, "SHA-384") => (Alg::RS384, 48),
        (false, "SHA-512") => (Alg::RS512, 64),
        (true, "SHA-256") => (Alg::PS256, 32),
        (true, "SHA-384") => (Alg::PS384, 48),
        (true, "SHA-512") => (Alg::PS512, 64),
        _ => panic!("unexpected hash {sha}"),
    }
}

/// The other RSA algorithms with the same key: each must reject a signature made for `alg`.
fn other_algs(alg: Alg) -> impl Iterator<Item = Alg> {
    [
        Alg::RS256,
        Alg::RS384,
        Alg::RS512,
        Alg::PS256,
        Alg::PS384,
        Alg::PS512,
    ]
    .into_iter()
    .filter(move |a| *a != alg)
}

#[test]
fn wycheproof_files_are_all_listed() {
    let mut found: Vec<String> = std::fs::read_dir(data_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.starts_with("rsa_") && name.ends_with("_test.json"))
        .collect();
    found.sort();
    let mut listed: Vec<String> = FILES.iter().map(|s| (*s).to_owned()).collect();
    listed.sort();
    assert_eq!(found, listed);
}

#[test]
fn wycheproof_rsa() {
    let (mut all_valid, mut all_invalid, mut all_acceptable) = (0, 0, 0);
    for file in FILES {
        let text = std::fs::read_to_string(data_dir().join(file)).unwrap();
        let doc: Value = serde_json::from_str(&text).unwrap();
        let number = doc["numberOfTests"].as_u64().unwrap();
        let (mut valid, mut invalid, mut acceptable) = (0_u64, 0_u64, 0_u64);
        for group in doc["testGroups"].as_array().unwrap() {
            let pss = match group["type"].as_str().unwrap() {
                "RsassaPkcs1Verify" => false,
                "RsassaPssVerify" => true,
                other => panic!("{file}: unexpected group type {other}"),
            };
            let sha = group["sha"].as_str().unwrap();
            let (alg, hash_len) = alg_for(pss, sha);
            if pss {
                // JWS PS* fixes MGF1 with the same hash and sLen = hash length (RFC 7518 §3.5).
                assert_eq!(group["mgf"].as_str(), Some("MGF1"), "{file}");
                assert_eq!(group["mgfSha"].as_str(), Some(sha), "{file}");
                assert_eq!(group["sLen"].as_u64(), Some(hash_len as u64), "{file}");
            }
            let n = hex_field(&group["publicKey"]["modulus"]);
            let e = hex_field(&group["publicKey"]["publicExponent"]);
            let key = Key::rsa(&n, &e).unwrap_or_else(|err| panic!("{file}: key: {err:?}"));
            let bits = group["keySize"].as_u64().unwrap();
            assert_eq!(
                key.kind(),
                KeyKind::Rsa {
                    bits: u16::try_from(bits).unwrap()
                },
                "{file}"
            );

            for test in group["tests"].as_array().unwrap() {
                let id = test["tcId"].as_u64().unwrap();
                let msg = hex_field(&test["msg"]);
                let sig = hex_field(&test["sig"]);
                let got = key.verify(alg, &msg, &sig);
                match test["result"].as_str().unwrap() {
                    "valid" => {
                        assert_eq!(got, Ok(()), "{file} tcId {id}");
                        // Cross-algorithm checks on a few vectors per file (debug speed).
                        for other in other_algs(alg).filter(|_| valid < 3) {
                            assert_eq!(
                                key.verify(other, &msg, &sig),
                                Err(Error::BadSignature),
                                "{file} tcId {id} as {other}"
                            );
                        }
                        valid += 1;
                    }
                    "invalid" => {
                        assert_eq!(got, Err(Error::BadSignature), "{file} tcId {id}");
                        invalid += 1;
                    }
                    "acceptable" => {
                        // Strict: a DigestInfo without its NULL parameters is rejected.
                        let flags = test["flags"].as_array().unwrap();
                        assert_eq!(flags, &[Value::from("MissingNull")], "{file} tcId {id}");
                        assert_eq!(got, Err(Error::BadSignature), "{file} tcId {id}");
                        acceptable += 1;
                    }
                    other => panic!("{file} tcId {id}: unexpected result {other}"),
                }
            }
        }
        println!(
            "{file}: {valid} valid accepted, {invalid} invalid rejected, \
             {acceptable} acceptable rejected"
        );
        assert_eq!(valid + invalid + acceptable, number, "{file}");
        assert!(valid > 0 && invalid > 0, "{file}");
        all_valid += valid;
        all_invalid += invalid;
        all_acceptable += acceptable;
    }
    println!(
        "total: {all_valid} valid accepted, {all_invalid} invalid rejected, \
         {all_acceptable} acceptable rejected"
    );
    assert_eq!((all_valid, all_invalid, all_acceptable), (421, 2436, 9));
}

mod oracle {
    use super::*;
    use rsa::pkcs1::DecodeRsaPrivateKey;
    use rsa::rand_core::{CryptoRng, RngCore};
    use rsa::sha2::{Sha256, Sha384, Sha512};
    use rsa::signature::{RandomizedSigner, SignatureEncoding, Signer};
    use rsa::traits::PublicKeyParts;
    use rsa::{RsaPrivateKey, pkcs1v15, pss};

    /// xorshift64*: reproducible messages and PSS salts.
    struct TestRng(u64);

    impl RngCore for TestRng {
        fn next_u32(&mut self) -> u32 {
            (self.next_u64() >> 32) as u32
        }
        fn next_u64(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
        fn fill_bytes(&mut self, dest: &mut [u8]) {
            for b in dest {
                *b = (self.next_u64() >> 56) as u8;
            }
        }
        fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rsa::rand_core::Error> {
            self.fill_bytes(dest);
            Ok(())
        }
    }

    impl CryptoRng for TestRng {}

    fn check(key: &Key, alg: Alg, msg: &[u8], sig: &[u8]) {
        assert_eq!(key.verify(alg, msg, sig), Ok(()), "{alg}");
        for other in other_algs(alg) {
            assert_eq!(
                key.verify(other, msg, sig),
                Err(Error::BadSignature),
                "{alg} as {other}"
            );
        }
        let mut bad_msg = msg.to_vec();
        bad_msg[0] ^= 0x01;
        assert_eq!(
            key.verify(alg, &bad_msg, sig),
            Err(Error::BadSignature),
            "{alg}"
        );
        for i in [0, sig.len() / 2, sig.len() - 1] {
            let mut bad_sig = sig.to_vec();
            bad_sig[i] ^= 0x80;
            assert_eq!(
                key.verify(alg, msg, &bad_sig),
                Err(Error::BadSignature),
                "{alg}"
            );
        }
        assert_eq!(
            key.verify(alg, msg, &sig[1..]),
            Err(Error::BadSignature),
            "{alg}"
        );
        let mut long = vec![0];
        long.extend_from_slice(sig);
        assert_eq!(
            key.verify(alg, msg, &long),
            Err(Error::BadSignature),
            "{alg}"
        );
    }

    /// A signature by the `rsa` crate (PSS with a salt as long as the hash).
    fn sign(sk: &RsaPrivateKey, alg: Alg, msg: &[u8], rng: &mut TestRng) -> Vec<u8> {
        let sk = sk.clone();
        match alg {
            Alg::RS256 => pkcs1v15::SigningKey::<Sha256>::new(sk).sign(msg).to_vec(),
            Alg::RS384 => pkcs1v15::SigningKey::<Sha384>::new(sk).sign(msg).to_vec(),
            Alg::RS512 => pkcs1v15::SigningKey::<Sha512>::new(sk).sign(msg).to_vec(),
            Alg::PS256 => pss::SigningKey::<Sha256>::new(sk)
                .sign_with_rng(rng, msg)
                .to_vec(),
            Alg::PS384 => pss::SigningKey::<Sha384>::new(sk)
                .sign_with_rng(rng, msg)
                .to_vec(),
            Alg::PS512 => pss::SigningKey::<Sha512>::new(sk)
                .sign_with_rng(rng, msg)
                .to_vec(),
            _ => unreachable!(),
        }
    }

    /// Keys of 2049 bits (3072-bit class; PSS with emLen = k - 1), 3071 bits with
    /// e = 2^32 + 15, and 4096 bits; signatures from the `rsa` crate. Few signatures: the
    /// `rsa` crate signs slowly in debug builds.
    #[test]
    fn rsa_crate_signatures() {
        let mut rng = TestRng(0x0123_4567_89ab_cdef);
        let cases: [(u16, &[&str], [Alg; 2]); 3] = [
            (2049, KEY_2049, [Alg::RS256, Alg::PS256]),
            (3071, KEY_3071, [Alg::RS384, Alg::PS384]),
            (4096, KEY_4096, [Alg::RS512, Alg::PS512]),
        ];
        for (bits, der, algs) in cases {
            let sk = RsaPrivateKey::from_pkcs1_der(&hex::decode(der.concat()).unwrap()).unwrap();
            assert_eq!(sk.n().bits(), usize::from(bits));
            let key = Key::rsa(&sk.n().to_bytes_be(), &sk.e().to_bytes_be()).unwrap();
            assert_eq!(key.kind(), KeyKind::Rsa { bits });

            let mut msg = vec![0_u8; 1 + (rng.next_u32() % 300) as usize];
            rng.fill_bytes(&mut msg);
            for alg in algs {
                let sig = sign(&sk, alg, &msg, &mut rng);
                check(&key, alg, &msg, &sig);
            }
        }

        // RFC 7518 §3.5: the salt is exactly as long as the hash; other lengths fail.
        let sk = RsaPrivateKey::from_pkcs1_der(&hex::decode(KEY_2049.concat()).unwrap()).unwrap();
        let key = Key::rsa(&sk.n().to_bytes_be(), &sk.e().to_bytes_be()).unwrap();
        for salt_len in [0, 33] {
            let signer = pss::SigningKey::<Sha256>::new_with_salt_len(sk.clone(), salt_len);
            let sig = signer.sign_with_rng(&mut rng, b"msg").to_vec();
            assert_eq!(
                key.verify(Alg::PS256, b"msg", &sig),
                Err(Error::BadSignature)
            );
        }
    }
}

/// PKCS#1 DER RSA private key, 2049-bit modulus.
const KEY_2049: &[&str] = &[
    "308204a402010002820101015c9c9aa689c3889914b0ae0f5b30dda953fe059170e4260b9f016254921ceac353ec18fb",
    "045fc3ebaa70a417ba81b88b263ae5ad54254b3aa9bbdaf7d1a79d2dfa719207be22b013e6f6f2b53357ef12787ea72e",
    "689017db61e85f4e9c0d89386508308b3cfc42100705ec5542a593b61c2d2c790e180eb3056401c8a4800a3aba960da0",
    "bad3d16263c1944aa7a3fe8602c6bf25673082c8c5aed7af6575a7165d64772c2fc1824ac1b246a8240e088c6d8e5ff9",
    "ca5143b46f16491a33ef63fc5919280d8099b2314e09b4b6cf764549bd13893a59b33aa101aece3a5d665f1d255cfb49",
    "a97522c5b77a3f1a5c1357eef2d2e86da98c9bd88887f1bf3133379902030100010282010037ec033eede088fc0d7e9e",
    "1d66827b3c5b75e74cc27046ce1c6eab68679bede8f180712d6b31358b8b66d05be21647154347b56a4d9241f4222039",
    "6b019dc2b00a79c774288305fddb5207f31b4e62d272b3d67bb258530b6534527d98b8ef2735c5cf8bb677bcdd375332",
    "eb266acb3c2e5eecc06a8b5f68465819952716470d6802fd864ebe03de746c04fc9589832e98285007fbbe126162473f",
    "ae025218538337dfb6ee304e3c9e74ce16c6bf4dddbe667231abbe84ee704b49696372e81219c96394fef30f9309957d",
    "fa692c9541ad75cbfb0fbf20cec96953d7b43ee6472d4e3545b29ad6fbdb61cebbfcbe470a25d9a76607f41f1db04a72",
    "1c6346008102818101b35200281e8ca0954c0c4c54a458bb04ddb42fb2d1db86a1017dcdbf4c1eceab30669ec8c2ce7c",
    "450631df756e877dbe76ecf0512087a2c443fd9d6e5b73a3aabdab08818d80f2fa16738178a3d43e277dc06564cf2217",
    "7e909513aa087d9e6dc6681a4c84a5a0f6a9f4e0337a185c99fc269ee0c39d7b43452c2d267a031f1102818100cd0251",
    "16082b2c1d45d1271f14757eaca088890f7b274cc50e786fb7ccc71c76e00ed800e792ff794f0e9f7568f0b89b740e96",
    "1b1d0f47a510a23c463572952b42133caf6a70467b654184cbca7f6a35fa7936c21774c14b8a65f0cad1f5d0f94f6313",
    "97945f74661dc56915e47b69c6dade845744e604b4bd22316029e5200902818100837dfd7620e4318d674f3faf41855b",
    "d8786f7908f6c2ecc3ad83a6a66603d841757949f53282d49eb4e453af5117b42fd81471f2cf74a901c7d7cfba09fdc0",
    "2e4ee45ec96348d41c1eb3fd23c7b8d09d752aac75eaeb4d5579aece25ca32c7ac3906310b73f5e3cd1e414d87bf15a4",
    "c30e9b4bda70bc1d0390dd6b35f81d0141028180070d0358eca2ff7b6a414d452660fc2057cd1a59abf4a81146f42173",
    "82d97e432065a24c35aaba9aa37b6f448c7d6afbfdbbdab1c8081480bad7b996f8939e49c49600ca4fb0d8dbb999cd45",
    "6d0b80cda675b0ca702015ddd13ebc4f5d7544e0ae384c1e347e2bf4af2570fdcdc3e8d96c01a72f9131100c5f4ce3c1",
    "d8ef067102818100f85b59d41712a2287a1df096356a14ae2eec5e5e7894c77b15e5bbe3b8927213a4ef599339330ce3",
    "a202181e5ba8f28cfd2ce2e10d56dc92e670d2fccdc837fd0e39c7f2a8ea228edd7e17ec3cb6fdf0e9c8b3f9cd7618a9",
    "d2cd5154df20ff7dde78c7c5207298881fe563ff23ef9532ad7550e93a1ffa61af7b1cb6f7dd6ed6",
];

/// PKCS#1 DER RSA private key, 3071-bit modulus.
const KEY_3071: &[&str] = &[
    "308206e20201000282018067c62722eaa048f67a403feeaf00b75762ae6301caa2e2dcfc17f3005e1a8b88b153a855c8",
    "9fc2f28df505b9fec1fbdf5dea053302f0e14cadbaf3ccb62cc43b97e4920f8d6063a47c6ee621a747ab41c84d9e5b29",
    "fa1a90adf24ee2b1c32156ca7361923a508ddb3c4f88283eea5c2560f2061f9dcd20814d8d94507fff71a39552f60335",
    "e1430a8e39feaba4f0924ada43d130bed9f8909d90b84692ac34cf841389f1d5ae12371ea86ac299281061cb8d0db312",
    "b99ded44796ac42a3a54a8b82c98a6c0846d3bfe71c6b875d4a0c6d23b528d31ccca0485be5f5a37983f4360beed55d4",
    "36dfbf9d23c7ab372b31e246db40b020e67360d553fbbe94092667401b6559213945762e10517e7d9ae2a08cd5fd4ad5",
    "074f90f75d1bf00a034f9f2c5cb8e043615864c05e53998b36d7da7cbb4e065c08183632c86597b5aafb978b396d540b",
    "ea543d07bcb245ddb7509b4d83c692272d3fd6559864b97db1eb73a8baa8dc6946e58d8e615c7b7108e63e609498f786",
    "f4537c2ea4078de8b101c30205010000000f028201805da542d38cb6ade9cb3cba57eb7a65c4a9ceb7cc4eac1097c9ec",
    "01e8d48c11fd803d9d13fc3f7bb9e59ddaaf6d160eb67787f792f916cf2d93e4074914c3bb26018da9f675e36f628f9e",
    "03a7419a6752c469ec7fe3c4073aab482e5ccc8ee76faab76c87f1fc2460c9c1dceee48a245cf9bfed600e9fcd3cc3b6",
    "26e3e0c65a6a6fb158a5d02ef01fff5ea98e3bb00986dab6813076e78aeb2c093d279c9b15175dceb88aed22f56740be",
    "6e6b1412d2baff49718d80ff808519fdaa1b664372a7b56f3e0128ad87371233d4d809fcd5f1bd040db2c2d4d3af228f",
    "944abe1f1cd57cd30702964f8c695478ab7927d4b6a7d397e4358cc0b44edc079c82c8f737bb567b9c93c6449ff26e88",
    "45eb4c7caa0a94ab3cd0fec0da20c7c1c923c2954525fea9218b39f5c6aa8d9ad8442c63a0f4755e002f444b8c290ecd",
    "d0d004eaf98e09c9377b9a3a3cb706702abd1c6ab2e27762b7bc09e693b3edb330d88edebab907f309b3de8d05ef1f45",
    "91681208367f8cd958db812647db95231a886cd50def0281c100d4e2a5e1208518c376a54f5c88cc794d1f7df6c69000",
    "2b3bb356b72f193f96b1e5bc7d0275ec13d41ff69ecf1cf5264457f0986f66241889a8b234f86b7bfa338bd7beee2888",
    "2ab3f1bcac3318307ee2e47fca835262640109489f510054dd54f39d37ca96e4364a059774bd1a87ca4e07f0fb309b92",
    "5965fcc39aee288b4aac98e96744c756b79d072a7e8e39738a720e82d3e53dd0e65d108a79118ada174f3f7b019b596f",
    "0676607603ffd9c9b57ea24e282b7fa5599320b26ff849c3bf710281c07cca7830fdb63907153dc9a3da0303068ba283",
    "7398af424f4efef5eeb5ec223be06d140fa9f4352a8fcfe84cc087328108680dfd175bed418cfaf90f9738c99a531660",
    "8bc27be6b91cd8276ab7bbe919b6c758f68e9da2fa311ea47474107f935798314521a1a21851f59fa7c199d90e733897",
    "c4ff14acada685227a9c8f110896d34e94b1c7236b3926ac34b29aab5f067f26d9b38e49cc71222d16bf91085e6876f0",
    "7f44ce343b851ecdc3ba85db0f1f9bd2a38387f28dccfaf0584b2522730281c039a6ebe9d6b30be9c20c5efa905cc3d3",
    "9e944fa518e3c6e0b088b8cc6604b6b6ff10e0b072dbaf3962c5d92f1f47fadcbe21edb01687eefd0a0c5d159fb60fcf",
    "bbdc08bc76909dae75216049c671893e4cf04731b682bfbf009ed4288e71894c1f1f0bdcd24fae789f4818814ca8a2f3",
    "8e99ab13f7ec44ce7b11c6ffdd32585fe0f14681e826de3a00f03dd168cf51d5196083efedb5195ac62f172f5d89ed63",
    "4be3aa02abad5a93e5d91dc132c94eb571da4b4db3ae2c5bb67d47da668910cf0281c04ec74b303494e9e647b31fc168",
    "fac253c6a6d5933b5a2820465ec37321b95f8db3b0679e265774ad67b7f87a5324df6bb9efbe487f6661d77b94d47755",
    "51355cae491d2d1e2d7a7499c3d16862041fa0c1333d04e228c0d86559dbb896ad3776ef2a4abcdf3d210888bed3d2bd",
    "0c95830e10a9238fedda4d0a9a44c14a670da1ece98c3cfd0826a8615da011e46dae511b6becccf0a191ef42df2df312",
    "7c48cffe0792bcef632194724ca13cb0de2291692771b9e06a1e7fb1cb3bf6531b8c090281c07de12e2fe81b789bdf33",
    "cc98103a198e29f27279797de4d2d4f5f0690a1b9c5ba043dcae1f3c25a37a323373fb9adfbf053b14caf41923b33a03",
    "ca61dd1f2a558bfec25bdb70f6bb5aade87ea6810ef480c1a3cfae9ad6951a99f6b39317c73bc542924e6b9e0023aa01",
    "88b696df678d721d2b5e65ea42117330bccf9e1a16569615d13aec737d372898cf757368867cea887f35b7152c1b526e",
    "d5c426cfe8f71b3a444fcc7bd64b05adbe6b5e16e3f793a77b57f14a5854d49131d1585b590c",
];

/// PKCS#1 DER RSA private key, 4096-bit modulus.
const KEY_4096: &[&str] = &[
    "308209270201000282020100bd4ac7083d16c2d2b9a6c177e91703f411ffa6e12efaa232a883cda1152560b502bb26c1",
    "b0a0c3b0b61ee8c6a69af912de03510218d0e3c12a47a12bb5e4a4bb8643938cfc84678318a1c8e00c87b2948dce4acf",
    "b92e19ae4852ed8955a2fe342514e2a2c87ca540bf150531b3a9a87c62b3e4f7d8d2c5cd9c89161170f5f4ea4645d614",
    "71f3a6c331d257146ee1a1317addf116645e61bbbf23b744638f6c1ecc7815d88675a6e9cee56afa42324b30478b24a8",
    "3bb0ffada499483174460f0c7c7ccb2002eba87a328fb04da60f87033d32c077185c39ef75de5cefbae9b5ce3195433c",
    "2a79137af41040e47f6cd85ce108cca213e230c1d5f1956c3ddb7b6da7d064ff4dbdb6b697ff1450c7b7e4e96e32b275",
    "038f42c163241d0aa69978273abb7d601c31d3a38007713928ca7ea8fecf86c50e6465abffc98c72c893d3a1e0f794ba",
    "c9fab725dbba055e1c156f2451c27c7bcd7084fdc7bff5dff38e154a84b02609b96d2223a440d7ef7b3992f71ef93262",
    "e734496dc83887b4eb725da9b4d73819d8e3485f8cd0907683dceaee9f8219b3cd4df5bc5e232224dfb329f151066e50",
    "b5a8d83ea4dfde09cf41f583848549bf849e6dedefd2af0c9575f5acf44880c339386cfce3ce06f05c2ca0fdcccb4ed2",
    "93711c6648bdd840ad3a26c2c58aed367dd46de1ba50e516790164f5cb10ee919879e81ae1931cc1638a9e1702030100",
    "0102820200506ce615bd06dfadf2cd44243377e0e9218092a1d8790ad3254022ed0ef3fb9bccd641884808763cad9482",
    "686cbf29967797c72271f2c6e1fa99c683b0dbbd96235cb0e35522d86c1dda1764024ee17436aff09f4359aff599ab0a",
    "5bb073f937a48db4215fb77deafd84ebd90b31c97157ea811d4115848f70b3da197cfa339e1a4f6fbeee0f8cca206ff3",
    "29ae56d54b159e18e1dfb12e2b3bf1ebdaf5c6293508c0f8df2f79eb7a29bad5f2109017dc22799f108f940b7df6925d",
    "d70d44fafdde2293973d466d25c637c0bbad13a9d4997ae7c57227354265bd1d9589bfe4cbffcb206efec8c49b17f993",
    "e8c1af385a760e6c0b6d114c8ffedb8f16174e1aa96669a69b5d5c46c5168844d96680f2fb5d1f99e67690276cdcc61b",
    "74f0b9e0730e87abb34f49795ee3647650a827c9c53173b8c4532639d905fb17659bfc86659c1bd9f25bc15f000d789e",
    "044367102eb81a97b8079a939a0eeb20fbd156a34c5b5860bfe2f3f7f4781e92bf1fd446c8ae535c06521e53e60e3f06",
    "49e68ff3c90ed0309882582913a7bc362ea634a90d66b47af39d6ca4b274b44e18553af74278d75bff2b19735e6451bf",
    "97f9af86f4261476825fc38c4220f621ec456501d3a00173188c548e95ec31ddb73c072d7394dc66af85c9dec4e74c96",
    "4f9a4b9622a9cab41a074694c7e0404cebc90a0b4188087e128b98852cf44cf07da2116ae10282010100ff2c6ca84cad",
    "f9412f0e583b175273049437398028e00cc0d7b4bac3856b6689117ac897bdfa4ef7c85bef63b675277d0eae0216c973",
    "de37ae581dbf0acff59ae9959ca8b453d7922e0fded05606209bbb5845e9db585c2d93aaff954172a73d6e0f8ca02096",
    "d9fcf3fde0497f3af89050d0746c89e194db052cdaf2c2ab094e5dbe80c1b9cd3c1ab3a2e1b43a34d7286e5607ddf11e",
    "c81d998db84edeaa3551bf00189db4fa4b19df3e2c29bb930afe093da784d371b29cac3b4a188e98ba834d2823e06e0c",
    "baccc7286f91fe9e9feb9e8ef86b8d9417c9f85f9da8240d4b8df767ddbd814f89a87bc85ef1b7f535f8b553e8c3c474",
    "eef331aa1940237ea4910282010100bde7ba53ef092cae688d0b194ee25669342a052dd08052ab08215605ab1d907e00",
    "684d3266518c84d6da183701a1dc5c96dc427e975d9cedbdd8769c8abab74aee5c00741306615a1a4f6c13faee17f3c6",
    "5ddbbf9e056956a133674aec306777ec4d3f72feeaa597a6c5f3b5006c185685acdcba438044f9dbfa7334cc2bdc2858",
    "9ed4b3e0286e7a70c1cdceb92a2a9c63ec38e3bae1d47ebbb20b6b61910e2b31ea31b5c4e3a1bada8973a2da66cdbac4",
    "aafc33687aff76e9113b22e71ff2b825f8cf755d9df2939978eb6f7325a439bd0ada0a0d24251a784f77a1a42a94da77",
    "d4f38906a9d4db4d5ed1ceaebc36adb1b82625b48307e8194a3af72c5ccc2702820100682d36df2f0f07e7f8d21e6b61",
    "8623b706dbd4f9e1b636feb411f0fdca06a301eac4fa0819638bc1d566d3411e488e2a9c47a64aaf4c42b8f0d0c0b432",
    "31dccfb5f582d3cd6b3d634cb2e600a05e3809dc5e998c74248add80a01b60502c02e32d7fe3a5ac286a2ebf5e32a74e",
    "ee40748ac9cffe4ffc6ccd4e3b95d7ee69ed8eb4ef059a11c51c78ba461167872bf37b6a306d5dcb070a242b8094727e",
    "ad76bf3cff490d79c985c7b640a7bf11f9624f7c6e536a02f934368a8a5a21d475be0fc4fc52495a24904ef2302bfcaa",
    "bb10071de0b8c3103619d0373ab21ee73916538b62384119fde2f18a37afab77b300a9dd3db895d42af933085fad9765",
    "e65a41028201001e192313f877b8c82fb3e30570d638a1d5edaf0272e053b9ddc102d445299b640d067aedb8ffc5c8ac",
    "10c6f3b8e3817c7f408b9d6aba208c21a1b432dd5df87cfcc8421e2381c85e327b5202dcab6dca6a2f280bf7ac9de468",
    "0a309dd44f5ba6cb21f7236fb99ae32d40847eb4816d5e1133b38c25f4a779fe5e7471f2c624cf9434203c1e13ea66a7",
    "865feb1ab7cf27184331450eb28a2e47eb511a04cdabb436e60a58e7cab83058409ebe39e53f4811b193e545f2f09855",
    "1a3108381f7d25a88705c27142fe565c65a8d2f22a0e1c4494fab7cb1b66720a8d75c57db26e032e28e72c598d033a7a",
    "c9c371018abd13cc6e0645c5955ae47355ab80cf5c29d302820100714e25c057b85f38158349ee1af81581680d92be6d",
    "6ed20b976ab88ebded61c8b729b6f75db15d6090a93bfaf12484a6a447098bd91d103aff1b1e34129fa48b477a80aa1b",
    "e1dcccf5b351bb538bfdb07bfafe1435ef8b6456299b9fa9457d8ee5b8637a4236b178fe8b96f6f866f73bd2e1579b76",
    "5fff77d82d5eb949eabbdd6e38a782afa62a8243fe8d7ad9943abdf419d13e7a326d419fc4184acf2a6eb023d7fad304",
    "addfe77b0e9628c1dbc20ddf6d93a2fff23b2db48cfa2ad5940230a496bd76cc0528cc4ecd752c7aa0c3d26e55c6ae79",
    "642c4ba1b9e2cff72976d77d7b5a09f3b8464329ab67f3f16f385985887453894318cdeeac81e1502c8a18",
];
