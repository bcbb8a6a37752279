/*
 * The thermostat on this machine, over standard input and output (a pipe or a pty): frames in
 * on stdin, answers out on stdout. Ends when stdin does (exit 0).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "thermostat.h"

static bool stdin_closed;

static int32_t stdin_read(void *ctx, uint8_t *buffer, size_t capacity)
{
    (void)ctx;
    ssize_t count = read(STDIN_FILENO, buffer, capacity);
    if (count > 0) {
        return (int32_t)count;
    }
    if (count < 0 && (errno == EAGAIN || errno == EINTR)) {
        return 0;
    }
    return -1; /* end of input: the library ends the session and calls stdin_closed */
}

static bool stdout_write(void *ctx, const uint8_t *bytes, size_t length)
{
    (void)ctx;
    while (length > 0) {
        ssize_t count = write(STDOUT_FILENO, bytes, length);
        if (count < 0 && errno == EINTR) {
            continue;
        }
        if (count <= 0) {
            return false;
        }
        bytes += count;
        length -= (size_t)count;
    }
    return true;
}

static uint32_t monotonic_millis(void *ctx)
{
    (void)ctx;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint32_t)((uint64_t)now.tv_sec * 1000u + (uint64_t)now.tv_nsec / 1000000u);
}

static void closed(void *ctx)
{
    (void)ctx;
    stdin_closed = true;
}

static const nanorpc_port_t stdio_port = {
    .kind = NANORPC_LINK_STREAM,
    .read = stdin_read,
    .write = stdout_write,
    .millis = monotonic_millis,
    .closed = closed,
};

static nanorpc_device_t device;
static thermostat_t thermostat;

int main(void)
{
    if (!thermostat_init(&thermostat, &device) || nanorpc_device_open(&device, &stdio_port) == NULL) {
        return EXIT_FAILURE;
    }
    fcntl(STDIN_FILENO, F_SETFL, fcntl(STDIN_FILENO, F_GETFL) | O_NONBLOCK);
    while (!stdin_closed) {
        if (nanorpc_device_poll(&device) == NANORPC_POLL_IDLE) {
            struct pollfd wait_for_input = {.fd = STDIN_FILENO, .events = POLLIN};
            poll(&wait_for_input, 1, 100);
        }
    }
    return EXIT_SUCCESS;
}
