//! Gives the shared library a SONAME on ELF platforms, so programs record
//! `libidgate_ffi.so.<ABI>` and a later, compatible library can replace the file.
//!
//! `ABI` is the C ABI's major version, the one number that `make -C ffi install` reads back
//! (from the built library) to name the installed files. Bump it when a release breaks the C
//! ABI (a struct layout, a signature, a removed function); appended functions and status codes
//! do not break it.

/// The C ABI's major version (`libidgate_ffi.so.0`).
const ABI: u32 = 0;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let family = std::env::var("CARGO_CFG_TARGET_FAMILY").unwrap_or_default();
    // ELF Unix targets (Linux, the BSDs); macOS uses install names, Windows neither.
    if family.split(',').any(|f| f == "unix") && !matches!(os.as_str(), "macos" | "ios") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libidgate_ffi.so.{ABI}");
    }
}
