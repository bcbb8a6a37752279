#include <string.h>

#include "check.h"
#include "fake_port.h"
#include "nanorpc/device.h"
#include "nanorpc/fnv1a.h"

static nanorpc_device_t device;
static fake_port_t port_a;
static fake_port_t port_b;
static test_response_t response;

static nanorpc_status_t echo(nanorpc_call_t *call)
{
    memcpy(call->answer, call->data, call->data_length);
    call->answer_length = call->data_length;
    return NANORPC_STATUS_OK;
}

static nanorpc_status_t refuse(nanorpc_call_t *call)
{
    call->message = "nope";
    return NANORPC_STATUS_NOT_AUTHORIZED;
}

static nanorpc_status_t check_filter(nanorpc_call_t *call)
{
    if (call->data_length > 0 && call->data[0] == 0xff) {
        call->message = "bad filter";
        return NANORPC_STATUS_INTERNAL_ERROR;
    }
    return NANORPC_STATUS_OK;
}

/* A filter is one byte: the smallest value wanted. */
static bool at_least(const uint8_t *filter, size_t filter_length, const void *value)
{
    (void)filter_length;
    return *(const uint8_t *)value >= filter[0];
}

/* Publishes each data byte on /t/topic, answers the number of updates written. */
static nanorpc_status_t publish(nanorpc_call_t *call)
{
    size_t delivered = 0;
    for (size_t i = 0; i < call->data_length; i++) {
        delivered += nanorpc_device_publish(call->device, nanorpc_fnv1a("/t/topic"), &call->data[i],
                                            1, at_least, &call->data[i]);
    }
    call->answer[0] = (uint8_t)delivered;
    call->answer_length = 1;
    return NANORPC_STATUS_OK;
}

static nanorpc_status_t too_big(nanorpc_call_t *call)
{
    memset(call->answer, 'x', call->answer_capacity);
    call->answer_length = call->answer_capacity;
    call->message = "a message long enough to push the frame past the transmit buffer";
    return NANORPC_STATUS_OK;
}

static nanorpc_status_t overrun(nanorpc_call_t *call)
{
    call->answer_length = call->answer_capacity + 1;
    return NANORPC_STATUS_OK;
}

static nanorpc_status_t restart(nanorpc_call_t *call)
{
    call->reset_after = true;
    return NANORPC_STATUS_OK;
}

static nanorpc_handler_t handlers[8];

static void start(nanorpc_link_kind_t kind)
{
    const nanorpc_handler_t table[] = {
        {nanorpc_fnv1a("/t/echo"), echo, NULL},
        {nanorpc_fnv1a("/t/refuse"), refuse, NULL},
        {nanorpc_fnv1a("/t/topic"), NULL, check_filter},
        {nanorpc_fnv1a("/t/publish"), publish, NULL},
        {nanorpc_fnv1a("/t/big"), too_big, NULL},
        {nanorpc_fnv1a("/t/restart"), restart, NULL},
        {nanorpc_fnv1a("/t/both"), echo, check_filter},
        {nanorpc_fnv1a("/t/overrun"), overrun, NULL},
    };
    memcpy(handlers, table, sizeof table);
    CHECK(nanorpc_device_init(&device, handlers, sizeof table / sizeof table[0], NULL));
    fake_port_init(&port_a, kind);
    fake_port_init(&port_b, kind);
    CHECK(nanorpc_device_open(&device, &port_a.port) != NULL);
}

/* Runs the device and takes the next answer, expecting its id, type and status. */
static void expect(fake_port_t *fake, int32_t id, uint32_t type, uint32_t status, const char *message)
{
    fake_port_run(&device);
    CHECK(fake_port_next_response(fake, &response));
    CHECK_EQ(response.id, id);
    CHECK_EQ(response.type, type);
    CHECK_EQ(response.status, status);
    CHECK_STR(response.message, message);
}

static void expect_silence(fake_port_t *fake)
{
    fake_port_run(&device);
    CHECK_EQ(fake_port_pending_frames(fake), 0);
}

static void ping_gets_pong(void)
{
    start(NANORPC_LINK_STREAM);
    fake_port_send_request(&port_a, -5, NANORPC_REQUEST_TYPE_PING, NULL, NULL, 0);
    expect(&port_a, -5, NANORPC_RESPONSE_TYPE_PONG, NANORPC_STATUS_OK, "");
    CHECK_EQ(response.data_length, 0);
}

