#include "thermostat.h"

#include <pb_decode.h>
#include <pb_encode.h>

#include "thermostat.pb.h"
/* Generated at build time by `nanorpc-hil gen c` (nanorpc_codegen.py): the dispatcher's table
 * thermostat_handlers, one row per request path of thermostat.proto, and the two functions
 * below that it points to. */
#include "thermostat_handlers.h"

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

/* rpc SetSetpoint: /thermostat/setpoint */
nanorpc_status_t thermostat_set_setpoint(nanorpc_call_t *call)
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

/* rpc GetStatus: /thermostat/status */
nanorpc_status_t thermostat_get_status(nanorpc_call_t *call)
{
    return answer_status(call, call->app);
}

bool thermostat_init(thermostat_t *thermostat, nanorpc_device_t *device)
{
    thermostat->setpoint_centi = 2000;
    thermostat->measured_centi = 1850;
    return nanorpc_device_init(device, thermostat_handlers, THERMOSTAT_PATH_COUNT, thermostat);
}
