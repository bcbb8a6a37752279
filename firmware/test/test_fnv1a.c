#include <string.h>

#include "check.h"
#include "nanorpc/fnv1a.h"
#include "wire_vectors.h"

static void every_vector_hashes_as_published(void)
{
    for (size_t i = 0; i < sizeof fnv1a_vectors / sizeof fnv1a_vectors[0]; i++) {
        CHECK_EQ(nanorpc_fnv1a(fnv1a_vectors[i].text), fnv1a_vectors[i].hash);
    }
}

static void hashing_in_pieces_equals_hashing_at_once(void)
{
    const char *path = "/api/temperature";
    for (size_t split = 0; split <= strlen(path); split++) {
        uint32_t hash = nanorpc_fnv1a_update(NANORPC_FNV1A_OFFSET_BASIS, (const uint8_t *)path, split);
        hash = nanorpc_fnv1a_update(hash, (const uint8_t *)path + split, strlen(path) - split);
        CHECK_EQ(hash, nanorpc_fnv1a(path));
    }
}

void fnv1a_tests(void)
{
    check_run("fnv1a: every vector", every_vector_hashes_as_published);
    check_run("fnv1a: in pieces", hashing_in_pieces_equals_hashing_at_once);
}
