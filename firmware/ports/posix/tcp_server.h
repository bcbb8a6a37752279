/*
 * TCP listener of the host port: each accepted connection is one NanoRPC session (a stream
 * link: an invalid frame closes it). Up to NANORPC_MAX_SESSIONS connections at once; one more
 * is accepted and closed at once.
 */
#ifndef TCP_SERVER_H
#define TCP_SERVER_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>

#include "nanorpc/device.h"

typedef struct tcp_connection {
    nanorpc_port_t port;
    int fd; /* -1 while the slot is free */
    char peer[32];
} tcp_connection_t;

typedef struct tcp_server {
    int listen_fd;
    uint16_t port_number;
    char host[16];
    tcp_connection_t connections[NANORPC_MAX_SESSIONS];
} tcp_server_t;

/* Listens on host:port (IPv4; port 0 picks a free one, see port_number). Returns false and
 * prints why on stderr when it cannot. */
bool tcp_server_listen(tcp_server_t *server, const char *host, uint16_t port);

/* Adds the listener and the open connections to `fds`; returns how many were added. */
int tcp_server_poll_fds(const tcp_server_t *server, struct pollfd *fds, int capacity);

/* Accepts waiting connections and opens a session for each. */
void tcp_server_accept(tcp_server_t *server, nanorpc_device_t *device);

/* Closes every connection (the device restarts or stops). */
void tcp_server_close_connections(tcp_server_t *server);

void tcp_server_stop(tcp_server_t *server);

#endif /* TCP_SERVER_H */
