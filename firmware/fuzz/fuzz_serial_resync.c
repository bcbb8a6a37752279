/*
 * Fuzz target serial_resync: the serial rule of docs/protocol.md (Framing, serial-resync): a receiver drops a
 * partial frame after an idle gap and after an invalid frame, then resumes at the next byte.
 *
 * Input layout:
 *   bytes 0-3  the clock at start (little endian; lets the clock wrap at 2^32)
 *   byte 4     read size, % (NANORPC_READ_CHUNK_SIZE + 1) (0: as much as the device asks)
 *   then operations, each an op byte (kind = op & 3, arg = op >> 2) and its operands:
 *     0 noise    n = next % 64 bytes of noise, then the clock moves arg % gap (less than the
 *                idle gap, so a partial frame stays)
 *     1 gap      the clock moves gap + arg, then a valid frame (operand: see valid_frame)
 *     2 invalid  the clock moves gap + arg, then an invalid frame (operands: kind, size), then
 *                at once a valid frame
 *     3 partial  a prefix of length 1 + next, fewer body bytes than that (next, from the
 *                input), the clock moves gap + arg, then a valid frame
 * After operations 1-3 the valid frame (a ping, or an /echo request with data from the input)
 * must be answered exactly once with the right answer, and the device's counters
 * (nanorpc_device_stats) must show exactly one idle drop if a partial frame was held before the
 * gap (nanorpc_device_rx_pending) and none otherwise, one invalid frame for operation 2, and one
 * frame received. Every frame written must be well-formed,
 * and the serial session is never ended by the library. /sys/reboot in the noise restarts the
 * device as a host port does.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "demo_app.h"
#include "demo_device_paths.h"
#include "fuzz_port.h"

#define GAP_MS NANORPC_SERIAL_IDLE_GAP_MS
/* Ids of the frames this target builds (noise may use them too: see expectation.active). */
#define FIRST_VALID_ID 0x51000000

typedef struct reader {
    const uint8_t *data;
    size_t size;
    size_t offset;
} reader_t;

typedef struct expectation {
    /* Answers are counted only while the target's own frame is being delivered. */
    bool active;
    int32_t id;
    bool is_echo;
    uint8_t data[32];
    size_t data_length;
    int answers;
} expectation_t;

static nanorpc_device_t device;
static demo_app_t app;
static fuzz_port_t fake;
static expectation_t expected;
static uint32_t boots;
static nanorpc_session_t *session;
/* Taken just before the clock jumps over the gap. */
static nanorpc_device_stats_t before_gap;
static bool pending_before_gap;

static uint8_t next_byte(reader_t *reader)
{
    return reader->offset < reader->size ? reader->data[reader->offset++] : 0;
}

static size_t put_varint(uint8_t *out, uint64_t value)
{
    size_t n = 0;
    do {
        out[n] = (uint8_t)(value & 0x7f);
        value >>= 7;
        out[n] |= value != 0 ? 0x80 : 0;
        n++;
    } while (value != 0);
    return n;
}

static void on_frame(void *ctx, const fuzz_response_t *response)
{
    (void)ctx;
    if (!expected.active || response->id != expected.id) {
        return;
    }
    expected.answers++;
    if (expected.is_echo) {
        FUZZ_REQUIRE(response->type == NanoRPCResponse_TYPE_RESPONSE);
        FUZZ_REQUIRE(response->status == NANORPC_STATUS_OK);
        FUZZ_REQUIRE(response->data_length == expected.data_length);
        FUZZ_REQUIRE(memcmp(response->data, expected.data, expected.data_length) == 0);
    } else {
        FUZZ_REQUIRE(response->type == NanoRPCResponse_TYPE_PONG);
    }
}

static void boot(void)
{
    FUZZ_REQUIRE(demo_app_init(&app, &device, boots++, fake.now_ms));
    session = nanorpc_device_open(&device, &fake.port);
    FUZZ_REQUIRE(session != NULL);
}

/* The clock jumps over the idle gap (plus `extra` ms). */
static void gap(uint32_t extra)
{
    nanorpc_device_stats(&device, &before_gap);
    pending_before_gap = nanorpc_device_rx_pending(&device, session, NULL);
    fake.now_ms += GAP_MS + extra;
}

/* Lets the device read all of `bytes` at the current time. */
static void deliver(const uint8_t *bytes, size_t length)
{
    fuzz_port_feed(&fake, bytes, length);
    while (fuzz_port_remaining(&fake) > 0) {
        if (nanorpc_device_poll(&device) == NANORPC_POLL_RESET) {
            FUZZ_REQUIRE(fake.resets == 1);
            fake.resets = 0;
            boot();
        }
        /* A serial session is never ended by the library. */
        FUZZ_REQUIRE(nanorpc_device_session_count(&device) == 1);
        FUZZ_REQUIRE(fake.closes == 0);
    }
}

