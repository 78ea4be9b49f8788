/*
 * Semihosting (ARM DUI 0471): the firmware's only I/O, through QEMU's
 * -semihosting-config enable=on,target=native. Nothing here allocates.
 */
#ifndef SEMIHOST_H
#define SEMIHOST_H

#include <stddef.h>
#include <stdint.h>

/* Writes a NUL-terminated string to the host's stdout (SYS_WRITE0). */
void sh_puts(const char *s);

/* Ends the QEMU run with exit status `status` (SYS_EXIT_EXTENDED). Never returns. */
void sh_exit(int status) __attribute__((noreturn));

/* A line assembled in a fixed buffer, written with sh_puts by line_end (truncated, never
 * overflowing, if longer than the buffer). */
void line_str(const char *s);
void line_strn(const char *s, size_t n);
void line_u64(uint64_t v);
void line_end(void);

#endif
