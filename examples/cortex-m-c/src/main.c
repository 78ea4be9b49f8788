/*
 * idgate from C on a Cortex-M, with no heap: loads the bundled JWKS into a key set in static
 * storage, verifies an RS256-2048 and an ES256 OIDC ID token with the ID-token policy, prints
 * their claims, checks that a tampered token is refused as bad_signature and an expired one as
 * expired, and that bad arguments give a status (never a fault). Each verify runs on freshly
 * painted stack and between SysTick readings, so the run prints its stack high-water mark and
 * an instruction count (deterministic under QEMU -icount shift=0).
 *
 * Output lines read by run.sh:
 *   INFO ...                          what was set up
 *   CLAIMS <alg> <name>=<value> ...   the claims of a valid token
 *   CASE <name> got=<code> want=<code> OK|MISMATCH [stack=<bytes> insns=<count>]
 *   CALIBRATION ...                   instructions per SysTick tick
 *   RESULT PASS|FAIL checks=<n> failures=<n>
 * Exit status: see board.h.
 */
#include <stdalign.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "board.h"
#include "fixtures.h"
#include "idgate.h"
#include "semihost.h"

/* Key-set storage: the capacity follows it (idgate_keyset_capacity() after init); on this
 * target idgate_keyset_size_for(n) is 568 + 1192 * n bytes for the RSA + ES256 build, so 10 KiB
 * holds 8 keys (the header's IDGATE_KEYSET_SIZE(n) is for 64-bit hosts with every algorithm). */
#define KEYSET_STORAGE 10240
#define MAX_TOKEN 2048
/* `exp` of the fixtures' ID tokens is now + 3600: past it and the 60 s leeway. */
#define LATER (FIXTURE_NOW + 7200u)

static alignas(16) unsigned char keyset_mem[KEYSET_STORAGE];
static unsigned char scratch[IDGATE_SCRATCH_LEN(MAX_TOKEN)];
static unsigned char tampered[MAX_TOKEN];
static idgate_claims claims;
static idgate_policy policy;

static unsigned checks, failures;

/* ---------------------------------------------------------------------------------------- */
/* SysTick as an instruction counter                                                        */

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
#define SYST_RELOAD 0x00FFFFFFu

static void timer_start(void) {
    SYST_CSR = 0;
    SYST_RVR = SYST_RELOAD;
    SYST_CVR = 0;
    systick_wraps = 0;
    SYST_CSR = 7u; /* processor clock, interrupt on wrap (counted), enabled */
}

/* Ticks since timer_start. */
static uint64_t timer_stop(void) {
    uint32_t wraps, now;
    do { /* a wrap between the two reads would pair a new count with an old one */
        wraps = systick_wraps;
        now = SYST_CVR;
    } while (wraps != systick_wraps);
    SYST_CSR = 0;
    return (uint64_t)wraps * (SYST_RELOAD + 1u) + (SYST_RELOAD - now);
}

/* Exactly 2 * n instructions (subs, bne) for n >= 1. */
__attribute__((noinline)) static void spin(uint32_t n) {
    __asm__ volatile("1: subs %0, %0, #1\n\tbne 1b" : "+r"(n) : : "cc");
}

static uint64_t cal_insns = 1, cal_ticks = 1;

static void calibrate(void) {
    const uint32_t n = 4000000u;
    timer_start();
    spin(n);
    uint64_t ticks = timer_stop();
    cal_insns = 2ull * n;
    cal_ticks = ticks ? ticks : 1;
    line_str("CALIBRATION spin=");
    line_u64(cal_insns);
    line_str(" insns ticks=");
    line_u64(cal_ticks);
    line_str(" insns_per_tick=");
    line_u64(cal_insns / cal_ticks);
    line_end();
}

/* ---------------------------------------------------------------------------------------- */
/* Stack painting: the stack grows down from the end of RAM towards _ebss (no heap).         */

#define PAINT 0xCCCCCCCCu
#define PAINT_MARGIN 256u /* left unpainted below the measuring frame */

extern uint32_t _ebss;

static inline uintptr_t stack_pointer(void) {
    uintptr_t sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    return sp;
}

typedef idgate_status (*call)(const void *arg);

struct figures {
    uint32_t stack;
    uint64_t insns;
};

/* Runs `f(arg)` on freshly painted stack; returns its status, its stack high-water mark (bytes
 * below this frame) and its instruction count. */
__attribute__((noinline)) static idgate_status measure(call f, const void *arg,
                                                       struct figures *fig) {
    uintptr_t sp = stack_pointer();
    uint32_t *bottom = &_ebss;
    uint32_t *top = (uint32_t *)((sp - PAINT_MARGIN) & ~(uintptr_t)3);
    for (volatile uint32_t *p = bottom; p < top; p++) *p = PAINT;
    timer_start();
    idgate_status st = f(arg);
    uint64_t ticks = timer_stop();
    uint32_t *p = bottom;
    while (p < top && *(volatile uint32_t *)p == PAINT) p++;
    if (p == bottom) {
        line_str("WARNING the stack reached the end of .bss");
        line_end();
    }
    fig->stack = (uint32_t)(sp - (uintptr_t)p);
    fig->insns = ticks * cal_insns / cal_ticks;
    return st;
}

