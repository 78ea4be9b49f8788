#!/usr/bin/env bash
# Load and cost of the gateway modules, measured (a benchmark, not a test: CI does not run
# it). Everything stays on 127.0.0.1 and every loop is bounded.
#
#   integrations/bench/bench.sh                     defaults below
#   DURATION=5 RUNS=3 CONNECTS=1000 integrations/bench/bench.sh
#
# nginx: requests per second of one worker on the same static file, in a location with
# auth_idgate off and in one with auth_idgate on (RS256-2048 and ES256 tokens), with wrk
# (one thread, 8 connections, DURATION seconds, RUNS runs, the median kept). The cost per
# request is 1/rps(on) - 1/rps(off).
# Mosquitto: sequential connects per second (CONNECT, CONNACK, DISCONNECT; bench_connect.c)
# to a broker with the plugin and to one without any authentication; the cost per connect is
# the difference of the inverses.
# idgate alone: idgate_verify through the C API on the same tokens (bench_verify.c).
# Prints a Markdown table with the CPU model and the load average.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DATA=$ROOT/integrations/testdata
# shellcheck source=../lib.sh
. "$ROOT/integrations/lib.sh"
DURATION=${DURATION:-10}
RUNS=${RUNS:-3}
CONNECTS=${CONNECTS:-2000}
VERIFIES=${VERIFIES:-20000}
ISS=https://issuer.gateway.test
AUD=gateway-api

cd "$ROOT"
integrations/install-deps.sh --bench
make -s -C ffi lib
make -s -C integrations/mosquitto
make -s -C integrations/nginx
B=$HERE/build
mkdir -p "$B"
LIB=$ROOT/target/release-ffi/libidgate_ffi.a
gcc -std=c11 -Wall -Wextra -Wpedantic -Werror -O2 -Iffi/include -o "$B/bench_verify" \
  "$HERE/bench_verify.c" "$LIB" -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc
gcc -std=c11 -Wall -Wextra -Wpedantic -Werror -O2 -o "$B/bench_connect" "$HERE/bench_connect.c" \
  -lmosquitto

WORK=$(mktemp -d)
chmod 755 "$WORK"
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  rm -rf "$WORK"
}
trap cleanup EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
inv_diff_us() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", 1e6 / a - 1e6 / b }'; }

# --- idgate alone ---------------------------------------------------------------------
verify_us() {
  local i
  for ((i = 0; i < RUNS; i++)); do
    "$B/bench_verify" "$DATA/jwks.json" "$DATA/tokens/$1.jwt" "$ISS" "$AUD" "$VERIFIES" | cut -d' ' -f1
  done | median
}
V_RS=$(verify_us valid_rs256)
V_ES=$(verify_us valid_es256)

# --- nginx ----------------------------------------------------------------------------
PORT=$(free_port)
mkdir -p "$WORK/www/on" "$WORK/www/off" "$WORK/tmp"
echo "hello" > "$WORK/www/on/index.html"
echo "hello" > "$WORK/www/off/index.html"
chmod -R a+rX "$WORK/www"
USER_LINE=""
[ "$(id -u)" = 0 ] && USER_LINE="user www-data;"
cat > "$WORK/nginx.conf" <<EOF
load_module $ROOT/integrations/nginx/build/ngx_http_auth_idgate_module.so;
$USER_LINE
daemon off;
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $WORK/tmp/body;
    proxy_temp_path $WORK/tmp/proxy;
    fastcgi_temp_path $WORK/tmp/fastcgi;
    uwsgi_temp_path $WORK/tmp/uwsgi;
    scgi_temp_path $WORK/tmp/scgi;
    auth_idgate_jwks $DATA/jwks.json;
    auth_idgate_issuer $ISS;
    auth_idgate_audience $AUD;
    server {
        listen 127.0.0.1:$PORT;
        root $WORK/www;
        location /on/ { auth_idgate on; }
        location /off/ { auth_idgate off; }
    }
}
EOF
nginx -p "$WORK" -c "$WORK/nginx.conf" > "$WORK/nginx.out" 2>&1 &
PIDS+=($!)
wait_for 100 curl -sf -o /dev/null "http://127.0.0.1:$PORT/off/" || { cat "$WORK/nginx.out"; exit 1; }

