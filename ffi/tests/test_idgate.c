/*
 * C test suite of the idgate C API. Run by `make -C ffi test` under Valgrind and again under
 * AddressSanitizer + UndefinedBehaviorSanitizer.
 *
 *   test_idgate [REPO_ROOT]     (default "..": run from ffi/)
 *
 * Reads the fixtures at run time: tests/data/rfc7515/appendix_a.json and
 * tests/data/fixtures/{tokens,tokens_large}.json (+ the JWKS and HMAC files they name).
 * Scratch buffers are malloc'd at exactly IDGATE_SCRATCH_LEN(token_len) bytes, so the
 * sanitizers see any write past the documented size.
 */
#include <pthread.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idgate.h"
#include "fixtures.h"

#include "harness.h"

static int str_eq(idgate_str s, const char *want) {
    return s.ptr != NULL && s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0;
}

static idgate_str cstr(const char *s) {
    idgate_str v;
    v.ptr = s;
    v.len = strlen(s);
    return v;
}

static char root[512];

static const char *path_of(const char *rel, char *buf, size_t cap) {
    snprintf(buf, cap, "%s/%s", root, rel);
    return buf;
}

/* Key-set storage, aligned for the header's constant (checked against the query below). */
static alignas(IDGATE_KEYSET_ALIGN) unsigned char ks_storage[IDGATE_KEYSET_SIZE(IDGATE_KEYSET_DEFAULT_CAPACITY)];
static alignas(IDGATE_KEYSET_ALIGN) unsigned char ks_storage2[IDGATE_KEYSET_SIZE(IDGATE_KEYSET_DEFAULT_CAPACITY) + 16];

/* ------------------------------------------------------------------------------------------ */

static void test_status_strings(void) {
    static const char *const codes[] = {
        "ok",               "malformed",         "too_large",       "buffer_too_small",
        "unsupported_alg",  "alg_not_allowed",   "crit_unsupported", "unknown_kid",
        "key_mismatch",     "weak_key",          "invalid_key",     "no_usable_key",
        "key_set_full",     "bad_signature",     "typ_mismatch",    "invalid_claim",
        "missing_claim",    "expired",           "not_yet_valid",   "issuer_mismatch",
        "audience_mismatch", "azp_mismatch",     "nonce_mismatch",  "acr_not_allowed",
        "auth_too_old",     "at_hash_mismatch",  "c_hash_mismatch",
    };
    for (uint32_t n = 0; n <= 26; n++) {
        CHECK(strcmp(idgate_status_str(n), codes[n]) == 0);
        CHECK(idgate_status_message(n) != NULL && strlen(idgate_status_message(n)) > 0);
    }
    CHECK(IDGATE_OK == 0);
    CHECK(IDGATE_ERR_MALFORMED == 1);
    CHECK(IDGATE_ERR_TOO_LARGE == 2);
    CHECK(IDGATE_ERR_BUFFER_TOO_SMALL == 3);
    CHECK(IDGATE_ERR_UNSUPPORTED_ALG == 4);
    CHECK(IDGATE_ERR_ALG_NOT_ALLOWED == 5);
    CHECK(IDGATE_ERR_CRIT_UNSUPPORTED == 6);
    CHECK(IDGATE_ERR_UNKNOWN_KID == 7);
    CHECK(IDGATE_ERR_KEY_MISMATCH == 8);
    CHECK(IDGATE_ERR_WEAK_KEY == 9);
    CHECK(IDGATE_ERR_INVALID_KEY == 10);
    CHECK(IDGATE_ERR_NO_USABLE_KEY == 11);
    CHECK(IDGATE_ERR_KEY_SET_FULL == 12);
    CHECK(IDGATE_ERR_BAD_SIGNATURE == 13);
    CHECK(IDGATE_ERR_TYP_MISMATCH == 14);
    CHECK(IDGATE_ERR_INVALID_CLAIM == 15);
    CHECK(IDGATE_ERR_MISSING_CLAIM == 16);
    CHECK(IDGATE_ERR_EXPIRED == 17);
    CHECK(IDGATE_ERR_NOT_YET_VALID == 18);
    CHECK(IDGATE_ERR_ISSUER_MISMATCH == 19);
    CHECK(IDGATE_ERR_AUDIENCE_MISMATCH == 20);
    CHECK(IDGATE_ERR_AZP_MISMATCH == 21);
    CHECK(IDGATE_ERR_NONCE_MISMATCH == 22);
    CHECK(IDGATE_ERR_ACR_NOT_ALLOWED == 23);
    CHECK(IDGATE_ERR_AUTH_TOO_OLD == 24);
    CHECK(IDGATE_ERR_AT_HASH_MISMATCH == 25);
    CHECK(IDGATE_ERR_C_HASH_MISMATCH == 26);
    CHECK(IDGATE_ERR_NULL_ARGUMENT == 100);
    CHECK(IDGATE_ERR_PANIC == 101);
    CHECK(IDGATE_ERR_INVALID_ARGUMENT == 102);
    CHECK(strcmp(idgate_status_str(IDGATE_ERR_NULL_ARGUMENT), "null_argument") == 0);
    CHECK(strcmp(idgate_status_str(IDGATE_ERR_PANIC), "panic") == 0);
    CHECK(strcmp(idgate_status_str(IDGATE_ERR_INVALID_ARGUMENT), "invalid_argument") == 0);
    CHECK(strcmp(idgate_status_message(IDGATE_ERR_EXPIRED), "the token has expired (exp)") == 0);
    CHECK(strcmp(idgate_status_message(IDGATE_OK), "success") == 0);
    static const uint32_t unknown[] = {99, 103, 255, 1000, UINT32_MAX};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        CHECK(strcmp(idgate_status_str(unknown[i]), "unknown_status") == 0);
        CHECK(strcmp(idgate_status_message(unknown[i]), "unknown status code") == 0);
    }
    CHECK(strlen(idgate_version()) > 0);
}

static void test_sizes(void) {
    CHECK(idgate_keyset_size() == IDGATE_KEYSET_SIZE(IDGATE_KEYSET_DEFAULT_CAPACITY));
    CHECK(idgate_keyset_align() == IDGATE_KEYSET_ALIGN);
    static const size_t lens[] = {0, 1, 2, 3, 100, 2048, 16384, 16385};
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        CHECK(idgate_scratch_len(lens[i]) == IDGATE_SCRATCH_LEN(lens[i]));
    }
    CHECK(idgate_scratch_len(2048) == 3080);
    CHECK(idgate_scratch_len(SIZE_MAX) == SIZE_MAX); /* saturates */
    CHECK(IDGATE_MAX_SCRATCH_LEN == IDGATE_SCRATCH_LEN(IDGATE_MAX_TOKEN_LEN));
    CHECK(IDGATE_ALGS_ALL == 0x3FFF);
    CHECK(IDGATE_ALGS_ASYMMETRIC == 0x3FF8);
    CHECK(IDGATE_ALGS_SYMMETRIC == 0x0007);
    CHECK((IDGATE_ALG_RS256 | IDGATE_ALG_ES256 | IDGATE_ALG_EDDSA) == 0x1208);
}

