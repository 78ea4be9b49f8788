#!/usr/bin/env python3
"""Generate the key sets and tokens of the gateway integration tests (integrations/).

TEST ONLY: every key here is a throw-away test key whose private half is published in
private_keys.json. Never use these keys, or anything they sign, in production.

Requirements: Python 3.9+ and `cryptography` (python3 -m pip install cryptography).

Usage (from the repository root)::

    python3 integrations/testdata/generate.py

The private keys are made once and kept in private_keys.json; a re-run reuses them and only
signs again (ES256 signatures are randomized, so those tokens change bytes; RS256 and the
rest are deterministic: fixed claims and timestamps). The tests read the server's clock, so
valid tokens expire in 2100 and the expired one in 2000.

Output (in this directory):
  jwks.json            gw-rsa-1 (RS256) and gw-ec-1 (ES256): the key set a gateway starts with
  jwks_rotated.json    gw-rsa-2 (RS256) and gw-ec-1: the key set after a rotation
  jwks_malformed.json  a truncated document (a broken rotation: must keep the old keys)
  tokens/<case>.jwt    one compact JWS per case, no trailing newline

Each gateway's test script states what it expects of each case (the codes depend on its
policy: the nginx test uses the access-token profile, the Mosquitto plugin the generic one).
"""

import base64
import hashlib
import hmac
import json
import sys
from pathlib import Path

try:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
except ImportError:  # pragma: no cover
    sys.exit("this script needs the 'cryptography' package: python3 -m pip install cryptography")

