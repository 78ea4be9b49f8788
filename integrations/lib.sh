# Helpers shared by the gateway test scripts (sourced, not run).
# Every wait is bounded; every address is 127.0.0.1.

PASSED=0
FAILED=0

# pass/fail bookkeeping: check DESCRIPTION COMMAND... runs COMMAND and counts the outcome.
check() {
  local what=$1; shift
  if "$@"; then
    PASSED=$((PASSED + 1)); printf 'ok   - %s\n' "$what"
  else
    FAILED=$((FAILED + 1)); printf 'FAIL - %s\n' "$what"
  fi
}

# check_eq DESCRIPTION EXPECTED ACTUAL
check_eq() {
  if [ "$2" = "$3" ]; then
    PASSED=$((PASSED + 1)); printf 'ok   - %s\n' "$1"
  else
    FAILED=$((FAILED + 1)); printf 'FAIL - %s: expected [%s], got [%s]\n' "$1" "$2" "$3"
  fi
}

# A TCP port on 127.0.0.1 that nothing listens on right now.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# wait_for TENTHS COMMAND...: retries COMMAND every 0.1 s, at most TENTHS times.
wait_for() {
  local tries=$1; shift
  local i
  for ((i = 0; i < tries; i++)); do
    if "$@"; then return 0; fi
    sleep 0.1
  done
  return 1
}

# count_lines FILE FIXED_STRING: how many lines of FILE contain the string.
count_lines() {
  grep -csF -- "$2" "$1" || true
}

# more_lines_than FILE FIXED_STRING N: true once FILE has more than N such lines.
more_lines_than() {
  [ "$(count_lines "$1" "$2")" -gt "$3" ]
}

# stop_pid PID: SIGTERM, then up to 30 s for it to exit, then SIGKILL. Only our own children.
stop_pid() {
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 300; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "pid $pid did not stop in 30 s: killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}
