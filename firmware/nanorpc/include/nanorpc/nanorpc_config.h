/*
 * Compile-time limits of the NanoRPC device library. Every buffer is static and sized here;
 * override any value with -D on the compiler command line (or a header included before this
 * one). The library reports the effective values through nanorpc_device_limits().
 *
 * RAM used by the library (see nanorpc_device_t):
 *   NANORPC_MAX_SESSIONS * (NANORPC_MAX_FRAME_SIZE + ~24)   receive buffers and parsers
 *   + NANORPC_MAX_REQUEST_DATA + NANORPC_MAX_RESPONSE_DATA   request and answer payloads
 *   + NANORPC_TX_BUFFER_SIZE                                 one encoded frame
 *   + NANORPC_MAX_SUBSCRIPTIONS * (NANORPC_MAX_FILTER_SIZE + 12)
 */
#ifndef NANORPC_CONFIG_H
#define NANORPC_CONFIG_H

/* Largest request body accepted, in bytes (the length prefix excluded). A longer length
 * prefix is an invalid frame, rejected as soon as the prefix is read. Reported to clients
 * as SysInfo.max_frame_size. */
#ifndef NANORPC_MAX_FRAME_SIZE
#define NANORPC_MAX_FRAME_SIZE 256
#endif

/* Largest request `data` (request payload or subscription filter) kept for the handler.
 * Larger data is answered STATUS_INTERNAL_ERROR "request data too large". It can never
 * exceed the frame, so the default never triggers. */
#ifndef NANORPC_MAX_REQUEST_DATA
#define NANORPC_MAX_REQUEST_DATA NANORPC_MAX_FRAME_SIZE
#endif

/* Capacity of the buffer a handler writes its answer payload into. */
#ifndef NANORPC_MAX_RESPONSE_DATA
#define NANORPC_MAX_RESPONSE_DATA NANORPC_MAX_FRAME_SIZE
#endif

/* One encoded response frame: the answer payload plus the envelope (length prefix, id, type,
 * status, data header: at most 24 bytes) and room for a short response_message. A response
 * that does not fit is replaced by STATUS_INTERNAL_ERROR "response too large". */
#ifndef NANORPC_TX_BUFFER_SIZE
#define NANORPC_TX_BUFFER_SIZE (NANORPC_MAX_RESPONSE_DATA + 24)
#endif

/* Subscriptions held at once, over all sessions. One more subscribe is answered
 * STATUS_INTERNAL_ERROR "too many subscriptions". Reported as SysInfo.max_subscriptions. */
#ifndef NANORPC_MAX_SUBSCRIPTIONS
#define NANORPC_MAX_SUBSCRIPTIONS 4
#endif

/* Largest subscription filter stored; a larger one is answered STATUS_INTERNAL_ERROR
 * "filter too large". */
#ifndef NANORPC_MAX_FILTER_SIZE
#define NANORPC_MAX_FILTER_SIZE 16
#endif

/* Longest path string, in bytes: the schema's nanopb max_size for NanoRPCRequest.path.
 * A longer path is still hashed on arrival but answered STATUS_NOT_FOUND. Reported as
 * SysInfo.max_path_length. */
#ifndef NANORPC_MAX_PATH_LENGTH
#define NANORPC_MAX_PATH_LENGTH 50
#endif

/* Links served at once (one port each). A board has one UART; a host port serves a few TCP
 * connections. */
#ifndef NANORPC_MAX_SESSIONS
#define NANORPC_MAX_SESSIONS 1
#endif

/* Serial links only: a partial frame is dropped when no byte arrived for this long
 * (docs/protocol.md, serial-resync). The gap is measured between reads that return bytes,
 * so the application must call nanorpc_device_poll() at least this often while a frame is
 * arriving: a main loop that can stall longer (a slow task, a blocking flash write) sees
 * bytes that queued in the UART as a gap and drops a good frame. Raise this setting above
 * the loop's worst stall, or poll from a task that never waits that long. */
#ifndef NANORPC_SERIAL_IDLE_GAP_MS
#define NANORPC_SERIAL_IDLE_GAP_MS 50
#endif

/* Bytes read from a port per call to `read` (a stack buffer in nanorpc_device_poll). */
#ifndef NANORPC_READ_CHUNK_SIZE
#define NANORPC_READ_CHUNK_SIZE 32
#endif

#if NANORPC_MAX_FRAME_SIZE < 16
#error "NANORPC_MAX_FRAME_SIZE must be at least 16"
#endif
#if NANORPC_TX_BUFFER_SIZE < 64
#error "NANORPC_TX_BUFFER_SIZE must hold at least an error answer (64 bytes)"
#endif
#if NANORPC_MAX_SESSIONS < 1 || NANORPC_MAX_SESSIONS > 255
#error "NANORPC_MAX_SESSIONS must be 1..255"
#endif
#if NANORPC_MAX_SUBSCRIPTIONS < 1 || NANORPC_MAX_SUBSCRIPTIONS > 255
#error "NANORPC_MAX_SUBSCRIPTIONS must be 1..255"
#endif
#if NANORPC_MAX_FILTER_SIZE > 255
#error "NANORPC_MAX_FILTER_SIZE must be at most 255"
#endif

#endif /* NANORPC_CONFIG_H */