static void request_by_string_and_by_hash(void)
{
    uint8_t frame[64];
    uint32_t hash = nanorpc_fnv1a("/t/echo");
    start(NANORPC_LINK_STREAM);
    fake_port_send_request(&port_a, 1, NANORPC_REQUEST_TYPE_REQUEST, "/t/echo", (const uint8_t *)"hi", 2);
    expect(&port_a, 1, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_OK, "");
    CHECK_BYTES(response.data, response.data_length, "hi", 2);
    size_t length = test_encode_request(frame, sizeof frame, 2, NANORPC_REQUEST_TYPE_REQUEST, NULL,
                                        &hash, (const uint8_t *)"yo", 2);
    fake_port_send(&port_a, frame, length);
    expect(&port_a, 2, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_OK, "");
    CHECK_BYTES(response.data, response.data_length, "yo", 2);
}

static void unknown_missing_or_too_long_path_is_not_found(void)
{
    uint8_t frame[128];
    uint32_t unknown_hash = 0x12345678;
    char long_path[52];
    start(NANORPC_LINK_STREAM);
    fake_port_send_request(&port_a, 1, NANORPC_REQUEST_TYPE_REQUEST, "/nope", NULL, 0);
    expect(&port_a, 1, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_NOT_FOUND,
           "no handler registered for path");
    size_t length = test_encode_request(frame, sizeof frame, 2, NANORPC_REQUEST_TYPE_REQUEST, NULL,
                                        &unknown_hash, NULL, 0);
    fake_port_send(&port_a, frame, length);
    expect(&port_a, 2, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_NOT_FOUND,
           NANORPC_MESSAGE_NOT_FOUND);
    fake_port_send_request(&port_a, 3, NANORPC_REQUEST_TYPE_REQUEST, NULL, NULL, 0);
    expect(&port_a, 3, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_NOT_FOUND,
           NANORPC_MESSAGE_NOT_FOUND);
    memset(long_path, 'a', sizeof long_path - 1);
    long_path[0] = '/';
    long_path[sizeof long_path - 1] = '\0';
    fake_port_send_request(&port_a, 4, NANORPC_REQUEST_TYPE_REQUEST, long_path, NULL, 0);
    expect(&port_a, 4, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_NOT_FOUND,
           NANORPC_MESSAGE_NOT_FOUND);
    CHECK_EQ(port_a.closes, 0);
}

static void handler_status_and_message_are_sent(void)
{
    start(NANORPC_LINK_STREAM);
    fake_port_send_request(&port_a, 9, NANORPC_REQUEST_TYPE_REQUEST, "/t/refuse", NULL, 0);
    expect(&port_a, 9, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_NOT_AUTHORIZED, "nope");
}

static void unspecified_and_unknown_types_get_no_answer(void)
{
    start(NANORPC_LINK_STREAM);
    fake_port_send_request(&port_a, 1, NANORPC_REQUEST_TYPE_UNSPECIFIED, "/t/echo", NULL, 0);
    fake_port_send_request(&port_a, 2, 7, "/t/echo", NULL, 0);
    fake_port_send_request(&port_a, 3, NANORPC_REQUEST_TYPE_PING, NULL, NULL, 0);
    expect(&port_a, 3, NANORPC_RESPONSE_TYPE_PONG, NANORPC_STATUS_OK, "");
    CHECK_EQ(fake_port_pending_frames(&port_a), 0);
    CHECK_EQ(port_a.closes, 0);
}

static void subscribe_publish_unsubscribe(void)
{
    const uint8_t values[] = {3};
    start(NANORPC_LINK_STREAM);
    fake_port_send_request(&port_a, 5, NANORPC_REQUEST_TYPE_SUBSCRIBE, "/t/topic", NULL, 0);
    expect(&port_a, 5, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_OK, "");
    CHECK_EQ(nanorpc_device_subscription_count(&device), 1);

    /* Updates go out before the answer of the request that published them. */
    fake_port_send_request(&port_a, 6, NANORPC_REQUEST_TYPE_REQUEST, "/t/publish", values, 1);
    expect(&port_a, 5, NANORPC_RESPONSE_TYPE_UPDATE, NANORPC_STATUS_OK, "");
    CHECK_BYTES(response.data, response.data_length, values, 1);
    CHECK(fake_port_next_response(&port_a, &response));
    CHECK_EQ(response.id, 6);
    CHECK_EQ(response.data[0], 1);

    fake_port_send_request(&port_a, 5, NANORPC_REQUEST_TYPE_REQUEST, "/t/topic", NULL, 0);
    expect(&port_a, 5, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_OK, "");
    CHECK_EQ(nanorpc_device_subscription_count(&device), 0);

    fake_port_send_request(&port_a, 7, NANORPC_REQUEST_TYPE_REQUEST, "/t/publish", values, 1);
    expect(&port_a, 7, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_OK, "");
    CHECK_EQ(response.data[0], 0);
}

