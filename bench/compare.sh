#!/usr/bin/env bash
# Runs idgate's benches and its peers in one `cargo bench` invocation and prints the tables:
# ns/op per algorithm (fixture ID tokens and 10 KiB tokens) for idgate and each peer with the
# ratios idgate/peer, everything but the signature (parse_only), the size sweep, threads, JWKS.
#
#   benches/compare.sh                 full run (criterion defaults of the benches: 60 samples)
#   QUICK=1 benches/compare.sh         short run (0.3 s warm-up, 1 s measurement, 20 samples)
#   STACK=1 benches/compare.sh         also run benches/stack.rs (stack high-water per verify)
#   benches/compare.sh --table-only    only print the table from the last run's results
#   STAT=median benches/compare.sh     criterion's median instead of the fastest sample
#
# The statistic is, by default, the fastest of criterion's samples (each sample is the mean
# over many iterations): on a shared machine it is the one least disturbed by other jobs,
# and it is far more reproducible than the median there. STAT=median uses criterion's
# median estimate. Needs python3. Reads target/criterion/**/new/{benchmark,estimates,sample}
# .json, only those written by this run (or, with --table-only, the newest of each).
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

python3 - "$target_dir/criterion" "$stamp" "${STAT:-min}" <<'PY'
import json, os, sys

root, stamp, stat = sys.argv[1], sys.argv[2], sys.argv[3]
since = os.path.getmtime(stamp) if os.path.exists(stamp) else 0
res, size = {}, {}
for d, _, files in os.walk(root):
    if os.path.basename(d) != "new" or "benchmark.json" not in files:
        continue
    b = os.path.join(d, "benchmark.json")
    if os.path.getmtime(b) < since:
        continue
    meta = json.load(open(b))
    key = (meta["group_id"], meta.get("function_id"), meta.get("value_str"))
    if isinstance(meta.get("throughput"), dict):
        size[key] = meta["throughput"].get("Bytes")
    if stat == "median":
        est = json.load(open(os.path.join(d, "estimates.json")))
        res[key] = est["median"]["point_estimate"]
    else:
        sample = json.load(open(os.path.join(d, "sample.json")))
        res[key] = min(t / n for t, n in zip(sample["times"], sample["iters"]))

def get(group, fn, value=None):
    return res.get((group, fn, value))

def ns(v):
    if v is None:
        return "-"
    return f"{v:,.0f}" if v >= 100 else f"{v:.1f}"

def ratio(a, b):
    return "-" if a is None or b is None else f"{a / b:.2f}"

id_algs = ["RS256-2048", "RS256-4096", "PS256-2048", "ES256", "ES384", "EdDSA", "HS256"]
algs = id_algs + [f"{a}-10KiB" for a in id_algs]
print()
print("Full verification (split, base64url, JSON, key choice, signature, ID-token claims)")
what = "median" if stat == "median" else "fastest sample"
print(f"and the signature alone (hash + public-key operation), ns/op ({what}), one run:")
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

def per_kib(v, n):
    return "-" if v is None or not n else f"{v / (n / 1024):,.0f}"

sizes = ["0.5KiB", "1KiB", "4KiB", "10KiB", "16KiB"]
def derived(s):
    hs, mac = get("sweep", "hs256_full", s), get("sweep", "hs256_key_verify", s)
    return None if hs is None or mac is None else hs - mac

po = [(a, ("parse_only", "alg", a)) for a in id_algs]
for s in sizes:
    po += [(f"sweep {s}, ES256", ("parse_only", "sweep_es256", s)),
           (f"sweep {s}, HS256", ("parse_only", "sweep_hs256", s))]
if any(res.get(k) for _, k in po):
    print()
    print("Everything but the signature (parse_only): __fuzz::verify_without_signature, verify's")
    print(f"code path minus the hash and public-key operation, ns/op ({what}); last column: the")
    print("estimate it replaces, verify(HS256) - Key::verify(HS256) from the sweep group:")
    print()
    print("| token | bytes | parse_only | per KiB | HS256 verify - HMAC alone | per KiB |")
    print("|---|---|---|---|---|---|")
    for label, k in po:
        v, n = res.get(k), size.get(k)
        if v is None:
            continue
        d = derived(k[2]) if k[1] == "sweep_hs256" else None
        dn = "-" if d is None else ns(d)
        dk = "-" if d is None else per_kib(d, n)
        print(f"| {label} | {f'{n:,}' if n else '-'} | {ns(v)} | {per_kib(v, n)} | {dn} | {dk} |")

if any(get("sweep", "hs256_full", s) for s in sizes):
    print()
    print("Size sweep (idgate): verify(HS256) - Key::verify(HS256) on the same payload is the")
    print(f"earlier estimate of everything but the signature (parse_only measures it), ns/op ({what}):")
    print()
    print("| token | ES256 verify | HS256 verify | HMAC alone | HS256 verify - HMAC alone "
          "| per KiB |")
    print("|---|---|---|---|---|---|")
    for s in sizes:
        es, hs, mac = (get("sweep", f, s) for f in ("es256_full", "hs256_full",
                                                    "hs256_key_verify"))
        nonsig = derived(s)
        n = size.get(("sweep", "hs256_full", s))
        label = f"{s} ({n:,} B)" if n else s
        print(f"| {label} | {ns(es)} | {ns(hs)} | {ns(mac)} | {ns(nonsig)} | {per_kib(nonsig, n)} |")

thr = [(c, get("threads", "1", c), get("threads", "2", c)) for c in ("RS256-2048", "ES256")]
if any(one for _, one, _ in thr):
    print()
    print(f"Throughput, one shared &KeySet: wall time per verification, ns ({what}), 1 and 2 "
      "threads:")
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
