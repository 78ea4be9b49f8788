/*
 * Unit tests of idgate_claim_text.c (run by integrations/run-tests.sh under Valgrind and
 * under ASan + UBSan). Each case states the exact result.
 */

#include <stdio.h>
#include <string.h>

#include "idgate_claim_text.h"

static int failures;
static int passes;

#define CHECK(cond)                                                                   \
    do {                                                                              \
        if (cond) {                                                                   \
            passes++;                                                                 \
        } else {                                                                      \
            failures++;                                                               \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);  \
        }                                                                             \
    } while (0)

/* Decodes `lit` with a buffer of exactly strlen(lit) bytes and compares with want/want_len,
 * or expects -1 when want is NULL. */
static void decodes(const char *lit, const char *want, size_t want_len) {
    char out[256];
    size_t n = 12345;
    size_t len = strlen(lit);
    int r = igw_json_string((const uint8_t *)lit, len, out, len, &n);
    if (want == NULL) {
        CHECK(r == -1);
        CHECK(n == 12345); /* untouched on failure */
        return;
    }
    CHECK(r == 0);
    CHECK(n == want_len);
    CHECK(r == 0 && n == want_len && memcmp(out, want, want_len) == 0);
}

static void string_decoding(void) {
    decodes("\"\"", "", 0);
    decodes("\"device-1\"", "device-1", 8);
    decodes("\"a\\\"b\\\\c\\/d\"", "a\"b\\c/d", 7);
    decodes("\"\\b\\f\\n\\r\\t\"", "\b\f\n\r\t", 5);
    decodes("\"Jos\\u00e9\"", "Jos\xC3\xA9", 5);
    decodes("\"\\u20AC\"", "\xE2\x82\xAC", 3);
    decodes("\"\\ud83d\\ude00\"", "\xF0\x9F\x98\x80", 4); /* U+1F600, a surrogate pair */
    decodes("\"\\u0000\"", "\0", 1);
    decodes("\"raw \xC3\xA9\"", "raw \xC3\xA9", 6); /* UTF-8 bytes pass through */
    decodes("\"\\ud83d\"", NULL, 0);              /* lone high surrogate */
    decodes("\"\\ude00\"", NULL, 0);              /* lone low surrogate */
    decodes("\"\\ud83d\\u0041\"", NULL, 0);       /* high surrogate, then no low one */
    decodes("\"\\x41\"", NULL, 0);                /* unknown escape */
    decodes("\"\\u12G4\"", NULL, 0);              /* bad hex digit */
    decodes("\"\\u12\"", NULL, 0);                /* short \u escape */
    decodes("\"abc\\\"", NULL, 0);                /* the closing quote is escaped */
    decodes("\"a\"b\"", NULL, 0);                 /* two literals */
    decodes("\"tab\there\"", NULL, 0);            /* raw control character */
    decodes("\"", NULL, 0);
    decodes("abc", NULL, 0);
    decodes("12", NULL, 0);
    decodes(" \"a\"", NULL, 0);

    /* out too small by one byte */
    char out[4];
    size_t n = 99;
    CHECK(igw_json_string((const uint8_t *)"\"abcde\"", 7, out, 4, &n) == -1);
    CHECK(n == 99);
    CHECK(igw_json_string((const uint8_t *)"\"\\u20ac\"", 8, out, 2, &n) == -1);
    CHECK(igw_json_string((const uint8_t *)"\"\\u20ac\"", 8, out, 3, &n) == 0);
    CHECK(n == 3);
    CHECK(igw_json_string(NULL, 2, out, 4, &n) == -1);
}

static void control_detection(void) {
    CHECK(!igw_has_control("sensors/a", 9));
    CHECK(igw_has_control("a\r\nb", 4));
    CHECK(igw_has_control("a\0b", 3));
    CHECK(igw_has_control("\x7f", 1));
    CHECK(!igw_has_control("\xC3\xA9", 2));
}

/* Walks `json` and joins the decoded strings with '|' into got; returns the last
 * igw_strings_next result (0 = clean end), or -2 if igw_strings_begin refused. */
static int walk(const char *json, char *got, size_t cap) {
    igw_strings it;
    size_t used = 0;
    got[0] = '\0';
    if (igw_strings_begin(&it, (const uint8_t *)json, strlen(json)) != 0) {
        return -2;
    }
    for (int guard = 0; guard < 100; guard++) {
        const uint8_t *lit;
        size_t lit_len;
        int r = igw_strings_next(&it, &lit, &lit_len);
        if (r != 1) {
            return r;
        }
        char dec[64];
        size_t n;
        if (lit_len > sizeof dec || igw_json_string(lit, lit_len, dec, sizeof dec, &n) != 0 ||
            used + n + 2 > cap) {
            return -3;
        }
        if (used > 0) {
            got[used++] = '|';
        }
        memcpy(got + used, dec, n);
        used += n;
        got[used] = '\0';
    }
    return -4;
}

static void string_lists(void) {
    char got[256];
    CHECK(walk("\"sensors/#\"", got, sizeof got) == 0);
    CHECK(strcmp(got, "sensors/#") == 0);
    CHECK(walk("[\"a/+\", \"b/#\" ,\"c\"]", got, sizeof got) == 0);
    CHECK(strcmp(got, "a/+|b/#|c") == 0);
    CHECK(walk("[ ]", got, sizeof got) == 0);
    CHECK(strcmp(got, "") == 0);
    CHECK(walk("[\"a\\\"]\", \"x\"]", got, sizeof got) == 0); /* a quote and ']' inside */
    CHECK(strcmp(got, "a\"]|x") == 0);
    CHECK(walk("[1,2]", got, sizeof got) == -1);
    CHECK(walk("[\"a\",2]", got, sizeof got) == -1);
    CHECK(walk("[\"a\",]", got, sizeof got) == -1);
    CHECK(walk("[\"a\" \"b\"]", got, sizeof got) == -1);
    CHECK(walk("[\"a\"", got, sizeof got) == -1);
    CHECK(walk("[\"a\"] x", got, sizeof got) == -1);
    CHECK(walk("\"a\" x", got, sizeof got) == -1);
    CHECK(walk("\"unterminated", got, sizeof got) == -1);
    CHECK(walk("42", got, sizeof got) == -2);
    CHECK(walk("{\"a\":\"b\"}", got, sizeof got) == -2);
    CHECK(walk("", got, sizeof got) == -2);
}

int main(void) {
    string_decoding();
    control_detection();
    string_lists();
    printf("%d passed, %d failed\n", passes, failures);
    return failures == 0 ? 0 : 1;
}
