/*
 * The demo device on an Arduino board: NanoRPC over `Serial` (115200 8N1), polled from loop().
 *
 * Serial resync by idle gap uses millis(); /sys/reboot resets the MCU once its answer has been
 * sent. Connect with serial:///dev/ttyACM0?baud=115200 (on an Uno, opening the port resets
 * the board through DTR: wait for the bootloader before the first request).
 */
#include <Arduino.h>

#include "board_reset.h"
#include "demo_app.h"
#include "nanorpc/device.h"

#ifndef NANORPC_SERIAL_BAUD
#define NANORPC_SERIAL_BAUD 115200
#endif

static int32_t serial_read(void *ctx, uint8_t *buffer, size_t capacity)
{
    (void)ctx;
    size_t count = 0;
    while (count < capacity && Serial.available() > 0) {
        buffer[count++] = (uint8_t)Serial.read();
    }
    return (int32_t)count;
}

static bool serial_write(void *ctx, const uint8_t *bytes, size_t length)
{
    (void)ctx;
    return Serial.write(bytes, length) == length;
}

static uint32_t serial_millis(void *ctx)
{
    (void)ctx;
    return (uint32_t)millis();
}

static void serial_reset(void *ctx)
{
    (void)ctx;
    board_system_reset();
}

static const nanorpc_port_t serial_port = {
    NANORPC_LINK_SERIAL, NULL, serial_read, serial_write, serial_millis, serial_reset, NULL,
};

static nanorpc_device_t device;
static demo_app_t app;

void setup()
{
    const uint32_t boot_count = board_boot_count();
    Serial.begin(NANORPC_SERIAL_BAUD);
    if (!demo_app_init(&app, &device, boot_count, (uint32_t)millis()) ||
        nanorpc_device_open(&device, &serial_port) == NULL) {
        for (;;) {
            /* a broken handler table: nothing sensible to serve */
        }
    }
}

void loop()
{
    nanorpc_device_poll(&device);
}
