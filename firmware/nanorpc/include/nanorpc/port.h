/*
 * The port: everything the NanoRPC device library needs from a platform.
 *
 * One port value describes one link (a UART, a pseudo-terminal, one accepted TCP connection).
 * The library never blocks on input and never calls the C library for I/O: a board or host
 * fills in these functions and calls nanorpc_device_poll() from its main loop.
 */
#ifndef NANORPC_PORT_H
#define NANORPC_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* How the link carries frames; decides what an invalid frame does (docs/protocol.md, Framing). */
typedef enum nanorpc_link_kind {
    /* A byte stream with no connection (UART, pty): after an invalid frame, or an idle gap
     * inside a partial frame, the partial frame is dropped and parsing resumes. */
    NANORPC_LINK_SERIAL = 0,
    /* A connection (TCP, UNIX socket): an invalid frame ends the session (port->closed). */
    NANORPC_LINK_STREAM = 1
} nanorpc_link_kind_t;

typedef struct nanorpc_port {
    nanorpc_link_kind_t kind;
    /* Handed back to every function below. */
    void *ctx;

    /* Reads at most `capacity` bytes without waiting. Returns the number of bytes read
     * (0: nothing available now), or a negative value when the link is gone (the peer closed
     * the connection); the library then ends the session and calls `closed`. */
    int32_t (*read)(void *ctx, uint8_t *buffer, size_t capacity);

    /* Sends all `length` bytes, waiting as needed. Returns false when they could not be sent
     * (link gone, or stuck past the port's own timeout). On a stream link the library then
     * ends the session; on a serial link the bytes are simply lost (updates are best effort). */
    bool (*write)(void *ctx, const uint8_t *bytes, size_t length);

    /* Milliseconds since any fixed origin; wrapping at 2^32 is fine. Used for the serial idle
     * gap and by the application for its uptime. */
    uint32_t (*millis)(void *ctx);

    /* Restarts the device; called after the answer that asked for it (/sys/reboot) has been
     * written. A board resets the MCU and does not return. A host port may return, or leave it
     * NULL: the library then stops reading and nanorpc_device_poll() returns
     * NANORPC_POLL_RESET, so the main loop can restart the application in place. */
    void (*reset)(void *ctx);

    /* Optional (may be NULL): the library has ended this session (invalid frame on a stream
     * link, or `read` reported the link gone). The port closes the connection. Never called
     * on a serial link for an invalid frame. */
    void (*closed)(void *ctx);
} nanorpc_port_t;

#ifdef __cplusplus
}
#endif

#endif /* NANORPC_PORT_H */
