/*
 * Board probe image: proves the board layer under QEMU before any NanoRPC code runs.
 * Every byte is echoed, except three commands answered with a tag and a little-endian word:
 *   0x01 -> 'T' millis    0x02 -> 'B' boot count    0x03 -> 'R' boot count, then a system reset
 */
#include "board.h"

static void reply(uint8_t tag, uint32_t value)
{
    const uint8_t bytes[5] = {tag, (uint8_t)value, (uint8_t)(value >> 8), (uint8_t)(value >> 16),
                              (uint8_t)(value >> 24)};
    board_uart_write(bytes, sizeof bytes);
}

int main(void)
{
    board_init();
    for (;;) {
        const int c = board_uart_read_byte();
        if (c < 0)
            continue;
        switch (c) {
        case 0x01:
            reply('T', board_millis());
            break;
        case 0x02:
            reply('B', board_boot_count());
            break;
        case 0x03:
            reply('R', board_boot_count());
            board_system_reset();
        default: {
            const uint8_t byte = (uint8_t)c;
            board_uart_write(&byte, 1);
        }
        }
    }
}
