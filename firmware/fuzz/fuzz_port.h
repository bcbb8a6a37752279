/*
 * Shared pieces of the fuzz targets: a port that reads from the fuzz input (in chunks the
 * target chooses) and checks every frame the device writes, and the response-frame checker.
 *
 * A violated invariant calls FUZZ_REQUIRE, which prints the rule and aborts, so libFuzzer
 * records the input as a crash.
 */
#ifndef FUZZ_PORT_H
#define FUZZ_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nanorpc.pb.h"
#include "nanorpc/device.h"

#define FUZZ_REQUIRE(condition) \
    ((condition) ? (void)0 : fuzz_violation(__FILE__, __LINE__, #condition))

void fuzz_violation(const char *file, int line, const char *what);

/* The libFuzzer entry point each target defines. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One response as decoded by the checker. */
typedef struct fuzz_response {
    int32_t id;
    uint32_t type;
    uint32_t status;
    char message[NANORPC_TX_BUFFER_SIZE + 1];
    size_t message_length;
    uint8_t data[NANORPC_TX_BUFFER_SIZE];
    size_t data_length;
} fuzz_response_t;

typedef void (*fuzz_frame_fn)(void *ctx, const fuzz_response_t *response);

/* A length prefix never needs more than 5 bytes (docs/protocol.md, Framing). */
#define FUZZ_MAX_PREFIX_BYTES 5

/* Checks that `bytes` is a whole number of well-formed response frames: a length varint of at
 * most 5 bytes, a frame no longer than the device's transmit buffer, a body that decodes as a
 * NanoRPCResponse with a known type and status, and that is the canonical encoding of what it
 * decodes to (fields in tag order, zero values left out: what protoc and nanopb write), checked
 * with an encoder of this file, not the library's. Calls `on_frame` for each frame; aborts on
 * a violation. */
size_t fuzz_check_frames(const uint8_t *bytes, size_t length, fuzz_frame_fn on_frame, void *ctx);

typedef struct fuzz_port {
    nanorpc_port_t port;
    /* Bytes the device reads, consumed from `offset`. */
    const uint8_t *input;
    size_t length;
    size_t offset;
    /* Read sizes, used in turn (0: nothing this time); none: as much as the device asks. */
    const uint8_t *splits;
    size_t split_count;
    size_t split_next;
    /* Once the input is used up, read reports the link gone (stream links). */
    bool gone_at_end;
    uint32_t now_ms;
    /* Write number (from 1) that fails; 0: none does. */
    size_t fail_write;
    size_t writes;
    int resets;
    int closes;
    /* Everything written, hashed (FNV-1a 64) so two runs can be compared. */
    uint64_t output_hash;
    size_t output_frames;
    fuzz_frame_fn on_frame;
    void *on_frame_ctx;
} fuzz_port_t;

void fuzz_port_init(fuzz_port_t *fake, nanorpc_link_kind_t kind);

/* Points the port at new input (the old one must be used up or abandoned). */
void fuzz_port_feed(fuzz_port_t *fake, const uint8_t *bytes, size_t length);

size_t fuzz_port_remaining(const fuzz_port_t *fake);

#endif /* FUZZ_PORT_H */
