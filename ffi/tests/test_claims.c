/*
 * C test of the typed claims by name (idgate_claim_str, _int, _bool, _strings_count,
 * _string_at), idgate_verify_signature, idgate_decode_unverified and idgate_keyset_add_jwk,
 * every error path included. Run by `make -C ffi test` under Valgrind and under
 * AddressSanitizer + UBSan.
 *
 *   test_claims [REPO_ROOT]     (default "..": run from ffi/)
 *
 * Tokens: tests/data/fixtures/custom_claims.jwt (HS256 with custom claims of every JSON type,
 * written by custom_claims.py) and cases of tests/data/fixtures/tokens.json.
 */
#include <stdalign.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idgate.h"

#include "fixtures.h"

#include "harness.h"

#define NOW 1767225600u
#define ISS "https://issuer.example.com"
#define CLIENT "client-123"
#define NONCE "n-0S6_WzA2Mj"

static alignas(IDGATE_KEYSET_ALIGN) unsigned char ks_storage[IDGATE_KEYSET_SIZE(8) + 16];
static char root[512];

/* A file under the repository root, with trailing newlines dropped. */
static unsigned char *root_file(const char *rel, size_t *len) {
    char path[1024];
    unsigned char *buf = NULL;
    snprintf(path, sizeof path, "%s/%s", root, rel);
    if (read_file(path, &buf, len) != 0) {
        fprintf(stderr, "cannot read %s\n", path);
        CHECK(!"fixture readable");
        return NULL;
    }
    while (*len > 0 && (buf[*len - 1] == '\n' || buf[*len - 1] == '\r')) {
        (*len)--;
    }
    return buf;
}

/* The token of case `name` of tokens.json (a span into `doc`). */
static span fixture_token(span doc, const char *name) {
    span cases, c, f, token = {NULL, 0};
    CHECK(json_member(doc, "cases", &cases) == 0);
    for (size_t i = 0; json_element(cases, i, &c) == 0; i++) {
        if (json_member(c, "name", &f) == 0 && span_is(f, name)) {
            CHECK(json_member(c, "token", &token) == 0);
            return token;
        }
    }
    fprintf(stderr, "no case %s\n", name);
    CHECK(!"case found");
    return token;
}

static bool str_is(idgate_str s, const char *want) {
    return s.ptr != NULL && s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0;
}

static bool bytes_start(const uint8_t *p, size_t n, const char *want) {
    size_t w = strlen(want);
    return p != NULL && n >= w && memcmp(p, want, w) == 0;
}

/* idgate_claim_str with a C-string name. */
static idgate_status claim_str(const idgate_claims *c, const char *name, char *out, size_t cap,
                               size_t *len) {
    return idgate_claim_str(c, name, strlen(name), out, cap, len);
}

/* Checks that claim `name` decodes to exactly `len` bytes `want`, NUL-terminated. */
static void check_text(const idgate_claims *c, const char *name, const char *want, size_t len) {
    char out[64];
    size_t out_len = 999;
    memset(out, 0x5A, sizeof out);
    CHECK_STATUS(claim_str(c, name, out, sizeof out, &out_len), IDGATE_OK);
    CHECK(out_len == len);
    CHECK(memcmp(out, want, len) == 0);
    CHECK(out[len] == '\0');
    CHECK(out[len + 1] == 0x5A); /* nothing past the NUL */
    /* Exactly len + 1 bytes are enough; len are not, and say how many are needed. */
    char exact[64];
    out_len = 999;
    CHECK_STATUS(claim_str(c, name, exact, len + 1, &out_len), IDGATE_OK);
    CHECK(out_len == len && memcmp(exact, want, len) == 0 && exact[len] == '\0');
    memset(exact, 0x5A, sizeof exact);
    out_len = 999;
    CHECK_STATUS(claim_str(c, name, exact, len, &out_len), IDGATE_ERR_BUFFER_TOO_SMALL);
    CHECK(out_len == len);
    CHECK(exact[0] == 0x5A); /* the text is not written */
}

