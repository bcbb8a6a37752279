/* What the device test files share: a device over two fake ports (A open, B not yet), the
 * handlers of the /t/ paths, and helpers that run the device and check its answers. */
#ifndef DEVICE_FIXTURE_H
#define DEVICE_FIXTURE_H

#include <stdint.h>

#include "fake_port.h"
#include "nanorpc/device.h"

#define DEVICE_FIXTURE_HANDLERS 8

extern nanorpc_device_t device;
extern fake_port_t port_a;
extern fake_port_t port_b;
/* The last answer expect() or fake_port_next_response() took. */
extern test_response_t response;
/* /t/echo, /t/refuse, /t/topic, /t/publish, /t/big, /t/restart, /t/both, /t/overrun. */
extern nanorpc_handler_t handlers[DEVICE_FIXTURE_HANDLERS];

/* Answers the request data. */
nanorpc_status_t echo(nanorpc_call_t *call);
/* Answers NOT_AUTHORIZED "nope". */
nanorpc_status_t refuse(nanorpc_call_t *call);

/* A fresh device with the /t/ handlers, both ports reset to `kind`, port A open. */
void start(nanorpc_link_kind_t kind);

/* Runs the device and takes the next answer, expecting its id, type and status. */
void expect(fake_port_t *fake, int32_t id, uint32_t type, uint32_t status, const char *message);

/* Runs the device and expects nothing written to `fake`. */
void expect_silence(fake_port_t *fake);

#endif /* DEVICE_FIXTURE_H */
