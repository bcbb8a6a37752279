#include "thermostat.h"

#include <pb_decode.h>
#include <pb_encode.h>

#include "thermostat.pb.h"
#include "thermostat_paths.h" /* generated: THERMOSTAT_PATH_*_HASH */

enum { SETPOINT_MIN_CENTI = 500, SETPOINT_MAX_CENTI = 3000 };

static nanorpc_status_t answer_status(nanorpc_call_t *call, const thermostat_t *thermostat)
{
    Status status = Status_init_zero;
    status.has_setpoint = true;
    status.setpoint.centi_celsius = thermostat->setpoint_centi;
    status.has_measured = true;
    status.measured.centi_celsius = thermostat->measured_centi;
    status.heating = thermostat->measured_centi < thermostat->setpoint_centi;
    pb_ostream_t out = pb_ostream_from_buffer(call->answer, call->answer_capacity);
    if (!pb_encode(&out, Status_fields, &status)) {
        call->message = "cannot encode status";
        return NANORPC_STATUS_INTERNAL_ERROR;
    }
    call->answer_length = out.bytes_written;
    return NANORPC_STATUS_OK;
}

static nanorpc_status_t set_setpoint(nanorpc_call_t *call)
{
    thermostat_t *thermostat = call->app;
    Temperature wanted = Temperature_init_zero;
    pb_istream_t in = pb_istream_from_buffer(call->data, call->data_length);
    if (!pb_decode(&in, Temperature_fields, &wanted)) {
        call->message = "not a Temperature";
        return NANORPC_STATUS_INTERNAL_ERROR;
    }
    if (wanted.centi_celsius < SETPOINT_MIN_CENTI || wanted.centi_celsius > SETPOINT_MAX_CENTI) {
        call->message = "setpoint out of range (500..3000)";
        return NANORPC_STATUS_INTERNAL_ERROR;
    }
    thermostat->setpoint_centi = wanted.centi_celsius;
    return answer_status(call, thermostat);
}

static nanorpc_status_t get_status(nanorpc_call_t *call)
{
    return answer_status(call, call->app);
}

/* The dispatcher's table: one row per generated path hash (firmware/README.md). */
static const nanorpc_handler_t handlers[] = {
    {THERMOSTAT_PATH_THERMOSTAT_SETPOINT_HASH, set_setpoint, 0},
    {THERMOSTAT_PATH_THERMOSTAT_STATUS_HASH, get_status, 0},
};
_Static_assert(sizeof handlers / sizeof handlers[0] == THERMOSTAT_PATH_COUNT,
               "a path of thermostat.proto has no handler");

bool thermostat_init(thermostat_t *thermostat, nanorpc_device_t *device)
{
    thermostat->setpoint_centi = 2000;
    thermostat->measured_centi = 1850;
    return nanorpc_device_init(device, handlers, sizeof handlers / sizeof handlers[0], thermostat);
}
