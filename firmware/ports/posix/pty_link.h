/*
 * The host port's serial line: a pseudo-terminal whose slave side a client opens like a serial
 * port. The master stays open for the life of the process (across /sys/reboot). When the
 * client closes the slave, the session ends (its subscriptions too) and output queued for it
 * is dropped, so the next client starts clean.
 */
#ifndef PTY_LINK_H
#define PTY_LINK_H

#include <poll.h>
#include <stdbool.h>

#include "nanorpc/device.h"

typedef struct pty_link {
    nanorpc_port_t port;
    int master_fd;
    char slave_path[64];
    /* Optional symlink to the slave, removed at exit. */
    const char *link_path;
    /* The client closed the slave; no reads or writes until one opens it again. */
    bool hung_up;
    nanorpc_session_t *session;
} pty_link_t;

/* Opens the pseudo-terminal in raw mode. Returns false and prints why on stderr. */
bool pty_link_open(pty_link_t *link, const char *link_path);

/* Starts the device's session on the pty (at boot and after a reboot). */
void pty_link_attach(pty_link_t *link, nanorpc_device_t *device);

/* The pollfd to wait on; fd is negative (ignored by poll) while hung up. */
struct pollfd pty_link_poll_fd(const pty_link_t *link);

/* Milliseconds poll may wait: -1 normally; a short period while hung up, to notice a new
 * client (a hung-up master reports POLLHUP all the time, so it is not polled then). */
int pty_link_poll_timeout(const pty_link_t *link);

/* After poll: notices a hang-up (ends the session, starts a fresh one) or a new client. */
void pty_link_check(pty_link_t *link, nanorpc_device_t *device, short revents);

void pty_link_close(pty_link_t *link);

#endif /* PTY_LINK_H */
