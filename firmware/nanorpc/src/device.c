#include "nanorpc/device.h"

#include <string.h>

#include "nanorpc/frame_parser.h"
#include "nanorpc/request.h"
#include "nanorpc/response.h"
#include "nanorpc/subscription_pool.h"

static uint8_t session_index(const nanorpc_device_t *device, const nanorpc_session_t *session)
{
    return (uint8_t)(session - device->sessions);
}

bool nanorpc_device_init(nanorpc_device_t *device, const nanorpc_handler_t *handlers,
                         size_t handler_count, void *app)
{
    memset(device, 0, sizeof *device);
    device->handlers = handlers;
    device->handler_count = handler_count;
    device->app = app;
    nanorpc_subscription_pool_init(&device->subscriptions);
    for (size_t i = 0; i < handler_count; i++) {
        for (size_t j = i + 1; j < handler_count; j++) {
            if (handlers[i].path_hash == handlers[j].path_hash) {
                return false;
            }
        }
    }
    return true;
}

nanorpc_session_t *nanorpc_device_open(nanorpc_device_t *device, const nanorpc_port_t *port)
{
    for (size_t i = 0; i < NANORPC_MAX_SESSIONS; i++) {
        nanorpc_session_t *session = &device->sessions[i];
        if (session->port == NULL) {
            uint32_t idle_gap = port->kind == NANORPC_LINK_SERIAL ? NANORPC_SERIAL_IDLE_GAP_MS : 0;
            session->port = port;
            nanorpc_frame_parser_init(&session->parser, session->body, sizeof session->body,
                                      idle_gap);
            return session;
        }
    }
    return NULL;
}

void nanorpc_device_close(nanorpc_device_t *device, nanorpc_session_t *session)
{
    if (session->port == NULL) {
        return;
    }
    nanorpc_subscription_pool_remove_session(&device->subscriptions,
                                             session_index(device, session));
    device->stats.idle_drops += session->parser.idle_drops;
    nanorpc_frame_parser_reset(&session->parser);
    session->port = NULL;
}

/* The library ends the session itself: the port is told so it can close the connection. */
static void end_session(nanorpc_device_t *device, nanorpc_session_t *session)
{
    const nanorpc_port_t *port = session->port;
    nanorpc_device_close(device, session);
    if (port->closed != NULL) {
        port->closed(port->ctx);
    }
}

/* Encodes and writes one frame. A response that does not fit the transmit buffer becomes an
 * error answer; an update that does not fit is not sent. */
static bool send_frame(nanorpc_device_t *device, nanorpc_session_t *session,
                       const nanorpc_response_t *response)
{
    size_t length = nanorpc_response_encode(response, device->tx, sizeof device->tx);
    if (length == 0) {
        device->stats.oversize_frames++;
        if (response->type == NANORPC_RESPONSE_TYPE_UPDATE) {
            return false;
        }
        const nanorpc_response_t too_large = {response->id, response->type,
                                              NANORPC_STATUS_INTERNAL_ERROR,
                                              NANORPC_MESSAGE_RESPONSE_TOO_LARGE, NULL, 0};
        length = nanorpc_response_encode(&too_large, device->tx, sizeof device->tx);
    }
    const nanorpc_port_t *port = session->port;
    if (!port->write(port->ctx, device->tx, length)) {
        device->stats.write_failures++;
        if (port->kind == NANORPC_LINK_STREAM) {
            end_session(device, session);
        }
        return false;
    }
    return true;
}

static void answer(nanorpc_device_t *device, nanorpc_session_t *session, int32_t id,
                   nanorpc_status_t status, const char *message)
{
    const nanorpc_response_t response = {id, NANORPC_RESPONSE_TYPE_RESPONSE, status, message,
                                         NULL, 0};
    send_frame(device, session, &response);
}

static const nanorpc_handler_t *find_handler(const nanorpc_device_t *device,
                                             const nanorpc_request_t *request)
{
    if (!request->has_path || request->path_too_long) {
        return NULL;
    }
    for (size_t i = 0; i < device->handler_count; i++) {
        if (device->handlers[i].path_hash == request->path_hash) {
            return &device->handlers[i];
        }
    }
    return NULL;
}

static nanorpc_call_t make_call(nanorpc_device_t *device, nanorpc_session_t *session,
                                const nanorpc_request_t *request)
{
    nanorpc_call_t call = {0};
    call.device = device;
    call.app = device->app;
    call.port = session->port;
    call.request_id = request->id;
    call.path_hash = request->path_hash;
    call.data = request->data;
    call.data_length = request->data_length;
    call.answer = device->answer;
    call.answer_capacity = sizeof device->answer;
    return call;
}

