/*
 * idgate_claim_text.c - see idgate_claim_text.h.
 */

#include "idgate_claim_text.h"

#include <stdarg.h>
#include <stdio.h>

#define IGW_WALK_SINGLE 0 /* a lone string, not yet given */
#define IGW_WALK_ARRAY 1  /* inside an array, before an element or ']' */
#define IGW_WALK_DONE 2

static bool is_ws(uint8_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int hex4(const uint8_t *p, uint32_t *out) {
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        uint8_t c = p[i];
        uint32_t d;
        if (c >= '0' && c <= '9') {
            d = (uint32_t)(c - '0');
        } else if (c >= 'a' && c <= 'f') {
            d = (uint32_t)(c - 'a' + 10);
        } else if (c >= 'A' && c <= 'F') {
            d = (uint32_t)(c - 'A' + 10);
        } else {
            return -1;
        }
        v = (v << 4) | d;
    }
    *out = v;
    return 0;
}

/* Appends code point `cp` as UTF-8; -1 if there is no room. */
static int put_utf8(uint32_t cp, char *out, size_t cap, size_t *n) {
    uint8_t b[4];
    size_t k;
    if (cp < 0x80) {
        b[0] = (uint8_t)cp;
        k = 1;
    } else if (cp < 0x800) {
        b[0] = (uint8_t)(0xC0 | (cp >> 6));
        b[1] = (uint8_t)(0x80 | (cp & 0x3F));
        k = 2;
    } else if (cp < 0x10000) {
        b[0] = (uint8_t)(0xE0 | (cp >> 12));
        b[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (uint8_t)(0x80 | (cp & 0x3F));
        k = 3;
    } else {
        b[0] = (uint8_t)(0xF0 | (cp >> 18));
        b[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (uint8_t)(0x80 | (cp & 0x3F));
        k = 4;
    }
    if (cap - *n < k) {
        return -1;
    }
    for (size_t i = 0; i < k; i++) {
        out[*n + i] = (char)b[i];
    }
    *n += k;
    return 0;
}

int igw_json_string(const uint8_t *json, size_t len, char *out, size_t out_cap, size_t *out_len) {
    if (json == NULL || out_len == NULL || (out == NULL && out_cap != 0) || len < 2 ||
        json[0] != '"' || json[len - 1] != '"') {
        return -1;
    }
    size_t i = 1;
    size_t end = len - 1; /* the closing quote */
    size_t n = 0;
    while (i < end) {
        uint8_t c = json[i];
        if (c == '"' || c < 0x20) {
            return -1; /* an unescaped quote before the end, or a raw control character */
        }
        if (c != '\\') {
            if (n == out_cap) {
                return -1;
            }
            out[n++] = (char)c;
            i++;
            continue;
        }
        if (end - i < 2) {
            return -1; /* a backslash right before the closing quote escapes it */
        }
        uint8_t e = json[i + 1];
        uint32_t cp;
        switch (e) {
        case '"': cp = '"'; break;
        case '\\': cp = '\\'; break;
        case '/': cp = '/'; break;
        case 'b': cp = 0x08; break;
        case 'f': cp = 0x0C; break;
        case 'n': cp = 0x0A; break;
        case 'r': cp = 0x0D; break;
        case 't': cp = 0x09; break;
        case 'u':
            if (end - i < 6 || hex4(json + i + 2, &cp) != 0) {
                return -1;
            }
            if (cp >= 0xDC00 && cp <= 0xDFFF) {
                return -1; /* a low surrogate with no high one before it */
            }
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                uint32_t lo;
                if (end - i < 12 || json[i + 6] != '\\' || json[i + 7] != 'u' ||
                    hex4(json + i + 8, &lo) != 0 || lo < 0xDC00 || lo > 0xDFFF) {
                    return -1; /* a high surrogate must be followed by a low one */
                }
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i += 6;
            }
            i += 4;
            break;
        default:
            return -1;
        }
        if (put_utf8(cp, out, out_cap, &n) != 0) {
            return -1;
        }
        i += 2;
    }
    *out_len = n;
    return 0;
}

bool igw_has_control(const char *s, size_t len) {
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F) {
            return true;
        }
    }
    return false;
}

/* Index one past the string literal that starts at `start` (a quote), or 0 if it is not
 * closed within `len`. */
static size_t literal_end(const uint8_t *json, size_t len, size_t start) {
    size_t i = start + 1;
    while (i < len) {
        if (json[i] == '\\') {
            i += 2;
        } else if (json[i] == '"') {
            return i + 1;
        } else {
            i++;
        }
    }
    return 0;
}

static size_t skip_ws(const uint8_t *json, size_t len, size_t i) {
    while (i < len && is_ws(json[i])) {
        i++;
    }
    return i;
}

