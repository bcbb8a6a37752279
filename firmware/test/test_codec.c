#include "test_codec.h"

#include <pb_decode.h>
#include <pb_encode.h>
#include <string.h>

#include "nanorpc.pb.h"

typedef struct view {
    const uint8_t *bytes;
    size_t length;
} view_t;

static bool write_view(pb_ostream_t *stream, const pb_field_t *field, void *const *arg)
{
    const view_t *view = (const view_t *)*arg;
    return pb_encode_tag_for_field(stream, field) &&
           pb_encode_string(stream, view->bytes, view->length);
}

size_t test_encode_request(uint8_t *frame, size_t capacity, int32_t id, uint32_t type,
                           const char *path, const uint32_t *path_hash, const uint8_t *data,
                           size_t data_length)
{
    NanoRPCRequest message = NanoRPCRequest_init_zero;
    view_t path_view = {(const uint8_t *)path, path ? strlen(path) : 0};
    view_t data_view = {data, data_length};
    pb_ostream_t stream = pb_ostream_from_buffer(frame, capacity);

    message.request_id = id;
    message.request_type = (NanoRPCRequest_Type)type;
    if (path_hash != NULL) {
        message.has_path_hash = true;
        message.path_hash = *path_hash;
    }
    if (path != NULL) {
        message.path.funcs.encode = write_view;
        message.path.arg = &path_view;
    }
    if (data_length > 0) {
        message.data.funcs.encode = write_view;
        message.data.arg = &data_view;
    }
    if (!pb_encode_ex(&stream, NanoRPCRequest_fields, &message, PB_ENCODE_DELIMITED)) {
        return 0;
    }
    return stream.bytes_written;
}

typedef struct sink {
    uint8_t *bytes;
    size_t capacity;
    size_t *length;
} sink_t;

static bool read_into(pb_istream_t *stream, const pb_field_t *field, void **arg)
{
    (void)field;
    sink_t *sink = (sink_t *)*arg;
    size_t length = stream->bytes_left;
    if (length > sink->capacity) {
        return false;
    }
    *sink->length = length;
    return pb_read(stream, sink->bytes, length);
}

bool test_decode_response_body(const uint8_t *body, size_t length, test_response_t *response)
{
    NanoRPCResponse message = NanoRPCResponse_init_zero;
    size_t message_length = 0;
    sink_t message_sink = {(uint8_t *)response->message, sizeof response->message - 1,
                           &message_length};
    sink_t data_sink = {response->data, sizeof response->data, &response->data_length};
    pb_istream_t stream = pb_istream_from_buffer(body, length);

    memset(response, 0, sizeof *response);
    message.response_message.funcs.decode = read_into;
    message.response_message.arg = &message_sink;
    message.data.funcs.decode = read_into;
    message.data.arg = &data_sink;
    if (!pb_decode(&stream, NanoRPCResponse_fields, &message)) {
        return false;
    }
    response->message[message_length] = '\0';
    response->id = message.request_id;
    response->type = (uint32_t)message.response_type;
    response->status = (uint32_t)message.response_status;
    return true;
}

size_t test_read_prefix(const uint8_t *bytes, size_t length, uint32_t *value)
{
    uint32_t result = 0;
    for (size_t i = 0; i < length && i < 5; i++) {
        result |= (uint32_t)(bytes[i] & 0x7f) << (7 * i);
        if (!(bytes[i] & 0x80)) {
            *value = result;
            return i + 1;
        }
    }
    return 0;
}
