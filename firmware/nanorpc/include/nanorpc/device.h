/*
 * The NanoRPC device: sessions (one per port), the frame parser of each, the dispatcher over a
 * handler table keyed by path hash, the subscription pool and publishing. No malloc: the
 * caller provides the nanorpc_device_t (static storage), every buffer inside is sized by
 * nanorpc_config.h.
 *
 * Main loop of a board:
 *     static nanorpc_device_t device;
 *     nanorpc_device_init(&device, handlers, handler_count, &app);
 *     nanorpc_device_open(&device, &uart_port);
 *     for (;;) nanorpc_device_poll(&device);
 *
 * Threading rule. The library has no global state and takes no locks; one nanorpc_device_t
 * belongs to one execution context (the main loop, or one RTOS task):
 *   - Every nanorpc_device_* function, nanorpc_device_publish included, runs in that context
 *     only. None may run from an interrupt handler or from another task, and none is
 *     reentrant except as stated: handlers and on_subscribe checks run inside
 *     nanorpc_device_poll and may call nanorpc_device_publish and the read-only functions
 *     (counts, stats), never init, open, close or poll.
 *   - The port's functions are called only from inside those calls, in that same context.
 *     An interrupt that receives bytes puts them in a buffer of the port's own (e.g. a
 *     single-producer ring buffer) that port->read drains; that buffer's safety is the port's.
 *   - To publish a value produced in an interrupt or another task, hand it over (flag, queue)
 *     and call nanorpc_device_publish from the device's context.
 *   - Two devices are independent: each may live in its own task.
 *   - nanorpc_device_stats() from another context (a debugger, a monitor task) reads each
 *     counter whole on a 32-bit core, but not a consistent set; use it there as diagnostics
 *     only.
 */
#ifndef NANORPC_DEVICE_H
#define NANORPC_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nanorpc/nanorpc_config.h"
#include "nanorpc/port.h"
#include "nanorpc/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nanorpc_device nanorpc_device_t;

/* One request (or subscribe) being served, as a handler sees it. */
typedef struct nanorpc_call {
    nanorpc_device_t *device;
    /* The pointer given to nanorpc_device_init. */
    void *app;
    /* The link the request came from. */
    const nanorpc_port_t *port;
    int32_t request_id;
    uint32_t path_hash;
    /* Request payload, or the subscription filter. Valid during the call only. */
    const uint8_t *data;
    size_t data_length;
    /* The handler writes its answer payload here and sets answer_length. */
    uint8_t *answer;
    size_t answer_capacity;
    size_t answer_length;
    /* Optional response_message (a string that outlives the call, e.g. a literal). */
    const char *message;
    /* Set by a handler to restart the device once its answer has been sent (port->reset). */
    bool reset_after;
} nanorpc_call_t;

/* Serves TYPE_REQUEST; the return value is the response status. */
typedef nanorpc_status_t (*nanorpc_request_fn)(nanorpc_call_t *call);

/* Checks a TYPE_SUBSCRIBE before it is stored (e.g. that the filter decodes); anything but
 * NANORPC_STATUS_OK refuses it and is sent as the acknowledgement's status. */
typedef nanorpc_status_t (*nanorpc_subscribe_fn)(nanorpc_call_t *call);

/* Publish predicate: does a subscription with this (non-empty) filter want `value`? */
typedef bool (*nanorpc_filter_fn)(const uint8_t *filter, size_t filter_length, const void *value);

/* One path. A path with on_subscribe is a topic; either function may be NULL, and a request
 * of a kind the path does not serve is answered STATUS_NOT_FOUND. */
typedef struct nanorpc_handler {
    uint32_t path_hash;
    nanorpc_request_fn on_request;
    nanorpc_subscribe_fn on_subscribe;
} nanorpc_handler_t;

/* Counters since nanorpc_device_init, over every session that was open (nanorpc_device_stats). */
typedef struct nanorpc_device_stats {
    /* Request frames with a valid body (every one was served or, for an unknown type,
     * ignored). */
    uint32_t frames_received;
    /* Frames that could not be used: a bad length prefix, a length above
     * NANORPC_MAX_FRAME_SIZE, or a body that is not a NanoRPCRequest. */
    uint32_t invalid_frames;
    /* Partial frames a serial session dropped after an idle gap. */
    uint32_t idle_drops;
    /* Answers and updates that did not fit NANORPC_TX_BUFFER_SIZE (an answer is then sent as
     * STATUS_INTERNAL_ERROR "response too large", an update is not sent). */
    uint32_t oversize_frames;
    /* Frames port->write could not send. */
    uint32_t write_failures;
} nanorpc_device_stats_t;

/*
 * Storage layout. The types below are public only so that a nanorpc_device_t can be allocated
 * statically; their fields are the library's (nanorpc/src), and may change in any release.
 */

