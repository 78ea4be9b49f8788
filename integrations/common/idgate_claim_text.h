/*
 * idgate_claim_text.h - read claim values that idgate_claim_raw() hands out as raw JSON.
 *
 * Shared by the gateway modules in integrations/. idgate has already checked the claim set
 * (strict RFC 8259: valid UTF-8, no lone surrogates), yet every function here checks its
 * input again and fails cleanly on anything unexpected: it never reads past `len`, never
 * writes past `out_cap`, and allocates nothing.
 */

#ifndef IDGATE_CLAIM_TEXT_H
#define IDGATE_CLAIM_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "idgate.h"

/*
 * Decodes one JSON string literal (`json` starts and ends with its quotes, RFC 8259 §7) into
 * UTF-8 at `out`. The decoded text is never longer than the literal, so `out_cap == len` is
 * always enough. Returns 0 and sets *out_len on success; -1 if `json` is not exactly one
 * string literal (leading or trailing bytes, bad escape, lone surrogate, raw control
 * character) or `out` is too small. `out` is not NUL-terminated; it may contain U+0000 when
 * the literal has `\u0000` (see igw_has_control).
 */
int igw_json_string(const uint8_t *json, size_t len, char *out, size_t out_cap, size_t *out_len);

/* True if `s` holds a C0 control character (U+0000 to U+001F) or DEL (U+007F). */
bool igw_has_control(const char *s, size_t len);

/*
 * Walks the strings of a claim that is a JSON string or an array of strings: the string
 * itself, or each element in order.
 */
typedef struct igw_strings {
    const uint8_t *json;
    size_t len;
    size_t pos;
    int state; /* private */
} igw_strings;

/* Starts a walk. Returns 0, or -1 if `json` is neither a string nor an array. */
int igw_strings_begin(igw_strings *it, const uint8_t *json, size_t len);

/*
 * Gives the next string literal (with its quotes, ready for igw_json_string) in *lit and
 * *lit_len. Returns 1 for a string, 0 at the end, -1 if an element is not a string or the
 * array is malformed.
 */
int igw_strings_next(igw_strings *it, const uint8_t **lit, size_t *lit_len);

/*
 * Writes the detail of a refusal (idgate_verify_ex) as one line of text into out (NUL-
 * terminated, at most cap bytes, "" when there is nothing to say), e.g.
 *   claim aud: expected "api", found "web"
 *   segment payload, byte 42
 *   kid "rsa-2048", alg RS256
 *   claim exp: date 1767229200, now 1767232800
 * Values from the token are bounded (64 bytes each) and every byte outside printable ASCII,
 * a quote or a backslash is written as '?': safe for a log line. The token itself is never
 * written.
 */
void igw_detail_text(const idgate_detail *d, char *out, size_t cap);

#endif /* IDGATE_CLAIM_TEXT_H */
