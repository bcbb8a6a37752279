#include <string.h>

#include "check.h"
#include "nanorpc/frame_parser.h"
#include "wire_vectors.h"

#define VECTOR_COUNT (sizeof wire_vectors / sizeof wire_vectors[0])

static uint8_t buffer[256];

/* Pushes `length` bytes in chunks of `chunk`; counts complete frames and checks each body. */
static size_t push_in_chunks(nanorpc_frame_parser_t *parser, const uint8_t *bytes, size_t length,
                             size_t chunk, const wire_vector_t *expected)
{
    size_t frames = 0;
    size_t offset = 0;
    while (offset < length) {
        size_t take = length - offset < chunk ? length - offset : chunk;
        size_t used = 0;
        while (used < take) {
            size_t consumed;
            nanorpc_frame_result_t result =
                nanorpc_frame_parser_push(parser, bytes + offset + used, take - used, 0, &consumed);
            CHECK(result != NANORPC_FRAME_INVALID);
            CHECK(consumed > 0 || take - used == 0);
            used += consumed;
            if (result == NANORPC_FRAME_COMPLETE) {
                size_t body_length;
                const uint8_t *body = nanorpc_frame_parser_body(parser, &body_length);
                const wire_vector_t *vector = &expected[frames % VECTOR_COUNT];
                CHECK_BYTES(body, body_length, vector->frame + vector->prefix_length,
                            vector->frame_length - vector->prefix_length);
                frames++;
            }
        }
        offset += take;
    }
    return frames;
}

static void every_vector_in_every_chunking(void)
{
    static const size_t chunks[] = {1, 2, 3, 5, 7, 64, 4096};
    uint8_t stream[4096];
    size_t length = 0;
    /* All vectors back to back, then again: frames end mid-chunk in every way. */
    for (int round = 0; round < 2; round++) {
        for (size_t i = 0; i < VECTOR_COUNT; i++) {
            memcpy(stream + length, wire_vectors[i].frame, wire_vectors[i].frame_length);
            length += wire_vectors[i].frame_length;
        }
    }
    for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
        nanorpc_frame_parser_t parser;
        nanorpc_frame_parser_init(&parser, buffer, sizeof buffer, 0);
        CHECK_EQ(push_in_chunks(&parser, stream, length, chunks[c], wire_vectors), 2 * VECTOR_COUNT);
        CHECK(nanorpc_frame_parser_idle(&parser));
    }
}

static void each_vector_alone_stops_at_its_end(void)
{
    for (size_t i = 0; i < VECTOR_COUNT; i++) {
        nanorpc_frame_parser_t parser;
        uint8_t bytes[512];
        size_t consumed;
        size_t length = wire_vectors[i].frame_length;
        memcpy(bytes, wire_vectors[i].frame, length);
        bytes[length] = 0x04; /* the start of a next frame */
        nanorpc_frame_parser_init(&parser, buffer, sizeof buffer, 0);
        CHECK_EQ(nanorpc_frame_parser_push(&parser, bytes, length + 1, 0, &consumed),
                 NANORPC_FRAME_COMPLETE);
        CHECK_EQ(consumed, length);
        /* The long-data vector has a two-byte prefix. */
        CHECK_EQ(wire_vectors[i].prefix_length, wire_vectors[i].frame_length > 129 ? 2 : 1);
    }
}

static void empty_frame_is_complete_at_once(void)
{
    nanorpc_frame_parser_t parser;
    const uint8_t bytes[] = {0x00, 0x00};
    size_t consumed;
    size_t body_length;
    nanorpc_frame_parser_init(&parser, buffer, sizeof buffer, 0);
    CHECK_EQ(nanorpc_frame_parser_push(&parser, bytes, 2, 0, &consumed), NANORPC_FRAME_COMPLETE);
    CHECK_EQ(consumed, 1);
    nanorpc_frame_parser_body(&parser, &body_length);
    CHECK_EQ(body_length, 0);
}

