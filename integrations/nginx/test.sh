#!/usr/bin/env bash
# Tests ngx_http_auth_idgate_module in the real server (Debian's nginx 1.22) with curl, on
# 127.0.0.1 and a free port: accepted and refused tokens with their exact RFC 6750 challenge,
# the claim variables, JWKS rotation through `nginx -s reload`, and a malformed JWKS at reload
# (the running configuration, with the old keys, stays in service).
#
#   integrations/nginx/test.sh
#
# Needs the packages of integrations/install-deps.sh and a built module (make -C
# integrations/nginx). Exits non-zero if any check fails.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DATA=$ROOT/integrations/testdata
# shellcheck source=../lib.sh
. "$ROOT/integrations/lib.sh"

MODULE=$HERE/build/ngx_http_auth_idgate_module.so
[ -f "$MODULE" ] || { echo "build the module first: make -C integrations/nginx" >&2; exit 2; }

WORK=$(mktemp -d)
chmod 755 "$WORK"
NGINX_PID=""
cleanup() {
  [ -n "$NGINX_PID" ] && stop_pid "$NGINX_PID"
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "work dir kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

PORT=$(free_port)
ERRLOG=$WORK/error.log
CONF=$WORK/nginx.conf
mkdir -p "$WORK/www/api/public" "$WORK/www/jwt" "$WORK/www/idtoken" "$WORK/www/strict" \
  "$WORK/www/hop" "$WORK/www/hop2" "$WORK/tmp"
for d in api api/public jwt idtoken strict; do echo "content of /$d/" > "$WORK/www/$d/index.html"; done
chmod -R a+rX "$WORK/www"
cp "$DATA/jwks.json" "$WORK/jwks.json"
USER_LINE=""
[ "$(id -u)" = 0 ] && USER_LINE="user www-data;"

cat > "$CONF" <<EOF
load_module $MODULE;
$USER_LINE
daemon off;
worker_processes 2;
pid $WORK/nginx.pid;
error_log $ERRLOG info;
events { worker_connections 256; }
http {
    access_log $WORK/access.log;
    client_body_temp_path $WORK/tmp/body;
    proxy_temp_path $WORK/tmp/proxy;
    fastcgi_temp_path $WORK/tmp/fastcgi;
    uwsgi_temp_path $WORK/tmp/uwsgi;
    scgi_temp_path $WORK/tmp/scgi;
    # room for a token longer than idgate's 16 KiB limit, so the module sees it
    large_client_header_buffers 4 32k;

    # inherited by every location below
    auth_idgate_jwks $WORK/jwks.json;
    auth_idgate_issuer https://issuer.gateway.test;
    auth_idgate_audience gateway-api;

    server {
        listen 127.0.0.1:$PORT;
        root $WORK/www;

        location /api/ {
            auth_idgate on;
            auth_idgate_profile access-token;
            auth_idgate_algs RS256 ES256;
            auth_idgate_leeway 30s;
            add_header X-Idgate-Sub \$idgate_sub always;
            add_header X-Idgate-Name \$idgate_claim_name always;
            add_header X-Idgate-Email \$idgate_claim_email always;
            add_header X-Idgate-Exp \$idgate_claim_exp always;
            add_header X-Idgate-Topics \$idgate_claim_mqtt_topics always;
            add_header X-Idgate-Missing "[\$idgate_claim_nosuchclaim]" always;
        }
        location /api/public/ {
            auth_idgate off;
            add_header X-Idgate-Sub \$idgate_sub always;
        }
        location /jwt/ {
            auth_idgate on;
        }
        location /idtoken/ {
            auth_idgate on;
            auth_idgate_profile id-token;
        }
        # internal redirects: into a location with another audience, and into /api/
        location /hop/ {
            auth_idgate on;
            error_page 404 = /strict/index.html;
        }
        location /strict/ {
            auth_idgate on;
            auth_idgate_audience other-api;
        }
        location /hop2/ {
            auth_idgate on;
            error_page 404 = /api/index.html;
        }
    }
}
EOF

echo "nginx test: port $PORT, work $WORK"
nginx -p "$WORK" -c "$CONF" > "$WORK/nginx.out" 2>&1 &
NGINX_PID=$!
up() { curl -s -o /dev/null "http://127.0.0.1:$PORT/api/public/"; }
if ! wait_for 300 up; then
  echo "nginx did not start:" >&2; cat "$WORK/nginx.out" "$ERRLOG" >&2; exit 1
fi
# Until the configuration is read, nginx logs to stderr (here nginx.out).
check "the module loaded 2 keys at start" \
  grep -qF "idgate: loaded 2 keys from \"$WORK/jwks.json\" (0 skipped)" "$WORK/nginx.out"

token() { cat "$DATA/tokens/$1.jwt"; }

# req PATH [curl args...]: sets STATUS, and HDRS to the response headers (CR removed).
req() {
  local path=$1; shift
  STATUS=$(curl -sS --max-time 20 -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' \
    "$@" "http://127.0.0.1:$PORT$path") || STATUS="curl-failed"
  HDRS=$(tr -d '\r' < "$WORK/headers")
}
header() { printf '%s\n' "$HDRS" | sed -n "s/^$1: //Ip" | head -n 1; }
has_header() { printf '%s\n' "$HDRS" | grep -qi "^$1:"; }

# bearer_case NAME PATH TOKEN_TEXT EXPECTED: EXPECTED is ok or the idgate code of the
# refusal (in the challenge and in the error log).
bearer_case() {
  local name=$1 path=$2 tok=$3 want=$4
  local before
  before=$(count_lines "$ERRLOG" "idgate: refused bearer token: $want: ")
  req "$path" -H "Authorization: Bearer $tok"
  if [ "$want" = ok ]; then
    check_eq "$name: 200" 200 "$STATUS"
    check "$name: no challenge" bash -c "! grep -qi '^WWW-Authenticate:' '$WORK/headers'"
  else
    check_eq "$name: 401" 401 "$STATUS"
    check_eq "$name: challenge names $want" \
      "Bearer error=\"invalid_token\", error_description=\"$want\"" "$(header WWW-Authenticate)"
    check "$name: error log names $want" \
      wait_for 300 more_lines_than "$ERRLOG" "idgate: refused bearer token: $want: " "$before"
  fi
}

echo "--- requests without a bearer token"
req /api/index.html
check_eq "no Authorization: 401" 401 "$STATUS"
check_eq "no Authorization: bare Bearer challenge" "Bearer" "$(header WWW-Authenticate)"
req /api/index.html -u user:pass
check_eq "Basic credentials: 401" 401 "$STATUS"
check_eq "Basic credentials: bare Bearer challenge" "Bearer" "$(header WWW-Authenticate)"
req /api/index.html -H "Authorization: Bearer"
check_eq "'Bearer' without a token: bare Bearer challenge" "Bearer" "$(header WWW-Authenticate)"
req /api/public/index.html
check_eq "auth_idgate off in a nested location: 200 without a token" 200 "$STATUS"
check_eq "\$idgate_sub is not set where auth_idgate is off" "" "$(header X-Idgate-Sub)"

echo "--- accepted tokens and the claim variables"
bearer_case valid_rs256 /api/index.html "$(token valid_rs256)" ok
check_eq "body served" "content of /api/" "$(cat "$WORK/body")"
check_eq "\$idgate_sub" "device-1" "$(header X-Idgate-Sub)"
check_eq "\$idgate_claim_email" "dev1@example.com" "$(header X-Idgate-Email)"
check_eq "\$idgate_claim_name: JSON escapes decoded (\\u00e9, \\\", \\u20ac)" \
  "$(printf 'Jos\xc3\xa9 "Dev" One/\xe2\x82\xac')" "$(header X-Idgate-Name)"
check_eq "\$idgate_claim_exp: a number as its JSON text" "4102444800" "$(header X-Idgate-Exp)"
check_eq "\$idgate_claim_mqtt_topics: an array as its JSON text" \
  '["sensors/device-1/#","cmd/+/device-1"]' "$(header X-Idgate-Topics)"
check_eq "\$idgate_claim_<absent>: empty" "[]" "$(header X-Idgate-Missing)"
bearer_case valid_es256 /api/index.html "$(token valid_es256)" ok
req /api/index.html -H "Authorization: bearer   $(token valid_rs256)"
check_eq "scheme is case-insensitive, several spaces allowed" 200 "$STATUS"
bearer_case crlf_claim /api/index.html "$(token crlf_claim)" ok
check_eq "a claim holding CR LF is not exposed" "" "$(header X-Idgate-Email)"
check "and injects no header" bash -c "! grep -qi '^X-Injected' '$WORK/headers'"
bearer_case "typ JWT on the jwt profile" /jwt/index.html "$(token typ_jwt)" ok

req /api/ -H "Authorization: Bearer $(token valid_rs256)"
check_eq "/api/ (index: an internal redirect): 200" 200 "$STATUS"
check_eq "and the variables survive the redirect" "device-1" "$(header X-Idgate-Sub)"
bearer_case "redirect into a location with another audience verifies anew" /hop/missing \
  "$(token valid_rs256)" audience_mismatch
bearer_case "redirect from /hop2/ into /api/" /hop2/missing "$(token valid_rs256)" ok
check_eq "the /api/ variables after that redirect" "dev1@example.com" "$(header X-Idgate-Email)"
bearer_case "but not with a token /api/ refuses" /hop2/missing "$(token typ_jwt)" typ_mismatch

echo "--- refused tokens"
bearer_case expired /api/index.html "$(token expired)" expired
bearer_case wrong_aud /api/index.html "$(token wrong_aud)" audience_mismatch
# The refusal's detail (idgate_verify_ex) follows the code in the error log.
check "expired: the log gives the claim and its dates" \
  grep -qE 'refused bearer token: expired: .*claim "exp": date [0-9]+, now [0-9]+\)' "$ERRLOG"
check "wrong_aud: the log gives the expected and found audience" \
  grep -qE 'refused bearer token: audience_mismatch: .*claim "aud": expected "gateway-api", found "[^"]+"\)' "$ERRLOG"
bearer_case wrong_iss /api/index.html "$(token wrong_iss)" issuer_mismatch
bearer_case bad_signature /api/index.html "$(token bad_signature)" bad_signature
bearer_case alg_none /api/index.html "$(token alg_none)" unsupported_alg
bearer_case hs256_rsa_key /api/index.html "$(token hs256_rsa_key)" alg_not_allowed
bearer_case unknown_kid /api/index.html "$(token unknown_kid)" unknown_kid
bearer_case rotated_before_reload /api/index.html "$(token rotated_rs256)" unknown_kid
bearer_case no_exp /api/index.html "$(token no_exp)" missing_claim
bearer_case "typ JWT on the access-token profile" /api/index.html "$(token typ_jwt)" typ_mismatch
bearer_case "typ at+jwt on the id-token profile" /idtoken/index.html "$(token valid_rs256)" typ_mismatch
bearer_case garbage /api/index.html "not-a-token" malformed
bearer_case "non-ASCII bytes" /api/index.html "$(printf 'a\xff.b\xfe.c')" malformed
bearer_case huge_token /api/index.html "$(head -c 20000 /dev/zero | tr '\0' a)" too_large
bearer_case dots_only /api/index.html ".." malformed
check "no token appears in the error log" \
  bash -c "! grep -qF -- \"\$(cut -d. -f3 '$DATA/tokens/expired.jwt')\" '$ERRLOG'"

echo "--- robustness: 200 mutants of a valid token"
python3 "$DATA/mutate.py" "$DATA/tokens/valid_rs256.jwt" 200 > "$WORK/mutants"
refused=0
i=0
while IFS= read -r m; do
  i=$((i + 1))
  req /api/index.html -H "Authorization: Bearer $m"
  if [ "$STATUS" = 401 ] && [[ "$(header WWW-Authenticate)" =~ ^Bearer\ error=\"invalid_token\",\ error_description=\"[a-z_]+\"$ ]]; then
    refused=$((refused + 1))
  else
    echo "mutant $i: status $STATUS, challenge [$(header WWW-Authenticate)]: $m"
  fi
done < "$WORK/mutants"
check_eq "every mutant refused with 401 invalid_token and a code" 200 "$refused"
check "nginx is up after the mutants" kill -0 "$NGINX_PID"

echo "--- inputs nginx itself refuses (the server must stay up)"
req /api/index.html -H "Authorization: Bearer $(token valid_rs256)" -H "Authorization: Bearer x"
check_eq "two Authorization headers: 400 from nginx" 400 "$STATUS"
req /api/index.html -H "Authorization: Bearer $(head -c 40000 /dev/zero | tr '\0' a)"
check_eq "a 40 KB header: 400 from nginx" 400 "$STATUS"

echo "--- key rotation (nginx -s reload)"
reload() { nginx -p "$WORK" -c "$CONF" -s reload > "$WORK/reload.out" 2>&1; }
accepted() { req /api/index.html -H "Authorization: Bearer $1"; [ "$STATUS" = 200 ]; }
loads_before=$(count_lines "$ERRLOG" "idgate: loaded 2 keys from")
cp "$DATA/jwks_rotated.json" "$WORK/jwks.json"
check "reload signal sent" reload
check "the reload loads the rotated JWKS" \
  wait_for 300 more_lines_than "$ERRLOG" "idgate: loaded 2 keys from \"$WORK/jwks.json\"" "$loads_before"
check "the rotated key's token is accepted after the reload" wait_for 300 accepted "$(token rotated_rs256)"
# Old workers finish their connections and exit; new connections reach the new workers.
bearer_case old_key_after_reload /api/index.html "$(token valid_rs256)" unknown_kid
bearer_case es256_kept_after_reload /api/index.html "$(token valid_es256)" ok

# `nginx -s reload` reads the configuration before it signals the master: a broken JWKS
# fails the command itself, with idgate's code, and the master is not disturbed.
cp "$DATA/jwks_malformed.json" "$WORK/jwks.json"
check "nginx -s reload with a malformed JWKS fails" bash -c "! nginx -p '$WORK' -c '$CONF' -s reload > '$WORK/reload.out' 2>&1"
check "and says why, with the code" \
  grep -qF "idgate: JWKS \"$WORK/jwks.json\" refused: malformed: " "$WORK/reload.out"
# SIGHUP straight to the master (what a process manager may send): the master reads the
# configuration, fails, logs it and keeps the running one.
kill -HUP "$NGINX_PID"
check "SIGHUP with a malformed JWKS: the master logs the refusal with its code" \
  wait_for 300 grep -qsF "idgate: JWKS \"$WORK/jwks.json\" refused: malformed: " "$ERRLOG"
for i in 1 2 3 4; do
  bearer_case "old keys kept ($i)" /api/index.html "$(token rotated_rs256)" ok
done
bearer_case old_key_still_refused /api/index.html "$(token valid_rs256)" unknown_kid

rm "$WORK/jwks.json"
kill -HUP "$NGINX_PID"
check "SIGHUP with the JWKS missing: the master logs it" \
  wait_for 300 grep -qsF "idgate: cannot open JWKS \"$WORK/jwks.json\"" "$ERRLOG"
bearer_case "old keys kept (file missing)" /api/index.html "$(token rotated_rs256)" ok

echo "--- configuration errors are caught by nginx -t"
bad_conf() { # bad_conf NAME SED_EXPR EXPECTED_MESSAGE
  sed -e "$2" "$CONF" > "$WORK/bad.conf"
  cp "$DATA/jwks.json" "$WORK/jwks.json"
  if nginx -t -p "$WORK" -c "$WORK/bad.conf" > "$WORK/bad.out" 2>&1; then
    check "$1: nginx -t fails" false
  else
    check "$1: nginx -t fails with: $3" grep -qF -- "$3" "$WORK/bad.out"
  fi
}
bad_conf "unknown algorithm" 's/auth_idgate_algs RS256 ES256;/auth_idgate_algs RS256 XS999;/' \
  'idgate: unknown algorithm "XS999"'
bad_conf "no issuer" 's/^    auth_idgate_issuer .*;//' \
  '"auth_idgate on" needs auth_idgate_jwks, auth_idgate_issuer and auth_idgate_audience'
bad_conf "unknown profile" 's/auth_idgate_profile id-token;/auth_idgate_profile saml;/' \
  'invalid value "saml"'
bad_conf "issuer not UTF-8" "s/auth_idgate_issuer https:\/\/issuer.gateway.test;/auth_idgate_issuer $(printf 'x\xff');/" \
  'idgate: the issuer, audience or algorithms are not usable: invalid_argument'

echo "--- the server survived everything"
check "nginx is still running" kill -0 "$NGINX_PID"
check "no worker crashed" bash -c "! grep -qE 'exited on signal|segfault' '$ERRLOG'"
stop_pid "$NGINX_PID"
NGINX_PID=""

echo "nginx: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
