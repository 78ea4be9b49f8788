/*
 * minimal: the README's example. Verifies an ID token file against a JWKS file for the sample
 * issuer and client at a fixed time; exits 0 if valid. Built by `make -C ffi test` through
 * pkg-config, linked both shared and static.
 *
 *   minimal JWKS_FILE TOKEN_FILE
 */
#include <stdalign.h>
#include <stdio.h>
#include <string.h>

#include "idgate.h"

static alignas(IDGATE_KEYSET_ALIGN) unsigned char keyset_mem[IDGATE_KEYSET_SIZE(8)];
static unsigned char scratch[IDGATE_MAX_SCRATCH_LEN];
static unsigned char jwks[64 * 1024], token[IDGATE_MAX_TOKEN_LEN + 1];

static size_t slurp(const char *path, unsigned char *buf, size_t cap) {
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(buf, 1, cap, f) : 0;
    if (f) fclose(f);
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r')) n--;
    return n;
}

int main(int argc, char **argv) {
    if (argc != 3) return 2;
    size_t jwks_len = slurp(argv[1], jwks, sizeof jwks);
    size_t token_len = slurp(argv[2], token, sizeof token);

    idgate_keyset *ks = (idgate_keyset *)keyset_mem;
    idgate_status st = idgate_keyset_init(keyset_mem, sizeof keyset_mem);
    if (st == IDGATE_OK) st = idgate_keyset_parse(ks, jwks, jwks_len, NULL, NULL);
    if (st != IDGATE_OK) return fprintf(stderr, "jwks: %s\n", idgate_status_str(st)), 2;

    const char *iss = "https://issuer.example.com", *client = "client-123";
    idgate_policy policy;
    idgate_policy_id_token(&policy, iss, strlen(iss), client, strlen(client));
    policy.nonce = (idgate_str){"n-0S6_WzA2Mj", 12}; /* the nonce sent in the auth request */

    idgate_claims claims; /* written only on success; views into scratch */
    st = idgate_verify(ks, &policy, token, token_len, 1767225600, scratch, sizeof scratch,
                       &claims);
    if (st != IDGATE_OK) return printf("invalid: %s\n", idgate_status_str(st)), 1;
    printf("valid: sub=%.*s\n", (int)claims.sub.len, claims.sub.ptr);
    return 0;
}
