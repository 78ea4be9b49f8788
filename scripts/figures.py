#!/usr/bin/env python3
"""Writes every measured figure and count of the READMEs from the command that produces it,
and checks that the READMEs still say what the commands print.

    scripts/figures.py --measure --write   # run the measuring commands, rewrite the READMEs
    scripts/figures.py --write             # rewrite from the last measurements
    scripts/figures.py --check             # fail if a README figure differs (CI)

A figure lives in a marked block of a README:

    <!-- figures:NAME key=value ... -->
    ...generated text...
    <!-- /figures:NAME -->

Only this script writes between the markers. Sources (the measuring commands):

    ffi/build/stack.txt          make -C ffi stack    (tests/stack_usage.c: x86_64 stack, sizes)
    ffi/build/sizes.txt          make -C ffi sizes    (library and linked example sizes)
    examples/cortex-m/target/budgets/figures.txt
                                 examples/cortex-m/run.sh (check-budgets.sh: flash, stack,
                                 instructions, static RAM under QEMU)
    tests/data/..., fuzz/smoke.sh  read here: fixture and Wycheproof counts, fuzz targets

Comparison (--check): counts are compared exactly. Measured figures (bytes, instructions)
are deterministic for one build setup, which the begin marker records: rustc, gcc for the C
figures, and for file sizes (libraries, whole binaries) a hash of the checkout and cargo-home
paths, which binaries embed in panic locations. With the same setup they must match exactly;
with another one each number may differ by at most TOLERANCE (relative) and the check warns
that the figures should be re-measured. Text outside the numbers must match exactly.
"""

import argparse
import base64
import hashlib
import json
import os
import re
import subprocess
import sys
import textwrap

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
TOLERANCE = 0.10
READMES = ["README.md", "ffi/README.md", "examples/cortex-m/README.md", "fuzz/README.md"]
STACK_TXT = "ffi/build/stack.txt"
SIZES_TXT = "ffi/build/sizes.txt"
BUDGETS_TXT = "examples/cortex-m/target/budgets/figures.txt"


class Missing(Exception):
    """A measurement file is absent: run the command that writes it."""


def path(rel):
    return os.path.join(ROOT, rel)


def read(rel, command):
    try:
        with open(path(rel), encoding="utf-8") as f:
            return f.read()
    except FileNotFoundError:
        raise Missing(f"{rel} is missing: run `{command}` (or scripts/figures.py --measure)")


def kv(rel, command):
    out = {}
    for line in read(rel, command).splitlines():
        if line.strip():
            k, v = line.split(None, 1)
            out[k] = v.strip()
    return out


def toolchain(gcc=None, paths=False):
    """What measured figures depend on: the compiler (and gcc for the C stack harness and the
    linked example), and for file sizes the paths the binaries embed (panic locations name the
    checkout and the cargo registry, so those sizes move with the paths' lengths)."""
    rustc = subprocess.run(["rustc", "-V"], capture_output=True, text=True, check=True)
    out = {"rustc": rustc.stdout.split()[1]}
    if gcc:
        out["gcc"] = gcc
    if paths:
        home = os.path.realpath(os.environ.get("CARGO_HOME") or os.path.expanduser("~/.cargo"))
        out["paths"] = hashlib.sha256(f"{ROOT}\0{home}".encode()).hexdigest()[:8]
    return out


def prose(text):
    """One paragraph, wrapped as the READMEs are (at most 96 columns)."""
    return textwrap.fill(text, width=96, break_long_words=False, break_on_hyphens=False)


def budget(n):
    """A budget, whole KiB as set in check-budgets.sh."""
    return f"{n // 1024} KiB" if n % 1024 == 0 else f"{n} B"


def kib(n):
    return f"{n / 1024:.1f} KiB"


def millions(n):
    return f"{n / 1e6:.2f} M"


# --- sources ------------------------------------------------------------------------------


def fixture_algs():
    """Case name -> header alg, for both fixture files."""
    algs = {}
    for f in ["tokens.json", "tokens_large.json"]:
        with open(path(f"tests/data/fixtures/{f}"), encoding="utf-8") as fh:
            doc = json.load(fh)
        for c in doc["cases"]:
            h = c["token"].split(".")[0]
            try:
                algs[c["name"]] = json.loads(base64.urlsafe_b64decode(h + "=" * (-len(h) % 4)))["alg"]
            except (ValueError, KeyError):
                algs[c["name"]] = "?"
    return algs