static void only_an_empty_request_on_the_same_path_unsubscribes(void)
{
    start(NANORPC_LINK_STREAM);
    fake_port_send_request(&port_a, 5, NANORPC_REQUEST_TYPE_SUBSCRIBE, "/t/both", NULL, 0);
    expect(&port_a, 5, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_OK, "");
    /* Same id, other path: an ordinary request. */
    fake_port_send_request(&port_a, 5, NANORPC_REQUEST_TYPE_REQUEST, "/t/echo", NULL, 0);
    expect(&port_a, 5, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_OK, "");
    CHECK_EQ(nanorpc_device_subscription_count(&device), 1);
    /* Same id and path with data: an ordinary request to /t/both. */
    fake_port_send_request(&port_a, 5, NANORPC_REQUEST_TYPE_REQUEST, "/t/both", (const uint8_t *)"d", 1);
    expect(&port_a, 5, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_OK, "");
    CHECK_BYTES(response.data, response.data_length, "d", 1);
    CHECK_EQ(nanorpc_device_subscription_count(&device), 1);
    /* A request on a topic-only path that is no unsubscribe: nothing serves it. */
    fake_port_send_request(&port_a, 8, NANORPC_REQUEST_TYPE_REQUEST, "/t/topic", NULL, 0);
    expect(&port_a, 8, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_NOT_FOUND,
           NANORPC_MESSAGE_NOT_FOUND);
    /* Empty, same id and path: the unsubscribe. */
    fake_port_send_request(&port_a, 5, NANORPC_REQUEST_TYPE_REQUEST, "/t/both", NULL, 0);
    expect(&port_a, 5, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_OK, "");
    CHECK_EQ(response.data_length, 0);
    CHECK_EQ(nanorpc_device_subscription_count(&device), 0);
}

static void subscribe_errors(void)
{
    uint8_t big_filter[NANORPC_MAX_FILTER_SIZE + 1] = {0};
    const uint8_t bad_filter[] = {0xff};
    start(NANORPC_LINK_STREAM);
    fake_port_send_request(&port_a, 1, NANORPC_REQUEST_TYPE_SUBSCRIBE, "/t/echo", NULL, 0);
    expect(&port_a, 1, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_NOT_FOUND,
           NANORPC_MESSAGE_NOT_FOUND);
    fake_port_send_request(&port_a, 2, NANORPC_REQUEST_TYPE_SUBSCRIBE, "/nope", NULL, 0);
    expect(&port_a, 2, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_NOT_FOUND,
           NANORPC_MESSAGE_NOT_FOUND);
    fake_port_send_request(&port_a, 3, NANORPC_REQUEST_TYPE_SUBSCRIBE, "/t/topic", big_filter,
                           sizeof big_filter);
    expect(&port_a, 3, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_INTERNAL_ERROR,
           "filter too large");
    fake_port_send_request(&port_a, 4, NANORPC_REQUEST_TYPE_SUBSCRIBE, "/t/topic", bad_filter, 1);
    expect(&port_a, 4, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_INTERNAL_ERROR, "bad filter");
    CHECK_EQ(nanorpc_device_subscription_count(&device), 0);
}

static void too_many_subscriptions(void)
{
    start(NANORPC_LINK_STREAM);
    for (int32_t id = 1; id <= NANORPC_MAX_SUBSCRIPTIONS; id++) {
        fake_port_send_request(&port_a, id, NANORPC_REQUEST_TYPE_SUBSCRIBE, "/t/topic", NULL, 0);
        expect(&port_a, id, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_OK, "");
    }
    fake_port_send_request(&port_a, 100, NANORPC_REQUEST_TYPE_SUBSCRIBE, "/t/topic", NULL, 0);
    expect(&port_a, 100, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_INTERNAL_ERROR,
           "too many subscriptions");
    CHECK_EQ(nanorpc_device_subscription_count(&device), NANORPC_MAX_SUBSCRIPTIONS);
    /* A subscribe again with a live id replaces it and still succeeds. */
    fake_port_send_request(&port_a, 1, NANORPC_REQUEST_TYPE_SUBSCRIBE, "/t/both", NULL, 0);
    expect(&port_a, 1, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_OK, "");
    CHECK_EQ(nanorpc_device_subscription_count(&device), NANORPC_MAX_SUBSCRIPTIONS);
}

