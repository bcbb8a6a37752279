#define _GNU_SOURCE
#include "tcp_server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fd_io.h"
#include "host_clock.h"

static int32_t connection_read(void *ctx, uint8_t *buffer, size_t capacity)
{
    tcp_connection_t *connection = (tcp_connection_t *)ctx;
    ssize_t count = recv(connection->fd, buffer, capacity, 0);
    if (count > 0) {
        return (int32_t)count;
    }
    if (count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
        return 0;
    }
    return -1; /* 0: the peer closed; or a socket error */
}

static bool connection_write(void *ctx, const uint8_t *bytes, size_t length)
{
    tcp_connection_t *connection = (tcp_connection_t *)ctx;
    if (fd_write_all(connection->fd, bytes, length, true, (int)connection->write_timeout_ms)) {
        return true;
    }
    /* The library ends the session next (port->closed); say why first. */
    if (errno == ETIMEDOUT) {
        fprintf(stderr,
                "nanorpc-device: session tcp://%s: peer made no room for %u ms "
                "(--write-timeout); closing\n",
                connection->peer, (unsigned)connection->write_timeout_ms);
    } else {
        fprintf(stderr, "nanorpc-device: session tcp://%s: write failed: %s\n", connection->peer,
                strerror(errno));
    }
    return false;
}

static void connection_close(tcp_connection_t *connection)
{
    if (connection->fd >= 0) {
        close(connection->fd);
        connection->fd = -1;
        connection->session = NULL;
        fprintf(stderr, "nanorpc-device: session closed tcp://%s\n", connection->peer);
    }
}

static void connection_closed(void *ctx)
{
    connection_close((tcp_connection_t *)ctx);
}

