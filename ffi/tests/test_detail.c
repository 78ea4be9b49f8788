/*
 * C test of idgate_verify_ex: the detail behind each kind of refusal, through the C API.
 * Run by `make -C ffi test` under Valgrind and under AddressSanitizer + UBSan.
 *
 *   test_detail [REPO_ROOT]     (default "..": run from ffi/)
 *
 * Uses the sample token and JWKS (examples/sample) and edits of them.
 */
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idgate.h"

#include "harness.h"

#define NOW 1767225600u

static alignas(IDGATE_KEYSET_ALIGN) unsigned char ks_storage[IDGATE_KEYSET_SIZE(8)];

static char *read_file(const char *root, const char *rel, size_t *len) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf != NULL) {
        while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r')) {
            n--;
        }
        buf[n] = '\0';
        *len = (size_t)n;
    }
    return buf;
}

static int str_is(idgate_str s, const char *want) {
    if (want == NULL) {
        return s.ptr == NULL && s.len == 0;
    }
    return s.ptr != NULL && s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0;
}

static idgate_detail detail;
static idgate_claims claims;

/* Verifies `token` (`len` bytes) with `policy` at `now`; the scratch buffer is malloc'd at
 * exactly idgate_scratch_len(len), so the sanitizers see any write past it. The detail's views
 * into the scratch buffer are checked by the caller before the next call frees it. */
static unsigned char *scratch;
static idgate_status run(const idgate_keyset *ks, const idgate_policy *policy, const char *token,
                         size_t len, uint64_t now) {
    free(scratch);
    size_t n = idgate_scratch_len(len);
    scratch = malloc(n);
    memset(&detail, 0xA5, sizeof detail); /* must be written */
    return idgate_verify_ex(ks, policy, (const uint8_t *)token, len, now, scratch, n, &claims,
                            &detail);
}

int main(int argc, char **argv) {
    const char *root = argc > 1 ? argv[1] : "..";
    size_t jwks_len = 0, token_len = 0;
    char *jwks = read_file(root, "examples/sample/jwks.json", &jwks_len);
    char *token = read_file(root, "examples/sample/id_token.jwt", &token_len);
    if (jwks == NULL || token == NULL) {
        fprintf(stderr, "test_detail: cannot read the sample token and JWKS under %s\n", root);
        return 1;
    }
    idgate_keyset *ks = (idgate_keyset *)ks_storage;
    CHECK(idgate_keyset_init(ks_storage, sizeof ks_storage) == IDGATE_OK);
    CHECK(idgate_keyset_parse(ks, (const uint8_t *)jwks, jwks_len, NULL, NULL) == IDGATE_OK);

    const char *iss = "https://issuer.example.com", *client = "client-123";
    idgate_policy policy;
    idgate_policy_id_token(&policy, iss, strlen(iss), client, strlen(client));

    /* Valid: the detail is emptied. */
    CHECK(run(ks, &policy, token, token_len, NOW) == IDGATE_OK);
    CHECK(detail.segment == IDGATE_SEGMENT_NONE && !detail.has_offset && !detail.has_date);
    CHECK(str_is(detail.claim, NULL) && str_is(detail.kid, NULL) && str_is(detail.alg, NULL));

    /* Expired: claim, date and now. */
    CHECK(run(ks, &policy, token, token_len, NOW + 7200) == IDGATE_ERR_EXPIRED);
    CHECK(str_is(detail.claim, "exp"));
    CHECK(detail.has_date && detail.date == 1767229200u && detail.now == NOW + 7200);

    /* Audience: expected from the policy, found in the token. */
    idgate_policy other;
    const char *other_client = "another-client";
    idgate_policy_id_token(&other, iss, strlen(iss), other_client, strlen(other_client));
    CHECK(run(ks, &other, token, token_len, NOW) == IDGATE_ERR_AUDIENCE_MISMATCH);
    CHECK(str_is(detail.claim, "aud") && str_is(detail.expected, "another-client") &&
          str_is(detail.found, "client-123"));
    CHECK(detail.expected.ptr == (const char *)other_client);

    /* Not in the allow-list: alg and kid. */
    idgate_policy es_only = policy;
    es_only.algs = IDGATE_ALG_ES256;
    CHECK(run(ks, &es_only, token, token_len, NOW) == IDGATE_ERR_ALG_NOT_ALLOWED);
    CHECK(str_is(detail.alg, "RS256") && str_is(detail.kid, "rsa-2048"));
    CHECK(str_is(detail.claim, NULL));

    /* A byte outside base64url in the payload: segment and offset. */
    char *bad = malloc(token_len + 8);
    memcpy(bad, token, token_len);
    size_t dot1 = (size_t)(strchr(token, '.') - token);
    bad[dot1 + 5] = '!';
    CHECK(run(ks, &policy, bad, token_len, NOW) == IDGATE_ERR_MALFORMED);
    CHECK(detail.segment == IDGATE_SEGMENT_PAYLOAD && detail.has_offset &&
          detail.offset == dot1 + 5);

    /* A fourth segment. */
    memcpy(bad, token, token_len);
    memcpy(bad + token_len, ".AAAA", 5);
    CHECK(run(ks, &policy, bad, token_len + 5, NOW) == IDGATE_ERR_MALFORMED);
    CHECK(detail.segment == IDGATE_SEGMENT_SIGNATURE && detail.has_offset &&
          detail.offset == token_len);
    free(bad);

    /* NULL detail: a NULL argument, nothing else happens. */
    CHECK(idgate_verify_ex(ks, &policy, (const uint8_t *)token, token_len, NOW, scratch,
                           idgate_scratch_len(token_len), &claims, NULL) ==
          IDGATE_ERR_NULL_ARGUMENT);

    free(scratch);
    free(jwks);
    free(token);
    printf("test_detail: %d checks, %d failures\n", checks, failures);
    return failures == 0 && checks == 19 ? 0 : 1;
}
