#include "check.h"
#include "nanorpc/subscription_pool.h"

static nanorpc_subscription_pool_t pool;

static void fills_up_to_the_limit(void)
{
    nanorpc_subscription_pool_init(&pool);
    for (int32_t id = 1; id <= NANORPC_MAX_SUBSCRIPTIONS; id++) {
        CHECK(nanorpc_subscription_pool_add(&pool, 0, id, 0x10, NULL, 0));
    }
    CHECK_EQ(nanorpc_subscription_pool_count(&pool), NANORPC_MAX_SUBSCRIPTIONS);
    CHECK(!nanorpc_subscription_pool_add(&pool, 0, 99, 0x10, NULL, 0));
    CHECK(nanorpc_subscription_pool_remove(&pool, 0, 2, 0x10));
    CHECK(nanorpc_subscription_pool_add(&pool, 0, 99, 0x10, NULL, 0));
    CHECK_EQ(nanorpc_subscription_pool_count(&pool), NANORPC_MAX_SUBSCRIPTIONS);
}

static void same_id_in_a_session_replaces(void)
{
    const uint8_t filter[] = {0x08, 0x02};
    nanorpc_subscription_pool_init(&pool);
    CHECK(nanorpc_subscription_pool_add(&pool, 0, 7, 0x10, NULL, 0));
    CHECK(nanorpc_subscription_pool_add(&pool, 0, 7, 0x20, filter, sizeof filter));
    CHECK_EQ(nanorpc_subscription_pool_count(&pool), 1);
    CHECK(!nanorpc_subscription_pool_remove(&pool, 0, 7, 0x10));
    CHECK_BYTES(pool.slots[0].filter, pool.slots[0].filter_length, filter, sizeof filter);
    CHECK(nanorpc_subscription_pool_remove(&pool, 0, 7, 0x20));
    CHECK_EQ(nanorpc_subscription_pool_count(&pool), 0);
}

static void sessions_are_separate(void)
{
    nanorpc_subscription_pool_init(&pool);
    CHECK(nanorpc_subscription_pool_add(&pool, 0, 1, 0x10, NULL, 0));
    CHECK(nanorpc_subscription_pool_add(&pool, 1, 1, 0x10, NULL, 0));
    CHECK_EQ(nanorpc_subscription_pool_count(&pool), 2);
    /* Session 1 cannot unsubscribe session 0's id. */
    CHECK(nanorpc_subscription_pool_remove(&pool, 1, 1, 0x10));
    CHECK(!nanorpc_subscription_pool_remove(&pool, 1, 1, 0x10));
    CHECK_EQ(nanorpc_subscription_pool_count(&pool), 1);
    CHECK(nanorpc_subscription_pool_add(&pool, 1, 2, 0x10, NULL, 0));
    nanorpc_subscription_pool_remove_session(&pool, 0);
    CHECK_EQ(nanorpc_subscription_pool_count(&pool), 1);
    CHECK(nanorpc_subscription_pool_remove(&pool, 1, 2, 0x10));
}

static void filter_longer_than_the_slot_is_refused(void)
{
    uint8_t filter[NANORPC_MAX_FILTER_SIZE + 1] = {0};
    nanorpc_subscription_pool_init(&pool);
    CHECK(!nanorpc_subscription_pool_add(&pool, 0, 1, 0x10, filter, sizeof filter));
    CHECK(nanorpc_subscription_pool_add(&pool, 0, 1, 0x10, filter, NANORPC_MAX_FILTER_SIZE));
    CHECK_EQ(nanorpc_subscription_pool_count(&pool), 1);
}

void subscription_pool_tests(void)
{
    check_run("subscription pool: limit", fills_up_to_the_limit);
    check_run("subscription pool: same id replaces", same_id_in_a_session_replaces);
    check_run("subscription pool: sessions separate", sessions_are_separate);
    check_run("subscription pool: filter size", filter_longer_than_the_slot_is_refused);
}
