//! Stack high-water of one `verify` per algorithm, measured (x86_64 or whatever this runs on,
//! bench profile: release, LTO).
//!
//! Safe Rust cannot paint and read back a stack, so this measures by failure: a child process
//! runs, on a thread with a fixed 256 KiB stack, a recursion `depth` levels deep (small
//! frames), then one `verify` at the bottom. A binary search finds the deepest recursion
//! that still leaves room for the verification; the stack a verification needs is then the
//! distance from that point to where the deepest recursion with a no-op call at the bottom
//! could go. Distances are measured inside each child from the thread's first frame to the
//! bottom frame (addresses of locals), so address-space randomisation does not matter.
//! Resolution: one recursion frame (printed). The key set and the scratch buffer are not on
//! the measured stack (the key set is borrowed from the main thread, scratch is a `Vec`).
//!
//! `cargo bench -p idgate-bench --bench stack`

mod common;

use std::hint::black_box;
use std::io::Write as _;
use std::process::{Command, Stdio};

use common::{Case, Env};
use idgate::{scratch_len, verify};

const THREAD_STACK: usize = 256 * 1024;

/// Address of a local in the current frame.
#[inline(always)]
fn here(x: &[u8; 32]) -> usize {
    std::ptr::from_ref(black_box(x)).addr()
}

/// Recurses `depth` levels, then reports how far below `top` the bottom frame is and calls
/// `f` there.
#[inline(never)]
fn descend(depth: usize, top: usize, f: &mut dyn FnMut() -> bool) -> bool {
    let pad = [depth as u8; 32];
    if depth == 0 {
        let mut out = std::io::stdout().lock();
        writeln!(out, "{}", top - here(&pad)).unwrap();
        out.flush().unwrap();
        return f();
    }
    let ok = descend(depth - 1, top, f);
    black_box(&pad);
    ok
}

fn cases(env: &Env) -> Vec<Case> {
    vec![
        env.case("RS256-2048", "rs256_rsa2048"),
        env.case("RS256-4096", "rs256_rsa4096"),
        env.case("PS256-2048", "ps256_rsa2048"),
        env.case("ES256", "es256"),
        env.case("ES384", "es384"),
        env.case("ES512", "es512"),
        env.case("EdDSA", "eddsa"),
        env.case("HS256", "hs256"),
        env.case("ES256-10KiB", "large_groups"),
    ]
}

/// Child: `--probe <label|noop> <depth>`; exit status 0 if the call returned success.
fn probe(label: &str, depth: usize) -> ! {
    let env = Env::load();
    let case = cases(&env).into_iter().find(|c| c.label == label);
    let keys = case.as_ref().map(Case::keyset);
    let policy = env.policy(true);
    let mut scratch = vec![0u8; scratch_len(16384)];
    let ok = std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(THREAD_STACK)
            .spawn_scoped(s, || {
                let top_pad = [0u8; 32];
                let top = here(&top_pad);
                let mut call = || match (&case, &keys) {
                    (Some(c), Some(k)) => verify(
                        black_box(c.token.as_bytes()),
                        k,
                        &policy,
                        env.now,
                        &mut scratch,
                    )
                    .is_ok(),
                    _ => black_box(true),
                };
                let ok = descend(depth, top, &mut call);
                black_box(&top_pad);
                ok
            })
            .unwrap()
            .join()
            .unwrap()
    });
    std::process::exit(if ok { 0 } else { 1 })
}

/// Runs one probe; `Some(distance of the bottom frame)` if it passed.
fn run(label: &str, depth: usize) -> Option<usize> {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--probe", label, &depth.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .output()
        .unwrap();
    let dist = String::from_utf8_lossy(&out.stdout).trim().parse().ok();
    if out.status.success() { dist } else { None }
}

/// The deepest passing depth and its bottom-frame distance.
fn deepest(label: &str) -> (usize, usize) {
    let (mut lo, mut hi) = (0usize, THREAD_STACK / 16);
    let mut best = run(label, 0).unwrap_or_else(|| panic!("{label} fails with no recursion"));
    while lo + 1 < hi {
        let mid = (lo + hi) / 2;
        match run(label, mid) {
            Some(d) => {
                lo = mid;
                best = d;
            }
            None => hi = mid,
        }
    }
    (lo, best)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--probe") {
        probe(&args[i + 1], args[i + 2].parse().unwrap());
    }
    // Criterion-style filters and flags (`--bench`, ...) are ignored: this is not a timing.
    let env = Env::load();
    let (noop_depth, noop_dist) = deepest("noop");
    let frame = run("noop", 1).unwrap() - run("noop", 0).unwrap();
    println!(
        "stack high-water of one verify ({} {}, bench profile), resolution {frame} B:",
        std::env::consts::ARCH,
        std::env::consts::OS
    );
    println!("{:<14} {:>8}", "case", "bytes");
    for case in cases(&env) {
        let (_, dist) = deepest(case.label);
        let bytes = noop_dist - dist;
        println!("{:<14} {:>8}", case.label, bytes);
    }
    let _ = noop_depth;
}
