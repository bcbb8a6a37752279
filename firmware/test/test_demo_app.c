#include <limits.h>
#include <pb_decode.h>
#include <pb_encode.h>
#include <string.h>

#include "check.h"
#include "demo_app.h"
#include "demo_device.pb.h"
#include "fake_port.h"

static nanorpc_device_t device;
static demo_app_t app;
static fake_port_t port;
static test_response_t response;

static void boot(uint32_t boot_count)
{
    CHECK(demo_app_init(&app, &device, boot_count, port.now_ms));
    CHECK(nanorpc_device_open(&device, &port.port) != NULL);
}

static void power_on(void)
{
    fake_port_init(&port, NANORPC_LINK_SERIAL);
    port.now_ms = 1000;
    boot(0);
}

/* Sends a request with `message` encoded as its data (fields NULL: raw `raw` bytes). */
static void call(int32_t id, uint32_t type, const char *path, const pb_msgdesc_t *fields,
                 const void *message)
{
    uint8_t data[128];
    pb_ostream_t stream = pb_ostream_from_buffer(data, sizeof data);
    if (fields != NULL) {
        CHECK(pb_encode(&stream, fields, message));
    }
    fake_port_send_request(&port, id, type, path, data, stream.bytes_written);
}

static void call_raw(int32_t id, const char *path, const void *data, size_t length)
{
    fake_port_send_request(&port, id, NANORPC_REQUEST_TYPE_REQUEST, path, (const uint8_t *)data,
                           length);
}

static void next(int32_t id, uint32_t type, uint32_t status, const char *message)
{
    CHECK(fake_port_next_response(&port, &response));
    CHECK_EQ(response.id, id);
    CHECK_EQ(response.type, type);
    CHECK_EQ(response.status, status);
    CHECK_STR(response.message, message);
}

static void answer(int32_t id, uint32_t status, const char *message)
{
    fake_port_run(&device);
    next(id, NANORPC_RESPONSE_TYPE_RESPONSE, status, message);
}

static bool decode_data(const pb_msgdesc_t *fields, void *message)
{
    pb_istream_t stream = pb_istream_from_buffer(response.data, response.data_length);
    return pb_decode(&stream, fields, message);
}

static void sys_info_reports_identity_and_limits(void)
{
    demo_SysInfo info = demo_SysInfo_init_zero;
    fake_port_init(&port, NANORPC_LINK_SERIAL);
    port.now_ms = 5000;
    boot(3);
    port.now_ms = 5250;
    call_raw(1, "/sys/info", NULL, 0);
    answer(1, NANORPC_STATUS_OK, "");
    CHECK(decode_data(demo_SysInfo_fields, &info));
    CHECK_STR(info.device_name, "nanorpc-demo");
    CHECK_STR(info.firmware_version, DEMO_FIRMWARE_VERSION);
    CHECK_EQ(info.uptime_ms, 250);
    CHECK_EQ(info.max_frame_size, 256);
    CHECK_EQ(info.max_subscriptions, NANORPC_MAX_SUBSCRIPTIONS);
    CHECK_EQ(info.max_path_length, 50);
    CHECK_EQ(info.boot_count, 3);
}

static void echo_returns_raw_bytes(void)
{
    uint8_t big[200];
    power_on();
    for (size_t i = 0; i < sizeof big; i++) {
        big[i] = (uint8_t)(i * 7);
    }
    call_raw(1, "/echo", "\xff\x00\x80", 3); /* not protobuf: echoed as is */
    answer(1, NANORPC_STATUS_OK, "");
    CHECK_BYTES(response.data, response.data_length, "\xff\x00\x80", 3);
    call_raw(2, "/echo", NULL, 0);
    answer(2, NANORPC_STATUS_OK, "");
    CHECK_EQ(response.data_length, 0);
    call_raw(3, "/echo", big, sizeof big);
    answer(3, NANORPC_STATUS_OK, "");
    CHECK_BYTES(response.data, response.data_length, big, sizeof big);
}

