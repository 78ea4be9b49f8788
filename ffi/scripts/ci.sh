#!/usr/bin/env bash
# CI for the C API (run by scripts/test-all.sh when executable): the checked-in header must
# match the sources, then the C tests under Valgrind and ASan/UBSan, pkg-config linking and the
# stack measurement (`make -C ffi test`).
set -euo pipefail
cd "$(dirname "$0")/../.."
ffi/scripts/check-header.sh
make -C ffi test