static void publish_applies_each_filter(void)
{
    const uint8_t min5[] = {5};
    const uint8_t values[] = {1, 5, 9};
    start(NANORPC_LINK_STREAM);
    fake_port_send_request(&port_a, 10, NANORPC_REQUEST_TYPE_SUBSCRIBE, "/t/topic", min5, 1);
    fake_port_send_request(&port_a, 11, NANORPC_REQUEST_TYPE_SUBSCRIBE, "/t/topic", NULL, 0);
    fake_port_send_request(&port_a, 12, NANORPC_REQUEST_TYPE_REQUEST, "/t/publish", values, 3);
    fake_port_run(&device);
    /* acks, then per value: 1 -> only the unfiltered; 5 and 9 -> both, in pool order. */
    const int32_t ids[] = {10, 11, 11, 10, 11, 10, 11, 12};
    const uint8_t data[] = {0, 0, 1, 5, 5, 9, 9, 5};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        CHECK(fake_port_next_response(&port_a, &response));
        CHECK_EQ(response.id, ids[i]);
        if (i >= 2) {
            CHECK_EQ(response.data[0], data[i]);
        }
    }
    CHECK_EQ(fake_port_pending_frames(&port_a), 0);
}

static void sessions_are_isolated(void)
{
    const uint8_t value[] = {1};
    start(NANORPC_LINK_STREAM);
    CHECK(nanorpc_device_open(&device, &port_b.port) != NULL);
    CHECK_EQ(nanorpc_device_session_count(&device), 2);
    fake_port_send_request(&port_a, 1, NANORPC_REQUEST_TYPE_SUBSCRIBE, "/t/topic", NULL, 0);
    expect(&port_a, 1, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_OK, "");
    /* B cannot unsubscribe A's id 1: for B it is an ordinary request (not found). */
    fake_port_send_request(&port_b, 1, NANORPC_REQUEST_TYPE_REQUEST, "/t/topic", NULL, 0);
    expect(&port_b, 1, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_NOT_FOUND,
           NANORPC_MESSAGE_NOT_FOUND);
    /* B publishes; A's subscription gets the update. */
    fake_port_send_request(&port_b, 2, NANORPC_REQUEST_TYPE_REQUEST, "/t/publish", value, 1);
    expect(&port_b, 2, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_OK, "");
    CHECK_EQ(response.data[0], 1);
    CHECK(fake_port_next_response(&port_a, &response));
    CHECK_EQ(response.type, NANORPC_RESPONSE_TYPE_UPDATE);
    /* A's peer goes away: its subscriptions end with it. */
    port_a.gone = true;
    fake_port_run(&device);
    CHECK_EQ(port_a.closes, 1);
    CHECK_EQ(nanorpc_device_session_count(&device), 1);
    CHECK_EQ(nanorpc_device_subscription_count(&device), 0);
}

static void session_limit(void)
{
    static fake_port_t extra[NANORPC_MAX_SESSIONS];
    start(NANORPC_LINK_STREAM);
    for (size_t i = 1; i < NANORPC_MAX_SESSIONS; i++) {
        fake_port_init(&extra[i], NANORPC_LINK_STREAM);
        CHECK(nanorpc_device_open(&device, &extra[i].port) != NULL);
    }
    CHECK(nanorpc_device_open(&device, &port_b.port) == NULL);
}

