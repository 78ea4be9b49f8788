#!/usr/bin/env bash
# The gateway integrations, end to end: installs the Debian packages, builds the idgate C
# library and both modules, then tests each in its real server with real clients
# (README.md, "Gateways: Mosquitto and nginx"). Part of scripts/test-all.sh. Exits non-zero on
# any failure.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
cd "$ROOT"

"$HERE/install-deps.sh"

echo "==> build: idgate C library, Mosquitto plugin, nginx module"
make -s -C ffi lib
make -s -C integrations/mosquitto
make -s -C integrations/nginx

TOTAL_PASSED=0
TOTAL_FAILED=0
status=0
LAST=$(mktemp)
trap 'rm -f "$LAST"' EXIT
# suite TITLE COMMAND...: runs one test program, adds its closing "N passed, M failed".
suite() {
  local title=$1; shift
  echo "==> $title"
  if ! "$@" 2>&1 | tee "$LAST"; then status=1; fi
  local line
  line=$(grep -oE '[0-9]+ passed, [0-9]+ failed$' "$LAST" | tail -n 1 || true)
  if [ -z "$line" ]; then
    echo "$title: no result line" >&2; status=1; return
  fi
  local p f
  read -r p _ f _ <<<"${line//,/}"
  TOTAL_PASSED=$((TOTAL_PASSED + p))
  TOTAL_FAILED=$((TOTAL_FAILED + f))
}

mkdir -p integrations/common/build
CSTD=(-std=c11 -Wall -Wextra -Wpedantic -Werror -g -Iintegrations/common)
SRCS=(integrations/common/test_claim_text.c integrations/common/idgate_claim_text.c)
gcc "${CSTD[@]}" -Iffi/include -O1 -o integrations/common/build/test_claim_text "${SRCS[@]}"
gcc "${CSTD[@]}" -Iffi/include -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
  -o integrations/common/build/test_claim_text_asan "${SRCS[@]}"
suite "claim decoder unit tests under Valgrind" \
  valgrind -q --error-exitcode=1 --leak-check=full integrations/common/build/test_claim_text
suite "claim decoder unit tests under ASan + UBSan" integrations/common/build/test_claim_text_asan
suite "Mosquitto: the plugin in the real broker" integrations/mosquitto/test.sh
suite "Mosquitto again, the broker under Valgrind" env VALGRIND=1 integrations/mosquitto/test.sh
suite "nginx: the module in the real server" integrations/nginx/test.sh

echo "gateways: $TOTAL_PASSED passed, $TOTAL_FAILED failed"
[ "$TOTAL_FAILED" -eq 0 ] || status=1
exit "$status"
