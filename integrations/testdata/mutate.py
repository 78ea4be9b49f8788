#!/usr/bin/env python3
"""Print N deterministic mutants of a compact JWS, one per line, for the gateway tests'
robustness loop: every mutant must be refused, and the server must stay up.

    python3 integrations/testdata/mutate.py TOKEN_FILE N [SEED]

Mutants never contain NUL, CR or LF (they travel as an HTTP header value or an MQTT
password given on a command line); everything else goes: flipped and inserted bytes (also
non-ASCII), truncations, missing or extra segments, re-encoded headers with odd members,
deep nesting, and long values.
"""

import base64
import json
import random
import sys


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def mutants(token: str, n: int, rng: random.Random):
    head, payload, sig = token.split(".")
    alphabet = [chr(c) for c in range(0x21, 0x7F)] + ["\u00e9", "\u20ac", "\ufffd"]
    headers = [
        {"alg": "RS256", "kid": "x" * 3000},
        {"alg": "RS256", "kid": ["gw-rsa-1"]},
        {"alg": "RS256", "kid": "gw-rsa-1", "crit": ["exp"]},
        {"alg": "RS256", "kid": "gw-rsa-1", "alg2": {"a": [[[[[[[[[[1]]]]]]]]]]}},
        {"alg": "RS256 ", "kid": "gw-rsa-1"},
        {"alg": "rs256", "kid": "gw-rsa-1"},
        {"alg": None, "kid": "gw-rsa-1"},
        {"kid": "gw-rsa-1"},
        {"alg": "ES256", "kid": "gw-rsa-1"},
        {"alg": "PS256", "kid": "gw-rsa-1"},
    ]
    out = []
    while len(out) < n:
        kind = rng.randrange(8)
        t = token
        if kind == 0:  # flip one character
            i = rng.randrange(len(t))
            t = t[:i] + rng.choice(alphabet) + t[i + 1:]
        elif kind == 1:  # truncate
            t = t[: rng.randrange(len(t))]
        elif kind == 2:  # insert a run of characters
            i = rng.randrange(len(t))
            t = t[:i] + "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 40))) + t[i:]
        elif kind == 3:  # segments dropped, doubled or emptied
            parts = [head, payload, sig]
            op = rng.randrange(4)
            if op == 0:
                parts.pop(rng.randrange(3))
            elif op == 1:
                parts.insert(rng.randrange(4), rng.choice(parts))
            elif op == 2:
                parts[rng.randrange(3)] = ""
            else:
                parts.append("")
            t = ".".join(parts)
        elif kind == 4:  # a different header over the same payload and signature
            t = ".".join([b64u(json.dumps(rng.choice(headers)).encode()), payload, sig])
        elif kind == 5:  # payloads that are not claim sets
            body = rng.choice([b"[]", b"null", b"{", b'{"exp":1e999}', b'{"a":1,"a":2}',
                               b'{"iss":"\\ud800"}', b"\xff\xfe", b"{" * 200 + b"}" * 200])
            t = ".".join([head, b64u(body), sig])
        elif kind == 6:  # padding and the standard base64 alphabet
            t = rng.choice([head + "=", head.replace("-", "+")]) + "." + payload + "." + sig + "=="
        else:  # a long signature
            t = ".".join([head, payload, sig * rng.randrange(2, 6)])
        if t != token and all(c not in t for c in "\0\r\n"):
            out.append(t)
    return out


def main() -> None:
    path, n = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 12
    token = open(path, encoding="ascii").read().strip()
    for t in mutants(token, n, random.Random(seed)):
        sys.stdout.buffer.write(t.encode("utf-8") + b"\n")


if __name__ == "__main__":
    main()
