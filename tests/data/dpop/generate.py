#!/usr/bin/env python3
"""Generates the DPoP and mTLS test data in this directory (tests/dpop.rs, the C test and
the CLI tests read it). Keys are fresh on every run: rerun, then commit every output.

    python3 tests/data/dpop/generate.py      (needs the `cryptography` package)

Outputs: jwks.json (the issuer's public key), cases.json (access tokens and DPoP proofs,
each proof with the request and the exact outcome expected), cases.tsv (the same for C,
plus the certificate-bound cases), client.pem / client.der (a
client certificate), proof_jwk.json (the public proof keys and their thumbprints),
access_token_p256.jwt and example_proof.jwt (for the fuzz target and the README).
"""
import base64, hashlib, hmac, json, os, datetime
from cryptography import x509
from cryptography.x509.oid import NameOID
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa, ed25519, padding
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

HERE = os.path.dirname(os.path.abspath(__file__))
NOW = 1767225600
ISS, AUD = "https://issuer.example.com", "https://api.example.com"
URI = "https://api.example.com/resource"


def b64(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def uint(n, size=None):
    size = size or (n.bit_length() + 7) // 8
    return n.to_bytes(size, "big")


def jwk_of(key):
    if isinstance(key, ec.EllipticCurvePrivateKey):
        nums = key.public_key().public_numbers()
        size = (key.curve.key_size + 7) // 8
        crv = {256: "P-256", 384: "P-384"}[key.curve.key_size]
        return {"kty": "EC", "crv": crv, "x": b64(uint(nums.x, size)), "y": b64(uint(nums.y, size))}
    if isinstance(key, rsa.RSAPrivateKey):
        nums = key.public_key().public_numbers()
        return {"kty": "RSA", "n": b64(uint(nums.n)), "e": b64(uint(nums.e))}
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": b64(raw)}


def thumbprint(jwk):
    req = {"EC": ["crv", "kty", "x", "y"], "RSA": ["e", "kty", "n"], "OKP": ["crv", "kty", "x"]}[jwk["kty"]]
    doc = json.dumps({k: jwk[k] for k in req}, separators=(",", ":"), sort_keys=True)
    return b64(hashlib.sha256(doc.encode()).digest())


def sign(key, alg, data):
    if alg == "ES256" or alg == "ES384":
        h = hashes.SHA256() if alg == "ES256" else hashes.SHA384()
        r, s = decode_dss_signature(key.sign(data, ec.ECDSA(h)))
        size = (key.curve.key_size + 7) // 8
        return uint(r, size) + uint(s, size)
    if alg == "PS256":
        return key.sign(data, padding.PSS(padding.MGF1(hashes.SHA256()), 32), hashes.SHA256())
    if alg == "RS256":
        return key.sign(data, padding.PKCS1v15(), hashes.SHA256())
    if alg == "EdDSA":
        return key.sign(data)
    if alg == "HS256":
        return hmac.new(key, data, hashlib.sha256).digest()
    raise ValueError(alg)


def jws(header, payload, key, alg):
    h = b64(json.dumps(header, separators=(",", ":")).encode())
    p = b64(json.dumps(payload, separators=(",", ":")).encode())
    sig = sign(key, alg, f"{h}.{p}".encode()) if key is not None else b""
    return f"{h}.{p}.{b64(sig)}"


issuer = ec.generate_private_key(ec.SECP256R1())
issuer_jwk = dict(jwk_of(issuer), kid="issuer-es256", alg="ES256", use="sig")
p256 = ec.generate_private_key(ec.SECP256R1())
rsa2048 = rsa.generate_private_key(public_exponent=65537, key_size=2048)
ed = ed25519.Ed25519PrivateKey.generate()
rsa1024 = rsa.generate_private_key(public_exponent=65537, key_size=1024)
p384 = ec.generate_private_key(ec.SECP384R1())
other = ec.generate_private_key(ec.SECP256R1())

# The client certificate (self-signed; only its DER hash matters to RFC 8705 §3).
name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "client.example.com")])
cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(p256.public_key()).serial_number(1)
        .not_valid_before(datetime.datetime(2025, 1, 1)).not_valid_after(datetime.datetime(2035, 1, 1))
        .sign(p256, hashes.SHA256()))
der = cert.public_bytes(serialization.Encoding.DER)
x5t = b64(hashlib.sha256(der).digest())


def access_token(cnf=None, exp=NOW + 3600, jti="at-1"):
    claims = {"iss": ISS, "aud": AUD, "sub": "user-42", "client_id": "client-123",
              "iat": NOW - 60, "exp": exp, "jti": jti}
    if cnf is not None:
        claims["cnf"] = cnf
    return jws({"typ": "at+jwt", "alg": "ES256", "kid": "issuer-es256"}, claims, issuer, "ES256")


