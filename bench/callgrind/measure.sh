#!/usr/bin/env bash
# Instructions per operation under callgrind (deterministic; the machine's load does not
# matter): parse_only (idgate::__fuzz::verify_without_signature) on the RS256-2048, ES256 and
# HS256 fixture tokens, HS256 full verify, idgate's HMAC alone (Key::verify), the `hmac` crate's
# bare HMAC, and base64ct + serde_json (borrowed) decoding as bench/benches/peers.rs does it.
# Only the N calls inside idgate_callgrind::run_* are counted (--toggle-collect).
#
#   bench/callgrind/measure.sh          instruction counts (N=20 calls each)
#   bench/callgrind/measure.sh time     same-process timing, fastest of 40 batches, and the
#                                       ratios of #16 target 4 (noisy on a loaded machine)
#   bench/callgrind/measure.sh load [op...]
#                                       key loading (#16 target 5), one call each (src/load.rs):
#       load4    KeySet::load_jwks of the `jwks` benchmark's 4-key document
#       reload4  the same into a set that holds keys (checked whole first, then loaded)
#       rsa2048, rsa4096, p256, ed25519   the same with that one key alone
#       es256    one full verify of the fixture ES256 token (7-key fixture key set)
#     (default: all; ANNOTATE=1 prints the inclusive profile of each; ICOUNT_TIME=n also
#     prints the mean wall time of n more runs)
#   [CASE=rs256_rsa2048] bench/callgrind/measure.sh stages
#                                       the HS256 (or CASE) fixture token's verify taken apart (#16
#                                       target 4's floor, src/stages.rs): instructions per
#                                       stage (N calls each), then every stage timed in one
#                                       process (fastest of 40 batches)
#
# Under valgrind, SHA-256 runs its portable code (the CPU's SHA extensions are not reported),
# so the HMAC counts are not comparable with a native run; compare them with each other only.
# Profiles stay in bench/callgrind/target/cg/ for callgrind_annotate.
set -euo pipefail
cd "$(dirname "$0")"
# The workspace's versions of the shared dependencies.
[ -f Cargo.lock ] || cp ../../Cargo.lock Cargo.lock
cargo build -q --release
bin=target/release/idgate-callgrind
if [ "${1:-}" = time ]; then
    exec "$bin" time x
fi
if [ "${1:-}" = stages ]; then
    N=${N:-20}
    out=target/cg
    mkdir -p "$out"
    printf '%-12s %10s\n' stage 'Ir/op'
    "$bin" stages list | while IFS=$'\t' read -r stage _; do
        f=$out/stage.$stage.out
        valgrind --tool=callgrind --collect-atstart=no \
            --toggle-collect='idgate_callgrind::stages::measured' \
            --callgrind-out-file="$f" "$bin" stages cg "$stage" "$N" >/dev/null 2>&1
        n=$(sed -n 's/^totals: *//p' "$f")
        printf '%-12s %10s\n' "$stage" "$(printf "%'d" $((n / N)))"
    done
    echo
    exec "$bin" stages time
fi
if [ "${1:-}" = load ]; then
    shift
    ops=("$@")
    [ ${#ops[@]} -gt 0 ] || ops=(load4 reload4 rsa2048 rsa4096 p256 ed25519 es256)
    out=target/cg
    mkdir -p "$out"
    for op in "${ops[@]}"; do
        f=$out/load.$op.out
        valgrind --tool=callgrind --collect-atstart=no \
            --toggle-collect='idgate_callgrind::load::measured' \
            --callgrind-out-file="$f" "$bin" load "$op" 2>/dev/null
        n=$(sed -n 's/^totals: *//p' "$f")
        printf '%-8s %12s\n' "$op" "$(printf "%'d" "$n")"
        if [ -n "${ANNOTATE:-}" ]; then
            callgrind_annotate --inclusive=yes "$f" 2>/dev/null | sed -n '1,40p'
        fi
    done
    exit 0
fi
N=${N:-20}
out=target/cg
mkdir -p "$out"
for spec in "parse rs256_rsa2048" "parse es256" "parse hs256" "full hs256" "keyverify hs256" \
    "hmac hs256" "serde rs256_rsa2048" "serde hs256"; do
    set -- $spec
    f=$out/$1.$2.out
    valgrind --tool=callgrind --collect-atstart=no --toggle-collect='idgate_callgrind::run_*' \
        --callgrind-out-file="$f" "$bin" "$1" "$2" "$N" >/dev/null 2>&1
    ir=$(grep -E '^(summary|totals):' "$f" | head -1 | awk '{print $2}')
    printf '%-10s %-15s %8d Ir/op\n' "$1" "$2" $((ir / N))
done
