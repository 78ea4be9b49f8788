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
