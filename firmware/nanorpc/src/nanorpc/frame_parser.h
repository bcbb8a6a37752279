/*
 * Internal to the library (its state type lives in nanorpc/device.h for static allocation).
 * Splits a byte stream into frame bodies (docs/protocol.md, Framing): a varint length prefix of at
 * most 5 bytes, then that many body bytes. Fed by chunks of any size; a frame may end in the
 * middle of a chunk, so push() says how much of the chunk it used.
 *
 * The length is checked against the buffer as soon as the prefix ends: an oversize frame is
 * refused before any of its body is stored.
 */
#ifndef NANORPC_FRAME_PARSER_H
#define NANORPC_FRAME_PARSER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nanorpc/device.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A length prefix never needs more than 5 bytes (32 bits of length). */
#define NANORPC_MAX_LENGTH_PREFIX_BYTES 5

typedef enum nanorpc_frame_result {
    /* All bytes used, the frame is not complete yet. */
    NANORPC_FRAME_INCOMPLETE = 0,
    /* A whole body is in the buffer (nanorpc_frame_parser_body); it stays there until the
     * next push. */
    NANORPC_FRAME_COMPLETE,
    /* The length prefix is invalid (see `error`). The parser has already dropped the frame and
     * would resume at the next byte: a serial link goes on, a stream link closes. */
    NANORPC_FRAME_INVALID
} nanorpc_frame_result_t;

typedef enum nanorpc_frame_error {
    NANORPC_FRAME_ERROR_NONE = 0,
    /* The varint has a continuation bit on its 5th byte. */
    NANORPC_FRAME_ERROR_PREFIX_TOO_LONG,
    /* The length is above the buffer capacity (or above 32 bits). */
    NANORPC_FRAME_ERROR_TOO_LARGE
} nanorpc_frame_error_t;

/* `idle_gap_ms` > 0: a partial frame is dropped when the next byte comes that much later
 * (serial links). The buffer holds one body, so `capacity` is the largest frame accepted. */
void nanorpc_frame_parser_init(nanorpc_frame_parser_t *parser, uint8_t *buffer, uint32_t capacity,
                               uint32_t idle_gap_ms);

/* Drops any partial frame. */
void nanorpc_frame_parser_reset(nanorpc_frame_parser_t *parser);

/* Consumes bytes up to the end of the first frame that completes, or all of them. `now_ms` is
 * the time of this call (for the idle gap). `*consumed` receives the number of bytes used. */
nanorpc_frame_result_t nanorpc_frame_parser_push(nanorpc_frame_parser_t *parser, const uint8_t *bytes,
                                                 size_t length, uint32_t now_ms, size_t *consumed);

/* The body of the frame that just completed. */
const uint8_t *nanorpc_frame_parser_body(const nanorpc_frame_parser_t *parser, size_t *length);

/* True when no partial frame is held. */
bool nanorpc_frame_parser_idle(const nanorpc_frame_parser_t *parser);

/* now_ms of the push that brought the first byte of the partial frame (valid while not idle). */
uint32_t nanorpc_frame_parser_started_ms(const nanorpc_frame_parser_t *parser);

#ifdef __cplusplus
}
#endif

#endif /* NANORPC_FRAME_PARSER_H */
