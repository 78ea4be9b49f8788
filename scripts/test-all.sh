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
if cargo tree -p idgate -e normal --target thumbv7em-none-eabihf | grep -q ' alloc'; then
  echo "the core's dependency graph pulls in alloc" >&2; exit 1
fi

for script in ffi/scripts/ci.sh examples/cortex-m/run.sh fuzz/smoke.sh; do
  if [ -x "$script" ]; then
    step "$script"
    "$script"
  fi
done

# Gateways: the Mosquitto plugin and the nginx module in the real servers (installs their
# Debian packages itself).
step "integrations/run-tests.sh"
integrations/run-tests.sh

# The benches are type-checked by clippy --all-targets above; building them with the bench
# profile's fat LTO would add about six minutes and test nothing more.
step "done in $(( $(date +%s) - start ))s"
