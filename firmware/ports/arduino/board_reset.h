/*
 * Restart and restart counting on Arduino boards (AVR, STM32, ESP32): the two things the
 * Arduino API lacks for /sys/reboot and SysInfo.boot_count.
 */
#ifndef NANORPC_ARDUINO_BOARD_RESET_H
#define NANORPC_ARDUINO_BOARD_RESET_H

#include <stdint.h>

/* Restarts since power-on: 0 after power-on, +1 after each board_system_reset(). Call once,
 * early in setup(); later calls return the same value. */
uint32_t board_boot_count(void);

/* Waits for Serial to finish sending, then resets the MCU; never returns. */
void board_system_reset(void) __attribute__((noreturn));

#endif
