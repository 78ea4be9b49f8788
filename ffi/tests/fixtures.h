/*
 * Test-only helpers shared by the C tests: read a file, and walk the (trusted, regular) JSON
 * fixture files of tests/data without a JSON library. Not part of the API.
 *
 * The walker returns raw spans of the document: for a string value, the text between the
 * quotes (escapes NOT decoded, which the fixtures' tokens, names and file names never have);
 * for anything else, the raw JSON text of the value.
 */
#ifndef IDGATE_TEST_FIXTURES_H
#define IDGATE_TEST_FIXTURES_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct span {
    const char *p;
    size_t n;
} span;

/* Reads a whole file into a fresh malloc'd buffer (NUL-terminated for convenience). */
static int read_file(const char *path, unsigned char **out, size_t *out_len) {
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    size_t cap = 0, len = 0;
    if (f == NULL) {
        return -1;
    }
    for (;;) {
        if (len + 4096 + 1 > cap) {
            size_t ncap = cap ? cap * 2 : 65536;
            unsigned char *nbuf = realloc(buf, ncap);
            if (nbuf == NULL) {
                free(buf);
                fclose(f);
                return -1;
            }
            buf = nbuf;
            cap = ncap;
        }
        size_t got = fread(buf + len, 1, cap - len - 1, f);
        len += got;
        if (got == 0) {
            break;
        }
    }
    fclose(f);
    buf[len] = 0;
    *out = buf;
    *out_len = len;
    return 0;
}

static const char *json_ws(const char *p, const char *end) {
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) {
        p++;
    }
    return p;
}

/* p at an opening quote; returns the position after the closing quote, or NULL. */
static const char *json_skip_string(const char *p, const char *end) {
    for (p++; p < end; p++) {
        if (*p == '\\') {
            p++;
        } else if (*p == '"') {
            return p + 1;
        }
    }
    return NULL;
}

/* Returns the position after the value starting at p (after whitespace), or NULL. */
static const char *json_skip_value(const char *p, const char *end) {
    p = json_ws(p, end);
    if (p >= end) {
        return NULL;
    }
    if (*p == '"') {
        return json_skip_string(p, end);
    }
    if (*p == '{' || *p == '[') {
        int depth = 0;
        while (p < end) {
            if (*p == '"') {
                p = json_skip_string(p, end);
                if (p == NULL) {
                    return NULL;
                }
                continue;
            }
            if (*p == '{' || *p == '[') {
                depth++;
            } else if (*p == '}' || *p == ']') {
                if (--depth == 0) {
                    return p + 1;
                }
            }
            p++;
        }
        return NULL;
    }
    while (p < end && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\n') {
        p++;
    }
    return p;
}

static span json_value_span(const char *v, const char *v_end) {
    span s;
    if (*v == '"') {
        s.p = v + 1;
        s.n = (size_t)(v_end - v - 2);
    } else {
        s.p = v;
        s.n = (size_t)(v_end - v);
    }
    return s;
}

/* The member `key` of the object `obj`; returns 0 if found. */
static int json_member(span obj, const char *key, span *out) {
    const char *end = obj.p + obj.n;
    const char *p = json_ws(obj.p, end);
    size_t key_len = strlen(key);
    if (p >= end || *p != '{') {
        return -1;
    }
    p++;
    for (;;) {
        p = json_ws(p, end);
        if (p >= end || *p != '"') {
            return -1;
        }
        const char *k = p + 1;
        const char *k_end = json_skip_string(p, end);
        if (k_end == NULL) {
            return -1;
        }
        p = json_ws(k_end, end);
        if (p >= end || *p != ':') {
            return -1;
        }
        const char *v = json_ws(p + 1, end);
        const char *v_end = json_skip_value(v, end);
        if (v_end == NULL) {
            return -1;
        }
        if ((size_t)(k_end - 1 - k) == key_len && memcmp(k, key, key_len) == 0) {
            *out = json_value_span(v, v_end);
            return 0;
        }
        p = json_ws(v_end, end);
        if (p < end && *p == ',') {
            p++;
        } else {
            return -1;
        }
    }
}

/* Element `index` of the array `arr`; returns 0 if found. */
static int json_element(span arr, size_t index, span *out) {
    const char *end = arr.p + arr.n;
    const char *p = json_ws(arr.p, end);
    if (p >= end || *p != '[') {
        return -1;
    }
    p++;
    for (size_t i = 0;; i++) {
        const char *v = json_ws(p, end);
        if (v >= end || *v == ']') {
            return -1;
        }
        const char *v_end = json_skip_value(v, end);
        if (v_end == NULL) {
            return -1;
        }
        if (i == index) {
            *out = json_value_span(v, v_end);
            return 0;
        }
        p = json_ws(v_end, end);
        if (p < end && *p == ',') {
            p++;
        } else {
            return -1;
        }
    }
}

/* True if the span holds exactly the text s. */
static int span_is(span a, const char *s) {
    return a.n == strlen(s) && memcmp(a.p, s, a.n) == 0;
}

/* A span as a NUL-terminated string in buf (truncated to cap - 1 bytes). */
static const char *span_cstr(span a, char *buf, size_t cap) {
    size_t n = a.n < cap - 1 ? a.n : cap - 1;
    memcpy(buf, a.p, n);
    buf[n] = 0;
    return buf;
}

#endif /* IDGATE_TEST_FIXTURES_H */
