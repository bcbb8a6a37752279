#define _GNU_SOURCE
#include "pty_link.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "fd_io.h"
#include "host_clock.h"

/* How often a hung-up pty is checked for a new client. */
#define PTY_HANGUP_RECHECK_MS 20
/* A client that holds the pty open but stops reading: drop the bytes, as a UART would. */
#define PTY_WRITE_TIMEOUT_MS 1000

static int32_t pty_read(void *ctx, uint8_t *buffer, size_t capacity)
{
    pty_link_t *link = (pty_link_t *)ctx;
    if (link->hung_up) {
        return 0;
    }
    ssize_t count = read(link->master_fd, buffer, capacity);
    /* EIO means no client holds the slave; pty_link_check deals with that. A serial link is
     * never "gone" for the library. */
    return count > 0 ? (int32_t)count : 0;
}

static bool pty_write(void *ctx, const uint8_t *bytes, size_t length)
{
    pty_link_t *link = (pty_link_t *)ctx;
    if (link->hung_up) {
        return false; /* nobody listening: the bytes are lost, like on an unplugged line */
    }
    return fd_write_all(link->master_fd, bytes, length, false, PTY_WRITE_TIMEOUT_MS);
}

bool pty_link_open(pty_link_t *link, const char *link_path)
{
    struct termios settings;
    const char *slave;

    memset(link, 0, sizeof *link);
    link->master_fd = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (link->master_fd < 0 || grantpt(link->master_fd) != 0 || unlockpt(link->master_fd) != 0 ||
        (slave = ptsname(link->master_fd)) == NULL) {
        fprintf(stderr, "nanorpc-device: cannot open a pseudo-terminal: %s\n", strerror(errno));
        pty_link_close(link);
        return false;
    }
    snprintf(link->slave_path, sizeof link->slave_path, "%s", slave);
    /* Raw bytes both ways: no echo, no line editing, no CR/LF translation. Settings made on the
     * master apply to the slave and survive the client closing it. */
    if (tcgetattr(link->master_fd, &settings) == 0) {
        cfmakeraw(&settings);
        tcsetattr(link->master_fd, TCSANOW, &settings);
    }
    if (link_path != NULL) {
        unlink(link_path);
        if (symlink(link->slave_path, link_path) != 0) {
            fprintf(stderr, "nanorpc-device: cannot link %s to %s: %s\n", link_path,
                    link->slave_path, strerror(errno));
            pty_link_close(link);
            return false;
        }
        link->link_path = link_path;
    }
    link->port = (nanorpc_port_t){NANORPC_LINK_SERIAL, link, pty_read, pty_write,
                                  host_clock_millis, NULL, NULL};
    return true;
}

void pty_link_attach(pty_link_t *link, nanorpc_device_t *device)
{
    link->session = nanorpc_device_open(device, &link->port);
}

struct pollfd pty_link_poll_fd(const pty_link_t *link)
{
    return (struct pollfd){link->hung_up ? -1 : link->master_fd, POLLIN, 0};
}

int pty_link_poll_timeout(const pty_link_t *link)
{
    return link->hung_up ? PTY_HANGUP_RECHECK_MS : -1;
}

void pty_link_check(pty_link_t *link, nanorpc_device_t *device, short revents)
{
    if (link->hung_up) {
        struct pollfd probe = {link->master_fd, POLLIN, 0};
        if (poll(&probe, 1, 0) >= 0 && !(probe.revents & POLLHUP)) {
            link->hung_up = false;
            fprintf(stderr, "nanorpc-device: pty client connected\n");
        }
        return;
    }
    /* POLLIN with POLLHUP: read what the client sent before closing first. */
    if ((revents & POLLHUP) && !(revents & POLLIN)) {
        link->hung_up = true;
        tcflush(link->master_fd, TCIOFLUSH);
        if (link->session != NULL) {
            nanorpc_device_close(device, link->session);
        }
        pty_link_attach(link, device);
        fprintf(stderr, "nanorpc-device: pty client closed: session ended\n");
    }
}

void pty_link_close(pty_link_t *link)
{
    if (link->link_path != NULL) {
        unlink(link->link_path);
        link->link_path = NULL;
    }
    if (link->master_fd >= 0) {
        close(link->master_fd);
    }
    link->master_fd = -1;
}
