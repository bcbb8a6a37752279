#include "fuzz_port.h"

#include <pb_decode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


void fuzz_violation(const char *file, int line, const char *what)
{
    fprintf(stderr, "fuzz invariant violated at %s:%d: %s\n", file, line, what);
    abort();
}

typedef struct capture {
    uint8_t *buffer;
    size_t capacity;
    size_t *length;
} capture_t;

/* Keeps a string or bytes field; a second occurrence replaces the first (last one wins). */
static bool capture_field(pb_istream_t *stream, const pb_field_t *field, void **arg)
{
    (void)field;
    const capture_t *capture = (const capture_t *)*arg;
    size_t length = stream->bytes_left;
    FUZZ_REQUIRE(length <= capture->capacity);
    *capture->length = length;
    return pb_read(stream, capture->buffer, length);
}

static size_t put_varint(uint8_t *out, uint64_t value)
{
    size_t n = 0;
    do {
        out[n] = (uint8_t)((value & 0x7f) | (value > 0x7f ? 0x80 : 0));
        value >>= 7;
        n++;
    } while (value != 0);
    return n;
}

static size_t put_field(uint8_t *out, uint32_t tag, uint64_t value)
{
    if (value == 0) {
        return 0;
    }
    size_t n = put_varint(out, (uint64_t)tag << 3);
    return n + put_varint(out + n, value);
}

static size_t put_bytes(uint8_t *out, uint32_t tag, const void *bytes, size_t length)
{
    if (length == 0) {
        return 0;
    }
    size_t n = put_varint(out, (uint64_t)tag << 3 | 2);
    n += put_varint(out + n, length);
    memcpy(out + n, bytes, length);
    return n + length;
}

/* The frame protoc would write for this response (int32 sign-extended to 64 bits). */
static size_t encode_canonical(const fuzz_response_t *response, uint8_t *out)
{
    uint8_t body[NANORPC_TX_BUFFER_SIZE + 16];
    size_t n = put_field(body, 1, (uint64_t)(int64_t)response->id);
    n += put_field(body + n, 2, response->type);
    n += put_field(body + n, 3, response->status);
    n += put_bytes(body + n, 4, response->message, response->message_length);
    n += put_bytes(body + n, 10, response->data, response->data_length);
    size_t prefix = put_varint(out, n);
    memcpy(out + prefix, body, n);
    return prefix + n;
}

static void check_frame(const uint8_t *body, size_t body_length, const uint8_t *frame,
                        size_t frame_length, fuzz_response_t *out)
{
    NanoRPCResponse message = NanoRPCResponse_init_zero;
    capture_t text = {(uint8_t *)out->message, sizeof out->message - 1, &out->message_length};
    capture_t data = {out->data, sizeof out->data, &out->data_length};
    pb_istream_t stream = pb_istream_from_buffer(body, body_length);

    out->message_length = 0;
    out->data_length = 0;
    message.response_message.funcs.decode = capture_field;
    message.response_message.arg = &text;
    message.data.funcs.decode = capture_field;
    message.data.arg = &data;
    FUZZ_REQUIRE(pb_decode(&stream, NanoRPCResponse_fields, &message));
    out->message[out->message_length] = '\0';
    out->id = message.request_id;
    out->type = (uint32_t)message.response_type;
    out->status = (uint32_t)message.response_status;

    FUZZ_REQUIRE(out->type == NanoRPCResponse_TYPE_PONG ||
                 out->type == NanoRPCResponse_TYPE_RESPONSE ||
                 out->type == NanoRPCResponse_TYPE_UPDATE);
    FUZZ_REQUIRE(out->status >= NANORPC_STATUS_OK && out->status <= NANORPC_STATUS_INTERNAL_ERROR);
    /* A pong and an update are always OK; a pong carries nothing. */
    FUZZ_REQUIRE(out->type == NanoRPCResponse_TYPE_RESPONSE || out->status == NANORPC_STATUS_OK);
    FUZZ_REQUIRE(out->type != NanoRPCResponse_TYPE_PONG ||
                 (out->data_length == 0 && out->message_length == 0));
    /* Messages come from C strings: no NUL inside. */
    FUZZ_REQUIRE(memchr(out->message, '\0', out->message_length) == NULL);

    /* The device writes the canonical encoding of what it means. */
    uint8_t again[NANORPC_TX_BUFFER_SIZE + 16];
    size_t again_length = encode_canonical(out, again);
    FUZZ_REQUIRE(again_length == frame_length);
    FUZZ_REQUIRE(memcmp(again, frame, frame_length) == 0);
}

