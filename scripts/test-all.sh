#!/usr/bin/env bash
# The whole test suite: what `.ci/run` runs, and what the README's test command is.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
step() { printf '\n==> [%ss] %s\n' "$(( $(date +%s) - start ))" "$*"; }

scripts/install-prereqs.sh

step "format and lints"
cargo fmt --all --check
# The bench crate (bench/, idgate-bench) turns on the core's `fuzzing` feature and builds every
# peer: it is linted on its own, and left out of the workspace runs so that neither reaches
# the CLI and FFI builds. `--features fuzzing` lints the core's `__fuzz` module.
cargo clippy --workspace --exclude idgate-bench --all-targets -- -D warnings
cargo clippy -q -p idgate-bench --all-targets -- -D warnings
cargo clippy -q -p idgate --lib --features fuzzing -- -D warnings
cargo clippy -q -p idgate --lib --no-default-features --features es256 -- -D warnings

step "Rust tests (core, vectors, Wycheproof, fixtures, CLI, FFI)"
# --nocapture shows the per-file Wycheproof and fixture counts.
cargo test --workspace --exclude idgate-bench -- --nocapture
# The typed-claims fixture is what its script writes (HS256 is deterministic).
python3 tests/data/fixtures/custom_claims.py --check

step "feature matrix: each algorithm feature alone builds, lints and passes its tests"
for feature in rsa es256 es384 es512 eddsa hmac; do
  echo "-- --no-default-features --features $feature"
  cargo clippy -q -p idgate --all-targets --no-default-features --features "$feature" -- -D warnings
  cargo test -q -p idgate --no-default-features --features "$feature" --lib --tests >/dev/null
done

step "32-bit limbs: the unit and Wycheproof tests of RSA and ECDSA on i686 (the Cortex-M arithmetic paths: RSA limbs, the P-256 field and scalars)"
cargo test -q -p idgate --target i686-unknown-linux-gnu --lib --test wycheproof_rsa \
  --test wycheproof_ecdsa_eddsa_hmac >/dev/null

step "crate documentation (docs.rs view), warnings denied"
RUSTDOCFLAGS="-D warnings" cargo doc -q -p idgate --no-deps

step "no_std builds of the core"
cargo build -q -p idgate --target thumbv7em-none-eabihf
# `alloc` and `std` are features of the dependencies, not crates: read the feature graph (the
# features enabled on every crate the core links for the device, proc macros excluded, since they
# run on the host) for the default and for every feature.
for feats in "" --all-features; do
  graph=$(cargo tree -p idgate -e normal,no-proc-macro $feats --target thumbv7em-none-eabihf \
    --prefix none --no-dedupe -f '{p} [{f}]' | sort -u)
  [ -n "$graph" ] || { echo "cargo tree printed no graph" >&2; exit 1; }
  if grep -E '[[,](alloc|std)[],]' <<<"$graph" >&2; then
    echo "the core's graph ($feats) enables alloc or std on the crates above" >&2; exit 1
  fi
done

# Each of these is part of the suite: a missing one, or one that lost its run bit, fails it.
# integrations/run-tests.sh runs the Mosquitto plugin and the nginx module in the real servers
# (it installs their Debian packages itself).
for script in ffi/scripts/ci.sh examples/cortex-m/run.sh fuzz/smoke.sh integrations/run-tests.sh; do
  if [ ! -x "$script" ]; then
    echo "$script is missing or not executable" >&2; exit 1
  fi
  step "$script"
  "$script"
done

# The README figures against what the measuring commands above printed (ffi/build/stack.txt,
# ffi/build/sizes.txt, examples/cortex-m/target/budgets/figures.txt) and the test data counts.
step "README figures (scripts/figures.py --check)"
python3 scripts/figures.py --check

# The benches (idgate-bench) are type-checked by clippy above; building and running them is
# `bench/compare.sh`, not a test.

step "C library for devices (no_std, four targets) and the C firmware on two QEMU boards"
examples/cortex-m-c/run.sh --check

step "done in $(( $(date +%s) - start ))s"
