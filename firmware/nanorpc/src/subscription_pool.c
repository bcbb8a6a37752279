#include "nanorpc/subscription_pool.h"

#include <string.h>

void nanorpc_subscription_pool_init(nanorpc_subscription_pool_t *pool)
{
    memset(pool, 0, sizeof *pool);
}

static nanorpc_subscription_t *find(nanorpc_subscription_pool_t *pool, uint8_t session, int32_t id)
{
    for (size_t i = 0; i < NANORPC_MAX_SUBSCRIPTIONS; i++) {
        nanorpc_subscription_t *slot = &pool->slots[i];
        if (slot->active && slot->session == session && slot->id == id) {
            return slot;
        }
    }
    return NULL;
}

bool nanorpc_subscription_pool_add(nanorpc_subscription_pool_t *pool, uint8_t session, int32_t id,
                                   uint32_t path_hash, const uint8_t *filter, size_t filter_length)
{
    if (filter_length > NANORPC_MAX_FILTER_SIZE) {
        return false;
    }
    nanorpc_subscription_t *slot = find(pool, session, id);
    for (size_t i = 0; slot == NULL && i < NANORPC_MAX_SUBSCRIPTIONS; i++) {
        if (!pool->slots[i].active) {
            slot = &pool->slots[i];
        }
    }
    if (slot == NULL) {
        return false;
    }
    slot->active = true;
    slot->session = session;
    slot->id = id;
    slot->path_hash = path_hash;
    slot->filter_length = (uint8_t)filter_length;
    if (filter_length > 0) {
        memcpy(slot->filter, filter, filter_length);
    }
    return true;
}

bool nanorpc_subscription_pool_remove(nanorpc_subscription_pool_t *pool, uint8_t session, int32_t id,
                                      uint32_t path_hash)
{
    nanorpc_subscription_t *slot = find(pool, session, id);
    if (slot == NULL || slot->path_hash != path_hash) {
        return false;
    }
    slot->active = false;
    return true;
}

void nanorpc_subscription_pool_remove_session(nanorpc_subscription_pool_t *pool, uint8_t session)
{
    for (size_t i = 0; i < NANORPC_MAX_SUBSCRIPTIONS; i++) {
        if (pool->slots[i].session == session) {
            pool->slots[i].active = false;
        }
    }
}

size_t nanorpc_subscription_pool_count(const nanorpc_subscription_pool_t *pool)
{
    size_t count = 0;
    for (size_t i = 0; i < NANORPC_MAX_SUBSCRIPTIONS; i++) {
        count += pool->slots[i].active ? 1u : 0u;
    }
    return count;
}
