//! idgate on a Cortex-M3 with no heap: loads a bundled JWKS, verifies bundled RS256 and ES256
//! OIDC ID tokens with the full ID-token policy, checks that a tampered token is
//! `bad_signature` and an expired one `expired`, and prints, per call, the stack high-water mark
//! and the instructions executed (QEMU `-icount shift=0`). Exits through semihosting with a
//! failure status on any mismatch.
//!
//! Run with `./run.sh` (or `cargo run --release` for a run without `-icount`).

#![no_std]
#![no_main]

use core::arch::asm;
use core::hint::black_box;

use cortex_m as _; // the critical-section implementation semihosting needs
use cortex_m::peripheral::{syst::SystClkSource, SYST};
use cortex_m_rt::{entry, exception, ExceptionFrame};
use cortex_m_semihosting::{debug, hprintln};
use idgate::{scratch_len, verify, Error, Key, KeySet, LoadReport, Policy};

/// The repository's generated fixtures (TEST KEYS ONLY), see `tests/data/fixtures/README.md`.
mod fixtures {
    // NOW, ISSUER, CLIENT_ID, NONCE from tokens.json.
    include!(concat!(env!("OUT_DIR"), "/fixture_consts.rs"));
    /// Public keys rsa-2048, rsa-3072, rsa-4096 (RS256), ec-p256/384/521, ed25519.
    pub const JWKS: &[u8] = include_bytes!("../../../tests/data/fixtures/jwks.json");
    /// Case `rs256_rsa2048` (`build.rs` fails if the fixtures lack it).
    #[cfg(feature = "rsa")]
    pub const RS256_2048: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/rs256_2048.jwt"));
    /// Case `rs256_rsa4096` (`build.rs` fails if the fixtures lack it).
    #[cfg(feature = "rsa")]
    pub const RS256_4096: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/rs256_4096.jwt"));
    /// Case `es256`.
    #[cfg(feature = "ecdsa")]
    pub const ES256: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/es256.jwt"));
    /// The keys `jwks.json` holds: three RSA, three EC, one Ed25519.
    pub const JWKS_RSA_KEYS: usize = 3;
    /// EC keys the firmware can use: only P-256, as it builds the core with `es256` alone.
    pub const JWKS_EC_KEYS: usize = 1;
    pub const JWKS_KEYS: usize = 7;
}

/// Key set capacity: room for every key of `jwks.json` this build can use.
const KEYS: usize = 8;
/// Longest token handled here (the fixtures' RS256-4096 token is 1110 bytes).
const MAX_TOKEN: usize = 2048;
/// Scratch for the longest token: `scratch_len(2048)` = 3080 bytes.
const SCRATCH: usize = scratch_len(MAX_TOKEN);
/// `exp` of the ID-token fixtures is `now + 3600`; past it and the 60 s leeway.
const LATER: u64 = fixtures::NOW + 7200;

// ---------------------------------------------------------------------------------------------
// Stack painting

/// The pattern painted over free stack.
const PAINT: u32 = 0xCCCC_CCCC;
/// Unpainted room kept under the measuring frame (for `paint` itself).
const PAINT_MARGIN: usize = 256;

extern "C" {
    /// cortex-m-rt: start of the heap, i.e. end of `.bss`/`.uninit`; the stack grows down from
    /// `_stack_start` (end of RAM) towards it. No heap is used, so all of it is stack.
    static __sheap: u32;
}

fn stack_limit() -> usize {
    // Only the address is taken, never the value.
    #[allow(unused_unsafe)]
    let addr = unsafe { core::ptr::addr_of!(__sheap) } as usize;
    (addr + 3) & !3
}

/// Paints `[from, to)` with [`PAINT`]. Runs in a frame above `to`.
#[inline(never)]
fn paint(from: usize, to: usize) {
    let mut p = from;
    while p < to {
        // SAFETY: `[from, to)` lies between the end of `.bss` and the current stack pointer
        // (less a margin): unused stack memory, not aliased by any Rust object.
        unsafe { core::ptr::write_volatile(p as *mut u32, PAINT) };
        p += 4;
    }
}

/// Lowest address in `[from, to)` no longer holding [`PAINT`] (`to` if none).
fn first_dirty(from: usize, to: usize) -> usize {
    let mut p = from;
    // SAFETY: as in `paint`; the memory is read as plain words, nothing lives there.
    while p < to && unsafe { core::ptr::read_volatile(p as *const u32) } == PAINT {
        p += 4;
    }
    p
}

// ---------------------------------------------------------------------------------------------
// SysTick as an instruction counter (deterministic under QEMU `-icount shift=0`)

const RELOAD: u32 = 0x00FF_FFFF;

struct Timer {
    syst: SYST,
}

impl Timer {
    fn start(&mut self) {
        self.syst.disable_counter();
        self.syst.set_reload(RELOAD);
        self.syst.clear_current();
        self.syst.set_clock_source(SystClkSource::Core);
        let _ = self.syst.has_wrapped();
        self.syst.enable_counter();
    }