size_t fuzz_check_frames(const uint8_t *bytes, size_t length, fuzz_frame_fn on_frame, void *ctx)
{
    static fuzz_response_t response;
    size_t frames = 0;
    size_t offset = 0;

    while (offset < length) {
        uint64_t body_length = 0;
        size_t prefix = 0;
        uint8_t byte;
        do {
            FUZZ_REQUIRE(offset + prefix < length); /* the prefix is whole */
            FUZZ_REQUIRE(prefix < FUZZ_MAX_PREFIX_BYTES);
            byte = bytes[offset + prefix];
            body_length |= (uint64_t)(byte & 0x7f) << (7 * prefix);
            prefix++;
        } while (byte & 0x80);
        /* Every frame fits the device's transmit buffer, prefix included. */
        FUZZ_REQUIRE(prefix + body_length <= NANORPC_TX_BUFFER_SIZE);
        FUZZ_REQUIRE(body_length <= length - offset - prefix); /* the body is whole */
        check_frame(bytes + offset + prefix, (size_t)body_length, bytes + offset,
                    prefix + (size_t)body_length, &response);
        if (on_frame != NULL) {
            on_frame(ctx, &response);
        }
        offset += prefix + (size_t)body_length;
        frames++;
    }
    return frames;
}

static int32_t port_read(void *ctx, uint8_t *buffer, size_t capacity)
{
    fuzz_port_t *fake = (fuzz_port_t *)ctx;
    size_t available = fake->length - fake->offset;
    size_t take = available < capacity ? available : capacity;

    if (available == 0) {
        return fake->gone_at_end ? -1 : 0;
    }
    if (fake->split_count > 0) {
        size_t split = fake->splits[fake->split_next];
        fake->split_next = (fake->split_next + 1) % fake->split_count;
        take = split < take ? split : take;
    }
    memcpy(buffer, fake->input + fake->offset, take);
    fake->offset += take;
    return (int32_t)take;
}

/* The library writes one frame per call; each write must be whole, well-formed frames. */
static bool port_write(void *ctx, const uint8_t *bytes, size_t length)
{
    fuzz_port_t *fake = (fuzz_port_t *)ctx;
    fake->writes++;
    if (fake->writes == fake->fail_write) {
        return false;
    }
    FUZZ_REQUIRE(length > 0);
    fake->output_frames += fuzz_check_frames(bytes, length, fake->on_frame, fake->on_frame_ctx);
    for (size_t i = 0; i < length; i++) {
        fake->output_hash = (fake->output_hash ^ bytes[i]) * 0x100000001b3ull;
    }
    return true;
}

static uint32_t port_millis(void *ctx)
{
    return ((fuzz_port_t *)ctx)->now_ms;
}

static void port_reset(void *ctx)
{
    ((fuzz_port_t *)ctx)->resets++;
}

static void port_closed(void *ctx)
{
    ((fuzz_port_t *)ctx)->closes++;
}

void fuzz_port_init(fuzz_port_t *fake, nanorpc_link_kind_t kind)
{
    memset(fake, 0, sizeof *fake);
    fake->port = (nanorpc_port_t){kind, fake, port_read, port_write, port_millis, port_reset,
                                  port_closed};
    fake->output_hash = 0xcbf29ce484222325ull;
}

void fuzz_port_feed(fuzz_port_t *fake, const uint8_t *bytes, size_t length)
{
    fake->input = bytes;
    fake->length = length;
    fake->offset = 0;
}

size_t fuzz_port_remaining(const fuzz_port_t *fake)
{
    return fake->length - fake->offset;
}