rps() { # rps PATH TOKEN_CASE
  local i tok
  tok=$(cat "$DATA/tokens/$2.jwt")
  # The token must be accepted (200), or the figure would measure refusals.
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $tok" \
    "http://127.0.0.1:$PORT$1")" = 200 ] || { echo "token $2 not accepted on $1" >&2; exit 1; }
  for ((i = 0; i < RUNS; i++)); do
    wrk -t1 -c8 -d"${DURATION}s" -H "Authorization: Bearer $tok" "http://127.0.0.1:$PORT$1" |
      sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p'
  done | median
}
N_OFF=$(rps /off/index.html valid_rs256)
N_RS=$(rps /on/index.html valid_rs256)
N_ES=$(rps /on/index.html valid_es256)

# --- Mosquitto ------------------------------------------------------------------------
broker() { # broker NAME PORT [plugin lines...]
  local name=$1 port=$2; shift 2
  {
    echo "listener $port 127.0.0.1"
    echo "persistence false"
    echo "user $(id -un)"
    echo "log_dest none"
    if [ $# -eq 0 ]; then echo "allow_anonymous true"; else echo "allow_anonymous false"; printf '%s\n' "$@"; fi
  } > "$WORK/$name.conf"
  mosquitto -c "$WORK/$name.conf" > "$WORK/$name.out" 2>&1 &
  PIDS+=($!)
  wait_for 100 bash -c "echo > /dev/tcp/127.0.0.1/$port" 2>/dev/null
}
P_BASE=$(free_port)
broker base "$P_BASE"
P_PLUG=$(free_port)
broker plugin "$P_PLUG" "plugin $ROOT/integrations/mosquitto/idgate_mosquitto.so" \
  "plugin_opt_jwks $DATA/jwks.json" "plugin_opt_issuer $ISS" "plugin_opt_audience $AUD"
cps() { # cps PORT TOKEN_CASE
  local i
  for ((i = 0; i < RUNS; i++)); do
    "$B/bench_connect" "$1" "$CONNECTS" device-1 "$DATA/tokens/$2.jwt" | cut -d' ' -f1
  done | median
}
M_OFF=$(cps "$P_BASE" valid_rs256)
M_RS=$(cps "$P_PLUG" valid_rs256)
M_ES=$(cps "$P_PLUG" valid_es256)

# --- report ---------------------------------------------------------------------------
CPU=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)
cat <<EOF

Gateway load and cost, $(date -u +%Y-%m-%d), $CPU, $(nproc) CPUs, load average before the
report: $(cut -d' ' -f1-3 /proc/loadavg). nginx $(nginx -v 2>&1 | sed 's/.*nginx\///'), one worker;
wrk 1 thread, 8 connections, ${DURATION} s, median of $RUNS; Mosquitto $(mosquitto -h 2>/dev/null | sed -n 's/^mosquitto version //p'),
$CONNECTS sequential connects, median of $RUNS; idgate_verify median of $RUNS x $VERIFIES.

| gateway | without idgate | RS256-2048 | ES256 | cost per request/connect RS256 / ES256 | idgate_verify alone RS256 / ES256 |
|---|---|---|---|---|---|
| nginx (requests/s) | $N_OFF | $N_RS | $N_ES | $(inv_diff_us "$N_RS" "$N_OFF") µs / $(inv_diff_us "$N_ES" "$N_OFF") µs | $V_RS µs / $V_ES µs |
| Mosquitto (connects/s) | $M_OFF | $M_RS | $M_ES | $(inv_diff_us "$M_RS" "$M_OFF") µs / $(inv_diff_us "$M_ES" "$M_OFF") µs | $V_RS µs / $V_ES µs |
EOF
