/* The thermostat on QEMU's lm3s6965evb: NanoRPC over UART0, polled (board library
 * lm3s6965evb-board of this repository). */
#include <board.h>

#include "thermostat.h"

static int32_t uart_read(void *ctx, uint8_t *buffer, size_t capacity)
{
    (void)ctx;
    size_t count = 0;
    int byte;
    while (count < capacity && (byte = board_uart_read_byte()) >= 0) {
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

static const nanorpc_port_t uart_port = {
    .kind = NANORPC_LINK_SERIAL,
    .read = uart_read,
    .write = uart_write,
    .millis = uart_millis,
};

static nanorpc_device_t device;
static thermostat_t thermostat;

int main(void)
{
    board_init();
    if (!thermostat_init(&thermostat, &device) || nanorpc_device_open(&device, &uart_port) == 0) {
        board_fault_handler();
    }
    for (;;) {
        nanorpc_device_poll(&device);
    }
}
