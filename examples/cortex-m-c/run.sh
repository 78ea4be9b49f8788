#!/usr/bin/env bash
# The C firmware in CI: builds the device C libraries (ffi/scripts/build-device-libs.sh: four
# targets, no std, no allocator), builds the C firmware for two QEMU boards against them, runs
# each, and checks its exit status, its output and the budgets:
#
#   flash taken by idgate   <= 64 KiB  the input sections of libidgate_ffi.a members (idgate,
#                                      its Rust dependencies, compiler_builtins) that the link
#                                      kept in the flash image, summed from the link map
#   stack per verify        <= 8 KiB   high-water mark of each idgate_verify call on painted
#                                      stack (largest of the valid/tampered/expired runs)
#   instructions per verify <= 10 M    SysTick ticks under QEMU -icount shift=0, calibrated
#                                      against a loop of known length (an estimate)
#   no allocator            malloc, free, calloc, realloc, _sbrk absent from the ELF (nm)
#   panic hook              the firmware's own idgate_panic_hook replaced the weak default; a
#                           variant without it links the library's default, which must trap
#
# The figures go to README.md between the "cortex-m-c figures" markers:
#   run.sh            same as --check
#   run.sh --check    fail if README.md's block differs from this run's figures (exactly with
#                     the toolchain the block records; within 10 % with another one, warning)
#   run.sh --write    rewrite README.md's block
# Needs (scripts/install-prereqs.sh): cargo and the rustup targets, gcc-arm-none-eabi,
# libnewlib-arm-none-eabi, qemu-system-arm, python3.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mode=${1:---check}
case "$mode" in --check | --write) ;; *) echo "usage: run.sh [--check|--write]" >&2; exit 2 ;; esac

for tool in cargo arm-none-eabi-gcc arm-none-eabi-nm arm-none-eabi-size qemu-system-arm python3 timeout; do
    command -v "$tool" >/dev/null || { echo "run.sh: $tool not found" >&2; exit 2; }
done

FLASH_BUDGET=$((64 * 1024))
STACK_BUDGET=$((8 * 1024))
INSNS_BUDGET=10000000
BOARDS=(lm3s6965evb mps2-an386)

"$root/ffi/scripts/build-device-libs.sh"

failed=0
fail() { echo "run.sh: FAIL: $*" >&2; failed=1; }
declare -A fig

for board in "${BOARDS[@]}"; do
    echo "== C firmware, $board"
    make -s -C "$here" BOARD="$board" >/dev/null
    elf="$here/build/$board/firmware.elf"
    log="$here/build/$board/qemu.log"
    case "$board" in
        lm3s6965evb) machine=(-machine lm3s6965evb -cpu cortex-m3) ;;
        mps2-an386) machine=(-machine mps2-an386 -cpu cortex-m4) ;;
    esac
    status=0
    timeout 120 qemu-system-arm "${machine[@]}" -nographic -monitor none -serial none \
        -semihosting-config enable=on,target=native -icount shift=0 -kernel "$elf" \
        </dev/null >"$log" 2>&1 || status=$?
    cat "$log"
    if [ "$status" -ne 0 ] || ! grep -q '^RESULT PASS' "$log"; then
        fail "$board: firmware exited with status $status"
    fi

    # Flash taken by idgate, and the whole image.
    idgate=$(python3 "$here/flash_by_archive.py" "$here/build/$board/firmware.map" libidgate_ffi.a)
    total=$(arm-none-eabi-size -A "$elf" | awk '$1 ~ /^\.(isr_vector|text|rodata|ARM\.exidx|data)$/ { s += $2 } END { print s + 0 }')
    ram=$(arm-none-eabi-size -A "$elf" | awk '$1 == ".data" || $1 == ".bss" { s += $2 } END { print s + 0 }')
    [ "$idgate" -gt 0 ] || fail "$board: no idgate sections in the link map"
    [ "$idgate" -le "$FLASH_BUDGET" ] || fail "$board: idgate takes $idgate B of flash > $FLASH_BUDGET"

    # Stack and instructions per verify, per algorithm (largest over its three cases).
    for alg in rs256_2048 es256; do
        read -r n stack insns < <(awk -v p="CASE ${alg}_" 'index($0, p) == 1 && / OK / {
            n++; for (i = 1; i <= NF; i++) {
                if ($i ~ /^stack=/) { v = substr($i, 7) + 0; if (v > s) s = v }
                if ($i ~ /^insns=/) { v = substr($i, 7) + 0; if (v > m) m = v } } }
            END { print n + 0, s + 0, m + 0 }' "$log")
        [ "$n" -eq 3 ] || fail "$board: $alg: $n of 3 cases passed"
        [ "$stack" -gt 0 ] && [ "$stack" -le "$STACK_BUDGET" ] || fail "$board: $alg stack $stack B (budget $STACK_BUDGET)"
        [ "$insns" -gt 0 ] && [ "$insns" -le "$INSNS_BUDGET" ] || fail "$board: $alg $insns instructions (budget $INSNS_BUDGET)"
        fig[$board,$alg,stack]=$stack
        fig[$board,$alg,insns]=$insns
    done

    # No allocator, and the firmware's panic hook (strong) replaced the library's weak one.
    symbols=$(arm-none-eabi-nm "$elf")
    alloc=$(grep -E ' (malloc|free|calloc|realloc|_malloc_r|_free_r|_calloc_r|_realloc_r|_sbrk|_sbrk_r|__rust_alloc)$' <<<"$symbols" || true)
    [ -z "$alloc" ] || fail "$board: allocator symbols linked: $alloc"
    grep -qE ' T idgate_panic_hook$' <<<"$symbols" || fail "$board: idgate_panic_hook is not the firmware's"
    # Without the firmware's hook the library's weak default is linked instead, and traps: the
    # variant calls it first thing and must end in the HardFault handler (exit status 4).
    grep -qE ' W idgate_panic_hook$' <<<"$(arm-none-eabi-nm "$here/build/$board/firmware-default-hook.elf")" \
        || fail "$board: the library's default idgate_panic_hook is not linked without the firmware's"
    status=0
    timeout 60 qemu-system-arm "${machine[@]}" -nographic -monitor none -serial none \
        -semihosting-config enable=on,target=native -kernel "$here/build/$board/firmware-default-hook.elf" \
        </dev/null >"$log.default-hook" 2>&1 || status=$?
    if [ "$status" -ne 4 ] || ! grep -q '^FAULT hardfault' "$log.default-hook"; then
        cat "$log.default-hook"
        fail "$board: the default idgate_panic_hook did not trap (status $status, want 4)"
    else
        echo "   default idgate_panic_hook: traps (HardFault, status 4)"
    fi
    keyset=$(sed -n 's/.*keyset_size=\([0-9]*\).*/\1/p' "$log")

    fig[$board,idgate]=$idgate
    fig[$board,total]=$total
    fig[$board,ram]=$ram
    fig[$board,keyset]=${keyset:-?}
    printf '   flash taken by idgate %d B (budget %d), whole image %d B, static RAM %d B\n' \
        "$idgate" "$FLASH_BUDGET" "$total" "$ram"
