/*
 * bench_verify: idgate_verify alone, through the C API, on one token (the in-process cost
 * the gateways pay per request; no I/O).
 *
 *   bench_verify JWKS_FILE TOKEN_FILE ISSUER AUDIENCE ITERATIONS
 *
 * Verifies the token ITERATIONS times (bounded) with the JWT profile at the current time and
 * prints "<CPU µs per verify> us/verify" (process CPU time, which other load on a shared
 * machine disturbs less than wall time); exits 1 if any verification fails.
 */

#define _POSIX_C_SOURCE 200809L

#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "idgate.h"

static alignas(IDGATE_KEYSET_ALIGN) unsigned char keyset_mem[IDGATE_KEYSET_SIZE];
static unsigned char jwks[IDGATE_MAX_JWKS_LEN];
static unsigned char token[IDGATE_MAX_TOKEN_LEN + 1];
static unsigned char scratch[IDGATE_MAX_SCRATCH_LEN];

static size_t slurp(const char *path, unsigned char *buf, size_t cap) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        exit(2);
    }
    size_t n = fread(buf, 1, cap, f);
    fclose(f);
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r')) {
        n--;
    }
    return n;
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: bench_verify JWKS TOKEN ISSUER AUDIENCE ITERATIONS\n");
        return 2;
    }
    size_t jwks_len = slurp(argv[1], jwks, sizeof jwks);
    size_t token_len = slurp(argv[2], token, sizeof token);
    long iterations = strtol(argv[5], NULL, 10);
    if (iterations <= 0 || iterations > 10000000) {
        fprintf(stderr, "ITERATIONS must be 1 to 10000000\n");
        return 2;
    }
    idgate_keyset *ks = (idgate_keyset *)keyset_mem;
    idgate_status st = idgate_keyset_init(keyset_mem, sizeof keyset_mem);
    if (st == IDGATE_OK) {
        st = idgate_keyset_parse(ks, jwks, jwks_len, NULL, NULL);
    }
    if (st != IDGATE_OK) {
        fprintf(stderr, "jwks: %s\n", idgate_status_str(st));
        return 2;
    }
    idgate_policy policy;
    idgate_policy_init(&policy);
    policy.issuer = (idgate_str){argv[3], strlen(argv[3])};
    policy.audience = (idgate_str){argv[4], strlen(argv[4])};
    uint64_t now = (uint64_t)time(NULL);

    struct timespec t0, t1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
    for (long i = 0; i < iterations; i++) {
        idgate_claims claims;
        st = idgate_verify(ks, &policy, token, token_len, now, scratch, sizeof scratch, &claims);
        if (st != IDGATE_OK) {
            fprintf(stderr, "verify: %s\n", idgate_status_str(st));
            return 1;
        }
    }
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("%.2f us/verify\n", secs * 1e6 / (double)iterations);
    return 0;
}
