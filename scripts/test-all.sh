#!/usr/bin/env bash
# The whole test suite: what `.ci/run` runs, and what the README's test command is.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
step() { printf '\n==> [%ss] %s\n' "$(( $(date +%s) - start ))" "$*"; }

scripts/install-prereqs.sh

step "format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets -- -D warnings
# The tests and benches enable the core's `fuzzing` feature (a dev-dependency on itself);
# lint the library as users build it too, so code only `__fuzz` uses cannot hide there.
cargo clippy -q -p idgate --lib -- -D warnings
cargo clippy -q -p idgate --lib --no-default-features --features es256 -- -D warnings

step "Rust tests (core, vectors, Wycheproof, fixtures, CLI, FFI)"
# --nocapture shows the per-file Wycheproof and fixture counts.
cargo test --workspace -- --nocapture

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
for script in ffi/scripts/ci.sh examples/cortex-m/run.sh fuzz/smoke.sh; do
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

# The benches are type-checked by clippy --all-targets above; building them with the bench
# profile's fat LTO would add about six minutes and test nothing more.
step "done in $(( $(date +%s) - start ))s"
