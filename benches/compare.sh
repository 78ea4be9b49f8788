#!/usr/bin/env bash
# Runs idgate's benches and its peers in one `cargo bench` invocation and prints one table:
# median ns/op per algorithm for idgate and each peer, and the ratios idgate/peer.
#
#   benches/compare.sh                 full run (criterion defaults of the benches: 60 samples)
#   QUICK=1 benches/compare.sh         short run (0.3 s warm-up, 1 s measurement, 20 samples)
#   STACK=1 benches/compare.sh         also run benches/stack.rs (stack high-water per verify)
#   benches/compare.sh --table-only    only print the table from the last run's results
#
# Needs python3. Reads target/criterion/*/**/new/{benchmark,estimates}.json, only those
# written by this run (or, with --table-only, the newest of each).
set -euo pipefail
cd "$(dirname "$0")/.."

target_dir="${CARGO_TARGET_DIR:-target}"
stamp="$target_dir/.compare-start"
mkdir -p "$target_dir"

if [ "${1:-}" != "--table-only" ]; then
    touch "$stamp"
    args=()
    if [ "${QUICK:-0}" = 1 ]; then
        args=(--warm-up-time 0.3 --measurement-time 1 --sample-size 20)
    fi
    echo "== $(date -u +%FT%TZ)  $(uptime | sed 's/.*load/load/')" >&2
    cargo bench -p idgate --bench peers --bench verify -- "${args[@]}" >&2
    if [ "${STACK:-0}" = 1 ]; then
        cargo bench -p idgate --bench stack
    fi
    echo "== done $(date -u +%FT%TZ)  $(uptime | sed 's/.*load/load/')" >&2
else
    rm -f "$stamp"
fi

python3 - "$target_dir/criterion" "$stamp" <<'PY'
import json, os, sys

root, stamp = sys.argv[1], sys.argv[2]
since = os.path.getmtime(stamp) if os.path.exists(stamp) else 0
res = {}
for d, _, files in os.walk(root):
    if os.path.basename(d) != "new" or "benchmark.json" not in files:
        continue
    b = os.path.join(d, "benchmark.json")
    if os.path.getmtime(b) < since:
        continue
    meta = json.load(open(b))
    est = json.load(open(os.path.join(d, "estimates.json")))
    key = (meta["group_id"], meta.get("function_id"), meta.get("value_str"))
    res[key] = est["median"]["point_estimate"]

def get(group, fn, value=None):
    return res.get((group, fn, value))

def ns(v):
    if v is None:
        return "-"
    return f"{v:,.0f}" if v >= 100 else f"{v:.1f}"

def ratio(a, b):
    return "-" if a is None or b is None else f"{a / b:.2f}"

algs = ["RS256-2048", "RS256-4096", "PS256-2048", "ES256", "ES384", "EdDSA", "HS256",
        "ES256-10KiB"]
print()
print("Full verification (split, base64url, JSON, key choice, signature, ID-token claims)")
print("and the signature alone (hash + public-key operation), median ns/op, one run:")
print()
hdr = ("| alg | idgate | jsonwebtoken | jwt-simple | idgate sig | OpenSSL sig | RustCrypto sig "
       "| idgate / jsonwebtoken | idgate / jwt-simple | idgate / OpenSSL sig "
       "| idgate sig / OpenSSL sig |")
print(hdr)
print("|" + "|".join(["---"] * (hdr.count("|") - 1)) + "|")
for a in algs:
    full, jwt, js = get(a, "idgate"), get(a, "jsonwebtoken"), get(a, "jwt-simple")
    sig, ossl, rc = get(a, "idgate-sig"), get(a, "openssl-sig"), get(a, "rustcrypto-sig")
    if all(v is None for v in (full, jwt, js, sig, ossl, rc)):
        continue
    print(f"| {a} | {ns(full)} | {ns(jwt)} | {ns(js)} | {ns(sig)} | {ns(ossl)} | {ns(rc)} "
          f"| {ratio(full, jwt)} | {ratio(full, js)} | {ratio(full, ossl)} | {ratio(sig, ossl)} |")

j_id, j_jwt = get("JWKS-4", "idgate"), get("JWKS-4", "jsonwebtoken")
if j_id or j_jwt:
    print(f"| JWKS, 4 keys (load) | {ns(j_id)} | {ns(j_jwt)} | - | - | - | - "
          f"| {ratio(j_id, j_jwt)} | - | - | - |")

sizes = ["0.5KiB", "1KiB", "4KiB", "10KiB", "16KiB"]
if any(get("sweep", "hs256_full", s) for s in sizes):
    print()
    print("Size sweep (idgate): everything but the signature = verify(HS256) - Key::verify(HS256)")
    print("on the same payload, median ns/op:")
    print()
    print("| token | ES256 verify | HS256 verify | HMAC alone | everything but the signature "
          "| per KiB |")
    print("|---|---|---|---|---|---|")
    for s in sizes:
        es, hs, mac = (get("sweep", f, s) for f in ("es256_full", "hs256_full",
                                                    "hs256_key_verify"))
        nonsig = None if hs is None or mac is None else hs - mac
        lens = json.load(open(os.path.join(root, "sweep", "hs256_full", s, "new",
                                           "benchmark.json"))).get("throughput") if hs else None
        size = lens.get("Bytes") if isinstance(lens, dict) else None
        per = "-" if nonsig is None or not size else f"{nonsig / (size / 1024):,.0f}"
        label = f"{s} ({size} B)" if size else s
        print(f"| {label} | {ns(es)} | {ns(hs)} | {ns(mac)} | {ns(nonsig)} | {per} |")

rows = [(c, get("idgate", "full", c), get("idgate", "key_verify", c)) for c in algs]
if any(f for _, f, _ in rows):
    print()
    print("idgate alone (benches/verify.rs): full verify, Key::verify, difference, median ns/op:")
    print()
    print("| alg | verify | Key::verify | difference |")
    print("|---|---|---|---|")
    for c, f, k in rows:
        if f is not None:
            print(f"| {c} | {ns(f)} | {ns(k)} | {ns(None if k is None else f - k)} |")

thr = [(c, get("threads", "1", c), get("threads", "2", c)) for c in ("RS256-2048", "ES256")]
if any(one for _, one, _ in thr):
    print()
    print("Throughput, one shared &KeySet: wall time per verification (ns), 1 and 2 threads:")
    print()
    print("| alg | 1 thread | 2 threads | speed-up |")
    print("|---|---|---|---|")
    for c, one, two in thr:
        print(f"| {c} | {ns(one)} | {ns(two)} | {ratio(one, two)} |")
lj = get("jwks", "load_jwks", "4-key")
if lj:
    print()
    print(f"KeySet::load_jwks, 4 keys (RSA-2048, RSA-4096, P-256, Ed25519): {ns(lj)} ns")
PY
