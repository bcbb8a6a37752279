#include "demo_app.h"

#include <string.h>

#include "demo_device.pb.h"
#include "demo_device_paths.h"
#include "demo_payload.h"
#include "demo_temperature.h"

/* Paths whose request type is demo.Empty still check that the data decodes as one. */
static bool decode_empty(nanorpc_call_t *call)
{
    demo_Empty empty = demo_Empty_init_zero;
    return demo_payload_decode(call, demo_Empty_fields, &empty, DEMO_CANNOT_DECODE("demo.Empty"));
}

static nanorpc_status_t sys_info(nanorpc_call_t *call)
{
    const demo_app_t *app = (const demo_app_t *)call->app;
    demo_SysInfo info = demo_SysInfo_init_zero;

    if (!decode_empty(call)) {
        return NANORPC_STATUS_INTERNAL_ERROR;
    }
    strncpy(info.device_name, DEMO_DEVICE_NAME, sizeof info.device_name - 1);
    strncpy(info.firmware_version, DEMO_FIRMWARE_VERSION, sizeof info.firmware_version - 1);
    info.uptime_ms = (uint32_t)(call->port->millis(call->port->ctx) - app->boot_ms);
    info.max_frame_size = NANORPC_MAX_FRAME_SIZE;
    info.max_subscriptions = NANORPC_MAX_SUBSCRIPTIONS;
    info.max_path_length = NANORPC_MAX_PATH_LENGTH;
    info.boot_count = app->boot_count;
    return demo_payload_answer(call, demo_SysInfo_fields, &info);
}

/* Raw bytes: the payload is not a protobuf message. */
static nanorpc_status_t echo(nanorpc_call_t *call)
{
    if (call->data_length > call->answer_capacity) {
        call->message = NANORPC_MESSAGE_RESPONSE_TOO_LARGE;
        return NANORPC_STATUS_INTERNAL_ERROR;
    }
    memcpy(call->answer, call->data, call->data_length);
    call->answer_length = call->data_length;
    return NANORPC_STATUS_OK;
}

static nanorpc_status_t multiply(nanorpc_call_t *call)
{
    demo_MultiplyRequest request = demo_MultiplyRequest_init_zero;
    demo_MultiplyResponse response = demo_MultiplyResponse_init_zero;

    if (!demo_payload_decode(call, demo_MultiplyRequest_fields, &request,
                             DEMO_CANNOT_DECODE("demo.MultiplyRequest"))) {
        return NANORPC_STATUS_INTERNAL_ERROR;
    }
    response.product = (int64_t)request.a * (int64_t)request.b;
    return demo_payload_answer(call, demo_MultiplyResponse_fields, &response);
}

static nanorpc_status_t led(nanorpc_call_t *call)
{
    demo_app_t *app = (demo_app_t *)call->app;
    demo_LedRequest request = demo_LedRequest_init_zero;
    demo_LedState state = demo_LedState_init_zero;

    if (!demo_payload_decode(call, demo_LedRequest_fields, &request,
                             DEMO_CANNOT_DECODE("demo.LedRequest"))) {
        return NANORPC_STATUS_INTERNAL_ERROR;
    }
    switch (request.action) {
    case demo_LedRequest_ACTION_READ:
        break;
    case demo_LedRequest_ACTION_OFF:
        app->led_on = false;
        break;
    case demo_LedRequest_ACTION_ON:
        app->led_on = true;
        break;
    case demo_LedRequest_ACTION_TOGGLE:
        app->led_on = !app->led_on;
        break;
    default:
        call->message = "unknown LED action";
        return NANORPC_STATUS_INTERNAL_ERROR;
    }
    state.on = app->led_on;
    return demo_payload_answer(call, demo_LedState_fields, &state);
}

static nanorpc_status_t fail(nanorpc_call_t *call)
{
    if (decode_empty(call)) {
        call->message = "simulated failure";
    }
    return NANORPC_STATUS_INTERNAL_ERROR;
}

static nanorpc_status_t forbidden(nanorpc_call_t *call)
{
    if (!decode_empty(call)) {
        return NANORPC_STATUS_INTERNAL_ERROR;
    }
    call->message = "forbidden";
    return NANORPC_STATUS_NOT_AUTHORIZED;
}

static nanorpc_status_t reboot(nanorpc_call_t *call)
{
    if (!decode_empty(call)) {
        return NANORPC_STATUS_INTERNAL_ERROR;
    }
    call->reset_after = true;
    return NANORPC_STATUS_OK;
}

static const nanorpc_handler_t demo_handlers[] = {
    {DEMO_DEVICE_PATH_SYS_INFO_HASH, sys_info, NULL},
    {DEMO_DEVICE_PATH_ECHO_HASH, echo, NULL},
    {DEMO_DEVICE_PATH_CALC_MULTIPLY_HASH, multiply, NULL},
    {DEMO_DEVICE_PATH_GPIO_LED_HASH, led, NULL},
    {DEMO_DEVICE_PATH_SENSORS_TEMP_HASH, NULL, demo_temperature_subscribe},
    {DEMO_DEVICE_PATH_TEST_PUBLISH_HASH, demo_temperature_publish, NULL},
    {DEMO_DEVICE_PATH_TEST_FAIL_HASH, fail, NULL},
    {DEMO_DEVICE_PATH_TEST_FORBIDDEN_HASH, forbidden, NULL},
    {DEMO_DEVICE_PATH_SYS_REBOOT_HASH, reboot, NULL},
};

_Static_assert(sizeof demo_handlers / sizeof demo_handlers[0] == DEMO_DEVICE_PATH_COUNT,
               "every path of demo_device.proto has a handler");

bool demo_app_init(demo_app_t *app, nanorpc_device_t *device, uint32_t boot_count, uint32_t now_ms)
{
    memset(app, 0, sizeof *app);
    app->device = device;
    app->boot_count = boot_count;
    app->boot_ms = now_ms;
    return nanorpc_device_init(device, demo_handlers, sizeof demo_handlers / sizeof demo_handlers[0],
                               app);
}
