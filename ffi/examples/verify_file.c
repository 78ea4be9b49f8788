/*
 * verify_file: verify an OpenID Connect ID token read from a file against a JWKS file.
 *
 *   verify_file JWKS_FILE TOKEN_FILE ISSUER AUDIENCE NOW
 *
 * Prints the claims and exits 0 if the token is valid; prints the status code and exits 1 if
 * it is not; exits 2 on a usage or I/O error. NOW is the time in Unix seconds.
 *
 * Try it on the sample (from the repository root):
 *   ffi/build/verify_file examples/sample/jwks.json examples/sample/id_token.jwt \
 *       https://issuer.example.com client-123 1767225600
 *
 * All memory is on the stack or static: the key set in aligned static storage, the token and
 * JWKS in fixed buffers, the decoded token in a scratch buffer sized for the largest token.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idgate.h"

static alignas(IDGATE_KEYSET_ALIGN) unsigned char keyset_storage[IDGATE_KEYSET_SIZE(16)];
static unsigned char jwks[IDGATE_MAX_JWKS_LEN];
static unsigned char token[IDGATE_MAX_TOKEN_LEN + 1];
static unsigned char scratch[IDGATE_MAX_SCRATCH_LEN];

/* Reads at most cap bytes of a file: 0 if it all fit, -2 if it is longer, -1 on error. */
static int read_into(const char *path, unsigned char *buf, size_t cap, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "verify_file: %s: %s\n", path, strerror(errno));
        return -1;
    }
    *len = fread(buf, 1, cap, f);
    int more = fgetc(f) != EOF;
    int err = ferror(f);
    fclose(f);
    if (err) {
        fprintf(stderr, "verify_file: %s: read error\n", path);
        return -1;
    }
    return more ? -2 : 0;
}

static void print_str(const char *name, idgate_str s) {
    if (s.ptr != NULL) {
        printf("%-10s %.*s\n", name, (int)s.len, s.ptr);
    }
}

static void print_date(const char *name, bool present, uint64_t value) {
    if (present) {
        printf("%-10s %" PRIu64 "\n", name, value);
    }
}

int main(int argc, char **argv) {
    size_t jwks_len = 0, token_len = 0, added = 0, skipped = 0;
    idgate_keyset *ks = (idgate_keyset *)keyset_storage;
    idgate_policy policy;
    idgate_claims claims;
    idgate_status st;
    char *end = NULL;
    uint64_t now;
    int r;

    if (argc != 6) {
        fprintf(stderr, "usage: %s JWKS_FILE TOKEN_FILE ISSUER AUDIENCE NOW\n", argv[0]);
        return 2;
    }
    errno = 0;
    now = strtoull(argv[5], &end, 10);
    if (errno != 0 || end == argv[5] || *end != '\0') {
        fprintf(stderr, "verify_file: NOW must be Unix seconds, not '%s'\n", argv[5]);
        return 2;
    }
    if (read_into(argv[1], jwks, sizeof jwks, &jwks_len) != 0) {
        return 2;
    }
    /* A token file longer than the limit is passed on whole-buffer, so idgate_verify reports
     * it as too_large; otherwise the trailing newline is dropped. */
    r = read_into(argv[2], token, sizeof token, &token_len);
    if (r == -1) {
        return 2;
    }
    while (r == 0 && token_len > 0 &&
           (token[token_len - 1] == '\n' || token[token_len - 1] == '\r' ||
            token[token_len - 1] == ' ')) {
        token_len--;
    }

    /* The key set: storage size checked against this library build at run time. */
    if (idgate_keyset_size_for(16) > sizeof keyset_storage) {
        fprintf(stderr, "verify_file: header and library disagree on the key-set size\n");
        return 2;
    }
    st = idgate_keyset_init(keyset_storage, sizeof keyset_storage);
    if (st == IDGATE_OK) {
        st = idgate_keyset_parse(ks, jwks, jwks_len, &added, &skipped);
    }
    if (st != IDGATE_OK) {
        fprintf(stderr, "verify_file: JWKS: %s (%s)\n", idgate_status_str(st),
                idgate_status_message(st));
        return 2;
    }
    fprintf(stderr, "verify_file: %zu keys loaded, %zu skipped\n", added, skipped);

    /* The OIDC ID-token profile for this issuer and client. */
    st = idgate_policy_id_token(&policy, argv[3], strlen(argv[3]), argv[4], strlen(argv[4]));
    if (st != IDGATE_OK) {
        fprintf(stderr, "verify_file: policy: %s\n", idgate_status_str(st));
        return 2;
    }

    st = idgate_verify(ks, &policy, token, token_len, now, scratch, sizeof scratch, &claims);
    if (st != IDGATE_OK) {
        printf("invalid: %s (%s)\n", idgate_status_str(st), idgate_status_message(st));
        return 1;
    }

    printf("valid\n");
    print_str("alg", claims.alg);
    print_str("kid", claims.kid);
    print_str("typ", claims.typ);
    print_str("iss", claims.iss);
    print_str("sub", claims.sub);
    for (size_t i = 0; i < claims.aud_count; i++) {
        idgate_str aud;
        if (idgate_claims_aud(&claims, i, &aud) == IDGATE_OK) {
            print_str("aud", aud);
        }
    }
    print_str("azp", claims.azp);
    print_str("nonce", claims.nonce);
    print_str("acr", claims.acr);
    for (size_t i = 0; i < claims.amr_count; i++) {
        idgate_str amr;
        if (idgate_claims_amr(&claims, i, &amr) == IDGATE_OK) {
            print_str("amr", amr);
        }
    }
    print_str("sid", claims.sid);
    print_str("jti", claims.jti);
    print_date("exp", claims.has_exp, claims.exp);
    print_date("iat", claims.has_iat, claims.iat);
    print_date("nbf", claims.has_nbf, claims.nbf);
    print_date("auth_time", claims.has_auth_time, claims.auth_time);
    printf("%-10s %.*s\n", "claims", (int)claims.json_len, (const char *)claims.json);
    return 0;
}
