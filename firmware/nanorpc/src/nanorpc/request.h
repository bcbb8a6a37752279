/* Internal to the library. Decoding of a NanoRPCRequest body into what the dispatcher needs. */
#ifndef NANORPC_REQUEST_H
#define NANORPC_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* NanoRPCRequest.Type values on the wire. */
typedef enum nanorpc_request_type {
    NANORPC_REQUEST_TYPE_UNSPECIFIED = 0,
    NANORPC_REQUEST_TYPE_PING = 1,
    NANORPC_REQUEST_TYPE_REQUEST = 2,
    NANORPC_REQUEST_TYPE_SUBSCRIBE = 3
} nanorpc_request_type_t;

/* Field numbers of NanoRPCRequest (proto/nanorpc.proto; the unit tests compare them with the
 * nanopb-generated ones). */
enum {
    NANORPC_REQUEST_FIELD_REQUEST_ID = 1,
    NANORPC_REQUEST_FIELD_TYPE = 2,
    NANORPC_REQUEST_FIELD_PATH_HASH = 3,
    NANORPC_REQUEST_FIELD_PATH = 4,
    NANORPC_REQUEST_FIELD_DATA = 10
};

typedef struct nanorpc_request {
    int32_t id;
    /* Raw wire value: an unknown type is kept as sent (the device ignores it). */
    uint32_t type;
    /* A path was named, by hash or by string (the one that came last wins). */
    bool has_path;
    /* The hash sent, or the FNV-1a hash of the string sent. */
    uint32_t path_hash;
    /* The string was longer than NANORPC_MAX_PATH_LENGTH (it is still hashed). */
    bool path_too_long;
    /* Request payload or subscription filter, in the data buffer given to the decoder. */
    const uint8_t *data;
    size_t data_length;
    /* The data did not fit the data buffer; data_length is then 0. */
    bool data_too_large;
} nanorpc_request_t;

/* Decodes `body`. Returns false when it is not a valid NanoRPCRequest (an invalid frame). */
bool nanorpc_request_decode(const uint8_t *body, size_t length, uint8_t *data_buffer,
                            size_t data_capacity, nanorpc_request_t *request);

#ifdef __cplusplus
}
#endif

#endif /* NANORPC_REQUEST_H */
