/* The device on a failing link: invalid frames (stream closes, serial resyncs), idle gaps,
 * failed writes, and the counters and partial-frame state that report them. */
#include "check.h"
#include "device_fixture.h"

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

void device_link_tests(void)
{
    check_run("device: stream closes on invalid frame", stream_closes_on_invalid_frame);
    check_run("device: serial resyncs", serial_resyncs_after_invalid_frame);
    check_run("device: serial idle gap", serial_idle_gap_through_the_device);
    check_run("device: failed write", failed_write_ends_a_stream_session);
    check_run("device: publish to failing session",
              publish_to_a_failing_session_ends_it_and_answers_the_publisher);
    check_run("device: stats", stats_count_each_kind_of_event);
    check_run("device: rx pending", rx_pending_tracks_the_partial_frame);
}
