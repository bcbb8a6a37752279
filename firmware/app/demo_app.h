/*
 * The demo device profile (paths and behaviour: the README's "Demo device profile"; payloads
 * in proto/demo_device.proto), served by the NanoRPC device library. The exact texts it sends
 * are the string literals of demo_app.c, pinned by test/test_demo_app.c.
 */
#ifndef DEMO_APP_H
#define DEMO_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "nanorpc/device.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DEMO_DEVICE_NAME "nanorpc-demo"

#ifndef DEMO_FIRMWARE_VERSION
#define DEMO_FIRMWARE_VERSION "0.1.0"
#endif

/* /test/publish refuses a larger count, so a request cannot keep the device busy for long. */
#ifndef DEMO_MAX_PUBLISH_COUNT
#define DEMO_MAX_PUBLISH_COUNT 1000
#endif

typedef struct demo_app {
    nanorpc_device_t *device;
    /* Restarts since power-on. */
    uint32_t boot_count;
    /* Clock value at boot (port->millis), for the uptime. */
    uint32_t boot_ms;
    /* Sequence number of the last reading published; 0 until the first one after boot. */
    uint32_t last_sequence;
    bool led_on;
} demo_app_t;

/* Boots the application: fresh state (LED off, no readings) and `device` initialised with the
 * demo handler table (no sessions yet). `now_ms` comes from the same clock as port->millis.
 * Returns false only if the handler table has a duplicate hash. */
bool demo_app_init(demo_app_t *app, nanorpc_device_t *device, uint32_t boot_count, uint32_t now_ms);

#ifdef __cplusplus
}
#endif

#endif /* DEMO_APP_H */