done

kib() { awk -v b="$1" 'BEGIN { printf "%d B (%.1f KiB)", b, b / 1024 }'; }
mega() { awk -v n="$1" 'BEGIN { printf "%.2f M", n / 1000000 }'; }
row() { # label key formatter budget
    local cells=""
    for board in "${BOARDS[@]}"; do cells+=" $($3 "${fig[$board,$2]}") |"; done
    echo "| $1 |$cells $4 |"
}
ident() { echo "$1"; }
block=$(
    echo '<!-- BEGIN cortex-m-c figures: written by `examples/cortex-m-c/run.sh --write`, checked by CI (`--check`); do not edit -->'
    echo '| C firmware, `libidgate_ffi.a` with `rsa,es256` (opt-level "z", LTO) | `lm3s6965evb` (Cortex-M3, thumbv7m) | `mps2-an386` (Cortex-M4F, thumbv7em-eabihf) | budget |'
    echo '|---|---|---|---|'
    row "flash taken by idgate (its archive's sections in the link map)" idgate kib "64 KiB"
    row "whole firmware image (C code, newlib-nano, fixtures)" total kib "—"
    row "stack high-water per verify, RS256-2048" rs256_2048,stack kib "8 KiB"
    row "stack high-water per verify, ES256" es256,stack kib "8 KiB"
    row "instructions per verify, RS256-2048" rs256_2048,insns mega "10 M"
    row "instructions per verify, ES256" es256,insns mega "10 M"
    row "static RAM (.data + .bss)" ram kib "—"
    row "\`idgate_keyset_size()\` (8 keys)" keyset ident "—"
    echo "| \`malloc\` / \`free\` linked | no | no | none |"
    echo
    echo "Toolchain: $(rustc --version | cut -d' ' -f1-2), $(arm-none-eabi-gcc --version | head -n 1), $(qemu-system-arm --version | head -n 1 | sed 's/ (.*//')."
    echo '<!-- END cortex-m-c figures -->'
)
echo "$block"

readme="$root/README.md"
current=$(sed -n '/^<!-- BEGIN cortex-m-c figures/,/^<!-- END cortex-m-c figures -->/p' "$readme")
if [ "$mode" = --write ]; then
    if [ -z "$current" ]; then
        echo "run.sh: README.md has no cortex-m-c figures block to rewrite" >&2
        exit 1
    fi
    python3 - "$readme" "$block" <<'PY'
import re, sys
path, block = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
pattern = re.compile(r"^<!-- BEGIN cortex-m-c figures.*?^<!-- END cortex-m-c figures -->$", re.S | re.M)
text, n = pattern.subn(lambda _: block, text, count=1)
assert n == 1
open(path, "w", encoding="utf-8").write(text)
PY
    echo "run.sh: README.md figures rewritten"
elif [ "$current" != "$block" ]; then
    diff <(echo "$current") <(echo "$block") >&2 || true
    # With the toolchain recorded in the block the figures must match exactly; with another
    # one (a newer rustc on a fresh CI machine) each number may differ by at most 10 %, and the
    # run warns that the figures should be re-measured. The budgets are checked either way.
    if python3 - "$current" "$block" <<'PY'
import re, sys
old, new = (t.splitlines() for t in sys.argv[1:3])
tool = lambda lines: [l for l in lines if l.startswith("Toolchain:")]
if tool(old) == tool(new) or len(old) != len(new):
    sys.exit(1)
num = re.compile(r"\d+(?:\.\d+)?")
for a, b in zip(old, new):
    if a.startswith("Toolchain:"):
        continue
    if num.sub("#", a) != num.sub("#", b):
        sys.exit(1)
    for x, y in zip(num.findall(a), num.findall(b)):
        x, y = float(x), float(y)
        if abs(x - y) > 0.10 * max(abs(x), abs(y)):
            sys.exit(1)
PY
    then
        echo "run.sh: WARNING: another toolchain than README.md's: figures within 10 %; re-measure with --write" >&2
    else
        fail "README.md's cortex-m-c figures differ from this run (run examples/cortex-m-c/run.sh --write)"
    fi
fi

if [ "$failed" -ne 0 ]; then
    echo "run.sh: FAIL" >&2
    exit 1
fi
echo "run.sh: PASS"
