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
 */
#ifndef NANORPC_DEVICE_H
#define NANORPC_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nanorpc/frame_parser.h"
#include "nanorpc/nanorpc_config.h"
#include "nanorpc/port.h"
#include "nanorpc/status.h"
#include "nanorpc/subscription_pool.h"

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

/* One link. Internal state; read `port` only. */
typedef struct nanorpc_session {
    /* NULL while the slot is free. */
    const nanorpc_port_t *port;
    nanorpc_frame_parser_t parser;
    /* Frames that could not be used (bad prefix or body), for diagnostics. */
    uint32_t invalid_frames;
    uint8_t body[NANORPC_MAX_FRAME_SIZE];
} nanorpc_session_t;

/* Internal state; allocate it statically and touch it only through the functions below. */
struct nanorpc_device {
    const nanorpc_handler_t *handlers;
    size_t handler_count;
    void *app;
    bool reset_requested;
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

#ifdef __cplusplus
}
#endif

#endif /* NANORPC_DEVICE_H */
