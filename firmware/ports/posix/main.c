/*
 * nanorpc-device: the demo device firmware on a POSIX host, served over TCP or a
 * pseudo-terminal. Prints one parseable line on stdout when ready:
 *   nanorpc-device: listening tcp://127.0.0.1:PORT
 *   nanorpc-device: pty /dev/pts/N
 * Diagnostics go to stderr. SIGTERM or SIGINT stops it cleanly (exit status 0).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demo_app.h"
#include "host_clock.h"
#include "nanorpc/device.h"
#include "pty_link.h"
#include "tcp_server.h"

typedef struct options {
    bool use_pty;
    const char *pty_link;
    const char *host;
    long port;
    tcp_limits_t limits;
} options_t;

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int signal_number)
{
    (void)signal_number;
    stop_requested = 1;
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: nanorpc-device (--tcp PORT | --listen tcp://HOST:PORT | --pty [--pty-link PATH])\n"
            "                      [--read-timeout MS] [--write-timeout MS]\n"
            "  --tcp PORT                 listen on tcp://127.0.0.1:PORT (0 picks a free port)\n"
            "  --listen tcp://HOST:PORT   listen on an IPv4 address\n"
            "  --listen pty | --pty       serve a pseudo-terminal (a serial line)\n"
            "  --pty-link PATH            also make PATH a symlink to the pty\n"
            "  --read-timeout MS          TCP: close a session whose frame is still incomplete\n"
            "                             MS after its first byte (default %u; 0: never)\n"
            "  --write-timeout MS         TCP: close a session that makes no room for an answer\n"
            "                             for MS (default %u; at least 1)\n"
            "Prints 'nanorpc-device: listening tcp://HOST:PORT' or 'nanorpc-device: pty PATH'\n"
            "on stdout when ready. Up to %d TCP sessions at once; one more is closed at once.\n",
            TCP_DEFAULT_READ_TIMEOUT_MS, TCP_DEFAULT_WRITE_TIMEOUT_MS, NANORPC_MAX_SESSIONS);
}

static bool parse_port(const char *text, long *port)
{
    char *end;
    errno = 0;
    *port = strtol(text, &end, 10);
    return errno == 0 && end != text && *end == '\0' && *port >= 0 && *port <= 65535;
}

/* Up to a day: well inside poll's int and the 32-bit millisecond clock's wrap. */
static bool parse_millis(const char *text, uint32_t minimum, uint32_t *millis)
{
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < (long)minimum || value > 86400000L) {
        return false;
    }
    *millis = (uint32_t)value;
    return true;
}

static bool parse_listen(const char *endpoint, options_t *options)
{
    static char host[64];
    const char *prefix = "tcp://";
    if (strcmp(endpoint, "pty") == 0 || strcmp(endpoint, "pty://") == 0) {
        options->use_pty = true;
        return true;
    }
    if (strncmp(endpoint, prefix, strlen(prefix)) != 0) {
        return false;
    }
    const char *rest = endpoint + strlen(prefix);
    const char *colon = strrchr(rest, ':');
    if (colon == NULL || colon == rest || (size_t)(colon - rest) >= sizeof host) {
        return false;
    }
    memcpy(host, rest, (size_t)(colon - rest));
    host[colon - rest] = '\0';
    options->host = host;
    return parse_port(colon + 1, &options->port);
}

/* Exit status 2 for bad arguments, like the harness's CLI. */
static bool parse_options(int argc, char **argv, options_t *options)
{
    bool have_tcp = false;
    *options = (options_t){false, NULL, "127.0.0.1", -1,
                           {TCP_DEFAULT_READ_TIMEOUT_MS, TCP_DEFAULT_WRITE_TIMEOUT_MS}};
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            usage(stdout);
            exit(0);
        } else if (strcmp(arg, "--pty") == 0) {
            options->use_pty = true;
        } else if (strcmp(arg, "--tcp") == 0 && value != NULL) {
            if (!parse_port(value, &options->port)) {
                fprintf(stderr, "nanorpc-device: bad TCP port: %s\n", value);
                return false;
            }
            have_tcp = true;
            i++;
        } else if (strcmp(arg, "--listen") == 0 && value != NULL) {
            if (!parse_listen(value, options)) {
                fprintf(stderr, "nanorpc-device: bad endpoint: %s (want tcp://HOST:PORT or pty)\n",
                        value);
                return false;
            }
            have_tcp = have_tcp || !options->use_pty;
            i++;
        } else if (strcmp(arg, "--read-timeout") == 0 && value != NULL) {
            if (!parse_millis(value, 0, &options->limits.read_timeout_ms)) {
                fprintf(stderr, "nanorpc-device: bad --read-timeout: %s (want 0..86400000 ms)\n",
                        value);
                return false;
            }
            i++;
        } else if (strcmp(arg, "--write-timeout") == 0 && value != NULL) {
            if (!parse_millis(value, 1, &options->limits.write_timeout_ms)) {
                fprintf(stderr, "nanorpc-device: bad --write-timeout: %s (want 1..86400000 ms)\n",
                        value);
                return false;
            }
            i++;
        } else if (strcmp(arg, "--pty-link") == 0 && value != NULL) {
            options->pty_link = value;
            i++;
        } else {
            fprintf(stderr, "nanorpc-device: unknown or incomplete option: %s\n", arg);
            return false;
        }
    }
    if (have_tcp == options->use_pty) {
        fprintf(stderr, "nanorpc-device: give exactly one of --tcp, --listen or --pty\n");
        return false;
    }
    if (options->pty_link != NULL && !options->use_pty) {
        fprintf(stderr, "nanorpc-device: --pty-link needs --pty\n");
        return false;
    }
    return true;
}

