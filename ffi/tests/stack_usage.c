/*
 * stack_usage: measures the stack one idgate_verify (and one idgate_keyset_parse, plus
 * idgate_keyset_add_hmac for HMAC cases) uses, by running it on a thread whose stack we
 * provide, painted with a pattern just before the call: afterwards, the deepest overwritten
 * byte below the caller's frame gives the figure (an overestimate by at most the 256 bytes
 * left unpainted right below the caller's frame).
 *
 *   stack_usage [REPO_ROOT]
 *
 * Built without sanitizers (they inflate frames) by `make -C ffi stack`, which `make test`
 * runs. Prints one line per case and the maximum. Exits 1 unless every case gives the status its
 * fixture states, every wanted case and every large case was measured, no figure is zero, and
 * every figure is within STACK_BOUND (the stack README.md and ffi/README.md tell a caller to give
 * a verifying thread); exits 2 on an I/O error.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idgate.h"
#include "fixtures.h"

#define STACK_SIZE (1024 * 1024)
#define PAINT 0xA5
/* The documented stack for a thread that verifies (and parses key sets): 32 KiB. */
#ifndef STACK_BOUND
#define STACK_BOUND (32 * 1024)
#endif
/* Cases in tests/data/fixtures/tokens_large.json, all measured. */
#define LARGE_CASES 6

static alignas(IDGATE_KEYSET_ALIGN) unsigned char ks_storage[IDGATE_KEYSET_SIZE];
static unsigned char scratch[IDGATE_MAX_SCRATCH_LEN];
static unsigned char *stack_mem;

typedef struct job {
    const unsigned char *jwks;
    size_t jwks_len;
    const unsigned char *secret; /* HMAC secret or NULL */
    size_t secret_len;
    const unsigned char *token;
    size_t token_len;
    uint64_t now;
    idgate_policy policy;
    idgate_claims claims;
    uintptr_t sp_verify; /* the stack pointer (about) at the verify call */
    uintptr_t sp_parse;
    size_t parse_used;
    idgate_status st;
} job;

/* The deepest (lowest) painted byte that was overwritten. */
static uintptr_t deepest_touched(void) {
    for (size_t i = 0; i < STACK_SIZE; i++) {
        if (stack_mem[i] != PAINT) {
            return (uintptr_t)&stack_mem[i];
        }
    }
    return (uintptr_t)(stack_mem + STACK_SIZE);
}

static void repaint_below(uintptr_t sp) {
    size_t below = (size_t)(sp - (uintptr_t)stack_mem) - 256; /* keep our own frame intact */
    memset(stack_mem, PAINT, below);
}

static __attribute__((noinline)) void run_parse(job *j) {
    volatile char marker = 0;
    j->sp_parse = (uintptr_t)&marker;
    j->st = idgate_keyset_init(ks_storage, sizeof ks_storage);
    repaint_below(j->sp_parse);
    if (j->st == IDGATE_OK) {
        j->st = idgate_keyset_parse((idgate_keyset *)ks_storage, j->jwks, j->jwks_len, NULL, NULL);
    }
    if (j->st == IDGATE_OK && j->secret != NULL) {
        j->st = idgate_keyset_add_hmac((idgate_keyset *)ks_storage, j->secret, j->secret_len);
    }
    j->parse_used = j->sp_parse - deepest_touched();
}

/* Only a marker in this frame: everything below it is idgate_verify's. */
static __attribute__((noinline)) void run_verify(job *j) {
    volatile char marker = 0;
    j->sp_verify = (uintptr_t)&marker;
    repaint_below(j->sp_verify);
    j->st = idgate_verify((const idgate_keyset *)ks_storage, &j->policy, j->token, j->token_len,
                          j->now, scratch, sizeof scratch, &j->claims);
}

static void *thread_main(void *arg) {
    job *j = arg;
    run_parse(j);
    if (j->st == IDGATE_OK) {
        run_verify(j);
    }
    return NULL;
}