/* Sends the handler's answer, then restarts the device if the handler asked for it. */
static void finish_call(nanorpc_device_t *device, nanorpc_session_t *session,
                        const nanorpc_call_t *call, nanorpc_status_t status)
{
    if (session->port == NULL) {
        return; /* the link ended while the handler ran (e.g. a failed publish) */
    }
    nanorpc_response_t response = {call->request_id, NANORPC_RESPONSE_TYPE_RESPONSE, status,
                                   call->message, call->answer, call->answer_length};
    if (call->answer_length > call->answer_capacity) {
        /* A handler bug: never send bytes from past its buffer. */
        response.status = NANORPC_STATUS_INTERNAL_ERROR;
        response.message = NANORPC_MESSAGE_RESPONSE_TOO_LARGE;
        response.data_length = 0;
    }
    const nanorpc_port_t *port = session->port;
    send_frame(device, session, &response);
    if (call->reset_after) {
        device->reset_requested = true;
        if (port->reset != NULL) {
            port->reset(port->ctx);
        }
    }
}

static void handle_request(nanorpc_device_t *device, nanorpc_session_t *session,
                           const nanorpc_request_t *request)
{
    /* An empty request on a live subscription's id and path is its unsubscribe. */
    if (request->data_length == 0 && !request->data_too_large && request->has_path &&
        !request->path_too_long &&
        nanorpc_subscription_pool_remove(&device->subscriptions, session_index(device, session),
                                         request->id, request->path_hash)) {
        answer(device, session, request->id, NANORPC_STATUS_OK, NULL);
        return;
    }
    const nanorpc_handler_t *handler = find_handler(device, request);
    if (handler == NULL || handler->on_request == NULL) {
        answer(device, session, request->id, NANORPC_STATUS_NOT_FOUND, NANORPC_MESSAGE_NOT_FOUND);
        return;
    }
    if (request->data_too_large) {
        answer(device, session, request->id, NANORPC_STATUS_INTERNAL_ERROR,
               NANORPC_MESSAGE_REQUEST_DATA_TOO_LARGE);
        return;
    }
    nanorpc_call_t call = make_call(device, session, request);
    nanorpc_status_t status = handler->on_request(&call);
    finish_call(device, session, &call, status);
}

static void handle_subscribe(nanorpc_device_t *device, nanorpc_session_t *session,
                             const nanorpc_request_t *request)
{
    const nanorpc_handler_t *handler = find_handler(device, request);
    if (handler == NULL || handler->on_subscribe == NULL) {
        answer(device, session, request->id, NANORPC_STATUS_NOT_FOUND, NANORPC_MESSAGE_NOT_FOUND);
        return;
    }
    if (request->data_too_large || request->data_length > NANORPC_MAX_FILTER_SIZE) {
        answer(device, session, request->id, NANORPC_STATUS_INTERNAL_ERROR,
               NANORPC_MESSAGE_FILTER_TOO_LARGE);
        return;
    }
    nanorpc_call_t call = make_call(device, session, request);
    nanorpc_status_t status = handler->on_subscribe(&call);
    if (status == NANORPC_STATUS_OK &&
        !nanorpc_subscription_pool_add(&device->subscriptions, session_index(device, session),
                                       request->id, request->path_hash, request->data,
                                       request->data_length)) {
        answer(device, session, request->id, NANORPC_STATUS_INTERNAL_ERROR,
               NANORPC_MESSAGE_TOO_MANY_SUBSCRIPTIONS);
        return;
    }
    finish_call(device, session, &call, status);
}

/* Serves one complete frame; false when its body is not a valid request. */
static bool handle_frame(nanorpc_device_t *device, nanorpc_session_t *session)
{
    size_t length;
    const uint8_t *body = nanorpc_frame_parser_body(&session->parser, &length);
    nanorpc_request_t request;

    if (!nanorpc_request_decode(body, length, device->request_data, sizeof device->request_data,
                                &request)) {
        return false;
    }
    device->stats.frames_received++;
    switch (request.type) {
    case NANORPC_REQUEST_TYPE_PING: {
        const nanorpc_response_t pong = {request.id, NANORPC_RESPONSE_TYPE_PONG, NANORPC_STATUS_OK,
                                         NULL, NULL, 0};
        send_frame(device, session, &pong);
        break;
    }
    case NANORPC_REQUEST_TYPE_REQUEST:
        handle_request(device, session, &request);
        break;
    case NANORPC_REQUEST_TYPE_SUBSCRIBE:
        handle_subscribe(device, session, &request);
        break;
    default:
        break; /* TYPE_UNSPECIFIED and unknown types get no answer, like the reference */
    }
    return true;
}