    /// Ticks since `start`, `None` if the 24-bit counter wrapped.
    fn stop(&mut self) -> Option<u32> {
        let now = SYST::get_current();
        let wrapped = self.syst.has_wrapped();
        self.syst.disable_counter();
        if wrapped {
            None
        } else {
            Some(RELOAD - now)
        }
    }
}

/// Exactly `2 * n` instructions (`subs`, `bne`) for `n >= 1`.
#[inline(never)]
fn spin(n: u32) {
    // SAFETY: register-only loop.
    unsafe {
        asm!("1:", "subs {0}, {0}, #1", "bne 1b", inout(reg) n => _, options(nomem, nostack));
    }
}

/// Calibration: instructions executed per SysTick tick, as `insns / ticks`.
struct Calibration {
    insns: u64,
    ticks: u64,
}

impl Calibration {
    fn insns(&self, ticks: u32) -> u64 {
        u64::from(ticks) * self.insns / self.ticks.max(1)
    }
}

/// What one measured call used.
struct Figures {
    stack: usize,
    ticks: Option<u32>,
}

/// Runs `f` (never inlined here: called through an opaque `&mut dyn`) on freshly painted stack
/// and measures its stack high-water mark (bytes below this frame) and its SysTick ticks.
#[inline(never)]
fn measure<R>(timer: &mut Timer, f: &mut dyn FnMut() -> R) -> (R, Figures) {
    let f = black_box(f);
    let sp = cortex_m::register::msp::read() as usize;
    let bottom = stack_limit();
    let top = (sp - PAINT_MARGIN) & !3;
    paint(bottom, top);
    timer.start();
    let r = f();
    let ticks = timer.stop();
    let dirty = first_dirty(bottom, top);
    let stack = sp - dirty;
    if dirty == bottom {
        hprintln!("WARNING: the stack reached the end of .bss: overflow likely");
    }
    (r, Figures { stack, ticks })
}

// ---------------------------------------------------------------------------------------------
// Checks

struct Run {
    timer: Timer,
    cal: Calibration,
    checks: u32,
    failures: u32,
}

impl Run {
    fn report(&mut self, name: &str, got: &str, want: &str, fig: &Figures) {
        self.checks += 1;
        let ok = got == want;
        if !ok {
            self.failures += 1;
        }
        match fig.ticks {
            Some(t) => hprintln!(
                "CASE {} got={} want={} {} stack={} ticks={} insns={}",
                name,
                got,
                want,
                if ok { "OK" } else { "MISMATCH" },
                fig.stack,
                t,
                self.cal.insns(t)
            ),
            None => hprintln!(
                "CASE {} got={} want={} {} stack={} ticks=wrapped",
                name,
                got,
                want,
                if ok { "OK" } else { "MISMATCH" },
                fig.stack
            ),
        }
    }

    /// Verifies `token` at `now` with the ID-token policy and compares the outcome with
    /// `want` (`valid` or an error code). A valid token must also carry the fixtures'
    /// subject, nonce and audience.
    fn case(&mut self, name: &str, keys: &KeySet<KEYS>, token: &[u8], now: u64, want: &str) {
        let policy =
            Policy::id_token(fixtures::ISSUER, fixtures::CLIENT_ID).with_nonce(fixtures::NONCE);
        let mut scratch = [0u8; SCRATCH];
        let (outcome, fig) = measure(&mut self.timer, &mut || {
            verify(token, keys, &policy, now, &mut scratch).map(|v| {
                v.claims.sub() == Some("user-42")
                    && v.claims.nonce() == Some(fixtures::NONCE)
                    && v.claims.aud().contains(fixtures::CLIENT_ID)
                    && v.claims.iss() == Some(fixtures::ISSUER)
            })
        });
        let got = match outcome {
            Ok(true) => "valid",
            Ok(false) => "valid-but-wrong-claims",
            Err(e) => e.code(),
        };
        self.report(name, got, want, &fig);
    }

    /// The valid token, the same with one signature character changed, and the valid token
    /// verified past its `exp`.
    fn token_cases(&mut self, alg: &str, keys: &KeySet<KEYS>, token: &[u8]) {
        let mut name = Name::new(alg);
        if token.is_empty() || token.len() > MAX_TOKEN {
            // Never skipped: a missing or oversized fixture is a failed check.
            self.checks += 1;
            self.failures += 1;
            hprintln!(
                "CASE {} MISMATCH: no usable fixture ({} bytes)",
                alg,
                token.len()
            );
            return;
        }
        self.case(name.with("_valid"), keys, token, fixtures::NOW, "valid");

        let mut tampered = [0u8; MAX_TOKEN];
        let tampered = &mut tampered[..token.len()];
        tampered.copy_from_slice(token);
        let sig = token.iter().rposition(|&b| b == b'.').map_or(0, |i| i + 1);
        // A character well inside the signature (not the last, whose trailing bits must stay
        // canonical): the signature decodes, but to different bytes.
        let at = sig + 10;
        tampered[at] = if tampered[at] == b'A' { b'B' } else { b'A' };
        self.case(
            name.with("_tampered"),
            keys,
            tampered,
            fixtures::NOW,
            Error::BadSignature.code(),
        );

        self.case(
            name.with("_expired"),
            keys,
            token,
            LATER,
            Error::Expired.code(),
        );
    }
}