static void test_keyset_storage(void) {
    idgate_keyset *ks = (idgate_keyset *)ks_storage;
    CHECK_STATUS(idgate_keyset_init(NULL, sizeof ks_storage), IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_keyset_init(ks_storage, 0), IDGATE_ERR_BUFFER_TOO_SMALL);
    CHECK_STATUS(idgate_keyset_init(ks_storage, idgate_keyset_size_for(1) - 1),
                 IDGATE_ERR_BUFFER_TOO_SMALL);
    CHECK_STATUS(idgate_keyset_init(ks_storage2 + 1, sizeof ks_storage2 - 1),
                 IDGATE_ERR_INVALID_ARGUMENT);
    /* Zeroed storage that was never initialised is refused, not misread. */
    memset(ks_storage, 0, sizeof ks_storage);
    CHECK(idgate_keyset_len(ks) == 0);
    CHECK_STATUS(idgate_keyset_parse(ks, (const uint8_t *)"{}", 2, NULL, NULL),
                 IDGATE_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(idgate_keyset_clear(ks), IDGATE_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(idgate_keyset_init(ks_storage, sizeof ks_storage), IDGATE_OK);
    CHECK(idgate_keyset_len(ks) == 0);
    CHECK(idgate_keyset_len(NULL) == 0);
    /* A misaligned pointer to an initialised key set is refused too. */
    CHECK_STATUS(idgate_keyset_init(ks_storage2, sizeof ks_storage2), IDGATE_OK);
    CHECK(idgate_keyset_len((const idgate_keyset *)(ks_storage2 + 1)) == 0);
    CHECK_STATUS(idgate_keyset_clear((idgate_keyset *)(ks_storage2 + 1)),
                 IDGATE_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(idgate_keyset_clear(NULL), IDGATE_ERR_NULL_ARGUMENT);
}

static void test_keyset_parse_arguments(void) {
    idgate_keyset *ks = (idgate_keyset *)ks_storage;
    static const char empty_keys[] = "{\"keys\":[]}";
    static const char oct_only[] = "{\"keys\":[{\"kty\":\"oct\",\"k\":\"AAAA\"}]}";
    size_t added = 77, skipped = 77;
    uint8_t small[4] = {'{', '}', 0, 0};
    CHECK_STATUS(idgate_keyset_init(ks_storage, sizeof ks_storage), IDGATE_OK);
    CHECK_STATUS(idgate_keyset_parse(NULL, small, 2, &added, &skipped), IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_keyset_parse(ks, NULL, 2, &added, &skipped), IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_keyset_parse(ks, NULL, 0, NULL, NULL), IDGATE_ERR_NULL_ARGUMENT);
    /* A huge length with a 4-byte buffer: refused before anything is read. */
    CHECK_STATUS(idgate_keyset_parse(ks, small, SIZE_MAX, &added, &skipped),
                 IDGATE_ERR_TOO_LARGE);
    CHECK_STATUS(idgate_keyset_parse(ks, small, IDGATE_MAX_JWKS_LEN + 1, NULL, NULL),
                 IDGATE_ERR_TOO_LARGE);
    CHECK_STATUS(idgate_keyset_parse(ks, small, 0, &added, &skipped), IDGATE_ERR_MALFORMED);
    CHECK_STATUS(idgate_keyset_parse(ks, small, 2, &added, &skipped), IDGATE_ERR_MALFORMED);
    CHECK_STATUS(idgate_keyset_parse(ks, (const uint8_t *)empty_keys, strlen(empty_keys), &added,
                                     &skipped),
                 IDGATE_ERR_NO_USABLE_KEY);
    CHECK_STATUS(idgate_keyset_parse(ks, (const uint8_t *)oct_only, strlen(oct_only), &added,
                                     &skipped),
                 IDGATE_ERR_NO_USABLE_KEY);
    CHECK(added == 77 && skipped == 77); /* outputs untouched on failure */
    /* The JWKS may not live inside the key set's own storage. */
    CHECK_STATUS(idgate_keyset_parse(ks, ks_storage + 8, 16, NULL, NULL),
                 IDGATE_ERR_INVALID_ARGUMENT);
    CHECK(idgate_keyset_len(ks) == 0);

    uint8_t secret[64];
    memset(secret, 0x5a, sizeof secret);
    CHECK_STATUS(idgate_keyset_add_hmac(NULL, secret, 32), IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_keyset_add_hmac(ks, NULL, 32), IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_keyset_add_hmac(ks, secret, SIZE_MAX), IDGATE_ERR_TOO_LARGE);
    CHECK_STATUS(idgate_keyset_add_hmac(ks, secret, IDGATE_MAX_HMAC_SECRET_LEN + 1),
                 IDGATE_ERR_TOO_LARGE);
    CHECK_STATUS(idgate_keyset_add_hmac(ks, secret, 0), IDGATE_ERR_WEAK_KEY);
    CHECK_STATUS(idgate_keyset_add_hmac(ks, secret, 31), IDGATE_ERR_WEAK_KEY);
    CHECK_STATUS(idgate_keyset_add_hmac(ks, ks_storage, 32), IDGATE_ERR_INVALID_ARGUMENT);
    CHECK(idgate_keyset_len(ks) == 0);
    for (int i = 0; i < IDGATE_KEYSET_DEFAULT_CAPACITY; i++) {
        CHECK_STATUS(idgate_keyset_add_hmac(ks, secret, 32), IDGATE_OK);
    }
    CHECK(idgate_keyset_len(ks) == IDGATE_KEYSET_DEFAULT_CAPACITY);
    CHECK_STATUS(idgate_keyset_add_hmac(ks, secret, 64), IDGATE_ERR_KEY_SET_FULL);
    CHECK_STATUS(idgate_keyset_clear(ks), IDGATE_OK);
    CHECK(idgate_keyset_len(ks) == 0);
}

static void test_policy_presets(void) {
    idgate_policy p;
    idgate_policy_init(NULL); /* no effect, no crash */
    memset(&p, 0xA5, sizeof p);
    idgate_policy_init(&p);
    CHECK(p.algs == IDGATE_ALGS_ASYMMETRIC);
    CHECK(p.required == IDGATE_CLAIM_EXP);
    CHECK(p.leeway == 60);
    CHECK(!p.has_max_age);
    CHECK(p.issuer.ptr == NULL && p.issuer.len == 0);
    CHECK(p.audience.ptr == NULL && p.nonce.ptr == NULL && p.typ.ptr == NULL);
    CHECK(p.forbidden_typ.ptr == NULL);
    CHECK(p.acr_values == NULL && p.acr_values_len == 0);
    CHECK(p.other_issuers == NULL && p.required_names == NULL && p.critical_extensions == NULL);
    CHECK(p.profile == IDGATE_PROFILE_JWT && p.tenants == NULL && p.tenants_len == 0);
    CHECK(p.access_token.ptr == NULL && !p.at_hash_required);
    CHECK(p.code.ptr == NULL && !p.c_hash_required);

    CHECK_STATUS(idgate_policy_id_token(NULL, "i", 1, "c", 1), IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_policy_id_token(&p, NULL, 1, "c", 1), IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_policy_id_token(&p, "i", 1, NULL, 1), IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_policy_id_token(&p, "https://i", 9, "client", 6), IDGATE_OK);
    CHECK(str_eq(p.issuer, "https://i") && str_eq(p.audience, "client"));
    CHECK(p.forbidden_typ.ptr == NULL && p.typ.ptr == NULL);
    CHECK(p.profile == IDGATE_PROFILE_ID_TOKEN);
    CHECK(p.required == (IDGATE_CLAIM_ISS | IDGATE_CLAIM_SUB | IDGATE_CLAIM_AUD |
                         IDGATE_CLAIM_EXP | IDGATE_CLAIM_IAT));
    CHECK(p.algs == IDGATE_ALGS_ASYMMETRIC && p.leeway == 60);

    CHECK_STATUS(idgate_policy_access_token(NULL, "i", 1, "a", 1), IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_policy_access_token(&p, "i", 1, NULL, 0), IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_policy_access_token(&p, "https://i", 9, "https://api", 11), IDGATE_OK);
    CHECK(str_eq(p.typ, "at+jwt") && p.forbidden_typ.ptr == NULL);
    CHECK(p.profile == IDGATE_PROFILE_ACCESS_TOKEN);
    CHECK(p.required == (IDGATE_CLAIM_ISS | IDGATE_CLAIM_EXP | IDGATE_CLAIM_AUD |
                         IDGATE_CLAIM_SUB | IDGATE_CLAIM_CLIENT_ID | IDGATE_CLAIM_IAT |
                         IDGATE_CLAIM_JTI));

    CHECK_STATUS(idgate_policy_logout_token(NULL, "i", 1, "c", 1), IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_policy_logout_token(&p, "i", 1, NULL, 1), IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_policy_logout_token(&p, "https://i", 9, "client", 6), IDGATE_OK);
    CHECK(p.profile == IDGATE_PROFILE_LOGOUT && p.typ.ptr == NULL);
    CHECK(str_eq(p.issuer, "https://i") && str_eq(p.audience, "client"));
    CHECK(p.required ==
          (IDGATE_CLAIM_ISS | IDGATE_CLAIM_AUD | IDGATE_CLAIM_IAT | IDGATE_CLAIM_JTI));
}


/* ------------------------------------------------------------------------------------------ */
/* RFC 7515 Appendix A                                                                        */

typedef struct vector {
    char name[64];
    unsigned char *token;
    size_t token_len;
    char jwks[4096];
    size_t jwks_len;
} vector;

static unsigned char *appendix_doc = NULL;
static size_t appendix_len = 0;

/* Loads vector `section` ("A.2", ...) of appendix_a.json: its token and a one-key JWKS. */
static int load_vector(const char *section, vector *out) {
    char path[1200];
    span doc, vectors, v, field, jwk;
    if (appendix_doc == NULL &&
        read_file(path_of("tests/data/rfc7515/appendix_a.json", path, sizeof path),
                  &appendix_doc, &appendix_len) != 0) {
        fprintf(stderr, "cannot read %s\n", path);
        return -1;
    }
    doc.p = (const char *)appendix_doc;
    doc.n = appendix_len;
    if (json_member(doc, "vectors", &vectors) != 0) {
        return -1;
    }
    for (size_t i = 0; json_element(vectors, i, &v) == 0; i++) {
        if (json_member(v, "section", &field) != 0 || !span_is(field, section)) {
            continue;
        }
        if (json_member(v, "token", &field) != 0 || json_member(v, "jwk", &jwk) != 0) {
            return -1;
        }
        out->token = malloc(field.n + 1);
        if (out->token == NULL) {
            return -1;
        }
        memcpy(out->token, field.p, field.n);
        out->token_len = field.n;
        snprintf(out->name, sizeof out->name, "RFC 7515 %s", section);
        out->jwks_len = (size_t)snprintf(out->jwks, sizeof out->jwks, "{\"keys\":[%.*s]}",
                                         (int)jwk.n, jwk.p);
        return 0;
    }
    return -1;
}

/* Verifies with a scratch buffer of exactly IDGATE_SCRATCH_LEN(token_len) bytes (malloc'd, so
 * the sanitizers catch any overrun). On success *scratch_out keeps the buffer (caller frees). */
static idgate_status verify_exact(const idgate_keyset *ks, const idgate_policy *p,
                                  const unsigned char *token, size_t token_len, uint64_t now,
                                  idgate_claims *claims, unsigned char **scratch_out) {
    size_t n = IDGATE_SCRATCH_LEN(token_len);
    unsigned char *scratch = malloc(n);
    idgate_status st;
    if (scratch == NULL) {
        return IDGATE_ERR_PANIC;
    }
    st = idgate_verify(ks, p, token, token_len, now, scratch, n, claims);
    if (st == IDGATE_OK && scratch_out != NULL) {
        *scratch_out = scratch;
    } else {
        free(scratch);
    }
    return st;
}

static void test_rfc7515_vector(const char *section, const char *alg) {
    vector v;
    idgate_policy p;
    idgate_claims c;
    idgate_keyset *ks = (idgate_keyset *)ks_storage;
    unsigned char *scratch = NULL;
    const uint64_t now = 1300819370; /* exp is 1300819380 */
    size_t added = 0, skipped = 0;

    memset(&v, 0, sizeof v);
    CHECK(load_vector(section, &v) == 0);
    if (v.token == NULL) {
        return;
    }
    CHECK_STATUS(idgate_keyset_init(ks_storage, sizeof ks_storage), IDGATE_OK);
    CHECK_STATUS(idgate_keyset_parse(ks, (const uint8_t *)v.jwks, v.jwks_len, &added, &skipped),
                 IDGATE_OK);
    CHECK(added == 1 && skipped == 0);
    idgate_policy_init(&p); /* no issuer or audience: these tokens say iss "joe", no aud */

    memset(&c, 0, sizeof c);
    CHECK_STATUS(verify_exact(ks, &p, v.token, v.token_len, now, &c, &scratch), IDGATE_OK);
    if (scratch != NULL) {
        const uint8_t *raw = NULL;
        size_t raw_len = 0;
        idgate_str s;
        CHECK(str_eq(c.alg, alg));
        CHECK(str_eq(c.iss, "joe"));
        CHECK(c.kid.ptr == NULL && c.sub.ptr == NULL && c.typ.ptr == NULL);
        CHECK(c.has_exp && c.exp == 1300819380);
        CHECK(!c.has_nbf && !c.has_iat && !c.has_auth_time);
        CHECK(c.aud_count == 0 && c.aud.ptr == NULL && c.amr_count == 0);
        CHECK(c.json != NULL && c.json_len > 0 && c.json[0] == '{');
        CHECK(c.json >= scratch && c.json + c.json_len <= scratch + IDGATE_SCRATCH_LEN(v.token_len));
        CHECK_STATUS(idgate_claim_raw(&c, "http://example.com/is_root", 26, &raw, &raw_len),
                     IDGATE_OK);
        CHECK(raw != NULL && raw_len == 4 && memcmp(raw, "true", 4) == 0);
        CHECK_STATUS(idgate_claim_raw(&c, "exp", 3, &raw, &raw_len), IDGATE_OK);
        CHECK(raw_len == 10 && memcmp(raw, "1300819380", 10) == 0);
        CHECK_STATUS(idgate_claim_raw(&c, "iss", 3, &raw, &raw_len), IDGATE_OK);
        CHECK(raw_len == 5 && memcmp(raw, "\"joe\"", 5) == 0);
        raw = NULL;
        raw_len = 99;
        CHECK_STATUS(idgate_claim_raw(&c, "nope", 4, &raw, &raw_len), IDGATE_ERR_MISSING_CLAIM);
        CHECK(raw == NULL && raw_len == 99);
        CHECK_STATUS(idgate_claim_raw(&c, "", 0, &raw, &raw_len), IDGATE_ERR_MISSING_CLAIM);
        CHECK_STATUS(idgate_claim_raw(&c, "a-name-longer-than-the-whole-claim-set-json-text-"
                                          "a-name-longer-than-the-whole-claim-set-json-text",
                                      SIZE_MAX, &raw, &raw_len),
                     IDGATE_ERR_MISSING_CLAIM);
        CHECK_STATUS(idgate_claim_raw(&c, "\xff", 1, &raw, &raw_len),
                     IDGATE_ERR_INVALID_ARGUMENT);
        CHECK_STATUS(idgate_claim_raw(NULL, "iss", 3, &raw, &raw_len), IDGATE_ERR_NULL_ARGUMENT);
        CHECK_STATUS(idgate_claim_raw(&c, NULL, 3, &raw, &raw_len), IDGATE_ERR_NULL_ARGUMENT);
        CHECK_STATUS(idgate_claim_raw(&c, "iss", 3, NULL, &raw_len), IDGATE_ERR_NULL_ARGUMENT);
        CHECK_STATUS(idgate_claim_raw(&c, "iss", 3, &raw, NULL), IDGATE_ERR_NULL_ARGUMENT);
        /* The outputs may not lie over the claim set they point into, nor over the name. */
        raw_len = 99;
        CHECK_STATUS(idgate_claim_raw(&c, "iss", 3, (const uint8_t **)(uintptr_t)(c.json + 8),
                                      &raw_len),
                     IDGATE_ERR_INVALID_ARGUMENT);
        CHECK_STATUS(idgate_claim_raw(&c, "iss", 3, &raw, (size_t *)(uintptr_t)(c.json + 8)),
                     IDGATE_ERR_INVALID_ARGUMENT);
        CHECK(raw_len == 99);
        size_t name_words[2] = {0, 0};
        memcpy(name_words, "iss", 3);
        CHECK_STATUS(idgate_claim_raw(&c, (const char *)name_words, 3,
                                      (const uint8_t **)(void *)name_words, &raw_len),
                     IDGATE_ERR_INVALID_ARGUMENT);
        CHECK_STATUS(idgate_claim_raw(&c, (const char *)name_words, 3, &raw, &name_words[0]),
                     IDGATE_ERR_INVALID_ARGUMENT);
        /* ... and the claim set is intact afterwards. */
        CHECK_STATUS(idgate_claim_raw(&c, (const char *)name_words, 3, &raw, &name_words[1]),
                     IDGATE_OK);
        CHECK(name_words[1] == 5 && memcmp(raw, "\"joe\"", 5) == 0);
        CHECK_STATUS(idgate_claims_aud(&c, 0, &s), IDGATE_ERR_MISSING_CLAIM);
        CHECK_STATUS(idgate_claims_aud(NULL, 0, &s), IDGATE_ERR_NULL_ARGUMENT);
        CHECK_STATUS(idgate_claims_aud(&c, 0, NULL), IDGATE_ERR_NULL_ARGUMENT);
        CHECK_STATUS(idgate_claims_amr(&c, 0, &s), IDGATE_ERR_MISSING_CLAIM);
        free(scratch);
        scratch = NULL;
    }

    /* Later: expired (exp + the 60 s default leeway). */
    CHECK_STATUS(verify_exact(ks, &p, v.token, v.token_len, 1300819380 + 60, &c, NULL),
                 IDGATE_ERR_EXPIRED);
    CHECK_STATUS(verify_exact(ks, &p, v.token, v.token_len, 1300819380 + 59, &c, NULL),
                 IDGATE_OK);
    /* Only this algorithm's bit allowed, then every other bit. */
    p.algs = (strcmp(alg, "RS256") == 0) ? IDGATE_ALG_RS256 : IDGATE_ALG_ES256;
    CHECK_STATUS(verify_exact(ks, &p, v.token, v.token_len, now, &c, NULL), IDGATE_OK);
    p.algs = IDGATE_ALGS_ALL & ~p.algs;
    CHECK_STATUS(verify_exact(ks, &p, v.token, v.token_len, now, &c, NULL),
                 IDGATE_ERR_ALG_NOT_ALLOWED);
    idgate_policy_init(&p);
    /* An issuer the token does not have. */
    p.issuer = cstr("https://not-joe.example");
    CHECK_STATUS(verify_exact(ks, &p, v.token, v.token_len, now, &c, NULL),
                 IDGATE_ERR_ISSUER_MISMATCH);
    idgate_policy_init(&p);

    /* Tampered: one signature character changed. */
    {
        unsigned char *t = malloc(v.token_len);
        const unsigned char *dot1 = memchr(v.token, '.', v.token_len);
        const unsigned char *dot2 = NULL;
        CHECK(dot1 != NULL);
        if (dot1 != NULL) {
            dot2 = memchr(dot1 + 1, '.', v.token_len - (size_t)(dot1 + 1 - v.token));
        }
        CHECK(dot2 != NULL);
        if (t != NULL && dot2 != NULL) {
            size_t sig_at = (size_t)(dot2 - v.token) + 10;
            size_t payload_at = (size_t)(dot1 - v.token) + 5;
            memcpy(t, v.token, v.token_len);
            t[sig_at] = (t[sig_at] == 'A') ? 'B' : 'A';
            CHECK_STATUS(verify_exact(ks, &p, t, v.token_len, now, &c, NULL),
                         IDGATE_ERR_BAD_SIGNATURE);
            /* A changed payload byte: the signature no longer covers it. */
            memcpy(t, v.token, v.token_len);
            t[payload_at] = (t[payload_at] == 'A') ? 'B' : 'A';
            CHECK_STATUS(verify_exact(ks, &p, t, v.token_len, now, &c, NULL),
                         IDGATE_ERR_BAD_SIGNATURE);
        }
        free(t);
    }
    free(v.token);
}

/* ------------------------------------------------------------------------------------------ */
/* Argument checks of idgate_verify                                                           */

static void test_verify_arguments(void) {
    vector v;
    idgate_policy p;
    idgate_claims c, untouched;
    idgate_keyset *ks = (idgate_keyset *)ks_storage;
    const uint64_t now = 1300819370;
    unsigned char *scratch;
    size_t n;

    memset(&v, 0, sizeof v);
    if (load_vector("A.3", &v) != 0) {
        CHECK(!"A.3 vector");
        return;
    }
    n = IDGATE_SCRATCH_LEN(v.token_len);
    scratch = malloc(n + 64);
    CHECK_STATUS(idgate_keyset_init(ks_storage, sizeof ks_storage), IDGATE_OK);
    CHECK_STATUS(idgate_keyset_parse(ks, (const uint8_t *)v.jwks, v.jwks_len, NULL, NULL),
                 IDGATE_OK);
    idgate_policy_init(&p);
    memset(&untouched, 0xAB, sizeof untouched);
    c = untouched;

    /* NULL for every pointer parameter. */
    CHECK_STATUS(idgate_verify(NULL, &p, v.token, v.token_len, now, scratch, n, &c),
                 IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_verify(ks, NULL, v.token, v.token_len, now, scratch, n, &c),
                 IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_verify(ks, &p, NULL, v.token_len, now, scratch, n, &c),
                 IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_verify(ks, &p, NULL, 0, now, scratch, n, &c), IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_verify(ks, &p, v.token, v.token_len, now, NULL, n, &c),
                 IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_verify(ks, &p, v.token, v.token_len, now, scratch, n, NULL),
                 IDGATE_ERR_NULL_ARGUMENT);
    /* Huge lengths with small real buffers: refused before the token is read. */
    {
        uint8_t tiny[3] = {'a', '.', 'b'};
        CHECK_STATUS(idgate_verify(ks, &p, tiny, SIZE_MAX, now, scratch, n, &c),
                     IDGATE_ERR_TOO_LARGE);
        CHECK_STATUS(idgate_verify(ks, &p, tiny, IDGATE_MAX_TOKEN_LEN + 1, now, scratch, n, &c),
                     IDGATE_ERR_TOO_LARGE);
        /* A huge scratch_len is harmless: never more than IDGATE_SCRATCH_LEN is touched. */
        CHECK_STATUS(idgate_verify(ks, &p, tiny, sizeof tiny, now, scratch, SIZE_MAX, &c),
                     IDGATE_ERR_MALFORMED);
    }
    /* Zero-length inputs. */
    CHECK_STATUS(idgate_verify(ks, &p, v.token, 0, now, scratch, n, &c), IDGATE_ERR_MALFORMED);
    CHECK_STATUS(idgate_verify(ks, &p, v.token, v.token_len, now, scratch, 0, &c),
                 IDGATE_ERR_BUFFER_TOO_SMALL);
    /* Short scratch buffers. */
    CHECK_STATUS(idgate_verify(ks, &p, v.token, v.token_len, now, scratch, 16, &c),
                 IDGATE_ERR_BUFFER_TOO_SMALL);
    CHECK_STATUS(idgate_verify(ks, &p, v.token, v.token_len, now, scratch, v.token_len / 2, &c),
                 IDGATE_ERR_BUFFER_TOO_SMALL);
    CHECK(memcmp(&c, &untouched, sizeof c) == 0); /* out_claims written only on success */

    /* Key set: not initialised, misaligned. */
    {
        CHECK_STATUS(idgate_verify((const idgate_keyset *)(ks_storage2 + 1), &p, v.token,
                                   v.token_len, now, scratch, n, &c),
                     IDGATE_ERR_INVALID_ARGUMENT);
        memset(ks_storage2, 0, sizeof ks_storage2);
        CHECK_STATUS(idgate_verify((const idgate_keyset *)ks_storage2, &p, v.token, v.token_len,
                                   now, scratch, n, &c),
                     IDGATE_ERR_INVALID_ARGUMENT);
        CHECK_STATUS(idgate_keyset_init(ks_storage2, sizeof ks_storage2), IDGATE_OK);
        CHECK_STATUS(idgate_verify((const idgate_keyset *)ks_storage2, &p, v.token, v.token_len,
                                   now, scratch, n, &c),
                     IDGATE_ERR_UNKNOWN_KID); /* empty key set */
    }
    /* Bad policy fields. */
    {
        idgate_str acr[IDGATE_MAX_LIST_LEN + 1];
        for (size_t i = 0; i < IDGATE_MAX_LIST_LEN + 1; i++) {
            acr[i] = cstr("urn:acr");
        }
        idgate_policy q = p;
        q.algs = 1u << 14;
        CHECK_STATUS(idgate_verify(ks, &q, v.token, v.token_len, now, scratch, n, &c),
                     IDGATE_ERR_INVALID_ARGUMENT);
        q = p;
        q.required = 1u << 15;
        CHECK_STATUS(idgate_verify(ks, &q, v.token, v.token_len, now, scratch, n, &c),
                     IDGATE_ERR_INVALID_ARGUMENT);
        q = p;
        q.issuer.ptr = NULL;
        q.issuer.len = 5;
        CHECK_STATUS(idgate_verify(ks, &q, v.token, v.token_len, now, scratch, n, &c),
                     IDGATE_ERR_NULL_ARGUMENT);
        q = p;
        q.issuer.ptr = "\xc3\x28";
        q.issuer.len = 2;
        CHECK_STATUS(idgate_verify(ks, &q, v.token, v.token_len, now, scratch, n, &c),
                     IDGATE_ERR_INVALID_ARGUMENT);
        q = p;
        q.acr_values = acr;
        q.acr_values_len = IDGATE_MAX_LIST_LEN + 1;
        CHECK_STATUS(idgate_verify(ks, &q, v.token, v.token_len, now, scratch, n, &c),
                     IDGATE_ERR_INVALID_ARGUMENT);
        q.acr_values_len = IDGATE_MAX_LIST_LEN;
        CHECK_STATUS(idgate_verify(ks, &q, v.token, v.token_len, now, scratch, n, &c),
                     IDGATE_ERR_ACR_NOT_ALLOWED);
        q = p;
        q.acr_values = NULL;
        q.acr_values_len = 1;
        CHECK_STATUS(idgate_verify(ks, &q, v.token, v.token_len, now, scratch, n, &c),
                     IDGATE_ERR_NULL_ARGUMENT);
        q = p;
        q.required_names = acr;
        q.required_names_len = 1;
        CHECK_STATUS(idgate_verify(ks, &q, v.token, v.token_len, now, scratch, n, &c),
                     IDGATE_ERR_MISSING_CLAIM);
        q = p;
        q.has_max_age = true;
        q.max_age = 3600;
        CHECK_STATUS(idgate_verify(ks, &q, v.token, v.token_len, now, scratch, n, &c),
                     IDGATE_ERR_AUTH_TOO_OLD);
        q = p;
        q.typ = cstr("at+jwt");
        CHECK_STATUS(idgate_verify(ks, &q, v.token, v.token_len, now, scratch, n, &c),
                     IDGATE_ERR_TYP_MISMATCH);
        q = p;
        q.nonce = cstr("n-0S6_WzA2Mj");
        CHECK_STATUS(idgate_verify(ks, &q, v.token, v.token_len, now, scratch, n, &c),
                     IDGATE_ERR_NONCE_MISMATCH);
        q = p;
        q.audience = cstr("client-123");
        CHECK_STATUS(idgate_verify(ks, &q, v.token, v.token_len, now, scratch, n, &c),
                     IDGATE_ERR_MISSING_CLAIM);
        /* A policy string inside the scratch buffer is refused. */
        q = p;
        memcpy(scratch + n - 3, "joe", 3);
        q.issuer.ptr = (const char *)scratch + n - 3;
        q.issuer.len = 3;
        CHECK_STATUS(idgate_verify(ks, &q, v.token, v.token_len, now, scratch, n, &c),
                     IDGATE_ERR_INVALID_ARGUMENT);
    }
    /* Overlaps: token in scratch, out_claims in scratch. */
    {
        unsigned char *big = malloc(v.token_len + n);
        memcpy(big, v.token, v.token_len);
        CHECK_STATUS(idgate_verify(ks, &p, big, v.token_len, now, big + 8, n, &c),
                     IDGATE_ERR_INVALID_ARGUMENT);
        CHECK_STATUS(idgate_verify(ks, &p, big, v.token_len, now, big + v.token_len, n, &c),
                     IDGATE_OK);
        CHECK_STATUS(idgate_verify(ks, &p, v.token, v.token_len, now, scratch, n,
                                   (idgate_claims *)(void *)scratch),
                     IDGATE_ERR_INVALID_ARGUMENT);
        free(big);
    }
    CHECK(memcmp(&c, &untouched, sizeof c) != 0); /* the OK call above wrote it */
    /* Garbage instead of a token: each refused by the first check it fails (README, "What is
     * checked, in order"). */
    {
        static const struct {
            const char *token;
            idgate_status want;
        } junk[] = {
            {"", IDGATE_ERR_MALFORMED},                       /* no segments */
            {".", IDGATE_ERR_MALFORMED},                      /* two segments */
            {"..", IDGATE_ERR_MALFORMED},                     /* empty header: not JSON */
            {"a.b.c", IDGATE_ERR_MALFORMED},                  /* "a" is not base64url */
            {"a.b", IDGATE_ERR_MALFORMED},                    /* two segments */
            {"a.b.c.d.e", IDGATE_ERR_UNSUPPORTED_ALG},        /* five segments: a JWE */
            {"eyJhbGciOiJub25lIn0.e30.", IDGATE_ERR_UNSUPPORTED_ALG}, /* alg none */
            {"eyJhbGciOiJIUzI1NiJ9.e30.AAAA", IDGATE_ERR_ALG_NOT_ALLOWED}, /* HS256, default */
            {"\xff\xfe.\x00.x", IDGATE_ERR_MALFORMED}, /* strlen stops at NUL: two segments */
        };
        for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++) {
            CHECK_STATUS(idgate_verify(ks, &p, (const uint8_t *)junk[i].token,
                                       strlen(junk[i].token), now, scratch, n, &c),
                         junk[i].want);
        }
    }
    free(scratch);
    free(v.token);
}

/* ------------------------------------------------------------------------------------------ */
/* Generated fixtures (tests/data/fixtures)                                                   */

typedef struct fixture_env {
    char issuer[256];
    char client_id[256];
    char nonce[256];
    uint64_t now;
} fixture_env;

/* Loads the JWKS (and HMAC secret) a case names into the key set. */
static idgate_status load_case_keys(idgate_keyset *ks, span c) {
    char rel[512], path[1200], name[256];
    span f;
    unsigned char *buf;
    size_t len;
    idgate_status st;
    if (idgate_keyset_init(ks_storage, sizeof ks_storage) != IDGATE_OK ||
        json_member(c, "jwks", &f) != 0) {
        return IDGATE_ERR_PANIC;
    }
    snprintf(rel, sizeof rel, "tests/data/fixtures/%s", span_cstr(f, name, sizeof name));
    if (read_file(path_of(rel, path, sizeof path), &buf, &len) != 0) {
        fprintf(stderr, "cannot read %s\n", path);
        return IDGATE_ERR_PANIC;
    }
    st = idgate_keyset_parse(ks, buf, len, NULL, NULL);
    free(buf);
    if (st != IDGATE_OK) {
        return st;
    }
    if (json_member(c, "hmac", &f) == 0 && span_is(f, "true")) {
        const char *secret = "hmac_secret.bin";
        if (json_member(c, "hmac_secret", &f) == 0) {
            secret = span_cstr(f, name, sizeof name);
        }
        snprintf(rel, sizeof rel, "tests/data/fixtures/%s", secret);
        if (read_file(path_of(rel, path, sizeof path), &buf, &len) != 0) {
            return IDGATE_ERR_PANIC;
        }
        st = idgate_keyset_add_hmac(ks, buf, len);
        free(buf);
    }
    return st;
}

/* Checks every claim of a standard fixture ID token. */
static void check_standard_claims(const idgate_claims *c, const fixture_env *env,
                                  const char *case_name) {
    idgate_str s;
    const uint8_t *raw;
    size_t raw_len;
    char want_jti[160];
    CHECK(str_eq(c->iss, env->issuer));
    CHECK(str_eq(c->sub, "user-42"));
    CHECK(str_eq(c->nonce, env->nonce));
    CHECK(str_eq(c->azp, env->client_id));
    CHECK(str_eq(c->typ, "JWT") && c->kid.ptr != NULL);
    CHECK(c->has_exp && c->exp == env->now + 3600);
    CHECK(c->has_iat && c->iat == env->now - 60);
    CHECK(c->has_auth_time && c->auth_time == env->now - 120);
    CHECK(c->acr.ptr != NULL && c->sid.ptr != NULL);
    snprintf(want_jti, sizeof want_jti, "jti-%s", case_name);
    CHECK(str_eq(c->jti, want_jti));
    CHECK(c->aud_count == 1 && str_eq(c->aud, env->client_id));
    CHECK_STATUS(idgate_claims_aud(c, 0, &s), IDGATE_OK);
    CHECK(str_eq(s, env->client_id));
    CHECK_STATUS(idgate_claims_aud(c, 1, &s), IDGATE_ERR_INVALID_ARGUMENT);
    CHECK(c->amr_count == 2 && str_eq(c->amr, "pwd"));
    CHECK_STATUS(idgate_claims_amr(c, 0, &s), IDGATE_OK);
    CHECK(str_eq(s, "pwd"));
    CHECK_STATUS(idgate_claims_amr(c, 1, &s), IDGATE_OK);
    CHECK(str_eq(s, "mfa"));
    CHECK_STATUS(idgate_claims_amr(c, 2, &s), IDGATE_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(idgate_claim_raw(c, "amr", 3, &raw, &raw_len), IDGATE_OK);
    CHECK(raw_len == 13 && memcmp(raw, "[\"pwd\",\"mfa\"]", 13) == 0);
}

static void run_fixture_file(const char *rel, int *ran) {
    char path[1200], name[128], expect[64], buf[256];
    unsigned char *doc_buf;
    size_t doc_len;
    span doc, cases, c, f;
    fixture_env env;
    idgate_keyset *ks = (idgate_keyset *)ks_storage;

    if (read_file(path_of(rel, path, sizeof path), &doc_buf, &doc_len) != 0) {
        fprintf(stderr, "cannot read %s\n", path);
        CHECK(!"fixture file readable");
        return;
    }
    doc.p = (const char *)doc_buf;
    doc.n = doc_len;
    memset(&env, 0, sizeof env);
    CHECK(json_member(doc, "issuer", &f) == 0);
    span_cstr(f, env.issuer, sizeof env.issuer);
    CHECK(json_member(doc, "client_id", &f) == 0);
    span_cstr(f, env.client_id, sizeof env.client_id);
    CHECK(json_member(doc, "nonce", &f) == 0);
    span_cstr(f, env.nonce, sizeof env.nonce);
    CHECK(json_member(doc, "now", &f) == 0);
    env.now = strtoull(span_cstr(f, buf, sizeof buf), NULL, 10);
    CHECK(env.now > 0);
    CHECK(json_member(doc, "cases", &cases) == 0);

    for (size_t i = 0; json_element(cases, i, &c) == 0; i++) {
        span token;
        idgate_policy p;
        idgate_claims claims;
        unsigned char *scratch = NULL;
        int access = 0;
        idgate_status st;

        CHECK(json_member(c, "name", &f) == 0);
        span_cstr(f, name, sizeof name);
        CHECK(json_member(c, "expect", &f) == 0);
        span_cstr(f, expect, sizeof expect);
        CHECK(json_member(c, "token", &token) == 0);
        access = json_member(c, "profile", &f) == 0 && span_is(f, "access_token");

        st = load_case_keys(ks, c);
        if (st != IDGATE_OK) {
            fprintf(stderr, "%s: loading keys: %s\n", name, idgate_status_str(st));
            failures++;
            continue;
        }
        /* The fixtures' policy: issuer, client id, (nonce), every alg, zero leeway. */
        if (access) {
            CHECK_STATUS(idgate_policy_access_token(&p, env.issuer, strlen(env.issuer),
                                                    env.client_id, strlen(env.client_id)),
                         IDGATE_OK);
        } else {
            CHECK_STATUS(idgate_policy_id_token(&p, env.issuer, strlen(env.issuer),
                                                env.client_id, strlen(env.client_id)),
                         IDGATE_OK);
            p.nonce = cstr(env.nonce);
        }
        p.algs = IDGATE_ALGS_ALL;
        p.leeway = 0;

        st = verify_exact(ks, &p, (const unsigned char *)token.p, token.n, env.now, &claims,
                          &scratch);
        checks++;
        if (strcmp(idgate_status_str(st), strcmp(expect, "valid") == 0 ? "ok" : expect) != 0) {
            failures++;
            fprintf(stderr, "fixture %s: got %s, want %s\n", name, idgate_status_str(st),
                    expect);
        }
        if (st == IDGATE_OK) {
            CHECK(str_eq(claims.iss, env.issuer));
            if (strcmp(name, "rs256_rsa2048") == 0 || strcmp(name, "es256") == 0 ||
                strcmp(name, "eddsa") == 0 || strcmp(name, "hs256") == 0) {
                check_standard_claims(&claims, &env, name);
            }
            if (access) {
                CHECK(str_eq(claims.typ, "at+jwt") && claims.client_id.ptr != NULL);
            }
            free(scratch);
        }
        (*ran)++;
    }
    free(doc_buf);
}

/* ------------------------------------------------------------------------------------------ */
/* Issue #13: at_hash / c_hash, issuer templates and tenants, profiles, PKCE                  */

static void test_oidc_extras(void) {
    vector v;
    idgate_policy p;
    idgate_claims c;
    idgate_keyset *ks = (idgate_keyset *)ks_storage;
    const uint64_t now = 1300819370;
    char out[IDGATE_PKCE_CHALLENGE_LEN + 1];
    const char *verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    idgate_str tenants[1];
    idgate_str issuers[1];

    /* PKCE S256, RFC 7636 Appendix B. */
    memset(out, 0, sizeof out);
    CHECK_STATUS(idgate_pkce_s256(verifier, strlen(verifier), out, IDGATE_PKCE_CHALLENGE_LEN),
                 IDGATE_OK);
    CHECK(strcmp(out, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM") == 0);
    CHECK_STATUS(idgate_pkce_s256(verifier, 42, out, sizeof out), IDGATE_ERR_MALFORMED);
    CHECK_STATUS(idgate_pkce_s256("dBjftJeZ4CVP+mB92K27uhbUJU1p1r_wW1gFWFOEjXk", 43, out,
                                  sizeof out),
                 IDGATE_ERR_MALFORMED);
    CHECK_STATUS(idgate_pkce_s256(verifier, strlen(verifier), out, 42),
                 IDGATE_ERR_BUFFER_TOO_SMALL);
    CHECK_STATUS(idgate_pkce_s256(NULL, 43, out, sizeof out), IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_pkce_s256(verifier, 43, NULL, 43), IDGATE_ERR_NULL_ARGUMENT);

    /* The RFC 7515 A.3 token: {"iss":"joe","exp":1300819380,"http://example.com/is_root":true} */
    memset(&v, 0, sizeof v);
    if (load_vector("A.3", &v) != 0) {
        CHECK(!"A.3 vector");
        return;
    }
    CHECK_STATUS(idgate_keyset_init(ks_storage, sizeof ks_storage), IDGATE_OK);
    CHECK_STATUS(idgate_keyset_parse(ks, (const uint8_t *)v.jwks, v.jwks_len, NULL, NULL),
                 IDGATE_OK);
    idgate_policy_init(&p);
    p.issuer = cstr("joe");
    CHECK_STATUS(verify_exact(ks, &p, v.token, v.token_len, now, &c, NULL), IDGATE_OK);
    /* at_hash / c_hash: compared when present, required on demand. */
    p.access_token = cstr("some-access-token");
    CHECK_STATUS(verify_exact(ks, &p, v.token, v.token_len, now, &c, NULL), IDGATE_OK);
    p.at_hash_required = true;
    CHECK_STATUS(verify_exact(ks, &p, v.token, v.token_len, now, &c, NULL),
                 IDGATE_ERR_MISSING_CLAIM);
    p.at_hash_required = false;
    p.code = cstr("some-code");
    p.c_hash_required = true;
    CHECK_STATUS(verify_exact(ks, &p, v.token, v.token_len, now, &c, NULL),
                 IDGATE_ERR_MISSING_CLAIM);
    p.c_hash_required = false;
    /* Profiles: the token has no typ, which the ID-token profile accepts. */
    p.profile = IDGATE_PROFILE_ID_TOKEN;
    CHECK_STATUS(verify_exact(ks, &p, v.token, v.token_len, now, &c, NULL), IDGATE_OK);
    p.profile = IDGATE_PROFILE_LOGOUT; /* no sub, sid or events */
    CHECK_STATUS(verify_exact(ks, &p, v.token, v.token_len, now, &c, NULL),
                 IDGATE_ERR_MISSING_CLAIM);
    p.profile = 4;
    CHECK_STATUS(verify_exact(ks, &p, v.token, v.token_len, now, &c, NULL),
                 IDGATE_ERR_INVALID_ARGUMENT);
    p.profile = IDGATE_PROFILE_JWT;
    /* Issuer templates: no tid claim, so no template matches; a plain other issuer does. */
    p.issuer = cstr("j{tenantid}e");
    CHECK_STATUS(verify_exact(ks, &p, v.token, v.token_len, now, &c, NULL),
                 IDGATE_ERR_ISSUER_MISMATCH);
    issuers[0] = cstr("joe");
    p.other_issuers = issuers;
    p.other_issuers_len = 1;
    tenants[0] = cstr("o");
    p.tenants = tenants;
    p.tenants_len = 1;
    CHECK_STATUS(verify_exact(ks, &p, v.token, v.token_len, now, &c, NULL), IDGATE_OK);
    p.tenants = NULL; /* a NULL list with a length */
    CHECK_STATUS(verify_exact(ks, &p, v.token, v.token_len, now, &c, NULL),
                 IDGATE_ERR_NULL_ARGUMENT);
    free(v.token);
}

static void test_fixtures(void) {
    int ran = 0;
    run_fixture_file("tests/data/fixtures/tokens.json", &ran);
    run_fixture_file("tests/data/fixtures/tokens_large.json", &ran);
    printf("  fixtures: %d cases\n", ran);
    /* Every case of both files: 63 in tokens.json, 6 in tokens_large.json. */
    CHECK(ran == 63 + 6);
}

/* ------------------------------------------------------------------------------------------ */
/* One key set shared read-only by several threads.                                          */

typedef struct thread_job {
    const idgate_keyset *ks;
    const idgate_policy *policy;
    const unsigned char *token;
    size_t token_len;
    int ok;
} thread_job;

static void *verify_many(void *arg) {
    thread_job *job = arg;
    unsigned char scratch[IDGATE_SCRATCH_LEN(2048)];
    idgate_claims c;
    job->ok = 0;
    if (job->token_len > 2048) {
        return NULL;
    }
    for (int i = 0; i < 20; i++) {
        if (idgate_verify(job->ks, job->policy, job->token, job->token_len, 1300819370, scratch,
                          sizeof scratch, &c) == IDGATE_OK &&
            str_eq(c.iss, "joe")) {
            job->ok++;
        }
    }
    return NULL;
}

static void test_threads(void) {
    vector v;
    idgate_policy p;
    pthread_t threads[4];
    thread_job jobs[4];
    idgate_keyset *ks = (idgate_keyset *)ks_storage;
    memset(&v, 0, sizeof v);
    if (load_vector("A.3", &v) != 0) {
        CHECK(!"A.3 vector");
        return;
    }
    CHECK_STATUS(idgate_keyset_init(ks_storage, sizeof ks_storage), IDGATE_OK);
    CHECK_STATUS(idgate_keyset_parse(ks, (const uint8_t *)v.jwks, v.jwks_len, NULL, NULL),
                 IDGATE_OK);
    idgate_policy_init(&p);
    for (int i = 0; i < 4; i++) {
        jobs[i].ks = ks;
        jobs[i].policy = &p;
        jobs[i].token = v.token;
        jobs[i].token_len = v.token_len;
        CHECK(pthread_create(&threads[i], NULL, verify_many, &jobs[i]) == 0);
    }
    for (int i = 0; i < 4; i++) {
        CHECK(pthread_join(threads[i], NULL) == 0);
        CHECK(jobs[i].ok == 20);
    }
    free(v.token);
}

int main(int argc, char **argv) {
    snprintf(root, sizeof root, "%s", argc > 1 ? argv[1] : "..");
    printf("idgate %s C API tests (repo root %s)\n", idgate_version(), root);

    test_status_strings();
    test_sizes();
    test_keyset_storage();
    test_keyset_parse_arguments();
    test_policy_presets();
    test_rfc7515_vector("A.2", "RS256");
    test_rfc7515_vector("A.3", "ES256");
    test_verify_arguments();
    test_oidc_extras();
    test_fixtures();
    test_threads();

    free(appendix_doc);
    printf("%d checks, %d failures\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
