#include "demo_payload.h"

#include <pb_decode.h>
#include <pb_encode.h>

bool demo_payload_decode(nanorpc_call_t *call, const pb_msgdesc_t *fields, void *message,
                         const char *failure_message)
{
    pb_istream_t stream = pb_istream_from_buffer(call->data, call->data_length);
    if (pb_decode(&stream, fields, message)) {
        return true;
    }
    call->message = failure_message;
    return false;
}

nanorpc_status_t demo_payload_answer(nanorpc_call_t *call, const pb_msgdesc_t *fields,
                                     const void *message)
{
    pb_ostream_t stream = pb_ostream_from_buffer(call->answer, call->answer_capacity);
    if (!pb_encode(&stream, fields, message)) {
        call->message = NANORPC_MESSAGE_RESPONSE_TOO_LARGE;
        return NANORPC_STATUS_INTERNAL_ERROR;
    }
    call->answer_length = stream.bytes_written;
    return NANORPC_STATUS_OK;
}