static void multiply_gives_an_int64_product(void)
{
    static const int32_t cases[][2] = {{6, 7}, {3, -4}, {INT32_MIN, INT32_MIN}, {INT32_MAX, -1}, {0, 99}};
    power_on();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        demo_MultiplyRequest request = {cases[i][0], cases[i][1]};
        demo_MultiplyResponse result = demo_MultiplyResponse_init_zero;
        call((int32_t)i, NANORPC_REQUEST_TYPE_REQUEST, "/calc/multiply", demo_MultiplyRequest_fields,
             &request);
        answer((int32_t)i, NANORPC_STATUS_OK, "");
        CHECK(decode_data(demo_MultiplyResponse_fields, &result));
        CHECK(result.product == (int64_t)cases[i][0] * cases[i][1]);
    }
}

static void led_reads_sets_and_toggles(void)
{
    static const struct {
        demo_LedRequest_Action action;
        bool on;
    } steps[] = {
        {demo_LedRequest_ACTION_READ, false},  {demo_LedRequest_ACTION_ON, true},
        {demo_LedRequest_ACTION_READ, true},   {demo_LedRequest_ACTION_TOGGLE, false},
        {demo_LedRequest_ACTION_TOGGLE, true}, {demo_LedRequest_ACTION_OFF, false},
        {demo_LedRequest_ACTION_OFF, false},
    };
    power_on();
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        demo_LedRequest request = {steps[i].action};
        demo_LedState state = {!steps[i].on};
        call((int32_t)i, NANORPC_REQUEST_TYPE_REQUEST, "/gpio/led", demo_LedRequest_fields, &request);
        answer((int32_t)i, NANORPC_STATUS_OK, "");
        CHECK(decode_data(demo_LedState_fields, &state));
        CHECK_EQ(state.on, steps[i].on);
    }
    call_raw(50, "/gpio/led", "\x08\x09", 2);
    answer(50, NANORPC_STATUS_INTERNAL_ERROR, "unknown LED action");
}

static void check_reading(int32_t id, uint32_t sequence, int32_t milli_celsius)
{
    demo_TempReading reading = demo_TempReading_init_zero;
    next(id, NANORPC_RESPONSE_TYPE_UPDATE, NANORPC_STATUS_OK, "");
    CHECK(decode_data(demo_TempReading_fields, &reading));
    CHECK_EQ(reading.sequence, sequence);
    CHECK_EQ(reading.milli_celsius, milli_celsius);
}

static void check_publish_result(int32_t id, uint32_t published, uint32_t delivered)
{
    demo_PublishResult result = demo_PublishResult_init_zero;
    next(id, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_OK, "");
    CHECK(decode_data(demo_PublishResult_fields, &result));
    CHECK_EQ(result.published, published);
    CHECK_EQ(result.delivered, delivered);
}

static void temperature_updates_come_before_the_publish_answer(void)
{
    demo_TempFilter warm = {20000};
    demo_PublishRequest three = {3, 19000, 1000};
    demo_PublishRequest one = {1, -5, 0};
    power_on();
    call(10, NANORPC_REQUEST_TYPE_SUBSCRIBE, "/sensors/temp", demo_TempFilter_fields, &warm);
    answer(10, NANORPC_STATUS_OK, "");
    call(11, NANORPC_REQUEST_TYPE_SUBSCRIBE, "/sensors/temp", NULL, NULL); /* every reading */
    answer(11, NANORPC_STATUS_OK, "");
    call(12, NANORPC_REQUEST_TYPE_REQUEST, "/test/publish", demo_PublishRequest_fields, &three);
    fake_port_run(&device);
    check_reading(11, 1, 19000);
    check_reading(10, 2, 20000);
    check_reading(11, 2, 20000);
    check_reading(10, 3, 21000);
    check_reading(11, 3, 21000);
    check_publish_result(12, 3, 5);
    /* The sequence goes on; negative values pass the empty filter only. */
    call(13, NANORPC_REQUEST_TYPE_REQUEST, "/test/publish", demo_PublishRequest_fields, &one);
    fake_port_run(&device);
    check_reading(11, 4, -5);
    check_publish_result(13, 1, 1);
    /* Unsubscribed: no more updates for 11. */
    call_raw(11, "/sensors/temp", NULL, 0);
    answer(11, NANORPC_STATUS_OK, "");
    call(14, NANORPC_REQUEST_TYPE_REQUEST, "/test/publish", demo_PublishRequest_fields, &one);
    fake_port_run(&device);
    check_publish_result(14, 1, 0);
}

