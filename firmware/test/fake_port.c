#include "fake_port.h"

#include <string.h>

static int32_t fake_read(void *ctx, uint8_t *buffer, size_t capacity)
{
    fake_port_t *fake = (fake_port_t *)ctx;
    size_t available = fake->input_length - fake->input_offset;
    if (available == 0) {
        return fake->gone ? -1 : 0;
    }
    size_t take = available < capacity ? available : capacity;
    if (fake->chunk_size > 0 && take > fake->chunk_size) {
        take = fake->chunk_size;
    }
    memcpy(buffer, fake->input + fake->input_offset, take);
    fake->input_offset += take;
    return (int32_t)take;
}

static bool fake_write(void *ctx, const uint8_t *bytes, size_t length)
{
    fake_port_t *fake = (fake_port_t *)ctx;
    if (fake->fail_writes || length > sizeof fake->output - fake->output_length) {
        return false;
    }
    memcpy(fake->output + fake->output_length, bytes, length);
    fake->output_length += length;
    return true;
}

static uint32_t fake_millis(void *ctx)
{
    return ((fake_port_t *)ctx)->now_ms;
}

static void fake_reset(void *ctx)
{
    ((fake_port_t *)ctx)->resets++;
}

static void fake_closed(void *ctx)
{
    ((fake_port_t *)ctx)->closes++;
}

void fake_port_init(fake_port_t *fake, nanorpc_link_kind_t kind)
{
    memset(fake, 0, sizeof *fake);
    fake->port = (nanorpc_port_t){kind, fake, fake_read, fake_write, fake_millis, fake_reset,
                                  fake_closed};
}

void fake_port_send(fake_port_t *fake, const uint8_t *bytes, size_t length)
{
    if (length > sizeof fake->input - fake->input_length) {
        length = sizeof fake->input - fake->input_length;
    }
    memcpy(fake->input + fake->input_length, bytes, length);
    fake->input_length += length;
}

void fake_port_send_request(fake_port_t *fake, int32_t id, uint32_t type, const char *path,
                            const uint8_t *data, size_t data_length)
{
    uint8_t frame[1024];
    size_t length = test_encode_request(frame, sizeof frame, id, type, path, NULL, data,
                                        data_length);
    fake_port_send(fake, frame, length);
}

nanorpc_poll_result_t fake_port_run(nanorpc_device_t *device)
{
    nanorpc_poll_result_t result;
    do {
        result = nanorpc_device_poll(device);
    } while (result == NANORPC_POLL_ACTIVE);
    return result;
}

bool fake_port_next_response(fake_port_t *fake, test_response_t *response)
{
    uint32_t body_length;
    const uint8_t *next = fake->output + fake->output_taken;
    size_t available = fake->output_length - fake->output_taken;
    size_t prefix = test_read_prefix(next, available, &body_length);
    if (prefix == 0 || body_length > available - prefix) {
        return false;
    }
    fake->output_taken += prefix + body_length;
    return test_decode_response_body(next + prefix, body_length, response);
}

size_t fake_port_pending_frames(const fake_port_t *fake)
{
    size_t count = 0;
    size_t offset = fake->output_taken;
    uint32_t body_length;
    size_t prefix;
    while ((prefix = test_read_prefix(fake->output + offset, fake->output_length - offset,
                                      &body_length)) != 0 &&
           body_length <= fake->output_length - offset - prefix) {
        offset += prefix + body_length;
        count++;
    }
    return count;
}