/* Receive state of one link: a varint length prefix, then the body (nanorpc/src). */
typedef struct nanorpc_frame_parser {
    uint8_t *buffer;
    uint32_t capacity;
    /* 0 disables the idle-gap rule (stream links). */
    uint32_t idle_gap_ms;
    uint32_t last_byte_ms;
    /* now_ms of the first byte of the frame being read (nanorpc_device_rx_pending). */
    uint32_t frame_start_ms;
    uint32_t prefix_value;
    uint32_t body_length;
    uint32_t filled;
    /* Partial frames dropped by the idle gap. */
    uint32_t idle_drops;
    uint8_t prefix_bytes;
    /* True once the prefix is read; the parser then fills the body. */
    bool in_body;
    /* True after COMPLETE until the next push starts a new frame. */
    bool body_ready;
    /* Why the last push returned INVALID (nanorpc_frame_error_t). */
    uint8_t error;
} nanorpc_frame_parser_t;

/* One live subscription: owning session, id, path hash and a copy of the filter. */
typedef struct nanorpc_subscription {
    int32_t id;
    uint32_t path_hash;
    uint8_t session;
    bool active;
    uint8_t filter_length;
    uint8_t filter[NANORPC_MAX_FILTER_SIZE];
} nanorpc_subscription_t;

typedef struct nanorpc_subscription_pool {
    nanorpc_subscription_t slots[NANORPC_MAX_SUBSCRIPTIONS];
} nanorpc_subscription_pool_t;

/* One link. Read `port` only. */
typedef struct nanorpc_session {
    /* NULL while the slot is free. */
    const nanorpc_port_t *port;
    nanorpc_frame_parser_t parser;
    uint8_t body[NANORPC_MAX_FRAME_SIZE];
} nanorpc_session_t;

/* Allocate it statically and touch it only through the functions below. */
struct nanorpc_device {
    const nanorpc_handler_t *handlers;
    size_t handler_count;
    void *app;
    bool reset_requested;
    /* idle_drops of sessions already closed; live sessions count in their parser. */
    nanorpc_device_stats_t stats;
    nanorpc_session_t sessions[NANORPC_MAX_SESSIONS];
    nanorpc_subscription_pool_t subscriptions;
    uint8_t request_data[NANORPC_MAX_REQUEST_DATA];
    uint8_t answer[NANORPC_MAX_RESPONSE_DATA];
    uint8_t tx[NANORPC_TX_BUFFER_SIZE];
};

typedef enum nanorpc_poll_result {
    /* No port had anything to read. */
    NANORPC_POLL_IDLE = 0,
    /* Bytes were read (or a link ended): poll again soon. */
    NANORPC_POLL_ACTIVE,
    /* port->reset returned (host ports): restart the application, then init the device again. */
    NANORPC_POLL_RESET
} nanorpc_poll_result_t;

/* Starts a device with no sessions and no subscriptions. The handler table must outlive the
 * device. Returns false when two handlers share a path hash (a collision or a duplicate). */
bool nanorpc_device_init(nanorpc_device_t *device, const nanorpc_handler_t *handlers,
                         size_t handler_count, void *app);

/* Starts a session on a port (which must outlive it). Returns NULL when all
 * NANORPC_MAX_SESSIONS are in use. */
nanorpc_session_t *nanorpc_device_open(nanorpc_device_t *device, const nanorpc_port_t *port);

/* Ends a session from the port's side (connection closed, peer hung up): its subscriptions
 * end and its partial frame is dropped. port->closed is not called. */
void nanorpc_device_close(nanorpc_device_t *device, nanorpc_session_t *session);

/* Reads what each port has now and serves every complete frame. Never waits for input. */
nanorpc_poll_result_t nanorpc_device_poll(nanorpc_device_t *device);

/* Sends `data` as a TYPE_UPDATE to every subscription of `path_hash` whose filter is empty or
 * accepted by `accepts(filter, filter_length, value)` (accepts NULL: all). Returns the number
 * of update frames written. Handlers may call it (e.g. to publish before they answer). */
size_t nanorpc_device_publish(nanorpc_device_t *device, uint32_t path_hash, const uint8_t *data,
                              size_t data_length, nanorpc_filter_fn accepts, const void *value);

size_t nanorpc_device_subscription_count(const nanorpc_device_t *device);
size_t nanorpc_device_session_count(const nanorpc_device_t *device);

/* True when `session` holds part of a frame: its first byte has been read, its last has not.
 * `*since_ms` (may be NULL) then receives port->millis() at that first byte, so a port can close
 * a stream session whose frame stays incomplete too long (a slow or stalled sender). False for
 * a free slot or a session of another device. */
bool nanorpc_device_rx_pending(const nanorpc_device_t *device, const nanorpc_session_t *session,
                               uint32_t *since_ms);

/* The counters since nanorpc_device_init (see nanorpc_device_stats_t). */
void nanorpc_device_stats(const nanorpc_device_t *device, nanorpc_device_stats_t *stats);

#ifdef __cplusplus
}
#endif

#endif /* NANORPC_DEVICE_H */
