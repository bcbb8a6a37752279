/*
 * Vector table and reset handler: copy .data from flash, zero .bss, run main().
 * Faults park the core in a loop a debugger can find by name.
 */
#include <stdint.h>

#include "board.h"
#include "board_registers.h"

/* Linker script symbols; main() is the port's. */
extern uint32_t __data_start, __data_end, __data_load, __bss_start, __bss_end, __stack_top;
extern int main(void);

/* The copy loops must stay loops: as memcpy/memset calls they would drag in libc's versions. */
void board_reset_handler(void)
    __attribute__((noreturn, optimize("no-tree-loop-distribute-patterns")));

void board_reset_handler(void)
{
    const uint32_t *src = &__data_load;
    for (uint32_t *dst = &__data_start; dst < &__data_end;)
        *dst++ = *src++;
    for (uint32_t *dst = &__bss_start; dst < &__bss_end;)
        *dst++ = 0;
    main();
    for (;;) {
    }
}

void board_fault_handler(void)
{
    for (;;) {
    }
}

/* Cortex-M3: initial SP, then the 15 system exceptions; no external interrupt is used. */
__attribute__((section(".vectors"), used)) static void (*const vector_table[16])(void) = {
    (void (*)(void))&__stack_top,
    board_reset_handler,
    board_fault_handler, /* NMI */
    board_fault_handler, /* HardFault */
    board_fault_handler, /* MemManage */
    board_fault_handler, /* BusFault */
    board_fault_handler, /* UsageFault */
    0, 0, 0, 0,
    board_fault_handler, /* SVCall */
    board_fault_handler, /* DebugMonitor */
    0,
    board_fault_handler, /* PendSV */
    board_systick_handler,
};
