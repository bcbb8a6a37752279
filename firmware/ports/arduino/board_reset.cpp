/*
 * The counter lives in RAM that the C runtime neither copies nor zeroes (.noinit, or RTC
 * memory on the ESP32) and survives a software reset; a magic word tells a kept value from
 * power-on garbage, and where the MCU reports the reset cause, power-on clears it as well.
 */
#include "board_reset.h"

#include <Arduino.h>

#if defined(ARDUINO_ARCH_AVR)
#include <avr/wdt.h>
#elif defined(ARDUINO_ARCH_ESP32)
#include <esp_attr.h>
#include <esp_system.h>
#elif !defined(ARDUINO_ARCH_STM32)
#error "board_reset.cpp: add the reset and no-init RAM of this architecture"
#endif

#define RESTART_MAGIC 0x4E52424Ful /* "NRBO" */

typedef struct restart_record {
    uint32_t magic;
    uint32_t count;
} restart_record_t;

#if defined(ARDUINO_ARCH_ESP32)
RTC_NOINIT_ATTR static restart_record_t record;
#else
static restart_record_t record __attribute__((section(".noinit")));
#endif

#if defined(ARDUINO_ARCH_AVR)
/* After a watchdog reset the watchdog stays armed (15 ms): disarm it before main() and the
 * Arduino init run, and keep the reset cause for board_boot_count(). */
static uint8_t reset_cause __attribute__((section(".noinit")));
void board_disarm_watchdog(void) __attribute__((naked, used, section(".init3")));
void board_disarm_watchdog(void)
{
    reset_cause = MCUSR;
    MCUSR = 0;
    wdt_disable();
}
#endif

static bool power_on(void)
{
#if defined(ARDUINO_ARCH_AVR)
    return (reset_cause & ((1 << PORF) | (1 << BORF))) != 0;
#elif defined(ARDUINO_ARCH_ESP32)
    return esp_reset_reason() == ESP_RST_POWERON;
#else
    return false; /* the magic word alone decides */
#endif
}

uint32_t board_boot_count(void)
{
    static bool counted;
    if (!counted) {
        counted = true;
        if (record.magic == RESTART_MAGIC && !power_on()) {
            record.count++;
        } else {
            record.magic = RESTART_MAGIC;
            record.count = 0;
        }
    }
    return record.count;
}

void board_system_reset(void)
{
    Serial.flush(); /* the /sys/reboot answer must leave before the reset */
#if defined(ARDUINO_ARCH_AVR)
    wdt_enable(WDTO_15MS);
    for (;;) {
    }
#elif defined(ARDUINO_ARCH_ESP32)
    ESP.restart();
    for (;;) {
    }
#else
    NVIC_SystemReset();
    for (;;) {
    }
#endif
}
