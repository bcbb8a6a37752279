#include "nanorpc/fnv1a.h"

#include <string.h>

uint32_t nanorpc_fnv1a_update(uint32_t hash, const uint8_t *bytes, size_t length)
{
    for (size_t i = 0; i < length; i++) {
        hash ^= bytes[i];
        hash *= NANORPC_FNV1A_PRIME;
    }
    return hash;
}

uint32_t nanorpc_fnv1a(const char *path)
{
    return nanorpc_fnv1a_update(NANORPC_FNV1A_OFFSET_BASIS, (const uint8_t *)path, strlen(path));
}
