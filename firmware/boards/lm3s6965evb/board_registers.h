/* The few LM3S6965 and Cortex-M3 registers this board layer touches (datasheet names). */
#ifndef BOARD_LM3S6965EVB_REGISTERS_H
#define BOARD_LM3S6965EVB_REGISTERS_H

#include <stdint.h>

#define BOARD_REG(addr) (*(volatile uint32_t *)(addr))

#define SYSCTL_RCGC1 BOARD_REG(0x400FE104u)
#define SYSCTL_RCGC1_UART0 (1u << 0)
#define SYSCTL_RCGC2 BOARD_REG(0x400FE108u)
#define SYSCTL_RCGC2_GPIOA (1u << 0)

#define GPIOA_AFSEL BOARD_REG(0x40004420u)
#define GPIOA_DEN BOARD_REG(0x4000451Cu)

#define UART0_DR BOARD_REG(0x4000C000u)
#define UART0_FR BOARD_REG(0x4000C018u)
#define UART_FR_BUSY (1u << 3)
#define UART_FR_RXFE (1u << 4)
#define UART_FR_TXFF (1u << 5)
#define UART0_IBRD BOARD_REG(0x4000C024u)
#define UART0_FBRD BOARD_REG(0x4000C028u)
#define UART0_LCRH BOARD_REG(0x4000C02Cu)
#define UART_LCRH_FEN (1u << 4)
#define UART_LCRH_WLEN_8 (3u << 5)
#define UART0_CTL BOARD_REG(0x4000C030u)
#define UART_CTL_UARTEN (1u << 0)
#define UART_CTL_TXE (1u << 8)
#define UART_CTL_RXE (1u << 9)

#define SYST_CSR BOARD_REG(0xE000E010u)
#define SYST_CSR_ENABLE (1u << 0)
#define SYST_CSR_TICKINT (1u << 1)
#define SYST_CSR_CLKSOURCE_CORE (1u << 2)
#define SYST_RVR BOARD_REG(0xE000E014u)
#define SYST_CVR BOARD_REG(0xE000E018u)

#define SCB_AIRCR BOARD_REG(0xE000ED0Cu)
#define SCB_AIRCR_SYSRESETREQ_KEYED 0x05FA0004u

/* Internal to the board layer: bring-up steps and the SysTick vector. */
void board_systick_handler(void);
void board_uart_init(void);
void board_uart_drain(void);
void board_systick_init(void);

#endif