int igw_strings_begin(igw_strings *it, const uint8_t *json, size_t len) {
    if (it == NULL || json == NULL) {
        return -1;
    }
    size_t i = skip_ws(json, len, 0);
    if (i == len || (json[i] != '"' && json[i] != '[')) {
        return -1;
    }
    it->json = json;
    it->len = len;
    it->pos = json[i] == '[' ? i + 1 : i;
    it->state = json[i] == '[' ? IGW_WALK_ARRAY : IGW_WALK_SINGLE;
    return 0;
}

int igw_strings_next(igw_strings *it, const uint8_t **lit, size_t *lit_len) {
    if (it == NULL || lit == NULL || lit_len == NULL) {
        return -1;
    }
    const uint8_t *json = it->json;
    size_t len = it->len;
    size_t i = skip_ws(json, len, it->pos);
    if (it->state == IGW_WALK_DONE) {
        return 0;
    }
    if (it->state == IGW_WALK_SINGLE) {
        size_t end = literal_end(json, len, i);
        if (end == 0 || skip_ws(json, len, end) != len) {
            it->state = IGW_WALK_DONE;
            return -1;
        }
        it->state = IGW_WALK_DONE;
        *lit = json + i;
        *lit_len = end - i;
        return 1;
    }
    /* In an array: an element, then ',' or ']'. */
    if (i < len && json[i] == ']') {
        it->state = IGW_WALK_DONE;
        return skip_ws(json, len, i + 1) == len ? 0 : -1;
    }
    if (i == len || json[i] != '"') {
        it->state = IGW_WALK_DONE;
        return -1;
    }
    size_t end = literal_end(json, len, i);
    if (end == 0) {
        it->state = IGW_WALK_DONE;
        return -1;
    }
    size_t after = skip_ws(json, len, end);
    if (after < len && json[after] == ',') {
        size_t next = skip_ws(json, len, after + 1);
        if (next == len || json[next] != '"') {
            it->state = IGW_WALK_DONE;
            return -1; /* "[\"a\",]" or a non-string element next */
        }
        it->pos = next;
    } else if (after < len && json[after] == ']') {
        it->pos = after; /* the next call sees ']' and ends */
    } else {
        it->state = IGW_WALK_DONE;
        return -1;
    }
    *lit = json + i;
    *lit_len = end - i;
    return 1;
}

/* Appends printf-style text to out[*n..cap). */
static void put(char *out, size_t cap, size_t *n, const char *fmt, ...) {
    if (*n >= cap) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(out + *n, cap - *n, fmt, ap);
    va_end(ap);
    if (w > 0) {
        *n += (size_t)w < cap - *n ? (size_t)w : cap - *n - 1;
    }
}

/* Appends a quoted, sanitised, bounded view. */
static void put_str(char *out, size_t cap, size_t *n, idgate_str s) {
    char buf[64 + 4];
    size_t len = s.len < 64 ? s.len : 64;
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s.ptr[i];
        buf[k++] = (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') ? (char)c : '?';
    }
    if (s.len > 64) {
        buf[k++] = '.';
        buf[k++] = '.';
    }
    buf[k] = '\0';
    put(out, cap, n, "\"%s\"", buf);
}

void igw_detail_text(const idgate_detail *d, char *out, size_t cap) {
    static const char *const segments[] = {"", "header", "payload", "signature"};
    size_t n = 0;
    if (cap == 0) {
        return;
    }
    out[0] = '\0';
    const char *sep = "";
    if (d->segment >= 1 && d->segment <= 3) {
        put(out, cap, &n, "segment %s", segments[d->segment]);
        if (d->has_offset) {
            put(out, cap, &n, ", byte %zu", d->offset);
        }
        sep = "; ";
    }
    if (d->kid.ptr != NULL || d->alg.ptr != NULL) {
        put(out, cap, &n, "%s", sep);
        if (d->kid.ptr != NULL) {
            put(out, cap, &n, "kid ");
            put_str(out, cap, &n, d->kid);
            put(out, cap, &n, "%s", d->alg.ptr != NULL ? ", " : "");
        }
        if (d->alg.ptr != NULL) {
            put(out, cap, &n, "alg %.*s", (int)(d->alg.len < 16 ? d->alg.len : 16), d->alg.ptr);
        }
        sep = "; ";
    }
    if (d->claim.ptr != NULL) {
        put(out, cap, &n, "%sclaim ", sep);
        put_str(out, cap, &n, d->claim);
        if (d->expected.ptr != NULL || d->found.ptr != NULL) {
            put(out, cap, &n, ": expected ");
            if (d->expected.ptr != NULL) {
                put_str(out, cap, &n, d->expected);
            } else {
                put(out, cap, &n, "-");
            }
            put(out, cap, &n, ", found ");
            if (d->found.ptr != NULL) {
                put_str(out, cap, &n, d->found);
            } else {
                put(out, cap, &n, "-");
            }
        }
        if (d->has_date) {
            put(out, cap, &n, ": date %llu, now %llu", (unsigned long long)d->date,
                (unsigned long long)d->now);
        }
    }
}
