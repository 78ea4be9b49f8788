#!/usr/bin/env bash
# Regenerates the C header into a temporary file and fails if it differs from the checked-in
# ffi/include/idgate.h. CI runs this; `make -C ffi header` rewrites the header.
#
# Needs cbindgen 0.29.4 exactly:  cargo install cbindgen --version =0.29.4 --locked
# (another version may format the header differently, so it is refused rather than compared).
#   --write   regenerate ffi/include/idgate.h instead of comparing
set -euo pipefail

CBINDGEN_VERSION="0.29.4"
ffi_dir="$(cd "$(dirname "$0")/.." && pwd)"
header="$ffi_dir/include/idgate.h"
cbindgen="${CBINDGEN:-cbindgen}"

pinned="$(sed -n 's/^# cbindgen-version: *//p' "$ffi_dir/cbindgen.toml")"
if [ "$pinned" != "$CBINDGEN_VERSION" ]; then
    echo "check-header: cbindgen.toml pins '$pinned' but this script pins $CBINDGEN_VERSION" >&2
    exit 2
fi
if ! command -v "$cbindgen" >/dev/null 2>&1; then
    echo "check-header: cbindgen not found; install it with" >&2
    echo "  cargo install cbindgen --version =$CBINDGEN_VERSION --locked" >&2
    exit 2
fi
have="$("$cbindgen" --version | awk '{print $2}')"
if [ "$have" != "$CBINDGEN_VERSION" ]; then
    echo "check-header: cbindgen $have found, $CBINDGEN_VERSION required:" >&2
    echo "  cargo install cbindgen --version =$CBINDGEN_VERSION --locked --force" >&2
    exit 2
fi

tmp="$(mktemp "${TMPDIR:-/tmp}/idgate.h.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
# cbindgen parses the sources only (no build); --quiet drops its notes on private items.
(cd "$ffi_dir" && "$cbindgen" --quiet --config cbindgen.toml --crate idgate-ffi --output "$tmp" .)

if [ "${1:-}" = "--write" ]; then
    cp "$tmp" "$header"
    echo "check-header: wrote $header"
    exit 0
fi
if ! diff -u "$header" "$tmp"; then
    echo "check-header: ffi/include/idgate.h is stale; run 'make -C ffi header' and commit it" >&2
    exit 1
fi
echo "check-header: ffi/include/idgate.h is up to date (cbindgen $CBINDGEN_VERSION)"
