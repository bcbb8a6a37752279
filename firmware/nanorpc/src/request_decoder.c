#include "nanorpc/request.h"

#include <pb_decode.h>

#include "nanorpc/fnv1a.h"
#include "nanorpc/nanorpc_config.h"

/*
 * NanoRPCRequest is five fields, so it is read tag by tag with nanopb's low-level decoders
 * (pb_decode_tag, pb_decode_varint, pb_skip_field, pb_read) rather than through pb_decode()
 * and a message descriptor: the library then links none of nanopb's descriptor-driven decoder
 * (about 2 KB on Cortex-M3). It accepts and refuses what pb_decode() did with this firmware's
 * nanorpc.options: fields in any order, unknown fields skipped, the last value of a scalar
 * kept, and for the path oneof whichever of path_hash and path came last. Refused (an invalid
 * frame): a truncated field, field number 0, a group or a wire type protobuf does not have, an
 * integer out of its field's range, and a known field with a wire type not its own (nanopb
 * passed a scalar sent in the path or data field to their callbacks; nothing relies on it).
 * Every length is checked against the bytes left before anything is read.
 */

/* int32 and enum values: a negative number comes sign-extended to 64 bits. */
static bool read_int32(pb_istream_t *stream, int32_t *value)
{
    uint64_t raw;
    if (!pb_decode_varint(stream, &raw) || (uint64_t)(int64_t)(int32_t)raw != raw) {
        return false;
    }
    *value = (int32_t)raw;
    return true;
}

static bool read_uint32(pb_istream_t *stream, uint32_t *value)
{
    uint64_t raw;
    if (!pb_decode_varint(stream, &raw) || raw > UINT32_MAX) {
        return false;
    }
    *value = (uint32_t)raw;
    return true;
}

/* The length of a length-delimited field, bounded by what the body still holds. */
static bool read_length(pb_istream_t *stream, size_t *length)
{
    uint32_t raw;
    if (!pb_decode_varint32(stream, &raw) || raw > stream->bytes_left) {
        return false;
    }
    *length = raw;
    return true;
}

/* Hashes the path string as it streams by, so it is never stored. */
static bool read_path(pb_istream_t *stream, nanorpc_request_t *request)
{
    size_t length;
    uint8_t chunk[16];
    uint32_t hash = NANORPC_FNV1A_OFFSET_BASIS;

    if (!read_length(stream, &length)) {
        return false;
    }
    request->path_too_long = length > NANORPC_MAX_PATH_LENGTH;
    while (length > 0) {
        size_t take = length < sizeof chunk ? length : sizeof chunk;
        if (!pb_read(stream, chunk, take)) {
            return false;
        }
        hash = nanorpc_fnv1a_update(hash, chunk, take);
        length -= take;
    }
    request->path_hash = hash;
    request->has_path = true;
    return true;
}

/* Copies `data` into the bounded buffer; data that does not fit is skipped and flagged. */
static bool read_data(pb_istream_t *stream, uint8_t *buffer, size_t capacity,
                      nanorpc_request_t *request)
{
    size_t length;

    if (!read_length(stream, &length)) {
        return false;
    }
    request->data_too_large = length > capacity;
    request->data_length = request->data_too_large ? 0 : length;
    return pb_read(stream, request->data_too_large ? NULL : buffer, length);
}

static bool read_field(pb_istream_t *stream, uint32_t tag, pb_wire_type_t wire_type,
                       uint8_t *data_buffer, size_t data_capacity, nanorpc_request_t *request)
{
    int32_t type;

    switch (tag) {
    case 0:
        return false;
    case NANORPC_REQUEST_FIELD_REQUEST_ID:
        return wire_type == PB_WT_VARINT && read_int32(stream, &request->id);
    case NANORPC_REQUEST_FIELD_TYPE:
        if (wire_type != PB_WT_VARINT || !read_int32(stream, &type)) {
            return false;
        }
        request->type = (uint32_t)type;
        return true;
    case NANORPC_REQUEST_FIELD_PATH_HASH:
        if (wire_type != PB_WT_VARINT || !read_uint32(stream, &request->path_hash)) {
            return false;
        }
        request->has_path = true;
        request->path_too_long = false;
        return true;
    case NANORPC_REQUEST_FIELD_PATH:
        return wire_type == PB_WT_STRING && read_path(stream, request);
    case NANORPC_REQUEST_FIELD_DATA:
        return wire_type == PB_WT_STRING &&
               read_data(stream, data_buffer, data_capacity, request);
    default:
        return pb_skip_field(stream, wire_type);
    }
}

bool nanorpc_request_decode(const uint8_t *body, size_t length, uint8_t *data_buffer,
                            size_t data_capacity, nanorpc_request_t *request)
{
    pb_istream_t stream = pb_istream_from_buffer(body, length);

    *request = (nanorpc_request_t){0};
    request->data = data_buffer;
    for (;;) {
        pb_wire_type_t wire_type;
        uint32_t tag;
        bool eof;
        if (!pb_decode_tag(&stream, &wire_type, &tag, &eof)) {
            return eof; /* the body ended between fields, or a tag was cut short */
        }
        if (!read_field(&stream, tag, wire_type, data_buffer, data_capacity, request)) {
            return false;
        }
    }
}
