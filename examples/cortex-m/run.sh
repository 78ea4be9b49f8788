#!/usr/bin/env bash
# The embedded proof of idgate, for CI. Installs nothing: it needs
#   Debian packages: qemu-system-arm binutils-arm-none-eabi
#   rustup targets:  thumbv7m-none-eabi thumbv7em-none-eabihf thumbv6m-none-eabi
#                    riscv32imac-unknown-none-elf
#
# 1. builds the Cortex-M3 firmware (release: opt-level "z", LTO) for the core features
#    rsa+ecdsa, rsa alone and ecdsa alone, and runs each under QEMU (lm3s6965evb,
#    -icount shift=0), failing on any mismatch;
# 2. builds the defmt example (build only);
# 3. builds the core for thumbv7em-none-eabihf with every feature combination, and for
#    thumbv6m-none-eabi (Cortex-M0+) and riscv32imac-unknown-none-elf with all features;
# 4. checks the flash and stack budgets (check-budgets.sh).
#
# Usage: examples/cortex-m/run.sh   (from anywhere)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"

for tool in cargo qemu-system-arm arm-none-eabi-size arm-none-eabi-nm timeout; do
    command -v "$tool" >/dev/null || { echo "run.sh: $tool not found" >&2; exit 2; }
done

release="$here/target/thumbv7m-none-eabi/release"
out="$here/target/budgets"
mkdir -p "$out"
failed=0

qemu() {
    # Semihosting output goes to stdout; stdin is closed so QEMU never waits on a terminal.
    # The whole output is captured in a file before it is read.
    timeout 120 qemu-system-arm -cpu cortex-m3 -machine lm3s6965evb -nographic \
        -semihosting-config enable=on,target=native -icount shift=0 \
        -kernel "$1" </dev/null >"$2" 2>&1
}

# --- 1. firmware: build per feature set, run under QEMU -------------------------------------
# The default set (rsa ecdsa) goes last, so target/.../release holds it afterwards.
for config in ecdsa rsa full; do
    # The checks each build must run: load_jwks, then valid, tampered and expired per token.
    case "$config" in
        full) features="rsa,ecdsa"; checks=10 ;;
        rsa) features="rsa"; checks=7 ;;
        ecdsa) features="ecdsa"; checks=4 ;;
    esac
    echo "== firmware, core features: $features"
    cargo build --release --no-default-features --features "$features" --bins
    mkdir -p "$out/$config"
    for bin in idgate-cortex-m flash-probe flash-empty; do
        cp "$release/$bin" "$out/$config/$bin"
    done
    status=0
    qemu "$out/$config/idgate-cortex-m" "$out/$config/qemu.log" || status=$?
    cat "$out/$config/qemu.log"
    if [ "$status" -ne 0 ] || ! grep -qx "RESULT PASS: $checks checks" "$out/$config/qemu.log"; then
        echo "run.sh: FAIL: firmware ($features) exited with status $status;" \
            "want RESULT PASS: $checks checks" >&2
        failed=1
    fi
done

# --- 2. defmt example (build only) ----------------------------------------------------------
echo "== defmt example (build only)"
cargo build --release --features defmt --bin defmt

# --- 3. the core on other targets and feature sets ------------------------------------------
(
    cd "$root"
    for features in rsa ecdsa es256 es384 es512 eddsa hmac rsa,es256 rsa,ecdsa,eddsa,hmac rsa,ecdsa,eddsa,hmac,defmt; do
        echo "== core: thumbv7em-none-eabihf, features '${features}'"
        cargo build -p idgate --target thumbv7em-none-eabihf --no-default-features \
            --features "$features"
    done
    for target in thumbv6m-none-eabi riscv32imac-unknown-none-elf; do
        echo "== core: $target, features 'rsa,ecdsa,eddsa,hmac'"
        cargo build -p idgate --target "$target" --no-default-features \
            --features rsa,ecdsa,eddsa,hmac
    done
)

# --- 4. budgets -----------------------------------------------------------------------------
echo "== budgets"
"$here/check-budgets.sh" "$out" || failed=1

if [ "$failed" -ne 0 ]; then
    echo "run.sh: FAIL" >&2
    exit 1
fi
echo "run.sh: PASS"
