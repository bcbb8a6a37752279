#include <string.h>

#include "check.h"
#include "nanorpc.pb.h"
#include "nanorpc/fnv1a.h"
#include "nanorpc/request.h"

/* The decoder's field numbers are the schema's (nanopb's generated tags). */
_Static_assert(NANORPC_REQUEST_FIELD_REQUEST_ID == NanoRPCRequest_request_id_tag, "request_id");
_Static_assert(NANORPC_REQUEST_FIELD_TYPE == NanoRPCRequest_request_type_tag, "request_type");
_Static_assert(NANORPC_REQUEST_FIELD_PATH_HASH == NanoRPCRequest_path_hash_tag, "path_hash");
_Static_assert(NANORPC_REQUEST_FIELD_PATH == NanoRPCRequest_path_tag, "path");
_Static_assert(NANORPC_REQUEST_FIELD_DATA == NanoRPCRequest_data_tag, "data");

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

static void wire_types_and_ranges_are_checked(void)
{
    const uint8_t path_as_varint[] = {0x20, 0x05};
    const uint8_t data_as_fixed32[] = {0x55, 1, 2, 3, 4};
    const uint8_t hash_as_bytes[] = {0x1a, 0x01, 0x00};
    /* path_hash 2^32: one above uint32 */
    const uint8_t hash_too_large[] = {0x18, 0x80, 0x80, 0x80, 0x80, 0x10};
    /* request_id 2^31 as a positive 64-bit value: not an int32 */
    const uint8_t id_too_large[] = {0x08, 0x80, 0x80, 0x80, 0x80, 0x08};
    /* request_id -1, sign-extended to ten bytes as every encoder writes it */
    const uint8_t id_minus_one[] = {0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01};
    /* a string whose length runs past the body, and a request_id varint of eleven bytes */
    const uint8_t length_past_body[] = {0x52, 0x7f, 0x00};
    const uint8_t varint_too_long[] = {0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01};
    /* unknown fixed64 and fixed32 fields are skipped */
    const uint8_t unknown_fixed[] = {0x79, 1, 2, 3, 4, 5, 6, 7, 8, 0x7d, 1, 2, 3, 4, 0x08, 0x03};
    nanorpc_request_t request;
    CHECK(!decode(path_as_varint, sizeof path_as_varint, &request));
    CHECK(!decode(data_as_fixed32, sizeof data_as_fixed32, &request));
    CHECK(!decode(hash_as_bytes, sizeof hash_as_bytes, &request));
    CHECK(!decode(hash_too_large, sizeof hash_too_large, &request));
    CHECK(!decode(id_too_large, sizeof id_too_large, &request));
    CHECK(!decode(length_past_body, sizeof length_past_body, &request));
    CHECK(!decode(varint_too_long, sizeof varint_too_long, &request));
    CHECK(decode(id_minus_one, sizeof id_minus_one, &request));
    CHECK_EQ(request.id, -1);
    CHECK(decode(unknown_fixed, sizeof unknown_fixed, &request));
    CHECK_EQ(request.id, 3);
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
    check_run("request decoder: wire types and ranges", wire_types_and_ranges_are_checked);
    check_run("request decoder: unknown type kept", unknown_request_type_is_kept_as_sent);
    check_run("request decoder: empty body", empty_body_is_an_unspecified_request);
}