static int measure(job *j, size_t *verify_used) {
    pthread_attr_t attr;
    pthread_t t;
    memset(stack_mem, PAINT, STACK_SIZE);
    if (pthread_attr_init(&attr) != 0 || pthread_attr_setstack(&attr, stack_mem, STACK_SIZE) != 0 ||
        pthread_create(&t, &attr, thread_main, j) != 0) {
        return -1;
    }
    pthread_join(t, NULL);
    pthread_attr_destroy(&attr);
    /* The frame of run_verify itself is included: a caller pays for it too. */
    *verify_used = j->sp_verify ? j->sp_verify - deepest_touched() : 0;
    return 0;
}

/* Fails the run with a message; the figures are still printed. */
static int bad;
static void fail(const char *name, const char *why) {
    fprintf(stderr, "stack_usage: %s: %s\n", name, why);
    bad = 1;
}

int main(int argc, char **argv) {
    static const char *const wanted[] = {
        "rs256_rsa4096", "ps512_rsa4096", "es256", "es512", "eddsa", "hs512",
        "access_token_es256", "escaped_sub_unicode", "nested_depth_32", "nested_depth_100",
        "bit_flipped_signature", NULL,
    };
    int seen[sizeof wanted / sizeof wanted[0]] = {0};
    const char *root = argc > 1 ? argv[1] : "..";
    static const char *const files[] = {"tests/data/fixtures/tokens.json",
                                        "tests/data/fixtures/tokens_large.json"};
    size_t max_verify = 0, max_parse = 0;
    int measured = 0, large = 0;

    if (posix_memalign((void **)&stack_mem, 4096, STACK_SIZE) != 0) {
        return 2;
    }
    for (size_t fi = 0; fi < 2; fi++) {
        char path[1200], buf[256], issuer[256], client[256], nonce[256], name[128], expect[64];
        unsigned char *doc_buf;
        size_t doc_len;
        span doc, cases, c, f, tok;
        snprintf(path, sizeof path, "%s/%s", root, files[fi]);
        if (read_file(path, &doc_buf, &doc_len) != 0) {
            fprintf(stderr, "cannot read %s\n", path);
            return 2;
        }
        doc.p = (const char *)doc_buf;
        doc.n = doc_len;
        if (json_member(doc, "issuer", &f) != 0) return 2;
        span_cstr(f, issuer, sizeof issuer);
        if (json_member(doc, "client_id", &f) != 0) return 2;
        span_cstr(f, client, sizeof client);
        if (json_member(doc, "nonce", &f) != 0) return 2;
        span_cstr(f, nonce, sizeof nonce);
        if (json_member(doc, "now", &f) != 0) return 2;
        uint64_t now = strtoull(span_cstr(f, buf, sizeof buf), NULL, 10);
        if (json_member(doc, "cases", &cases) != 0) return 2;
        for (size_t i = 0; json_element(cases, i, &c) == 0; i++) {
            int want = 0;
            if (json_member(c, "name", &f) != 0) return 2;
            span_cstr(f, name, sizeof name);
            for (size_t w = 0; wanted[w] != NULL; w++) {
                if (strcmp(wanted[w], name) == 0) {
                    want = 1;
                    seen[w] = 1;
                }
            }
            /* Every large case too, whatever its name. */
            want |= fi == 1;
            if (!want) {
                continue;
            }
            if (json_member(c, "expect", &f) != 0 || json_member(c, "token", &tok) != 0 ||
                json_member(c, "jwks", &f) != 0) {
                fail(name, "case without expect, token or jwks");
                continue;
            }
            json_member(c, "expect", &f);
            span_cstr(f, expect, sizeof expect);
            json_member(c, "jwks", &f);
            char rel[600], jwks_path[1200];
            unsigned char *jwks;
            size_t jwks_len;
            snprintf(rel, sizeof rel, "%s/tests/data/fixtures/%s", root,
                     span_cstr(f, buf, sizeof buf));
            snprintf(jwks_path, sizeof jwks_path, "%s", rel);
            if (read_file(jwks_path, &jwks, &jwks_len) != 0) {
                return 2;
            }
            job *j = calloc(1, sizeof *j);
            unsigned char *secret = NULL;
            if (j == NULL) {
                return 2;
            }
            j->jwks = jwks;
            j->jwks_len = jwks_len;
            j->token = (const unsigned char *)tok.p;
            j->token_len = tok.n;
            j->now = now;
            idgate_status pst;
            if (json_member(c, "profile", &f) == 0 && span_is(f, "access_token")) {
                pst = idgate_policy_access_token(&j->policy, issuer, strlen(issuer), client,
                                                 strlen(client));
            } else {
                pst = idgate_policy_id_token(&j->policy, issuer, strlen(issuer), client,
                                             strlen(client));
                j->policy.nonce.ptr = nonce;
                j->policy.nonce.len = strlen(nonce);
            }
            if (pst != IDGATE_OK) {
                fail(name, "policy preset refused");
            }
            j->policy.algs = IDGATE_ALGS_ALL;
            j->policy.leeway = 0;
            if (json_member(c, "hmac", &f) == 0 && span_is(f, "true")) {
                const char *file = "hmac_secret.bin";
                if (json_member(c, "hmac_secret", &f) == 0) {
                    file = span_cstr(f, buf, sizeof buf);
                }
                snprintf(rel, sizeof rel, "%s/tests/data/fixtures/%s", root, file);
                if (read_file(rel, &secret, &j->secret_len) != 0) {
                    return 2;
                }
                j->secret = secret;
            }
            size_t used = 0;
            if (measure(j, &used) != 0) {
                return 2;
            }
            printf("%-24s %6zu bytes verify (%s, %zu-byte token), %6zu bytes keyset_parse\n",
                   name, used, idgate_status_str(j->st), j->token_len, j->parse_used);
            /* The status the fixture states ("valid" is IDGATE_OK, "ok"). A key set that does
             * not load leaves sp_verify unset and a verify figure of 0: both fail here. */
            const char *want_st = strcmp(expect, "valid") == 0 ? "ok" : expect;
            if (strcmp(idgate_status_str(j->st), want_st) != 0) {
                char why[200];
                snprintf(why, sizeof why, "status %s, the fixture says %s",
                         idgate_status_str(j->st), expect);
                fail(name, why);
            }
            if (used == 0 || j->parse_used == 0) {
                fail(name, "measured 0 bytes");
            }
            if (used > STACK_BOUND || j->parse_used > STACK_BOUND) {
                fail(name, "over the documented stack bound (STACK_BOUND)");
            }
            if (used > max_verify) max_verify = used;
            if (j->parse_used > max_parse) max_parse = j->parse_used;
            measured++;
            large += fi == 1;
            free(secret);
            free(jwks);
            free(j);
        }
        free(doc_buf);
    }
    for (size_t w = 0; wanted[w] != NULL; w++) {
        if (!seen[w]) {
            fail(wanted[w], "not in the fixtures");
        }
    }
    if (large != LARGE_CASES) {
        fail("tokens_large.json", "not every large case was measured");
    }
    printf("max stack: idgate_verify %zu bytes, idgate_keyset_parse %zu bytes (%d cases)\n",
           max_verify, max_parse, measured);
    printf("sizes: keyset %zu align %zu policy %zu claims %zu max_scratch %zu\n",
           idgate_keyset_size(), idgate_keyset_align(), sizeof(idgate_policy),
           sizeof(idgate_claims), (size_t)IDGATE_MAX_SCRATCH_LEN);
    printf("bound: %d bytes: %s\n", STACK_BOUND, bad ? "FAIL" : "PASS");
    free(stack_mem);
    return bad ? 1 : 0;
}
