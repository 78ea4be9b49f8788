//! Flash probe: the verification code alone. One JWKS load and one full ID-token verify on
//! opaque inputs (so nothing is constant-folded away and no fixture data is linked), then a
//! semihosting exit. `check-budgets.sh` subtracts `flash-empty` (the same skeleton without
//! idgate) from this binary's `.text` + `.rodata`: what remains is idgate, the signature
//! primitives of the enabled features, the policy, and the `core` routines they pull in.

#![no_std]
#![no_main]

use core::hint::black_box;

use cortex_m as _;
use cortex_m_rt::entry;
use cortex_m_semihosting::debug;
use idgate::{scratch_len, verify, KeySet, Policy};

#[entry]
fn main() -> ! {
    let jwks: &[u8] = black_box(&[]);
    let token: &[u8] = black_box(&[]);
    let mut keys: KeySet<4> = KeySet::empty();
    let loaded = keys.load_jwks(jwks).is_ok();
    let policy = Policy::id_token(black_box("iss"), black_box("aud")).with_nonce(black_box("n"));
    let mut scratch = [0u8; scratch_len(2048)];
    let outcome = verify(token, &keys, &policy, black_box(0), &mut scratch)
        .map(|v| black_box(v.claims.sub()).is_some());
    let _ = black_box((loaded, outcome));
    debug::exit(debug::EXIT_SUCCESS);
    loop {}
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    debug::exit(debug::EXIT_FAILURE);
    loop {}
}
