#!/usr/bin/env bash
# Builds the C library for microcontrollers: libidgate_ffi.a with no `std` and no allocator
# (`--no-default-features`), panic = "abort", opt-level "z", for
#
#   thumbv6m-none-eabi            Cortex-M0/M0+
#   thumbv7m-none-eabi            Cortex-M3 (the lm3s6965evb firmware, examples/cortex-m-c)
#   thumbv7em-none-eabihf         Cortex-M4F/M7F (the mps2-an386 firmware)
#   riscv32imac-unknown-none-elf  RISC-V 32
#
# with the algorithms a device typically verifies (rsa,es256; override with IDGATE_FEATURES),
# and thumbv7em-none-eabihf once more with every algorithm. Each archive is then checked:
#   * it exports exactly the functions declared in ffi/include/idgate.h (the same header as the
#     host build), plus the weak default idgate_panic_hook;
#   * it neither defines nor needs malloc/calloc/realloc/free or a Rust allocator.
# Then clippy lints the no_std build (the host lint never compiles the panic handler).
#
# Output: target/<target>/release-device/libidgate_ffi.a (every-algorithm build:
# target/device-all/<target>/release-device/). Usage: ffi/scripts/build-device-libs.sh [target...]
# Needs: cargo, the rustup targets (scripts/install-prereqs.sh), nm (binutils).
set -euo pipefail
cd "$(dirname "$0")/../.."

features=${IDGATE_FEATURES:-rsa,es256}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(thumbv6m-none-eabi thumbv7m-none-eabi thumbv7em-none-eabihf
    riscv32imac-unknown-none-elf)
# The workspace release profile (fat LTO, one codegen unit, panic = "abort") at opt-level "z":
# flash matters more than speed on a device.
# sha2 without unrolled rounds (as examples/cortex-m does): SHA-512 alone shrinks from 26 KiB to
# a few KiB of flash. The dependencies' panic locations are made relative to cargo's registry,
# so the flash figures do not depend on where CARGO_HOME is.
registry="${CARGO_HOME:-$HOME/.cargo}/registry/src/"
profile=(--profile release-device --config 'profile.release-device.inherits="release"'
    --config 'profile.release-device.opt-level="z"'
    --config "build.rustflags=[\"--cfg\", \"sha2_backend_soft=\\\"compact\\\"\", \"--remap-path-prefix=$registry=\"]")

build() { # target features target-dir
    echo "== libidgate_ffi.a: $1, features $2"
    cargo rustc -q -p idgate-ffi --target "$1" --no-default-features --features "$2" \
        "${profile[@]}" --target-dir "$3" --crate-type staticlib
    check "$3/$1/release-device/libidgate_ffi.a"
}

# The functions the header declares, less the hook the library only calls (defined weakly).
header_fns=$(grep -oE '\bidgate_[a-z0-9_]+\(' ffi/include/idgate.h | tr -d '(' \
    | grep -vx idgate_panic_hook | sort -u)

check() { # archive
    local lib=$1 symbols exported missing extra alloc
    # nm complains about members without symbols; its status is not the verdict.
    symbols=$(nm -g "$lib" 2>/dev/null || true)
    exported=$(echo "$symbols" | awk '$2 == "T" && $3 ~ /^idgate_/ { print $3 }' | sort -u)
    missing=$(comm -23 <(echo "$header_fns") <(echo "$exported"))
    extra=$(comm -13 <(echo "$header_fns") <(echo "$exported"))
    if [ -n "$missing$extra" ]; then
        echo "FAIL: $lib and idgate.h differ: missing [${missing//$'\n'/ }] extra [${extra//$'\n'/ }]" >&2
        exit 1
    fi
    if ! grep -qE '^[0-9a-f]+ W idgate_panic_hook$' <<<"$symbols"; then
        echo "FAIL: $lib has no weak default idgate_panic_hook" >&2
        exit 1
    fi
    alloc=$(echo "$symbols" | grep -E ' [UTW] (malloc|calloc|realloc|free|_malloc_r|_free_r|__rust_alloc|__rust_dealloc|__rust_realloc|__rust_alloc_zeroed)$' || true)
    if [ -n "$alloc" ]; then
        echo "FAIL: $lib uses an allocator:" >&2
        echo "$alloc" >&2
        exit 1
    fi
    printf '   %s: %d exported functions (= idgate.h), weak idgate_panic_hook, no allocator, %d bytes\n' \
        "$lib" "$(echo "$exported" | wc -l)" "$(stat -c %s "$lib")"
}

for target in "${targets[@]}"; do
    build "$target" "$features" target
done
if [ $# -eq 0 ]; then
    build thumbv7em-none-eabihf rsa,ecdsa,eddsa,hmac target/device-all
    # The host lint (cargo clippy --workspace) never sees the no_std code (the panic handler).
    echo "== clippy: idgate-ffi, no_std, thumbv7em-none-eabihf"
    cargo clippy -q -p idgate-ffi --target thumbv7em-none-eabihf --no-default-features \
        --features "$features" -- -D warnings
fi
echo "build-device-libs.sh: PASS"
