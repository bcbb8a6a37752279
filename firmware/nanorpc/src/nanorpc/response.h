/* Internal to the library. Encodes a NanoRPCResponse frame (length prefix and body) into a
 * bounded buffer. */
#ifndef NANORPC_RESPONSE_H
#define NANORPC_RESPONSE_H

#include <stddef.h>
#include <stdint.h>

#include "nanorpc/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* NanoRPCResponse.Type values on the wire. */
typedef enum nanorpc_response_type {
    NANORPC_RESPONSE_TYPE_PONG = 1,
    NANORPC_RESPONSE_TYPE_RESPONSE = 2,
    NANORPC_RESPONSE_TYPE_UPDATE = 3
} nanorpc_response_type_t;

/* Field numbers of NanoRPCResponse (proto/nanorpc.proto; the unit tests compare them with the
 * nanopb-generated ones). */
enum {
    NANORPC_RESPONSE_FIELD_REQUEST_ID = 1,
    NANORPC_RESPONSE_FIELD_TYPE = 2,
    NANORPC_RESPONSE_FIELD_STATUS = 3,
    NANORPC_RESPONSE_FIELD_MESSAGE = 4,
    NANORPC_RESPONSE_FIELD_DATA = 10
};

typedef struct nanorpc_response {
    int32_t id;
    nanorpc_response_type_t type;
    nanorpc_status_t status;
    /* response_message; NULL or "" sends none. */
    const char *message;
    const uint8_t *data;
    size_t data_length;
} nanorpc_response_t;

/* Writes the whole frame into `buffer`. Returns its length, or 0 when it does not fit. */
size_t nanorpc_response_encode(const nanorpc_response_t *response, uint8_t *buffer, size_t capacity);

#ifdef __cplusplus
}
#endif

#endif /* NANORPC_RESPONSE_H */
