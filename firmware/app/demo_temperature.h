/* The /sensors/temp topic and /test/publish, which publishes readings on it. */
#ifndef DEMO_TEMPERATURE_H
#define DEMO_TEMPERATURE_H

#include "nanorpc/device.h"

/* TYPE_SUBSCRIBE on /sensors/temp: accepts an empty filter or a TempFilter. */
nanorpc_status_t demo_temperature_subscribe(nanorpc_call_t *call);

/* /test/publish: publishes PublishRequest.count readings, then answers PublishResult. */
nanorpc_status_t demo_temperature_publish(nanorpc_call_t *call);

#endif /* DEMO_TEMPERATURE_H */