static void a_reading_counts_even_without_subscribers(void)
{
    demo_PublishRequest two = {2, 0, 1};
    demo_PublishRequest one = {1, 0, 0};
    power_on();
    call(1, NANORPC_REQUEST_TYPE_REQUEST, "/test/publish", demo_PublishRequest_fields, &two);
    fake_port_run(&device);
    check_publish_result(1, 2, 0);
    call(2, NANORPC_REQUEST_TYPE_SUBSCRIBE, "/sensors/temp", NULL, NULL);
    call(3, NANORPC_REQUEST_TYPE_REQUEST, "/test/publish", demo_PublishRequest_fields, &one);
    fake_port_run(&device);
    next(2, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_OK, "");
    check_reading(2, 3, 0);
}

static void publish_values_wrap_at_32_bits(void)
{
    demo_PublishRequest request = {2, INT32_MAX, 1};
    power_on();
    call(1, NANORPC_REQUEST_TYPE_SUBSCRIBE, "/sensors/temp", NULL, NULL);
    call(2, NANORPC_REQUEST_TYPE_REQUEST, "/test/publish", demo_PublishRequest_fields, &request);
    fake_port_run(&device);
    next(1, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_OK, "");
    check_reading(1, 1, INT32_MAX);
    check_reading(1, 2, INT32_MIN);
}

static void publish_count_is_bounded(void)
{
    demo_PublishRequest too_many = {DEMO_MAX_PUBLISH_COUNT + 1, 0, 0};
    demo_PublishRequest most = {DEMO_MAX_PUBLISH_COUNT, 0, 0};
    power_on();
    call(1, NANORPC_REQUEST_TYPE_REQUEST, "/test/publish", demo_PublishRequest_fields, &too_many);
    answer(1, NANORPC_STATUS_INTERNAL_ERROR, "count above 1000");
    call(2, NANORPC_REQUEST_TYPE_REQUEST, "/test/publish", demo_PublishRequest_fields, &most);
    fake_port_run(&device);
    check_publish_result(2, DEMO_MAX_PUBLISH_COUNT, 0);
}

static void errors_name_the_payload_type(void)
{
    power_on();
    call_raw(1, "/calc/multiply", "\xff\xff", 2);
    answer(1, NANORPC_STATUS_INTERNAL_ERROR, "cannot decode demo.MultiplyRequest");
    call_raw(2, "/gpio/led", "\x0a", 1);
    answer(2, NANORPC_STATUS_INTERNAL_ERROR, "cannot decode demo.LedRequest");
    call_raw(3, "/test/publish", "\x08", 1);
    answer(3, NANORPC_STATUS_INTERNAL_ERROR, "cannot decode demo.PublishRequest");
    call_raw(4, "/sys/info", "\xff", 1);
    answer(4, NANORPC_STATUS_INTERNAL_ERROR, "cannot decode demo.Empty");
    fake_port_send_request(&port, 5, NANORPC_REQUEST_TYPE_SUBSCRIBE, "/sensors/temp",
                           (const uint8_t *)"\x08", 1);
    answer(5, NANORPC_STATUS_INTERNAL_ERROR, "cannot decode demo.TempFilter");
    CHECK_EQ(nanorpc_device_subscription_count(&device), 0);
    /* Unknown fields are no error (proto3). */
    call_raw(6, "/sys/info", "\x78\x01", 2);
    answer(6, NANORPC_STATUS_OK, "");
}