static void restart_comes_after_the_answer(void)
{
    start(NANORPC_LINK_SERIAL);
    fake_port_send_request(&port_a, 1, NANORPC_REQUEST_TYPE_SUBSCRIBE, "/t/topic", NULL, 0);
    fake_port_send_request(&port_a, 2, NANORPC_REQUEST_TYPE_REQUEST, "/t/restart", NULL, 0);
    fake_port_send_request(&port_a, 3, NANORPC_REQUEST_TYPE_PING, NULL, NULL, 0);
    CHECK_EQ(fake_port_run(&device), NANORPC_POLL_RESET);
    CHECK_EQ(port_a.resets, 1);
    CHECK(fake_port_next_response(&port_a, &response));
    CHECK_EQ(response.id, 1);
    CHECK(fake_port_next_response(&port_a, &response));
    CHECK_EQ(response.id, 2);
    CHECK_EQ(response.status, NANORPC_STATUS_OK);
    /* The ping came after the restart request: the restarting device does not serve it. */
    CHECK_EQ(fake_port_pending_frames(&port_a), 0);
    CHECK_EQ(nanorpc_device_poll(&device), NANORPC_POLL_RESET);
}

static void stream_closes_on_invalid_frame(void)
{
    const uint8_t bad_prefix[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0x01};
    const uint8_t bad_body[] = {0x02, 0xff, 0xff};
    const uint8_t *inputs[] = {bad_prefix, bad_body};
    const size_t lengths[] = {sizeof bad_prefix, sizeof bad_body};
    for (size_t i = 0; i < 2; i++) {
        start(NANORPC_LINK_STREAM);
        fake_port_send_request(&port_a, 1, NANORPC_REQUEST_TYPE_SUBSCRIBE, "/t/topic", NULL, 0);
        fake_port_send(&port_a, inputs[i], lengths[i]);
        fake_port_send_request(&port_a, 2, NANORPC_REQUEST_TYPE_PING, NULL, NULL, 0);
        fake_port_run(&device);
        CHECK_EQ(port_a.closes, 1);
        CHECK_EQ(nanorpc_device_session_count(&device), 0);
        CHECK_EQ(nanorpc_device_subscription_count(&device), 0);
        CHECK_EQ(fake_port_pending_frames(&port_a), 1); /* the subscribe ack only */
    }
}

static void serial_resyncs_after_invalid_frame(void)
{
    const uint8_t bad_body[] = {0x02, 0xff, 0xff};
    const uint8_t oversize[] = {0xff, 0x7f};
    start(NANORPC_LINK_SERIAL);
    fake_port_send(&port_a, bad_body, sizeof bad_body);
    fake_port_send_request(&port_a, 1, NANORPC_REQUEST_TYPE_PING, NULL, NULL, 0);
    expect(&port_a, 1, NANORPC_RESPONSE_TYPE_PONG, NANORPC_STATUS_OK, "");
    fake_port_send(&port_a, oversize, sizeof oversize);
    fake_port_send_request(&port_a, 2, NANORPC_REQUEST_TYPE_PING, NULL, NULL, 0);
    expect(&port_a, 2, NANORPC_RESPONSE_TYPE_PONG, NANORPC_STATUS_OK, "");
    CHECK_EQ(port_a.closes, 0);
    nanorpc_device_stats_t stats;
    nanorpc_device_stats(&device, &stats);
    CHECK_EQ(stats.invalid_frames, 2);
}

static void serial_idle_gap_through_the_device(void)
{
    uint8_t frame[16];
    size_t length = test_encode_request(frame, sizeof frame, 4, NANORPC_REQUEST_TYPE_PING, NULL,
                                        NULL, NULL, 0);
    start(NANORPC_LINK_SERIAL);
    port_a.now_ms = 100;
    fake_port_send(&port_a, frame, length - 1); /* cut short */
    expect_silence(&port_a);
    port_a.now_ms = 151;
    fake_port_send(&port_a, frame, length);
    expect(&port_a, 4, NANORPC_RESPONSE_TYPE_PONG, NANORPC_STATUS_OK, "");
}

static void failed_write_ends_a_stream_session(void)
{
    start(NANORPC_LINK_STREAM);
    port_a.fail_writes = true;
    fake_port_send_request(&port_a, 1, NANORPC_REQUEST_TYPE_PING, NULL, NULL, 0);
    fake_port_run(&device);
    CHECK_EQ(port_a.closes, 1);
    CHECK_EQ(nanorpc_device_session_count(&device), 0);

    start(NANORPC_LINK_SERIAL);
    port_a.fail_writes = true;
    fake_port_send_request(&port_a, 1, NANORPC_REQUEST_TYPE_PING, NULL, NULL, 0);
    fake_port_run(&device);
    CHECK_EQ(port_a.closes, 0);
    CHECK_EQ(nanorpc_device_session_count(&device), 1);
}

