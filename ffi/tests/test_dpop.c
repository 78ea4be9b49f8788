/*
 * C test of DPoP proofs, certificate-bound tokens and JWK thumbprints through the C API.
 * Run by `make -C ffi test` under Valgrind and under AddressSanitizer + UBSan.
 *
 *   test_dpop [REPO_ROOT]     (default "..": run from ffi/)
 *
 * Reads tests/data/dpop/cases.tsv (made by tests/data/dpop/generate.py): every case with
 * its exact status and check. Scratch buffers are malloc'd at exactly
 * idgate_dpop_scratch_len(...) bytes, so the sanitizers see any write past it.
 */
#include <pthread.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idgate.h"

#include "harness.h"

static char root[512];
static alignas(IDGATE_KEYSET_ALIGN) unsigned char ks_storage[IDGATE_KEYSET_SIZE(8)];

static const char *const check_names[] = {
    "none", "syntax", "typ", "alg", "jwk", "private_key", "weak_key", "signature", "claims",
    "htm", "htu", "nonce", "iat", "ath", "jti", "access_token", "binding",
};

static char *read_file(const char *rel, size_t *len) {
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
        buf[n] = '\0';
        *len = (size_t)n;
    }
    return buf;
}

static idgate_str cstr(const char *s) {
    idgate_str v;
    v.ptr = s;
    v.len = strlen(s);
    return v;
}

/* One case of cases.tsv: its fields point into the line. */
typedef struct {
    char *field[9];
} tsv_case;

enum { NAME, TOKEN, METHOD, URI, NONCE, NOW, STATUS, CHECKNAME, PROOF };

static int split_line(char *line, tsv_case *c) {
    for (int i = 0; i < 9; i++) {
        c->field[i] = line;
        char *tab = strchr(line, i == 8 ? '\n' : '\t');
        if (tab == NULL) {
            return i == 8 ? 0 : -1;
        }
        *tab = '\0';
        line = tab + 1;
    }
    return 0;
}

static idgate_status run_dpop(const idgate_keyset *ks, const idgate_policy *policy,
                              const tsv_case *c, idgate_replay_slot *cache, size_t cache_len,
                              uint64_t now, uint32_t *check, idgate_claims *claims) {
    /* claims->sub points into the scratch buffer: checked here, before it is freed. */
    idgate_dpop_request req;
    idgate_dpop_request_init(&req);
    req.proof = (const uint8_t *)c->field[PROOF];
    req.proof_len = strlen(c->field[PROOF]);
    req.method = cstr(c->field[METHOD]);
    req.uri = cstr(c->field[URI]);
    if (strcmp(c->field[NONCE], "-") != 0) {
        req.nonce = cstr(c->field[NONCE]);
    }
    size_t token_len = strlen(c->field[TOKEN]);
    size_t need = idgate_dpop_scratch_len(token_len, req.proof_len, req.uri.len);
    uint8_t *scratch = malloc(need);
    idgate_status s = idgate_dpop_verify(ks, policy, (const uint8_t *)c->field[TOKEN], token_len,
                                         &req, cache, cache_len, now, scratch, need, claims,
                                         check);
    if (s == IDGATE_OK && !(claims->sub.len == 7 && memcmp(claims->sub.ptr, "user-42", 7) == 0)) {
        fprintf(stderr, "%s: wrong sub\n", c->field[NAME]);
        s = IDGATE_ERR_PANIC;
    }
    free(scratch);
    return s;
}

static idgate_status run_cert(const idgate_keyset *ks, const idgate_policy *policy,
                              const char *token, const uint8_t hash[32], uint64_t now) {
    size_t len = strlen(token);
    size_t need = idgate_scratch_len(len);
    uint8_t *scratch = malloc(need);
    idgate_claims claims;
    idgate_status s = idgate_verify_certificate_bound(ks, policy, (const uint8_t *)token, len,
                                                      hash, now, scratch, need, &claims);
    free(scratch);
    return s;
}

/* Threads sharing one cache under a mutex: the same proof is accepted exactly once. */
typedef struct {
    const idgate_keyset *ks;
    const idgate_policy *policy;
    const tsv_case *c;
    idgate_replay_slot *cache;
    pthread_mutex_t *lock;
    idgate_status status;
} thread_arg;

