#include "nanorpc/response.h"

#include <pb_encode.h>
#include <string.h>

/*
 * NanoRPCResponse is five fixed fields, so it is written field by field with nanopb's
 * low-level encoders (pb_encode_tag, pb_encode_varint, pb_encode_string) rather than through
 * pb_encode() and the message descriptor: the library then links none of nanopb's
 * descriptor-driven encoder (about 1.3 KB on Cortex-M3). The bytes are exactly what
 * pb_encode_ex(..., PB_ENCODE_DELIMITED) writes for the same message (the unit tests compare
 * them): fields in tag order, proto3 zero values and empty strings or bytes left out, int32
 * sign-extended to 64 bits.
 */

static bool write_varint(pb_ostream_t *stream, uint32_t tag, uint64_t value)
{
    return value == 0 ||
           (pb_encode_tag(stream, PB_WT_VARINT, tag) && pb_encode_varint(stream, value));
}

static bool write_bytes(pb_ostream_t *stream, uint32_t tag, const void *bytes, size_t length)
{
    return length == 0 || (pb_encode_tag(stream, PB_WT_STRING, tag) &&
                           pb_encode_string(stream, (const pb_byte_t *)bytes, length));
}

static bool write_body(pb_ostream_t *stream, const nanorpc_response_t *response,
                       size_t message_length)
{
    return write_varint(stream, NANORPC_RESPONSE_FIELD_REQUEST_ID,
                        (uint64_t)(int64_t)response->id) &&
           write_varint(stream, NANORPC_RESPONSE_FIELD_TYPE, (uint32_t)response->type) &&
           write_varint(stream, NANORPC_RESPONSE_FIELD_STATUS,
                        (uint32_t)response->status) &&
           write_bytes(stream, NANORPC_RESPONSE_FIELD_MESSAGE, response->message,
                       message_length) &&
           write_bytes(stream, NANORPC_RESPONSE_FIELD_DATA, response->data, response->data_length);
}

size_t nanorpc_response_encode(const nanorpc_response_t *response, uint8_t *buffer, size_t capacity)
{
    size_t message_length = response->message != NULL ? strlen(response->message) : 0;
    pb_ostream_t sizing = PB_OSTREAM_SIZING;
    pb_ostream_t stream = pb_ostream_from_buffer(buffer, capacity);

    /* Delimited: the body's length as a varint prefix, then the body. */
    if (!write_body(&sizing, response, message_length) ||
        !pb_encode_varint(&stream, sizing.bytes_written) ||
        !write_body(&stream, response, message_length)) {
        return 0;
    }
    return stream.bytes_written;
}
