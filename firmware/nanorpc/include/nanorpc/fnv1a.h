/* FNV-1a 32-bit path hash (docs/protocol.md, Path hash): xor the byte, then multiply. */
#ifndef NANORPC_FNV1A_H
#define NANORPC_FNV1A_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define NANORPC_FNV1A_OFFSET_BASIS 0x811c9dc5u
#define NANORPC_FNV1A_PRIME 0x01000193u

/* Continues a hash over more bytes, so a path can be hashed as it streams in. Start from
 * NANORPC_FNV1A_OFFSET_BASIS. */
uint32_t nanorpc_fnv1a_update(uint32_t hash, const uint8_t *bytes, size_t length);

/* Hash of a NUL-terminated path. */
uint32_t nanorpc_fnv1a(const char *path);

#ifdef __cplusplus
}
#endif

#endif /* NANORPC_FNV1A_H */
