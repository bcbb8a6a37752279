/*
 * TCP listener of the host port: each accepted connection is one NanoRPC session (a stream
 * link: an invalid frame closes it). What a peer can hold is bounded, each limit with a log
 * line on stderr when it acts:
 *   - sessions: NANORPC_MAX_SESSIONS at once; one more is accepted and closed at once;
 *   - read time: a frame still incomplete read_timeout_ms after its first byte closes the
 *     session (a slow or stalled sender cannot hold a slot forever);
 *   - write time: a peer that makes no room for an answer or update for write_timeout_ms
 *     loses its session (the device is single-threaded: it waits that long at most).
 */
#ifndef TCP_SERVER_H
#define TCP_SERVER_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>

#include "nanorpc/device.h"

typedef struct tcp_limits {
    /* 0: no read time limit. */
    uint32_t read_timeout_ms;
    /* At least 1. */
    uint32_t write_timeout_ms;
} tcp_limits_t;

#define TCP_DEFAULT_READ_TIMEOUT_MS 30000u
#define TCP_DEFAULT_WRITE_TIMEOUT_MS 5000u

typedef struct tcp_connection {
    nanorpc_port_t port;
    int fd; /* -1 while the slot is free */
    uint32_t write_timeout_ms;
    /* The device's session for this connection, while fd >= 0. */
    nanorpc_session_t *session;
    char peer[32];
} tcp_connection_t;

typedef struct tcp_server {
    tcp_limits_t limits;
    int listen_fd;
    uint16_t port_number;
    char host[16];
    tcp_connection_t connections[NANORPC_MAX_SESSIONS];
} tcp_server_t;

/* Listens on host:port (IPv4; port 0 picks a free one, see port_number). Returns false and
 * prints why on stderr when it cannot. */
bool tcp_server_listen(tcp_server_t *server, const char *host, uint16_t port,
                       const tcp_limits_t *limits);

/* Adds the listener and the open connections to `fds`; returns how many were added. */
int tcp_server_poll_fds(const tcp_server_t *server, struct pollfd *fds, int capacity);

/* Accepts waiting connections and opens a session for each. */
void tcp_server_accept(tcp_server_t *server, nanorpc_device_t *device);

/* Milliseconds poll may wait before the next read time limit falls due; -1: none pending. */
int tcp_server_poll_timeout(const tcp_server_t *server, const nanorpc_device_t *device);

/* Closes every session whose frame has been incomplete for the read time limit. */
void tcp_server_check_read_timeouts(tcp_server_t *server, nanorpc_device_t *device);

/* Closes every connection (the device restarts or stops). */
void tcp_server_close_connections(tcp_server_t *server);

void tcp_server_stop(tcp_server_t *server);

#endif /* TCP_SERVER_H */
