#!/usr/bin/env bash
# CI fuzz smoke: builds every target once (cargo fuzz build -O, AddressSanitizer + LeakSanitizer),
# builds the seed corpora, then runs EVERY target for a bounded time, one at a time.
# Fails if any target crashes (panic, failed assertion), leaks, runs out of memory or times out.
#
#   fuzz/smoke.sh                  # 30 s per target
#   FUZZ_SECS=120 fuzz/smoke.sh    # longer
#   fuzz/smoke.sh json_claims ...  # only these targets
set -euo pipefail
cd "$(dirname "$0")/.."

SECS=${FUZZ_SECS:-30}
start=$(date +%s)
log() { printf '==> [%ss] %s\n' "$(( $(date +%s) - start ))" "$*"; }

# Prerequisites: the nightly toolchain and cargo-fuzz.
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  log "installing the nightly toolchain"
  rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  log "installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi
command -v python3 >/dev/null || { echo "fuzz/smoke.sh needs python3 (fuzz/seed.py)" >&2; exit 1; }

# The targets the smoke must run, exactly: `cargo fuzz list` and fuzz/fuzz_targets/*.rs must both
# name these, so a failing or empty `cargo fuzz list`, or a target added without being listed
# here (or removed), fails the smoke instead of running fewer targets.
expected=(base64url compact_split dpop_proof ecdsa_differential ffi_verify json_claims json_differential
  json_header jwks_parse rsa_differential verify_e2e verify_structured)
want=$(printf '%s\n' "${expected[@]}" | sort)
listed=$(cargo +nightly fuzz list | sort) || { echo "cargo fuzz list failed" >&2; exit 1; }
files=$(cd fuzz/fuzz_targets && ls -- *.rs | sed 's/\.rs$//' | sort)
if [ "$listed" != "$want" ] || [ "$files" != "$want" ]; then
  echo "fuzz targets differ from the expected list:" >&2
  diff <(echo "$want") <(echo "$listed") | sed 's/^/  cargo fuzz list: /' >&2 || true
  diff <(echo "$want") <(echo "$files") | sed 's/^/  fuzz_targets: /' >&2 || true
  exit 1
fi
for t in "$@"; do
  grep -qx -- "$t" <<<"$want" || { echo "unknown fuzz target: $t" >&2; exit 1; }
done

log "seed corpora"
python3 fuzz/seed.py >/dev/null

log "build (cargo +nightly fuzz build -O)"
cargo +nightly fuzz build -O

host=$(rustc +nightly -vV | sed -n 's/^host: //p')
bin="fuzz/target/$host/release"
if [ $# -gt 0 ]; then targets=("$@"); else targets=("${expected[@]}"); fi

max_len() {
  case "$1" in
    jwks_parse) echo 65536 ;;
    json_header|json_claims|json_differential|rsa_differential) echo 4096 ;;
    ecdsa_differential) echo 1024 ;;
    *) echo 16384 ;;  # tokens: compact_split, base64url, verify_*, ffi_verify, dpop_proof
  esac
}

failed=()
mkdir -p fuzz/artifacts/logs
printf '%-20s %8s %12s %8s %7s\n' target secs execs exec/s cov > fuzz/artifacts/logs/smoke-summary.txt
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  dict=()
  case "$t" in rsa_differential|ecdsa_differential|verify_structured) ;; *) dict=(-dict=fuzz/jose.dict) ;; esac
  log "run $t (${SECS}s, -max_len=$(max_len "$t"))"
  t0=$(date +%s)
  set +e
  "$bin/$t" "fuzz/corpus/$t" "${dict[@]}" \
    -max_total_time="$SECS" -max_len="$(max_len "$t")" -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix="fuzz/artifacts/$t/" -print_final_stats=1 >"fuzz/artifacts/logs/$t.log" 2>&1
  rc=$?
  set -e
  secs=$(( $(date +%s) - t0 ))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "fuzz/artifacts/logs/$t.log")
  eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "fuzz/artifacts/logs/$t.log")
  cov=$(grep -o 'cov: [0-9]*' "fuzz/artifacts/logs/$t.log" | tail -n 1 | cut -d' ' -f2)
  printf '%-20s %8s %12s %8s %7s\n' "$t" "$secs" "${execs:-?}" "${eps:-?}" "${cov:-?}" | tee -a fuzz/artifacts/logs/smoke-summary.txt
  if [ "$rc" -eq 0 ] && ! [ "${execs:-0}" -gt 0 ] 2>/dev/null; then
    echo "!! $t ran no input (see fuzz/artifacts/logs/$t.log)" >&2
    rc=1
  fi
  if [ "$rc" -ne 0 ]; then
    echo "!! $t failed (exit $rc); last lines of fuzz/artifacts/logs/$t.log:" >&2
    grep -E 'panicked|ERROR|SUMMARY|Test unit written|left|right' "fuzz/artifacts/logs/$t.log" | head -n 20 >&2 || true
    failed+=("$t")
  fi
done

cat fuzz/artifacts/logs/smoke-summary.txt
if [ ${#failed[@]} -gt 0 ]; then
  log "FAILED: ${failed[*]} (inputs in fuzz/artifacts/<target>/)"
  exit 1
fi
[ ${#targets[@]} -gt 0 ] || { echo "no fuzz target ran" >&2; exit 1; }
log "fuzz smoke passed: ${#targets[@]} targets, ${SECS}s each"
