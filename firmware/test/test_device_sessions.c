/* What a device session keeps: its subscriptions, what reaches them, its isolation from the
 * other sessions, and the session limit. */
#include "check.h"
#include "device_fixture.h"

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

void device_session_tests(void)
{
    check_run("device: subscribe, publish, unsubscribe", subscribe_publish_unsubscribe);
    check_run("device: what unsubscribes", only_an_empty_request_on_the_same_path_unsubscribes);
    check_run("device: subscribe errors", subscribe_errors);
    check_run("device: too many subscriptions", too_many_subscriptions);
    check_run("device: publish filters", publish_applies_each_filter);
    check_run("device: sessions isolated", sessions_are_isolated);
    check_run("device: session limit", session_limit);
}
