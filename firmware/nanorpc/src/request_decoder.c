#include "nanorpc/request.h"

#include <pb_decode.h>

#include "nanorpc.pb.h"
#include "nanorpc/fnv1a.h"
#include "nanorpc/nanorpc_config.h"

typedef struct path_reader {
    NanoRPCRequest *message;
    nanorpc_request_t *request;
    bool seen;
} path_reader_t;

typedef struct data_reader {
    nanorpc_request_t *request;
    uint8_t *buffer;
    size_t capacity;
} data_reader_t;

/* Hashes the path string as it streams in, so it is never stored. */
static bool read_path(pb_istream_t *stream, const pb_field_t *field, void **arg)
{
    (void)field;
    path_reader_t *reader = (path_reader_t *)*arg;
    size_t length = stream->bytes_left;
    uint32_t hash = NANORPC_FNV1A_OFFSET_BASIS;
    uint8_t chunk[16];

    while (stream->bytes_left > 0) {
        size_t take = stream->bytes_left < sizeof chunk ? stream->bytes_left : sizeof chunk;
        if (!pb_read(stream, chunk, take)) {
            return false;
        }
        hash = nanorpc_fnv1a_update(hash, chunk, take);
    }
    reader->seen = true;
    reader->request->path_hash = hash;
    reader->request->path_too_long = length > NANORPC_MAX_PATH_LENGTH;
    /* The string came after any hash: within the oneof, the last one wins. */
    reader->message->has_path_hash = false;
    return true;
}

/* Copies `data` into the bounded buffer; a repeated field replaces the earlier value. */
static bool read_data(pb_istream_t *stream, const pb_field_t *field, void **arg)
{
    (void)field;
    data_reader_t *reader = (data_reader_t *)*arg;
    size_t length = stream->bytes_left;

    if (length > reader->capacity) {
        reader->request->data_too_large = true;
        reader->request->data_length = 0;
        return pb_read(stream, NULL, length);
    }
    reader->request->data_too_large = false;
    reader->request->data_length = length;
    return pb_read(stream, reader->buffer, length);
}

bool nanorpc_request_decode(const uint8_t *body, size_t length, uint8_t *data_buffer,
                            size_t data_capacity, nanorpc_request_t *request)
{
    NanoRPCRequest message = NanoRPCRequest_init_zero;
    path_reader_t path = {&message, request, false};
    data_reader_t data = {request, data_buffer, data_capacity};
    pb_istream_t stream = pb_istream_from_buffer(body, length);

    *request = (nanorpc_request_t){0};
    request->data = data_buffer;
    message.path.funcs.decode = read_path;
    message.path.arg = &path;
    message.data.funcs.decode = read_data;
    message.data.arg = &data;

    if (!pb_decode(&stream, NanoRPCRequest_fields, &message)) {
        return false;
    }
    request->id = message.request_id;
    request->type = (uint32_t)message.request_type;
    if (message.has_path_hash) {
        request->path_hash = message.path_hash;
        request->path_too_long = false;
    }
    request->has_path = message.has_path_hash || path.seen;
    return true;
}
