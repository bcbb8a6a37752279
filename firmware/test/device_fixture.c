#include "device_fixture.h"

#include <string.h>

#include "check.h"
#include "nanorpc/fnv1a.h"

nanorpc_device_t device;
fake_port_t port_a;
fake_port_t port_b;
test_response_t response;
nanorpc_handler_t handlers[DEVICE_FIXTURE_HANDLERS];

nanorpc_status_t echo(nanorpc_call_t *call)
{
    memcpy(call->answer, call->data, call->data_length);
    call->answer_length = call->data_length;
    return NANORPC_STATUS_OK;
}

nanorpc_status_t refuse(nanorpc_call_t *call)
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

void start(nanorpc_link_kind_t kind)
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

void expect(fake_port_t *fake, int32_t id, uint32_t type, uint32_t status, const char *message)
{
    fake_port_run(&device);
    CHECK(fake_port_next_response(fake, &response));
    CHECK_EQ(response.id, id);
    CHECK_EQ(response.type, type);
    CHECK_EQ(response.status, status);
    CHECK_STR(response.message, message);
}

void expect_silence(fake_port_t *fake)
{
    fake_port_run(&device);
    CHECK_EQ(fake_port_pending_frames(fake), 0);
}