STACK_LINE = re.compile(
    r"^(\S+)\s+(\d+) bytes verify \((\S+), (\d+)-byte token\),\s+(\d+) bytes keyset_parse$"
)


def stack_gcc():
    """The gcc that built the stack harness (recorded by make -C ffi sizes)."""
    return kv(SIZES_TXT, "make -C ffi sizes")["gcc"]


def stack_figures():
    text = read(STACK_TXT, "make -C ffi stack")
    cases = []
    for line in text.splitlines():
        m = STACK_LINE.match(line)
        if m:
            cases.append(
                {
                    "name": m[1],
                    "verify": int(m[2]),
                    "status": m[3],
                    "token": int(m[4]),
                    "parse": int(m[5]),
                }
            )
    sizes = re.search(
        r"^sizes: keyset (\d+) align (\d+) policy (\d+) claims (\d+) max_scratch (\d+) "
        r"keyset_base (\d+) keyset_slot (\d+)$",
        text,
        re.M,
    )
    if not cases or not sizes or not re.search(r"^bound: \d+ bytes: PASS$", text, re.M):
        raise Missing(f"{STACK_TXT} holds no passing measurement: run `make -C ffi stack`")
    algs = fixture_algs()
    per_alg = {}
    for c in cases:
        c["alg"] = algs.get(c["name"], "?")
        per_alg[c["alg"]] = max(per_alg.get(c["alg"], 0), c["verify"])
    keys = ["keyset", "align", "policy", "claims", "max_scratch", "keyset_base", "keyset_slot"]
    return cases, per_alg, dict(zip(keys, map(int, sizes.groups())))


ALG_ORDER = ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
             "ES256", "ES384", "ES512", "EdDSA", "Ed25519"]


def alg_list(per_alg):
    return ", ".join(f"{a} {kib(per_alg[a])}" for a in ALG_ORDER if a in per_alg)


# --- blocks -------------------------------------------------------------------------------
# Each returns (text, attributes). Attributes name the toolchain of measured figures; a block
# without them holds counts only and is always compared exactly.


def block_ffi_memory():
    cases, per_alg, sizes = stack_figures()
    top = max(cases, key=lambda c: c["verify"])
    top_parse = max(cases, key=lambda c: c["parse"])
    text = prose(
        f"Key set storage `IDGATE_KEYSET_SIZE(n)` = {sizes['keyset_base']} + "
        f"{sizes['keyset_slot']}·n bytes for `n` keys, any `n` ({sizes['keyset']} for 8; query "
        f"`idgate_keyset_size_for(n)` on other targets); scratch `IDGATE_SCRATCH_LEN(n)` = "
        f"`n/2*3 + 8` bytes. Stack of one `idgate_verify` (`make -C ffi stack`, x86_64 "
        f"release, largest case per algorithm): {alg_list(per_alg)}; at most "
        f"{kib(top['verify'])} ({top['name']}); `idgate_keyset_parse` at most "
        f"{kib(top_parse['parse'])}. Per-case figures and library sizes: "
        f"[`ffi/README.md`](ffi/README.md#memory)."
    )
    return text, toolchain(gcc=stack_gcc())


def block_ffi_memory_table():
    cases, per_alg, sizes = stack_figures()
    top = max(cases, key=lambda c: c["verify"])
    top_parse = max(cases, key=lambda c: c["parse"])
    scratch_2k = 2048 // 2 * 3 + 8
    rows = [
        "| what | size (x86_64 Linux) |",
        "| --- | --- |",
        f"| key set storage, `n` keys (any `n`) | `IDGATE_KEYSET_SIZE(n)` = "
        f"{sizes['keyset_base']} + {sizes['keyset_slot']}·n bytes ({sizes['keyset']} for 8), "
        f"aligned to `IDGATE_KEYSET_ALIGN` = {sizes['align']} |",
        f"| scratch per verification | `IDGATE_SCRATCH_LEN(n)` = `n / 2 * 3 + 8` bytes for an "
        f"`n`-byte token ({scratch_2k} for 2 KiB); at most `IDGATE_MAX_SCRATCH_LEN` = "
        f"{sizes['max_scratch']} |",
        f"| stack of one `idgate_verify` | at most {kib(top['verify'])} ({top['name']}, "
        f"{top['alg']}); largest case per algorithm: {alg_list(per_alg)} |",
        f"| stack of one `idgate_keyset_parse` | at most {kib(top_parse['parse'])} "
        f"({top_parse['name']}'s key set) |",
        f"| `idgate_policy` / `idgate_claims` | {sizes['policy']} / {sizes['claims']} bytes |",
    ]
    return "\n".join(rows), toolchain(gcc=stack_gcc())


