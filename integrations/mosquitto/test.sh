#!/usr/bin/env bash
# Tests idgate_mosquitto.so in the real broker (Debian's mosquitto 2.0) with the real clients
# (mosquitto_pub, mosquitto_sub), on 127.0.0.1 and a free port.
#
#   integrations/mosquitto/test.sh              the broker as it is
#   VALGRIND=1 integrations/mosquitto/test.sh   the broker under Valgrind: also fails on any
#                                               Valgrind error (memcheck, definite leaks)
#
# Needs the packages of integrations/install-deps.sh and a built plugin (make -C
# integrations/mosquitto). Exits non-zero if any check fails.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DATA=$ROOT/integrations/testdata
# shellcheck source=../lib.sh
. "$ROOT/integrations/lib.sh"

VALGRIND=${VALGRIND:-0}
PLUGIN=$HERE/idgate_mosquitto.so
[ -f "$PLUGIN" ] || { echo "build the plugin first: make -C integrations/mosquitto" >&2; exit 2; }

WORK=$(mktemp -d)
chmod 755 "$WORK"
BROKER_PID=""
SUB_PIDS=()
cleanup() {
  local pid
  for pid in "${SUB_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -n "$BROKER_PID" ] && stop_pid "$BROKER_PID"
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "work dir kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

PORT=$(free_port)
LOG=$WORK/broker.log
VGLOG=$WORK/valgrind.log
cp "$DATA/jwks.json" "$WORK/jwks.json"
cat > "$WORK/mosquitto.conf" <<EOF
listener $PORT 127.0.0.1
allow_anonymous false
persistence false
user $(id -un)
log_dest file $LOG
log_type all
log_timestamp false
plugin $PLUGIN
plugin_opt_jwks $WORK/jwks.json
plugin_opt_issuer https://issuer.gateway.test
plugin_opt_audience gateway-api
plugin_opt_algs RS256,ES256
plugin_opt_leeway 30
plugin_opt_username_claim sub
plugin_opt_acl_claim mqtt_topics
EOF

# Under Valgrind everything is ~30x slower: wait longer (the waits stay bounded).
WAIT=100
RUN=()
if [ "$VALGRIND" = 1 ]; then
  WAIT=600
  RUN=(valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
       --show-leak-kinds=definite --log-file="$VGLOG")
fi
echo "mosquitto test: port $PORT, valgrind=$VALGRIND, work $WORK"
"${RUN[@]}" mosquitto -c "$WORK/mosquitto.conf" > "$WORK/broker.out" 2>&1 &
BROKER_PID=$!
if ! wait_for "$WAIT" grep -qsF "mosquitto version" "$LOG" ||
   ! wait_for "$WAIT" grep -qsF "Opening ipv4 listen socket on port $PORT" "$LOG"; then
  echo "the broker did not start:" >&2; cat "$WORK/broker.out" "$LOG" >&2; exit 1
fi
check "plugin loaded 2 keys at start" grep -qsF "idgate: loaded 2 keys from $WORK/jwks.json (0 skipped)" "$LOG"

token() { cat "$DATA/tokens/$1.jwt"; }

# pub_case NAME USERNAME TOKEN_TEXT EXPECTED: EXPECTED is ok, or the refusal code that must
# appear in the log line of this client id. Publishes to the user's own topic.
N=0
pub_case() {
  local name=$1 user=$2 tok=$3 want=$4 rc=0
  N=$((N + 1))
  local id="c$N-$name"
  local args=(-h 127.0.0.1 -p "$PORT" -i "$id" -q 1 -t "sensors/$user/t" -m x)
  [ -n "$user" ] && args+=(-u "$user")
  [ -n "$tok" ] && args+=(-P "$tok")
  timeout 60 mosquitto_pub "${args[@]}" >/dev/null 2>&1 || rc=$?
  if [ "$want" = ok ]; then
    check_eq "$name: accepted (mosquitto_pub exit)" 0 "$rc"
    check_eq "$name: no refusal logged" 0 "$(count_lines "$LOG" "refused client '$id'")"
  else
    check_eq "$name: refused at CONNACK (mosquitto_pub exit 5)" 5 "$rc"
    # The refusal line names the client and its address, then the code.
    wait_for "$WAIT" grep -qsF "idgate: refused client '$id' (username '$user') from 127.0.0.1: $want: " "$LOG" || true
    check_eq "$name: log names code $want" 1 \
      "$(count_lines "$LOG" "idgate: refused client '$id' (username '$user') from 127.0.0.1: $want: ")"
  fi
}

echo "--- authentication"
pub_case valid_rs256 device-1 "$(token valid_rs256)" ok
pub_case valid_es256 device-1 "$(token valid_es256)" ok
pub_case typ_jwt device-1 "$(token typ_jwt)" ok
pub_case device2 device-2 "$(token device2)" ok
pub_case expired device-1 "$(token expired)" expired
pub_case wrong_aud device-1 "$(token wrong_aud)" audience_mismatch
pub_case wrong_iss device-1 "$(token wrong_iss)" issuer_mismatch
# The refusal's detail (idgate_verify_ex) follows the code in the log.
check "expired: the log gives the claim and its dates" \
  grep -qE "from 127\.0\.0\.1: expired: .*claim \"exp\": date [0-9]+, now [0-9]+\)" "$LOG"
check "wrong_iss: the log gives the expected and found issuer" \
  grep -qE "from 127\.0\.0\.1: issuer_mismatch: .*claim \"iss\": expected \"[^\"]+\", found \"[^\"]+\"\)" "$LOG"
pub_case bad_signature device-1 "$(token bad_signature)" bad_signature
pub_case alg_none device-1 "$(token alg_none)" unsupported_alg
pub_case hs256_rsa_key device-1 "$(token hs256_rsa_key)" alg_not_allowed
pub_case unknown_kid device-1 "$(token unknown_kid)" unknown_kid
pub_case rotated_before_reload device-1 "$(token rotated_rs256)" unknown_kid
pub_case no_exp device-1 "$(token no_exp)" missing_claim
pub_case no_acl_claim device-1 "$(token no_acl_claim)" missing_claim
pub_case acl_not_strings device-1 "$(token acl_not_strings)" acl_claim_invalid
pub_case username_mismatch device-2 "$(token valid_rs256)" username_mismatch
pub_case no_password device-1 "" no_token
pub_case garbage device-1 "not a token" malformed
pub_case huge_token device-1 "$(head -c 20000 /dev/zero | tr '\0' a)" too_large
pub_case dots_only device-1 ".." malformed
check "the token never appears in the log" \
  bash -c "! grep -qsF -- \"\$(cat '$DATA/tokens/expired.jwt')\" '$LOG'"
check "no signature part of any token appears in the log" \
  bash -c "! grep -qsF -- \"\$(cut -d. -f3 '$DATA/tokens/valid_rs256.jwt')\" '$LOG'"

echo "--- robustness: 60 mutants of a valid token"
python3 "$DATA/mutate.py" "$DATA/tokens/valid_rs256.jwt" 60 > "$WORK/mutants"
refused=0
i=0
while IFS= read -r m; do
  i=$((i + 1))
  rc=0
  timeout 60 mosquitto_pub -h 127.0.0.1 -p "$PORT" -i "mut$i" -u device-1 -P "$m" -q 1 \
    -t sensors/device-1/t -m x >/dev/null 2>&1 || rc=$?
  if [ "$rc" = 5 ] && wait_for "$WAIT" grep -qsE \
      "idgate: refused client 'mut$i' \(username 'device-1'\) from 127.0.0.1: [a-z_]+: " "$LOG"; then
    refused=$((refused + 1))
  else
    echo "mutant $i not refused as expected (exit $rc): $m"
  fi
done < "$WORK/mutants"
check_eq "every mutant refused at CONNACK with a logged code" 60 "$refused"
check "the broker is up after the mutants" kill -0 "$BROKER_PID"

echo "--- ACL (claim mqtt_topics)"
# sub_start NAME USER TOKEN FILTER: a subscriber in the background, its -d output in a file;
# waits for its SUBACK and sets GRANTED to the granted QoS (128 = refused).
sub_start() {
  local name=$1 user=$2 tok=$3 filter=$4
  stdbuf -oL timeout 120 mosquitto_sub -d -h 127.0.0.1 -p "$PORT" -i "sub-$name" -u "$user" \
    -P "$tok" -q 1 -t "$filter" -v > "$WORK/sub-$name.out" 2>&1 &
  SUB_PIDS+=($!)
  wait_for "$WAIT" grep -qsF "received SUBACK" "$WORK/sub-$name.out" || true
  wait_for "$WAIT" grep -qsF "Subscribed (mid: 1):" "$WORK/sub-$name.out" || true
  GRANTED=$(sed -n 's/^Subscribed (mid: 1): \([0-9]*\).*/\1/p' "$WORK/sub-$name.out" | head -n 1)
}
sub_start monitor monitor "$(token monitor)" 'sensors/#'
check_eq "monitor may subscribe to sensors/# (granted QoS 1)" 1 "$GRANTED"
sub_start dev1cmd device-1 "$(token valid_rs256)" 'cmd/+/device-1'
check_eq "device-1 may subscribe to cmd/+/device-1 (granted QoS 1)" 1 "$GRANTED"
sub_start dev1wide device-1 "$(token valid_rs256)" 'sensors/#'
check_eq "device-1 may not subscribe to sensors/# (SUBACK 128)" 128 "$GRANTED"
check "the refused subscription is logged" grep -qsF \
  "idgate: denied client 'sub-dev1wide' to subscribe to 'sensors/#': acl_denied" "$LOG"
sub_start dev1cmdall device-1 "$(token valid_rs256)" 'cmd/#'
check_eq "device-1 may not subscribe to cmd/# (SUBACK 128)" 128 "$GRANTED"

# Subscription filters against device-1's [sensors/device-1/#, cmd/+/device-1]: a filter is
# allowed only if every topic it matches is inside one of them (MQTT 3.1.1 §4.7).
sub_case() { # sub_case NAME FILTER EXPECTED_GRANTED
  sub_start "$1" device-1 "$(token valid_rs256)" "$2"
  check_eq "device-1 subscribing to $2: granted $3" "$3" "$GRANTED"
}
sub_case f1 'sensors/device-1/+' 1
sub_case f2 'sensors/device-1' 1
sub_case f3 'sensors/device-1/a/b/#' 1
sub_case f4 'cmd/abc/device-1' 1
sub_case f5 'sensors/+/t' 128
sub_case f6 'cmd/+/+' 128
sub_case f7 'cmd/+/device-1/#' 128
sub_case f8 '#' 128
sub_case f9 '+/device-1/#' 128

pub() { # pub ID USER TOKEN TOPIC MESSAGE
  timeout 60 mosquitto_pub -h 127.0.0.1 -p "$PORT" -i "$1" -u "$2" -P "$3" -q 1 -t "$4" -m "$5"
}
check "device-1 publishes outside its filters (the broker drops it silently)" \
  pub acl-out device-1 "$(token valid_rs256)" sensors/device-2/t denied-1
check "device-1 publishes to its own topic" pub acl-in device-1 "$(token valid_rs256)" sensors/device-1/t allowed-1
check "device-2 (ES256) publishes to its own topic" pub acl-in2 device-2 "$(token device2)" sensors/device-2/t allowed-2
check "the monitor receives the allowed publishes" \
  wait_for "$WAIT" grep -qsF "sensors/device-2/t allowed-2" "$WORK/sub-monitor.out"
check "the monitor received device-1's own-topic message" grep -qsF "sensors/device-1/t allowed-1" "$WORK/sub-monitor.out"
check_eq "the publish outside the filters was not delivered" 0 \
  "$(count_lines "$WORK/sub-monitor.out" denied-1)"
check "the refused publish is logged" grep -qsF \
  "idgate: denied client 'acl-out' to publish to 'sensors/device-2/t': acl_denied" "$LOG"
check "monitor publishes to cmd/x/device-1 (outside its sensors/#; dropped)" \
  pub acl-cmd monitor "$(token monitor)" cmd/x/device-1 never-1
# The monitor's filters do not cover cmd/..., so that publish must be dropped too.
sleep 0.5
check_eq "monitor's publish to cmd/x/device-1 (outside sensors/#) was not delivered" 0 \
  "$(count_lines "$WORK/sub-dev1cmd.out" never-1)"
check "device-1 publishes to cmd/y/device-1 (inside its filters)" \
  pub acl-cmd2 device-1 "$(token valid_rs256)" cmd/y/device-1 cmd-ok
check "device-1's subscriber receives it" wait_for "$WAIT" grep -qsF "cmd/y/device-1 cmd-ok" "$WORK/sub-dev1cmd.out"

echo "--- key rotation (SIGHUP)"
reloads() { count_lines "$LOG" "idgate: reloaded $WORK/jwks.json"; }
keep_old() { count_lines "$LOG" "idgate: reload of $WORK/jwks.json failed: keeping the old keys"; }
cp "$DATA/jwks_rotated.json" "$WORK/jwks.json"
kill -HUP "$BROKER_PID"
check "SIGHUP reloads the rotated JWKS" wait_for "$WAIT" more_lines_than "$LOG" "idgate: reloaded $WORK/jwks.json" 0
# Mosquitto re-checks the password of every connected client at reload: the subscribers
# whose tokens came from the key that was rotated out are disconnected.
check "a connected client whose key was rotated out is disconnected at reload" wait_for "$WAIT" \
  grep -qsF "idgate: refused client 'sub-monitor' (username 'monitor') from 127.0.0.1: unknown_kid: " "$LOG"
pub_case rotated_after_reload device-1 "$(token rotated_rs256)" ok
pub_case old_key_after_reload device-1 "$(token valid_rs256)" unknown_kid
pub_case es256_kept_after_reload device-1 "$(token valid_es256)" ok

cp "$DATA/jwks_malformed.json" "$WORK/jwks.json"
kill -HUP "$BROKER_PID"
check "a malformed JWKS at reload is refused and logged" \
  wait_for "$WAIT" grep -qsF "idgate: JWKS $WORK/jwks.json refused: malformed: " "$LOG"
check_eq "and the old keys are kept" 1 "$(keep_old)"
pub_case rotated_after_bad_reload device-1 "$(token rotated_rs256)" ok
pub_case old_key_after_bad_reload device-1 "$(token valid_rs256)" unknown_kid

rm "$WORK/jwks.json"
kill -HUP "$BROKER_PID"
check "a missing JWKS at reload is logged" \
  wait_for "$WAIT" grep -qsF "idgate: cannot read JWKS $WORK/jwks.json: No such file or directory" "$LOG"
check "and the old keys are kept again" wait_for "$WAIT" more_lines_than "$LOG" "keeping the old keys" 1
pub_case rotated_after_missing_file device-1 "$(token rotated_rs256)" ok
check_eq "exactly one successful reload in all" 1 "$(reloads)"

echo "--- the broker survived everything"
check "the broker is still running" kill -0 "$BROKER_PID"
for pid in "${SUB_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
for pid in "${SUB_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
SUB_PIDS=()
stop_pid "$BROKER_PID"
BROKER_PID=""
if [ "$VALGRIND" = 1 ]; then
  # Definite leaks count as errors (--errors-for-leak-kinds=definite).
  check "valgrind ran the broker with the plugin" grep -qF "Command: mosquitto -c $WORK/mosquitto.conf" "$VGLOG"
  check "valgrind: ERROR SUMMARY: 0 errors" grep -qE "ERROR SUMMARY: 0 errors from 0 contexts" "$VGLOG"
  echo "--- valgrind summary"
  sed -n '/HEAP SUMMARY/,$p' "$VGLOG"
fi
check "the broker logged no crash" bash -c "! grep -qiE 'segmentation|abort|panic' '$LOG'"

echo "--- a broken configuration stops the broker at start, with the reason"
bad_start() { # bad_start NAME SED_EXPR EXPECTED_LOG_TEXT
  local port rc=0
  port=$(free_port)
  sed -e "s/^listener .*/listener $port 127.0.0.1/" -e "s|^log_dest .*|log_dest file $WORK/bad.log|" \
    -e "$2" "$WORK/mosquitto.conf" > "$WORK/bad.conf"
  rm -f "$WORK/bad.log"
  # Mosquitto leaks its own configuration when it exits on a plugin error (config__read,
  # outside the plugin): there, count memory errors, and leaks only from the plugin.
  local run=()
  [ "$VALGRIND" = 1 ] && run=(valgrind --leak-check=full --errors-for-leak-kinds=none
                              --log-file="$WORK/bad-vg.log")
  timeout 120 "${run[@]}" mosquitto -c "$WORK/bad.conf" > "$WORK/bad.out" 2>&1 || rc=$?
  check "$1: the broker exits with an error (exit $rc)" test "$rc" -ne 0 -a "$rc" -ne 124
  check "$1: the log says: $3" grep -qsF -- "$3" "$WORK/bad.log"
  if [ "$VALGRIND" = 1 ]; then
    check "$1: valgrind: no memory error" grep -qE "ERROR SUMMARY: 0 errors from 0 contexts" "$WORK/bad-vg.log"
    check "$1: valgrind: no leak from the plugin" bash -c "! grep -q idgate_mosquitto '$WORK/bad-vg.log'"
  fi
}
cp "$DATA/jwks.json" "$WORK/jwks.json"
bad_start "JWKS file missing" "s|^plugin_opt_jwks .*|plugin_opt_jwks $WORK/nope.json|" \
  "idgate: cannot read JWKS $WORK/nope.json: No such file or directory"
bad_start "JWKS malformed" "s|^plugin_opt_jwks .*|plugin_opt_jwks $DATA/jwks_malformed.json|" \
  "idgate: JWKS $DATA/jwks_malformed.json refused: malformed: "
bad_start "no issuer" "/^plugin_opt_issuer /d" \
  "idgate: plugin_opt_jwks, plugin_opt_issuer and plugin_opt_audience are required"
bad_start "unknown algorithm" "s/^plugin_opt_algs .*/plugin_opt_algs RS256,XS999/" \
  "idgate: plugin_opt_algs: unknown algorithm in 'RS256,XS999'"
bad_start "bad leeway" "s/^plugin_opt_leeway .*/plugin_opt_leeway -5/" \
  "idgate: plugin_opt_leeway: '-5' is not 0 to 86400 seconds"

label="mosquitto"; [ "$VALGRIND" = 1 ] && label="mosquitto (valgrind)"
echo "$label: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
