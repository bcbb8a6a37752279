/* An in-memory port for unit tests: bytes queued for the device, bytes it wrote, a clock the
 * test moves by hand, and counters of reset/closed calls. */
#ifndef FAKE_PORT_H
#define FAKE_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nanorpc/device.h"
#include "nanorpc/request.h"
#include "nanorpc/response.h"
#include "test_codec.h"

#define FAKE_PORT_CAPACITY 32768

typedef struct fake_port {
    nanorpc_port_t port;
    uint8_t input[FAKE_PORT_CAPACITY];
    size_t input_length;
    size_t input_offset;
    /* Most bytes one read returns (0: as many as asked). */
    size_t chunk_size;
    /* Once the input is used up, read reports the link gone. */
    bool gone;
    bool fail_writes;
    uint8_t output[FAKE_PORT_CAPACITY];
    size_t output_length;
    size_t output_taken;
    uint32_t now_ms;
    int resets;
    int closes;
} fake_port_t;

void fake_port_init(fake_port_t *fake, nanorpc_link_kind_t kind);

/* Queues bytes for the device to read. */
void fake_port_send(fake_port_t *fake, const uint8_t *bytes, size_t length);

/* Queues one request frame (see test_encode_request; path_hash NULL: by string). */
void fake_port_send_request(fake_port_t *fake, int32_t id, uint32_t type, const char *path,
                            const uint8_t *data, size_t data_length);

/* Polls until no port has input left; returns the last poll result. */
nanorpc_poll_result_t fake_port_run(nanorpc_device_t *device);

/* Decodes the next frame the device wrote; false when there is none (or it is malformed). */
bool fake_port_next_response(fake_port_t *fake, test_response_t *response);

/* Frames written and not yet taken. */
size_t fake_port_pending_frames(const fake_port_t *fake);

#endif /* FAKE_PORT_H */
