/*
 * Internal to the library (its types live in nanorpc/device.h for static allocation).
 * The fixed pool of live subscriptions, shared by all sessions: each entry holds the owning
 * session, the subscription id, the path hash and a copy of the filter bytes.
 */
#ifndef NANORPC_SUBSCRIPTION_POOL_H
#define NANORPC_SUBSCRIPTION_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nanorpc/device.h"

#ifdef __cplusplus
extern "C" {
#endif

void nanorpc_subscription_pool_init(nanorpc_subscription_pool_t *pool);

/* Stores a subscription. A session subscribing again with an id it already holds replaces
 * that subscription (path and filter), so a confused client cannot leak slots. Returns false
 * when the pool is full or the filter is longer than NANORPC_MAX_FILTER_SIZE. */
bool nanorpc_subscription_pool_add(nanorpc_subscription_pool_t *pool, uint8_t session, int32_t id,
                                   uint32_t path_hash, const uint8_t *filter, size_t filter_length);

/* Removes the session's subscription with this id and path (an unsubscribe). Returns false
 * when there is none. */
bool nanorpc_subscription_pool_remove(nanorpc_subscription_pool_t *pool, uint8_t session, int32_t id,
                                      uint32_t path_hash);

/* Ends every subscription of a session (the session is over). */
void nanorpc_subscription_pool_remove_session(nanorpc_subscription_pool_t *pool, uint8_t session);

size_t nanorpc_subscription_pool_count(const nanorpc_subscription_pool_t *pool);

#ifdef __cplusplus
}
#endif

#endif /* NANORPC_SUBSCRIPTION_POOL_H */
