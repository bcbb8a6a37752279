/* Typed payloads of the demo handlers: request data in, answer payload out (nanopb). */
#ifndef DEMO_PAYLOAD_H
#define DEMO_PAYLOAD_H

#include <pb.h>
#include <stdbool.h>

#include "nanorpc/device.h"

/* The message of a payload that does not decode; names the expected type. */
#define DEMO_CANNOT_DECODE(type_name) "cannot decode " type_name

/* Decodes the call's data into `message`. On failure sets call->message to `failure_message`
 * (use DEMO_CANNOT_DECODE) and returns false: answer NANORPC_STATUS_INTERNAL_ERROR. */
bool demo_payload_decode(nanorpc_call_t *call, const pb_msgdesc_t *fields, void *message,
                         const char *failure_message);

/* Encodes `message` as the call's answer payload. Returns NANORPC_STATUS_OK, or
 * NANORPC_STATUS_INTERNAL_ERROR "response too large" if it does not fit. */
nanorpc_status_t demo_payload_answer(nanorpc_call_t *call, const pb_msgdesc_t *fields,
                                     const void *message);

#endif /* DEMO_PAYLOAD_H */
