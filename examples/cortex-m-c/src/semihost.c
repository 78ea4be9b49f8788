/* Semihosting calls and a fixed-size line buffer (see semihost.h). */
#include "semihost.h"

#define SYS_WRITE0 0x04
#define SYS_EXIT_EXTENDED 0x20
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

static uintptr_t semihost(uintptr_t op, const void *arg) {
    register uintptr_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void sh_puts(const char *s) { (void)semihost(SYS_WRITE0, s); }

void sh_exit(int status) {
    const uintptr_t block[2] = {ADP_STOPPED_APPLICATION_EXIT, (uintptr_t)status};
    for (;;) (void)semihost(SYS_EXIT_EXTENDED, block);
}

static char line[512];
static size_t line_len;

void line_strn(const char *s, size_t n) {
    for (size_t i = 0; i < n && line_len < sizeof line - 2; i++) line[line_len++] = s[i];
}

void line_str(const char *s) {
    while (*s != '\0' && line_len < sizeof line - 2) line[line_len++] = *s++;
}

void line_u64(uint64_t v) {
    char digits[20];
    size_t n = 0;
    do {
        digits[n++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0 && n < sizeof digits);
    while (n > 0) line_strn(&digits[--n], 1);
}

void line_end(void) {
    line[line_len++] = '\n';
    line[line_len] = '\0';
    sh_puts(line);
    line_len = 0;
}