/// A case name built without `alloc`: the algorithm and a suffix.
struct Name {
    buf: [u8; 48],
    base: usize,
}

impl Name {
    fn new(base: &str) -> Name {
        let mut buf = [0u8; 48];
        buf[..base.len()].copy_from_slice(base.as_bytes());
        Name {
            buf,
            base: base.len(),
        }
    }

    fn with(&mut self, suffix: &str) -> &str {
        let end = self.base + suffix.len();
        self.buf[self.base..end].copy_from_slice(suffix.as_bytes());
        core::str::from_utf8(&self.buf[..end]).unwrap_or("?")
    }
}

fn features() -> &'static str {
    match (cfg!(feature = "rsa"), cfg!(feature = "ecdsa")) {
        (true, true) => "rsa ecdsa",
        (true, false) => "rsa",
        (false, true) => "ecdsa",
        (false, false) => "none",
    }
}

#[entry]
fn main() -> ! {
    let Some(cp) = cortex_m::Peripherals::take() else {
        fail("peripherals taken")
    };
    let mut run = Run {
        timer: Timer { syst: cp.SYST },
        cal: Calibration { insns: 1, ticks: 1 },
        checks: 0,
        failures: 0,
    };

    hprintln!(
        "idgate on Cortex-M3 (QEMU lm3s6965evb), no heap; core features: {}",
        features()
    );
    hprintln!(
        "SIZE KeySet<1>={} KeySet<4>={} KeySet<8>={} Key={}",
        core::mem::size_of::<KeySet<1>>(),
        core::mem::size_of::<KeySet<4>>(),
        core::mem::size_of::<KeySet<8>>(),
        core::mem::size_of::<Key>()
    );
    hprintln!(
        "SIZE scratch_len(L)=L/2*3+8: scratch_len(1024)={} scratch_len(2048)={}",
        scratch_len(1024),
        scratch_len(2048)
    );

    // Calibration: a loop of known length.
    const SPINS: u32 = 4_000_000;
    run.timer.start();
    spin(black_box(SPINS));
    let Some(ticks) = run.timer.stop() else {
        fail("calibration wrapped")
    };
    run.cal = Calibration {
        insns: 2 * u64::from(SPINS),
        ticks: u64::from(ticks),
    };
    hprintln!(
        "CALIBRATION {} instructions in {} ticks: {}.{:02} instructions per tick \
         (exact only under QEMU -icount shift=0)",
        run.cal.insns,
        ticks,
        run.cal.insns / u64::from(ticks.max(1)),
        run.cal.insns * 100 / u64::from(ticks.max(1)) % 100
    );

    let mut keys: KeySet<KEYS> = KeySet::new();
    let (loaded, fig) = measure(&mut run.timer, &mut || keys.load_jwks(fixtures::JWKS));
    let usable = usize::from(cfg!(feature = "rsa")) * fixtures::JWKS_RSA_KEYS
        + usize::from(cfg!(feature = "ecdsa")) * fixtures::JWKS_EC_KEYS;
    let want = LoadReport {
        added: usable,
        skipped: fixtures::JWKS_KEYS - usable,
    };
    let got = match loaded {
        Ok(r) if r == want => "loaded",
        Ok(r) => {
            hprintln!("load_jwks: added {} skipped {}", r.added, r.skipped);
            "wrong-count"
        }
        Err(e) => e.code(),
    };
    run.report("load_jwks", got, "loaded", &fig);

    #[cfg(feature = "ecdsa")]
    run.token_cases("es256", &keys, fixtures::ES256);
    #[cfg(feature = "rsa")]
    run.token_cases("rs256_2048", &keys, fixtures::RS256_2048);
    #[cfg(feature = "rsa")]
    run.token_cases("rs256_4096", &keys, fixtures::RS256_4096);

    if run.failures == 0 {
        hprintln!("RESULT PASS: {} checks", run.checks);
        debug::exit(debug::EXIT_SUCCESS);
    } else {
        hprintln!("RESULT FAIL: {} of {} checks", run.failures, run.checks);
        debug::exit(debug::EXIT_FAILURE);
    }
    loop {
        cortex_m::asm::wfi();
    }
}

fn fail(why: &str) -> ! {
    hprintln!("RESULT FAIL: {}", why);
    debug::exit(debug::EXIT_FAILURE);
    loop {
        cortex_m::asm::wfi();
    }
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    hprintln!("PANIC {}", info);
    fail("panic")
}

#[exception]
unsafe fn HardFault(frame: &ExceptionFrame) -> ! {
    hprintln!("HARDFAULT at pc={:#010x}", frame.pc());
    fail("hard fault")
}
