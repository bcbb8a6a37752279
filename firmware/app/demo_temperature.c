/* The /sensors/temp topic and /test/publish, which publishes readings on it. Both functions are
 * declared by the generated handler table (demo_device_handlers.h, nanorpc-hil gen c). */
#include <pb_decode.h>
#include <pb_encode.h>

#include "demo_app.h"
#include "demo_device.pb.h"
#include "demo_device_handlers.h"
#include "demo_payload.h"

#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)

static bool decode_filter(const uint8_t *filter, size_t filter_length, demo_TempFilter *decoded)
{
    pb_istream_t stream = pb_istream_from_buffer(filter, filter_length);
    *decoded = (demo_TempFilter)demo_TempFilter_init_zero;
    return pb_decode(&stream, demo_TempFilter_fields, decoded);
}

/* Publish predicate: readings at or above the subscription's minimum. */
static bool filter_accepts(const uint8_t *filter, size_t filter_length, const void *value)
{
    const demo_TempReading *reading = (const demo_TempReading *)value;
    demo_TempFilter decoded;
    /* The filter was checked at subscribe time; a filter that no longer decodes matches nothing. */
    return decode_filter(filter, filter_length, &decoded) &&
           reading->milli_celsius >= decoded.min_milli_celsius;
}

/* TYPE_SUBSCRIBE on /sensors/temp: accepts an empty filter or a TempFilter. */
nanorpc_status_t demo_device_temperature_subscribe(nanorpc_call_t *call)
{
    demo_TempFilter decoded;
    if (call->data_length > 0 && !decode_filter(call->data, call->data_length, &decoded)) {
        call->message = DEMO_CANNOT_DECODE("demo.TempFilter");
        return NANORPC_STATUS_INTERNAL_ERROR;
    }
    return NANORPC_STATUS_OK;
}

/* /test/publish: publishes PublishRequest.count readings, then answers PublishResult. */
nanorpc_status_t demo_device_publish(nanorpc_call_t *call)
{
    demo_app_t *app = (demo_app_t *)call->app;
    demo_PublishRequest request = demo_PublishRequest_init_zero;
    demo_PublishResult result = demo_PublishResult_init_zero;

    if (!demo_payload_decode(call, demo_PublishRequest_fields, &request,
                             DEMO_CANNOT_DECODE("demo.PublishRequest"))) {
        return NANORPC_STATUS_INTERNAL_ERROR;
    }
    if (request.count > DEMO_MAX_PUBLISH_COUNT) {
        call->message = "count above " STRINGIFY(DEMO_MAX_PUBLISH_COUNT);
        return NANORPC_STATUS_INTERNAL_ERROR;
    }
    for (uint32_t i = 0; i < request.count; i++) {
        demo_TempReading reading = demo_TempReading_init_zero;
        uint8_t encoded[demo_TempReading_size];
        pb_ostream_t stream = pb_ostream_from_buffer(encoded, sizeof encoded);

        reading.sequence = ++app->last_sequence;
        /* start + i * step, wrapping at 32 bits like a sint32 written from a wider integer. */
        reading.milli_celsius = (int32_t)((uint32_t)request.start_milli_celsius +
                                          i * (uint32_t)request.step_milli_celsius);
        if (!pb_encode(&stream, demo_TempReading_fields, &reading)) {
            return NANORPC_STATUS_INTERNAL_ERROR; /* cannot happen: the buffer has the max size */
        }
        result.published++;
        result.delivered += (uint32_t)nanorpc_device_publish(
            call->device, DEMO_DEVICE_PATH_SENSORS_TEMP_HASH, encoded, stream.bytes_written,
            filter_accepts, &reading);
    }
    return demo_payload_answer(call, demo_PublishResult_fields, &result);
}
