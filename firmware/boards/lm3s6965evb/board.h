/*
 * Board layer of the Stellaris LM3S6965 evaluation board as QEMU emulates it (-M lm3s6965evb).
 *
 * Everything a port main needs and nothing more: a polled UART0, a millisecond clock from
 * SysTick, a boot counter that survives a software reset, and the reset itself. No interrupts
 * but SysTick, no heap, no libc calls.
 */
#ifndef BOARD_LM3S6965EVB_BOARD_H
#define BOARD_LM3S6965EVB_BOARD_H

#include <stddef.h>
#include <stdint.h>

/* Core clock after reset as QEMU models it: 200 MHz / (RCC.SYSDIV + 1) with SYSDIV = 15. */
#define BOARD_CORE_CLOCK_HZ 12500000u

/* Brings up UART0 (8N1, FIFOs on), the SysTick millisecond clock, and counts restarts. */
void board_init(void);

/* Blocks until every byte sits in the UART transmit FIFO. */
void board_uart_write(const uint8_t *data, size_t length);

/* Returns the next received byte (0..255), or -1 when the receive FIFO is empty. */
int board_uart_read_byte(void);

/* Milliseconds since board_init(); wraps after about 49 days. */
uint32_t board_millis(void);

/* Restarts since power-on: 0 after power-on, +1 after each board_system_reset(). Kept in RAM
 * that startup leaves alone (QEMU keeps RAM across a system reset). */
uint32_t board_boot_count(void);

/* Requests a system reset through SCB AIRCR (SYSRESETREQ); never returns. */
void board_system_reset(void) __attribute__((noreturn));

/* Parks the core forever; the fault vectors land here too, so a debugger finds it by name. */
void board_fault_handler(void) __attribute__((noreturn));

#endif
