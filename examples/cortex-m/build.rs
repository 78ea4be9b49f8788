//! Puts `memory.x` on the linker path, adds the cortex-m-rt (and defmt) linker scripts, and
//! extracts the bundled tokens from the repository's generated fixtures into `OUT_DIR`.

use std::{env, fs, path::PathBuf};

/// Fixture cases embedded in the firmware: (case name in `tokens.json`, file written).
const CASES: &[(&str, &str)] = &[
    ("rs256_rsa2048", "rs256_2048.jwt"),
    ("rs256_rsa4096", "rs256_4096.jwt"),
    ("es256", "es256.jwt"),
];

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let fixtures = manifest.join("../../tests/data/fixtures");

    fs::copy(manifest.join("memory.x"), out.join("memory.x")).expect("copy memory.x");
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rerun-if-changed=memory.x");
    println!("cargo:rustc-link-arg-bins=--nmagic");
    println!("cargo:rustc-link-arg-bins=-Tlink.x");
    if env::var_os("CARGO_FEATURE_DEFMT").is_some() {
        println!("cargo:rustc-link-arg-bin=defmt=-Tdefmt.x");
    }

    let tokens_path = fixtures.join("tokens.json");
    println!("cargo:rerun-if-changed={}", tokens_path.display());
    let text = fs::read_to_string(&tokens_path).expect("read tests/data/fixtures/tokens.json");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("parse tokens.json");
    let cases = doc["cases"].as_array().expect("tokens.json: cases");
    for (name, file) in CASES {
        // A case missing from the fixtures fails the build: the firmware must verify every one.
        let token = cases
            .iter()
            .find(|c| c["name"] == *name)
            .and_then(|c| c["token"].as_str())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| panic!("tokens.json has no case {name:?} with a token"));
        fs::write(out.join(file), token).expect("write token");
    }
    let mut consts = String::new();
    for key in ["now", "issuer", "client_id", "nonce"] {
        let v = &doc[key];
        let line = match key {
            "now" => format!(
                "pub const NOW: u64 = {};\n",
                v.as_u64().expect("tokens.json: now")
            ),
            _ => format!(
                "pub const {}: &str = {:?};\n",
                key.to_uppercase(),
                v.as_str().expect("tokens.json: string")
            ),
        };
        consts.push_str(&line);
    }
    fs::write(out.join("fixture_consts.rs"), consts).expect("write consts");
}