static void *replay_thread(void *p) {
    thread_arg *a = p;
    uint32_t check = 99;
    idgate_claims claims;
    pthread_mutex_lock(a->lock);
    a->status = run_dpop(a->ks, a->policy, a->c, a->cache, 8, strtoull(a->c->field[NOW], NULL, 10),
                         &check, &claims);
    pthread_mutex_unlock(a->lock);
    return NULL;
}

int main(int argc, char **argv) {
    snprintf(root, sizeof root, "%s", argc > 1 ? argv[1] : "..");
    size_t jwks_len = 0, tsv_len = 0, der_len = 0, jwk_len = 0;
    char *jwks = read_file("tests/data/dpop/jwks.json", &jwks_len);
    char *tsv = read_file("tests/data/dpop/cases.tsv", &tsv_len);
    char *der = read_file("tests/data/dpop/client.der", &der_len);
    if (jwks == NULL || tsv == NULL || der == NULL) {
        fprintf(stderr, "test_dpop: cannot read tests/data/dpop under %s\n", root);
        return 2;
    }
    idgate_keyset *ks = (idgate_keyset *)ks_storage;
    CHECK(idgate_keyset_init(ks_storage, sizeof ks_storage) == IDGATE_OK);
    CHECK(idgate_keyset_parse(ks, (const uint8_t *)jwks, jwks_len, NULL, NULL) == IDGATE_OK);
    idgate_policy policy;
    static const char iss[] = "https://issuer.example.com", aud[] = "https://api.example.com";
    CHECK(idgate_policy_access_token(&policy, iss, strlen(iss), aud, strlen(aud)) == IDGATE_OK);
    uint8_t cert_hash[32];
    CHECK(idgate_certificate_sha256((const uint8_t *)der, der_len, cert_hash) == IDGATE_OK);

    tsv_case cases[64];
    int n = 0;
    for (char *line = tsv; *line != '\0' && n < 64;) {
        char *next = strchr(line, '\n');
        if (next == NULL || split_line(line, &cases[n]) != 0) {
            fprintf(stderr, "test_dpop: bad line %d\n", n + 1);
            return 2;
        }
        n++;
        line = next + 1;
    }
    CHECK(n == 52);

    int dpop_cases = 0, cert_cases = 0, accepted = 0;
    for (int i = 0; i < n; i++) {
        const tsv_case *c = &cases[i];
        uint64_t now = strtoull(c->field[NOW], NULL, 10);
        if (strncmp(c->field[NAME], "cert_", 5) == 0) {
            idgate_status s = run_cert(ks, &policy, c->field[TOKEN], cert_hash, now);
            if (strcmp(idgate_status_str(s), c->field[STATUS]) != 0) {
                failures++;
                fprintf(stderr, "%s: got %s, want %s\n", c->field[NAME], idgate_status_str(s),
                        c->field[STATUS]);
            }
            checks++;
            cert_cases++;
            continue;
        }
        idgate_replay_slot cache[2];
        memset(cache, 0, sizeof cache);
        uint32_t check = 99;
        idgate_claims claims;
        idgate_status s = run_dpop(ks, &policy, c, cache, 2, now, &check, &claims);
        const char *got_check = check < sizeof check_names / sizeof *check_names
                                    ? check_names[check] : "?";
        checks++;
        if (strcmp(idgate_status_str(s), c->field[STATUS]) != 0 ||
            strcmp(got_check, c->field[CHECKNAME]) != 0) {
            failures++;
            fprintf(stderr, "%s: got %s/%s, want %s/%s\n", c->field[NAME], idgate_status_str(s),
                    got_check, c->field[STATUS], c->field[CHECKNAME]);
        }
        if (s == IDGATE_OK) {
            accepted++;
            /* The same proof again: a replay, with the check named. */
            s = run_dpop(ks, &policy, c, cache, 2, now, &check, &claims);
            CHECK(s == IDGATE_ERR_DPOP_REPLAY && check == IDGATE_DPOP_CHECK_JTI);
        }
        dpop_cases++;
    }
    CHECK(dpop_cases == 48 && cert_cases == 4 && accepted == 9);

    /* A full cache refuses: one slot, two different valid proofs. */
    {
        idgate_replay_slot one[1];
        memset(one, 0, sizeof one);
        uint32_t check = 99;
        idgate_claims claims;
        uint64_t now = strtoull(cases[0].field[NOW], NULL, 10);
        CHECK(run_dpop(ks, &policy, &cases[0], one, 1, now, &check, &claims) == IDGATE_OK);
        CHECK(check == IDGATE_DPOP_CHECK_NONE);
        CHECK(run_dpop(ks, &policy, &cases[6], one, 1, now, &check, &claims) ==
              IDGATE_ERR_REPLAY_CACHE_FULL);
        CHECK(check == IDGATE_DPOP_CHECK_JTI);
        /* Argument errors leave out_check alone. */
        check = 99;
        CHECK(run_dpop(ks, &policy, &cases[0], NULL, 1, now, &check, &claims) ==
              IDGATE_ERR_NULL_ARGUMENT);
        CHECK(check == 99);
    }

    /* One cache, eight threads, one proof: exactly one acceptance. */
    {
        idgate_replay_slot shared[8];
        memset(shared, 0, sizeof shared);
        pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
        pthread_t threads[8];
        thread_arg args[8];
        for (int i = 0; i < 8; i++) {
            args[i] = (thread_arg){ks, &policy, &cases[0], shared, &lock, 0};
            CHECK(pthread_create(&threads[i], NULL, replay_thread, &args[i]) == 0);
        }
        int ok = 0, replays = 0;
        for (int i = 0; i < 8; i++) {
            pthread_join(threads[i], NULL);
            ok += args[i].status == IDGATE_OK;
            replays += args[i].status == IDGATE_ERR_DPOP_REPLAY;
        }
        CHECK(ok == 1 && replays == 7);
    }

    /* Thumbprints: RFC 7638 §3.1, and a buffer one byte short. */
    {
        char *jwk = read_file("tests/data/dpop/proof_jwk.json", &jwk_len);
        free(jwk);
        static const char rfc7638[] =
            "{\"kty\":\"RSA\",\"e\":\"AQAB\",\"n\":\"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM"
            "78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsG"
            "Y4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0"
            "zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINH"
            "aQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw\"}";
        char out[IDGATE_THUMBPRINT_LEN + 1];
        CHECK(idgate_jwk_thumbprint((const uint8_t *)rfc7638, strlen(rfc7638), out, sizeof out) ==
              IDGATE_OK);
        CHECK(strcmp(out, "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs") == 0);
        CHECK(idgate_jwk_thumbprint((const uint8_t *)rfc7638, strlen(rfc7638), out,
                                    IDGATE_THUMBPRINT_LEN) == IDGATE_ERR_BUFFER_TOO_SMALL);
        static const char oct[] = "{\"kty\":\"oct\",\"k\":\"AAAA\"}";
        CHECK(idgate_jwk_thumbprint((const uint8_t *)oct, strlen(oct), out, sizeof out) ==
              IDGATE_ERR_UNSUPPORTED_ALG);
        CHECK(strcmp(idgate_status_str(IDGATE_ERR_BINDING_MISMATCH), "binding_mismatch") == 0);
    }

    /* A bound token through plain idgate_verify: refused unless the policy allows it. */
    {
        const char *token = cases[0].field[TOKEN];
        size_t len = strlen(token);
        uint8_t *scratch = malloc(idgate_scratch_len(len));
        idgate_claims claims;
        uint64_t now = strtoull(cases[0].field[NOW], NULL, 10);
        CHECK(idgate_verify(ks, &policy, (const uint8_t *)token, len, now, scratch,
                            idgate_scratch_len(len), &claims) == IDGATE_ERR_BINDING_MISMATCH);
        idgate_policy lax = policy;
        lax.allow_unchecked_cnf = true;
        CHECK(idgate_verify(ks, &lax, (const uint8_t *)token, len, now, scratch,
                            idgate_scratch_len(len), &claims) == IDGATE_OK);
        free(scratch);
    }

    free(jwks);
    free(tsv);
    free(der);
    printf("test_dpop: %d checks, %d failures\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
