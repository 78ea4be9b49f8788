#!/usr/bin/env python3
"""Generates the key-set fixtures from fresh keys (run from anywhere; writes next to itself).

Needs python3-cryptography (Debian: `apt-get install python3-cryptography`). The private keys
are thrown away: only the public JWKS and the signed tokens are kept.

- paypal_shaped.json: 15 JWKs shaped like PayPal's published JWKS: 7 RSA-2048 with
  `alg` RS256 and `use` sig, 3 RSA-2048 with `alg` PS256 and `use` sig, 4 EC P-256 with
  neither `alg` nor `use`, and one X25519 key (`use` enc, unusable for signatures): 14 keys
  to load, 1 to skip.
- set32.json: 32 usable keys (16 RSA-2048 RS256, 16 EC P-256), kids k00 .. k31.
- yahoo_shaped.json: like Yahoo's: two RSA-2048 RS256 keys and one RSA-1024 key, which is
  skipped as weak; a token names its kid.
- tokens.json: tokens over these sets with the outcome each must have at `now` under the
  ID-token policy for `issuer` / `client_id` (codes as idgate's `Error::code`, or "valid").
"""
import base64
import json
import os

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa, x25519
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

HERE = os.path.dirname(os.path.abspath(__file__))
ISSUER = "https://idp.keysets.example"
CLIENT = "keysets-client"
NOW = 1_767_225_600


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def uint(n: int) -> bytes:
    return n.to_bytes((n.bit_length() + 7) // 8, "big")


def rsa_key(bits=2048):
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def rsa_jwk(key, kid, alg=None, use=None):
    pub = key.public_key().public_numbers()
    jwk = {"kty": "RSA", "kid": kid}
    if use:
        jwk["use"] = use
    if alg:
        jwk["alg"] = alg
    jwk["n"] = b64(uint(pub.n))
    jwk["e"] = b64(uint(pub.e))
    return jwk


def ec_jwk(key, kid):
    pub = key.public_key().public_numbers()
    return {
        "kty": "EC",
        "kid": kid,
        "crv": "P-256",
        "x": b64(pub.x.to_bytes(32, "big")),
        "y": b64(pub.y.to_bytes(32, "big")),
    }


def sign(alg, key, kid, claims):
    header = {"alg": alg, "kid": kid, "typ": "JWT"}
    signing_input = (
        b64(json.dumps(header, separators=(",", ":")).encode())
        + "."
        + b64(json.dumps(claims, separators=(",", ":")).encode())
    ).encode()
    if alg == "RS256":
        sig = key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
    elif alg == "PS256":
        sig = key.sign(
            signing_input,
            padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32),
            hashes.SHA256(),
        )
    elif alg == "ES256":
        r, s = decode_dss_signature(key.sign(signing_input, ec.ECDSA(hashes.SHA256())))
        sig = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    elif alg == "EdDSA":
        sig = key.sign(signing_input)
    else:
        raise ValueError(alg)
    return signing_input.decode() + "." + b64(sig)


def claims(sub):
    return {"iss": ISSUER, "aud": CLIENT, "sub": sub, "iat": NOW - 60, "exp": NOW + 3600}


def write(name, doc):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


def main():
    cases = []

    # PayPal-shaped: 15 JWKs, 14 usable.
    paypal, keys = [], []
    for i in range(7):
        k = rsa_key()
        keys.append(("RS256", k, f"pp-rs-{i}"))
        paypal.append(rsa_jwk(k, f"pp-rs-{i}", alg="RS256", use="sig"))
    for i in range(3):
        k = rsa_key()
        keys.append(("PS256", k, f"pp-ps-{i}"))
        paypal.append(rsa_jwk(k, f"pp-ps-{i}", alg="PS256", use="sig"))
    for i in range(4):
        k = ec.generate_private_key(ec.SECP256R1())
        keys.append(("ES256", k, f"pp-ec-{i}"))
        paypal.append(ec_jwk(k, f"pp-ec-{i}"))
    xk = x25519.X25519PrivateKey.generate().public_key()
    raw = xk.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    paypal.append({"kty": "OKP", "kid": "pp-x25519", "use": "enc", "crv": "X25519", "x": b64(raw)})
    write("paypal_shaped.json", {"keys": paypal})
    for alg, k, kid in (keys[0], keys[6], keys[7], keys[9], keys[10], keys[13]):
        cases.append({"jwks": "paypal_shaped.json", "token": sign(alg, k, kid, claims(kid)), "expect": "valid"})
    # An EdDSA token naming the X25519 key: the key was skipped (`use` enc, checked first).
    ed = ed25519.Ed25519PrivateKey.generate()
    cases.append({"jwks": "paypal_shaped.json", "token": sign("EdDSA", ed, "pp-x25519", claims("x")), "expect": "key_mismatch"})
    # A kid nobody published.
    cases.append({"jwks": "paypal_shaped.json", "token": sign("RS256", keys[0][1], "pp-none", claims("n")), "expect": "unknown_kid"})
    # The right kid, another key's signature.
    cases.append({"jwks": "paypal_shaped.json", "token": sign("RS256", keys[1][1], "pp-rs-0", claims("b")), "expect": "bad_signature"})

    # 32 keys.
    set32, keys32 = [], []
    for i in range(32):
        kid = f"k{i:02d}"
        if i % 2 == 0:
            k = rsa_key()
            keys32.append(("RS256", k, kid))
            set32.append(rsa_jwk(k, kid, alg="RS256", use="sig"))
        else:
            k = ec.generate_private_key(ec.SECP256R1())
            keys32.append(("ES256", k, kid))
            set32.append(ec_jwk(k, kid))
    write("set32.json", {"keys": set32})
    for alg, k, kid in (keys32[0], keys32[17], keys32[30], keys32[31]):
        cases.append({"jwks": "set32.json", "token": sign(alg, k, kid, claims(kid)), "expect": "valid"})

    # Yahoo-shaped: one weak key, named by a token.
    yahoo, ykeys = [], []
    for i in range(2):
        k = rsa_key()
        ykeys.append(k)
        yahoo.append(rsa_jwk(k, f"yh-{i}", alg="RS256", use="sig"))
    weak = rsa_key(1024)
    yahoo.append(rsa_jwk(weak, "yh-weak-1024", alg="RS256", use="sig"))
    write("yahoo_shaped.json", {"keys": yahoo})
    cases.append({"jwks": "yahoo_shaped.json", "token": sign("RS256", ykeys[1], "yh-1", claims("y")), "expect": "valid"})
    cases.append({"jwks": "yahoo_shaped.json", "token": sign("RS256", weak, "yh-weak-1024", claims("w")), "expect": "weak_key"})

    write("tokens.json", {"issuer": ISSUER, "client_id": CLIENT, "now": NOW, "cases": cases})


if __name__ == "__main__":
    main()
