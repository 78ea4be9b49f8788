#!/usr/bin/env bash
# Runs idgate's benches and its peers in one `cargo bench` invocation (bench crate
# idgate-bench, Cargo's default release settings: see the root Cargo.toml's [profile.bench])
# and prints, with the CPU model: the ratios of issue #16's targets 1-5, the per-algorithm
# table (ns/op for idgate, each full-verification peer and each bare signature primitive),
# everything but the signature (parse_only), the size sweep, threads and JWKS loading. The
# targets table and the per-algorithm table are also written into bench/README.md, between
# the `compare.sh` markers.
#
#   bench/compare.sh                   full run (criterion defaults of the benches: 60 samples)
#   QUICK=1 bench/compare.sh           short run (0.3 s warm-up, 1 s measurement, 20 samples)
#   STACK=1 bench/compare.sh           also run benches/stack.rs (stack high-water per verify)
#   bench/compare.sh --table-only      the tables from the last run's results, printed and written
#   STAT=median bench/compare.sh       criterion's median instead of the fastest sample
#   NO_WRITE=1 bench/compare.sh        do not touch bench/README.md
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
info="$target_dir/.compare-info"
mkdir -p "$target_dir"

if [ "${1:-}" != "--table-only" ]; then
    touch "$stamp"
    args=()
    if [ "${QUICK:-0}" = 1 ]; then
        args=(--warm-up-time 0.3 --measurement-time 1 --sample-size 20)
    fi
    load_start=$(sed 's/ [0-9]*\/.*//' /proc/loadavg)
    echo "== $(date -u +%FT%TZ)  load $load_start" >&2
    cargo bench -p idgate-bench --bench peers --bench peers_aws_lc --bench verify -- "${args[@]}" >&2
    if [ "${STACK:-0}" = 1 ]; then
        cargo bench -p idgate-bench --bench stack
    fi
    load_end=$(sed 's/ [0-9]*\/.*//' /proc/loadavg)
    echo "== done $(date -u +%FT%TZ)  load $load_end" >&2
    {
        echo "date=$(date -u +%F)"
        echo "commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo '+changes')"
        echo "load=$load_start (start) / $load_end (end; 1, 5, 15 min)"
        echo "quick=${QUICK:-0}"
        echo "rustc=$(rustc -V)"
        echo "openssl=$(openssl version 2>/dev/null || pkg-config --modversion openssl)"
    } > "$info"
else
    rm -f "$stamp"
fi

python3 - "$target_dir/criterion" "$stamp" "${STAT:-min}" "$info" Cargo.lock bench/README.md "${NO_WRITE:-0}" <<'PY'
import json, os, sys

root, stamp, stat, info_path, lock_path, readme, no_write = sys.argv[1:8]
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
what = "median" if stat == "median" else "fastest sample"

def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"

def cpu_id():
    """`family F model M` from /proc/cpuinfo: which generation the model name hides."""
    fields = {}
    try:
        for line in open("/proc/cpuinfo"):
            k, _, v = line.partition(":")
            fields.setdefault(k.strip(), v.strip())
    except OSError:
        pass
    return f"{fields.get('vendor_id', '?')} family {fields.get('cpu family', '?')} model {fields.get('model', '?')}"

def cpu_count():
    try:
        return sum(1 for l in open("/proc/cpuinfo") if l.startswith("processor"))
    except OSError:
        return 0

info = {}
if os.path.exists(info_path):
    for line in open(info_path):
        k, _, v = line.rstrip("\n").partition("=")
        info[k] = v

def locked(name):
    """Versions of `name` in Cargo.lock, joined."""
    text = open(lock_path).read() if os.path.exists(lock_path) else ""
    vs = [b.split('version = "', 1)[1].split('"', 1)[0]
          for b in text.split("[[package]]") if f'name = "{name}"\n' in b]
    return "/".join(vs) or "?"

FULL_PEERS = [("jsonwebtoken", "jsonwebtoken (rust_crypto)"),
              ("jsonwebtoken-aws-lc", "jsonwebtoken (aws_lc_rs)"),
              ("jwt-simple", "jwt-simple (pure-rust)")]
SIGS = [("idgate-sig", "idgate"), ("openssl-sig", "OpenSSL"), ("rustcrypto-sig", "RustCrypto"),
        ("ring-sig", "ring"), ("aws-lc-sig", "aws-lc-rs")]

def best_peer(a):
    vals = [(get(a, f), label) for f, label in FULL_PEERS if get(a, f) is not None]
    return min(vals) if vals else (None, "-")

