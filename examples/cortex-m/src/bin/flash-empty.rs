//! Flash baseline: `flash-probe` without idgate (vector table, runtime, semihosting exit).

#![no_std]
#![no_main]

use core::hint::black_box;

use cortex_m as _;
use cortex_m_rt::entry;
use cortex_m_semihosting::debug;

#[entry]
fn main() -> ! {
    let input: &[u8] = black_box(&[]);
    black_box(input);
    debug::exit(debug::EXIT_SUCCESS);
    loop {}
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    debug::exit(debug::EXIT_FAILURE);
    loop {}
}