tokens = {
    "p256": access_token({"jkt": thumbprint(jwk_of(p256))}),
    "rsa2048": access_token({"jkt": thumbprint(jwk_of(rsa2048))}),
    "ed25519": access_token({"jkt": thumbprint(jwk_of(ed))}),
    "unbound": access_token(),
    "other_key": access_token({"jkt": thumbprint(jwk_of(other))}),
    "expired": access_token({"jkt": thumbprint(jwk_of(p256))}, exp=NOW - 3600),
    "cnf_not_object": access_token("x"),
    "mtls": access_token({"x5t#S256": x5t}),
    "mtls_other": access_token({"x5t#S256": b64(hashlib.sha256(der + b"x").digest())}),
}


def ath(token):
    return b64(hashlib.sha256(token.encode()).digest())


def proof(key=p256, alg="ES256", header=None, claims=None, drop=(), token="p256", jwk=None):
    h = {"typ": "dpop+jwt", "alg": alg, "jwk": jwk if jwk is not None else jwk_of(key)}
    h.update(header or {})
    c = {"jti": "jti-" + b64(os.urandom(12)), "htm": "GET", "htu": URI, "iat": NOW,
         "ath": ath(tokens[token])}
    c.update(claims or {})
    for k in drop:
        h.pop(k, None)
        c.pop(k, None)
    return jws(h, c, key, alg)


cases = []


def case(name, proof_text, token="p256", error=None, check=None, method="GET", uri=URI,
         nonce=None, now=NOW):
    cases.append({"name": name, "proof": proof_text, "token": token, "method": method,
                  "uri": uri, "nonce": nonce, "now": now, "error": error, "check": check})


P = "dpop_proof_invalid"
case("valid_es256", proof())
case("valid_ps256", proof(rsa2048, "PS256", token="rsa2048"), token="rsa2048")
case("valid_rs256", proof(rsa2048, "RS256", token="rsa2048"), token="rsa2048")
case("valid_eddsa", proof(ed, "EdDSA", token="ed25519"), token="ed25519")
case("valid_nonce", proof(claims={"nonce": "n-1"}), nonce="n-1")
case("valid_uri_normalised", proof(claims={"htu": "https://API.example.com:443/%72esource"}),
     uri="https://api.example.com/resource?page=2#top")
case("valid_typ_media_type", proof(header={"typ": "application/dpop+jwt"}))
case("valid_iat_window_edge", proof(claims={"iat": NOW - 300}))
case("valid_iat_leeway_edge", proof(claims={"iat": NOW + 60}))
case("syntax_not_jws", "not-a-proof", error=P, check="syntax")
_h = b64(json.dumps({"typ": "dpop+jwt", "alg": "ES256", "jwk": jwk_of(p256)}).encode())
_not_json = _h + "." + b64(b"[1]")
case("syntax_payload_not_json", _not_json + "." + b64(sign(p256, "ES256", _not_json.encode())),
     error=P, check="syntax")
case("typ_missing", proof(drop=("typ",)), error=P, check="typ")
case("typ_jwt", proof(header={"typ": "JWT"}), error=P, check="typ")
case("alg_hs256", jws({"typ": "dpop+jwt", "alg": "HS256", "jwk": {"kty": "oct", "k": b64(b"k" * 32)}},
                      {"jti": "j", "htm": "GET", "htu": URI, "iat": NOW}, b"k" * 32, "HS256"),
     error=P, check="alg")
case("alg_none", proof(header={"alg": "none"}), error=P, check="alg")
case("jwk_missing", proof(drop=("jwk",)), error=P, check="jwk")
case("jwk_not_object", proof(header={"jwk": "x"}), error=P, check="jwk")
case("jwk_private_d", proof(jwk=dict(jwk_of(p256), d=b64(uint(p256.private_numbers().private_value, 32)))),
     error=P, check="private_key")
case("jwk_private_rsa_p", proof(rsa2048, "PS256", jwk=dict(jwk_of(rsa2048), p="AQAB"), token="rsa2048"),
     token="rsa2048", error=P, check="private_key")
