#!/usr/bin/env bash
# Checks idgate's embedded budgets (see README.md) against the ELF files and QEMU logs that
# run.sh leaves in target/budgets/<config>/ (config: full = rsa+ecdsa, rsa, ecdsa).
#
#   flash: .text + .rodata of flash-probe minus that of flash-empty (the same skeleton without
#          idgate): the verification code (JWKS load, RS256 + ES256 verify, ID-token policy).
#          Budget 64 KiB for rsa+ecdsa; rsa alone and ecdsa alone are reported.
#   stack: the high-water mark of one full verify, as printed by the firmware (largest of the
#          valid, tampered and expired runs). Budget 8 KiB for ES256 and RS256-2048,
#          12 KiB for RS256-4096.
#
# Usage: check-budgets.sh [dir]   (default: target/budgets next to this script)
# Needs arm-none-eabi-size. Exits 1 if a budget is exceeded or a figure is missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="${1:-$here/target/budgets}"

FLASH_BUDGET=$((64 * 1024))
STACK_BUDGET_ES256=$((8 * 1024))
STACK_BUDGET_RS2048=$((8 * 1024))
STACK_BUDGET_RS4096=$((12 * 1024))

fail=0

# .text + .rodata of an ELF, in bytes.
flash() {
    arm-none-eabi-size -A "$1" | awk '$1 == ".text" || $1 == ".rodata" { s += $2 } END { print s + 0 }'
}

check() { # name value budget
    if [ "$2" -le "$3" ]; then
        printf '  %-34s %7d B  (%6.1f KiB)  budget %6d B  PASS\n' "$1" "$2" "$(echo "$2" | awk '{print $1/1024}')" "$3"
    else
        printf '  %-34s %7d B  (%6.1f KiB)  budget %6d B  FAIL\n' "$1" "$2" "$(echo "$2" | awk '{print $1/1024}')" "$3"
        fail=1
    fi
}

echo "flash (.text + .rodata, opt-level z, LTO, thumbv7m-none-eabi):"
for config in full rsa ecdsa; do
    d="$dir/$config"
    if [ ! -f "$d/flash-probe" ] || [ ! -f "$d/flash-empty" ]; then
        echo "  $config: no ELF files in $d"
        [ "$config" = full ] && fail=1
        continue
    fi
    probe=$(flash "$d/flash-probe")
    empty=$(flash "$d/flash-empty")
    firmware=$(flash "$d/idgate-cortex-m")
    code=$((probe - empty))
    case "$config" in
        full) check "verification code, rsa+ecdsa" "$code" "$FLASH_BUDGET" ;;
        *) printf '  %-34s %7d B  (%6.1f KiB)  (reported)\n' "verification code, $config only" "$code" "$(echo "$code" | awk '{print $1/1024}')" ;;
    esac
    printf '  %-34s %7d B  (whole test firmware, with fixtures and printing)\n' "  firmware, $config" "$firmware"
done

log="$dir/full/qemu.log"
echo "stack high-water per verify (painted stack, firmware with rsa+ecdsa):"
if [ ! -f "$log" ]; then
    echo "  no QEMU log at $log"
    exit 1
fi
# Largest stack= figure over the CASE lines of one algorithm; empty if there is none.
stack_of() {
    awk -v p="CASE $1_" 'index($0, p) == 1 {
        for (i = 1; i <= NF; i++) if ($i ~ /^stack=/) { v = substr($i, 7) + 0; if (v > m) m = v; n++ }
    } END { if (n) print m }' "$log"
}
insns_of() {
    awk -v p="CASE $1_valid " 'index($0, p) == 1 {
        for (i = 1; i <= NF; i++) if ($i ~ /^insns=/) print substr($i, 7)
    }' "$log"
}
for alg in es256 rs256_2048 rs256_4096; do
    case "$alg" in
        es256) budget=$STACK_BUDGET_ES256 ;;
        rs256_2048) budget=$STACK_BUDGET_RS2048 ;;
        rs256_4096) budget=$STACK_BUDGET_RS4096 ;;
    esac
    s=$(stack_of "$alg")
    if [ -z "$s" ]; then
        if [ "$alg" = rs256_4096 ] && grep -q "^CASE rs256_4096 skipped" "$log"; then
            echo "  $alg: skipped (no fixture)"
        else
            echo "  $alg: no figure in $log  FAIL"
            fail=1
        fi
        continue
    fi
    check "$alg" "$s" "$budget"
done

echo "instructions per valid verify (QEMU -icount shift=0, SysTick calibrated; an estimate):"
grep '^CALIBRATION' "$log" | sed 's/^/  /' || true
for alg in es256 rs256_2048 rs256_4096; do
    i=$(insns_of "$alg")
    [ -n "$i" ] && printf '  %-34s %12d\n' "$alg" "$i"
done
echo "static RAM:"
grep '^SIZE' "$log" | sed 's/^/  /' || true

if [ "$fail" -ne 0 ]; then
    echo "check-budgets.sh: FAIL"
    exit 1
fi
echo "check-budgets.sh: PASS"