static void oversize_prefix_is_refused_before_the_body(void)
{
    nanorpc_frame_parser_t parser;
    const uint8_t exact[] = {0x80, 0x02}; /* 256: the capacity, accepted */
    const uint8_t over[] = {0x81, 0x02, 0xaa}; /* 257 */
    size_t consumed;
    nanorpc_frame_parser_init(&parser, buffer, sizeof buffer, 0);
    CHECK_EQ(nanorpc_frame_parser_push(&parser, exact, 2, 0, &consumed), NANORPC_FRAME_INCOMPLETE);
    CHECK(!nanorpc_frame_parser_idle(&parser));
    nanorpc_frame_parser_reset(&parser);
    CHECK_EQ(nanorpc_frame_parser_push(&parser, over, 3, 0, &consumed), NANORPC_FRAME_INVALID);
    CHECK_EQ(consumed, 2); /* stops at the prefix; the next byte is a new start */
    CHECK_EQ(parser.error, NANORPC_FRAME_ERROR_TOO_LARGE);
    CHECK(nanorpc_frame_parser_idle(&parser));
}

static void prefix_longer_than_five_bytes_is_invalid(void)
{
    nanorpc_frame_parser_t parser;
    const uint8_t too_long[] = {0x80, 0x80, 0x80, 0x80, 0x80, 0x01};
    const uint8_t over_32_bits[] = {0x80, 0x80, 0x80, 0x80, 0x10};
    const uint8_t non_minimal_zero[] = {0x80, 0x80, 0x80, 0x80, 0x00};
    size_t consumed;
    nanorpc_frame_parser_init(&parser, buffer, sizeof buffer, 0);
    CHECK_EQ(nanorpc_frame_parser_push(&parser, too_long, sizeof too_long, 0, &consumed),
             NANORPC_FRAME_INVALID);
    CHECK_EQ(consumed, 5);
    CHECK_EQ(parser.error, NANORPC_FRAME_ERROR_PREFIX_TOO_LONG);
    CHECK_EQ(nanorpc_frame_parser_push(&parser, over_32_bits, sizeof over_32_bits, 0, &consumed),
             NANORPC_FRAME_INVALID);
    CHECK_EQ(parser.error, NANORPC_FRAME_ERROR_TOO_LARGE);
    /* Five bytes that end in time are a valid (if wasteful) prefix. */
    CHECK_EQ(nanorpc_frame_parser_push(&parser, non_minimal_zero, 5, 0, &consumed),
             NANORPC_FRAME_COMPLETE);
    CHECK_EQ(parser.error, NANORPC_FRAME_ERROR_NONE);
}

static void a_huge_prefix_is_refused_even_in_one_byte_pieces(void)
{
    nanorpc_frame_parser_t parser;
    const uint8_t huge[] = {0xff, 0xff, 0xff, 0xff, 0x0f}; /* 2^32 - 1 */
    nanorpc_frame_result_t result = NANORPC_FRAME_INCOMPLETE;
    nanorpc_frame_parser_init(&parser, buffer, sizeof buffer, 0);
    for (size_t i = 0; i < sizeof huge; i++) {
        size_t consumed;
        result = nanorpc_frame_parser_push(&parser, huge + i, 1, 0, &consumed);
        CHECK_EQ(consumed, 1);
        if (i < sizeof huge - 1) {
            CHECK_EQ(result, NANORPC_FRAME_INCOMPLETE);
        }
    }
    CHECK_EQ(result, NANORPC_FRAME_INVALID);
}

