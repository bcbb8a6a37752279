#include "nanorpc/frame_parser.h"

#include <string.h>

void nanorpc_frame_parser_init(nanorpc_frame_parser_t *parser, uint8_t *buffer, uint32_t capacity,
                               uint32_t idle_gap_ms)
{
    memset(parser, 0, sizeof *parser);
    parser->buffer = buffer;
    parser->capacity = capacity;
    parser->idle_gap_ms = idle_gap_ms;
}

void nanorpc_frame_parser_reset(nanorpc_frame_parser_t *parser)
{
    parser->prefix_value = 0;
    parser->prefix_bytes = 0;
    parser->body_length = 0;
    parser->filled = 0;
    parser->in_body = false;
    parser->body_ready = false;
}

bool nanorpc_frame_parser_idle(const nanorpc_frame_parser_t *parser)
{
    return !parser->in_body && parser->prefix_bytes == 0;
}

uint32_t nanorpc_frame_parser_started_ms(const nanorpc_frame_parser_t *parser)
{
    return parser->frame_start_ms;
}

const uint8_t *nanorpc_frame_parser_body(const nanorpc_frame_parser_t *parser, size_t *length)
{
    *length = parser->body_ready ? parser->body_length : 0;
    return parser->buffer;
}

static nanorpc_frame_result_t fail(nanorpc_frame_parser_t *parser, nanorpc_frame_error_t error)
{
    nanorpc_frame_parser_reset(parser);
    parser->error = error;
    return NANORPC_FRAME_INVALID;
}

static nanorpc_frame_result_t complete(nanorpc_frame_parser_t *parser)
{
    parser->prefix_value = 0;
    parser->prefix_bytes = 0;
    parser->in_body = false;
    parser->body_ready = true;
    return NANORPC_FRAME_COMPLETE;
}

/* Takes one prefix byte; returns COMPLETE for an empty body, INVALID, or INCOMPLETE. */
static nanorpc_frame_result_t take_prefix_byte(nanorpc_frame_parser_t *parser, uint8_t byte)
{
    if (parser->prefix_bytes == NANORPC_MAX_LENGTH_PREFIX_BYTES - 1 && byte > 0x0f) {
        /* The 5th byte may only carry the top 4 bits of a 32-bit length, and must end it. */
        return fail(parser, (byte & 0x80) ? NANORPC_FRAME_ERROR_PREFIX_TOO_LONG
                                          : NANORPC_FRAME_ERROR_TOO_LARGE);
    }
    parser->prefix_value |= (uint32_t)(byte & 0x7f) << (7 * parser->prefix_bytes);
    parser->prefix_bytes++;
    if (byte & 0x80) {
        return NANORPC_FRAME_INCOMPLETE;
    }
    if (parser->prefix_value > parser->capacity) {
        return fail(parser, NANORPC_FRAME_ERROR_TOO_LARGE);
    }
    parser->body_length = parser->prefix_value;
    parser->filled = 0;
    parser->in_body = true;
    return parser->body_length == 0 ? complete(parser) : NANORPC_FRAME_INCOMPLETE;
}

nanorpc_frame_result_t nanorpc_frame_parser_push(nanorpc_frame_parser_t *parser, const uint8_t *bytes,
                                                 size_t length, uint32_t now_ms, size_t *consumed)
{
    size_t used = 0;
    nanorpc_frame_result_t result = NANORPC_FRAME_INCOMPLETE;

    parser->body_ready = false;
    parser->error = NANORPC_FRAME_ERROR_NONE;
    if (length > 0) {
        /* Serial resync: a partial frame followed by silence was cut short; the new byte
         * starts a new frame. */
        if (parser->idle_gap_ms != 0 && !nanorpc_frame_parser_idle(parser) &&
            (uint32_t)(now_ms - parser->last_byte_ms) >= parser->idle_gap_ms) {
            nanorpc_frame_parser_reset(parser);
            parser->idle_drops++;
        }
        parser->last_byte_ms = now_ms;
    }
    while (used < length && result == NANORPC_FRAME_INCOMPLETE) {
        if (!parser->in_body) {
            if (parser->prefix_bytes == 0) {
                parser->frame_start_ms = now_ms;
            }
            result = take_prefix_byte(parser, bytes[used++]);
            continue;
        }
        size_t take = parser->body_length - parser->filled;
        if (take > length - used) {
            take = length - used;
        }
        memcpy(parser->buffer + parser->filled, bytes + used, take);
        parser->filled += (uint32_t)take;
        used += take;
        if (parser->filled == parser->body_length) {
            result = complete(parser);
        }
    }
    *consumed = used;
    return result;
}