/* A stream link ends at an invalid frame; a serial link has already dropped it and goes on. */
static void invalid_frame(nanorpc_device_t *device, nanorpc_session_t *session)
{
    device->stats.invalid_frames++;
    if (session->port->kind == NANORPC_LINK_STREAM) {
        end_session(device, session);
    }
}

static void feed(nanorpc_device_t *device, nanorpc_session_t *session, const uint8_t *bytes,
                 size_t length)
{
    while (length > 0 && session->port != NULL && !device->reset_requested) {
        size_t used;
        uint32_t now = session->port->millis(session->port->ctx);
        nanorpc_frame_result_t result =
            nanorpc_frame_parser_push(&session->parser, bytes, length, now, &used);
        bytes += used;
        length -= used;
        if (result == NANORPC_FRAME_INVALID ||
            (result == NANORPC_FRAME_COMPLETE && !handle_frame(device, session))) {
            invalid_frame(device, session);
        }
    }
}

nanorpc_poll_result_t nanorpc_device_poll(nanorpc_device_t *device)
{
    nanorpc_poll_result_t result = NANORPC_POLL_IDLE;

    for (size_t i = 0; i < NANORPC_MAX_SESSIONS && !device->reset_requested; i++) {
        nanorpc_session_t *session = &device->sessions[i];
        uint8_t chunk[NANORPC_READ_CHUNK_SIZE];
        if (session->port == NULL) {
            continue;
        }
        int32_t count = session->port->read(session->port->ctx, chunk, sizeof chunk);
        if (count == 0) {
            continue;
        }
        result = NANORPC_POLL_ACTIVE;
        if (count < 0) {
            end_session(device, session);
        } else {
            feed(device, session, chunk, (size_t)count < sizeof chunk ? (size_t)count : sizeof chunk);
        }
    }
    return device->reset_requested ? NANORPC_POLL_RESET : result;
}

size_t nanorpc_device_publish(nanorpc_device_t *device, uint32_t path_hash, const uint8_t *data,
                              size_t data_length, nanorpc_filter_fn accepts, const void *value)
{
    size_t delivered = 0;

    for (size_t i = 0; i < NANORPC_MAX_SUBSCRIPTIONS; i++) {
        const nanorpc_subscription_t *subscription = &device->subscriptions.slots[i];
        if (!subscription->active || subscription->path_hash != path_hash) {
            continue;
        }
        if (subscription->filter_length > 0 && accepts != NULL &&
            !accepts(subscription->filter, subscription->filter_length, value)) {
            continue;
        }
        const nanorpc_response_t update = {subscription->id, NANORPC_RESPONSE_TYPE_UPDATE,
                                           NANORPC_STATUS_OK, NULL, data, data_length};
        if (send_frame(device, &device->sessions[subscription->session], &update)) {
            delivered++;
        }
    }
    return delivered;
}

size_t nanorpc_device_subscription_count(const nanorpc_device_t *device)
{
    return nanorpc_subscription_pool_count(&device->subscriptions);
}

size_t nanorpc_device_session_count(const nanorpc_device_t *device)
{
    size_t count = 0;
    for (size_t i = 0; i < NANORPC_MAX_SESSIONS; i++) {
        count += device->sessions[i].port != NULL ? 1u : 0u;
    }
    return count;
}

bool nanorpc_device_rx_pending(const nanorpc_device_t *device, const nanorpc_session_t *session,
                               uint32_t *since_ms)
{
    /* Equality only: ordering pointers into different objects is undefined. */
    for (size_t i = 0; i < NANORPC_MAX_SESSIONS; i++) {
        if (&device->sessions[i] != session) {
            continue;
        }
        if (session->port == NULL || nanorpc_frame_parser_idle(&session->parser)) {
            return false;
        }
        if (since_ms != NULL) {
            *since_ms = nanorpc_frame_parser_started_ms(&session->parser);
        }
        return true;
    }
    return false;
}

void nanorpc_device_stats(const nanorpc_device_t *device, nanorpc_device_stats_t *stats)
{
    *stats = device->stats;
    for (size_t i = 0; i < NANORPC_MAX_SESSIONS; i++) {
        if (device->sessions[i].port != NULL) {
            stats->idle_drops += device->sessions[i].parser.idle_drops;
        }
    }
}
