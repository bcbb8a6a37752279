/*
 * Malformed input never crashes or hangs the device (the suite runs under ASan and UBSan):
 * random bytes, mutated valid frames and hostile prefixes, in random chunkings, on serial and
 * stream links. Everything the device writes must still be a well-formed response, and a
 * serial device must answer a ping after an idle gap, whatever came before.
 */
#include <string.h>

#include "check.h"
#include "demo_app.h"
#include "fake_port.h"

static nanorpc_device_t device;
static demo_app_t app;
static fake_port_t port;
static uint32_t rng_state;

static uint32_t next_random(void)
{
    /* xorshift32: deterministic, so a failure reproduces. */
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

static const char *const seed_paths[] = {"/sys/info", "/echo", "/calc/multiply", "/gpio/led",
                                         "/sensors/temp", "/test/publish", "/test/fail"};

/* One piece of hostile input: random bytes, a mutated valid frame, or a hostile prefix. */
static size_t hostile_input(uint8_t *bytes, size_t capacity)
{
    size_t length;
    switch (next_random() % 4) {
    case 0:
        length = next_random() % 300;
        for (size_t i = 0; i < length; i++) {
            bytes[i] = (uint8_t)next_random();
        }
        return length;
    case 1: {
        uint8_t data[64];
        size_t data_length = next_random() % sizeof data;
        for (size_t i = 0; i < data_length; i++) {
            data[i] = (uint8_t)next_random();
        }
        length = test_encode_request(bytes, capacity, (int32_t)next_random(), next_random() % 5,
                                     seed_paths[next_random() % 7], NULL, data, data_length);
        for (int flips = (int)(next_random() % 4); flips >= 0 && length > 0; flips--) {
            bytes[next_random() % length] ^= (uint8_t)(1u << (next_random() % 8));
        }
        return length;
    }
    case 2: {
        /* A plausible prefix with a random body: reaches the body decoder. */
        size_t body = next_random() % 120;
        bytes[0] = (uint8_t)body;
        for (size_t i = 1; i <= body; i++) {
            bytes[i] = (uint8_t)next_random();
        }
        return body + 1;
    }
    default: {
        /* Prefixes at and past the limits. */
        static const uint8_t prefixes[][6] = {
            {0x80, 0x02}, {0x81, 0x02}, {0xff, 0xff, 0xff, 0xff, 0x0f},
            {0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, {0x80, 0x80, 0x80, 0x80, 0x10},
        };
        memcpy(bytes, prefixes[next_random() % 5], 6);
        return 6;
    }
    }
}

/* Every frame the device wrote decodes as a response of a known type and status. */
static void check_output_is_well_formed(void)
{
    test_response_t response;
    while (port.output_taken < port.output_length) {
        size_t before = port.output_taken;
        if (!fake_port_next_response(&port, &response)) {
            CHECK(!"the device wrote a frame that is not a NanoRPCResponse");
            port.output_taken = port.output_length;
            return;
        }
        CHECK(port.output_taken > before);
        CHECK(response.type >= 1 && response.type <= 3);
        CHECK(response.status >= 1 && response.status <= 4);
    }
    port.output_length = 0;
    port.output_taken = 0;
}

static void run_until_quiet(void)
{
    if (fake_port_run(&device) == NANORPC_POLL_RESET) {
        /* A mutated frame may name /sys/reboot: restart as a host port does. */
        CHECK(demo_app_init(&app, &device, app.boot_count + 1, port.now_ms));
        CHECK(nanorpc_device_open(&device, &port.port) != NULL);
        port.input_offset = port.input_length; /* bytes after the reboot are lost */
    }
}

static void serial_survives_and_resyncs(void)
{
    uint8_t bytes[512];
    test_response_t response;
    rng_state = 0x2545f491u;
    fake_port_init(&port, NANORPC_LINK_SERIAL);
    CHECK(demo_app_init(&app, &device, 0, 0));
    CHECK(nanorpc_device_open(&device, &port.port) != NULL);
    for (int round = 0; round < 3000; round++) {
        port.input_length = port.input_offset = 0;
        port.chunk_size = 1 + next_random() % 40;
        for (int pieces = (int)(next_random() % 4); pieces >= 0; pieces--) {
            fake_port_send(&port, bytes, hostile_input(bytes, sizeof bytes));
        }
        run_until_quiet();
        check_output_is_well_formed();
        /* After an idle gap the device answers a ping, whatever came before. */
        port.now_ms += NANORPC_SERIAL_IDLE_GAP_MS;
        port.input_length = port.input_offset = 0;
        fake_port_send_request(&port, 777, NANORPC_REQUEST_TYPE_PING, NULL, NULL, 0);
        run_until_quiet();
        CHECK(fake_port_next_response(&port, &response));
        CHECK_EQ(response.id, 777);
        CHECK_EQ(response.type, NANORPC_RESPONSE_TYPE_PONG);
        CHECK_EQ(fake_port_pending_frames(&port), 0);
        port.output_length = port.output_taken = 0;
        port.now_ms += NANORPC_SERIAL_IDLE_GAP_MS;
    }
    CHECK_EQ(port.closes, 0);
}

static void stream_survives_and_closes_cleanly(void)
{
    uint8_t bytes[512];
    int closes_seen = 0;
    rng_state = 0x9e3779b9u;
    fake_port_init(&port, NANORPC_LINK_STREAM);
    CHECK(demo_app_init(&app, &device, 0, 0));
    for (int round = 0; round < 3000; round++) {
        if (nanorpc_device_session_count(&device) == 0) {
            CHECK(nanorpc_device_open(&device, &port.port) != NULL);
        }
        port.input_length = port.input_offset = 0;
        port.chunk_size = 1 + next_random() % 40;
        fake_port_send(&port, bytes, hostile_input(bytes, sizeof bytes));
        run_until_quiet();
        check_output_is_well_formed();
        if (port.closes > closes_seen) {
            /* A closed session leaves nothing behind. */
            closes_seen = port.closes;
            CHECK_EQ(nanorpc_device_session_count(&device), 0);
            CHECK_EQ(nanorpc_device_subscription_count(&device), 0);
        }
    }
    CHECK(closes_seen > 100); /* the generator does produce invalid frames */
}

void malformed_input_tests(void)
{
    check_run("malformed input: serial survives and resyncs", serial_survives_and_resyncs);
    check_run("malformed input: stream closes cleanly", stream_survives_and_closes_cleanly);
}
