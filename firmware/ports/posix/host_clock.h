/* The host's monotonic clock in milliseconds, as a port `millis` function. */
#ifndef HOST_CLOCK_H
#define HOST_CLOCK_H

#include <stdint.h>

uint32_t host_clock_millis(void *ctx);

#endif /* HOST_CLOCK_H */