typedef struct host {
    options_t options;
    nanorpc_device_t device;
    demo_app_t app;
    uint32_t boot_count;
    tcp_server_t tcp;
    pty_link_t pty;
} host_t;

/* Power-on and every /sys/reboot: fresh application and device state. TCP connections are
 * dropped; the pty stays open and gets a fresh session. */
static bool boot(host_t *host)
{
    if (!demo_app_init(&host->app, &host->device, host->boot_count, host_clock_millis(NULL))) {
        fprintf(stderr, "nanorpc-device: the handler table has a duplicate path hash\n");
        return false;
    }
    if (host->options.use_pty) {
        pty_link_attach(&host->pty, &host->device);
    }
    return true;
}

static void reboot(host_t *host)
{
    if (!host->options.use_pty) {
        tcp_server_close_connections(&host->tcp);
    }
    host->boot_count++;
    fprintf(stderr, "nanorpc-device: reboot (boot_count %u)\n", (unsigned)host->boot_count);
    boot(host);
}

static int serve(host_t *host, const sigset_t *wait_mask)
{
    while (!stop_requested) {
        struct pollfd fds[NANORPC_MAX_SESSIONS + 1];
        int count;
        struct timespec timeout;
        int timeout_ms = -1;

        if (host->options.use_pty) {
            fds[0] = pty_link_poll_fd(&host->pty);
            count = 1;
            timeout_ms = pty_link_poll_timeout(&host->pty);
        } else {
            count = tcp_server_poll_fds(&host->tcp, fds, NANORPC_MAX_SESSIONS + 1);
            /* Wake for the next read time limit even if no byte comes. */
            timeout_ms = tcp_server_poll_timeout(&host->tcp, &host->device);
        }
        timeout.tv_sec = timeout_ms / 1000;
        timeout.tv_nsec = (long)(timeout_ms % 1000) * 1000000L;
        int ready = ppoll(fds, (nfds_t)count, timeout_ms < 0 ? NULL : &timeout, wait_mask);
        if (ready < 0) {
            if (errno == EINTR) {
                continue;
            }
            fprintf(stderr, "nanorpc-device: poll failed: %s\n", strerror(errno));
            return 1;
        }
        if (host->options.use_pty) {
            pty_link_check(&host->pty, &host->device, fds[0].revents);
        } else if (fds[0].revents & POLLIN) {
            tcp_server_accept(&host->tcp, &host->device);
        }
        nanorpc_poll_result_t result;
        do {
            result = nanorpc_device_poll(&host->device);
        } while (result == NANORPC_POLL_ACTIVE && !stop_requested);
        if (result == NANORPC_POLL_RESET) {
            reboot(host);
        } else if (!host->options.use_pty) {
            tcp_server_check_read_timeouts(&host->tcp, &host->device);
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    static host_t host;
    sigset_t stop_signals;
    sigset_t wait_mask;
    struct sigaction action = {0};

    if (!parse_options(argc, argv, &host.options)) {
        usage(stderr);
        return 2;
    }

    /* The stop signals are only delivered inside ppoll, so a frame is never cut in half. */
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    sigprocmask(SIG_BLOCK, &stop_signals, &wait_mask);
    sigdelset(&wait_mask, SIGTERM);
    sigdelset(&wait_mask, SIGINT);
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);
    signal(SIGPIPE, SIG_IGN);

    if (host.options.use_pty) {
        if (!pty_link_open(&host.pty, host.options.pty_link)) {
            return 1;
        }
    } else if (!tcp_server_listen(&host.tcp, host.options.host, (uint16_t)host.options.port,
                                  &host.options.limits)) {
        return 1;
    }
    if (!boot(&host)) {
        return 1;
    }
    if (host.options.use_pty) {
        printf("nanorpc-device: pty %s\n", host.pty.slave_path);
    } else {
        printf("nanorpc-device: listening tcp://%s:%u\n", host.tcp.host,
               (unsigned)host.tcp.port_number);
    }
    fflush(stdout);

    int status = serve(&host, &wait_mask);
    if (host.options.use_pty) {
        pty_link_close(&host.pty);
    } else {
        tcp_server_stop(&host.tcp);
    }
    fprintf(stderr, "nanorpc-device: stopped\n");
    return status;
}
