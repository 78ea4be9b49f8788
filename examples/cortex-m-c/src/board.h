/* Exit statuses of the firmware, checked by run.sh. */
#ifndef BOARD_H
#define BOARD_H

#define EXIT_PASS 0     /* every check gave the expected outcome */
#define EXIT_MISMATCH 1 /* some check did not */
#define EXIT_SETUP 2    /* the key set could not be set up */
#define EXIT_PANIC 3    /* idgate panicked (a bug): our idgate_panic_hook ran */
#define EXIT_FAULT 4    /* a CPU fault */

#include <stdint.h>

/* SysTick wraps since the counter was started (startup.c). */
extern volatile uint32_t systick_wraps;

#endif
