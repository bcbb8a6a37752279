/*
 * Footprint probe, never run: the NanoRPC library and the nanopb runtime behind a port that
 * does nothing, with one handler and one topic, so that footprint.sh can measure what the
 * library itself costs in flash and RAM (everything an application calls is linked: init,
 * open, poll, publish).
 */
#include "nanorpc/device.h"

static int32_t stub_read(void *ctx, uint8_t *buffer, size_t capacity)
{
    (void)ctx;
    (void)buffer;
    (void)capacity;
    return 0;
}

static bool stub_write(void *ctx, const uint8_t *bytes, size_t length)
{
    (void)ctx;
    (void)bytes;
    (void)length;
    return true;
}

static uint32_t stub_millis(void *ctx)
{
    (void)ctx;
    return 0;
}

static nanorpc_status_t answer_ok(nanorpc_call_t *call)
{
    (void)call;
    return NANORPC_STATUS_OK;
}

/* FNV-1a of "/a" and "/t": any two distinct hashes do. */
static const nanorpc_handler_t handlers[] = {
    {0x70d2182du, answer_ok, 0},
    {0x5bd1f71eu, 0, answer_ok},
};

static const nanorpc_port_t stub_port = {NANORPC_LINK_SERIAL, 0, stub_read, stub_write, stub_millis,
                                         0, 0};

static nanorpc_device_t device;

int main(void)
{
    nanorpc_device_init(&device, handlers, sizeof handlers / sizeof handlers[0], 0);
    nanorpc_device_open(&device, &stub_port);
    static const uint8_t value[1] = {1};
    for (;;) {
        if (nanorpc_device_poll(&device) == NANORPC_POLL_IDLE)
            nanorpc_device_publish(&device, handlers[1].path_hash, value, sizeof value, 0, 0);
    }
}