static void test_claims(const idgate_claims *c, unsigned char *scratch) {
    /* Strings, decoded. */
    check_text(c, "pid", "caf\xc3\xa9", 5);
    check_text(c, "emoji", "\xf0\x9f\x98\x80", 4);
    check_text(c, "quote", "a\"b", 3);
    check_text(c, "nul", "x\0y", 3); /* out_len is authoritative, not strlen */
    check_text(c, "plain", "hello", 5);
    check_text(c, "empty", "", 0);
    check_text(c, "iss", ISS, strlen(ISS)); /* standard claims read too */
    check_text(c, "aud", CLIENT, strlen(CLIENT));

    /* Sizing call: out = NULL, out_cap = 0. */
    size_t len = 999;
    CHECK_STATUS(claim_str(c, "pid", NULL, 0, &len), IDGATE_ERR_BUFFER_TOO_SMALL);
    CHECK(len == 5);
    char out[64];
    CHECK_STATUS(claim_str(c, "pid", NULL, 6, &len), IDGATE_ERR_NULL_ARGUMENT);

    /* Wrong type, absent: nothing written. */
    const char *not_strings[] = {"level", "nothing", "verified", "groups", "obj"};
    for (size_t i = 0; i < sizeof not_strings / sizeof *not_strings; i++) {
        len = 999;
        out[0] = 'Z';
        CHECK_STATUS(claim_str(c, not_strings[i], out, sizeof out, &len),
                     IDGATE_ERR_INVALID_CLAIM);
        CHECK(len == 999 && out[0] == 'Z');
    }
    CHECK_STATUS(claim_str(c, "tenant", out, sizeof out, &len), IDGATE_ERR_MISSING_CLAIM);
    CHECK_STATUS(claim_str(c, "PID", out, sizeof out, &len), IDGATE_ERR_MISSING_CLAIM);
    CHECK(len == 999);
    /* A name longer than the whole claim set cannot be there. */
    char *long_name = malloc(c->json_len + 2);
    memset(long_name, 'a', c->json_len + 1);
    CHECK_STATUS(idgate_claim_str(c, long_name, c->json_len + 1, out, sizeof out, &len),
                 IDGATE_ERR_MISSING_CLAIM);
    free(long_name);
    /* A name compared by length, not by NUL: "pid" and 3 bytes of "pidX". */
    CHECK_STATUS(idgate_claim_str(c, "pidX", 3, out, sizeof out, &len), IDGATE_OK);
    CHECK(len == 5);

    /* NULL and invalid arguments. */
    CHECK_STATUS(claim_str(NULL, "pid", out, sizeof out, &len), IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_claim_str(c, NULL, 3, out, sizeof out, &len), IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(claim_str(c, "pid", out, sizeof out, NULL), IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_claim_str(c, "\xff", 1, out, sizeof out, &len),
                 IDGATE_ERR_INVALID_ARGUMENT);
    idgate_claims empty;
    memset(&empty, 0, sizeof empty); /* not from a successful verify: no claim set */
    CHECK_STATUS(claim_str(&empty, "pid", out, sizeof out, &len), IDGATE_ERR_INVALID_ARGUMENT);
    idgate_claims huge = *c;
    huge.json_len = (size_t)IDGATE_MAX_TOKEN_LEN + 1;
    CHECK_STATUS(claim_str(&huge, "pid", out, sizeof out, &len), IDGATE_ERR_INVALID_ARGUMENT);
    idgate_claims not_json = *c;
    not_json.json_len = c->json_len - 1; /* cut before the closing brace */
    CHECK_STATUS(claim_str(&not_json, "pid", out, sizeof out, &len), IDGATE_ERR_MALFORMED);
    /* The claims struct anywhere, even misaligned: it is copied. */
    unsigned char *odd = malloc(sizeof(idgate_claims) + 1);
    memcpy(odd + 1, c, sizeof *c);
    len = 0;
    CHECK_STATUS(claim_str((const idgate_claims *)(void *)(odd + 1), "pid", out, sizeof out, &len),
                 IDGATE_OK);
    CHECK(len == 5);
    free(odd);

    /* Overlaps: the output over the claim set it reads (in the scratch buffer), over the name,
     * and the length over the output. */
    char *in_json = (char *)(uintptr_t)c->json;
    CHECK((unsigned char *)in_json >= scratch);
    CHECK_STATUS(claim_str(c, "pid", in_json + 1, 16, &len), IDGATE_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(claim_str(c, "pid", in_json + c->json_len - 2, 16, &len),
                 IDGATE_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(claim_str(c, "pid", out, sizeof out, (size_t *)(void *)(in_json + 8)),
                 IDGATE_ERR_INVALID_ARGUMENT);
    char name_buf[64] = "pid";
    CHECK_STATUS(idgate_claim_str(c, name_buf, 3, name_buf + 1, 32, &len),
                 IDGATE_ERR_INVALID_ARGUMENT);
    alignas(8) char both[64];
    CHECK_STATUS(claim_str(c, "pid", both, sizeof both, (size_t *)(void *)(both + 0)),
                 IDGATE_ERR_INVALID_ARGUMENT);
    /* ... but an output right after the text it needs is fine. */
    len = 0;
    CHECK_STATUS(claim_str(c, "pid", both, 6, (size_t *)(void *)(both + 8)), IDGATE_OK);
    memcpy(&len, both + 8, sizeof len);
    CHECK(len == 5 && memcmp(both, "caf\xc3\xa9", 6) == 0);
    /* The claim set is still intact after all that. */
    check_text(c, "pid", "caf\xc3\xa9", 5);

    /* Integers. */
    int64_t v = 7;
    CHECK_STATUS(idgate_claim_int(c, "level", 5, &v), IDGATE_OK);
    CHECK(v == 42);
    CHECK_STATUS(idgate_claim_int(c, "max", 3, &v), IDGATE_OK);
    CHECK(v == INT64_MAX);
    CHECK_STATUS(idgate_claim_int(c, "min", 3, &v), IDGATE_OK);
    CHECK(v == INT64_MIN);
    v = 7;
    CHECK_STATUS(idgate_claim_int(c, "neg_zero", 8, &v), IDGATE_OK);
    CHECK(v == 0);
    CHECK_STATUS(idgate_claim_int(c, "exp", 3, &v), IDGATE_OK);
    CHECK(v == 1767229200);
    const char *not_ints[] = {"over", "frac", "expo", "pid", "verified", "nothing", "groups"};
    for (size_t i = 0; i < sizeof not_ints / sizeof *not_ints; i++) {
        v = 7;
        CHECK_STATUS(idgate_claim_int(c, not_ints[i], strlen(not_ints[i]), &v),
                     IDGATE_ERR_INVALID_CLAIM);
        CHECK(v == 7);
    }
    CHECK_STATUS(idgate_claim_int(c, "tenant", 6, &v), IDGATE_ERR_MISSING_CLAIM);
    CHECK_STATUS(idgate_claim_int(c, "level", 5, NULL), IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_claim_int(NULL, "level", 5, &v), IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_claim_int(c, "level", 5, (int64_t *)(void *)(in_json + 3)),
                 IDGATE_ERR_INVALID_ARGUMENT);
    unsigned char unaligned[16];
    CHECK_STATUS(idgate_claim_int(c, "level", 5, (int64_t *)(void *)(unaligned + 1)),
                 IDGATE_OK);
    memcpy(&v, unaligned + 1, sizeof v);
    CHECK(v == 42);

    /* Booleans. */
    bool b = false;
    CHECK_STATUS(idgate_claim_bool(c, "verified", 8, &b), IDGATE_OK);
    CHECK(b == true);
    CHECK_STATUS(idgate_claim_bool(c, "disabled", 8, &b), IDGATE_OK);
    CHECK(b == false);
    b = true;
    CHECK_STATUS(idgate_claim_bool(c, "nothing", 7, &b), IDGATE_ERR_INVALID_CLAIM);
    CHECK_STATUS(idgate_claim_bool(c, "level", 5, &b), IDGATE_ERR_INVALID_CLAIM);
    CHECK_STATUS(idgate_claim_bool(c, "plain", 5, &b), IDGATE_ERR_INVALID_CLAIM);
    CHECK(b == true);
    CHECK_STATUS(idgate_claim_bool(c, "tenant", 6, &b), IDGATE_ERR_MISSING_CLAIM);
    CHECK_STATUS(idgate_claim_bool(c, "verified", 8, NULL), IDGATE_ERR_NULL_ARGUMENT);

    /* Arrays of strings. */
    size_t n = 99;
    CHECK_STATUS(idgate_claim_strings_count(c, "groups", 6, &n), IDGATE_OK);
    CHECK(n == 3);
    CHECK_STATUS(idgate_claim_strings_count(c, "none", 4, &n), IDGATE_OK);
    CHECK(n == 0);
    n = 99;
    const char *not_lists[] = {"mixed", "nested", "obj", "plain", "aud", "nothing", "level"};
    for (size_t i = 0; i < sizeof not_lists / sizeof *not_lists; i++) {
        CHECK_STATUS(idgate_claim_strings_count(c, not_lists[i], strlen(not_lists[i]), &n),
                     IDGATE_ERR_INVALID_CLAIM);
        CHECK_STATUS(idgate_claim_string_at(c, not_lists[i], strlen(not_lists[i]), 0, out,
                                            sizeof out, &len),
                     IDGATE_ERR_INVALID_CLAIM);
    }
    CHECK(n == 99);
    CHECK_STATUS(idgate_claim_strings_count(c, "amr", 3, &n), IDGATE_ERR_MISSING_CLAIM);
    CHECK_STATUS(idgate_claim_strings_count(c, "groups", 6, NULL), IDGATE_ERR_NULL_ARGUMENT);

    const char *groups[] = {"admins", "caf\xc3\xa9", "a/b"};
    for (size_t i = 0; i < 3; i++) {
        memset(out, 0x5A, sizeof out);
        len = 999;
        CHECK_STATUS(idgate_claim_string_at(c, "groups", 6, i, out, sizeof out, &len), IDGATE_OK);
        CHECK(len == strlen(groups[i]) && strcmp(out, groups[i]) == 0);
    }
    len = 999;
    CHECK_STATUS(idgate_claim_string_at(c, "groups", 6, 3, out, sizeof out, &len),
                 IDGATE_ERR_INVALID_ARGUMENT); /* index past the end */
    CHECK_STATUS(idgate_claim_string_at(c, "groups", 6, SIZE_MAX, out, sizeof out, &len),
                 IDGATE_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(idgate_claim_string_at(c, "none", 4, 0, out, sizeof out, &len),
                 IDGATE_ERR_INVALID_ARGUMENT);
    CHECK(len == 999);
    CHECK_STATUS(idgate_claim_string_at(c, "groups", 6, 1, out, 5, &len),
                 IDGATE_ERR_BUFFER_TOO_SMALL);
    CHECK(len == 5);
    CHECK_STATUS(idgate_claim_string_at(c, "groups", 6, 1, NULL, 0, &len),
                 IDGATE_ERR_BUFFER_TOO_SMALL);
    CHECK_STATUS(idgate_claim_string_at(c, "tenant", 6, 0, out, sizeof out, &len),
                 IDGATE_ERR_MISSING_CLAIM);
    CHECK_STATUS(idgate_claim_string_at(c, "groups", 6, 0, out, sizeof out, NULL),
                 IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_claim_string_at(c, "groups", 6, 0, in_json, 16, &len),
                 IDGATE_ERR_INVALID_ARGUMENT);
}

static void test_verify_signature(idgate_keyset *ks, span cases, const unsigned char *custom,
                                  size_t custom_len) {
    idgate_policy policy;
    CHECK_STATUS(idgate_policy_id_token(&policy, ISS, strlen(ISS), CLIENT, strlen(CLIENT)),
                 IDGATE_OK);
    span expired = fixture_token(cases, "expired");
    span tampered = fixture_token(cases, "payload_changed");
    size_t n = idgate_scratch_len(expired.n);
    unsigned char *scratch = malloc(n);
    idgate_claims claims;
    idgate_jws jws;

    /* The full verification refuses the expired token (a day later: past any leeway); its
     * signature alone verifies. */
    CHECK_STATUS(idgate_verify(ks, &policy, (const uint8_t *)expired.p, expired.n, NOW + 86400,
                               scratch, n, &claims),
                 IDGATE_ERR_EXPIRED);
    memset(&jws, 0xA5, sizeof jws);
    CHECK_STATUS(idgate_verify_signature(ks, &policy, (const uint8_t *)expired.p, expired.n,
                                         scratch, n, &jws),
                 IDGATE_OK);
    CHECK(str_is(jws.alg, "RS256") && str_is(jws.kid, "rsa-2048") && str_is(jws.typ, "JWT"));
    CHECK(jws.cty.ptr == NULL && jws.cty.len == 0);
    CHECK(jws.payload_len == 268);
    CHECK(bytes_start(jws.payload, jws.payload_len, "{\"iss\":\"" ISS "\""));
    CHECK(jws.payload >= scratch && jws.payload + jws.payload_len <= scratch + n);

    /* A changed payload does not. Outputs are untouched on failure. */
    free(scratch);
    n = idgate_scratch_len(tampered.n);
    scratch = malloc(n);
    memset(&jws, 0xA5, sizeof jws);
    idgate_jws before = jws;
    CHECK_STATUS(idgate_verify_signature(ks, &policy, (const uint8_t *)tampered.p, tampered.n,
                                         scratch, n, &jws),
                 IDGATE_ERR_BAD_SIGNATURE);
    CHECK(memcmp(&jws, &before, sizeof jws) == 0);

    /* The policy's algs are used: the HS256 token is refused by the ID-token preset
     * (asymmetric only) and accepted once HS256 is allowed; no claim is looked at. */
    free(scratch);
    n = idgate_scratch_len(custom_len);
    scratch = malloc(n);
    CHECK_STATUS(idgate_verify_signature(ks, &policy, custom, custom_len, scratch, n, &jws),
                 IDGATE_ERR_ALG_NOT_ALLOWED);
    idgate_policy hs = policy;
    hs.algs = IDGATE_ALG_HS256;
    CHECK_STATUS(idgate_verify_signature(ks, &hs, custom, custom_len, scratch, n, &jws),
                 IDGATE_OK);
    CHECK(str_is(jws.alg, "HS256") && jws.kid.ptr == NULL && str_is(jws.typ, "JWT"));
    CHECK(bytes_start(jws.payload, jws.payload_len, "{\"iss\""));
    CHECK(jws.payload[jws.payload_len - 1] == '}');

    /* Arguments. */
    const uint8_t *t = custom;
    size_t tl = custom_len;
    CHECK_STATUS(idgate_verify_signature(NULL, &hs, t, tl, scratch, n, &jws),
                 IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_verify_signature(ks, NULL, t, tl, scratch, n, &jws),
                 IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_verify_signature(ks, &hs, NULL, tl, scratch, n, &jws),
                 IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_verify_signature(ks, &hs, t, tl, NULL, n, &jws),
                 IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_verify_signature(ks, &hs, t, tl, scratch, n, NULL),
                 IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_verify_signature(ks, &hs, t, SIZE_MAX, scratch, n, &jws),
                 IDGATE_ERR_TOO_LARGE);
    CHECK_STATUS(idgate_verify_signature(ks, &hs, t, tl, scratch, 64, &jws),
                 IDGATE_ERR_BUFFER_TOO_SMALL);
    /* The token inside the scratch buffer, the output inside it. */
    memcpy(scratch, t, tl);
    CHECK_STATUS(idgate_verify_signature(ks, &hs, scratch, tl, scratch, n, &jws),
                 IDGATE_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(idgate_verify_signature(ks, &hs, t, tl, scratch, n,
                                         (idgate_jws *)(void *)(scratch + 16)),
                 IDGATE_ERR_INVALID_ARGUMENT);
    /* A key set never initialised, and a misaligned one. */
    static alignas(IDGATE_KEYSET_ALIGN) unsigned char blank[IDGATE_KEYSET_SIZE(1)];
    CHECK_STATUS(idgate_verify_signature((const idgate_keyset *)blank, &hs, t, tl, scratch, n,
                                         &jws),
                 IDGATE_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(idgate_verify_signature((const idgate_keyset *)(void *)(ks_storage + 8), &hs, t,
                                         tl, scratch, n, &jws),
                 IDGATE_ERR_INVALID_ARGUMENT);
    /* A policy with unknown bits. */
    idgate_policy bad = hs;
    bad.algs = 1u << 31;
    CHECK_STATUS(idgate_verify_signature(ks, &bad, t, tl, scratch, n, &jws),
                 IDGATE_ERR_INVALID_ARGUMENT);
    free(scratch);
}

static void test_decode_unverified(span cases, const unsigned char *custom, size_t custom_len) {
    idgate_unverified u;
    span none = fixture_token(cases, "alg_none");
    size_t n = idgate_scratch_len(none.n);
    unsigned char *scratch = malloc(n);

    /* alg none decodes (and nothing is verified). */
    memset(&u, 0xA5, sizeof u);
    CHECK_STATUS(idgate_decode_unverified((const uint8_t *)none.p, none.n, scratch, n, &u),
                 IDGATE_OK);
    const char *hdr = "{\"alg\":\"none\",\"kid\":\"rsa-2048\",\"typ\":\"JWT\"}";
    CHECK(u.header_json_len == strlen(hdr) && memcmp(u.header_json, hdr, strlen(hdr)) == 0);
    CHECK(u.payload_len == 269);
    CHECK(bytes_start(u.payload, u.payload_len, "{\"iss\":\"" ISS "\""));
    CHECK(u.signature_len == 0);
    CHECK(u.header_json >= scratch && u.payload + u.payload_len <= scratch + n);
    free(scratch);

    /* The custom token: header, payload and a 32-byte HS256 signature. */
    n = idgate_scratch_len(custom_len);
    scratch = malloc(n);
    CHECK_STATUS(idgate_decode_unverified(custom, custom_len, scratch, n, &u), IDGATE_OK);
    hdr = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    CHECK(u.header_json_len == strlen(hdr) && memcmp(u.header_json, hdr, strlen(hdr)) == 0);
    CHECK(u.signature_len == 32);
    CHECK(bytes_start(u.payload, u.payload_len, "{\"iss\""));

    /* Errors; the output is untouched. */
    memset(&u, 0xA5, sizeof u);
    idgate_unverified before = u;
    const char *two = "eyJhbGciOiJub25lIn0.e30";
    CHECK_STATUS(idgate_decode_unverified((const uint8_t *)two, strlen(two), scratch, n, &u),
                 IDGATE_ERR_MALFORMED);
    const char *not_json = "bm90IGpzb24.e30."; /* header "not json" */
    CHECK_STATUS(
        idgate_decode_unverified((const uint8_t *)not_json, strlen(not_json), scratch, n, &u),
        IDGATE_ERR_MALFORMED);
    const char *jwe = "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d";
    CHECK_STATUS(idgate_decode_unverified((const uint8_t *)jwe, strlen(jwe), scratch, n, &u),
                 IDGATE_ERR_UNSUPPORTED_ALG);
    CHECK(memcmp(&u, &before, sizeof u) == 0);
    CHECK_STATUS(idgate_decode_unverified(custom, custom_len, scratch, 16, &u),
                 IDGATE_ERR_BUFFER_TOO_SMALL);
    CHECK_STATUS(idgate_decode_unverified(NULL, custom_len, scratch, n, &u),
                 IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_decode_unverified(custom, custom_len, NULL, n, &u),
                 IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_decode_unverified(custom, custom_len, scratch, n, NULL),
                 IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_decode_unverified(custom, SIZE_MAX, scratch, n, &u),
                 IDGATE_ERR_TOO_LARGE);
    CHECK_STATUS(idgate_decode_unverified(custom, (size_t)IDGATE_MAX_TOKEN_LEN + 1, scratch, n, &u),
                 IDGATE_ERR_TOO_LARGE);
    memcpy(scratch, custom, custom_len);
    CHECK_STATUS(idgate_decode_unverified(scratch, custom_len, scratch, n, &u),
                 IDGATE_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(idgate_decode_unverified(custom, custom_len, scratch, n,
                                          (idgate_unverified *)(void *)(scratch + 8)),
                 IDGATE_ERR_INVALID_ARGUMENT);
    CHECK(memcmp(&u, &before, sizeof u) == 0);
    free(scratch);
}

/* Verifies case `name` of tokens.json with the ID-token policy. */
static idgate_status verify_case(const idgate_keyset *ks, span cases, const char *name) {
    idgate_policy policy;
    idgate_policy_id_token(&policy, ISS, strlen(ISS), CLIENT, strlen(CLIENT));
    policy.nonce = (idgate_str){NONCE, strlen(NONCE)};
    span token = fixture_token(cases, name);
    size_t n = idgate_scratch_len(token.n);
    unsigned char *scratch = malloc(n);
    idgate_claims claims;
    idgate_status st =
        idgate_verify(ks, &policy, (const uint8_t *)token.p, token.n, NOW, scratch, n, &claims);
    free(scratch);
    return st;
}

/* The JWK with this kid in a JWKS document (a span into it). */
static span jwk_of(span jwks, const char *kid) {
    span keys, k, f, none = {NULL, 0};
    CHECK(json_member(jwks, "keys", &keys) == 0);
    for (size_t i = 0; json_element(keys, i, &k) == 0; i++) {
        if (json_member(k, "kid", &f) == 0 && span_is(f, kid)) {
            return k;
        }
    }
    fprintf(stderr, "no JWK %s\n", kid);
    CHECK(!"JWK found");
    return none;
}

static void test_add_jwk(span cases) {
    size_t jwks_len = 0, weak_len = 0;
    unsigned char *jwks = root_file("tests/data/fixtures/jwks.json", &jwks_len);
    unsigned char *weak = root_file("tests/data/fixtures/jwks_weak.json", &weak_len);
    if (jwks == NULL || weak == NULL) {
        free(jwks);
        free(weak);
        return;
    }
    span doc = {(const char *)jwks, jwks_len};
    span wdoc = {(const char *)weak, weak_len};
    span rsa = jwk_of(doc, "rsa-2048");
    span ec = jwk_of(doc, "ec-p256");
    span rsa1024 = jwk_of(wdoc, "rsa-1024-weak");

    idgate_keyset *ks = (idgate_keyset *)ks_storage;
    CHECK_STATUS(idgate_keyset_init(ks_storage, IDGATE_KEYSET_SIZE(2)), IDGATE_OK);
    CHECK(idgate_keyset_capacity(ks) == 2);
    CHECK_STATUS(verify_case(ks, cases, "rs256_rsa2048"), IDGATE_ERR_UNKNOWN_KID);
    CHECK_STATUS(idgate_keyset_add_jwk(ks, (const uint8_t *)rsa.p, rsa.n), IDGATE_OK);
    CHECK(idgate_keyset_len(ks) == 1);
    CHECK_STATUS(verify_case(ks, cases, "rs256_rsa2048"), IDGATE_OK);
    CHECK_STATUS(verify_case(ks, cases, "es256"), IDGATE_ERR_UNKNOWN_KID);
    CHECK_STATUS(idgate_keyset_add_jwk(ks, (const uint8_t *)ec.p, ec.n), IDGATE_OK);
    CHECK(idgate_keyset_len(ks) == 2);
    CHECK_STATUS(verify_case(ks, cases, "es256"), IDGATE_OK);
    CHECK_STATUS(verify_case(ks, cases, "rs256_rsa2048"), IDGATE_OK); /* kept */

    /* Full, then refusals that leave the key set as it was. */
    CHECK_STATUS(idgate_keyset_add_jwk(ks, (const uint8_t *)ec.p, ec.n), IDGATE_ERR_KEY_SET_FULL);
    CHECK_STATUS(idgate_keyset_init(ks_storage, IDGATE_KEYSET_SIZE(8)), IDGATE_OK);
    CHECK_STATUS(idgate_keyset_add_jwk(ks, (const uint8_t *)rsa1024.p, rsa1024.n),
                 IDGATE_ERR_WEAK_KEY);
    const char *oct = "{\"kty\":\"oct\",\"k\":\"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA\"}";
    CHECK_STATUS(idgate_keyset_add_jwk(ks, (const uint8_t *)oct, strlen(oct)),
                 IDGATE_ERR_UNSUPPORTED_ALG);
    const char *x25519 = "{\"kty\":\"OKP\",\"crv\":\"X25519\","
                         "\"x\":\"hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo\"}";
    CHECK_STATUS(idgate_keyset_add_jwk(ks, (const uint8_t *)x25519, strlen(x25519)),
                 IDGATE_ERR_UNSUPPORTED_ALG);
    const char *bad_ec = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AAAA\",\"y\":\"AAAA\"}";
    CHECK_STATUS(idgate_keyset_add_jwk(ks, (const uint8_t *)bad_ec, strlen(bad_ec)),
                 IDGATE_ERR_INVALID_KEY);
    CHECK_STATUS(idgate_keyset_add_jwk(ks, (const uint8_t *)"{", 1), IDGATE_ERR_MALFORMED);
    CHECK_STATUS(idgate_keyset_add_jwk(ks, (const uint8_t *)rsa.p, rsa.n - 1),
                 IDGATE_ERR_MALFORMED);
    CHECK(idgate_keyset_len(ks) == 0);

    /* Arguments. */
    CHECK_STATUS(idgate_keyset_add_jwk(NULL, (const uint8_t *)rsa.p, rsa.n),
                 IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_keyset_add_jwk(ks, NULL, rsa.n), IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_keyset_add_jwk(ks, (const uint8_t *)rsa.p, SIZE_MAX),
                 IDGATE_ERR_TOO_LARGE);
    CHECK_STATUS(idgate_keyset_add_jwk(ks, (const uint8_t *)rsa.p, (size_t)IDGATE_MAX_JWKS_LEN + 1),
                 IDGATE_ERR_TOO_LARGE);
    static alignas(IDGATE_KEYSET_ALIGN) unsigned char blank[IDGATE_KEYSET_SIZE(1)];
    CHECK_STATUS(idgate_keyset_add_jwk((idgate_keyset *)blank, (const uint8_t *)rsa.p, rsa.n),
                 IDGATE_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(idgate_keyset_add_jwk((idgate_keyset *)(void *)(ks_storage + 8),
                                       (const uint8_t *)rsa.p, rsa.n),
                 IDGATE_ERR_INVALID_ARGUMENT);
    /* The JWK inside the key set's own storage (refused before the key set is touched; the
     * copy spoilt a free slot, so the key set is made again afterwards). */
    memcpy(ks_storage + IDGATE_KEYSET_SIZE(8) - 512, ec.p, ec.n);
    CHECK_STATUS(idgate_keyset_add_jwk(ks, ks_storage + IDGATE_KEYSET_SIZE(8) - 512, ec.n),
                 IDGATE_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(idgate_keyset_init(ks_storage, IDGATE_KEYSET_SIZE(8)), IDGATE_OK);
    CHECK(idgate_keyset_len(ks) == 0);
    free(jwks);
    free(weak);
}

int main(int argc, char **argv) {
    (void)span_cstr; /* a helper of fixtures.h this test does not need */
    snprintf(root, sizeof root, "%s", argc > 1 ? argv[1] : "..");
    size_t custom_len = 0, secret_len = 0, tokens_len = 0;
    unsigned char *custom = root_file("tests/data/fixtures/custom_claims.jwt", &custom_len);
    unsigned char *secret = NULL;
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/data/fixtures/hmac_secret.bin", root);
    if (read_file(path, &secret, &secret_len) != 0) {
        secret = NULL;
    }
    unsigned char *tokens = root_file("tests/data/fixtures/tokens.json", &tokens_len);
    size_t jwks_len = 0;
    unsigned char *jwks = root_file("tests/data/fixtures/jwks.json", &jwks_len);
    if (custom == NULL || secret == NULL || tokens == NULL || jwks == NULL) {
        fprintf(stderr, "test_claims: cannot read the fixtures under %s\n", root);
        return 1;
    }
    span cases = {(const char *)tokens, tokens_len};

    idgate_keyset *ks = (idgate_keyset *)ks_storage;
    CHECK_STATUS(idgate_keyset_init(ks_storage, IDGATE_KEYSET_SIZE(8)), IDGATE_OK);
    CHECK_STATUS(idgate_keyset_parse(ks, jwks, jwks_len, NULL, NULL), IDGATE_OK);
    CHECK_STATUS(idgate_keyset_add_hmac(ks, secret, secret_len), IDGATE_OK);

    /* The custom token, verified: the claim set stays in `scratch` for the claim calls. */
    idgate_policy policy;
    CHECK_STATUS(idgate_policy_id_token(&policy, ISS, strlen(ISS), CLIENT, strlen(CLIENT)),
                 IDGATE_OK);
    policy.algs = IDGATE_ALG_HS256;
    size_t n = idgate_scratch_len(custom_len);
    unsigned char *scratch = malloc(n);
    idgate_claims claims;
    CHECK_STATUS(idgate_verify(ks, &policy, custom, custom_len, NOW, scratch, n, &claims),
                 IDGATE_OK);
    if (failures == 0) {
        test_claims(&claims, scratch);
    }
    free(scratch);

    test_verify_signature(ks, cases, custom, custom_len);
    test_decode_unverified(cases, custom, custom_len);
    test_add_jwk(cases);

    free(custom);
    free(secret);
    free(tokens);
    free(jwks);
    printf("test_claims: %d checks, %d failures\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
