#include <string.h>

#include "check.h"
#include "nanorpc/fnv1a.h"
#include "nanorpc/request.h"

static uint8_t data[32];

static bool decode(const uint8_t *body, size_t length, nanorpc_request_t *request)
{
    return nanorpc_request_decode(body, length, data, sizeof data, request);
}

static void oneof_keeps_the_path_that_came_last(void)
{
    /* path_hash 0x11, then path "/a" */
    const uint8_t hash_then_string[] = {0x10, 0x02, 0x18, 0x11, 0x22, 0x02, '/', 'a'};
    /* path "/a", then path_hash 0x11 */
    const uint8_t string_then_hash[] = {0x10, 0x02, 0x22, 0x02, '/', 'a', 0x18, 0x11};
    nanorpc_request_t request;
    CHECK(decode(hash_then_string, sizeof hash_then_string, &request));
    CHECK(request.has_path);
    CHECK_EQ(request.path_hash, nanorpc_fnv1a("/a"));
    CHECK(decode(string_then_hash, sizeof string_then_hash, &request));
    CHECK(request.has_path);
    CHECK_EQ(request.path_hash, 0x11);
}

static void fields_in_any_order_unknown_skipped_last_scalar_wins(void)
{
    const uint8_t body[] = {
        0x52, 0x01, 'x',        /* data "x" */
        0x10, 0x01,             /* type PING */
        0x08, 0x05,             /* id 5 */
        0x78, 0x2a,             /* unknown field 15, varint */
        0x82, 0x01, 0x02, 1, 2, /* unknown field 16, bytes */
        0x08, 0x07,             /* id 7: the last one counts */
        0x10, 0x02,             /* type REQUEST */
        0x52, 0x02, 'y', 'z',   /* data "yz" replaces "x" */
    };
    nanorpc_request_t request;
    CHECK(decode(body, sizeof body, &request));
    CHECK_EQ(request.id, 7);
    CHECK_EQ(request.type, 2);
    CHECK(!request.has_path);
    CHECK_BYTES(request.data, request.data_length, "yz", 2);
}

static void path_length_limit_is_the_schema_max_size(void)
{
    uint8_t body[80] = {0x22, 50};
    nanorpc_request_t request;
    memset(body + 2, 'p', 51);
    body[2] = '/';
    CHECK(decode(body, 2 + 50, &request));
    CHECK(request.has_path);
    CHECK(!request.path_too_long);
    body[1] = 51;
    CHECK(decode(body, 2 + 51, &request));
    CHECK(request.path_too_long);
    CHECK(request.has_path);
}

static void data_larger_than_the_buffer_is_flagged_not_copied(void)
{
    uint8_t body[64] = {0x10, 0x02, 0x52, 40};
    nanorpc_request_t request;
    memset(body + 4, 0xab, 40);
    CHECK(decode(body, 4 + 40, &request));
    CHECK(request.data_too_large);
    CHECK_EQ(request.data_length, 0);
    /* A later, smaller data field replaces it (the last value wins). */
    body[44] = 0x52;
    body[45] = 1;
    body[46] = 0xcd;
    CHECK(decode(body, 47, &request));
    CHECK(!request.data_too_large);
    CHECK_BYTES(request.data, request.data_length, "\xcd", 1);
}

static void broken_bodies_are_refused(void)
{
    const uint8_t truncated_varint[] = {0x08, 0x80};
    const uint8_t truncated_string[] = {0x22, 0x05, '/', 'a'};
    const uint8_t wrong_wire_type[] = {0x0a, 0x01, 0x00};   /* request_id as bytes */
    const uint8_t group_wire_type[] = {0x0b};                /* start group */
    const uint8_t field_zero[] = {0x00, 0x01};
    nanorpc_request_t request;
    CHECK(!decode(truncated_varint, sizeof truncated_varint, &request));
    CHECK(!decode(truncated_string, sizeof truncated_string, &request));
    CHECK(!decode(wrong_wire_type, sizeof wrong_wire_type, &request));
    CHECK(!decode(group_wire_type, sizeof group_wire_type, &request));
    CHECK(!decode(field_zero, sizeof field_zero, &request));
}

static void unknown_request_type_is_kept_as_sent(void)
{
    const uint8_t body[] = {0x08, 0x01, 0x10, 0x09};
    nanorpc_request_t request;
    CHECK(decode(body, sizeof body, &request));
    CHECK_EQ(request.type, 9);
}

static void empty_body_is_an_unspecified_request(void)
{
    nanorpc_request_t request;
    CHECK(decode(NULL, 0, &request));
    CHECK_EQ(request.type, 0);
    CHECK_EQ(request.id, 0);
    CHECK(!request.has_path);
}

void request_decoder_tests(void)
{
    check_run("request decoder: oneof last wins", oneof_keeps_the_path_that_came_last);
    check_run("request decoder: order, unknown fields, last scalar",
              fields_in_any_order_unknown_skipped_last_scalar_wins);
    check_run("request decoder: path max length", path_length_limit_is_the_schema_max_size);
    check_run("request decoder: data too large", data_larger_than_the_buffer_is_flagged_not_copied);
    check_run("request decoder: broken bodies", broken_bodies_are_refused);
    check_run("request decoder: unknown type kept", unknown_request_type_is_kept_as_sent);
    check_run("request decoder: empty body", empty_body_is_an_unspecified_request);
}
