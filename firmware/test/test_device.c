/* The device answering calls: pings, paths by string and hash, handler results, restarts. */
#include <string.h>

#include "check.h"
#include "device_fixture.h"
#include "nanorpc/fnv1a.h"

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
    check_run("device: restart after the answer", restart_comes_after_the_answer);
    check_run("device: answer too large", oversized_answer_becomes_an_error);
    check_run("device: duplicate hash", duplicate_hash_is_refused);
}