def block_ffi_stack_cases():
    cases, _, _ = stack_figures()
    rows = [
        "| case | alg | token bytes | status | `idgate_verify` stack | `idgate_keyset_parse` stack |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for c in cases:
        rows.append(
            f"| `{c['name']}` | {c['alg']} | {c['token']} | `{c['status']}` | {c['verify']} B | "
            f"{c['parse']} B |"
        )
    return "\n".join(rows), toolchain(gcc=stack_gcc())


def block_ffi_sizes():
    lib = kv(SIZES_TXT, "make -C ffi sizes")
    n = {k: int(v) for k, v in lib.items() if k != "gcc"}
    rows = [
        f"Measured on x86_64 with rustc {toolchain()['rustc']} and gcc {lib['gcc']} "
        f"(`make -C ffi sizes`):",
        "",
        "| artefact | size |",
        "| --- | --- |",
        f"| `libidgate_ffi.a` (release-ffi) | {n['static_lib']} B on disk (it bundles std's "
        f"objects); `size -t`: {n['static_lib_text']} B text |",
        f"| `libidgate_ffi.so` | {n['shared_lib']} B |",
        f"| `verify_file` linked statically, `-Os -Wl,--gc-sections`, stripped | "
        f"{n['example_file']} B file ({n['example_text']} B text, {n['example_data']} B data "
        f"and bss) |",
    ]
    return "\n".join(rows), toolchain(gcc=lib["gcc"], paths=True)


def budgets():
    b = kv(BUDGETS_TXT, "examples/cortex-m/run.sh")
    return {k: int(v) for k, v in b.items()}


def keyset_formula(b, config):
    one, four = b[f"size.{config}.KeySet<1>"], b[f"size.{config}.KeySet<4>"]
    per = (four - one) // 3
    return one - per, per, four


def block_embedded():
    b = budgets()
    base, per, four = keyset_formula(b, "full")
    scratch = b["size.full.scratch_len(2048)"]
    rows = [
        "| figure (thumbv7m, opt-level \"z\", LTO) | measured | budget |",
        "|---|---|---|",
        f"| flash of the verification code, RS256 + ES256 + policy | {b['flash.full']} B "
        f"({kib(b['flash.full'])}) | {budget(b['budget.flash'])} |",
        f"| flash, RSA only / ES256 only | {b['flash.rsa']} B / {b['flash.ecdsa']} B | — |",
        f"| stack of one full verify, ES256 | {b['stack.full.es256']} B | "
        f"{budget(b['budget.stack.es256'])} |",
        f"| stack, RS256-2048 / RS256-4096 | {b['stack.full.rs256_2048']} B / "
        f"{b['stack.full.rs256_4096']} B | {budget(b['budget.stack.rs256_2048'])} / "
        f"{budget(b['budget.stack.rs256_4096'])} |",
        f"| instructions per verify (QEMU `-icount shift=0`, an estimate) | ES256 "
        f"{millions(b['insns.full.es256'])}, RS256-2048 {millions(b['insns.full.rs256_2048'])}, "
        f"RS256-4096 {millions(b['insns.full.rs256_4096'])} | — |",
        f"| `KeySet<N>` (RSA + ES256 build) | {base} + {per}·N bytes: {four} B for 4 keys | — |",
        f"| scratch for a token of L bytes | `scratch_len(L)` = ⌊L/2⌋·3 + 8: {scratch} B for "
        f"2 KiB | — |",
        "",
        f"Four keys and a 2 KiB token need {four + scratch} bytes of static RAM. Command: "
        f"`examples/cortex-m/run.sh`.",
    ]
    # The flash figures move with the checkout path (panic locations): see `toolchain`.
    return "\n".join(rows), toolchain(paths=True)


def block_cm_budgets():
    b = budgets()
    rows = [
        "| budget | limit | measured | |",
        "| --- | --- | --- | --- |",
        f"| flash, verification code, RS256 + ES256 + policy | {budget(b['budget.flash'])} | "
        f"{b['flash.full']} B ({kib(b['flash.full'])}) | pass |",
    ]
    for alg, label in [("es256", "ES256"), ("rs256_2048", "RS256-2048"),
                       ("rs256_4096", "RS256-4096")]:
        worst = max(v for k, v in b.items() if re.fullmatch(rf"stack\.\w+\.{alg}", k))
        rows.append(
            f"| stack, one {label} verify (largest over the builds) | "
            f"{budget(b[f'budget.stack.{alg}'])} | {worst} B | pass |"
        )
    return "\n".join(rows), toolchain(paths=True)


def block_cm_flash():
    b = budgets()
    rows = [
        "| core features | verification code | whole test firmware (fixtures, printing, measuring) |",
        "| --- | --- | --- |",
    ]
    for config, label in [("full", "`rsa,es256`"), ("rsa", "`rsa` only"), ("ecdsa", "`es256` only")]:
        rows.append(
            f"| {label} | {b[f'flash.{config}']} B ({kib(b[f'flash.{config}'])}) | "
            f"{b[f'firmware.{config}']} B |"
        )
    return "\n".join(rows), toolchain(paths=True)


def block_cm_stack():
    b = budgets()
    rows = ["| call | `rsa,es256` | `rsa` | `es256` |", "| --- | --- | --- | --- |"]
    for alg, label in [("es256", "`verify`, ES256"), ("rs256_2048", "`verify`, RS256-2048"),
                       ("rs256_4096", "`verify`, RS256-4096"),
                       ("load_jwks", "`KeySet::load_jwks` (7 keys)")]:
        cells = []
        for config in ["full", "rsa", "ecdsa"]:
            v = b.get(f"stack.{config}.{alg}")
            cells.append(f"{v} B" if v is not None else "")
        rows.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(rows), toolchain()


def block_cm_ram():
    b = budgets()
    base, per, four = keyset_formula(b, "full")
    ebase, eper, efour = keyset_formula(b, "ecdsa")
    scratch = b["size.full.scratch_len(2048)"]
    rows = [
        "| item | formula | 4 keys / 2 KiB token |",
        "| --- | --- | --- |",
        f"| `KeySet<N>`, features with `rsa` | {base} + {per} N bytes (`Key` = "
        f"{b['size.full.Key']} B: an RSA-4096 modulus and Montgomery constants) | {four} B |",
        f"| `KeySet<N>`, `ecdsa` only | {ebase} + {eper} N bytes (`Key` = {b['size.ecdsa.Key']} B) "
        f"| {efour} B |",
        f"| scratch, `idgate::scratch_len(L)` | ⌊L / 2⌋ · 3 + 8 ≈ 1.5 L + 8 bytes | {scratch} B |",
        "",
        f"So a device with 4 keys (RSA and EC) and tokens up to 2 KiB needs {four + scratch} B of "
        f"static RAM for",
        "idgate, plus the stack above. The firmware prints `size_of::<KeySet<N>>()` for N = 1, 4, 8",
        "(`SIZE` lines).",
    ]
    return "\n".join(rows), toolchain()


def block_cm_insns():
    b = budgets()
    insns, ticks = b["calibration.full.insns"], b["calibration.full.ticks"]
    rows = [
        prose(
            f"The firmware calibrates SysTick with a loop of exactly {insns} instructions "
            f"(`subs`/`bne`): {ticks} ticks, i.e. {insns / ticks:.2f} instructions per tick. "
            f"Figures for one valid verify (the whole pipeline: split, base64url, JSON, key "
            f"choice, signature, claims, policy), `rsa,ecdsa` build:"
        ),
        "",
        "| algorithm | instructions |",
        "| --- | --- |",
        f"| ES256 | ≈ {millions(b['insns.full.es256'])} |",
        f"| RS256-2048 | ≈ {millions(b['insns.full.rs256_2048'])} |",
        f"| RS256-4096 | ≈ {millions(b['insns.full.rs256_4096'])} |",
        f"| `load_jwks` (7 keys, `rsa,es256`) | ≈ {millions(b['insns.full.load_jwks'])} |",
    ]
    return "\n".join(rows), toolchain()


def wycheproof_counts():
    """Per file: (tests, valid, invalid, acceptable, refused weak key, truncated tag)."""
    out = []
    d = path("tests/data/wycheproof")
    for f in sorted(os.listdir(d)):
        if not f.endswith("_test.json"):
            continue
        with open(os.path.join(d, f), encoding="utf-8") as fh:
            doc = json.load(fh)
        hash_bits = {"hmac_sha256": 256, "hmac_sha384": 384, "hmac_sha512": 512}.get(f[:11], 0)
        c = {"valid": 0, "invalid": 0, "acceptable": 0, "weak": 0, "truncated": 0}
        for g in doc["testGroups"]:
            for t in g["tests"]:
                if hash_bits and g["keySize"] < hash_bits:
                    c["weak"] += 1
                elif hash_bits and g["tagSize"] < hash_bits and t["result"] == "valid":
                    c["truncated"] += 1
                else:
                    c[t["result"]] += 1
        out.append((f, doc["numberOfTests"], c))
    return out


def block_test_counts():
    rows = ["| test data | cases | outcomes |", "| --- | --- | --- |"]
    for f in ["tokens.json", "tokens_large.json"]:
        with open(path(f"tests/data/fixtures/{f}"), encoding="utf-8") as fh:
            cases = json.load(fh)["cases"]
        valid = sum(c["expect"] == "valid" for c in cases)
        codes = len({c["expect"] for c in cases} - {"valid"})
        rows.append(
            f"| fixtures `{f}` (Rust, C and CLI) | {len(cases)} | {valid} valid, "
            f"{len(cases) - valid} refused ({codes} code{'s' if codes != 1 else ''}) |"
        )
    for f, n, c in wycheproof_counts():
        parts = [f"{c['valid']} valid accepted", f"{c['invalid']} invalid rejected"]
        if c["acceptable"]:
            parts.append(f"{c['acceptable']} acceptable")
        if c["weak"]:
            parts.append(f"{c['weak']} weak keys refused")
        if c["truncated"]:
            parts.append(f"{c['truncated']} truncated tags refused")
        rows.append(f"| Wycheproof `{f}` | {n} | {', '.join(parts)} |")
    return "\n".join(rows), {}


def fuzz_targets():
    with open(path("fuzz/smoke.sh"), encoding="utf-8") as fh:
        m = re.search(r"^expected=\(([^)]*)\)", fh.read(), re.M)
    if not m:
        raise Missing("fuzz/smoke.sh has no expected=(...) target list")
    return m[1].split()


def block_fuzz_targets():
    t = fuzz_targets()
    return (
        prose(
            f"{len(t)} targets, the list `fuzz/smoke.sh` requires (it fails if `cargo fuzz list` "
            f"or `fuzz_targets/` differ): " + ", ".join(f"`{x}`" for x in t) + "."
        ),
        {},
    )


BLOCKS = {
    "ffi-memory": block_ffi_memory,
    "ffi-memory-table": block_ffi_memory_table,
    "ffi-stack-cases": block_ffi_stack_cases,
    "ffi-sizes": block_ffi_sizes,
    "embedded": block_embedded,
    "cm-budgets": block_cm_budgets,
    "cm-flash": block_cm_flash,
    "cm-stack": block_cm_stack,
    "cm-ram": block_cm_ram,
    "cm-insns": block_cm_insns,
    "test-counts": block_test_counts,
    "fuzz-targets": block_fuzz_targets,
}

BLOCK_RE = re.compile(
    r"^<!-- figures:(?P<name>[\w-]+)(?P<attrs>(?: [\w.]+=\S+)*) -->\n(?P<body>.*?)"
    r"^<!-- /figures:(?P=name) -->$",
    re.M | re.S,
)
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def attrs_of(s):
    return dict(a.split("=", 1) for a in s.split())


def close(a, b):
    x, y = float(a), float(b)
    return abs(x - y) <= TOLERANCE * max(abs(x), abs(y)) + 0.05


def compare(old, new, exact):
    """None if `old` says what `new` says (exactly, or within TOLERANCE per number)."""
    if old == new:
        return None
    if exact:
        return "differs"
    # Another toolchain: numbers may move a little, and the wrapping of prose with them.
    old, new = re.sub(r"\s+", " ", old), re.sub(r"\s+", " ", new)
    if NUMBER.split(old) != NUMBER.split(new):
        return "differs in its text"
    bad = [(a, b) for a, b in zip(NUMBER.findall(old), NUMBER.findall(new)) if not close(a, b)]
    if len(NUMBER.findall(old)) != len(NUMBER.findall(new)) or bad:
        return f"differs beyond {TOLERANCE:.0%}: " + ", ".join(f"{a} -> {b}" for a, b in bad[:6])
    return None


def process(write):
    failures, warnings, seen = [], [], set()
    for rel in READMES:
        text = open(path(rel), encoding="utf-8").read()

        def one(m):
            name = m["name"]
            seen.add(name)
            if name not in BLOCKS:
                failures.append(f"{rel}: unknown block {name}")
                return m[0]
            try:
                body, attrs = BLOCKS[name]()
            except Missing as e:
                failures.append(f"{rel}: {name}: {e}")
                return m[0]
            new = f"<!-- figures:{name}" + "".join(f" {k}={v}" for k, v in attrs.items())
            new += f" -->\n{body}\n<!-- /figures:{name} -->"
            old_attrs = attrs_of(m["attrs"])
            old_body = m["body"].rstrip("\n")
            if not write:
                # Counts (no attributes) and figures from the same toolchain: exactly.
                exact = not attrs or old_attrs == attrs
                why = compare(old_body, body, exact)
                if why:
                    failures.append(f"{rel}: block {name} {why} from what its command prints")
                    for line in [l for l in body.splitlines() if l not in old_body.splitlines()][:4]:
                        failures.append(f"    now: {line}")
                elif old_attrs != attrs:
                    warnings.append(
                        f"{rel}: block {name} measured with {old_attrs}, now {attrs}: within "
                        f"{TOLERANCE:.0%}; re-measure with scripts/figures.py --measure --write"
                    )
            return new

        updated = BLOCK_RE.sub(one, text)
        if write and updated != text:
            with open(path(rel), "w", encoding="utf-8") as f:
                f.write(updated)
            print(f"wrote {rel}")
    for name in sorted(set(BLOCKS) - seen):
        failures.append(f"block {name} is in no README")
    return failures, warnings


def check_fuzz_table():
    """fuzz/README.md's Targets table lists exactly the targets fuzz/smoke.sh requires."""
    text = open(path("fuzz/README.md"), encoding="utf-8").read()
    section = text.split("## Targets", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(\w+)` \|", section, re.M)
    if sorted(rows) != sorted(fuzz_targets()):
        return [f"fuzz/README.md: Targets table {sorted(rows)} != fuzz/smoke.sh {sorted(fuzz_targets())}"]
    return []


def measure():
    for cmd in [["make", "-C", "ffi", "stack", "sizes"], ["examples/cortex-m/run.sh"]]:
        print("==> " + " ".join(cmd), flush=True)
        subprocess.run(cmd, cwd=ROOT, check=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help="rewrite the README blocks")
    mode.add_argument("--check", action="store_true", help="fail if a README block is stale")
    ap.add_argument("--measure", action="store_true", help="run the measuring commands first")
    args = ap.parse_args()
    if args.measure:
        measure()
    failures, warnings = process(args.write)
    failures += check_fuzz_table()
    for w in warnings:
        print("warning: " + w, file=sys.stderr)
    for f in failures:
        print(f, file=sys.stderr)
    if failures:
        print("figures: FAIL (scripts/figures.py --measure --write re-measures and rewrites)",
              file=sys.stderr)
        return 1
    print(f"figures: {'written' if args.write else 'every README figure matches its command'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
