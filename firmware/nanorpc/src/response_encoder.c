#include "nanorpc/response.h"

#include <pb_encode.h>
#include <string.h>

#include "nanorpc.pb.h"

typedef struct bytes_view {
    const uint8_t *bytes;
    size_t length;
} bytes_view_t;

/* Writes a string or bytes field from a bytes_view_t (both are length-delimited). */
static bool write_bytes(pb_ostream_t *stream, const pb_field_t *field, void *const *arg)
{
    const bytes_view_t *view = (const bytes_view_t *)*arg;
    return pb_encode_tag_for_field(stream, field) &&
           pb_encode_string(stream, view->bytes, view->length);
}

size_t nanorpc_response_encode(const nanorpc_response_t *response, uint8_t *buffer, size_t capacity)
{
    NanoRPCResponse message = NanoRPCResponse_init_zero;
    bytes_view_t text = {NULL, 0};
    bytes_view_t data = {response->data, response->data_length};
    pb_ostream_t stream = pb_ostream_from_buffer(buffer, capacity);

    message.request_id = response->id;
    message.response_type = (NanoRPCResponse_Type)response->type;
    message.response_status = (NanoRPCResponse_Status)response->status;
    /* proto3: an empty string or bytes field is not written at all. */
    if (response->message != NULL && response->message[0] != '\0') {
        text.bytes = (const uint8_t *)response->message;
        text.length = strlen(response->message);
        message.response_message.funcs.encode = write_bytes;
        message.response_message.arg = &text;
    }
    if (response->data_length > 0) {
        message.data.funcs.encode = write_bytes;
        message.data.arg = &data;
    }
    if (!pb_encode_ex(&stream, NanoRPCResponse_fields, &message, PB_ENCODE_DELIMITED)) {
        return 0;
    }
    return stream.bytes_written;
}