bool tcp_server_listen(tcp_server_t *server, const char *host, uint16_t port,
                       const tcp_limits_t *limits)
{
    struct sockaddr_in address = {0};
    socklen_t length = sizeof address;
    int one = 1;

    memset(server, 0, sizeof *server);
    server->limits = *limits;
    server->listen_fd = -1;
    for (size_t i = 0; i < NANORPC_MAX_SESSIONS; i++) {
        server->connections[i].fd = -1;
    }
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    if (strcmp(host, "localhost") == 0) {
        host = "127.0.0.1";
    }
    if (inet_pton(AF_INET, host, &address.sin_addr) != 1) {
        fprintf(stderr, "nanorpc-device: not an IPv4 address: %s\n", host);
        return false;
    }
    snprintf(server->host, sizeof server->host, "%s", host);
    server->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (server->listen_fd < 0 ||
        setsockopt(server->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(server->listen_fd, (struct sockaddr *)&address, sizeof address) != 0 ||
        listen(server->listen_fd, 16) != 0 ||
        getsockname(server->listen_fd, (struct sockaddr *)&address, &length) != 0) {
        fprintf(stderr, "nanorpc-device: cannot listen on tcp://%s:%u: %s\n", host, port,
                strerror(errno));
        tcp_server_stop(server);
        return false;
    }
    server->port_number = ntohs(address.sin_port);
    return true;
}

int tcp_server_poll_fds(const tcp_server_t *server, struct pollfd *fds, int capacity)
{
    int count = 0;
    if (server->listen_fd >= 0 && count < capacity) {
        fds[count++] = (struct pollfd){server->listen_fd, POLLIN, 0};
    }
    for (size_t i = 0; i < NANORPC_MAX_SESSIONS && count < capacity; i++) {
        if (server->connections[i].fd >= 0) {
            fds[count++] = (struct pollfd){server->connections[i].fd, POLLIN, 0};
        }
    }
    return count;
}

static tcp_connection_t *free_connection(tcp_server_t *server)
{
    for (size_t i = 0; i < NANORPC_MAX_SESSIONS; i++) {
        if (server->connections[i].fd < 0) {
            return &server->connections[i];
        }
    }
    return NULL;
}

void tcp_server_accept(tcp_server_t *server, nanorpc_device_t *device)
{
    for (;;) {
        struct sockaddr_in peer;
        socklen_t length = sizeof peer;
        int one = 1;
        int fd = accept4(server->listen_fd, (struct sockaddr *)&peer, &length,
                         SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            return; /* EAGAIN: no more waiting; other errors: try again at the next poll */
        }
        tcp_connection_t *connection = free_connection(server);
        if (connection == NULL) {
            fprintf(stderr,
                    "nanorpc-device: refused a connection from tcp://%s:%u: %d sessions open "
                    "(NANORPC_MAX_SESSIONS %d)\n",
                    inet_ntoa(peer.sin_addr), ntohs(peer.sin_port), NANORPC_MAX_SESSIONS,
                    NANORPC_MAX_SESSIONS);
            close(fd);
            continue;
        }
        /* Frames are small; Nagle's delay would hold back every answer. */
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        connection->fd = fd;
        connection->write_timeout_ms = server->limits.write_timeout_ms;
        snprintf(connection->peer, sizeof connection->peer, "%s:%u",
                 inet_ntoa(peer.sin_addr), ntohs(peer.sin_port));
        connection->port = (nanorpc_port_t){NANORPC_LINK_STREAM, connection, connection_read,
                                            connection_write, host_clock_millis, NULL,
                                            connection_closed};
        connection->session = nanorpc_device_open(device, &connection->port);
        if (connection->session == NULL) {
            connection_close(connection);
            continue;
        }
        fprintf(stderr, "nanorpc-device: session open tcp://%s\n", connection->peer);
    }
}

/* Milliseconds left before the connection's partial frame reaches the read time limit (0: it
 * has), or -1 when it holds none or there is no limit. */
static int64_t read_time_left(const tcp_server_t *server, const nanorpc_device_t *device,
                              const tcp_connection_t *connection, uint32_t now)
{
    uint32_t since;
    if (server->limits.read_timeout_ms == 0 || connection->fd < 0 ||
        !nanorpc_device_rx_pending(device, connection->session, &since)) {
        return -1;
    }
    uint32_t elapsed = now - since; /* unsigned: right across the 2^32 ms wrap */
    return elapsed >= server->limits.read_timeout_ms
               ? 0
               : (int64_t)(server->limits.read_timeout_ms - elapsed);
}

int tcp_server_poll_timeout(const tcp_server_t *server, const nanorpc_device_t *device)
{
    uint32_t now = host_clock_millis(NULL);
    int64_t soonest = -1;
    for (size_t i = 0; i < NANORPC_MAX_SESSIONS; i++) {
        int64_t left = read_time_left(server, device, &server->connections[i], now);
        if (left >= 0 && (soonest < 0 || left < soonest)) {
            soonest = left;
        }
    }
    return (int)soonest;
}

void tcp_server_check_read_timeouts(tcp_server_t *server, nanorpc_device_t *device)
{
    uint32_t now = host_clock_millis(NULL);
    for (size_t i = 0; i < NANORPC_MAX_SESSIONS; i++) {
        tcp_connection_t *connection = &server->connections[i];
        if (read_time_left(server, device, connection, now) != 0) {
            continue;
        }
        fprintf(stderr,
                "nanorpc-device: session tcp://%s: frame incomplete for %u ms "
                "(--read-timeout); closing\n",
                connection->peer, (unsigned)server->limits.read_timeout_ms);
        nanorpc_device_close(device, connection->session);
        connection_close(connection);
    }
}

void tcp_server_close_connections(tcp_server_t *server)
{
    for (size_t i = 0; i < NANORPC_MAX_SESSIONS; i++) {
        connection_close(&server->connections[i]);
    }
}

void tcp_server_stop(tcp_server_t *server)
{
    tcp_server_close_connections(server);
    if (server->listen_fd >= 0) {
        close(server->listen_fd);
        server->listen_fd = -1;
    }
}
