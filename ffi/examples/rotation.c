/*
 * Lock-free key rotation for a threaded gateway: two key sets and an atomic pointer swap.
 *
 *   rotation JWKS_A JWKS_B TOKEN ISSUER CLIENT_ID NOW
 *
 * Reader threads verify TOKEN against whichever key set is current; a writer thread loads
 * JWKS_A and JWKS_B alternately into the set that is NOT current and then publishes it with
 * one atomic store. A reader never waits for the writer (no lock on the verification path);
 * the writer reuses a set only once no reader still uses it.
 *
 * The pattern:
 *   reader:  i = current; readers[i]++; if current != i { readers[i]--; retry }
 *            verify against sets[i]; readers[i]--
 *   writer:  spare = 1 - current; wait until readers[spare] == 0;
 *            idgate_keyset_parse(sets[spare], new_jwks); current = spare
 * The increment-then-recheck (sequentially consistent) pairs with the writer's
 * store-then-wait: either the reader sees the new `current` and retries, or the writer sees
 * the reader's count and waits. Readers' decrements (release) pair with the writer's
 * acquiring load, so a set is rewritten only after every verification on it has finished.
 *
 * Each reader checks the outcome against the document the set it used was loaded from (TOKEN
 * must verify under JWKS_A and be refused as unknown_kid under JWKS_B). CI runs it under
 * ThreadSanitizer (`make -C ffi test-rotation`). Exit status: 0 if every verification had the
 * expected outcome, 1 otherwise, 2 on usage or I/O errors.
 */
#include <pthread.h>
#include <sched.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idgate.h"

#define READERS 4
#define ROUNDS 40
#define KEYS 8

static alignas(IDGATE_KEYSET_ALIGN) unsigned char storage[2][IDGATE_KEYSET_SIZE(KEYS)];
/* Which document each set holds (0 = A, 1 = B); written by the writer before publishing. */
static int holds[2];
static atomic_int current;
static atomic_int readers[2];
static atomic_int done;
static atomic_long verified, wrong;

static const uint8_t *token;
static size_t token_len;
static idgate_policy policy;
static uint64_t now;

static idgate_keyset *set(int i) { return (idgate_keyset *)storage[i]; }

/* Pins the current set for reading; returns its index. */
static int pin(void) {
    for (;;) {
        int i = atomic_load(&current);
        atomic_fetch_add(&readers[i], 1);
        if (atomic_load(&current) == i) {
            return i;
        }
        atomic_fetch_sub_explicit(&readers[i], 1, memory_order_release);
    }
}

static void unpin(int i) { atomic_fetch_sub_explicit(&readers[i], 1, memory_order_release); }

static void *reader(void *arg) {
    unsigned char *scratch = malloc(IDGATE_SCRATCH_LEN(token_len));
    (void)arg;
    if (scratch == NULL) {
        atomic_fetch_add(&wrong, 1);
        return NULL;
    }
    while (!atomic_load(&done)) {
        idgate_claims claims;
        int i = pin();
        idgate_status st = idgate_verify(set(i), &policy, token, token_len, now, scratch,
                                         IDGATE_SCRATCH_LEN(token_len), &claims);
        idgate_status want = holds[i] == 0 ? IDGATE_OK : IDGATE_ERR_UNKNOWN_KID;
        unpin(i);
        if (st != want) {
            fprintf(stderr, "reader: got %s, want %s\n", idgate_status_str(st),
                    idgate_status_str(want));
            atomic_fetch_add(&wrong, 1);
        }
        atomic_fetch_add(&verified, 1);
    }
    free(scratch);
    return NULL;
}

struct doc {
    unsigned char *bytes;
    size_t len;
};

static int read_all(const char *path, struct doc *out) {
    FILE *f = fopen(path, "rb");
    long n;
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0) {
        if (f != NULL) {
            fclose(f);
        }
        return -1;
    }
    out->bytes = malloc((size_t)n + 1);
    out->len = (size_t)n;
    if (out->bytes == NULL || fread(out->bytes, 1, out->len, f) != out->len) {
        fclose(f);
        return -1;
    }
    fclose(f);
    while (out->len > 0 && (out->bytes[out->len - 1] == '\n' || out->bytes[out->len - 1] == '\r')) {
        out->len--;
    }
    return 0;
}

int main(int argc, char **argv) {
    struct doc jwks[2], tok;
    pthread_t threads[READERS];
    idgate_status st;
    int failed = 0;
    if (argc != 7) {
        fprintf(stderr, "usage: rotation JWKS_A JWKS_B TOKEN ISSUER CLIENT_ID NOW\n");
        return 2;
    }
    if (read_all(argv[1], &jwks[0]) || read_all(argv[2], &jwks[1]) || read_all(argv[3], &tok)) {
        fprintf(stderr, "rotation: cannot read the inputs\n");
        return 2;
    }
    token = tok.bytes;
    token_len = tok.len;
    now = strtoull(argv[6], NULL, 10);
    if (idgate_policy_id_token(&policy, argv[4], strlen(argv[4]), argv[5], strlen(argv[5])) !=
            IDGATE_OK ||
        idgate_keyset_init(storage[0], sizeof storage[0]) != IDGATE_OK ||
        idgate_keyset_init(storage[1], sizeof storage[1]) != IDGATE_OK ||
        idgate_keyset_parse(set(0), jwks[0].bytes, jwks[0].len, NULL, NULL) != IDGATE_OK) {
        fprintf(stderr, "rotation: setup failed\n");
        return 2;
    }
    holds[0] = 0;
    atomic_store(&current, 0);
    for (int t = 0; t < READERS; t++) {
        if (pthread_create(&threads[t], NULL, reader, NULL) != 0) {
            return 2;
        }
    }
    /* The writer: this thread. */
    for (int round = 1; round <= ROUNDS; round++) {
        int spare = 1 - atomic_load(&current);
        int doc = round % 2;
        while (atomic_load_explicit(&readers[spare], memory_order_acquire) != 0) {
            sched_yield();
        }
        st = idgate_keyset_parse(set(spare), jwks[doc].bytes, jwks[doc].len, NULL, NULL);
        if (st != IDGATE_OK) {
            fprintf(stderr, "rotation: parse: %s\n", idgate_status_str(st));
            failed = 1;
            break;
        }
        holds[spare] = doc;
        atomic_store(&current, spare);
        /* Let the readers use it a little. */
        while (atomic_load(&verified) < (long)round * READERS) {
            sched_yield();
        }
    }
    atomic_store(&done, 1);
    for (int t = 0; t < READERS; t++) {
        pthread_join(threads[t], NULL);
    }
    printf("rotation: %d rotations, %ld verifications by %d readers, %ld wrong\n", ROUNDS,
           atomic_load(&verified), READERS, atomic_load(&wrong));
    free(jwks[0].bytes);
    free(jwks[1].bytes);
    free(tok.bytes);
    return failed || atomic_load(&wrong) != 0 ? 1 : 0;
}
