#!/usr/bin/env bash
# Installs what the test suite needs, idempotently: rustup components and targets, the nightly
# toolchain and cargo-fuzz, cbindgen, and Debian packages (gcc, valgrind, pkg-config, qemu,
# arm binutils). Fast when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '==> %s\n' "$*"; }

rustup component add rustfmt clippy >/dev/null 2>&1 || true
log "rust targets"
rustup target add thumbv7em-none-eabihf thumbv7m-none-eabi thumbv6m-none-eabi riscv32imac-unknown-none-elf \
  i686-unknown-linux-gnu >/dev/null

need_apt=()
for pair in gcc:gcc make:make valgrind:valgrind pkg-config:pkg-config \
    qemu-system-arm:qemu-system-arm arm-none-eabi-size:binutils-arm-none-eabi python3:python3; do
  cmd=${pair%%:*}; pkg=${pair#*:}
  command -v "$cmd" >/dev/null 2>&1 || need_apt+=("$pkg")
done
# Only for the bench crate (bench/, idgate-bench): its OpenSSL peer, the `openssl` crate, links
# the system library. Nothing else in the workspace needs libssl-dev.
pkg-config --exists openssl 2>/dev/null || need_apt+=(libssl-dev)
# The RSA code has a 32-bit path (Cortex-M); the suite runs its Wycheproof tests on i686 Linux.
[ -e /usr/lib/gcc/x86_64-linux-gnu/12/32/libgcc.a ] || need_apt+=(gcc-multilib)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ -f ffi/cbindgen.toml ]; then
  want=$(sed -n 's/^# cbindgen-version: *//p' ffi/cbindgen.toml)
  if [ -n "$want" ] && ! cbindgen --version 2>/dev/null | grep -q "$want"; then
    log "cbindgen $want"
    cargo install cbindgen --version "=$want" --locked -q
  fi
fi

if [ -d fuzz ]; then
  if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    log "nightly toolchain"
    rustup toolchain install nightly --profile minimal
  fi
  if ! cargo fuzz --version >/dev/null 2>&1; then
    log "cargo-fuzz"
    cargo install cargo-fuzz --locked -q
  fi
fi
log "prerequisites ready"
