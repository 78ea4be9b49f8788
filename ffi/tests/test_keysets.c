/*
 * C tests of caller-sized key sets, skipped keys and the refetch gate. Run by
 * `make -C ffi test` under Valgrind and again under AddressSanitizer + UBSan.
 *
 *   test_keysets [REPO_ROOT]     (default "..": run from ffi/)
 *
 * Reads tests/data/keysets (made by its generate.py): a 15-JWK set shaped like PayPal's, a
 * 32-key set and a Yahoo-shaped set with a weak key, and tokens with their exact outcomes.
 * Key-set storage is malloc'd at exactly IDGATE_KEYSET_SIZE(n) bytes, so the sanitizers see
 * any access past it.
 */
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idgate.h"
#include "fixtures.h"

#include "harness.h"

static char root[512];

/* A whole file of tests/data/keysets. */
static unsigned char *keysets_file(const char *name, size_t *len) {
    char path[1024];
    unsigned char *buf = NULL;
    snprintf(path, sizeof path, "%s/tests/data/keysets/%s", root, name);
    if (read_file(path, &buf, len) != 0) {
        fprintf(stderr, "cannot read %s\n", path);
        CHECK(!"fixture readable");
        return NULL;
    }
    return buf;
}

/* A key set of exactly n keys in exactly IDGATE_KEYSET_SIZE(n) bytes of heap. */
static idgate_keyset *new_keyset(size_t n) {
    size_t size = IDGATE_KEYSET_SIZE(n);
    void *mem = aligned_alloc(IDGATE_KEYSET_ALIGN, size);
    CHECK(mem != NULL);
    if (mem == NULL) {
        return NULL;
    }
    CHECK_STATUS(idgate_keyset_init(mem, size), IDGATE_OK);
    CHECK(idgate_keyset_capacity((idgate_keyset *)mem) == n);
    return (idgate_keyset *)mem;
}

/* Parses a fixture JWKS; returns the status, with the counts in *added / *skipped. */
static idgate_status parse_file(idgate_keyset *ks, const char *name, size_t *added,
                                size_t *skipped) {
    size_t len = 0;
    unsigned char *doc = keysets_file(name, &len);
    idgate_status st;
    if (doc == NULL) {
        return IDGATE_ERR_PANIC;
    }
    st = idgate_keyset_parse(ks, doc, len, added, skipped);
    free(doc);
    return st;
}

static int kid_is(const char *kid, size_t kid_len, const char *want) {
    return kid != NULL && kid_len == strlen(want) && memcmp(kid, want, kid_len) == 0;
}

/* ------------------------------------------------------------------------------------------ */

