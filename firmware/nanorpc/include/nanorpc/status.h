/* Status codes of NanoRPCResponse.response_status (docs/protocol.md, Schema). */
#ifndef NANORPC_STATUS_H
#define NANORPC_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum nanorpc_status {
    NANORPC_STATUS_OK = 1,
    NANORPC_STATUS_NOT_FOUND = 2,
    NANORPC_STATUS_NOT_AUTHORIZED = 3,
    NANORPC_STATUS_INTERNAL_ERROR = 4
} nanorpc_status_t;

/* The reference server's text for an unknown path; this device also uses it for a path
 * longer than NANORPC_MAX_PATH_LENGTH and for a kind of request the path does not serve. */
#define NANORPC_MESSAGE_NOT_FOUND "no handler registered for path"
#define NANORPC_MESSAGE_TOO_MANY_SUBSCRIPTIONS "too many subscriptions"
#define NANORPC_MESSAGE_FILTER_TOO_LARGE "filter too large"
#define NANORPC_MESSAGE_REQUEST_DATA_TOO_LARGE "request data too large"
#define NANORPC_MESSAGE_RESPONSE_TOO_LARGE "response too large"

#ifdef __cplusplus
}
#endif

#endif /* NANORPC_STATUS_H */
