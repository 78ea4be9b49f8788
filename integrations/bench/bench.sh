#!/usr/bin/env bash
# Load and cost of the gateway modules, measured (a benchmark, not a test: CI does not run
# it). Everything stays on 127.0.0.1 and every loop is bounded.
#
#   integrations/bench/bench.sh                     defaults below
#   DURATION=5 RUNS=3 CONNECTS=1000 integrations/bench/bench.sh
#
# nginx: requests per second of one worker on the same static file, in a location with
# auth_idgate off and in one with auth_idgate on (RS256-2048 and ES256 tokens), with wrk
# (one thread, 8 connections, DURATION seconds per run).
# Mosquitto: sequential connects per second (CONNECT, CONNACK, DISCONNECT; bench_connect.c)
# to a broker with the plugin and to one without any authentication.
# For both, the server's own CPU time (/proc/PID/schedstat) per request or connect is
# measured too: the cost of idgate is its difference between on and off, a figure that other
# load on a shared machine disturbs far less than the throughput.
# idgate alone: idgate_verify through the C API on the same tokens, CPU time (bench_verify.c).
# The configurations take turns within each of RUNS rounds; medians are reported. Prints a
# Markdown table with the CPU model and the load average.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DATA=$ROOT/integrations/testdata
# shellcheck source=../lib.sh
. "$ROOT/integrations/lib.sh"
DURATION=${DURATION:-10}
RUNS=${RUNS:-5}
CONNECTS=${CONNECTS:-2000}
VERIFIES=${VERIFIES:-20000}
ISS=https://issuer.gateway.test
AUD=gateway-api

# --- tools ----------------------------------------------------------------------------
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

# --- servers --------------------------------------------------------------------------
PORT=$(free_port)
mkdir -p "$WORK/www/on" "$WORK/www/off" "$WORK/tmp"
echo "hello" > "$WORK/www/on/index.html"
echo "hello" > "$WORK/www/off/index.html"
chmod -R a+rX "$WORK/www"
USER_LINE=""
[ "$(id -u)" = 0 ] && USER_LINE="user www-data;"
cat > "$WORK/nginx.conf" <<NGINX
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
NGINX
nginx -p "$WORK" -c "$WORK/nginx.conf" > "$WORK/nginx.out" 2>&1 &
NGINX_MASTER=$!
PIDS+=("$NGINX_MASTER")
wait_for 100 curl -sf -o /dev/null "http://127.0.0.1:$PORT/off/" || { cat "$WORK/nginx.out"; exit 1; }
# The one worker: the master's child, found by its parent pid.
WORKER=$(awk -v m="$NGINX_MASTER" '$4 == m { print $1 }' /proc/[0-9]*/stat 2>/dev/null | head -n 1)
[ -n "$WORKER" ] || { echo "no nginx worker found" >&2; exit 1; }
for c in valid_rs256 valid_es256; do
  code=$(curl -s -o /dev/null -w '%{http_code}' \
    -H "Authorization: Bearer $(cat "$DATA/tokens/$c.jwt")" "http://127.0.0.1:$PORT/on/index.html")
  [ "$code" = 200 ] || { echo "token $c not accepted ($code)" >&2; exit 1; }
done