static void publish_to_a_failing_session_ends_it_and_answers_the_publisher(void)
{
    const uint8_t value[] = {1};
    start(NANORPC_LINK_STREAM);
    CHECK(nanorpc_device_open(&device, &port_b.port) != NULL);
    fake_port_send_request(&port_a, 1, NANORPC_REQUEST_TYPE_SUBSCRIBE, "/t/topic", NULL, 0);
    fake_port_run(&device);
    port_a.fail_writes = true;
    fake_port_send_request(&port_b, 2, NANORPC_REQUEST_TYPE_REQUEST, "/t/publish", value, 1);
    expect(&port_b, 2, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_OK, "");
    CHECK_EQ(response.data[0], 0);
    CHECK_EQ(port_a.closes, 1);
    CHECK_EQ(nanorpc_device_subscription_count(&device), 0);
}

static void oversized_answer_becomes_an_error(void)
{
    start(NANORPC_LINK_STREAM);
    fake_port_send_request(&port_a, 1, NANORPC_REQUEST_TYPE_REQUEST, "/t/big", NULL, 0);
    expect(&port_a, 1, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_INTERNAL_ERROR,
           "response too large");
    CHECK_EQ(response.data_length, 0);
    fake_port_send_request(&port_a, 2, NANORPC_REQUEST_TYPE_REQUEST, "/t/overrun", NULL, 0);
    expect(&port_a, 2, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_INTERNAL_ERROR,
           "response too large");
    CHECK_EQ(response.data_length, 0);
}

/* Each counter moves for its own event only, and survives the session that caused it. */
static void stats_count_each_kind_of_event(void)
{
    const uint8_t bad_body[] = {0x02, 0xff, 0xff};
    uint8_t frame[16];
    size_t length = test_encode_request(frame, sizeof frame, 4, NANORPC_REQUEST_TYPE_PING, NULL,
                                        NULL, NULL, 0);
    nanorpc_device_stats_t stats;

    start(NANORPC_LINK_SERIAL);
    nanorpc_device_stats(&device, &stats);
    CHECK_EQ(stats.frames_received + stats.invalid_frames + stats.idle_drops +
                 stats.oversize_frames + stats.write_failures,
             0);
    fake_port_send_request(&port_a, 1, NANORPC_REQUEST_TYPE_PING, NULL, NULL, 0);
    fake_port_send(&port_a, bad_body, sizeof bad_body);
    fake_port_send_request(&port_a, 2, NANORPC_REQUEST_TYPE_REQUEST, "/t/big", NULL, 0);
    fake_port_run(&device);
    port_a.now_ms = 100;
    fake_port_send(&port_a, frame, length - 1); /* cut short, then an idle gap */
    fake_port_run(&device);
    port_a.now_ms = 200;
    port_a.fail_writes = true;
    fake_port_send(&port_a, frame, length);
    fake_port_run(&device);
    nanorpc_device_stats(&device, &stats);
    CHECK_EQ(stats.frames_received, 3);
    CHECK_EQ(stats.invalid_frames, 1);
    CHECK_EQ(stats.idle_drops, 1);
    CHECK_EQ(stats.oversize_frames, 1);
    CHECK_EQ(stats.write_failures, 1);

    /* The session ends: its counts stay, and a new session adds to them. */
    nanorpc_device_close(&device, &device.sessions[0]);
    CHECK(nanorpc_device_open(&device, &port_b.port) != NULL);
    fake_port_send(&port_b, bad_body, sizeof bad_body);
    fake_port_run(&device);
    nanorpc_device_stats(&device, &stats);
    CHECK_EQ(stats.idle_drops, 1);
    CHECK_EQ(stats.invalid_frames, 2);
    CHECK_EQ(stats.frames_received, 3);
}

/* The port's read time limit rests on this: pending from a frame's first byte to its last, and
 * `since` is that first byte's time, never an earlier frame's. */