/* Builds a ping or an /echo request (operand bit 0) and expects its answer. */
static size_t valid_frame(reader_t *reader, uint8_t *frame)
{
    static int32_t next_id = FIRST_VALID_ID;
    uint8_t choice = next_byte(reader);
    uint8_t body[64];
    size_t n = 0;

    expected = (expectation_t){0};
    expected.id = next_id++;
    expected.is_echo = (choice & 1) != 0;
    body[n++] = 0x08; /* request_id */
    n += put_varint(body + n, (uint32_t)expected.id);
    body[n++] = 0x10; /* request_type */
    body[n++] = expected.is_echo ? 2 : 1;
    if (expected.is_echo) {
        body[n++] = 0x18; /* path_hash */
        n += put_varint(body + n, DEMO_DEVICE_PATH_ECHO_HASH);
        expected.data_length = (size_t)(choice >> 1) % sizeof expected.data;
        for (size_t i = 0; i < expected.data_length; i++) {
            expected.data[i] = next_byte(reader);
        }
        if (expected.data_length > 0) {
            body[n++] = 0x52; /* data */
            body[n++] = (uint8_t)expected.data_length;
            memcpy(body + n, expected.data, expected.data_length);
            n += expected.data_length;
        }
    }
    size_t prefix = put_varint(frame, n);
    memcpy(frame + prefix, body, n);
    return prefix + n;
}

/* An invalid frame of one of four kinds, each ending where the parser resumes. */
static size_t invalid_frame(reader_t *reader, uint8_t *frame)
{
    uint8_t kind = next_byte(reader);
    uint8_t size = next_byte(reader);
    size_t n = 0;

    switch (kind & 3) {
    case 0: /* a length above the maximum frame */
        return put_varint(frame, (uint64_t)NANORPC_MAX_FRAME_SIZE + 1 +
                                     ((uint64_t)size << ((kind >> 2) % 24)));
    case 1: /* a prefix with a continuation bit on its 5th byte */
        for (n = 0; n < FUZZ_MAX_PREFIX_BYTES; n++) {
            frame[n] = (uint8_t)(0x80 | (size + n));
        }
        return n;
    case 2: /* a 5th prefix byte above 32 bits of length */
        for (n = 0; n < FUZZ_MAX_PREFIX_BYTES - 1; n++) {
            frame[n] = (uint8_t)(0x80 | (size + n));
        }
        frame[n++] = (uint8_t)(0x10 + size % 0x70);
        return n;
    default: { /* a body that is not a NanoRPCRequest: field 1 with wire type 7 */
        size_t body_length = 1 + size % NANORPC_MAX_FRAME_SIZE;
        n = put_varint(frame, body_length);
        frame[n] = 0x0f;
        for (size_t i = 1; i < body_length; i++) {
            frame[n + i] = next_byte(reader);
        }
        return n + body_length;
    }
    }
}

/* Sends a valid frame now (after `before` bytes of an invalid one, after a gap) and requires
 * exactly one answer to it, and counters that moved as the rule says. */
static void send_valid(reader_t *reader, uint8_t *frame, size_t before)
{
    nanorpc_device_stats_t after;
    size_t length = valid_frame(reader, frame + before);
    expected.active = true;
    deliver(frame, before + length);
    expected.active = false;
    FUZZ_REQUIRE(expected.answers == 1);
    nanorpc_device_stats(&device, &after);
    FUZZ_REQUIRE(after.idle_drops - before_gap.idle_drops == (pending_before_gap ? 1u : 0u));
    FUZZ_REQUIRE(after.invalid_frames - before_gap.invalid_frames == (before > 0 ? 1u : 0u));
    FUZZ_REQUIRE(after.frames_received - before_gap.frames_received == 1);
    FUZZ_REQUIRE(!nanorpc_device_rx_pending(&device, session, NULL));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t frame[2 * NANORPC_MAX_FRAME_SIZE + 64];
    reader_t reader = {data, size, 0};
    uint8_t read_size;

    if (size < 5) {
        return 0;
    }
    fuzz_port_init(&fake, NANORPC_LINK_SERIAL);
    fake.on_frame = on_frame;
    expected = (expectation_t){0};
    boots = 0;
    memcpy(&fake.now_ms, data, sizeof fake.now_ms);
    reader.offset = 4;
    read_size = (uint8_t)(next_byte(&reader) % (NANORPC_READ_CHUNK_SIZE + 1));
    if (read_size != 0) {
        fake.splits = &read_size;
        fake.split_count = 1;
    }
    boot();

    while (reader.offset < reader.size) {
        uint8_t op = next_byte(&reader);
        uint32_t arg = op >> 2;
        switch (op & 3) {
        case 0: {
            size_t n = next_byte(&reader) % 64;
            if (n > reader.size - reader.offset) {
                n = reader.size - reader.offset;
            }
            deliver(reader.data + reader.offset, n);
            reader.offset += n;
            fake.now_ms += arg % GAP_MS;
            break;
        }
        case 1:
            gap(arg);
            send_valid(&reader, frame, 0);
            break;
        case 2: {
            gap(arg);
            size_t length = invalid_frame(&reader, frame);
            send_valid(&reader, frame, length);
            break;
        }
        default: {
            size_t body_length = 1 + (size_t)next_byte(&reader);
            size_t n = put_varint(frame, body_length);
            size_t partial = next_byte(&reader) % body_length;
            for (size_t i = 0; i < partial; i++) {
                frame[n + i] = next_byte(&reader);
            }
            deliver(frame, n + partial);
            gap(arg);
            send_valid(&reader, frame, 0);
            break;
        }
        }
    }
    return 0;
}
