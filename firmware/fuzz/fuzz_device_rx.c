/*
 * Fuzz target device_rx: the device's whole receive path with the demo handlers.
 *
 * Input layout (make_seeds.py writes the same header in front of each seed):
 *   byte 0  flags: bit 0 = stream link (else serial), bit 1 = one write fails
 *   byte 1  number of the write that fails (from 1), when bit 1 is set
 *   byte 2  k = byte % 8 read sizes follow (0: every read takes what the device asks)
 *   k bytes read sizes, used in turn, each % (NANORPC_READ_CHUNK_SIZE + 1); 0 = nothing to read
 *   rest    the byte stream the device receives
 *
 * The stream goes through nanorpc_device_poll -> frame parser -> request decoder -> dispatch
 * -> demo handlers -> response encoder -> port write. Invariants:
 *   - every write is whole, well-formed response frames (fuzz_check_frames);
 *   - a serial session is never ended by the library; a stream session ends only through
 *     port->closed, once, and takes its subscriptions with it;
 *   - the subscription pool never holds more than NANORPC_MAX_SUBSCRIPTIONS;
 *   - the output does not depend on how the stream was split: the same stream read in the
 *     chosen sizes and read whole gives the same bytes out.
 * A run ends at the end of the input, at a reset (/sys/reboot) or when a stream session ends.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "demo_app.h"
#include "fuzz_port.h"

#define HEADER_BYTES 3
#define MAX_SPLITS 7

typedef struct run_result {
    uint64_t output_hash;
    size_t output_frames;
    size_t consumed;
    int resets;
    int closes;
} run_result_t;

static nanorpc_device_t device;
static demo_app_t app;
static fuzz_port_t fake;

static run_result_t run(nanorpc_link_kind_t kind, size_t fail_write, const uint8_t *splits,
                        size_t split_count, const uint8_t *stream, size_t length)
{
    fuzz_port_init(&fake, kind);
    fake.splits = splits;
    fake.split_count = split_count;
    fake.fail_write = fail_write;
    fake.gone_at_end = kind == NANORPC_LINK_STREAM;
    fake.now_ms = 1000;
    fuzz_port_feed(&fake, stream, length);
    FUZZ_REQUIRE(demo_app_init(&app, &device, 0, fake.now_ms));
    FUZZ_REQUIRE(nanorpc_device_open(&device, &fake.port) != NULL);

    /* Each poll reads at least one byte unless a read size of 0 comes up; the sizes cycle and
     * at least one is non-zero, so this ends. The stream link's last poll reports it gone. */
    for (;;) {
        nanorpc_poll_result_t result = nanorpc_device_poll(&device);
        FUZZ_REQUIRE(nanorpc_device_subscription_count(&device) <= NANORPC_MAX_SUBSCRIPTIONS);
        if (result == NANORPC_POLL_RESET) {
            FUZZ_REQUIRE(fake.resets == 1);
            break;
        }
        FUZZ_REQUIRE(fake.resets == 0);
        if (nanorpc_device_session_count(&device) == 0) {
            FUZZ_REQUIRE(kind == NANORPC_LINK_STREAM);
            FUZZ_REQUIRE(fake.closes == 1);
            FUZZ_REQUIRE(nanorpc_device_subscription_count(&device) == 0);
            break;
        }
        FUZZ_REQUIRE(fake.closes == 0);
        if (fuzz_port_remaining(&fake) == 0 && !fake.gone_at_end) {
            break;
        }
    }
    return (run_result_t){fake.output_hash, fake.output_frames, fake.offset, fake.resets,
                          fake.closes};
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < HEADER_BYTES) {
        return 0;
    }
    nanorpc_link_kind_t kind = (data[0] & 1) ? NANORPC_LINK_STREAM : NANORPC_LINK_SERIAL;
    size_t fail_write = (data[0] & 2) ? (size_t)data[1] + 1 : 0;
    size_t split_bytes = data[2] % (MAX_SPLITS + 1);
    if (size < HEADER_BYTES + split_bytes) {
        return 0;
    }
    size_t split_count = split_bytes;
    uint8_t splits[MAX_SPLITS];
    bool any_bytes = false;
    for (size_t i = 0; i < split_count; i++) {
        splits[i] = (uint8_t)(data[HEADER_BYTES + i] % (NANORPC_READ_CHUNK_SIZE + 1));
        any_bytes = any_bytes || splits[i] != 0;
    }
    if (!any_bytes) {
        split_count = 0;
    }
    const uint8_t *stream = data + HEADER_BYTES + split_bytes;
    size_t length = size - HEADER_BYTES - split_bytes;

    run_result_t split = run(kind, fail_write, splits, split_count, stream, length);
    if (split_count == 0) {
        return 0;
    }
    /* The same stream read whole: the device must write exactly the same bytes. A reset or a
     * closed stream session drops the rest of the chunk being read, so the two runs compare
     * up to that point only: both end there. */
    run_result_t whole = run(kind, fail_write, NULL, 0, stream, length);
    FUZZ_REQUIRE(split.output_frames == whole.output_frames);
    FUZZ_REQUIRE(split.output_hash == whole.output_hash);
    FUZZ_REQUIRE(split.resets == whole.resets);
    FUZZ_REQUIRE(split.closes == whole.closes);
    return 0;
}
