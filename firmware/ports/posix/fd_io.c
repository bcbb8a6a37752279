#define _GNU_SOURCE
#include "fd_io.h"

#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

bool fd_write_all(int fd, const uint8_t *bytes, size_t length, bool is_socket, int timeout_ms)
{
    while (length > 0) {
        ssize_t written = is_socket ? send(fd, bytes, length, MSG_NOSIGNAL) : write(fd, bytes, length);
        if (written > 0) {
            bytes += written;
            length -= (size_t)written;
            continue;
        }
        if (written < 0 && errno == EINTR) {
            continue;
        }
        if (written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd room = {fd, POLLOUT, 0};
            int ready = poll(&room, 1, timeout_ms);
            /* A hung-up peer reports POLLHUP at once and never makes room: give up. */
            if (ready > 0 && !(room.revents & (POLLERR | POLLNVAL | POLLHUP))) {
                continue;
            }
            if (ready < 0 && errno == EINTR) {
                continue;
            }
            /* The caller's log tells a stalled peer from a broken link by errno. */
            errno = ready == 0 ? ETIMEDOUT : ready > 0 ? EPIPE : errno;
        }
        return false;
    }
    return true;
}