static void serial_idle_gap_drops_a_partial_frame(void)
{
    nanorpc_frame_parser_t parser;
    const wire_vector_t *ping = &wire_vectors[0];
    size_t consumed;
    nanorpc_frame_parser_init(&parser, buffer, sizeof buffer, 50);
    /* Half a frame, then silence. */
    CHECK_EQ(nanorpc_frame_parser_push(&parser, ping->frame, 3, 1000, &consumed),
             NANORPC_FRAME_INCOMPLETE);
    /* 49 ms later the frame goes on. */
    CHECK_EQ(nanorpc_frame_parser_push(&parser, ping->frame + 3, 1, 1049, &consumed),
             NANORPC_FRAME_INCOMPLETE);
    CHECK_EQ(parser.idle_drops, 0);
    /* 50 ms of silence: the partial frame is dropped and a whole new one parses. */
    CHECK_EQ(nanorpc_frame_parser_push(&parser, ping->frame, ping->frame_length, 1099, &consumed),
             NANORPC_FRAME_COMPLETE);
    CHECK_EQ(consumed, ping->frame_length);
    CHECK_EQ(parser.idle_drops, 1);
    /* Between frames a gap drops nothing. */
    CHECK_EQ(nanorpc_frame_parser_push(&parser, ping->frame, ping->frame_length, 5000, &consumed),
             NANORPC_FRAME_COMPLETE);
    CHECK_EQ(parser.idle_drops, 1);
}

static void idle_gap_works_across_clock_wrap(void)
{
    nanorpc_frame_parser_t parser;
    const wire_vector_t *ping = &wire_vectors[0];
    size_t consumed;
    nanorpc_frame_parser_init(&parser, buffer, sizeof buffer, 50);
    nanorpc_frame_parser_push(&parser, ping->frame, 2, 0xfffffff0u, &consumed);
    /* 20 ms later, across the wrap: not a gap. */
    CHECK_EQ(nanorpc_frame_parser_push(&parser, ping->frame + 2, ping->frame_length - 2, 4, &consumed),
             NANORPC_FRAME_COMPLETE);
    CHECK_EQ(parser.idle_drops, 0);
}

static void stream_parser_has_no_idle_gap(void)
{
    nanorpc_frame_parser_t parser;
    const wire_vector_t *ping = &wire_vectors[0];
    size_t consumed;
    nanorpc_frame_parser_init(&parser, buffer, sizeof buffer, 0);
    nanorpc_frame_parser_push(&parser, ping->frame, 2, 0, &consumed);
    CHECK_EQ(nanorpc_frame_parser_push(&parser, ping->frame + 2, ping->frame_length - 2, 100000,
                                       &consumed),
             NANORPC_FRAME_COMPLETE);
}

static void parsing_resumes_after_an_invalid_prefix(void)
{
    nanorpc_frame_parser_t parser;
    const wire_vector_t *ping = &wire_vectors[0];
    uint8_t bytes[16] = {0xff, 0x7f}; /* 16383 bytes: too large */
    size_t consumed;
    memcpy(bytes + 2, ping->frame, ping->frame_length);
    nanorpc_frame_parser_init(&parser, buffer, sizeof buffer, 50);
    CHECK_EQ(nanorpc_frame_parser_push(&parser, bytes, 2 + ping->frame_length, 0, &consumed),
             NANORPC_FRAME_INVALID);
    CHECK_EQ(nanorpc_frame_parser_push(&parser, bytes + consumed, ping->frame_length, 0, &consumed),
             NANORPC_FRAME_COMPLETE);
}

void frame_parser_tests(void)
{
    check_run("frame parser: every vector in every chunking", every_vector_in_every_chunking);
    check_run("frame parser: stops at the end of a frame", each_vector_alone_stops_at_its_end);
    check_run("frame parser: empty frame", empty_frame_is_complete_at_once);
    check_run("frame parser: oversize prefix refused early", oversize_prefix_is_refused_before_the_body);
    check_run("frame parser: prefix over 5 bytes", prefix_longer_than_five_bytes_is_invalid);
    check_run("frame parser: huge prefix byte by byte", a_huge_prefix_is_refused_even_in_one_byte_pieces);
    check_run("frame parser: serial idle gap", serial_idle_gap_drops_a_partial_frame);
    check_run("frame parser: idle gap across clock wrap", idle_gap_works_across_clock_wrap);
    check_run("frame parser: no idle gap on streams", stream_parser_has_no_idle_gap);
    check_run("frame parser: resumes after invalid prefix", parsing_resumes_after_an_invalid_prefix);
}