/* ---------------------------------------------------------------------------------------- */
/* Checks                                                                                   */

static void report(const char *name, idgate_status got, idgate_status want,
                   const struct figures *fig) {
    checks++;
    bool ok = got == want;
    if (!ok) failures++;
    line_str("CASE ");
    line_str(name);
    line_str(" got=");
    line_str(idgate_status_str(got));
    line_str(" want=");
    line_str(idgate_status_str(want));
    line_str(ok ? " OK" : " MISMATCH");
    if (fig != NULL) {
        line_str(" stack=");
        line_u64(fig->stack);
        line_str(" insns=");
        line_u64(fig->insns);
    }
    line_end();
}

struct verify_args {
    const idgate_keyset *ks;
    const unsigned char *token;
    size_t token_len;
    uint64_t now;
};

static idgate_status verify_call(const void *arg) {
    const struct verify_args *a = arg;
    return idgate_verify(a->ks, &policy, a->token, a->token_len, a->now, scratch, sizeof scratch,
                         &claims);
}

static void claim(const char *name, idgate_str s) {
    line_str(" ");
    line_str(name);
    line_str("=");
    if (s.ptr == NULL)
        line_str("(absent)");
    else
        line_strn(s.ptr, s.len);
}

static void print_claims(const char *alg) {
    line_str("CLAIMS ");
    line_str(alg);
    claim("alg", claims.alg);
    claim("kid", claims.kid);
    claim("iss", claims.iss);
    claim("sub", claims.sub);
    for (size_t i = 0; i < claims.aud_count; i++) {
        idgate_str aud;
        if (idgate_claims_aud(&claims, i, &aud) == IDGATE_OK) claim("aud", aud);
    }
    claim("nonce", claims.nonce);
    line_str(" iat=");
    line_u64(claims.has_iat ? claims.iat : 0);
    line_str(" exp=");
    line_u64(claims.has_exp ? claims.exp : 0);
    line_end();
}

static bool str_is(idgate_str s, const char *want) {
    return s.ptr != NULL && s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0;
}

static void with_suffix(char *out, size_t cap, const char *alg, const char *suffix) {
    size_t n = 0;
    for (; *alg != '\0' && n + 1 < cap; alg++) out[n++] = *alg;
    for (; *suffix != '\0' && n + 1 < cap; suffix++) out[n++] = *suffix;
    out[n] = '\0';
}

/* The valid token (and its claims), the same token with one signature character changed, and
 * the valid token verified past its exp. */
static void token_cases(const idgate_keyset *ks, const char *alg, const char *token) {
    char name[48];
    struct figures fig;
    size_t len = strlen(token);
    struct verify_args args = {ks, (const unsigned char *)token, len, FIXTURE_NOW};

    with_suffix(name, sizeof name, alg, "_valid");
    idgate_status st = measure(verify_call, &args, &fig);
    if (st == IDGATE_OK) {
        print_claims(alg);
        /* The claims must be the fixtures' (a valid status with other claims is a failure). */
        if (!str_is(claims.sub, "user-42") || !str_is(claims.nonce, FIXTURE_NONCE) ||
            !str_is(claims.iss, FIXTURE_ISSUER) || !str_is(claims.aud, FIXTURE_CLIENT_ID))
            st = IDGATE_ERR_INVALID_ARGUMENT;
    }
    report(name, st, IDGATE_OK, &fig);

    /* A character well inside the signature (not the last, whose trailing bits may not
     * matter), changed to another base64url character. */
    const char *dot = NULL;
    for (const char *c = token; *c != '\0'; c++)
        if (*c == '.') dot = c;
    if (len > sizeof tampered || dot == NULL || (size_t)(token + len - dot) < 8) {
        report("tampered_setup", IDGATE_ERR_INVALID_ARGUMENT, IDGATE_OK, NULL);
        return;
    }
    memcpy(tampered, token, len);
    size_t at = (size_t)(dot - token) + 4;
    tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
    args.token = tampered;
    with_suffix(name, sizeof name, alg, "_tampered");
    report(name, measure(verify_call, &args, &fig), IDGATE_ERR_BAD_SIGNATURE, &fig);

    args.token = (const unsigned char *)token;
    args.now = LATER;
    with_suffix(name, sizeof name, alg, "_expired");
    report(name, measure(verify_call, &args, &fig), IDGATE_ERR_EXPIRED, &fig);
}

