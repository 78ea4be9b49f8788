#!/usr/bin/env python3
"""Builds seed corpora for every fuzz target from tests/data into fuzz/corpus/<target>/.

Standard library only. Sources: RFC 7515/7520 vectors, the derived negative cases, the okta
tokens, the generated fixtures (tokens, JWKS), and the Wycheproof RSA / ECDSA P-256 vectors
(written in the differential targets' input format). Files are named by content hash, so
re-running only adds what is missing; the corpora are gitignored.

Usage: fuzz/seed.py [--out DIR]
"""

import argparse
import base64
import hashlib
import json
import re
import struct
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"

TARGETS = [
    "compact_split", "base64url", "json_header", "json_claims", "jwks_parse", "verify_e2e",
    "verify_structured", "json_differential", "rsa_differential", "ecdsa_differential",
    "ffi_verify", "dpop_proof",
]

TOKEN_RE = re.compile(rb"[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)?")


def b64d(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def b64e(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=")


def walk(v):
    yield v
    if isinstance(v, dict):
        for x in v.values():
            yield from walk(x)
    elif isinstance(v, list):
        for x in v:
            yield from walk(x)


def json_files():
    return sorted(p for p in DATA.rglob("*.json"))


def load(p):
    try:
        return json.loads(p.read_bytes())
    except ValueError:
        return None


def tokens():
    """Every compact token in tests/data (JSON string values that look like one)."""
    out = []
    for p in json_files():
        doc = load(p)
        if doc is None:
            continue
        for v in walk(doc):
            if isinstance(v, str) and v.count(".") in (2, 4) and TOKEN_RE.fullmatch(v.encode()):
                if len(v) > 8:
                    out.append(v.encode())
    return out


def jwks_docs():
    docs = []
    for p in json_files():
        doc = load(p)
        if doc is None:
            continue
        if isinstance(doc, dict) and isinstance(doc.get("keys"), list):
            docs.append(p.read_bytes())
        for v in walk(doc):
            if isinstance(v, dict) and "kty" in v:
                docs.append(json.dumps(v).encode())
                docs.append(json.dumps({"keys": [v]}).encode())
    return docs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "fuzz" / "corpus"))
    args = ap.parse_args()
    out = Path(args.out)
    seeds = {t: set() for t in TARGETS}

    toks = tokens()
    headers, payloads = [], []
    for t in toks:
        seeds["compact_split"].add(t)
        seeds["verify_e2e"].add(t)
        # ffi_verify: flags, scratch mode, delta, leeway, algs, required, nonce, then the token.
        seeds["ffi_verify"].add(bytes(15) + t)
        seeds["ffi_verify"].add(bytes([16]) + bytes(14) + t)
        parts = t.split(b".")
        for seg in parts:
            seeds["base64url"].add(seg)
        try:
            headers.append(b64d(parts[0].decode()))
            payloads.append(b64d(parts[1].decode()))
        except (ValueError, IndexError):
            pass
    # Non-canonical and padded base64url.
    seeds["base64url"].update([b"Zg==", b"Zh", b"Zm9", b"-_-_", b"+/+/", b"Z", b""])

    for h in headers:
        seeds["json_header"].add(h)
        seeds["json_differential"].add(h)
    for p in payloads:
        if p[:1] in (b"{", b" ", b"\r", b"\n"):
            seeds["json_claims"].add(p)
            seeds["json_differential"].add(p)
    # Numbers at the edges of NumericDate parsing, escapes and duplicates.
    extra_claims = [
        b'{"exp":1767229200,"nbf":1767225600.5,"iat":1.7672256E9,"auth_time":17672256000e-1}',
        b'{"exp":253402300799,"iat":253402300800,"nbf":-0,"auth_time":-0.0}',
        b'{"exp":1e-999999999999,"iat":0e999999999999,"nbf":1e999999999999}',
        b'{"exp":1' + b"0" * 1100 + b'e-1100,"iat":0.' + b"0" * 1100 + b'1e1200}',
        b'{"exp":17672256' + b"0" * 1010 + b'e-1010}',
        b'{"i\\u0073s":"https:\\/\\/issuer.example.com","aud":["client-123","\\ud83d\\ude00"]}',
        b'{"iss":"a","iss":"b"}',
        b'{"iss":"a","i\\u0073s":"b"}',
        b'{"a":' + b"[" * 31 + b"]" * 31 + b"}",
        b'{"a":' + b"[" * 32 + b"]" * 32 + b"}",
        # Numbers beyond f64 among other members: json_differential compares the rest.
        b'{"big":1e400,"s":"\\u00e9","a":[-2E+999,{"k":null}],"n":1.5}',
    ]
    for c in extra_claims:
        seeds["json_claims"].add(c)
        seeds["json_differential"].add(c)
    seeds["json_header"].update([
        b'{"alg":"HS256","crit":["ext1"],"ext1":1}',
        b'{"alg":"R\\u0053256","kid":"a\\/b","typ":"at+jwt"}',
        b'{"alg":"EdDSA","b64":false,"crit":["b64"]}',
    ])

    for d in jwks_docs():
        seeds["jwks_parse"].add(d)
        seeds["json_differential"].add(d)

    # Wycheproof RSA (other-key mode 6) and ECDSA P-256 (point mode 2, raw signature).
    rsa_algs = {("pkcs1", "SHA-256"): 0, ("pkcs1", "SHA-384"): 1, ("pkcs1", "SHA-512"): 2,
                ("pss", "SHA-256"): 3, ("pss", "SHA-384"): 4, ("pss", "SHA-512"): 5}
    for p in sorted((DATA / "wycheproof").glob("rsa_*.json")):
        doc = load(p)
        kind = "pss" if "pss" in p.name else "pkcs1"
        for g in doc["testGroups"]:
            alg = rsa_algs.get((kind, g.get("sha")))
            if alg is None:
                continue
            pk = g.get("publicKey") or {}
            n = bytes.fromhex(pk.get("modulus", g.get("n", "")))
            e = int(pk.get("publicExponent", g.get("e", "010001")), 16)
            for t in g["tests"][:40]:
                msg, sig = bytes.fromhex(t["msg"]), bytes.fromhex(t["sig"])
                seeds["rsa_differential"].add(
                    bytes([6, 0, alg]) + b"\0" * 8 + struct.pack(">H", len(msg)) + msg
                    + struct.pack(">I", e) + struct.pack(">H", len(n)) + n + sig)
    for mode in range(6):
        for key in (0, 5, 7):
            for alg in range(6):
                seeds["rsa_differential"].add(bytes([mode, key, alg]) + bytes(8) + b"\0\x05hello")

    p = DATA / "wycheproof" / "ecdsa_secp256r1_sha256_p1363_test.json"
    doc = load(p)
    for g in doc["testGroups"]:
        unc = bytes.fromhex(g["publicKey"]["uncompressed"])
        x, y = unc[1:33], unc[33:]
        for t in g["tests"][:20]:
            msg, sig = bytes.fromhex(t["msg"]), bytes.fromhex(t["sig"])
            seeds["ecdsa_differential"].add(
                b"\x02" + struct.pack(">H", 32) + x + struct.pack(">H", 32) + y
                + b"\x00" + struct.pack(">H", len(msg)) + msg + sig)
    for mode in range(7):
        seeds["ecdsa_differential"].add(b"\x00" + bytes([mode]) + b"\0\x05hello")
        seeds["ecdsa_differential"].add(b"\x01" + bytes(range(1, 33)) + bytes([mode]) + b"\0\x03abc")

    # verify_structured reads arbitrary-derived models: a few varied byte strings.
    for i in range(16):
        seeds["verify_structured"].add(hashlib.sha512(b"seed%d" % i).digest() * (i % 4 + 1))

    total = 0
    # dpop_proof: the generated DPoP proofs (tests/data/dpop/cases.tsv, last field).
    for line in (ROOT / "tests" / "data" / "dpop" / "cases.tsv").read_bytes().splitlines():
        proof = line.split(b"\t")[-1]
        if proof != b"-":
            seeds["dpop_proof"].add(proof)

    for t, items in seeds.items():
        d = out / t
        d.mkdir(parents=True, exist_ok=True)
        for s in items:
            (d / hashlib.sha1(s).hexdigest()).write_bytes(s)
        total += len(items)
        print(f"{t:20} {len(items):5} seeds")
    print(f"{total} seeds in {out}")


if __name__ == "__main__":
    main()
