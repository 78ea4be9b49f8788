#!/usr/bin/env bash
# CI for the C API (run by scripts/test-all.sh, which fails without it): the checked-in header
# must match the sources, then the C tests under Valgrind and ASan/UBSan, pkg-config linking and
# the stack measurement (`make -C ffi test`), then the library sizes (`make -C ffi sizes`); both
# measurements are kept in ffi/build/ for scripts/figures.py.
set -euo pipefail
cd "$(dirname "$0")/../.."
ffi/scripts/check-header.sh
make -C ffi test
make -C ffi sizes