def fastest_bare(a):
    vals = [(get(a, f), label) for f, label in SIGS[1:] if get(a, f) is not None]
    return min(vals) if vals else (None, "-")

out = []
def emit(line=""):
    out.append(line)

def target(label, num, den, goal, op):
    r = None if num is None or den is None else num / den
    if r is None:
        verdict = "not measured"
    elif op is None:
        verdict = "(for information)"
    else:
        verdict = "**met**" if (r <= goal if op == "<=" else r < goal) else "not met"
    goal_s = "-" if op is None else f"{'≤' if op == '<=' else op} {goal:g}"
    emit(f"| {label} | {'-' if r is None else f'{r:.2f}'} | {goal_s} | {verdict} |")

emit(f"Machine: {cpu_model()} ({cpu_id()}), {cpu_count()} logical CPUs; "
     f"{info.get('rustc', 'rustc ?')}; load average {info.get('load', '?')}.")
emit(f"Run: `{'QUICK=1 ' if info.get('quick') == '1' else ''}bench/compare.sh` on "
     f"{info.get('commit', '?')}, {info.get('date', '?')}; ns per operation, "
     f"{'median' if stat == 'median' else 'fastest'} of criterion's samples; bench profile = "
     "Cargo's default release settings.")
emit(f"Peers: jsonwebtoken {locked('jsonwebtoken')} (`rust_crypto`; `aws_lc_rs` with aws-lc-rs "
     f"{locked('aws-lc-rs')}), jwt-simple {locked('jwt-simple')} (`pure-rust`); bare primitives: "
     f"{info.get('openssl', 'OpenSSL ?')} via `openssl` {locked('openssl')}, ring "
     f"{locked('ring')}, aws-lc-rs {locked('aws-lc-rs')}, rsa {locked('rsa')}, p256 "
     f"{locked('p256')}, ed25519-dalek {locked('ed25519-dalek')}, hmac {locked('hmac')}.")
emit()
emit("Targets of issue #16 (ratios below 1: idgate is faster):")
emit()
emit("| ratio | measured | goal | |")
emit("|---|---|---|---|")
for a in ["RS256-2048", "RS256-4096", "PS256-2048", "ES256"]:
    full = get(a, "idgate")
    goal = 0.9 if a == "ES256" else 1.15
    target(f"{a}: idgate full verify / OpenSSL bare verify", full, get(a, "openssl-sig"),
           goal, "<=")
    bp, who = best_peer(a)
    target(f"{a}: idgate full verify / best full-verify peer ({who})", full, bp, 1, "<")
    fb, who = fastest_bare(a)
    target(f"{a}: idgate full verify / fastest bare primitive ({who})", full, fb, 1, None)
target("EdDSA: idgate full verify / bare ed25519-dalek `verify_strict`", get("EdDSA", "idgate"),
       get("EdDSA", "rustcrypto-sig"), 1.05, "<=")
target("RS256-2048 token (769 B): everything but the signature (parse_only) / base64url + "
       "serde_json (borrowed) decoding", get("parse_only", "alg", "RS256-2048"),
       get("RS256-2048", "b64-serde"), 0.4, "<=")
target("HS256: idgate full verify / bare HMAC (`hmac` crate)", get("HS256", "idgate"),
       get("HS256", "rustcrypto-sig"), 2, "<=")
target("JWKS of 4 keys (RSA-2048, RSA-4096, P-256, Ed25519): idgate load / one idgate ES256 "
       "full verify", get("JWKS-4", "idgate"), get("ES256", "idgate"), 1, "<")
emit()
emit("Full verification (split, base64url, JSON, key choice, signature, ID-token claims), the "
     "signature alone (hash + public-key operation) and base64url + serde_json decoding alone, "
     f"ns/op ({what}), one run:")
emit()
hdr = ("| alg | idgate | " + " | ".join(l for _, l in FULL_PEERS) + " | "
       + " | ".join(f"{l} sig" for _, l in SIGS) + " | b64 + serde_json "
       "| idgate / best peer | idgate / OpenSSL sig | idgate sig / OpenSSL sig |")
