/*
 * Cortex-M startup in C: the vector table, the reset handler (copy .data, zero .bss, enable
 * the FPU on a core that has one, call main, exit through semihosting with main's status), a
 * SysTick handler counting wraps for the instruction counter, and fault handlers that end the
 * run with a distinct status.
 */
#include <stdint.h>

#include "board.h"
#include "semihost.h"

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;
int main(void);

volatile uint32_t systick_wraps;

void Reset_Handler(void) __attribute__((noreturn));
void Reset_Handler(void) {
    uint32_t *src = &_sidata;
    for (uint32_t *dst = &_sdata; dst < &_edata;) *dst++ = *src++;
    for (uint32_t *dst = &_sbss; dst < &_ebss;) *dst++ = 0;
#if defined(__ARM_FP)
    /* CPACR: full access to CP10 and CP11 (the FPU), before any floating-point instruction. */
    *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
    sh_exit(main());
}

void SysTick_Handler(void) { systick_wraps++; }

static void fault(const char *name) {
    line_str("FAULT ");
    line_str(name);
    line_end();
    sh_exit(EXIT_FAULT);
}

void NMI_Handler(void) { fault("nmi"); }
void HardFault_Handler(void) { fault("hardfault"); }
void MemManage_Handler(void) { fault("memmanage"); }
void BusFault_Handler(void) { fault("busfault"); }
void UsageFault_Handler(void) { fault("usagefault"); }
void Default_Handler(void) { fault("unexpected exception"); }

typedef void (*vector)(void);

__attribute__((section(".isr_vector"), used)) const vector vector_table[16] = {
    (vector)(uintptr_t)&_estack, /* initial stack pointer: the end of RAM */
    Reset_Handler,
    NMI_Handler,
    HardFault_Handler,
    MemManage_Handler,
    BusFault_Handler,
    UsageFault_Handler,
    0,
    0,
    0,
    0,
    Default_Handler, /* SVCall */
    Default_Handler, /* DebugMonitor */
    0,
    Default_Handler, /* PendSV */
    SysTick_Handler,
};