static void test_sizes(void) {
    static alignas(IDGATE_KEYSET_ALIGN) unsigned char mem[IDGATE_KEYSET_SIZE(3) + 64];
    CHECK(idgate_keyset_align() == IDGATE_KEYSET_ALIGN);
    CHECK(idgate_keyset_size_for(1) == IDGATE_KEYSET_SIZE(1));
    CHECK(idgate_keyset_size_for(15) == IDGATE_KEYSET_SIZE(15));
    CHECK(idgate_keyset_size_for(32) == IDGATE_KEYSET_SIZE(32));
    CHECK(idgate_keyset_size() == IDGATE_KEYSET_SIZE(IDGATE_KEYSET_DEFAULT_CAPACITY));
    CHECK(IDGATE_KEYSET_SIZE(2) - IDGATE_KEYSET_SIZE(1) == IDGATE_KEYSET_SLOT_SIZE);
    CHECK(idgate_keyset_size_for(SIZE_MAX) == 0);
    /* The capacity is as many keys as fit. */
    CHECK_STATUS(idgate_keyset_init(mem, IDGATE_KEYSET_SIZE(3)), IDGATE_OK);
    CHECK(idgate_keyset_capacity((idgate_keyset *)mem) == 3);
    CHECK_STATUS(idgate_keyset_init(mem, IDGATE_KEYSET_SIZE(3) - 1), IDGATE_OK);
    CHECK(idgate_keyset_capacity((idgate_keyset *)mem) == 2);
    CHECK_STATUS(idgate_keyset_init(mem, IDGATE_KEYSET_SIZE(1) - 1),
                 IDGATE_ERR_BUFFER_TOO_SMALL);
    CHECK_STATUS(idgate_keyset_init(mem, 0), IDGATE_ERR_BUFFER_TOO_SMALL);
    CHECK_STATUS(idgate_keyset_init(mem + 8, IDGATE_KEYSET_SIZE(3)), IDGATE_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(idgate_keyset_init(NULL, IDGATE_KEYSET_SIZE(3)), IDGATE_ERR_NULL_ARGUMENT);
    CHECK(idgate_keyset_capacity(NULL) == 0);
    /* Storage that was never initialised is refused, never read as a key set. */
    memset(mem, 0xA5, sizeof mem);
    CHECK(idgate_keyset_capacity((idgate_keyset *)mem) == 0);
    CHECK(idgate_keyset_skipped_count((idgate_keyset *)mem) == 0);
    CHECK_STATUS(parse_file((idgate_keyset *)mem, "set32.json", NULL, NULL),
                 IDGATE_ERR_INVALID_ARGUMENT);
}

static void test_paypal_shaped(void) {
    idgate_keyset *ks = new_keyset(15);
    idgate_keyset *small = new_keyset(IDGATE_KEYSET_DEFAULT_CAPACITY);
    size_t added = 0, skipped = 0, kid_len = 0;
    const char *kid = NULL;
    uint32_t reason = 0;
    if (ks == NULL || small == NULL) {
        return;
    }
    CHECK_STATUS(parse_file(ks, "paypal_shaped.json", &added, &skipped), IDGATE_OK);
    CHECK(added == 14 && skipped == 1);
    CHECK(idgate_keyset_len(ks) == 14);
    CHECK(idgate_keyset_skipped_count(ks) == 1);
    CHECK_STATUS(idgate_keyset_skipped(ks, 0, &kid, &kid_len, &reason), IDGATE_OK);
    CHECK(kid_is(kid, kid_len, "pp-x25519"));
    CHECK(reason == IDGATE_SKIP_NOT_FOR_SIGNATURE);
    CHECK(strcmp(idgate_skip_reason_str(reason), "not_for_signature") == 0);
    CHECK_STATUS(idgate_skip_reason_status(reason), IDGATE_ERR_KEY_MISMATCH);
    CHECK_STATUS(idgate_keyset_skipped(ks, 1, &kid, &kid_len, &reason),
                 IDGATE_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(idgate_keyset_skipped(ks, 0, NULL, NULL, NULL), IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_keyset_skipped(NULL, 0, NULL, NULL, &reason), IDGATE_ERR_NULL_ARGUMENT);
    /* Reloading replaces: the same document twice is still 14 keys. */
    CHECK_STATUS(parse_file(ks, "paypal_shaped.json", &added, &skipped), IDGATE_OK);
    CHECK(idgate_keyset_len(ks) == 14 && added == 14);
    /* 8 keys of storage cannot hold it: refused whole. */
    CHECK_STATUS(parse_file(small, "paypal_shaped.json", &added, &skipped),
                 IDGATE_ERR_KEY_SET_FULL);
    CHECK(idgate_keyset_len(small) == 0);
    free(ks);
    free(small);
}

static void test_reload(void) {
    idgate_keyset *ks = new_keyset(32);
    size_t added = 0, skipped = 0;
    static const uint8_t secret[32] = {1, 2, 3};
    static const char bad[] = "{\"keys\":[{\"kty\":\"oct\",\"k\":\"AAAA\"}]}";
    if (ks == NULL) {
        return;
    }
    CHECK_STATUS(parse_file(ks, "set32.json", &added, &skipped), IDGATE_OK);
    CHECK(added == 32 && skipped == 0 && idgate_keyset_len(ks) == 32);
    CHECK_STATUS(idgate_keyset_add_hmac(ks, secret, sizeof secret), IDGATE_ERR_KEY_SET_FULL);
    /* Rotation to another document: its keys only, and its skipped record. */
    CHECK_STATUS(parse_file(ks, "yahoo_shaped.json", &added, &skipped), IDGATE_OK);
    CHECK(added == 2 && skipped == 1 && idgate_keyset_len(ks) == 2);
    CHECK(idgate_keyset_skipped_count(ks) == 1);
    CHECK_STATUS(idgate_keyset_add_hmac(ks, secret, sizeof secret), IDGATE_OK);
    CHECK(idgate_keyset_len(ks) == 3);
    /* A document that cannot replace the keys leaves them as they were. */
    CHECK_STATUS(idgate_keyset_parse(ks, (const uint8_t *)bad, strlen(bad), &added, &skipped),
                 IDGATE_ERR_NO_USABLE_KEY);
    CHECK(idgate_keyset_len(ks) == 3 && idgate_keyset_skipped_count(ks) == 1);
    /* A JWKS inside the key set's own storage is refused. */
    CHECK_STATUS(idgate_keyset_parse(ks, (const uint8_t *)ks + 64, 16, NULL, NULL),
                 IDGATE_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(idgate_keyset_clear(ks), IDGATE_OK);
    CHECK(idgate_keyset_len(ks) == 0 && idgate_keyset_skipped_count(ks) == 0);
    free(ks);
}

static void test_tokens(void) {
    size_t doc_len = 0;
    unsigned char *doc_buf = keysets_file("tokens.json", &doc_len);
    span doc, cases, c, f, token;
    char issuer[128], client[128], name[64], expect[64], num[32];
    uint64_t now;
    idgate_keyset *paypal = new_keyset(15), *set32 = new_keyset(32),
                  *yahoo = new_keyset(IDGATE_KEYSET_DEFAULT_CAPACITY);
    int ran = 0, weak = 0, valid = 0;
    if (doc_buf == NULL || paypal == NULL || set32 == NULL || yahoo == NULL) {
        return;
    }
    CHECK_STATUS(parse_file(paypal, "paypal_shaped.json", NULL, NULL), IDGATE_OK);
    CHECK_STATUS(parse_file(set32, "set32.json", NULL, NULL), IDGATE_OK);
    CHECK_STATUS(parse_file(yahoo, "yahoo_shaped.json", NULL, NULL), IDGATE_OK);
    doc.p = (const char *)doc_buf;
    doc.n = doc_len;
    CHECK(json_member(doc, "issuer", &f) == 0);
    span_cstr(f, issuer, sizeof issuer);
    CHECK(json_member(doc, "client_id", &f) == 0);
    span_cstr(f, client, sizeof client);
    CHECK(json_member(doc, "now", &f) == 0);
    now = strtoull(span_cstr(f, num, sizeof num), NULL, 10);
    CHECK(json_member(doc, "cases", &cases) == 0);
    for (size_t i = 0; json_element(cases, i, &c) == 0; i++) {
        idgate_policy p;
        idgate_claims claims;
        idgate_keyset *ks;
        unsigned char *scratch;
        idgate_status st;
        CHECK(json_member(c, "jwks", &f) == 0);
        span_cstr(f, name, sizeof name);
        ks = strcmp(name, "paypal_shaped.json") == 0 ? paypal
             : strcmp(name, "set32.json") == 0       ? set32
                                                     : yahoo;
        CHECK(json_member(c, "expect", &f) == 0);
        span_cstr(f, expect, sizeof expect);
        valid += span_is(f, "valid");
        CHECK(json_member(c, "token", &token) == 0);
        CHECK_STATUS(idgate_policy_id_token(&p, issuer, strlen(issuer), client, strlen(client)),
                     IDGATE_OK);
        scratch = malloc(IDGATE_SCRATCH_LEN(token.n));
        CHECK(scratch != NULL);
        if (scratch == NULL) {
            continue;
        }
        st = idgate_verify(ks, &p, (const uint8_t *)token.p, token.n, now, scratch,
                           IDGATE_SCRATCH_LEN(token.n), &claims);
        /* "valid" is IDGATE_OK; refusals are named by their status code. */
        if (strcmp(st == IDGATE_OK ? "valid" : idgate_status_str(st), expect) != 0) {
            fprintf(stderr, "case %zu (%s): got %s, want %s\n", i, name, idgate_status_str(st),
                    expect);
            CHECK(!"expected outcome");
        }
        checks++;
        weak += st == IDGATE_ERR_WEAK_KEY;
        free(scratch);
        ran++;
    }
    CHECK(ran == 15 && valid == 11);
    /* Yahoo's weak key: refused as weak (never unknown_kid), and listed with its reason. */
    CHECK(weak == 1);
    {
        const char *kid = NULL;
        size_t kid_len = 0;
        uint32_t reason = 0;
        CHECK_STATUS(idgate_keyset_skipped(yahoo, 0, &kid, &kid_len, &reason), IDGATE_OK);
        CHECK(kid_is(kid, kid_len, "yh-weak-1024") && reason == IDGATE_SKIP_WEAK);
        CHECK_STATUS(idgate_skip_reason_status(reason), IDGATE_ERR_WEAK_KEY);
    }
    CHECK(strcmp(idgate_skip_reason_str(0), "unknown_reason") == 0);
    CHECK(strcmp(idgate_skip_reason_str(IDGATE_SKIP_KID_TOO_LONG), "kid_too_long") == 0);
    CHECK_STATUS(idgate_skip_reason_status(99), IDGATE_ERR_INVALID_ARGUMENT);
    free(doc_buf);
    free(paypal);
    free(set32);
    free(yahoo);
}

static void test_refetch_gate(void) {
    idgate_refetch_gate g;
    int fetches = 0;
    CHECK_STATUS(idgate_refetch_gate_init(NULL, 30, 600), IDGATE_ERR_NULL_ARGUMENT);
    CHECK_STATUS(idgate_refetch_gate_init(&g, IDGATE_REFETCH_DEFAULT_COOLDOWN,
                                          IDGATE_REFETCH_DEFAULT_MAX_AGE),
                 IDGATE_OK);
    CHECK(idgate_refetch_gate_refresh_due(&g, 1000)); /* no keys yet */
    CHECK_STATUS(idgate_refetch_gate_fetched(&g, 1000), IDGATE_OK);
    CHECK(!idgate_refetch_gate_refresh_due(&g, 1599));
    /* 10 000 tokens with random kids over 100 s: a refetch at 30, 60 and 90 s only. */
    for (uint64_t i = 0; i < 10000; i++) {
        fetches += idgate_refetch_gate_allow_unknown_kid(&g, 1000 + i / 100);
    }
    CHECK(fetches == 3);
    CHECK(idgate_refetch_gate_refresh_due(&g, 1600)); /* 600 s old, 510 s since a fetch */
    CHECK(!idgate_refetch_gate_refresh_due(&g, 1601)); /* that fetch failed: cooldown */
    CHECK(!idgate_refetch_gate_allow_unknown_kid(NULL, 0));
    CHECK(!idgate_refetch_gate_refresh_due(NULL, 0));
    CHECK_STATUS(idgate_refetch_gate_fetched(NULL, 0), IDGATE_ERR_NULL_ARGUMENT);
}

int main(int argc, char **argv) {
    snprintf(root, sizeof root, "%s", argc > 1 ? argv[1] : "..");
    test_sizes();
    test_paypal_shaped();
    test_reload();
    test_tokens();
    test_refetch_gate();
    printf("test_keysets: %d checks, %d failures\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