case("jwk_oct", proof(jwk={"kty": "oct", "k": b64(b"k" * 32)}), error=P, check="private_key")
case("jwk_rsa_1024", proof(rsa1024, "RS256"), error=P, check="weak_key")
case("jwk_curve_mismatch", proof(p384, "ES384", header={"alg": "ES256"}), error=P, check="jwk")
case("jwk_kty_for_alg", proof(jwk=jwk_of(rsa2048)), error=P, check="jwk")
case("signature_other_key", proof(jwk=jwk_of(other)), error=P, check="signature")
good = proof()
case("signature_altered", good[:-2] + ("AA" if not good.endswith("AA") else "BA"), error=P, check="signature")
case("claims_no_htm", proof(drop=("htm",)), error=P, check="claims")
case("claims_no_htu", proof(drop=("htu",)), error=P, check="claims")
case("claims_no_iat", proof(drop=("iat",)), error=P, check="claims")
case("claims_no_jti", proof(drop=("jti",)), error=P, check="claims")
case("claims_empty_jti", proof(claims={"jti": ""}), error=P, check="claims")
case("claims_iat_string", proof(claims={"iat": str(NOW)}), error=P, check="claims")
case("htm_other_method", proof(claims={"htm": "POST"}), error=P, check="htm")
case("htm_case", proof(claims={"htm": "get"}), error=P, check="htm")
case("htu_other_path", proof(claims={"htu": "https://api.example.com/other"}), error=P, check="htu")
case("htu_other_host", proof(claims={"htu": "https://evil.example.com/resource"}), error=P, check="htu")
case("htu_other_scheme", proof(claims={"htu": "http://api.example.com/resource"}), error=P, check="htu")
case("htu_other_port", proof(claims={"htu": "https://api.example.com:8443/resource"}), error=P, check="htu")
case("htu_path_case", proof(claims={"htu": "https://api.example.com/Resource"}), error=P, check="htu")
case("nonce_missing", proof(), nonce="n-1", error=P, check="nonce")
case("nonce_other", proof(claims={"nonce": "n-2"}), nonce="n-1", error=P, check="nonce")
case("iat_too_old", proof(claims={"iat": NOW - 301}), error=P, check="iat")
case("iat_future", proof(claims={"iat": NOW + 61}), error=P, check="iat")
case("ath_missing", proof(drop=("ath",)), error=P, check="ath")
case("ath_other_token", proof(token="unbound"), error=P, check="ath")
case("token_expired", proof(token="expired"), token="expired", error="expired", check="access_token")
case("token_unbound", proof(token="unbound"), token="unbound", error="binding_mismatch", check="binding")
case("token_other_key", proof(token="other_key"), token="other_key", error="binding_mismatch", check="binding")
case("token_cnf_not_object", proof(token="cnf_not_object"), token="cnf_not_object",
     error="invalid_claim", check="binding")

out = {
    "now": NOW, "issuer": ISS, "audience": AUD,
    "tokens": tokens,
    "certificate_x5t_s256": x5t,
    "cases": cases,
}
with open(os.path.join(HERE, "cases.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
# The same cases for C (ffi/tests/test_dpop.c): one tab-separated line each, `-` for none.
with open(os.path.join(HERE, "cases.tsv"), "w") as f:
    for c in cases:
        f.write("\t".join([c["name"], tokens[c["token"]], c["method"], c["uri"], c["nonce"] or "-",
                           str(c["now"]), c["error"] or "ok", c["check"] or "none", c["proof"]]) + "\n")
    for name in ("mtls", "mtls_other", "unbound", "p256"):
        f.write("\t".join(["cert_" + name, tokens[name], "-", "-", "-", str(NOW),
                           "ok" if name == "mtls" else "binding_mismatch", "none", "-"]) + "\n")
# The access token the fuzz target (fuzz/fuzz_targets/dpop_proof.rs) presents with its proofs.
with open(os.path.join(HERE, "access_token_p256.jwt"), "w") as f:
    f.write(tokens["p256"] + "\n")
# The README's example proof (the first case, valid_es256).
with open(os.path.join(HERE, "example_proof.jwt"), "w") as f:
    f.write(cases[0]["proof"] + "\n")
with open(os.path.join(HERE, "jwks.json"), "w") as f:
    json.dump({"keys": [issuer_jwk]}, f, indent=1)
    f.write("\n")
with open(os.path.join(HERE, "proof_jwk.json"), "w") as f:
    json.dump({"keys": [dict(jwk_of(p256), kid="proof-p256"), dict(jwk_of(rsa2048), kid="proof-rsa"),
                        dict(jwk_of(ed), kid="proof-ed25519")],
               "thumbprints": [thumbprint(jwk_of(k)) for k in (p256, rsa2048, ed)]}, f, indent=1)
    f.write("\n")
with open(os.path.join(HERE, "client.der"), "wb") as f:
    f.write(der)
with open(os.path.join(HERE, "client.pem"), "wb") as f:
    f.write(cert.public_bytes(serialization.Encoding.PEM))
print(f"{len(cases)} cases")
