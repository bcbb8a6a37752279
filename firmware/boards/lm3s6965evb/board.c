/* Board bring-up, restart counter and system reset. */
#include "board.h"
#include "board_registers.h"

#define BOOT_MAGIC 0x4E52424Fu /* "NRBO": the counter below holds a value written by us */

/* Not zeroed by startup: survives SYSRESETREQ, holds garbage after power-on (hence the magic). */
static struct {
    uint32_t magic;
    uint32_t count;
} boot_record __attribute__((section(".noinit")));

void board_init(void)
{
    if (boot_record.magic == BOOT_MAGIC) {
        boot_record.count++;
    } else {
        boot_record.magic = BOOT_MAGIC;
        boot_record.count = 0;
    }
    board_uart_init();
    board_systick_init();
}

uint32_t board_boot_count(void)
{
    return boot_record.count;
}

void board_system_reset(void)
{
    board_uart_drain(); /* the answer to a reboot request must leave before the reset */
    __asm volatile("dsb" ::: "memory");
    SCB_AIRCR = SCB_AIRCR_SYSRESETREQ_KEYED;
    __asm volatile("dsb" ::: "memory");
    for (;;) {
    }
}