broker() { # broker NAME PORT [plugin lines...]; sets BROKER to its pid
  local name=$1 port=$2; shift 2
  {
    echo "listener $port 127.0.0.1"
    echo "persistence false"
    echo "user $(id -un)"
    echo "log_dest none"
    if [ $# -eq 0 ]; then
      echo "allow_anonymous true"
    else
      echo "allow_anonymous false"
      printf '%s\n' "$@"
    fi
  } > "$WORK/$name.conf"
  mosquitto -c "$WORK/$name.conf" > "$WORK/$name.out" 2>&1 &
  BROKER=$!
  PIDS+=("$BROKER")
  wait_for 100 bash -c "echo > /dev/tcp/127.0.0.1/$port" 2>/dev/null
}
P_BASE=$(free_port)
broker base "$P_BASE"
B_BASE=$BROKER
P_PLUG=$(free_port)
broker plugin "$P_PLUG" "plugin $ROOT/integrations/mosquitto/idgate_mosquitto.so" \
  "plugin_opt_jwks $DATA/jwks.json" "plugin_opt_issuer $ISS" "plugin_opt_audience $AUD"
B_PLUG=$BROKER

# --- measurements ---------------------------------------------------------------------
cpu_ns() { awk '{ print $1 }' "/proc/$1/schedstat"; }
per_us() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { printf "%.2f", (b - a) / 1000 / n }'; }

# wrk_run NAME PATH TOKEN_CASE: one run; appends "requests_per_s worker_cpu_us_per_request".
wrk_run() {
  local out c0 c1 n rps
  c0=$(cpu_ns "$WORKER")
  out=$(wrk -t1 -c8 -d"${DURATION}s" -H "Authorization: Bearer $(cat "$DATA/tokens/$3.jwt")" \
    "http://127.0.0.1:$PORT$2")
  c1=$(cpu_ns "$WORKER")
  if grep -q 'Non-2xx' <<<"$out"; then echo "$1: non-2xx responses" >&2; exit 1; fi
  n=$(sed -n 's/^ *\([0-9]*\) requests in .*/\1/p' <<<"$out")
  rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' <<<"$out")
  echo "$rps $(per_us "$c0" "$c1" "$n")" >> "$WORK/$1"
}
# mq_run NAME PORT PID TOKEN_CASE: one run; appends "connects_per_s broker_cpu_us_per_connect".
mq_run() {
  local c0 c1 cps
  c0=$(cpu_ns "$3")
  cps=$("$B/bench_connect" "$2" "$CONNECTS" device-1 "$DATA/tokens/$4.jwt" | cut -d' ' -f1)
  c1=$(cpu_ns "$3")
  echo "$cps $(per_us "$c0" "$c1" "$CONNECTS")" >> "$WORK/$1"
}
verify_run() { # verify_run NAME TOKEN_CASE
  "$B/bench_verify" "$DATA/jwks.json" "$DATA/tokens/$2.jwt" "$ISS" "$AUD" "$VERIFIES" |
    cut -d' ' -f1 >> "$WORK/$1"
}

for ((round = 1; round <= RUNS; round++)); do
  echo "round $round of $RUNS" >&2
  verify_run v_rs valid_rs256
  verify_run v_es valid_es256
  wrk_run n_off /off/index.html valid_rs256
  wrk_run n_rs /on/index.html valid_rs256
  wrk_run n_es /on/index.html valid_es256
  mq_run m_off "$P_BASE" "$B_BASE" valid_rs256
  mq_run m_rs "$P_PLUG" "$B_PLUG" valid_rs256
  mq_run m_es "$P_PLUG" "$B_PLUG" valid_es256
done

# med NAME FIELD: the median of one column of a result file.
med() { cut -d' ' -f"$2" "$WORK/$1" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
diff_us() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a - b }'; }

# --- report ---------------------------------------------------------------------------
CPU=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)
NGINX_V=$(nginx -v 2>&1 | sed 's/.*nginx\///')
MOSQ_V=$(mosquitto -h 2>/dev/null | sed -n 's/^mosquitto version //p' || true)  # -h exits 3
cat <<REPORT

Gateway load and cost, $(date -u +%Y-%m-%d), $CPU, $(nproc) CPUs, load average at the end
$(cut -d' ' -f1-3 /proc/loadavg). nginx $NGINX_V, one worker, wrk 1 thread, 8 connections, ${DURATION} s
per run; Mosquitto $MOSQ_V, $CONNECTS sequential connects per run; $RUNS rounds, medians; server
CPU time from /proc/PID/schedstat.

| | idgate off | RS256-2048 | ES256 |
|---|---|---|---|
| nginx requests/s | $(med n_off 1) | $(med n_rs 1) | $(med n_es 1) |
| nginx worker CPU µs per request | $(med n_off 2) | $(med n_rs 2) | $(med n_es 2) |
| Mosquitto connects/s | $(med m_off 1) | $(med m_rs 1) | $(med m_es 1) |
| Mosquitto broker CPU µs per connect | $(med m_off 2) | $(med m_rs 2) | $(med m_es 2) |

| cost of idgate, CPU µs | RS256-2048 | ES256 |
|---|---|---|
| per nginx request (on - off) | $(diff_us "$(med n_rs 2)" "$(med n_off 2)") | $(diff_us "$(med n_es 2)" "$(med n_off 2)") |
| per Mosquitto connect (plugin - none) | $(diff_us "$(med m_rs 2)" "$(med m_off 2)") | $(diff_us "$(med m_es 2)" "$(med m_off 2)") |
| idgate_verify alone (bench_verify.c) | $(med v_rs 1) | $(med v_es 1) |
REPORT
