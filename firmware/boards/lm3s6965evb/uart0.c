/*
 * Polled driver for UART0 (a PL011 at 0x4000C000), pins PA0/PA1.
 * The FIFOs are switched on (LCRH.FEN): under QEMU that doubles pty throughput, and on silicon
 * it gives the main loop 16 bytes of slack between polls.
 */
#include "board.h"
#include "board_registers.h"

#define UART0_BAUD 115200u

void board_uart_init(void)
{
    SYSCTL_RCGC1 |= SYSCTL_RCGC1_UART0;
    SYSCTL_RCGC2 |= SYSCTL_RCGC2_GPIOA;
    GPIOA_AFSEL |= 0x3u;
    GPIOA_DEN |= 0x3u;

    UART0_CTL = 0;
    /* Divisor = clock / (16 * baud) in 16.6 fixed point, rounded. */
    const uint32_t div64 = (BOARD_CORE_CLOCK_HZ * 4u + UART0_BAUD / 2u) / UART0_BAUD;
    UART0_IBRD = div64 >> 6;
    UART0_FBRD = div64 & 0x3fu;
    UART0_LCRH = UART_LCRH_WLEN_8 | UART_LCRH_FEN; /* written after the divisors: it latches them */
    UART0_CTL = UART_CTL_UARTEN | UART_CTL_TXE | UART_CTL_RXE;
}

void board_uart_write(const uint8_t *data, size_t length)
{
    for (size_t i = 0; i < length; i++) {
        while (UART0_FR & UART_FR_TXFF) {
        }
        UART0_DR = data[i];
    }
}

int board_uart_read_byte(void)
{
    if (UART0_FR & UART_FR_RXFE)
        return -1;
    return (int)(UART0_DR & 0xffu); /* error flags in bits 8..11 are dropped: framing resyncs */
}

void board_uart_drain(void)
{
    while (UART0_FR & UART_FR_BUSY) {
    }
}
