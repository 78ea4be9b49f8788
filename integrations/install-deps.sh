#!/usr/bin/env bash
# Installs the Debian packages the gateway integrations need, if any is missing:
# the servers and their development files, the real clients, and the test tools.
#   integrations/install-deps.sh          what run-tests.sh needs
#   integrations/install-deps.sh --bench  also the load generators of bench.sh (wrk, ab)
set -euo pipefail

pkgs=(nginx nginx-dev mosquitto mosquitto-dev libmosquitto-dev mosquitto-clients
      curl valgrind python3 gcc make)
[ "${1:-}" = --bench ] && pkgs+=(wrk apache2-utils)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> apt packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi
