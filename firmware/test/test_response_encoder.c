/* The library writes NanoRPCResponse field by field; nanopb's descriptor-driven encoder
 * (pb_encode_ex with PB_ENCODE_DELIMITED, what the library used before) is the reference:
 * every response of a grid of ids, types, statuses, messages and data sizes must come out
 * byte for byte the same, and a buffer one byte short must be refused by both. */
#include <pb_encode.h>
#include <string.h>

#include "check.h"
#include "nanorpc.pb.h"
#include "nanorpc/response.h"

typedef struct view {
    const uint8_t *bytes;
    size_t length;
} view_t;

static bool reference_write(pb_ostream_t *stream, const pb_field_t *field, void *const *arg)
{
    const view_t *view = (const view_t *)*arg;
    return pb_encode_tag_for_field(stream, field) &&
           pb_encode_string(stream, view->bytes, view->length);
}

static size_t reference_encode(const nanorpc_response_t *response, uint8_t *buffer,
                               size_t capacity)
{
    NanoRPCResponse message = NanoRPCResponse_init_zero;
    view_t text = {(const uint8_t *)response->message,
                   response->message != NULL ? strlen(response->message) : 0};
    view_t data = {response->data, response->data_length};
    pb_ostream_t stream = pb_ostream_from_buffer(buffer, capacity);

    message.request_id = response->id;
    message.response_type = (NanoRPCResponse_Type)response->type;
    message.response_status = (NanoRPCResponse_Status)response->status;
    if (text.length > 0) {
        message.response_message.funcs.encode = reference_write;
        message.response_message.arg = &text;
    }
    if (data.length > 0) {
        message.data.funcs.encode = reference_write;
        message.data.arg = &data;
    }
    if (!pb_encode_ex(&stream, NanoRPCResponse_fields, &message, PB_ENCODE_DELIMITED)) {
        return 0;
    }
    return stream.bytes_written;
}

static void same_bytes_as_pb_encode(void)
{
    static const int32_t ids[] = {0, 1, -1, 127, 128, 300, INT32_MAX, INT32_MIN};
    static const char *const messages[] = {NULL, "", "x", "no handler registered for path"};
    static const size_t data_sizes[] = {0, 1, 100, 127, 128, 240};
    uint8_t data[240];
    size_t compared = 0;

    for (size_t i = 0; i < sizeof data; i++) {
        data[i] = (uint8_t)(i * 7u + 3u);
    }
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        for (int type = 1; type <= 3; type++) {
            for (int status = 0; status <= 4; status++) {
                for (size_t m = 0; m < sizeof messages / sizeof messages[0]; m++) {
                    for (size_t d = 0; d < sizeof data_sizes / sizeof data_sizes[0]; d++) {
                        const nanorpc_response_t response = {
                            ids[i], (nanorpc_response_type_t)type, (nanorpc_status_t)status,
                            messages[m], data, data_sizes[d]};
                        uint8_t expected[320];
                        uint8_t actual[320];
                        size_t length = reference_encode(&response, expected, sizeof expected);
                        CHECK(length > 0);
                        CHECK_BYTES(actual, nanorpc_response_encode(&response, actual, sizeof actual),
                                    expected, length);
                        /* Exactly the frame's size fits; one byte less does not. */
                        CHECK_EQ(nanorpc_response_encode(&response, actual, length), length);
                        CHECK_EQ(nanorpc_response_encode(&response, actual, length - 1), 0);
                        CHECK_EQ(reference_encode(&response, expected, length - 1), 0);
                        compared++;
                    }
                }
            }
        }
    }
    CHECK_EQ(compared, 8 * 3 * 5 * 4 * 6);
}

void response_encoder_tests(void)
{
    check_run("response encoder: same bytes as pb_encode_ex delimited", same_bytes_as_pb_encode);
}
