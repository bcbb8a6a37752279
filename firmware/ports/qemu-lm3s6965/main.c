/*
 * The demo device on QEMU's lm3s6965evb: NanoRPC over UART0, polled.
 *
 * The serial link resyncs by idle gap (the library's NANORPC_SERIAL_IDLE_GAP_MS) on the
 * SysTick millisecond clock; /sys/reboot resets the core through SCB AIRCR once its answer has
 * left the UART, and the same pty serves the restarted firmware.
 */
#include "board.h"
#include "demo_app.h"
#include "nanorpc/device.h"

static int32_t uart_read(void *ctx, uint8_t *buffer, size_t capacity)
{
    (void)ctx;
    size_t count = 0;
    while (count < capacity) {
        const int byte = board_uart_read_byte();
        if (byte < 0)
            break;
        buffer[count++] = (uint8_t)byte;
    }
    return (int32_t)count;
}

static bool uart_write(void *ctx, const uint8_t *bytes, size_t length)
{
    (void)ctx;
    board_uart_write(bytes, length);
    return true;
}

static uint32_t uart_millis(void *ctx)
{
    (void)ctx;
    return board_millis();
}

static void uart_reset(void *ctx)
{
    (void)ctx;
    board_system_reset();
}

static const nanorpc_port_t uart_port = {
    .kind = NANORPC_LINK_SERIAL,
    .ctx = 0,
    .read = uart_read,
    .write = uart_write,
    .millis = uart_millis,
    .reset = uart_reset,
    .closed = 0,
};

static nanorpc_device_t device;
static demo_app_t app;

int main(void)
{
    board_init();
    if (!demo_app_init(&app, &device, board_boot_count(), board_millis()) ||
        nanorpc_device_open(&device, &uart_port) == 0) {
        board_fault_handler(); /* a broken handler table: nothing sensible to serve */
    }
    for (;;) {
        nanorpc_device_poll(&device);
    }
}