/* Bad arguments from C give a status on the device build too. */
static void bad_input_cases(const idgate_keyset *ks) {
    const unsigned char *tok = (const unsigned char *)FIXTURE_ES256;
    size_t len = strlen(FIXTURE_ES256);
    report("null_token",
           idgate_verify(ks, &policy, NULL, len, FIXTURE_NOW, scratch, sizeof scratch, &claims),
           IDGATE_ERR_NULL_ARGUMENT, NULL);
    report("short_scratch",
           idgate_verify(ks, &policy, tok, len, FIXTURE_NOW, scratch, 16, &claims),
           IDGATE_ERR_BUFFER_TOO_SMALL, NULL);
    report("token_in_scratch",
           idgate_verify(ks, &policy, scratch + 8, 64, FIXTURE_NOW, scratch, sizeof scratch,
                         &claims),
           IDGATE_ERR_INVALID_ARGUMENT, NULL);
    report("too_large",
           idgate_verify(ks, &policy, tok, IDGATE_MAX_TOKEN_LEN + 1, FIXTURE_NOW, scratch,
                         sizeof scratch, &claims),
           IDGATE_ERR_TOO_LARGE, NULL);
    /* tampered[] has never held a key set: uninitialised storage is refused, not misread. */
    memset(tampered, 0xA5, sizeof tampered);
    report("uninitialised_keyset",
           idgate_verify((const idgate_keyset *)(void *)tampered, &policy, tok, len,
                         FIXTURE_NOW, scratch, sizeof scratch, &claims),
           IDGATE_ERR_INVALID_ARGUMENT, NULL);
    report("misaligned_keyset_init",
           idgate_keyset_init(keyset_mem + 1, sizeof keyset_mem - 1),
           IDGATE_ERR_INVALID_ARGUMENT, NULL);
    report("garbage_jwks",
           idgate_keyset_parse((idgate_keyset *)(void *)keyset_mem,
                               (const uint8_t *)"{\"keys\":[", 9, NULL, NULL),
           IDGATE_ERR_MALFORMED, NULL);
}

#ifndef KEEP_DEFAULT_PANIC_HOOK /* run.sh also links a variant with the library's default */
/* Replaces the library's weak default (a trap; declared in idgate.h): a panic in idgate would
 * be a bug; report where and end the run. Must not return and must not call into idgate. */
void idgate_panic_hook(const char *file, size_t file_len, uint32_t line) {
    line_str("PANIC in idgate at ");
    line_strn(file, file_len);
    line_str(":");
    line_u64(line);
    line_end();
    sh_exit(EXIT_PANIC);
}
#endif

int main(void) {
#ifdef KEEP_DEFAULT_PANIC_HOOK
    /* The variant with the library's default hook checks that the default traps: this call
     * must end in the HardFault handler (exit status EXIT_FAULT), never come back. */
    line_str("INFO calling the library's default idgate_panic_hook");
    line_end();
    idgate_panic_hook(__FILE__, sizeof __FILE__ - 1, __LINE__);
    line_str("RESULT FAIL the default idgate_panic_hook returned");
    line_end();
    return EXIT_MISMATCH;
#endif
    line_str("INFO idgate ");
    line_str(idgate_version());
    line_str(" from C, keyset_size=");
    line_u64(idgate_keyset_size());
    line_str(" keyset_align=");
    line_u64(idgate_keyset_align());
    line_str(" scratch=");
    line_u64(sizeof scratch);
    line_end();

    idgate_keyset *ks = (idgate_keyset *)(void *)keyset_mem;
    size_t added = 0, skipped = 0;
    idgate_status st = idgate_keyset_init(keyset_mem, sizeof keyset_mem);
    if (st == IDGATE_OK)
        st = idgate_keyset_parse(ks, (const uint8_t *)FIXTURE_JWKS, strlen(FIXTURE_JWKS), &added,
                                 &skipped);
    line_str("INFO jwks: ");
    line_str(idgate_status_str(st));
    line_str(" added=");
    line_u64(added);
    line_str(" skipped=");
    line_u64(skipped);
    line_end();
    /* This build verifies RSA and P-256 only: 3 RSA keys + 1 EC key; P-384, P-521 and Ed25519
     * are skipped. */
    if (st != IDGATE_OK || added != 4 || skipped != FIXTURE_JWKS_KEYS - 4) {
        line_str("RESULT FAIL jwks");
        line_end();
        return EXIT_SETUP;
    }

    st = idgate_policy_id_token(&policy, FIXTURE_ISSUER, strlen(FIXTURE_ISSUER),
                                FIXTURE_CLIENT_ID, strlen(FIXTURE_CLIENT_ID));
    policy.nonce = (idgate_str){FIXTURE_NONCE, strlen(FIXTURE_NONCE)};
    report("policy", st, IDGATE_OK, NULL);

    calibrate();
    token_cases(ks, "rs256_2048", FIXTURE_RS256_2048);
    token_cases(ks, "es256", FIXTURE_ES256);
    bad_input_cases(ks);

    line_str(failures == 0 ? "RESULT PASS" : "RESULT FAIL");
    line_str(" checks=");
    line_u64(checks);
    line_str(" failures=");
    line_u64(failures);
    line_end();
    return failures == 0 ? EXIT_PASS : EXIT_MISMATCH;
}
