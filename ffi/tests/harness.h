/*
 * The check counters and macros shared by the C tests (test-only, not part of the API): CHECK
 * a condition, CHECK_STATUS a call's status against the one wanted; each test prints its
 * counts and decides its exit status from them.
 */
#ifndef IDGATE_TEST_HARNESS_H
#define IDGATE_TEST_HARNESS_H

#include <stdio.h>

#include "idgate.h"

static int checks = 0;
static int failures = 0;

#define CHECK(cond)                                                                    \
    do {                                                                               \
        checks++;                                                                      \
        if (!(cond)) {                                                                 \
            failures++;                                                                \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                              \
    } while (0)

#define CHECK_STATUS(expr, want)                                                         \
    do {                                                                                 \
        idgate_status got_ = (expr);                                                     \
        checks++;                                                                        \
        if (got_ != (idgate_status)(want)) {                                             \
            failures++;                                                                  \
            fprintf(stderr, "%s:%d: %s: got %s (%u), want %s (%u)\n", __FILE__, __LINE__, \
                    #expr, idgate_status_str(got_), (unsigned)got_,                      \
                    idgate_status_str(want), (unsigned)(want));                          \
        }                                                                                \
    } while (0)

#endif