HERE = Path(__file__).resolve().parent
ISSUER = "https://issuer.gateway.test"
AUDIENCE = "gateway-api"
IAT = 1767225600  # 2026-01-01T00:00:00Z
EXP_FAR = 4102444800  # 2100-01-01T00:00:00Z
EXP_PAST = 946684800  # 2000-01-01T00:00:00Z


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def uint_b64u(n: int, length: int = 0) -> str:
    size = max(length, (n.bit_length() + 7) // 8)
    return b64u(n.to_bytes(size, "big"))


def load_or_make_keys() -> dict:
    path = HERE / "private_keys.json"
    if path.exists():
        pems = json.loads(path.read_text())
    else:
        pems = {}
        for kid in ("gw-rsa-1", "gw-rsa-2", "gw-rsa-unlisted"):
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            pems[kid] = pem(key)
        pems["gw-ec-1"] = pem(ec.generate_private_key(ec.SECP256R1()))
        path.write_text(json.dumps(pems, indent=2, sort_keys=True) + "\n")
    return {
        kid: serialization.load_pem_private_key(text.encode(), password=None)
        for kid, text in pems.items()
    }


def pem(key) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def jwk(kid: str, key) -> dict:
    pub = key.public_key()
    if isinstance(pub, rsa.RSAPublicKey):
        nums = pub.public_numbers()
        return {"kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256",
                "n": uint_b64u(nums.n), "e": uint_b64u(nums.e)}
    nums = pub.public_numbers()
    return {"kty": "EC", "kid": kid, "use": "sig", "alg": "ES256", "crv": "P-256",
            "x": uint_b64u(nums.x, 32), "y": uint_b64u(nums.y, 32)}


def sign(alg: str, key, signing_input: bytes) -> bytes:
    if alg == "RS256":
        return key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
    if alg == "ES256":
        r, s = decode_dss_signature(key.sign(signing_input, ec.ECDSA(hashes.SHA256())))
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")
    raise ValueError(alg)


def compact(header: dict, claims: dict, signer) -> str:
    # ensure_ascii=True: non-ASCII claims travel as \u escapes, which the gateways must decode.
    h = b64u(json.dumps(header, separators=(",", ":")).encode())
    p = b64u(json.dumps(claims, separators=(",", ":")).encode())
    signing_input = f"{h}.{p}".encode()
    return f"{h}.{p}.{b64u(signer(signing_input))}"


def claims(**overrides) -> dict:
    base = {
        "iss": ISSUER,
        "sub": "device-1",
        "aud": AUDIENCE,
        "client_id": "gateway-client",
        "iat": IAT,
        "exp": EXP_FAR,
        "jti": "jti-0001",
        "scope": "read write",
        "email": "dev1@example.com",
        "name": "Jos\u00e9 \"Dev\" One/\u20ac",
        "mqtt_topics": ["sensors/device-1/#", "cmd/+/device-1"],
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def main() -> None:
    keys = load_or_make_keys()
    (HERE / "jwks.json").write_text(json.dumps(
        {"keys": [jwk("gw-rsa-1", keys["gw-rsa-1"]), jwk("gw-ec-1", keys["gw-ec-1"])]},
        indent=2) + "\n")
    (HERE / "jwks_rotated.json").write_text(json.dumps(
        {"keys": [jwk("gw-rsa-2", keys["gw-rsa-2"]), jwk("gw-ec-1", keys["gw-ec-1"])]},
        indent=2) + "\n")
    good = (HERE / "jwks.json").read_text()
    (HERE / "jwks_malformed.json").write_text(good[: len(good) // 2])

    def signed(kid, alg="RS256", header_extra=None, **claim_overrides):
        header = {"alg": alg, "typ": "at+jwt", "kid": kid}
        header.update(header_extra or {})
        return compact(header, claims(**claim_overrides),
                       lambda m: sign(alg, keys[kid], m))

    rsa_public_pem = keys["gw-rsa-1"].public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)

    valid = signed("gw-rsa-1")
    sig = bytearray(base64.urlsafe_b64decode(valid.rsplit(".", 1)[1] + "=="))
    sig[-1] ^= 0x01
    bad_signature = valid.rsplit(".", 1)[0] + "." + b64u(bytes(sig))

    cases = [
        # (case, token); the comment says what the case exercises
        ("valid_rs256", valid),
        ("valid_es256", signed("gw-ec-1", alg="ES256")),
        ("expired", signed("gw-rsa-1", exp=EXP_PAST, iat=EXP_PAST - 3600)),
        ("wrong_aud", signed("gw-rsa-1", aud="another-api")),
        ("wrong_iss", signed("gw-rsa-1", iss="https://evil.example")),
        # the last bit of a valid RS256 signature flipped
        ("bad_signature", bad_signature),
        ("alg_none", compact({"alg": "none", "typ": "at+jwt"}, claims(), lambda m: b"")),
        # RFC 8725 §2.1: HMAC keyed with the RSA public key's PEM, the classic confusion.
        ("hs256_rsa_key", compact({"alg": "HS256", "typ": "at+jwt", "kid": "gw-rsa-1"}, claims(),
                                  lambda m: hmac.new(rsa_public_pem, m, hashlib.sha256).digest())),
        # a well-signed token from a key that is in no key set
        ("unknown_kid", signed("gw-rsa-unlisted")),
        # signed by the key that jwks_rotated.json brings in
        ("rotated_rs256", signed("gw-rsa-2")),
        ("no_exp", signed("gw-rsa-1", exp=None)),
        # MQTT: a second device (username claim and ACL), a subscriber allowed everywhere under
        # sensors/, a token without the ACL claim, a token whose ACL claim is not strings.
        ("device2", signed("gw-ec-1", alg="ES256", sub="device-2",
                           mqtt_topics=["sensors/device-2/#"])),
        ("monitor", signed("gw-rsa-1", sub="monitor", mqtt_topics="sensors/#")),
        ("no_acl_claim", signed("gw-rsa-1", mqtt_topics=None)),
        ("acl_not_strings", signed("gw-rsa-1", mqtt_topics=[1, 2])),
        # HTTP: a claim with a CR LF must never reach a header (its variable stays empty).
        ("crlf_claim", signed("gw-rsa-1", email="a@b\r\nX-Injected: 1")),
        # typ JWT: refused by the access-token profile (RFC 9068 §4), fine for the others
        ("typ_jwt", signed("gw-rsa-1", header_extra={"typ": "JWT"})),
    ]
    tokens = HERE / "tokens"
    tokens.mkdir(exist_ok=True)
    for name, token in cases:
        (tokens / f"{name}.jwt").write_text(token)
    print(f"wrote {len(cases)} tokens and 3 key sets to {HERE}")


if __name__ == "__main__":
    main()
