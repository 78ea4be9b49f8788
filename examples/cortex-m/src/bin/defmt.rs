//! defmt logging of idgate's results (build-only: `cargo build --release --features defmt
//! --bin defmt`). Errors, headers and the claims view implement `defmt::Format` when the
//! core's `defmt` feature is on; the log goes out through RTT (defmt-rtt).

#![no_std]
#![no_main]

use cortex_m as _;
use cortex_m_rt::entry;
use defmt_rtt as _;
use idgate::{scratch_len, verify, KeySet, Policy};

const JWKS: &[u8] = include_bytes!("../../../../examples/sample/jwks.json");
const TOKEN: &[u8] = include_bytes!("../../../../examples/sample/id_token.jwt");
const NOW: u64 = 1_767_225_600;

#[entry]
fn main() -> ! {
    let mut keys: KeySet<2> = KeySet::empty();
    match keys.load_jwks(JWKS) {
        Ok(report) => defmt::info!("JWKS loaded: {}", report),
        Err(e) => defmt::error!("JWKS refused: {} ({=str})", e, e.code()),
    }
    let policy =
        Policy::id_token("https://issuer.example.com", "client-123").with_nonce("n-0S6_WzA2Mj");
    let mut scratch = [0u8; scratch_len(1024)];
    match verify(TOKEN.trim_ascii(), &keys, &policy, NOW, &mut scratch) {
        Ok(v) => defmt::info!("valid: {} {}", v.header, v.claims),
        Err(e) => defmt::warn!("refused: {}", e),
    }
    loop {
        cortex_m::asm::wfi();
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    cortex_m::interrupt::disable();
    loop {
        cortex_m::asm::udf();
    }
}
