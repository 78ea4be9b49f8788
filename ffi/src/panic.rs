//! The panic handler of device builds (no `std`, bare-metal target).
//!
//! idgate never panics on input (every failure is a status); a panic would be a bug. On a
//! device there is no unwinding and no process to abort, so the handler hands control to C:
//! it calls `void idgate_panic_hook(const char *file, size_t file_len, uint32_t line)` with
//! the Rust source location of the panic, then stops the core (a permanent-undefined
//! instruction: a HardFault on Cortex-M, an illegal-instruction trap on RISC-V) in case the
//! hook returns.
//!
//! The library carries a default hook as a WEAK symbol (assembly below) that executes the same
//! trap instruction; a firmware replaces it by defining its own `idgate_panic_hook` (log the
//! location, reset the device, ...), and the linker picks the firmware's strong definition.
//! The hook must not return and must not call back into idgate. On bare-metal architectures
//! other than 32-bit Arm and RISC-V there is no default: the firmware must define the hook.
//!
//! The message is not formatted (that would link `core::fmt`'s machinery into the flash
//! image); the location identifies the check that failed.

use core::arch::global_asm;
use core::ffi::c_char;
use core::panic::PanicInfo;

unsafe extern "C" {
    /// Device builds only (no `std`, bare-metal target): called by the library's panic handler
    /// with the Rust source location (`file_len` bytes at `file`, not NUL-terminated) of a
    /// panic. idgate never panics on input, so a call means a bug in idgate.
    ///
    /// The library defines a weak default that traps (`udf #0` on Arm: HardFault; `unimp` on
    /// RISC-V). Define this function in the firmware to replace it: log the location, reset.
    /// It must not return and must not call idgate. Host builds neither define nor call it
    /// (there a panic becomes `IDGATE_ERR_PANIC`).
    fn idgate_panic_hook(file: *const c_char, file_len: usize, line: u32);
}

#[cfg(target_arch = "arm")]
global_asm!(
    ".section .text.idgate_panic_hook,\"ax\",%progbits",
    ".weak idgate_panic_hook",
    ".type idgate_panic_hook,%function",
    ".thumb_func",
    "idgate_panic_hook:",
    "udf #0",
    "b idgate_panic_hook",
    ".size idgate_panic_hook, . - idgate_panic_hook",
);

#[cfg(target_arch = "riscv32")]
global_asm!(
    ".section .text.idgate_panic_hook,\"ax\",@progbits",
    ".weak idgate_panic_hook",
    ".type idgate_panic_hook,@function",
    ".p2align 1",
    "idgate_panic_hook:",
    "unimp",
    "j idgate_panic_hook",
    ".size idgate_panic_hook, . - idgate_panic_hook",
);

#[panic_handler]
fn panic(info: &PanicInfo<'_>) -> ! {
    let (file, line) = info.location().map_or(("", 0), |l| (l.file(), l.line()));
    // SAFETY: the hook receives a pointer and length describing a `'static` string (a panic
    // location), which it may read; it takes no ownership. The default is the weak trap above.
    unsafe { idgate_panic_hook(file.as_ptr().cast::<c_char>(), file.len(), line) };
    trap()
}

/// Stops the core for good if the hook returned.
fn trap() -> ! {
    loop {
        // SAFETY: a permanent-undefined instruction: it touches no memory and raises the
        // core's fault / illegal-instruction exception, the integrator's fault handler.
        #[cfg(target_arch = "arm")]
        unsafe {
            core::arch::asm!("udf #0", options(nomem, nostack))
        };
        // SAFETY: as above: `unimp` raises the illegal-instruction exception.
        #[cfg(target_arch = "riscv32")]
        unsafe {
            core::arch::asm!("unimp", options(nomem, nostack))
        };
        core::hint::spin_loop();
    }
}
