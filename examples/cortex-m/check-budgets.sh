#!/usr/bin/env bash
# Checks idgate's embedded budgets (see README.md) against the ELF files and QEMU logs that
# run.sh leaves in target/budgets/<config>/ (config: full = rsa+ecdsa, rsa, ecdsa), and writes
# every figure it read to target/budgets/figures.txt (`key value` lines), which
# scripts/figures.py turns into the README tables.
#
#   flash: .text + .rodata of flash-probe minus that of flash-empty (the same skeleton without
#          idgate): the verification code (JWKS load, RS256 + ES256 verify, ID-token policy).
#          Budget 64 KiB for rsa+ecdsa; rsa alone and ecdsa alone are reported.
#   stack: the high-water mark of one full verify, as printed by the firmware (largest of the
#          valid, tampered and expired runs). Budget 8 KiB for ES256 and RS256-2048,
#          12 KiB for RS256-4096, in every configuration that has the algorithm.
#
# Every configuration must have its ELF files and its log, and every log must hold each of
# its cases (valid, tampered, expired per algorithm, all OK) with a stack figure, the
# instructions of the valid run, the load_jwks figures, the calibration and the SIZE lines.
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
figures="$dir/figures.txt"
: >"$figures"
fig() { printf '%s %s\n' "$1" "$2" >>"$figures"; }
missing() { echo "  $1  FAIL"; fail=1; }
fig budget.flash "$FLASH_BUDGET"
fig budget.stack.es256 "$STACK_BUDGET_ES256"
fig budget.stack.rs256_2048 "$STACK_BUDGET_RS2048"
fig budget.stack.rs256_4096 "$STACK_BUDGET_RS4096"

# .text + .rodata of an ELF, in bytes.
flash() {
    arm-none-eabi-size -A "$1" | awk '$1 == ".text" || $1 == ".rodata" { s += $2 } END { print s + 0 }'
}

check() { # name value budget
    local verdict=PASS
    [ "$2" -le "$3" ] || { verdict=FAIL; fail=1; }
    printf '  %-34s %7d B  (%6.1f KiB)  budget %6d B  %s\n' "$1" "$2" "$(echo "$2" | awk '{print $1/1024}')" "$3" "$verdict"
}

algs_of() {
    case "$1" in
        full) echo "es256 rs256_2048 rs256_4096" ;;
        rsa) echo "rs256_2048 rs256_4096" ;;
        ecdsa) echo "es256" ;;
    esac
}

echo "flash (.text + .rodata, opt-level z, LTO, thumbv7m-none-eabi):"
for config in full rsa ecdsa; do
    d="$dir/$config"
    if [ ! -f "$d/flash-probe" ] || [ ! -f "$d/flash-empty" ] || [ ! -f "$d/idgate-cortex-m" ]; then
        missing "$config: no ELF files in $d"
        continue
    fi
    probe=$(flash "$d/flash-probe")
    empty=$(flash "$d/flash-empty")
    firmware=$(flash "$d/idgate-cortex-m")
    code=$((probe - empty))
    if [ "$code" -le 0 ]; then
        missing "$config: verification code measures $code bytes"
    fi
    case "$config" in
        full) check "verification code, rsa+ecdsa" "$code" "$FLASH_BUDGET" ;;
        *) printf '  %-34s %7d B  (%6.1f KiB)  (reported)\n' "verification code, $config only" "$code" "$(echo "$code" | awk '{print $1/1024}')" ;;
    esac
    printf '  %-34s %7d B  (whole test firmware, with fixtures and printing)\n' "  firmware, $config" "$firmware"
    fig "flash.$config" "$code"
    fig "firmware.$config" "$firmware"
done

# The value of key=... on the first line of the log that starts with prefix; empty if none.
field() { # log prefix key
    awk -v p="$2" -v k="$3=" 'index($0, p) == 1 {
        for (i = 1; i <= NF; i++) if (index($i, k) == 1) { print substr($i, length(k) + 1); exit }
    }' "$1"
}

for config in full rsa ecdsa; do
    log="$dir/$config/qemu.log"
    echo "stack high-water per verify and instructions (painted stack, firmware $config):"
    if [ ! -f "$log" ]; then
        missing "no QEMU log at $log"
        continue
    fi
    for alg in $(algs_of "$config"); do
        case "$alg" in
            es256) budget=$STACK_BUDGET_ES256 ;;
            rs256_2048) budget=$STACK_BUDGET_RS2048 ;;
            rs256_4096) budget=$STACK_BUDGET_RS4096 ;;
        esac
        max=0
        for run in valid tampered expired; do
            line=$(grep "^CASE ${alg}_${run} " "$log" || true)
            s=$(field "$log" "CASE ${alg}_${run} " stack)
            if [ -z "$line" ] || [ -z "$s" ] || ! grep -q ' OK ' <<<"$line"; then
                missing "$config: ${alg}_${run}: no OK case with a stack figure in $log"
                continue
            fi
            [ "$s" -gt "$max" ] && max=$s
        done
        check "$alg ($config)" "$max" "$budget"
        fig "stack.$config.$alg" "$max"
        i=$(field "$log" "CASE ${alg}_valid " insns)
        if [ -z "$i" ]; then
            missing "$config: ${alg}_valid: no instruction count"
        else
            printf '  %-34s %12d instructions\n' "$alg valid verify" "$i"
            fig "insns.$config.$alg" "$i"
        fi
    done
    s=$(field "$log" "CASE load_jwks " stack)
    i=$(field "$log" "CASE load_jwks " insns)
    if [ -z "$s" ] || [ -z "$i" ] || ! grep -q '^CASE load_jwks got=loaded want=loaded OK' "$log"; then
        missing "$config: load_jwks: no OK case with stack and instructions"
    else
        printf '  %-34s %7d B  %12d instructions\n' "load_jwks" "$s" "$i"
        fig "stack.$config.load_jwks" "$s"
        fig "insns.$config.load_jwks" "$i"
    fi
    for k in 'KeySet<1>' 'KeySet<4>' 'KeySet<8>' Key; do
        v=$(field "$log" "SIZE KeySet" "$k")
        if [ -z "$v" ]; then missing "$config: no SIZE $k"; else fig "size.$config.$k" "$v"; fi
    done
    v=$(field "$log" "SIZE scratch_len" "scratch_len(2048)")
    if [ -z "$v" ]; then missing "$config: no SIZE scratch_len(2048)"; else fig "size.$config.scratch_len(2048)" "$v"; fi
    cal=$(grep '^CALIBRATION' "$log" || true)
    if [ -z "$cal" ]; then missing "$config: no CALIBRATION line"; else
        echo "  $cal"
        fig "calibration.$config.insns" "$(awk '{print $2}' <<<"$cal")"
        fig "calibration.$config.ticks" "$(awk '{print $5}' <<<"$cal")"
    fi
    grep '^SIZE' "$log" | sed 's/^/  /' || true
done

if [ "$fail" -ne 0 ]; then
    echo "check-budgets.sh: FAIL"
    exit 1
fi
echo "figures: $figures"
echo "check-budgets.sh: PASS"