static void rx_pending_tracks_the_partial_frame(void)
{
    static nanorpc_device_t other;
    uint8_t frame[16];
    uint32_t since = 0;
    size_t length = test_encode_request(frame, sizeof frame, 4, NANORPC_REQUEST_TYPE_PING, NULL,
                                        NULL, NULL, 0);
    start(NANORPC_LINK_STREAM);
    nanorpc_session_t *session = &device.sessions[0];
    CHECK(!nanorpc_device_rx_pending(&device, session, &since));

    port_a.now_ms = 100;
    fake_port_send(&port_a, frame, 1); /* the length prefix only */
    fake_port_run(&device);
    CHECK(nanorpc_device_rx_pending(&device, session, &since));
    CHECK_EQ(since, 100);
    CHECK(nanorpc_device_rx_pending(&device, session, NULL));

    port_a.now_ms = 200;
    fake_port_send(&port_a, frame + 1, length - 1);
    expect(&port_a, 4, NANORPC_RESPONSE_TYPE_PONG, NANORPC_STATUS_OK, "");
    CHECK(!nanorpc_device_rx_pending(&device, session, &since));

    /* A whole frame and the start of the next in one read: the new frame's own time. */
    port_a.now_ms = 300;
    fake_port_send(&port_a, frame, length);
    fake_port_send(&port_a, frame, 2);
    expect(&port_a, 4, NANORPC_RESPONSE_TYPE_PONG, NANORPC_STATUS_OK, "");
    port_a.now_ms = 400;
    fake_port_send(&port_a, frame + 2, 1);
    fake_port_run(&device);
    CHECK(nanorpc_device_rx_pending(&device, session, &since));
    CHECK_EQ(since, 300);

    /* Closed, a free slot, another device's session: nothing pending. */
    nanorpc_device_close(&device, session);
    CHECK(!nanorpc_device_rx_pending(&device, session, &since));
    CHECK(!nanorpc_device_rx_pending(&device, &device.sessions[1], &since));
    CHECK(nanorpc_device_init(&other, handlers, 1, NULL));
    CHECK(nanorpc_device_open(&other, &port_b.port) != NULL);
    fake_port_send(&port_b, frame, 1);
    fake_port_run(&other);
    CHECK(nanorpc_device_rx_pending(&other, &other.sessions[0], NULL));
    CHECK(!nanorpc_device_rx_pending(&device, &other.sessions[0], NULL));

    /* Serial: an idle gap drops the old partial frame; the byte after it starts a new one. */
    start(NANORPC_LINK_SERIAL);
    port_a.now_ms = 1000;
    fake_port_send(&port_a, frame, 2);
    fake_port_run(&device);
    port_a.now_ms = 2000;
    fake_port_send(&port_a, frame, 1);
    fake_port_run(&device);
    CHECK(nanorpc_device_rx_pending(&device, &device.sessions[0], &since));
    CHECK_EQ(since, 2000);
}

static void duplicate_hash_is_refused(void)
{
    const nanorpc_handler_t twice[] = {{0x10, echo, NULL}, {0x20, echo, NULL}, {0x10, refuse, NULL}};
    CHECK(!nanorpc_device_init(&device, twice, 3, NULL));
    CHECK(nanorpc_device_init(&device, twice, 2, NULL));
}

void device_tests(void)
{
    check_run("device: ping", ping_gets_pong);
    check_run("device: path by string and hash", request_by_string_and_by_hash);
    check_run("device: not found", unknown_missing_or_too_long_path_is_not_found);
    check_run("device: handler status", handler_status_and_message_are_sent);
    check_run("device: unknown types ignored", unspecified_and_unknown_types_get_no_answer);
    check_run("device: subscribe, publish, unsubscribe", subscribe_publish_unsubscribe);
    check_run("device: what unsubscribes", only_an_empty_request_on_the_same_path_unsubscribes);
    check_run("device: subscribe errors", subscribe_errors);
    check_run("device: too many subscriptions", too_many_subscriptions);
    check_run("device: publish filters", publish_applies_each_filter);
    check_run("device: sessions isolated", sessions_are_isolated);
    check_run("device: session limit", session_limit);
    check_run("device: restart after the answer", restart_comes_after_the_answer);
    check_run("device: stream closes on invalid frame", stream_closes_on_invalid_frame);
    check_run("device: serial resyncs", serial_resyncs_after_invalid_frame);
    check_run("device: serial idle gap", serial_idle_gap_through_the_device);
    check_run("device: failed write", failed_write_ends_a_stream_session);
    check_run("device: publish to failing session",
              publish_to_a_failing_session_ends_it_and_answers_the_publisher);
    check_run("device: answer too large", oversized_answer_becomes_an_error);
    check_run("device: stats", stats_count_each_kind_of_event);
    check_run("device: rx pending", rx_pending_tracks_the_partial_frame);
    check_run("device: duplicate hash", duplicate_hash_is_refused);
}
