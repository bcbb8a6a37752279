#define _POSIX_C_SOURCE 200809L
#include "host_clock.h"

#include <time.h>

uint32_t host_clock_millis(void *ctx)
{
    (void)ctx;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint32_t)((uint64_t)now.tv_sec * 1000u + (uint64_t)now.tv_nsec / 1000000u);
}