static void fail_forbidden_and_unknown_paths(void)
{
    power_on();
    call_raw(1, "/test/fail", NULL, 0);
    answer(1, NANORPC_STATUS_INTERNAL_ERROR, "simulated failure");
    call_raw(2, "/test/forbidden", NULL, 0);
    answer(2, NANORPC_STATUS_NOT_AUTHORIZED, "forbidden");
    call_raw(3, "/sys/nothing", NULL, 0);
    answer(3, NANORPC_STATUS_NOT_FOUND, "no handler registered for path");
    /* /sensors/temp is a topic: a request that is no unsubscribe is not served. */
    call_raw(4, "/sensors/temp", NULL, 0);
    answer(4, NANORPC_STATUS_NOT_FOUND, "no handler registered for path");
    /* /echo is no topic. */
    fake_port_send_request(&port, 5, NANORPC_REQUEST_TYPE_SUBSCRIBE, "/echo", NULL, 0);
    answer(5, NANORPC_STATUS_NOT_FOUND, "no handler registered for path");
}

static void reboot_answers_then_restarts_fresh(void)
{
    demo_LedRequest on = {demo_LedRequest_ACTION_ON};
    demo_LedRequest read = {demo_LedRequest_ACTION_READ};
    demo_PublishRequest one = {1, 7, 0};
    demo_SysInfo info = demo_SysInfo_init_zero;
    demo_LedState state = {true};
    power_on();
    call(1, NANORPC_REQUEST_TYPE_REQUEST, "/gpio/led", demo_LedRequest_fields, &on);
    call(2, NANORPC_REQUEST_TYPE_SUBSCRIBE, "/sensors/temp", NULL, NULL);
    call(3, NANORPC_REQUEST_TYPE_REQUEST, "/test/publish", demo_PublishRequest_fields, &one);
    fake_port_run(&device);
    port.output_taken = port.output_length;
    call_raw(4, "/sys/reboot", NULL, 0);
    CHECK_EQ(fake_port_run(&device), NANORPC_POLL_RESET);
    CHECK_EQ(port.resets, 1);
    next(4, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_OK, "");

    /* What a host port does on NANORPC_POLL_RESET: boot again, one restart more. */
    boot(app.boot_count + 1);
    CHECK_EQ(nanorpc_device_subscription_count(&device), 0);
    call_raw(5, "/sys/info", NULL, 0);
    answer(5, NANORPC_STATUS_OK, "");
    CHECK(decode_data(demo_SysInfo_fields, &info));
    CHECK_EQ(info.boot_count, 1);
    call(6, NANORPC_REQUEST_TYPE_REQUEST, "/gpio/led", demo_LedRequest_fields, &read);
    answer(6, NANORPC_STATUS_OK, "");
    CHECK(decode_data(demo_LedState_fields, &state));
    CHECK(!state.on);
    call(7, NANORPC_REQUEST_TYPE_SUBSCRIBE, "/sensors/temp", NULL, NULL);
    call(8, NANORPC_REQUEST_TYPE_REQUEST, "/test/publish", demo_PublishRequest_fields, &one);
    fake_port_run(&device);
    next(7, NANORPC_RESPONSE_TYPE_RESPONSE, NANORPC_STATUS_OK, "");
    check_reading(7, 1, 7);
}

void demo_app_tests(void)
{
    check_run("demo: /sys/info", sys_info_reports_identity_and_limits);
    check_run("demo: /echo", echo_returns_raw_bytes);
    check_run("demo: /calc/multiply", multiply_gives_an_int64_product);
    check_run("demo: /gpio/led", led_reads_sets_and_toggles);
    check_run("demo: /sensors/temp and /test/publish", temperature_updates_come_before_the_publish_answer);
    check_run("demo: sequence counts every reading", a_reading_counts_even_without_subscribers);
    check_run("demo: publish values wrap", publish_values_wrap_at_32_bits);
    check_run("demo: publish count bounded", publish_count_is_bounded);
    check_run("demo: undecodable payloads", errors_name_the_payload_type);
    check_run("demo: fail, forbidden, not found", fail_forbidden_and_unknown_paths);
    check_run("demo: /sys/reboot", reboot_answers_then_restarts_fresh);
}
