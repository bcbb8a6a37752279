/* The example thermostat: two request paths of proto/thermostat.proto, served by the NanoRPC
 * library; main_native.c and main_qemu.c give it a port. */
#ifndef THERMOSTAT_H
#define THERMOSTAT_H

#include <stdbool.h>
#include <stdint.h>

#include <nanorpc/device.h>

typedef struct thermostat {
    int32_t setpoint_centi;
    int32_t measured_centi;
} thermostat_t;

/* Starts the thermostat at 20.00 degrees and `device` with its handler table. */
bool thermostat_init(thermostat_t *thermostat, nanorpc_device_t *device);

#endif /* THERMOSTAT_H */
