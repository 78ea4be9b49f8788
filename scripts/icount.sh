#!/usr/bin/env bash
# Instruction counts (callgrind, deterministic) of key loading and of one ES256 verification,
# built with Cargo's default release profile (bench/icount is its own workspace):
#   load4    KeySet::load_jwks of the `jwks` benchmark's 4-key document
#   reload4  the same into a set that holds keys (checked whole first, then loaded)
#   rsa2048, rsa4096, p256, ed25519   the same with that one key alone
#   es256    one full verify of the fixture ES256 token (7-key fixture key set)
# Usage: scripts/icount.sh [op...]   (default: all). Needs valgrind.
set -euo pipefail
cd "$(dirname "$0")/../bench/icount"
cargo build --release --offline -q 2>/dev/null || cargo build --release -q
bin=target/release/idgate-icount
ops=("$@")
[ ${#ops[@]} -gt 0 ] || ops=(load4 reload4 rsa2048 rsa4096 p256 ed25519 es256)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for op in "${ops[@]}"; do
    valgrind --tool=callgrind --toggle-collect='*measured*' \
        --callgrind-out-file="$out/$op.cg" "$bin" "$op" 2>/dev/null
    n=$(sed -n 's/^totals: *//p' "$out/$op.cg")
    printf '%-8s %12s\n' "$op" "$(printf "%'d" "$n")"
    if [ -n "${ICOUNT_ANNOTATE:-}" ]; then
        callgrind_annotate --inclusive=yes "$out/$op.cg" 2>/dev/null | sed -n '1,40p'
    fi
done