emit(hdr)
emit("|" + "|".join(["---"] * (hdr.count("|") - 1)) + "|")
for a in algs:
    full = get(a, "idgate")
    peers = [get(a, f) for f, _ in FULL_PEERS]
    sigs = [get(a, f) for f, _ in SIGS]
    dec = get(a, "b64-serde")
    if all(v is None for v in [full, dec] + peers + sigs):
        continue
    bp, _ = best_peer(a)
    emit(f"| {a} | {ns(full)} | " + " | ".join(ns(v) for v in peers) + " | "
         + " | ".join(ns(v) for v in sigs) + f" | {ns(dec)} | {ratio(full, bp)} "
         f"| {ratio(full, get(a, 'openssl-sig'))} | {ratio(sigs[0], sigs[1])} |")
j_id, j_jwt = get("JWKS-4", "idgate"), get("JWKS-4", "jsonwebtoken")
if j_id or j_jwt:
    emit(f"| JWKS, 4 keys (load) | {ns(j_id)} | {ns(j_jwt)} |"
         + " - |" * (len(FULL_PEERS) - 1 + len(SIGS) + 1) + f" {ratio(j_id, j_jwt)} | - | - |")

extra = []
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
    extra.append("")
    extra.append("Everything but the signature (parse_only): __fuzz::verify_without_signature, verify's")
    extra.append(f"code path minus the hash and public-key operation, ns/op ({what}); last column: the")
    extra.append("estimate it replaces, verify(HS256) - Key::verify(HS256) from the sweep group:")
    extra.append("")
    extra.append("| token | bytes | parse_only | per KiB | HS256 verify - HMAC alone | per KiB |")
    extra.append("|---|---|---|---|---|---|")
    for label, k in po:
        v, n = res.get(k), size.get(k)
        if v is None:
            continue
        d = derived(k[2]) if k[1] == "sweep_hs256" else None
        dn = "-" if d is None else ns(d)
        dk = "-" if d is None else per_kib(d, n)
        extra.append(f"| {label} | {f'{n:,}' if n else '-'} | {ns(v)} | {per_kib(v, n)} | {dn} | {dk} |")

if any(get("sweep", "hs256_full", s) for s in sizes):
    extra.append("")
    extra.append("Size sweep (idgate): verify(HS256) - Key::verify(HS256) on the same payload is the")
    extra.append(f"earlier estimate of everything but the signature (parse_only measures it), ns/op ({what}):")
    extra.append("")
    extra.append("| token | ES256 verify | HS256 verify | HMAC alone | HS256 verify - HMAC alone "
          "| per KiB |")
    extra.append("|---|---|---|---|---|---|")
    for s in sizes:
        es, hs, mac = (get("sweep", f, s) for f in ("es256_full", "hs256_full",
                                                    "hs256_key_verify"))
        nonsig = derived(s)
        n = size.get(("sweep", "hs256_full", s))
        label = f"{s} ({n:,} B)" if n else s
        extra.append(f"| {label} | {ns(es)} | {ns(hs)} | {ns(mac)} | {ns(nonsig)} | {per_kib(nonsig, n)} |")

thr = [(c, get("threads", "1", c), get("threads", "2", c)) for c in ("RS256-2048", "ES256")]
if any(one for _, one, _ in thr):
    extra.append("")
    extra.append(f"Throughput, one shared &KeySet: wall time per verification, ns ({what}), 1 and 2 "
      "threads:")
    extra.append("")
    extra.append("| alg | 1 thread | 2 threads | speed-up |")
    extra.append("|---|---|---|---|")
    for c, one, two in thr:
        extra.append(f"| {c} | {ns(one)} | {ns(two)} | {ratio(one, two)} |")
lj = get("jwks", "load_jwks", "4-key")
if lj:
    extra.append("")
    extra.append(f"KeySet::load_jwks, 4 keys (RSA-2048, RSA-4096, P-256, Ed25519): {ns(lj)} ns")
print()
print("\n".join(out))
print("\n".join(extra))
# bench/README.md gets every table, README.md the targets and the per-algorithm table.
blocks = {readme: out + [""] + extra, os.path.join(os.path.dirname(readme), "..", "README.md"): out}
if no_write != "1" and res:
    begin, end = "<!-- compare.sh: begin -->", "<!-- compare.sh: end -->"
    for path, lines in blocks.items():
        text = open(path).read() if os.path.exists(path) else ""
        if begin in text and end in text:
            head, rest = text.split(begin, 1)
            _, tail = rest.split(end, 1)
            body = "\n".join(lines).rstrip("\n")
            open(path, "w").write(head + begin + "\n" + body + "\n" + end + tail)
            print(f"(written into {os.path.normpath(path)})", file=sys.stderr)
        else:
            print(f"({path} has no compare.sh markers: not written)", file=sys.stderr)
PY
